import type BetterSqlite3 from 'better-sqlite3';
import { dateTimeVi } from '../../../shared/entry/when';
import { AppError } from '../errors';
import { householdNotFound } from './not-found';

/**
 * No lost update (issue 12): each household carries a version (households.version, migration 12).
 * The rule, stated once here and called by every path that changes the household's own data
 * (the entry save, households.update, the Excel import updating a household):
 *  - a change raises the version by one (raiseVersion), in the transaction of the change;
 *  - a change based on an older version than the stored one is refused with CONFLICT, saying who
 *    saved last and when (assertVersion), before anything is written.
 * Derived data (classification results, review states, warnings) and records beside the household
 * (events, complaints) do not change its version.
 */

/** Audit actions that are not a change of the household's own data. */
const NOT_DATA = ['classify', 'state', 'event', 'build_list', 'complaint', 'recheck'];

/** The stored version of a household (NOT_FOUND when there is none). */
export function versionOf(sqlite: BetterSqlite3.Database, householdId: number): number {
  const v = sqlite.prepare('SELECT version FROM households WHERE id = ?').pluck().get(householdId) as number | undefined;
  if (v === undefined) throw householdNotFound(householdId);
  return v;
}

/** Raises the household's version by one; returns the new version. */
export function raiseVersion(sqlite: BetterSqlite3.Database, householdId: number): number {
  return sqlite.prepare('UPDATE households SET version = version + 1 WHERE id = ? RETURNING version').pluck().get(householdId) as number;
}

/** Who changed the household's data last, and when (the audit trail; the user's full name when known). */
export function lastChangeOf(sqlite: BetterSqlite3.Database, householdId: number): { who: string; at: string } | null {
  const row = sqlite
    .prepare(
      `SELECT a.at, a.actor, u.full_name AS fullName FROM audit a LEFT JOIN users u ON u.name = a.actor
       WHERE ((a.entity = 'household' AND a.entity_id = ?) OR (a.entity = 'member' AND a.entity_id IN (SELECT id FROM members WHERE household_id = ?)))
         AND a.action NOT IN (${NOT_DATA.map(() => '?').join(', ')})
       ORDER BY a.id DESC LIMIT 1`,
    )
    .get(householdId, householdId, ...NOT_DATA) as { at: string; actor: string; fullName: string | null } | undefined;
  return row ? { who: row.fullName?.trim() || row.actor, at: row.at } : null;
}

/**
 * Refuses a change based on an older version than the stored one: CONFLICT, with a Vietnamese
 * message (issue path "version") naming who saved the household last and when (dd/mm/yyyy hh:mm).
 * `basedOn` undefined: the caller holds no form read earlier (the command line, a script) and
 * nothing is checked.
 */
export function assertVersion(sqlite: BetterSqlite3.Database, householdId: number, basedOn: number | undefined): void {
  if (basedOn === undefined) return;
  const stored = versionOf(sqlite, householdId);
  if (stored === basedOn) return;
  const code = sqlite.prepare('SELECT code FROM households WHERE id = ?').pluck().get(householdId) as string;
  const last = lastChangeOf(sqlite, householdId);
  const by = last ? `${last.who} đã lưu hộ ${code} lúc ${dateTimeVi(last.at)}` : `Hộ ${code} đã được lưu lại`;
  const message =
    `${by}, sau khi bạn mở phiếu: lần lưu này của bạn chưa được ghi để không đè mất thay đổi đó. ` +
    'Những gì bạn đã nhập vẫn được giữ trong bản nháp. Hãy xem bản mới cạnh bản của bạn, chọn giá trị cho từng ô khác nhau, rồi lưu lại.';
  // The versions are the tail, for support staff: the officer acts on the sentence before them.
  throw new AppError('CONFLICT', `${message} (Hộ mã số ${householdId}: bản đã lưu số ${stored}, bạn mở bản số ${basedOn}.)`, [{ path: 'version', message }]);
}
