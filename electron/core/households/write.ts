import type BetterSqlite3 from 'better-sqlite3';
import { orderedCauses, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
import type { Area } from '../../../shared/engine/ruleset';
import { cleanText } from '../../../shared/text/normalize';
import { nowIso } from '../db/connection';
import { answersRow, flagColumns, householdSummary, memberInserter, memberRow, type HouseholdAnswers } from './rows';
import { writeTransaction } from '../db/write-transaction';

export { searchTextOf, sortKeyOf } from './rows';

export interface NewHousehold {
  code: string;
  communeId: number;
  villageId: number | null;
  address: string;
  area: Area;
  flags: { ethnicMinority: boolean; noWorkingCapacity: boolean; meritPerson: boolean; femaleHead: boolean };
  reviewState?: string;
  /** Head first (relation "head"); personKey keeps a person's identity across rounds (households/rows.ts: newPersonKey). */
  members: (Member & { personKey: string })[];
  answers?: HouseholdAnswers;
  /** Causes of poverty (nguyên nhân nghèo), when recorded. */
  causes?: readonly Cause[];
}

/**
 * Inserts households with their members and answers, all or nothing (one transaction, prepared
 * statements: kysely compiles each query anew, which is too slow row by row for bulk loads).
 * Rows are mapped by households/rows.ts (text NFC on the way in). Returns the new household ids
 * in input order.
 */
export function insertHouseholds(sqlite: BetterSqlite3.Database, roundId: number, households: Iterable<NewHousehold>): number[] {
  const insertHousehold = sqlite.prepare(
    `INSERT INTO households (round_id, code, commune_id, village_id, address, area, ethnic_minority, no_working_capacity,
       merit_person, female_head, head_name, head_sort, head_id_number, member_count, search_text, review_state, score_a, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = memberInserter(sqlite);
  const insertAnswers = sqlite.prepare(
    `INSERT INTO answers (household_id, screening, score_a, b1_items, b2, monthly_income, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCause = sqlite.prepare('INSERT INTO household_causes (household_id, cause) VALUES (?, ?)');
  const indexSearch = sqlite.prepare('INSERT INTO household_search (rowid, text) SELECT id, search_text FROM households WHERE id BETWEEN ? AND ?');
  const ids: number[] = [];
  writeTransaction(sqlite, () => {
    const now = nowIso();
    for (const h of households) {
      const summary = householdSummary(h.members);
      const flags = flagColumns(h.flags);
      const answers = h.answers ? answersRow(h.answers) : undefined;
      const info = insertHousehold.run(
        roundId,
        cleanText(h.code),
        h.communeId,
        h.villageId,
        cleanText(h.address),
        h.area,
        flags.ethnic_minority,
        flags.no_working_capacity,
        flags.merit_person,
        flags.female_head,
        summary.head_name,
        summary.head_sort,
        summary.head_id_number,
        summary.member_count,
        summary.search_text,
        h.reviewState ?? 'listed',
        // The answers' score A as the list sorts by it (migration 7): its trigger then finds it written.
        answers?.score_a ?? null,
        now,
        now,
      );
      const id = Number(info.lastInsertRowid);
      ids.push(id);
      for (const m of h.members) insertMember(id, m.personKey, memberRow(m));
      if (answers) insertAnswers.run(id, answers.screening, answers.score_a, answers.b1_items, answers.b2, answers.monthly_income, now);
      if (h.causes) for (const c of orderedCauses(h.causes)) insertCause.run(id, c);
    }
    // Rowids are handed out in order inside this write transaction, so the batch is one range.
    if (ids.length > 0) indexSearch.run(ids[0], ids[ids.length - 1]);
  });
  return ids;
}
