import type BetterSqlite3 from 'better-sqlite3';
import { orderedCauses, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
import type { Area } from '../../../shared/engine/ruleset';
import { cleanText } from '../../../shared/text/normalize';
import { nowIso } from '../db/connection';
import { answersRow, cleanAddress, cleanMemberRow, flagColumns, householdSummaryOfRows, MEMBER_COLUMNS, memberRow, type HouseholdAnswers, type MemberRow } from './rows';
import { SEARCH_INDEX_COLUMNS, searchIndexValues } from './search-index';
import { RowInserter } from '../db/bulk';
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
  /** The household's own times, when it has them already (a household received in an exchange package); else now. */
  createdAt?: string;
  updatedAt?: string;
  /** Its answers' time, likewise. */
  answersUpdatedAt?: string | null;
}

/** A member as a stored row carries it, with its person key (an exchange package's member rows). */
export type StoredMember = MemberRow & { person_key: string };

/**
 * A new household whose members come as stored rows (an exchange package's): written as they
 * come, through the same cleaning (rows.ts cleanMemberRow), with no domain object made for them.
 */
export interface NewHouseholdFromRows extends Omit<NewHousehold, 'members'> {
  memberRows: readonly StoredMember[];
}

/** Households a multi-row statement (19 columns each; members 16 each, about 4 a household). */
const HOUSEHOLD_ROWS = 50;
const MEMBER_ROWS = 200;
const HOUSEHOLD_SQL = `INSERT INTO households (id, round_id, code, commune_id, village_id, address, area, ethnic_minority, no_working_capacity,
       merit_person, female_head, head_name, head_sort, head_id_number, member_count, search_text, review_state, score_a, created_at, updated_at)`;
const MEMBER_SQL = `INSERT INTO members (household_id, person_key, ${MEMBER_COLUMNS.join(', ')})`;
const ANSWERS_SQL = 'INSERT INTO answers (household_id, screening, score_a, b1_items, b2, monthly_income, updated_at)';
const CAUSES_SQL = 'INSERT INTO household_causes (household_id, cause)';

/**
 * Inserts households with their members and answers, all or nothing (one transaction, prepared
 * statements: kysely compiles each query anew, which is too slow row by row for bulk loads).
 * Rows are mapped by households/rows.ts (text NFC on the way in) and written many a statement
 * (db/bulk.ts, RowInserter): each household gets the id SQLite itself would give it (one above
 * the highest), so that its members can be written before the household's statement has run;
 * the members, answers and causes are written after their households, so that every foreign
 * key finds its row. Triggers fire per row as for any other write. A household's times are
 * now unless it brings its own (createdAt…: an exchange package's). Returns the new household
 * ids in input order.
 */
export function insertHouseholds(sqlite: BetterSqlite3.Database, roundId: number, households: Iterable<NewHousehold | NewHouseholdFromRows>): number[] {
  // What the search index holds for a household: households/search-index.ts.
  const indexSearch = sqlite.prepare(`INSERT INTO household_search ${SEARCH_INDEX_COLUMNS} SELECT ${searchIndexValues('households')} FROM households WHERE id BETWEEN ? AND ?`);
  const ids: number[] = [];
  writeTransaction(sqlite, () => {
    const now = nowIso();
    const householdRows = new RowInserter(sqlite, HOUSEHOLD_SQL, 20, HOUSEHOLD_ROWS);
    const memberRows = new RowInserter(sqlite, MEMBER_SQL, 2 + MEMBER_COLUMNS.length, MEMBER_ROWS);
    const answerRows = new RowInserter(sqlite, ANSWERS_SQL, 7, HOUSEHOLD_ROWS);
    const causeRows = new RowInserter(sqlite, CAUSES_SQL, 2, HOUSEHOLD_ROWS);
    /** Members, answers and causes of the households not yet written, in order, row after row in one list each. */
    const members: unknown[] = [];
    const answerList: unknown[] = [];
    const causeList: unknown[] = [];
    const memberWidth = 2 + MEMBER_COLUMNS.length;
    let pending = 0;
    const flush = (): void => {
      householdRows.flush();
      for (let at = 0; at < members.length; at += memberWidth) memberRows.addFrom(members, at);
      for (let at = 0; at < answerList.length; at += 7) answerRows.addFrom(answerList, at);
      for (let at = 0; at < causeList.length; at += 2) causeRows.addFrom(causeList, at);
      members.length = answerList.length = causeList.length = pending = 0;
    };
    let id = (sqlite.prepare('SELECT MAX(id) FROM households').pluck().get() as number | null) ?? 0;
    for (const h of households) {
      id++;
      const fromRows = 'memberRows' in h;
      const rows = fromRows ? h.memberRows.map(cleanMemberRow) : h.members.map(memberRow);
      const summary = householdSummaryOfRows(rows);
      const flags = flagColumns(h.flags);
      const answers = h.answers ? answersRow(h.answers) : undefined;
      householdRows.add([
        id,
        roundId,
        cleanText(h.code),
        h.communeId,
        h.villageId,
        cleanAddress(h.address),
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
        h.createdAt ?? now,
        h.updatedAt ?? now,
      ]);
      ids.push(id);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i]!;
        members.push(id, fromRows ? h.memberRows[i]!.person_key : h.members[i]!.personKey);
        for (const c of MEMBER_COLUMNS) members.push(row[c]);
      }
      if (answers) answerList.push(id, answers.screening, answers.score_a, answers.b1_items, answers.b2, answers.monthly_income, h.answersUpdatedAt ?? now);
      if (h.causes) for (const c of orderedCauses(h.causes)) causeList.push(id, c);
      if (++pending === HOUSEHOLD_ROWS) flush();
    }
    flush();
    memberRows.flush();
    answerRows.flush();
    causeRows.flush();
    // The batch is one range of ids (given above, inside this write transaction).
    if (ids.length > 0) indexSearch.run(ids[0], ids[ids.length - 1]);
  });
  return ids;
}
