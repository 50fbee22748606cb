import type BetterSqlite3 from 'better-sqlite3';
import type { RoundDeleted, RoundWork } from '../../../shared/api/rounds';
import { formatNumberVi } from '../../../shared/text/format';
import type { BackupReason } from '../backup/backup';
import { writeAudit } from '../db/audit';
import { writeTransaction } from '../db/write-transaction';
import { invalidAt } from '../errors';
import { getRound, type RoundRow } from './rounds';

/** The backup taken before a round is deleted (kept for good, like the one before an import). */
export const DELETE_BACKUP_REASON: BackupReason = 'before-delete';

/**
 * "Recorded work" in a round, precisely: anything a person keyed, imported, decided or that the
 * app computed from such input. A round created from nothing, or started from an earlier round
 * whose households were only copied (entry/rounds.ts startRound: audited once on the round as
 * 'create' and 'copy'), has none and can be deleted. Work is:
 *  - a household of the round touched by hand: any audit row on it or on one of its members
 *    (keyed, imported, edited, listed, complained about…), or its entry details, causes or
 *    warnings (written only when a form is saved);
 *  - Phiếu A/B answers, results (classification);
 *  - the workflow's records: village meetings, postings, complaints, district opinions,
 *    decisions, locks;
 *  - household events; unsaved entry drafts;
 *  - an action recorded on the round itself other than its creation and copy (list built,
 *    classified, locked, reopened);
 *  - a row of any other table that refers to the round, its households or members (a table
 *    this file does not know of is counted, never silently deleted), except rows declared
 *    ON DELETE CASCADE from the round: those belong to it (reform_pending, filled by the copy).
 *    Rows of a later round that refer to this one (its households waiting in that round's
 *    queue) are work: this round cannot go while another depends on it.
 */
const WORKFLOW_TABLES = ['village_meetings', 'postings', 'complaints', 'district_opinions', 'decisions', 'round_locks'] as const;
const KEYED_TABLES = ['household_entry', 'household_causes', 'household_warnings'] as const;
/** Tables that refer to a round or its households and are accounted for above (or are the round's own rows). */
const KNOWN = new Set<string>(['households', 'members', 'answers', 'results', 'member_entry', 'entry_drafts', 'household_events', ...WORKFLOW_TABLES, ...KEYED_TABLES]);

interface Reference {
  table: string;
  column: string;
  target: 'rounds' | 'households' | 'members';
  onDelete: string;
}

/** Every column of every table declared as a foreign key to rounds, households or members. */
function references(sqlite: BetterSqlite3.Database): Reference[] {
  const tables = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'`).pluck().all() as string[];
  const out: Reference[] = [];
  for (const table of tables) {
    for (const fk of sqlite.pragma(`foreign_key_list("${table.replace(/"/gu, '""')}")`) as { table: string; from: string; on_delete: string }[]) {
      if (fk.table === 'rounds' || fk.table === 'households' || fk.table === 'members') out.push({ table, column: fk.from, target: fk.table, onDelete: fk.on_delete });
    }
  }
  return out;
}

const quote = (name: string): string => `"${name.replace(/"/gu, '""')}"`;
const HOUSEHOLDS_OF = 'SELECT id FROM households WHERE round_id = $round';
const MEMBERS_OF = 'SELECT m.id FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = $round';
const setOf = (target: Reference['target']): string => (target === 'rounds' ? '$round' : target === 'households' ? HOUSEHOLDS_OF : MEMBERS_OF);

/** What has been recorded in the round (see above), with the rows of tables not known here. */
export function roundWork(sqlite: BetterSqlite3.Database, roundId: number): RoundWork & { other: Record<string, number> } {
  const count = (sql: string): number => Number(sqlite.prepare(sql).pluck().get({ round: roundId }) ?? 0);
  const householdsKeyed = count(
    `SELECT COUNT(*) FROM households h WHERE h.round_id = $round AND (
       EXISTS (SELECT 1 FROM audit a WHERE a.entity = 'household' AND a.entity_id = h.id)
       OR EXISTS (SELECT 1 FROM members m JOIN audit a ON a.entity = 'member' AND a.entity_id = m.id WHERE m.household_id = h.id)
       ${KEYED_TABLES.map((t) => `OR EXISTS (SELECT 1 FROM ${t} x WHERE x.household_id = h.id)`).join('\n       ')}
       OR EXISTS (SELECT 1 FROM members m JOIN member_entry x ON x.member_id = m.id WHERE m.household_id = h.id))`,
  );
  const other: Record<string, number> = {};
  for (const r of references(sqlite)) {
    // A row declared ON DELETE CASCADE from the round belongs to it and goes with it (the reform's
    // queue of households waiting for a village: filled by the copy, not by anyone's work).
    if (KNOWN.has(r.table) || (r.target === 'rounds' && r.onDelete === 'CASCADE')) continue;
    const n = count(`SELECT COUNT(*) FROM ${quote(r.table)} WHERE ${quote(r.column)} IN (${setOf(r.target)})`);
    if (n > 0) other[r.table] = (other[r.table] ?? 0) + n;
  }
  return {
    householdsKeyed,
    answers: count('SELECT COUNT(*) FROM answers x JOIN households h ON h.id = x.household_id WHERE h.round_id = $round'),
    results: count('SELECT COUNT(*) FROM results x JOIN households h ON h.id = x.household_id WHERE h.round_id = $round'),
    workflow: WORKFLOW_TABLES.reduce((n, t) => n + count(`SELECT COUNT(*) FROM ${t} WHERE round_id = $round`), 0),
    events: count('SELECT COUNT(*) FROM household_events WHERE round_id = $round'),
    drafts: count('SELECT COUNT(*) FROM entry_drafts WHERE round_id = $round'),
    roundActions: count(`SELECT COUNT(*) FROM audit WHERE entity = 'round' AND entity_id = $round AND action NOT IN ('create', 'copy')`),
    other,
  };
}

/** Why the round cannot be deleted (Vietnamese, naming what was recorded), or null when it can. */
export function deleteRefusal(round: Pick<RoundRow, 'title' | 'locked'>, work: RoundWork & { other?: Record<string, number> }): string | null {
  const n = formatNumberVi;
  const parts = [
    work.householdsKeyed > 0 && `${n(work.householdsKeyed)} hộ đã nhập, sửa hoặc nhập từ Excel`,
    work.answers > 0 && `phiếu A/B của ${n(work.answers)} hộ`,
    work.results > 0 && `kết quả phân loại của ${n(work.results)} hộ`,
    work.workflow > 0 && `${n(work.workflow)} bước của quy trình (họp thôn, niêm yết, khiếu nại, ý kiến, quyết định)`,
    work.events > 0 && `${n(work.events)} biến động nhân khẩu`,
    work.drafts > 0 && `${n(work.drafts)} bản nháp chưa lưu`,
    work.roundActions > 0 && `${n(work.roundActions)} thao tác trên đợt (lập danh sách, phân loại, khoá, mở lại)`,
    ...Object.entries(work.other ?? {}).map(([table, rows]) => `${n(rows)} dòng dữ liệu khác (${table})`),
    round.locked ? 'đợt đã khoá sau quyết định công nhận' : false,
  ].filter((p): p is string => typeof p === 'string');
  if (parts.length === 0) return null;
  return `Không xoá đợt «${round.title}»: đợt này đã có ${parts.join('; ')}. Chỉ xoá được đợt chưa ghi công việc gì; dữ liệu đã ghi được giữ nguyên.`;
}

/**
 * Deletes a round with no recorded work: a backup first (outside the transaction: a copy cannot
 * be made inside one), then, in one write transaction that checks again that nothing was
 * recorded meanwhile, its households (their members, counts and search rows go with them through
 * the schema's cascade and triggers), its count rows and the round itself; audited with what the
 * round was. Refused in Vietnamese otherwise.
 */
export function deleteRound(sqlite: BetterSqlite3.Database, roundId: number, actor: string, backup: (reason: BackupReason) => { file: string }): RoundDeleted {
  const check = (): RoundRow => {
    const round = getRound(sqlite, roundId);
    const refusal = deleteRefusal(round, roundWork(sqlite, roundId));
    if (refusal) throw invalidAt('roundId', refusal);
    return round;
  };
  check();
  const backupFile = backup(DELETE_BACKUP_REASON).file;
  return writeTransaction(sqlite, () => {
    const round = check();
    const members = sqlite.prepare(`SELECT COUNT(*) FROM members WHERE household_id IN (${HOUSEHOLDS_OF})`).pluck().get({ round: roundId }) as number;
    sqlite.prepare(`DELETE FROM members WHERE household_id IN (${HOUSEHOLDS_OF})`).run({ round: roundId });
    const households = sqlite.prepare('DELETE FROM households WHERE round_id = ?').run(roundId).changes;
    sqlite.prepare('DELETE FROM household_counts WHERE round_id = ?').run(roundId);
    sqlite.prepare('DELETE FROM rounds WHERE id = ?').run(roundId);
    writeAudit(sqlite, [{ actor, entity: 'round', entityId: roundId, action: 'delete', oldValue: { ...round, households, members }, newValue: { backupFile } }]);
    return { roundId, year: round.year, title: round.title, backupFile, households, members };
  });
}
