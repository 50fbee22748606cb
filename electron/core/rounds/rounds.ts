import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { RoundTable } from '../db/schema';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import { AppError } from '../errors';
import { writeTransaction } from '../db/write-transaction';

export interface NewRound {
  year: number;
  kind: 'periodic' | 'adhoc';
  title: string;
  ruleSetId: string;
  /** The date whose administrative map the round uses (units valid on that date). */
  unitMapDate: string;
  /** The date ages are computed at. */
  referenceDate: string;
  scopeUnitId: number;
}

export function createRound(sqlite: BetterSqlite3.Database, r: NewRound, actor: string): number {
  return writeTransaction(sqlite, () => {
    const info = sqlite
      .prepare(
        `INSERT INTO rounds (year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, locked, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`,
      )
      .run(r.year, r.kind, r.title, r.ruleSetId, r.unitMapDate, r.referenceDate, r.scopeUnitId, nowIso());
    const id = Number(info.lastInsertRowid);
    writeAudit(sqlite, [{ actor, entity: 'round', entityId: id, action: 'create', newValue: r }]);
    return id;
  });
}

/** A row of the rounds table as SQLite returns it. */
export type RoundRow = Selectable<RoundTable>;

export function getRound(sqlite: BetterSqlite3.Database, roundId: number): RoundRow {
  const row = sqlite.prepare('SELECT * FROM rounds WHERE id = ?').get(roundId) as RoundRow | undefined;
  if (!row) throw new AppError('NOT_FOUND', `Round ${roundId} not found`);
  return row;
}

export function assertUnlocked(round: RoundRow): void {
  if (round.locked) throw new AppError('ROUND_LOCKED', `Round ${round.year} is locked after recognition`);
}
