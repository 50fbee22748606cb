import type BetterSqlite3 from 'better-sqlite3';
import type { PreviewOutput, SaveOutput } from '../../../shared/api/entry';
import type { FieldIssue } from '../../../shared/api/envelope';
import { orderedCauses } from '../../../shared/domain/causes';
import { unitFullName } from '../../../shared/domain/units';
import { BEFORE_SCORING } from '../../../shared/domain/review';
import { MemberFormSchema, type HouseholdForm, type MemberForm } from '../../../shared/entry/form';
import { b1Sum, formWarnings, type EntryWarning } from '../../../shared/entry/warnings';
import { cleanText } from '../../../shared/text/normalize';
import { formatDateVi } from '../../../shared/text/format';
import { writeAudit, type AuditEntry } from '../db/audit';
import { nowIso } from '../db/connection';
import { AppError, invalidAt } from '../errors';
import { readCauses, writeCauses } from '../households/causes';
import { answersRow, flagColumns, householdSummary, memberInserter, memberRow, newPersonKey, nextHouseholdCode } from '../households/rows';
import { indexSearchPairs, insertHouseholds } from '../households/write';
import { assertVersion, raiseVersion, versionOf } from '../households/version';
import type { RuleSet } from '../../../shared/engine/ruleset';
import { screeningOutcome } from '../../../shared/engine/screening';
import { getRound, type RoundRow } from '../rounds/rounds';
import type { RuleSetRegistry } from '../rulesets/load';
import { classifyHousehold, evaluate, historyOf } from './classify-one';
import { assertEditable } from './locks';
import { writeTransaction } from '../db/write-transaction';
import { isCommuneInScope } from '../units/scope';
import type { UnitRow } from '../db/schema';
import { householdNotFound, householdNotInRound, memberNotInHousehold } from '../households/not-found';

/**
 * Phiếu B1 keyed item by item with no total written on the paper: score A is the sum of the
 * items' points in the rule set's table (spec/standard.md §4). With a paper total, the total
 * stands and a different sum is only a warning.
 */
function withItemScore(ruleSet: RuleSet, form: HouseholdForm): { form: HouseholdForm; fromItems: boolean } {
  if (form.answers.scoreA !== null) return { form, fromItems: false };
  const sum = b1Sum(ruleSet, form.answers.b1Items, form.answers.b1Region);
  if (sum === null) return { form, fromItems: false };
  return { form: { ...form, answers: { ...form.answers, scoreA: sum } }, fromItems: true };
}

/**
 * The form's text as stored (shared/text/normalize.ts cleanText: NFC, tidy spaces, zero-width
 * characters and bidi controls removed). A name left empty by that (nothing but invisible
 * characters) is refused as the form refuses an empty name.
 */
function tidy(form: HouseholdForm): HouseholdForm {
  const issues: FieldIssue[] = [];
  form.members.forEach((m, i) => {
    const name = MemberFormSchema.shape.fullName.safeParse(cleanText(m.fullName));
    if (!name.success) issues.push(...name.error.issues.map((x) => ({ path: `form.members.${i}.fullName`, message: x.message })));
  });
  if (issues.length > 0) throw new AppError('INVALID_INPUT', `Họ và tên của ${issues.length} thành viên chưa hợp lệ (trống hoặc quá dài): hãy sửa các ô được đánh dấu rồi lưu lại.`, issues);
  const members = [...form.members]
    .sort((a, b) => a.seq - b.seq)
    .map((m) => ({ ...m, fullName: cleanText(m.fullName), ethnicity: cleanText(m.ethnicity), idNumber: m.idNumber ? cleanText(m.idNumber).replace(/\s/gu, '') || null : null }));
  return {
    ...form,
    ...(form.code !== undefined ? { code: cleanText(form.code) } : {}),
    address: cleanText(form.address),
    currentAddress: cleanText(form.currentAddress),
    reviewer: cleanText(form.reviewer),
    members,
    causes: orderedCauses(form.causes),
  };
}

const headOf = (form: HouseholdForm): MemberForm => form.members.find((m) => m.relation === 'head') ?? form.members[0]!;

/**
 * Warnings across households of the round: the same ID number, or the same name and birth
 * date, in another household (spec/identifiers.md: to resolve, never merged silently).
 */
function duplicateWarnings(sqlite: BetterSqlite3.Database, roundId: number, householdId: number | null, form: HouseholdForm): EntryWarning[] {
  const out: EntryWarning[] = [];
  const byId = sqlite.prepare(
    `SELECT h.code, h.head_name FROM members m JOIN households h ON h.id = m.household_id
     WHERE m.id_number = ? AND h.round_id = ? AND h.id IS NOT ? LIMIT 3`,
  );
  const byPerson = sqlite.prepare(
    `SELECT h.code, h.head_name FROM members m JOIN households h ON h.id = m.household_id
     WHERE m.full_name = ? AND m.birth_date = ? AND h.round_id = ? AND h.id IS NOT ? LIMIT 3`,
  );
  const where = (rows: { code: string; head_name: string }[]): string => rows.map((r) => `hộ ${r.code} (chủ hộ ${r.head_name})`).join(', ');
  form.members.forEach((m, i) => {
    if (m.idNumber) {
      const rows = byId.all(m.idNumber, roundId, householdId) as { code: string; head_name: string }[];
      if (rows.length) out.push({ code: 'DUP_ID', path: `members.${i}.idNumber`, message: `${m.fullName}: số định danh ${m.idNumber} đã có ở ${where(rows)} trong cùng đợt rà soát.` });
    }
    if (m.birthDate) {
      const rows = byPerson.all(m.fullName, m.birthDate, roundId, householdId) as { code: string; head_name: string }[];
      if (rows.length) out.push({ code: 'DUP_PERSON', path: `members.${i}.fullName`, message: `${m.fullName}, sinh ${m.birthDate}: trùng họ tên và ngày sinh với một người ở ${where(rows)}.` });
    }
  });
  return out;
}

/** Class, explanation and warnings of a form as keyed (the live panel of the entry screens). */
export function previewForm(sqlite: BetterSqlite3.Database, registry: RuleSetRegistry, roundId: number, householdId: number | null, raw: HouseholdForm): PreviewOutput {
  const round = getRound(sqlite, roundId);
  const ruleSet = registry.require(round.rule_set_id);
  const { form } = withItemScore(ruleSet, tidy(raw));
  const head = headOf(form);
  const code = householdId ? (sqlite.prepare('SELECT code FROM households WHERE id = ?').pluck().get(householdId) as string | undefined) ?? '' : form.code ?? '';
  const ev = evaluate(
    ruleSet,
    { code, headIdNumber: head.idNumber, area: form.area, scoreA: form.answers.scoreA, b2: form.answers.b2, monthlyIncome: form.answers.monthlyIncome },
    historyOf(sqlite, round, code, head.idNumber),
  );
  return {
    result: ev.live,
    missing: ev.missing,
    warnings: [...formWarnings(ruleSet, form, round.reference_date), ...duplicateWarnings(sqlite, roundId, householdId, form)],
    b1Sum: b1Sum(ruleSet, form.answers.b1Items, form.answers.b1Region),
    screening: screeningOutcome(ruleSet, form.answers.screening),
  };
}

type Row = Record<string, unknown>;


/**
 * The household's place: its commune must be a commune (not a district, province or village) on
 * the round's map and within the round's scope; its village, when given, a village of that
 * commune. Only what the save changes is checked (a stored place stays as it is). Refused with
 * a Vietnamese message on the field (form.communeId, form.villageId) before anything is written.
 */
function assertPlace(sqlite: BetterSqlite3.Database, round: RoundRow, form: HouseholdForm, stored: { communeId: number; villageId: number | null } | null): void {
  const unitOf = sqlite.prepare('SELECT id, code, name, type, level, parent_id, valid_from, valid_to FROM units WHERE id = ?');
  const unit = (id: number): UnitRow | undefined => unitOf.get(id) as UnitRow | undefined;
  const full = (u: UnitRow): string => unitFullName(u.type, u.name);
  const issues: FieldIssue[] = [];
  const communeChanged = !stored || stored.communeId !== form.communeId;
  const commune = unit(form.communeId);
  if (communeChanged) {
    const date = round.unit_map_date;
    if (!commune) {
      issues.push({ path: 'form.communeId', message: `Không có xã nào mang mã số ${form.communeId} trong danh mục đơn vị hành chính: chọn lại xã trong danh sách.` });
    } else if (commune.level !== 'commune') {
      issues.push({
        path: 'form.communeId',
        message: `${full(commune)} không phải là xã, phường hay thị trấn: hộ thuộc một xã (phường, thị trấn); chọn xã trong danh sách.`,
      });
    } else if (commune.valid_from > date || (commune.valid_to !== null && commune.valid_to < date)) {
      issues.push({
        path: 'form.communeId',
        message: `${full(commune)} không có trên bản đồ hành chính ngày ${formatDateVi(date)} của đợt rà soát: chọn xã có vào ngày đó.`,
      });
    } else {
      const inScope = isCommuneInScope(sqlite, commune.id, round.scope_unit_id, round.unit_map_date);
      if (!inScope) {
        const scope = unit(round.scope_unit_id);
        issues.push({
          path: 'form.communeId',
          message: `${full(commune)} không thuộc phạm vi của đợt rà soát (${scope ? full(scope) : `đơn vị ${round.scope_unit_id}`}): chọn xã trong phạm vi, hoặc nhập hộ vào đợt rà soát của xã đó.`,
        });
      }
    }
  }
  if (form.villageId !== null && (communeChanged || stored?.villageId !== form.villageId)) {
    const village = unit(form.villageId);
    const communeName = commune ? full(commune) : 'xã đã chọn';
    if (!village) {
      issues.push({ path: 'form.villageId', message: `Không có thôn/ấp nào mang mã số ${form.villageId}: chọn lại thôn/ấp trong danh sách của ${communeName}, hoặc để trống.` });
    } else if (village.level !== 'village') {
      issues.push({ path: 'form.villageId', message: `${full(village)} không phải là thôn, ấp hay tổ dân phố: chọn thôn/ấp trong danh sách của ${communeName}, hoặc để trống.` });
    } else if (village.parent_id !== form.communeId) {
      const parent = village.parent_id === null ? undefined : unit(village.parent_id);
      issues.push({
        path: 'form.villageId',
        message: `${full(village)} không thuộc ${communeName}${parent ? ` (mà thuộc ${full(parent)})` : ''}: chọn lại thôn/ấp trong danh sách của ${communeName}, hoặc chọn lại xã.`,
      });
    }
  }
  if (issues.length > 0) throw new AppError('INVALID_INPUT', issues.map((i) => i.message).join(' '), issues);
}

/** Columns of a member row, as stored (households/rows.ts: the one mapping). */
const memberColumns = (m: MemberForm): Row => ({ ...memberRow(m) });

function householdColumns(form: HouseholdForm): Row {
  return { village_id: form.villageId, address: form.address, area: form.area, ...flagColumns(form.flags), ...householdSummary(form.members) };
}

function answerColumns(form: HouseholdForm): Row {
  const a = form.answers;
  return { ...answersRow({ scoreA: a.scoreA, b2: a.b2, monthlyIncome: a.monthlyIncome, screening: a.screening, b1Items: a.b1Items }) };
}

function entryColumns(form: HouseholdForm, scoreAFromItems: boolean): Row {
  return {
    score_a_from_items: scoreAFromItems ? 1 : 0,
    current_address: form.currentAddress,
    reviewer: form.reviewer,
    housing_area_m2: form.answers.housingAreaM2,
    b1_region: form.answers.b1Region,
    request_kind: form.request?.kind ?? null,
    request_received_on: form.request?.receivedOn ?? null,
    request_reason: form.request ? cleanText(form.request.reason) : '',
    id_issued_by: form.request ? cleanText(form.request.idIssuedBy) : '',
  };
}

/** Fields of `next` that differ from `old` (derived columns are not audited). */
function diff(old: Row | undefined, next: Row, skip: readonly string[] = []): string[] {
  return Object.keys(next).filter((k) => !skip.includes(k) && (old?.[k] ?? null) !== (next[k] ?? null));
}

function upsert(sqlite: BetterSqlite3.Database, table: string, key: string, id: number, cols: Row): void {
  const names = Object.keys(cols);
  sqlite
    .prepare(
      `INSERT INTO ${table} (${key}, ${names.join(', ')}) VALUES (?, ${names.map(() => '?').join(', ')})
       ON CONFLICT(${key}) DO UPDATE SET ${names.map((n) => `${n} = excluded.${n}`).join(', ')}`,
    )
    .run(id, ...names.map((n) => cols[n] ?? null));
}

/**
 * Saves a household from its form: created when new, else every changed field is written and
 * audited (who, when, old, new) in one transaction. Its warnings are replaced, its result
 * re-computed with its transition; a locked round or commune refuses the save. `basedOn`: the
 * household's version the form was read at: an older one than stored refuses the save (CONFLICT,
 * households/version.ts) and a save that changes its data raises it.
 */
export function saveHousehold(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  roundId: number,
  householdId: number | null,
  raw: HouseholdForm,
  actor: string,
  basedOn?: number,
): SaveOutput {
  const { form, fromItems } = withItemScore(registry.require(getRound(sqlite, roundId).rule_set_id), tidy(raw));
  return writeTransaction(sqlite, (): SaveOutput => {
    let round: RoundRow;
    const audit: AuditEntry[] = [];
    const changed: string[] = [];
    let id: number;
    const now = nowIso();
    if (householdId === null) {
      round = getRound(sqlite, roundId);
      assertPlace(sqlite, round, form, null);
      round = assertEditable(sqlite, roundId, form.communeId);
      const code = form.code ? cleanText(form.code) : nextHouseholdCode(sqlite, form.communeId);
      if (sqlite.prepare('SELECT 1 FROM households WHERE round_id = ? AND code = ?').get(roundId, code)) {
        throw invalidAt('code', `Mã hộ ${code} đã có trong đợt rà soát này: hãy ghi mã khác, hoặc để trống ô mã hộ để phần mềm tự cấp mã.`);
      }
      [id] = insertHouseholds(sqlite, roundId, [
        {
          code,
          communeId: form.communeId,
          villageId: form.villageId,
          address: form.address,
          area: form.area,
          flags: form.flags,
          members: form.members.map((m) => ({ ...m, personKey: newPersonKey() })),
          answers: { scoreA: form.answers.scoreA, b2: form.answers.b2, monthlyIncome: form.answers.monthlyIncome, screening: form.answers.screening, b1Items: form.answers.b1Items },
          causes: form.causes,
        },
      ]) as [number];
      upsert(sqlite, 'household_entry', 'household_id', id, entryColumns(form, fromItems));
      const memberIds = sqlite.prepare('SELECT id, seq FROM members WHERE household_id = ?').all(id) as { id: number; seq: number }[];
      for (const m of form.members) {
        const mid = memberIds.find((r) => r.seq === m.seq)!.id;
        if (m.idIssuedOn) upsert(sqlite, 'member_entry', 'member_id', mid, { id_issued_on: m.idIssuedOn });
      }
      audit.push({ actor, entity: 'household', entityId: id, action: 'create', newValue: { code, headName: headOf(form).fullName, members: form.members.length, causes: form.causes } });
      changed.push('created');
    } else {
      id = householdId;
      const old = sqlite.prepare('SELECT * FROM households WHERE id = ?').get(id) as Row | undefined;
      if (!old) throw householdNotFound(id);
      if (old.round_id !== roundId) throw householdNotInRound('INVALID_INPUT', id, roundId);
      round = assertEditable(sqlite, roundId, old.commune_id as number);
      assertVersion(sqlite, id, basedOn);
      assertPlace(sqlite, round, form, { communeId: old.commune_id as number, villageId: old.village_id as number | null });
      if (form.communeId !== old.commune_id) assertEditable(sqlite, roundId, form.communeId);
      const hcols = { commune_id: form.communeId, ...householdColumns(form) };
      const hchanged = diff(old, hcols);
      if (hchanged.length) {
        sqlite.prepare(`UPDATE households SET ${hchanged.map((k) => `${k} = ?`).join(', ')}, updated_at = ? WHERE id = ?`).run(...hchanged.map((k) => hcols[k as keyof typeof hcols] ?? null), now, id);
        if (hchanged.includes('search_text')) indexSearchPairs(sqlite, id);
        for (const k of diff(old, hcols, ['head_sort', 'search_text', 'member_count', 'head_name', 'head_id_number'])) {
          audit.push({ actor, entity: 'household', entityId: id, action: 'update', field: k, oldValue: old[k], newValue: hcols[k as keyof typeof hcols] });
          changed.push(k);
        }
      }
      // Members: matched by id; a new row keeps no identity yet (a fresh person key).
      const oldMembers = sqlite.prepare('SELECT m.*, e.id_issued_on FROM members m LEFT JOIN member_entry e ON e.member_id = m.id WHERE m.household_id = ?').all(id) as Row[];
      const kept = new Set(form.members.filter((m) => m.id !== undefined).map((m) => m.id));
      for (const om of oldMembers) {
        if (kept.has(om.id as number)) continue;
        sqlite.prepare('DELETE FROM members WHERE id = ?').run(om.id);
        audit.push({ actor, entity: 'household', entityId: id, action: 'member_delete', field: `member ${om.seq as number}`, oldValue: { name: om.full_name, personKey: om.person_key } });
        changed.push(`members.${om.seq as number}`);
      }
      // Sequence numbers may be swapped between rows: park the kept ones out of the way first.
      const insertMember = memberInserter(sqlite);
      sqlite.prepare('UPDATE members SET seq = -seq WHERE household_id = ?').run(id);
      for (const m of form.members) {
        const cols = memberColumns(m);
        const om = m.id !== undefined ? oldMembers.find((r) => r.id === m.id) : undefined;
        if (m.id !== undefined && !om) throw memberNotInHousehold('INVALID_INPUT', m.id, id);
        let mid: number;
        if (om) {
          mid = om.id as number;
          const names = Object.keys(cols);
          sqlite.prepare(`UPDATE members SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE id = ?`).run(...names.map((n) => cols[n] ?? null), mid);
          for (const k of diff(om, cols)) {
            audit.push({ actor, entity: 'member', entityId: mid, action: 'update', field: k, oldValue: om[k], newValue: cols[k] });
            changed.push(`members.${m.seq}.${k}`);
          }
          if ((om.id_issued_on ?? null) !== m.idIssuedOn) {
            audit.push({ actor, entity: 'member', entityId: mid, action: 'update', field: 'id_issued_on', oldValue: om.id_issued_on, newValue: m.idIssuedOn });
          }
        } else {
          mid = insertMember(id, newPersonKey(), memberRow(m));
          audit.push({ actor, entity: 'member', entityId: mid, action: 'create', newValue: { seq: m.seq, name: m.fullName } });
          changed.push(`members.${m.seq}`);
        }
        upsert(sqlite, 'member_entry', 'member_id', mid, { id_issued_on: m.idIssuedOn });
      }
      const oldAnswers = sqlite.prepare('SELECT * FROM answers WHERE household_id = ?').get(id) as Row | undefined;
      const acols = answerColumns(form);
      const achanged = diff(oldAnswers, acols);
      if (achanged.length || !oldAnswers) {
        upsert(sqlite, 'answers', 'household_id', id, { ...acols, updated_at: now });
        for (const k of achanged) {
          const parse = (v: unknown): unknown => (typeof v === 'string' && k !== 'score_a' ? (JSON.parse(v) as unknown) : v);
          audit.push({ actor, entity: 'household', entityId: id, action: 'update', field: `answers.${k}`, oldValue: parse(oldAnswers?.[k] ?? null), newValue: parse(acols[k]) });
          changed.push(`answers.${k}`);
        }
      }
      const oldEntry = sqlite.prepare('SELECT * FROM household_entry WHERE household_id = ?').get(id) as Row | undefined;
      const ecols = entryColumns(form, fromItems);
      const echanged = diff(oldEntry ?? { request_reason: '', id_issued_by: '', current_address: '', reviewer: '' }, ecols);
      if (echanged.length || !oldEntry) {
        upsert(sqlite, 'household_entry', 'household_id', id, ecols);
        for (const k of echanged) {
          audit.push({ actor, entity: 'household', entityId: id, action: 'update', field: k, oldValue: oldEntry?.[k] ?? null, newValue: ecols[k] });
          changed.push(k);
        }
      }
      const oldCauses = readCauses(sqlite, id);
      if (writeCauses(sqlite, id, form.causes)) {
        audit.push({ actor, entity: 'household', entityId: id, action: 'update', field: 'causes', oldValue: oldCauses, newValue: form.causes });
        changed.push('causes');
      }
      // Every change of the household's data is audited above: any one raises its version.
      if (audit.length > 0) raiseVersion(sqlite, id);
    }

    const ruleSet = registry.require(round.rule_set_id);
    const warnings = [...formWarnings(ruleSet, form, round.reference_date), ...duplicateWarnings(sqlite, roundId, id, form)];
    sqlite.prepare('DELETE FROM household_warnings WHERE household_id = ?').run(id);
    const insertWarning = sqlite.prepare('INSERT INTO household_warnings (household_id, code, path, message, created_at) VALUES (?, ?, ?, ?, ?)');
    for (const w of warnings) insertWarning.run(id, w.code, w.path, w.message, now);

    const oldStatus = sqlite.prepare('SELECT status FROM results WHERE household_id = ?').pluck().get(id) as string | undefined;
    const ev = classifyHousehold(sqlite, registry, round, id);
    const newStatus = ev.decision?.status;
    if ((oldStatus ?? null) !== (newStatus ?? null)) {
      audit.push({ actor, entity: 'household', entityId: id, action: 'classify', field: 'status', oldValue: oldStatus ?? null, newValue: newStatus ?? null });
    }
    const state = sqlite.prepare('SELECT review_state, code FROM households WHERE id = ?').get(id) as { review_state: string; code: string };
    const nextState = ev.decision && BEFORE_SCORING.includes(state.review_state) ? 'scored' : form.answers.screening && state.review_state === 'listed' ? 'screened' : state.review_state;
    if (nextState !== state.review_state) {
      sqlite.prepare('UPDATE households SET review_state = ? WHERE id = ?').run(nextState, id);
      audit.push({ actor, entity: 'household', entityId: id, action: 'state', field: 'review_state', oldValue: state.review_state, newValue: nextState });
    }
    writeAudit(sqlite, audit);
    sqlite.prepare('DELETE FROM entry_drafts WHERE household_id = ?').run(id);
    return {
      householdId: id,
      code: state.code,
      created: householdId === null,
      changed,
      version: versionOf(sqlite, id),
      result: ev.live,
      missing: ev.missing,
      warnings,
      b1Sum: b1Sum(ruleSet, form.answers.b1Items, form.answers.b1Region),
      screening: screeningOutcome(ruleSet, form.answers.screening),
    };
  });
}
