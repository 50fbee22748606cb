import type BetterSqlite3 from 'better-sqlite3';
import { unitFullName } from '../../../shared/domain/units';
import { AppError } from '../errors';
import { assertUnlocked, getRound, type RoundRow } from '../rounds/rounds';

/**
 * The one lock rule. A commune's part of a round may be written unless the round is locked, or
 * the commune's recognition decision locked it and it was not reopened with a reason. Every path
 * that writes (entry save, household update, events, workflow steps, Excel import, classification)
 * asks `assertEditable`; the screens and lists ask `isLocked`; a whole-round job leaves out
 * `lockedCommunes`.
 */
export function communeLocked(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): boolean {
  return sqlite.prepare('SELECT locked FROM round_locks WHERE round_id = ? AND commune_id = ?').pluck().get(roundId, communeId) === 1;
}

/** The communes of a round locked by their recognition decision (a whole-round job leaves them as they are). */
export function lockedCommunes(sqlite: BetterSqlite3.Database, roundId: number): number[] {
  return sqlite.prepare('SELECT commune_id FROM round_locks WHERE round_id = ? AND locked = 1 ORDER BY commune_id').pluck().all(roundId) as number[];
}

/** True when nothing of the commune's part of the round may be changed. */
export function isLocked(sqlite: BetterSqlite3.Database, round: Pick<RoundRow, 'id' | 'locked'>, communeId: number): boolean {
  return round.locked === 1 || communeLocked(sqlite, round.id, communeId);
}

/** Refuses a change in a locked round, or in a commune whose recognition decision locked it. */
export function assertEditable(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): RoundRow {
  const round = getRound(sqlite, roundId);
  assertUnlocked(round);
  if (communeLocked(sqlite, roundId, communeId)) {
    const unit = sqlite.prepare('SELECT type, name FROM units WHERE id = ?').get(communeId) as { type: string; name: string } | undefined;
    const commune = unit ? unitFullName(unit.type, unit.name) : `xã mã số ${communeId}`;
    throw new AppError(
      'ROUND_LOCKED',
      `Kết quả rà soát năm ${round.year} của ${commune} đã được công nhận bằng quyết định, nên dữ liệu của xã đang khoá. Muốn sửa, hãy mở lại (ghi lý do) ở thẻ «Quy trình rà soát».`,
    );
  }
  return round;
}
