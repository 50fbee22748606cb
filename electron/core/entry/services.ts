import type BetterSqlite3 from 'better-sqlite3';
import type { entryInputs, EntryLayout, WarningRow } from '../../../shared/api/entry';
import { householdDraftKey, type DraftBody } from '../../../shared/entry/draft';
import type { HouseholdForm } from '../../../shared/entry/form';
import { toRaw } from '../../../shared/entry/raw';
import { hasDistrictLevel } from '../../../shared/domain/units';
import { methodOf } from '../../../shared/engine/ruleset';
import { nowIso } from '../db/connection';
import { writeTransaction } from '../db/write-transaction';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { AppError } from '../errors';
import { getRound } from '../rounds/rounds';
import { readForm } from './form';
import { listEvents, recordEvent, startRound } from './rounds';
import { previewForm, saveHousehold } from './save';
import { buildList, recordComplaint, recordDecision, recordDistrictOpinion, recordMeeting, recordPosting, recordRecheck, reopen, workflowStatus } from './workflow';
import { householdNotFound } from '../households/not-found';

interface DraftDbRow {
  key: string;
  round_id: number;
  household_id: number | null;
  body: string;
  saved_at: string;
}
/** Drafts per database, and the size of one (a form as typed is a few kB; a household of 30 people well under this). */
export const DRAFT_LIMITS = { count: 2000, bytes: 256 * 1024 } as const;

const draftOf = (r: DraftDbRow) => ({ key: r.key, roundId: r.round_id, householdId: r.household_id, body: JSON.parse(r.body) as unknown, savedAt: r.saved_at });

/** Keeps a draft (the form as typed), within the limits; returns when it was saved. */
function saveDraft(sqlite: BetterSqlite3.Database, key: string, roundId: number, householdId: number | null, body: unknown): { savedAt: string } {
  const savedAt = nowIso();
  const text = JSON.stringify(body ?? null);
  if (Buffer.byteLength(text) > DRAFT_LIMITS.bytes) {
    throw new AppError('LIMIT_REACHED', `Bản nháp quá lớn (tối đa ${DRAFT_LIMITS.bytes / 1024} KB) nên không được giữ: hãy lưu phiếu, hoặc kiểm tra các ô có nội dung dán vào quá dài.`);
  }
  writeTransaction(sqlite, () => {
    const exists = sqlite.prepare('SELECT 1 FROM entry_drafts WHERE key = ?').get(key);
    const count = sqlite.prepare('SELECT COUNT(*) FROM entry_drafts').pluck().get() as number;
    if (!exists && count >= DRAFT_LIMITS.count) {
      throw new AppError(
        'LIMIT_REACHED',
        `Đã có ${count} bản nháp (phiếu nhập dở chưa lưu) trong dữ liệu, tối đa ${DRAFT_LIMITS.count}: bản nháp của phiếu này chưa được giữ. Hãy lưu hoặc bỏ bớt các phiếu đang nhập dở, rồi tiếp tục.`,
      );
    }
    sqlite
      .prepare(
        `INSERT INTO entry_drafts (key, round_id, household_id, body, saved_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(key) DO UPDATE SET body = excluded.body, saved_at = excluded.saved_at, household_id = excluded.household_id`,
      )
      .run(key, roundId, householdId, text, savedAt);
  });
  return { savedAt };
}

/**
 * A save refused because the household changed since its form was read (CONFLICT): the values
 * sent are kept as the household's draft, based on the version they were read at (with the
 * screen's own draft's "base" when it is of that version), to be merged field by field.
 */
function keepRefusedDraft(sqlite: BetterSqlite3.Database, householdId: number, roundId: number, version: number, form: HouseholdForm): void {
  const key = householdDraftKey(householdId);
  const stored = sqlite.prepare('SELECT body FROM entry_drafts WHERE key = ?').pluck().get(key) as string | undefined;
  const before = stored ? (JSON.parse(stored) as Partial<DraftBody> | null) : null;
  const base = before && typeof before === 'object' && before.version === version && before.base ? { base: before.base } : {};
  const body: DraftBody = { raw: toRaw(form), communeId: form.communeId, villageId: form.villageId, version, ...base };
  try {
    saveDraft(sqlite, key, roundId, householdId, body);
  } catch (e) {
    // Over the draft limits: the screen still holds the values; the refusal is what the caller hears.
    if (!(e instanceof AppError)) throw e;
  }
}

/** The handlers of this area's calls (shared/api/entry.ts). */
export function entryServices(core: Core): ServicesFor<keyof typeof entryInputs> {
  const sqlite = () => core.db.sqlite;
  return {
    'entry.layout': ({ roundId }): EntryLayout => {
      const round = getRound(sqlite(), roundId);
      const rs = core.registry.require(round.rule_set_id);
      const table = rs.b1PointTable.value;
      return {
        roundId,
        year: round.year,
        referenceDate: round.reference_date,
        ruleSet: { id: rs.id, version: rs.version, title: rs.title },
        locked: round.locked === 1,
        hasDistrict: hasDistrictLevel(round.unit_map_date),
        screening: rs.screening.value,
        b1: table ? { regions: table.regions, items: table.items.map((i) => ({ id: i.id, label: i.label, options: i.options.map((o) => ({ id: o.id, label: o.label })) })) } : null,
        b2: (rs.indicators.value ?? []).map((i) => ({ id: i.id, number: i.number, label: i.label, dimension: i.dimension, derivable: i.derive.kind !== 'answerOnly' })),
        cutoff: rs.scoreA.value?.cutoff ?? null,
        method: methodOf(rs),
        incomeLines: rs.incomeLines.value ?? null,
        areaLabels: { rural: rs.areaLabels.rural, urban: rs.areaLabels.urban },
      };
    },
    'entry.form': ({ householdId }) => readForm(sqlite(), householdId),
    'entry.preview': ({ roundId, householdId, form }) => previewForm(sqlite(), core.registry, roundId, householdId, form),
    'entry.save': ({ roundId, householdId, version, form }) => {
      try {
        return saveHousehold(sqlite(), core.registry, roundId, householdId, form, core.actor, version);
      } catch (e) {
        // Refused because someone else saved first: the values sent are kept as the household's draft.
        if (e instanceof AppError && e.code === 'CONFLICT' && householdId !== null && version !== undefined) keepRefusedDraft(sqlite(), householdId, roundId, version, form);
        throw e;
      }
    },
    'entry.next': ({ householdId }) => {
      const h = sqlite().prepare('SELECT round_id, village_id, commune_id, head_sort FROM households WHERE id = ?').get(householdId) as
        | { round_id: number; village_id: number | null; commune_id: number; head_sort: string }
        | undefined;
      if (!h) throw householdNotFound(householdId);
      const next = sqlite()
        .prepare(
          `SELECT id FROM households WHERE round_id = ? AND commune_id = ? AND village_id IS ? AND (head_sort, id) > (?, ?)
           ORDER BY head_sort, id LIMIT 1`,
        )
        .pluck()
        .get(h.round_id, h.commune_id, h.village_id, h.head_sort, householdId) as number | undefined;
      return { householdId: next ?? null };
    },
    'entry.drafts.save': ({ key, roundId, householdId, body }) => saveDraft(sqlite(), key, roundId, householdId, body),
    'entry.drafts.get': ({ key }) => {
      const r = sqlite().prepare('SELECT * FROM entry_drafts WHERE key = ?').get(key) as DraftDbRow | undefined;
      return r ? draftOf(r) : null;
    },
    'entry.drafts.list': ({ roundId }) => (sqlite().prepare('SELECT * FROM entry_drafts WHERE round_id = ? ORDER BY saved_at DESC').all(roundId) as DraftDbRow[]).map(draftOf),
    'entry.drafts.delete': ({ key }) => ({ deleted: writeTransaction(sqlite(), () => sqlite().prepare('DELETE FROM entry_drafts WHERE key = ?').run(key).changes > 0) }),
    'entry.warnings': ({ roundId, communeId }) =>
      sqlite()
        .prepare(
          `SELECT w.household_id AS householdId, w.code, w.path, w.message, h.code AS householdCode, h.head_name AS headName, COALESCE(v.name, '') AS villageName
           FROM household_warnings w JOIN households h ON h.id = w.household_id LEFT JOIN units v ON v.id = h.village_id
           WHERE h.round_id = ? ${communeId ? 'AND h.commune_id = ?' : ''} ORDER BY h.head_sort, h.id, w.id`,
        )
        .all(...(communeId ? [roundId, communeId] : [roundId])) as WarningRow[],
    'entry.events.record': (input) => recordEvent(sqlite(), input, core.actor),
    'entry.events.list': ({ householdId }) => listEvents(sqlite(), householdId),
    'workflow.status': ({ roundId, communeId }) => workflowStatus(sqlite(), roundId, communeId),
    'workflow.buildList': ({ roundId, communeId }) => buildList(sqlite(), roundId, communeId, core.actor),
    'workflow.meeting': (input) => recordMeeting(sqlite(), input, core.actor),
    'workflow.posting': (input) => recordPosting(sqlite(), input, core.actor),
    'workflow.complaint': (input) => recordComplaint(sqlite(), input, core.actor),
    'workflow.recheck': (input) => recordRecheck(sqlite(), input, core.actor),
    'workflow.districtOpinion': (input) => recordDistrictOpinion(sqlite(), input, core.actor),
    'workflow.decision': (input) => recordDecision(sqlite(), input, core.actor),
    'workflow.reopen': (input) => reopen(sqlite(), input, core.actor),
    'rounds.start': (input) => startRound(sqlite(), input, core.actor, core.registry),
  };
}
