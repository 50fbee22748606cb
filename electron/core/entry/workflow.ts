import type BetterSqlite3 from 'better-sqlite3';
import type { ApiOutputs, ApiParsedInput } from '../../../shared/api/contract';
import type { ListBuilt, MeetingOutput, MissingRow, UnscoredRow, WorkflowStatus } from '../../../shared/api/entry';
import { hasDistrictLevel } from '../../../shared/domain/units';
import type { Status } from '../../../shared/engine/ruleset';
import { cleanText } from '../../../shared/text/normalize';
import { writeAudit, type AuditEntry } from '../db/audit';
import { nowIso } from '../db/connection';
import { AppError, invalidAt } from '../errors';
import { previousRoundId } from '../documents/queries';
import { HouseholdIndex, matchHousehold } from '../rounds/matching';
import { getRound } from '../rounds/rounds';
import { assertEditable, communeLocked, isLocked } from './locks';
import { writeTransaction } from '../db/write-transaction';
import { communesBefore } from '../reform/map';
import { householdNotInRound } from '../households/not-found';
import { unitNotFound } from '../units/not-found';

type In<M extends `workflow.${string}` & keyof ApiOutputs> = ApiParsedInput<M>;


/** Moves households of a scope from some states to another, one audit row each. */
function moveStates(sqlite: BetterSqlite3.Database, where: string, params: unknown[], from: readonly string[], to: string, actor: string): number {
  const rows = sqlite
    .prepare(`SELECT id, review_state FROM households h WHERE ${where} AND h.review_state IN (${from.map(() => '?').join(', ')})`)
    .all(...params, ...from) as { id: number; review_state: string }[];
  const update = sqlite.prepare('UPDATE households SET review_state = ? WHERE id = ?');
  const audit: AuditEntry[] = [];
  for (const r of rows) {
    update.run(to, r.id);
    audit.push({ actor, entity: 'household', entityId: r.id, action: 'state', field: 'review_state', oldValue: r.review_state, newValue: to });
  }
  writeAudit(sqlite, audit);
  return rows.length;
}

/** A village's commune, checking the village is one. */
function communeOfVillage(sqlite: BetterSqlite3.Database, villageId: number): number {
  const row = sqlite.prepare("SELECT parent_id FROM units WHERE id = ? AND level = 'village'").get(villageId) as { parent_id: number } | undefined;
  if (!row) throw unitNotFound(villageId, 'village');
  return row.parent_id;
}

type PovertyStatus = 'poor' | 'near_poor';
const onLists = (s: Status | null): s is PovertyStatus => s === 'poor' || s === 'near_poor';

/**
 * Whether a household of this round was on last year's lists (poor or near-poor in the previous
 * periodic round), found again by the matching rule (rounds/matching.ts: code, else the head's
 * ID number).
 */
function lastYearsLists(sqlite: BetterSqlite3.Database, roundId: number): (code: string, headIdNumber: string | null) => boolean {
  const previous = previousRoundId(sqlite, roundId);
  if (previous === null) return () => false;
  const index = new HouseholdIndex<Status | null>();
  const rows = sqlite
    .prepare('SELECT p.code, p.head_id_number, r.status FROM households p LEFT JOIN results r ON r.household_id = p.id WHERE p.round_id = ?')
    .raw(true)
    .all(previous) as [string, string | null, Status | null][];
  for (const [code, head, status] of rows) index.add(code, head, status);
  return (code, head) => (index.find(code, head) ?? []).some(onLists);
}

/**
 * Step 1 (Thông tư 07/2021, Phụ lục I): the households to review are last round's poor and
 * near-poor plus every household that filed a request (Mẫu 01 / Mẫu 04); the others are set
 * aside. Households already screened or scored keep their state, and are counted: a request
 * keyed (and scored) before the list is built is a request received and included.
 */
export function buildList(sqlite: BetterSqlite3.Database, roundId: number, communeId: number, actor: string): ListBuilt {
  return writeTransaction(sqlite, () => {
    assertEditable(sqlite, roundId, communeId);
    const wasOnLists = lastYearsLists(sqlite, roundId);
    const rows = sqlite
      .prepare(
        `SELECT h.id, h.code, h.head_id_number, h.review_state, e.request_kind FROM households h
         LEFT JOIN household_entry e ON e.household_id = h.id WHERE h.round_id = ? AND h.commune_id = ?`,
      )
      .all(roundId, communeId) as { id: number; code: string; head_id_number: string | null; review_state: string; request_kind: 'mau01' | 'mau04' | null }[];
    const update = sqlite.prepare('UPDATE households SET review_state = ? WHERE id = ?');
    const audit: AuditEntry[] = [];
    const out: ListBuilt = { listed: 0, requests: 0, mau01: 0, mau04: 0, lastYear: 0 };
    for (const r of rows) {
      const lastYear = wasOnLists(r.code, r.head_id_number);
      let state = r.review_state;
      if (state === 'listed' || state === 'not_listed') {
        state = r.request_kind || lastYear ? 'listed' : 'not_listed';
        if (state !== r.review_state) {
          update.run(state, r.id);
          audit.push({ actor, entity: 'household', entityId: r.id, action: 'state', field: 'review_state', oldValue: r.review_state, newValue: state });
        }
      }
      if (state === 'not_listed') continue;
      out.listed++;
      if (lastYear) out.lastYear++;
      if (r.request_kind) {
        out.requests++;
        out[r.request_kind]++;
      }
    }
    audit.push({ actor, entity: 'round', entityId: roundId, action: 'build_list', field: `commune ${communeId}`, newValue: out });
    writeAudit(sqlite, audit);
    return out;
  });
}

/**
 * The listed households (any state but "not listed") without a valid result: none (Phiếu B
 * incomplete, or never keyed), or answers changed after the result was computed. Recognition
 * is refused while there is one: it would drop them from the decision's lists.
 */
export function unscoredHouseholds(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): UnscoredRow[] {
  return sqlite
    .prepare(
      `SELECT h.id AS householdId, h.code, h.head_name AS headName, COALESCE(v.name, '') AS villageName, h.review_state AS reviewState,
         CASE WHEN r.household_id IS NULL THEN 'no_result' ELSE 'changed' END AS reason
       FROM households h LEFT JOIN results r ON r.household_id = h.id LEFT JOIN answers a ON a.household_id = h.id
         LEFT JOIN units v ON v.id = h.village_id
       WHERE h.round_id = ? AND h.commune_id = ? AND h.review_state <> 'not_listed'
         AND (r.household_id IS NULL OR a.updated_at > r.computed_at)
       ORDER BY v.name_sort, h.head_sort, h.id`,
    )
    .all(roundId, communeId) as UnscoredRow[];
}

/**
 * Last year's lists against this year's round: the commune's households poor or near-poor in
 * the previous periodic round that no household of this round continues (matching rule:
 * rounds/matching.ts), wherever it now lives. Shown before the decision, so none is dropped
 * unseen.
 */
export function missingFromLastYear(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): { previousYear: number | null; missing: MissingRow[] } {
  const previous = previousRoundId(sqlite, roundId);
  if (previous === null) return { previousYear: null, missing: [] };
  const previousYear = getRound(sqlite, previous).year;
  const communes = communesBefore(sqlite, communeId);
  const candidates = sqlite
    .prepare(
      `SELECT p.id AS householdId, p.code, p.head_id_number AS head, p.head_name AS headName, COALESCE(v.name, '') AS villageName, r.status
       FROM households p JOIN results r ON r.household_id = p.id LEFT JOIN units v ON v.id = p.village_id
       WHERE p.round_id = ? AND p.commune_id IN (SELECT value FROM json_each(?)) AND r.status IN ('poor', 'near_poor')
       ORDER BY v.name_sort, p.head_sort, p.id`,
    )
    .all(previous, JSON.stringify(communes)) as (MissingRow & { head: string | null })[];
  if (candidates.length === 0) return { previousYear, missing: [] };
  // This round's households with those codes or head ID numbers, fetched at once; matched by the one rule.
  const present = (column: 'code' | 'head_id_number', values: (string | null)[]) =>
    new Set(
      sqlite
        .prepare(`SELECT ${column} FROM households WHERE round_id = ? AND ${column} IN (SELECT value FROM json_each(?))`)
        .pluck()
        .all(roundId, JSON.stringify(values.filter((v) => v !== null))) as string[],
    );
  const codes = present('code', candidates.map((c) => c.code));
  const heads = present('head_id_number', candidates.filter((c) => !codes.has(c.code)).map((c) => c.head));
  const find = (column: 'code' | 'head_id_number', value: string): string[] => ((column === 'code' ? codes : heads).has(value) ? [value] : []);
  const missing = candidates
    .filter((c) => matchHousehold(find, c.code, c.head).length === 0)
    .map(({ head: _head, ...row }) => row);
  return { previousYear, missing };
}

/** At most this many households named in a refusal; the rest are counted (the screen lists them all). */
const NAMED_IN_REFUSAL = 20;

/**
 * Step 3, the village meeting (Quyết định 24/2021 Điều 4 khoản 3): at least 50 % of the
 * attendees must agree; below that the village's households go back to re-review and the
 * village meets again. The minutes may not say "agreed" below 50 %.
 */
export function recordMeeting(sqlite: BetterSqlite3.Database, input: In<'workflow.meeting'>, actor: string): MeetingOutput {
  return writeTransaction(sqlite, () => {
    const communeId = communeOfVillage(sqlite, input.villageId);
    assertEditable(sqlite, input.roundId, communeId);
    if (input.agreedCount > input.attendeesCount) throw invalidAt('agreedCount', `Số người đồng ý (${input.agreedCount}) lớn hơn số người dự họp (${input.attendeesCount}).`);
    if (input.householdsPresent > input.householdsListed) {
      throw invalidAt('householdsPresent', `Số hộ có mặt (${input.householdsPresent}) lớn hơn số hộ trong danh sách (${input.householdsListed}).`);
    }
    const agreedPercent = Math.round((input.agreedCount / input.attendeesCount) * 1000) / 10;
    const presentPercent = Math.round((input.householdsPresent / input.householdsListed) * 1000) / 10;
    const computed: MeetingOutput['outcome'] = input.agreedCount * 2 >= input.attendeesCount ? 'agreed' : 're_review';
    if (input.outcome === 'agreed' && computed === 're_review') {
      throw invalidAt(
        'agreedCount',
        `Chỉ ${String(agreedPercent).replace('.', ',')} % người dự họp đồng ý (${input.agreedCount}/${input.attendeesCount}), dưới 50 %: ` +
          'không thể ghi là đã thống nhất. Thôn phải rà soát lại và họp lại.',
      );
    }
    const info = sqlite
      .prepare(
        `INSERT INTO village_meetings (round_id, village_id, held_on, place, chair, secretary, attendees_count, households_present,
           households_listed, agreed_count, outcome, agreed_percent, present_percent, reviewers_count, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        input.roundId,
        input.villageId,
        input.heldOn,
        cleanText(input.place),
        cleanText(input.chair),
        cleanText(input.secretary),
        input.attendeesCount,
        input.householdsPresent,
        input.householdsListed,
        input.agreedCount,
        computed,
        agreedPercent,
        presentPercent,
        input.reviewersCount,
        nowIso(),
      );
    const id = Number(info.lastInsertRowid);
    const moved =
      computed === 'agreed'
        ? moveStates(sqlite, 'h.round_id = ? AND h.village_id = ?', [input.roundId, input.villageId], ['scored', 're_review'], 'agreed', actor)
        : moveStates(sqlite, 'h.round_id = ? AND h.village_id = ?', [input.roundId, input.villageId], ['scored', 'agreed'], 're_review', actor);
    writeAudit(sqlite, [{ actor, entity: 'village_meeting', entityId: id, action: 'create', newValue: { ...input, outcome: computed, agreedPercent } }]);
    return { id, outcome: computed, agreedPercent, presentPercent, householdsMoved: moved };
  });
}

/** Step 4: the posting period; agreed households are posted. */
export function recordPosting(sqlite: BetterSqlite3.Database, input: In<'workflow.posting'>, actor: string): { id: number; householdsPosted: number } {
  return writeTransaction(sqlite, () => {
    assertEditable(sqlite, input.roundId, input.communeId);
    if (input.toDate < input.fromDate) throw invalidAt('toDate', 'Ngày kết thúc niêm yết trước ngày bắt đầu.');
    const info = sqlite
      .prepare('INSERT INTO postings (round_id, commune_id, from_date, to_date, places, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.roundId, input.communeId, input.fromDate, input.toDate, cleanText(input.places), nowIso());
    const id = Number(info.lastInsertRowid);
    const posted = moveStates(sqlite, 'h.round_id = ? AND h.commune_id = ?', [input.roundId, input.communeId], ['agreed'], 'posted', actor);
    writeAudit(sqlite, [{ actor, entity: 'posting', entityId: id, action: 'create', newValue: input }]);
    return { id, householdsPosted: posted };
  });
}

const statusOf = (sqlite: BetterSqlite3.Database, householdId: number): Status | null =>
  (sqlite.prepare('SELECT status FROM results WHERE household_id = ?').pluck().get(householdId) as Status | undefined) ?? null;

export function recordComplaint(sqlite: BetterSqlite3.Database, input: In<'workflow.complaint'>, actor: string): { id: number } {
  return writeTransaction(sqlite, () => {
    const h = sqlite.prepare('SELECT commune_id, round_id FROM households WHERE id = ?').get(input.householdId) as { commune_id: number; round_id: number } | undefined;
    if (!h || h.round_id !== input.roundId) throw householdNotInRound('NOT_FOUND', input.householdId, input.roundId);
    assertEditable(sqlite, input.roundId, h.commune_id);
    const info = sqlite
      .prepare('INSERT INTO complaints (round_id, household_id, received_on, content, status_before, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.roundId, input.householdId, input.receivedOn, cleanText(input.content), statusOf(sqlite, input.householdId), nowIso());
    const id = Number(info.lastInsertRowid);
    writeAudit(sqlite, [{ actor, entity: 'household', entityId: input.householdId, action: 'complaint', newValue: { complaintId: id, content: input.content } }]);
    return { id };
  });
}

/** The re-check (phúc tra): the class after the household's forms were corrected, against the class complained about. */
export function recordRecheck(sqlite: BetterSqlite3.Database, input: In<'workflow.recheck'>, actor: string) {
  return writeTransaction(sqlite, () => {
    const c = sqlite.prepare('SELECT c.*, h.commune_id FROM complaints c JOIN households h ON h.id = c.household_id WHERE c.id = ?').get(input.complaintId) as
      | { household_id: number; round_id: number; commune_id: number; status_before: Status | null }
      | undefined;
    if (!c) throw new AppError('NOT_FOUND', `Không có khiếu nại mã số ${input.complaintId}: khiếu nại có thể vừa bị xoá. Hãy mở lại danh sách khiếu nại để tải dữ liệu mới.`);
    assertEditable(sqlite, c.round_id, c.commune_id);
    const after = statusOf(sqlite, c.household_id);
    sqlite.prepare('UPDATE complaints SET result = ?, rechecked_on = ?, status_after = ? WHERE id = ?').run(cleanText(input.result), input.recheckedOn, after, input.complaintId);
    writeAudit(sqlite, [
      { actor, entity: 'household', entityId: c.household_id, action: 'recheck', field: 'status', oldValue: c.status_before, newValue: { status: after, result: input.result } },
    ]);
    return { id: input.complaintId, statusBefore: c.status_before, statusAfter: after, changed: c.status_before !== after };
  });
}

/** Step 5, only while the round has a district level (before 1/7/2025). */
export function recordDistrictOpinion(sqlite: BetterSqlite3.Database, input: In<'workflow.districtOpinion'>, actor: string): { id: number } {
  return writeTransaction(sqlite, () => {
    const round = assertEditable(sqlite, input.roundId, input.communeId);
    if (!hasDistrictLevel(round.unit_map_date)) {
      throw invalidAt('roundId', 'Đợt rà soát này theo bản đồ hành chính từ 1/7/2025, không còn cấp huyện: không có bước xin ý kiến huyện.');
    }
    const info = sqlite
      .prepare('INSERT INTO district_opinions (round_id, commune_id, received_on, number, content, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(input.roundId, input.communeId, input.receivedOn, cleanText(input.number), cleanText(input.content), nowIso());
    const id = Number(info.lastInsertRowid);
    moveStates(sqlite, 'h.round_id = ? AND h.commune_id = ?', [input.roundId, input.communeId], ['posted'], 'district_consulted', actor);
    writeAudit(sqlite, [{ actor, entity: 'district_opinion', entityId: id, action: 'create', newValue: input }]);
    return { id };
  });
}

/**
 * Step 6, recognition (Mẫu 02): needs a posting, no village left to re-review, every complaint
 * re-checked, and the district's opinion where there is a district level. Locks the commune's
 * part of the round.
 */
export function recordDecision(sqlite: BetterSqlite3.Database, input: In<'workflow.decision'>, actor: string): { id: number; recognised: number } {
  return writeTransaction(sqlite, () => {
    const round = assertEditable(sqlite, input.roundId, input.communeId);
    const scope = [input.roundId, input.communeId];
    if (!sqlite.prepare('SELECT 1 FROM postings WHERE round_id = ? AND commune_id = ?').get(...scope)) {
      throw invalidAt('roundId', 'Chưa ghi thời gian niêm yết công khai kết quả: chưa thể công nhận.');
    }
    const rereview = sqlite.prepare("SELECT COUNT(*) FROM households WHERE round_id = ? AND commune_id = ? AND review_state = 're_review'").pluck().get(...scope) as number;
    if (rereview > 0) throw invalidAt('roundId', `Còn ${rereview} hộ phải rà soát lại sau họp dân: chưa thể công nhận.`);
    const open = sqlite
      .prepare('SELECT COUNT(*) FROM complaints c JOIN households h ON h.id = c.household_id WHERE c.round_id = ? AND h.commune_id = ? AND c.result IS NULL')
      .pluck()
      .get(...scope) as number;
    if (open > 0) throw invalidAt('roundId', `Còn ${open} khiếu nại chưa phúc tra: chưa thể công nhận.`);
    const unscored = unscoredHouseholds(sqlite, input.roundId, input.communeId);
    if (unscored.length > 0) {
      const named = unscored.slice(0, NAMED_IN_REFUSAL).map((h) => `${h.code} – ${h.headName || '(chưa ghi tên chủ hộ)'} (${h.villageName || 'chưa ghi thôn'})`);
      const more = unscored.length > NAMED_IN_REFUSAL ? `; và ${unscored.length - NAMED_IN_REFUSAL} hộ khác` : '';
      throw invalidAt(
        'roundId',
        `Còn ${unscored.length} hộ trong danh sách rà soát chưa được chấm điểm (chưa đủ Phiếu B, hoặc phiếu đã sửa sau khi phân loại), chưa thể công nhận: ` +
          `${named.join('; ')}${more}. Hãy mở từng hộ ở màn hình Nhập phiếu, nhập đủ và lưu phiếu (hoặc phân loại lại đợt rà soát), rồi ghi quyết định.`,
      );
    }
    if (hasDistrictLevel(round.unit_map_date) && !sqlite.prepare('SELECT 1 FROM district_opinions WHERE round_id = ? AND commune_id = ?').get(...scope)) {
      throw invalidAt('roundId', 'Chưa ghi ý kiến của Chủ tịch UBND cấp huyện: chưa thể công nhận.');
    }
    const info = sqlite
      .prepare('INSERT INTO decisions (round_id, commune_id, number, signed_on, signer_name, signer_title, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(input.roundId, input.communeId, cleanText(input.number), input.signedOn, cleanText(input.signerName), cleanText(input.signerTitle), nowIso());
    const id = Number(info.lastInsertRowid);
    const recognised = moveStates(sqlite, 'h.round_id = ? AND h.commune_id = ?', scope, ['agreed', 'posted', 'district_consulted'], 'recognised', actor);
    sqlite
      .prepare(
        `INSERT INTO round_locks (round_id, commune_id, locked, decision_id, changed_at, reason) VALUES (?, ?, 1, ?, ?, '')
         ON CONFLICT(round_id, commune_id) DO UPDATE SET locked = 1, decision_id = excluded.decision_id, changed_at = excluded.changed_at, reason = ''`,
      )
      .run(input.roundId, input.communeId, id, nowIso());
    writeAudit(sqlite, [
      { actor, entity: 'decision', entityId: id, action: 'create', newValue: input },
      { actor, entity: 'round', entityId: input.roundId, action: 'lock', field: `commune ${input.communeId}`, newValue: { decisionId: id } },
    ]);
    return { id, recognised };
  });
}

/** A correction after recognition: the commune's part of the round is reopened, with a reason, audited. */
export function reopen(sqlite: BetterSqlite3.Database, input: In<'workflow.reopen'>, actor: string): { reopened: boolean } {
  return writeTransaction(sqlite, () => {
    getRound(sqlite, input.roundId);
    if (!communeLocked(sqlite, input.roundId, input.communeId)) return { reopened: false };
    sqlite.prepare('UPDATE round_locks SET locked = 0, changed_at = ?, reason = ? WHERE round_id = ? AND commune_id = ?').run(nowIso(), cleanText(input.reason), input.roundId, input.communeId);
    writeAudit(sqlite, [{ actor, entity: 'round', entityId: input.roundId, action: 'reopen', field: `commune ${input.communeId}`, oldValue: 'locked', newValue: { reason: cleanText(input.reason) } }]);
    return { reopened: true };
  });
}

export function workflowStatus(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): WorkflowStatus {
  const round = getRound(sqlite, roundId);
  const byState = Object.fromEntries(
    (sqlite.prepare('SELECT review_state, COUNT(*) AS n FROM households WHERE round_id = ? AND commune_id = ? GROUP BY review_state').all(roundId, communeId) as { review_state: string; n: number }[]).map(
      (r) => [r.review_state, r.n],
    ),
  );
  return {
    roundId,
    communeId,
    locked: isLocked(sqlite, round, communeId),
    hasDistrict: hasDistrictLevel(round.unit_map_date),
    byState,
    meetings: sqlite
      .prepare(
        `SELECT m.id, m.village_id AS villageId, u.name AS villageName, m.held_on AS heldOn, m.agreed_percent AS agreedPercent, m.outcome
         FROM village_meetings m JOIN units u ON u.id = m.village_id WHERE m.round_id = ? AND u.parent_id = ? ORDER BY m.id`,
      )
      .all(roundId, communeId) as WorkflowStatus['meetings'],
    postings: sqlite.prepare('SELECT id, from_date AS fromDate, to_date AS toDate, places FROM postings WHERE round_id = ? AND commune_id = ? ORDER BY id').all(roundId, communeId) as WorkflowStatus['postings'],
    complaints: sqlite
      .prepare(
        `SELECT c.id, c.household_id AS householdId, c.received_on AS receivedOn, c.content, c.result, c.status_before AS statusBefore, c.status_after AS statusAfter
         FROM complaints c JOIN households h ON h.id = c.household_id WHERE c.round_id = ? AND h.commune_id = ? ORDER BY c.id`,
      )
      .all(roundId, communeId) as WorkflowStatus['complaints'],
    districtOpinions: sqlite
      .prepare('SELECT id, received_on AS receivedOn, number, content FROM district_opinions WHERE round_id = ? AND commune_id = ? ORDER BY id')
      .all(roundId, communeId) as WorkflowStatus['districtOpinions'],
    decisions: sqlite
      .prepare('SELECT id, number, signed_on AS signedOn, signer_name AS signerName, signer_title AS signerTitle FROM decisions WHERE round_id = ? AND commune_id = ? ORDER BY id')
      .all(roundId, communeId) as WorkflowStatus['decisions'],
    lists: (
      sqlite
        .prepare("SELECT at, new_value FROM audit WHERE entity = 'round' AND entity_id = ? AND action = 'build_list' AND field = ? ORDER BY id")
        .all(roundId, `commune ${communeId}`) as { at: string; new_value: string }[]
    ).map((r) => {
      const v = JSON.parse(r.new_value) as Partial<ListBuilt>;
      return { at: r.at, listed: v.listed ?? 0, requests: v.requests ?? 0, mau01: v.mau01 ?? null, mau04: v.mau04 ?? null, lastYear: v.lastYear ?? null };
    }),
    unscored: unscoredHouseholds(sqlite, roundId, communeId),
    ...missingFromLastYear(sqlite, roundId, communeId),
  };
}
