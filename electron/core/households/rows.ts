import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import type { Member } from '../../../shared/domain/household';
import { viSortKey } from '../../../shared/text/collate';
import { fold } from '../../../shared/text/fold';
import { cleanText } from '../../../shared/text/normalize';
import type { MemberTable } from '../db/schema';
import { unitNotFound } from '../units/not-found';

/**
 * How households and members map to their database rows, and the identity rules every writer
 * shares: data entry (entry/save.ts), the Excel import (excel/import.ts), the start of a new
 * round (entry/rounds.ts) and the bulk insert under them all (households/write.ts). Each rule is
 * stated here once (house rule 5); a writer that restates one is a bug.
 */

// ─── The next household code ────────────────────────────────────────────────────────────────

/**
 * A new household's code: "<commune code>-<5 digits>", one above the highest number any code of
 * the commune carries, in ANY round.
 *
 * Why not the first free number of the round: a number free in this round can be one an earlier
 * round gave (a household that left the list, or was removed), and a household is found again in
 * another round by its code first (rounds/matching.ts): the new household would take over that
 * household's history and transitions. Why not one above the highest of this round only: the
 * same, when the highest household of the round is the one that left. One above every number
 * ever given collides with no code, in this round or another.
 */
export class HouseholdCodes {
  private readonly highest = new Map<string, number>();
  private readonly prefixOf = new Map<number, string>();
  private readonly reserved: string[] = [];

  constructor(private readonly sqlite: BetterSqlite3.Database) {}

  /** A code about to be written as given (an import's "Mã hộ"): numbers given later stay above it. */
  reserve(code: string): void {
    this.reserved.push(code);
    const m = /^(.*)-(\d+)$/u.exec(code);
    if (m && this.highest.has(m[1]!)) this.highest.set(m[1]!, Math.max(this.highest.get(m[1]!)!, Number(m[2])));
  }

  /** The next code of the commune (each call gives a new one). */
  next(communeId: number): string {
    const prefix = this.prefix(communeId);
    let n = this.highest.get(prefix);
    if (n === undefined) {
      const codes = this.sqlite
        .prepare('SELECT code FROM households WHERE code >= ? AND code < ?')
        .pluck()
        .all(`${prefix}-`, `${prefix}-\uffff`) as string[];
      n = 0;
      const re = new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/gu, '\\$&')}-(\\d+)$`, 'u');
      for (const c of [...codes, ...this.reserved]) {
        const m = re.exec(c);
        if (m) n = Math.max(n, Number(m[1]));
      }
    }
    n += 1;
    this.highest.set(prefix, n);
    return `${prefix}-${String(n).padStart(5, '0')}`;
  }

  private prefix(communeId: number): string {
    let p = this.prefixOf.get(communeId);
    if (p === undefined) {
      p = this.sqlite.prepare(`SELECT code FROM units WHERE id = ? AND level = 'commune'`).pluck().get(communeId) as string | undefined;
      if (p === undefined) throw unitNotFound(communeId, 'commune');
      this.prefixOf.set(communeId, p);
    }
    return p;
  }
}

/** One new code (data entry: one household at a time). */
export function nextHouseholdCode(sqlite: BetterSqlite3.Database, communeId: number): string {
  return new HouseholdCodes(sqlite).next(communeId);
}

// ─── The person key ─────────────────────────────────────────────────────────────────────────

/**
 * A new person's key: a random UUID, kept for life (copied to each new round, named by the
 * household events). Why not "<household code>.<seq>": that names a place, not a person; it
 * changes meaning when members are reordered, removed or the household renumbered, and the same
 * key could be handed out twice in a household (a member removed, another added in their place).
 * A UUID depends on nothing that can change.
 */
export const newPersonKey = (): string => randomUUID();

// ─── Members ⇄ rows ─────────────────────────────────────────────────────────────────────────

/** The columns of a member row a writer sets (the household, the key and the id aside). */
export const MEMBER_COLUMNS = [
  'seq',
  'full_name',
  'sex',
  'birth_date',
  'id_number',
  'relation',
  'ethnicity',
  'health_insurance',
  'schooling',
  'education',
  'employment',
  'disability',
  'working_capacity',
  'nutrition',
] as const;
export type MemberColumn = (typeof MEMBER_COLUMNS)[number];
export type MemberRow = Pick<Selectable<MemberTable>, MemberColumn>;
/** A stored member row, whole. */
export type StoredMemberRow = Selectable<MemberTable>;

const bit = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
const bool = (v: number | null): boolean | null => (v === null ? null : v === 1);

/** Names repeat a lot (Nguyễn Văn …): a bounded memo of their cleaned and folded forms and sort keys. */
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
const cleanName = memo(cleanText);
/** Addresses repeat too ("Tổ 3, ấp Mỹ Hòa"): the same memo's kind, for cleanText. */
export const cleanAddress = memo(cleanText);
const foldName = memo(fold);
/** The head's Vietnamese sort key (households.head_sort). */
export const sortKeyOf = memo(viSortKey);

/** An ID number as stored: no spaces, NFC; plain digits (nearly all) as they are. */
export const idNumberText = (v: string | null): string | null => (v === null ? null : /^\d+$/u.test(v) ? v : cleanText(v).replace(/\s/gu, '') || null);

/** A stored yes/no as written: 1, 0 or null (anything else that is not 1 is a no). */
const bitOf = (v: number | null): number | null => (v === null ? null : v === 1 ? 1 : 0);

/**
 * A member row as stored: text NFC with tidy spaces, the ID number without spaces, yes/no as 1/0.
 * The one statement of it: a domain member (memberRow) and a copy of a stored row (an exchange
 * package's member rows, written as they come: no domain object made) both end here.
 */
export function cleanMemberRow(r: MemberRow): MemberRow {
  return {
    seq: r.seq,
    full_name: cleanName(r.full_name),
    sex: r.sex,
    birth_date: r.birth_date,
    id_number: idNumberText(r.id_number),
    relation: r.relation,
    ethnicity: cleanName(r.ethnicity),
    health_insurance: bitOf(r.health_insurance),
    schooling: r.schooling,
    education: r.education,
    employment: r.employment,
    disability: bitOf(r.disability),
    working_capacity: bitOf(r.working_capacity),
    nutrition: r.nutrition,
  };
}

/** A member as its row stores it: text NFC with tidy spaces, yes/no as 1/0. */
export function memberRow(m: Member): MemberRow {
  return cleanMemberRow({
    seq: m.seq,
    full_name: m.fullName,
    sex: m.sex,
    birth_date: m.birthDate,
    id_number: m.idNumber,
    relation: m.relation,
    ethnicity: m.ethnicity,
    health_insurance: bit(m.healthInsurance),
    schooling: m.schooling,
    education: m.education,
    employment: m.employment,
    disability: bit(m.disability),
    working_capacity: bit(m.workingCapacity),
    nutrition: m.nutrition,
  });
}

/** A stored member row back as the domain's member, with its key. */
export function memberFromRow(r: StoredMemberRow): Member & { personKey: string } {
  return {
    personKey: r.person_key,
    seq: r.seq,
    fullName: r.full_name,
    sex: r.sex,
    birthDate: r.birth_date,
    idNumber: r.id_number,
    relation: r.relation as Member['relation'],
    ethnicity: r.ethnicity,
    healthInsurance: bool(r.health_insurance),
    schooling: r.schooling as Member['schooling'],
    education: r.education as Member['education'],
    employment: r.employment as Member['employment'],
    disability: bool(r.disability),
    workingCapacity: bool(r.working_capacity),
    nutrition: r.nutrition as Member['nutrition'],
  };
}

/** The statement that adds a member row (prepare once, run per member). */
export function memberInserter(sqlite: BetterSqlite3.Database): (householdId: number, personKey: string, row: MemberRow) => number {
  const stmt = sqlite.prepare(
    `INSERT INTO members (household_id, person_key, ${MEMBER_COLUMNS.join(', ')}) VALUES (?, ?, ${MEMBER_COLUMNS.map(() => '?').join(', ')})`,
  );
  return (householdId, personKey, row) => Number(stmt.run(householdId, personKey, ...MEMBER_COLUMNS.map((c) => row[c])).lastInsertRowid);
}

// ─── Households ⇄ rows ──────────────────────────────────────────────────────────────────────

/**
 * The folded names a household is found by: every member's. (Codes and ID numbers are found
 * through their own indexes; see listHouseholds.)
 */
export function searchTextOf(members: readonly Pick<Member, 'fullName'>[]): string {
  return searchTextFrom(members, (m) => cleanName(m.fullName));
}

/** searchTextOf over either shape of member, `name` giving each one's clean name. */
const searchTextFrom = <M>(members: readonly M[], name: (m: M) => string): string => members.map((m) => foldName(name(m))).join(' | ');

/** The household columns its members decide: the head's name, sort key and ID number, the count, the search text. */
export interface HouseholdSummaryRow {
  head_name: string;
  head_sort: string;
  head_id_number: string | null;
  member_count: number;
  search_text: string;
}

/** The head is the member whose relation is "head", else the first: the one statement of the summary, over either shape of member. */
function summaryOf<M>(members: readonly M[], relation: (m: M) => string, name: (m: M) => string, idNumber: (m: M) => string | null): HouseholdSummaryRow {
  const head = members.find((m) => relation(m) === 'head') ?? members[0];
  const headName = head ? name(head) : '';
  return {
    head_name: headName,
    head_sort: sortKeyOf(headName),
    head_id_number: head ? idNumber(head) : null,
    member_count: members.length,
    search_text: searchTextFrom(members, name),
  };
}

/** The household's summary from its domain members. */
export function householdSummary(members: readonly Pick<Member, 'fullName' | 'relation' | 'idNumber'>[]): HouseholdSummaryRow {
  return summaryOf(
    members,
    (m) => m.relation,
    (m) => cleanName(m.fullName),
    (m) => idNumberText(m.idNumber),
  );
}

/** The household's summary from its member rows as stored (cleanMemberRow: their text already clean). */
export function householdSummaryOfRows(rows: readonly Pick<MemberRow, 'full_name' | 'relation' | 'id_number'>[]): HouseholdSummaryRow {
  return summaryOf(
    rows,
    (r) => r.relation,
    (r) => r.full_name,
    (r) => r.id_number,
  );
}

/** The household flags as stored. */
export function flagColumns(flags: { ethnicMinority: boolean; noWorkingCapacity: boolean; meritPerson: boolean; femaleHead: boolean }): {
  ethnic_minority: number;
  no_working_capacity: number;
  merit_person: number;
  female_head: number;
} {
  return {
    ethnic_minority: flags.ethnicMinority ? 1 : 0,
    no_working_capacity: flags.noWorkingCapacity ? 1 : 0,
    merit_person: flags.meritPerson ? 1 : 0,
    female_head: flags.femaleHead ? 1 : 0,
  };
}

/** The household flags from their stored columns (flagColumns' inverse). */
export function flagsFromRow(h: { ethnic_minority: number; no_working_capacity: number; merit_person: number; female_head: number }): {
  ethnicMinority: boolean;
  noWorkingCapacity: boolean;
  meritPerson: boolean;
  femaleHead: boolean;
} {
  return {
    ethnicMinority: h.ethnic_minority === 1,
    noWorkingCapacity: h.no_working_capacity === 1,
    meritPerson: h.merit_person === 1,
    femaleHead: h.female_head === 1,
  };
}

// ─── Answers ⇄ rows ─────────────────────────────────────────────────────────────────────────

export interface HouseholdAnswers {
  scoreA: number | null;
  /** Phiếu B2: indicator id → deprived (true), not deprived (false), not answered (null). */
  b2: Record<string, boolean | null> | null;
  monthlyIncome: number | null;
  /** Phiếu A: item id → yes/no/not answered. */
  screening?: Record<string, boolean | null> | null;
  b1Items?: Record<string, string> | null;
}

export interface AnswersRow {
  screening: string | null;
  score_a: number | null;
  b1_items: string | null;
  b2: string | null;
  monthly_income: number | null;
}

const json = (v: unknown): string | null => (v === null || v === undefined ? null : JSON.stringify(v));

/** A household's answers as the answers row stores them (the forms as JSON). */
export function answersRow(a: HouseholdAnswers): AnswersRow {
  return { screening: json(a.screening), score_a: a.scoreA, b1_items: json(a.b1Items), b2: json(a.b2), monthly_income: a.monthlyIncome };
}
