import type BetterSqlite3 from 'better-sqlite3';
import { AppError } from '../errors';
import { assertUnlocked, getRound, type RoundRow } from '../rounds/rounds';

/** True when the commune's part of the round was locked by its recognition decision and not reopened. */
export function communeLocked(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): boolean {
  return sqlite.prepare('SELECT locked FROM round_locks WHERE round_id = ? AND commune_id = ?').pluck().get(roundId, communeId) === 1;
}

/** Refuses a change in a locked round, or in a commune whose recognition decision locked it. */
export function assertEditable(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): RoundRow {
  const round = getRound(sqlite, roundId);
  assertUnlocked(round);
  if (communeLocked(sqlite, roundId, communeId)) {
    throw new AppError('ROUND_LOCKED', `Round ${round.year} is locked for commune ${communeId} after its recognition decision; reopen it with a reason`);
  }
  return round;
}
