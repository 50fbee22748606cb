// Requests of the monthly (ad hoc) review: stored, listed with their deadline, settled (accepted
// into an ad hoc round, or refused with reasons). Every write is audited; putting a household
// into a round asks the one lock rule (entry/locks.ts assertEditable).
import type BetterSqlite3 from 'better-sqlite3';
import type { ApiParsedInput } from '../../../shared/api/contract';
import type { RequestForm, RequestPurpose, RequestRow, RequestStatus } from '../../../shared/api/requests';
import { unitFullName } from '../../../shared/domain/units';
import { formatDateVi } from '../../../shared/text/format';
import { cleanText } from '../../../shared/text/normalize';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import { writeTransaction } from '../db/write-transaction';
import { copyHouseholds } from '../entry/rounds';
import { assertEditable } from '../entry/locks';
import { AppError, invalidAt } from '../errors';
import { getRound } from '../rounds/rounds';
import { isCommuneInScope } from '../units/scope';
import { daysBetween, settleDeadline, type Procedure } from './procedure';

interface StoredRequest {
  id: number;
  commune_id: number;
  commune_name: string;
  commune_type: string;
  household_id: number | null;
  household_code: string | null;
  head_name: string;
  address: string;
  form: RequestForm;
  purpose: RequestPurpose;
  received_on: string;
  received_by: string;
  reason: string;
  status: RequestStatus;
  settled_on: string | null;
  refusal_reasons: string | null;
  round_id: number | null;
}

const SELECT = `SELECT q.*, u.name AS commune_name, u.type AS commune_type FROM adhoc_requests q JOIN units u ON u.id = q.commune_id`;

/** The one mapping of a stored request to what the screens see, deadline included. */
export function requestRowOf(r: StoredRequest, p: Procedure, today: string): RequestRow {
  const deadline = settleDeadline(p, r.received_on);
  const open = r.status === 'open';
  return {
    id: r.id,
    communeId: r.commune_id,
    communeName: unitFullName(r.commune_type, r.commune_name),
    householdId: r.household_id,
    householdCode: r.household_code,
    headName: r.head_name,
    address: r.address,
    form: r.form,
    purpose: r.purpose,
    receivedOn: r.received_on,
    receivedBy: r.received_by,
    reason: r.reason,
    status: r.status,
    settledOn: r.settled_on,
    roundId: r.round_id,
    refusalReasons: r.refusal_reasons ? (JSON.parse(r.refusal_reasons) as string[]) : [],
    deadline,
    daysLeft: open ? daysBetween(today, deadline) : null,
    overdue: open && today > deadline,
    settledLate: !open && r.settled_on !== null && r.settled_on > deadline,
  };
}

function stored(sqlite: BetterSqlite3.Database, id: number): StoredRequest {
  const row = sqlite.prepare(`${SELECT} WHERE q.id = ?`).get(id) as StoredRequest | undefined;
  if (!row) {
    const message = `Không có đơn đề nghị mã số ${id}: đơn có thể vừa bị xoá. Hãy tải lại danh sách đơn.`;
    throw new AppError('NOT_FOUND', message, [{ path: 'requestId', message }]);
  }
  return row;
}

export function getRequest(sqlite: BetterSqlite3.Database, p: Procedure, id: number, today: string): RequestRow {
  return requestRowOf(stored(sqlite, id), p, today);
}

/** Requests, oldest deadline first (open ones before settled ones). */
export function listRequests(sqlite: BetterSqlite3.Database, p: Procedure, filter: { communeIds?: readonly number[]; status?: RequestStatus }, today: string): RequestRow[] {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.communeIds) {
    where.push('q.commune_id IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.communeIds));
  }
  if (filter.status) {
    where.push('q.status = ?');
    params.push(filter.status);
  }
  const rows = sqlite.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY q.received_on, q.id`).all(...params) as StoredRequest[];
  return rows
    .map((r) => requestRowOf(r, p, today))
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || a.deadline.localeCompare(b.deadline) || a.id - b.id);
}

/** Household codes with an open request in these communes: what an ad hoc round starts with (rounds/create.ts). */
export function openRequestCodes(sqlite: BetterSqlite3.Database, communeIds: readonly number[]): string[] {
  return sqlite
    .prepare(`SELECT DISTINCT household_code FROM adhoc_requests WHERE status = 'open' AND household_code IS NOT NULL AND commune_id IN (SELECT value FROM json_each(?)) ORDER BY household_code`)
    .pluck()
    .all(JSON.stringify(communeIds)) as string[];
}

/** Links the open requests of these codes to the ad hoc round their households were put in (audited). */
export function linkOpenRequests(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[], codes: readonly string[], actor: string): void {
  const rows = sqlite
    .prepare(
      `SELECT id, commune_id, round_id FROM adhoc_requests WHERE status = 'open' AND household_code IN (SELECT value FROM json_each(?)) AND commune_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(codes), JSON.stringify(communeIds)) as { id: number; commune_id: number; round_id: number | null }[];
  const set = sqlite.prepare('UPDATE adhoc_requests SET round_id = ? WHERE id = ?');
  for (const r of rows) set.run(roundId, r.id);
  writeAudit(
    sqlite,
    rows.map((r) => ({ actor, entity: 'adhoc_request', entityId: r.id, action: 'update', field: 'round_id', oldValue: r.round_id, newValue: roundId, unitId: r.commune_id })),
  );
}

export function addRequest(sqlite: BetterSqlite3.Database, p: Procedure, input: ApiParsedInput<'requests.add'>, actor: string, today: string): RequestRow {
  return writeTransaction(sqlite, () => {
    const commune = sqlite.prepare('SELECT id, level FROM units WHERE id = ?').get(input.communeId) as { id: number; level: string } | undefined;
    if (!commune || commune.level !== 'commune') throw invalidAt('communeId', `Đơn vị mã số ${input.communeId} không phải xã: hãy chọn xã nhận đơn (một xã, phường hoặc đặc khu).`);
    if (input.receivedOn > today) throw invalidAt('receivedOn', `Ngày nhận đơn ${formatDateVi(input.receivedOn)} chưa tới: hãy ghi ngày đã nhận đơn.`);
    let code: string | null = null;
    let headName = cleanText(input.headName).trim();
    let address = cleanText(input.address).trim();
    if (input.householdId !== null) {
      const h = sqlite.prepare('SELECT code, head_name, address, commune_id FROM households WHERE id = ?').get(input.householdId) as
        | { code: string; head_name: string; address: string; commune_id: number }
        | undefined;
      if (!h) throw invalidAt('householdId', `Không có hộ mã số ${input.householdId} được chọn: hộ có thể vừa bị xoá, hãy tìm lại hộ.`);
      code = h.code;
      headName ||= h.head_name;
      address ||= h.address;
    }
    const info = sqlite
      .prepare(
        `INSERT INTO adhoc_requests (commune_id, household_id, household_code, head_name, address, form, purpose, received_on, received_by, reason, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)`,
      )
      .run(input.communeId, input.householdId, code, headName, address, input.form, input.purpose, input.receivedOn, cleanText(input.receivedBy).trim(), cleanText(input.reason).trim(), nowIso());
    const id = Number(info.lastInsertRowid);
    const row = getRequest(sqlite, p, id, today);
    writeAudit(sqlite, [{ actor, entity: 'adhoc_request', entityId: id, action: 'create', newValue: { ...row, daysLeft: undefined }, unitId: input.communeId }]);
    return row;
  });
}

function assertOpen(r: StoredRequest, settledOn: string): void {
  if (r.status !== 'open') throw invalidAt('requestId', `Đơn của hộ ${r.head_name} đã được giải quyết ngày ${formatDateVi(r.settled_on!)}: không giải quyết lại.`);
  if (settledOn < r.received_on) {
    throw invalidAt('settledOn', `Ngày giải quyết ${formatDateVi(settledOn)} trước ngày nhận đơn ${formatDateVi(r.received_on)}: hãy ghi lại ngày.`);
  }
}

/**
 * Accepted: the household goes into the ad hoc round. A household of an earlier round is copied
 * (entry/rounds.ts copyHouseholds, the one copy); a new household is keyed in that round's entry
 * screen. The round must be an ad hoc round covering the request's commune, and editable there.
 */
export function acceptRequest(sqlite: BetterSqlite3.Database, p: Procedure, input: ApiParsedInput<'requests.accept'>, actor: string, today: string): RequestRow & { copied: boolean } {
  return writeTransaction(sqlite, () => {
    const r = stored(sqlite, input.requestId);
    assertOpen(r, input.settledOn);
    const round = getRound(sqlite, input.roundId);
    if (round.kind !== 'adhoc') throw invalidAt('roundId', `«${round.title}» là đợt định kỳ: đơn đề nghị hằng tháng được đưa vào một đợt rà soát thường xuyên.`);
    if (!isCommuneInScope(sqlite, r.commune_id, round.scope_unit_id, round.unit_map_date)) {
      throw invalidAt('roundId', `Đợt «${round.title}» không gồm ${unitFullName(r.commune_type, r.commune_name)}: chọn đợt của xã này.`);
    }
    assertEditable(sqlite, round.id, r.commune_id);
    let copied = false;
    if (r.household_id !== null && r.household_code !== null) {
      const present = sqlite.prepare('SELECT 1 FROM households WHERE round_id = ? AND code = ?').pluck().get(round.id, r.household_code);
      if (!present) {
        const h = sqlite.prepare('SELECT round_id, commune_id, village_id FROM households WHERE id = ?').get(r.household_id) as { round_id: number; commune_id: number; village_id: number | null };
        const villageId = h.commune_id === r.commune_id ? h.village_id : null;
        copied = copyHouseholds(sqlite, h.round_id, round.id, [{ householdId: r.household_id, communeId: r.commune_id, villageId }]).households > 0;
      }
    }
    sqlite.prepare(`UPDATE adhoc_requests SET status = 'accepted', settled_on = ?, outcome = 'accepted', round_id = ? WHERE id = ?`).run(input.settledOn, round.id, r.id);
    const row = getRequest(sqlite, p, r.id, today);
    writeAudit(sqlite, [
      {
        actor,
        entity: 'adhoc_request',
        entityId: r.id,
        action: 'accept',
        oldValue: { status: r.status, settledOn: null, roundId: r.round_id },
        newValue: { status: row.status, settledOn: row.settledOn, roundId: round.id, copied },
        unitId: r.commune_id,
      },
    ]);
    return { ...row, copied };
  });
}

/** Refused with reasons: the request is settled; the letter (documents/requests-letter.ts) prints the reasons. */
export function refuseRequest(sqlite: BetterSqlite3.Database, p: Procedure, input: ApiParsedInput<'requests.refuse'>, actor: string, today: string): RequestRow {
  return writeTransaction(sqlite, () => {
    const r = stored(sqlite, input.requestId);
    assertOpen(r, input.settledOn);
    const reasons = input.reasons.map((x) => cleanText(x).trim());
    sqlite.prepare(`UPDATE adhoc_requests SET status = 'refused', settled_on = ?, outcome = 'refused', refusal_reasons = ? WHERE id = ?`).run(input.settledOn, JSON.stringify(reasons), r.id);
    const row = getRequest(sqlite, p, r.id, today);
    writeAudit(sqlite, [
      { actor, entity: 'adhoc_request', entityId: r.id, action: 'refuse', oldValue: { status: r.status, settledOn: null }, newValue: { status: 'refused', settledOn: input.settledOn, reasons }, unitId: r.commune_id },
    ]);
    return row;
  });
}
