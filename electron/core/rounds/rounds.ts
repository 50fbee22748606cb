import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { RoundTable } from '../db/schema';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import { AppError, invalidAt } from '../errors';
import { writeTransaction } from '../db/write-transaction';
import { ROUND_KIND_NAMES } from '../../../shared/domain/round-plan';
import { formatDateVi } from '../../../shared/text/format';

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

/**
 * Creates a round row (every path comes here: a round from nothing, one copied from an earlier
 * round, the demo). The same round twice is refused here in Vietnamese, inside the write
 * transaction, before the insert (duplicateRound below); the database's unique index stays as the
 * last guard, and even its failure is answered in Vietnamese, never as SQLite's text.
 */
export function createRound(sqlite: BetterSqlite3.Database, r: NewRound, actor: string): number {
  return writeTransaction(sqlite, () => {
    const existing = duplicateRound(sqlite, r);
    if (existing) throw duplicateRoundError(existing);
    let info: BetterSqlite3.RunResult;
    try {
      info = sqlite
        .prepare(
          `INSERT INTO rounds (year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, locked, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?)`,
        )
        .run(r.year, r.kind, r.title, r.ruleSetId, r.unitMapDate, r.referenceDate, r.scopeUnitId, nowIso());
    } catch (e) {
      if ((e as { code?: unknown }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw e;
      const same = sqlite.prepare('SELECT * FROM rounds WHERE year = ? AND kind = ? AND scope_unit_id = ? ORDER BY id LIMIT 1').get(r.year, r.kind, r.scopeUnitId) as RoundRow | undefined;
      throw same ? duplicateRoundError(same) : invalidAt('year', `Đã có đợt rà soát ${ROUND_KIND_NAMES[r.kind]} năm ${r.year}: hãy mở đợt đó trong danh sách đợt rà soát thay vì tạo đợt mới.`);
    }
    const id = Number(info.lastInsertRowid);
    writeAudit(sqlite, [{ actor, entity: 'round', entityId: id, action: 'create', newValue: r }]);
    return id;
  });
}

/**
 * The one rule for "the same round twice", for one scope: a periodic round once a year; ad-hoc
 * rounds (rà soát thường xuyên, monthly) as many as needed, but not two dated the same day.
 */
export function duplicateRound(sqlite: BetterSqlite3.Database, r: Pick<NewRound, 'year' | 'kind' | 'referenceDate' | 'scopeUnitId'>): RoundRow | null {
  const row =
    r.kind === 'periodic'
      ? sqlite.prepare(`SELECT * FROM rounds WHERE kind = 'periodic' AND year = ? AND scope_unit_id = ? ORDER BY id LIMIT 1`).get(r.year, r.scopeUnitId)
      : sqlite.prepare(`SELECT * FROM rounds WHERE kind = 'adhoc' AND reference_date = ? AND scope_unit_id = ? ORDER BY id LIMIT 1`).get(r.referenceDate, r.scopeUnitId);
  return (row as RoundRow | undefined) ?? null;
}

/** The refusal of a round that exists already: which one, and what to do instead. */
export function duplicateRoundError(existing: RoundRow): AppError {
  const which = `«${existing.title}», tạo ngày ${formatDateVi(existing.created_at.slice(0, 10))}`;
  const message =
    existing.kind === 'periodic'
      ? `Đã có đợt rà soát định kỳ năm ${existing.year} (${which}): mở đợt đó, hoặc chọn loại thường xuyên (đột xuất).`
      : `Đã có đợt rà soát thường xuyên ngày ${formatDateVi(existing.reference_date)} (${which}): mở đợt đó, hoặc ghi ngày khác cho đợt mới.`;
  return invalidAt(existing.kind === 'periodic' ? 'year' : 'referenceDate', message);
}

/** A row of the rounds table as SQLite returns it. */
export type RoundRow = Selectable<RoundTable>;

export function getRound(sqlite: BetterSqlite3.Database, roundId: number): RoundRow {
  const row = sqlite.prepare('SELECT * FROM rounds WHERE id = ?').get(roundId) as RoundRow | undefined;
  if (!row) throw roundNotFound(roundId);
  return row;
}

/** No round with this id: deleted (or a screen loaded before it was), so the officer reloads the list. */
export function roundNotFound(roundId: number): AppError {
  return new AppError('NOT_FOUND', `Không có đợt rà soát mã số ${roundId}: đợt có thể vừa bị xoá. Hãy tải lại danh sách đợt rà soát rồi chọn lại đợt.`);
}

export function assertUnlocked(round: RoundRow): void {
  if (round.locked) throw new AppError('ROUND_LOCKED', `Đợt rà soát năm ${round.year} đã khoá sau khi công nhận kết quả, nên không thay đổi được dữ liệu của đợt.`);
}
