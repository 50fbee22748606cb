import type BetterSqlite3 from 'better-sqlite3';
import { orderedCauses, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
import type { Area } from '../../../shared/engine/ruleset';
import { viSortKey } from '../../../shared/text/collate';
import { fold } from '../../../shared/text/fold';
import { cleanText } from '../../../shared/text/normalize';
import { nowIso } from '../db/connection';

export interface NewHousehold {
  code: string;
  communeId: number;
  villageId: number | null;
  address: string;
  area: Area;
  flags: { ethnicMinority: boolean; noWorkingCapacity: boolean; meritPerson: boolean; femaleHead: boolean };
  reviewState?: string;
  /** Head first (relation "head"); personKey keeps a person's identity across rounds. */
  members: (Member & { personKey: string })[];
  answers?: {
    scoreA: number | null;
    /** Phiếu B2 as keyed: indicator id → deprived (true), not deprived (false), not answered (null). */
    b2: Record<string, boolean | null> | null;
    monthlyIncome: number | null;
    screening?: Record<string, boolean> | null;
    b1Items?: Record<string, string> | null;
  };
  /** Causes of poverty (nguyên nhân nghèo), when recorded. */
  causes?: readonly Cause[];
}

const bit = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
/** ID numbers are almost always plain digits already: skip normalising those. */
const idText = (v: string | null): string | null => (v === null ? null : /^\d+$/u.test(v) ? v : cleanText(v));

/** Names repeat a lot (Nguyễn Văn …): a bounded memo of their folded forms and sort keys. */
function memo(fn: (s: string) => string, limit = 50_000): (s: string) => string {
  const cache = new Map<string, string>();
  return (s) => {
    let v = cache.get(s);
    if (v === undefined) {
      if (cache.size >= limit) cache.clear();
      cache.set(s, (v = fn(s)));
    }
    return v;
  };
}
const foldName = memo(fold);
/** The head's Vietnamese sort key (households.head_sort). */
export const sortKeyOf = memo(viSortKey);
const cleanName = memo(cleanText);

/**
 * The folded names a household is found by: every member's. (Codes and ID numbers are found
 * through their own indexes; see listHouseholds.)
 */
export function searchTextOf(members: readonly Pick<Member, 'fullName'>[]): string {
  return members.map((m) => foldName(m.fullName)).join(' | ');
}

/**
 * Inserts households with their members and answers, all or nothing (one transaction, prepared
 * statements: kysely compiles each query anew, which is too slow row by row for bulk loads).
 * Text is normalised to NFC on the way in. Returns the new household ids in input order.
 */
export function insertHouseholds(sqlite: BetterSqlite3.Database, roundId: number, households: Iterable<NewHousehold>): number[] {
  const insertHousehold = sqlite.prepare(
    `INSERT INTO households (round_id, code, commune_id, village_id, address, area, ethnic_minority, no_working_capacity,
       merit_person, female_head, head_name, head_sort, head_id_number, member_count, search_text, review_state, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMember = sqlite.prepare(
    `INSERT INTO members (household_id, person_key, seq, full_name, sex, birth_date, id_number, relation, ethnicity,
       health_insurance, schooling, education, employment, disability, working_capacity, nutrition)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAnswers = sqlite.prepare(
    `INSERT INTO answers (household_id, screening, score_a, b1_items, b2, monthly_income, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCause = sqlite.prepare('INSERT INTO household_causes (household_id, cause) VALUES (?, ?)');
  const indexSearch = sqlite.prepare('INSERT INTO household_search (rowid, text) SELECT id, search_text FROM households WHERE id BETWEEN ? AND ?');
  const ids: number[] = [];
  sqlite.transaction(() => {
    const now = nowIso();
    for (const h of households) {
      const members = h.members.map((m) => ({ ...m, fullName: cleanName(m.fullName), ethnicity: cleanName(m.ethnicity) }));
      const head = members.find((m) => m.relation === 'head') ?? members[0];
      const code = cleanText(h.code);
      const headName = head?.fullName ?? '';
      const info = insertHousehold.run(
        roundId,
        code,
        h.communeId,
        h.villageId,
        cleanText(h.address),
        h.area,
        h.flags.ethnicMinority ? 1 : 0,
        h.flags.noWorkingCapacity ? 1 : 0,
        h.flags.meritPerson ? 1 : 0,
        h.flags.femaleHead ? 1 : 0,
        headName,
        sortKeyOf(headName),
        head?.idNumber ?? null,
        members.length,
        searchTextOf(members),
        h.reviewState ?? 'listed',
        now,
        now,
      );
      const id = Number(info.lastInsertRowid);
      ids.push(id);
      for (const m of members) {
        insertMember.run(
          id,
          m.personKey,
          m.seq,
          m.fullName,
          m.sex,
          m.birthDate,
          idText(m.idNumber),
          m.relation,
          m.ethnicity,
          bit(m.healthInsurance),
          m.schooling,
          m.education,
          m.employment,
          bit(m.disability),
          bit(m.workingCapacity),
          m.nutrition,
        );
      }
      if (h.answers) {
        const a = h.answers;
        insertAnswers.run(
          id,
          a.screening ? JSON.stringify(a.screening) : null,
          a.scoreA,
          a.b1Items ? JSON.stringify(a.b1Items) : null,
          a.b2 ? JSON.stringify(a.b2) : null,
          a.monthlyIncome,
          now,
        );
      }
      if (h.causes) for (const c of orderedCauses(h.causes)) insertCause.run(id, c);
    }
    // Rowids are handed out in order inside this write transaction, so the batch is one range.
    if (ids.length > 0) indexSearch.run(ids[0], ids[ids.length - 1]);
  })();
  return ids;
}
