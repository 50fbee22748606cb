import crypto from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { MEMBER_COLUMNS } from '../households/rows';
import type { Parts, Row } from './format';

/**
 * One commune's part of one round read as package rows (format.ts): every database id replaced
 * by a natural key. The exporter writes these; the importer reads its own side the same way, so
 * that "the same data" means the same rows on both sides.
 */

const HOUSEHOLD_COLUMNS = [
  'code', 'address', 'area', 'ethnic_minority', 'no_working_capacity', 'merit_person', 'female_head', 'head_name', 'head_sort',
  'head_id_number', 'member_count', 'search_text', 'review_state', 'score_a', 'created_at', 'updated_at',
] as const;
export const ENTRY_COLUMNS = [
  'current_address', 'reviewer', 'housing_area_m2', 'b1_region', 'request_kind', 'request_received_on', 'request_reason', 'id_issued_by', 'score_a_from_items',
] as const;
export const ANSWER_COLUMNS = ['screening', 'score_a', 'b1_items', 'b2', 'monthly_income'] as const;
export const RESULT_COLUMNS = [
  'status', 'score_b', 'deprivation_count', 'deprived', 'transition', 'refer_to_review', 'rule_set_id', 'rule_set_version', 'unverified', 'local', 'computed_at',
] as const;

const cols = (alias: string, list: readonly string[]): string => list.map((c) => `${alias}.${c}`).join(', ');

/** The household rows of the commune in the round, with their natural keys. */
export function readCommuneParts(sqlite: BetterSqlite3.Database, roundId: number, communeId: number): Omit<Parts, 'audit' | 'rule_set_snapshots'> & { audit: Row[]; rule_set_snapshots: Row[] } {
  const p = { round: roundId, commune: communeId };
  // "ORDER BY +h.code", not "h.code": ordered by the code, the planner would walk the whole round
  // by its (round, code) index and keep the commune's rows (a province's round: every commune's
  // households, a cost that grew with each commune merged); so it finds the commune's households
  // by a (round, commune) index and sorts those alone.
  const H = `households h WHERE h.round_id = $round AND h.commune_id = $commune`;
  const all = (sql: string): Row[] => sqlite.prepare(sql).all(p) as Row[];
  const villages = all(
    `SELECT v.code, v.name, v.type, v.valid_from AS validFrom, v.valid_to AS validTo, s.value AS area FROM units v
     LEFT JOIN settings s ON s.key = 'village.area.' || v.id
     WHERE v.parent_id = $commune AND v.level = 'village' ORDER BY v.code, v.valid_from`,
  );
  const households = all(`SELECT ${cols('h', HOUSEHOLD_COLUMNS)}, (SELECT code FROM units WHERE id = h.village_id) AS village FROM ${H} ORDER BY +h.code`);
  const members = all(
    `SELECT h.code AS household, m.person_key, ${cols('m', MEMBER_COLUMNS)} FROM members m JOIN ${H} AND h.id = m.household_id ORDER BY +h.code, m.seq`,
  );
  const answers = all(`SELECT h.code AS household, ${cols('a', ANSWER_COLUMNS)}, a.updated_at FROM answers a JOIN ${H} AND h.id = a.household_id ORDER BY +h.code`);
  const entry = all(`SELECT h.code AS household, ${cols('e', ENTRY_COLUMNS)} FROM household_entry e JOIN ${H} AND h.id = e.household_id ORDER BY +h.code`);
  const memberEntry = all(
    `SELECT h.code AS household, m.person_key, me.id_issued_on FROM member_entry me JOIN members m ON m.id = me.member_id
     JOIN ${H} AND h.id = m.household_id ORDER BY +h.code, m.seq`,
  );
  const causes = all(`SELECT h.code AS household, c.cause FROM household_causes c JOIN ${H} AND h.id = c.household_id ORDER BY +h.code, c.cause`);
  const warnings = all(
    `SELECT h.code AS household, w.code, w.path, w.message, w.created_at FROM household_warnings w JOIN ${H} AND h.id = w.household_id ORDER BY +h.code, w.id`,
  );
  const results = all(`SELECT h.code AS household, ${cols('r', RESULT_COLUMNS)} FROM results r JOIN ${H} AND h.id = r.household_id ORDER BY +h.code`);
  const snapshots = all(
    `SELECT s.id, s.version, s.body, s.first_used_at FROM rule_set_snapshots s
     WHERE EXISTS (SELECT 1 FROM results r JOIN ${H} AND h.id = r.household_id AND r.rule_set_id = s.id AND r.rule_set_version = s.version) ORDER BY s.id, s.version`,
  );
  const events = all(
    `SELECT h.code AS household, e.kind, e.person_key, e.occurred_on, (SELECT code FROM households WHERE id = e.related_household_id) AS related_household,
       e.note, e.created_at FROM household_events e JOIN ${H} AND h.id = e.household_id AND e.round_id = $round ORDER BY +h.code, e.id`,
  );
  const complaints = all(
    `SELECT h.code AS household, c.received_on, c.content, c.result, c.rechecked_on, c.status_before, c.status_after, c.created_at
     FROM complaints c JOIN ${H} AND h.id = c.household_id AND c.round_id = $round ORDER BY +h.code, c.id`,
  );
  const meetings = all(
    `SELECT v.code AS village, m.held_on, m.place, m.chair, m.secretary, m.attendees_count, m.households_present, m.households_listed, m.agreed_count,
       m.outcome, m.agreed_percent, m.present_percent, m.reviewers_count, m.created_at
     FROM village_meetings m JOIN units v ON v.id = m.village_id WHERE m.round_id = $round AND v.parent_id = $commune ORDER BY v.code, m.held_on, m.id`,
  );
  const postings = all('SELECT from_date, to_date, places, created_at FROM postings WHERE round_id = $round AND commune_id = $commune ORDER BY id');
  const opinions = all('SELECT received_on, number, content, created_at FROM district_opinions WHERE round_id = $round AND commune_id = $commune ORDER BY id');
  const decisions = all('SELECT number, signed_on, signer_name, signer_title, created_at FROM decisions WHERE round_id = $round AND commune_id = $commune ORDER BY id');
  const locks = all(
    `SELECT l.locked, (SELECT number FROM decisions WHERE id = l.decision_id) AS decision, l.changed_at, l.reason FROM round_locks l
     WHERE l.round_id = $round AND l.commune_id = $commune`,
  );
  const audit = all(
    // From the commune's households to their audit rows (CROSS JOIN keeps that order): never every
    // household's audit row of the database, each looked up to see whether it is the commune's.
    `SELECT a.at, a.actor, a.entity, h.code AS ref, a.action, a.field, a.old_value, a.new_value
       FROM households h CROSS JOIN audit a ON a.entity = 'household' AND a.entity_id = h.id WHERE h.round_id = $round AND h.commune_id = $commune
     UNION ALL
     SELECT a.at, a.actor, a.entity, h.code || '/' || m.person_key, a.action, a.field, a.old_value, a.new_value
       FROM households h CROSS JOIN members m ON m.household_id = h.id CROSS JOIN audit a ON a.entity = 'member' AND a.entity_id = m.id
       WHERE h.round_id = $round AND h.commune_id = $commune
     UNION ALL
     SELECT a.at, a.actor, a.entity, v.code || '|' || x.held_on, a.action, a.field, a.old_value, a.new_value FROM audit a
       JOIN village_meetings x ON a.entity = 'village_meeting' AND a.entity_id = x.id JOIN units v ON v.id = x.village_id
       WHERE x.round_id = $round AND v.parent_id = $commune
     UNION ALL
     SELECT a.at, a.actor, a.entity, x.from_date, a.action, a.field, a.old_value, a.new_value FROM audit a
       JOIN postings x ON a.entity = 'posting' AND a.entity_id = x.id WHERE x.round_id = $round AND x.commune_id = $commune
     UNION ALL
     SELECT a.at, a.actor, a.entity, x.number || '|' || x.received_on, a.action, a.field, a.old_value, a.new_value FROM audit a
       JOIN district_opinions x ON a.entity = 'district_opinion' AND a.entity_id = x.id WHERE x.round_id = $round AND x.commune_id = $commune
     UNION ALL
     SELECT a.at, a.actor, a.entity, x.number, a.action, a.field, a.old_value, a.new_value FROM audit a
       JOIN decisions x ON a.entity = 'decision' AND a.entity_id = x.id WHERE x.round_id = $round AND x.commune_id = $commune
     UNION ALL
     SELECT a.at, a.actor, a.entity, '', a.action, 'commune', a.old_value, a.new_value FROM audit a
       WHERE a.entity = 'round' AND a.entity_id = $round AND a.field = 'commune ' || CAST($commune AS INTEGER)
     ORDER BY 1, 3, 4, 5, 6`,
  );
  return {
    villages,
    households,
    members,
    answers,
    household_entry: entry,
    member_entry: memberEntry,
    causes,
    warnings,
    results,
    rule_set_snapshots: snapshots,
    events,
    complaints,
    village_meetings: meetings,
    postings,
    district_opinions: opinions,
    decisions,
    round_locks: locks,
    audit,
  };
}

// ─── A household's data as fields ───────────────────────────────────────────────────────────

/** The household's own data a person keys (what two offices can both change), field by field. */
export type HouseholdFields = Record<string, string>;

const FLAT_COLUMNS = ['village', 'address', 'area', 'ethnic_minority', 'no_working_capacity', 'merit_person', 'female_head', 'review_state'] as const;

const byHousehold = (rows: readonly Row[]): Map<string, Row[]> => {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = r.household as string;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
};

/** The parts whose rows belong to a household (by its code). */
const GROUPED_PARTS = ['members', 'answers', 'household_entry', 'member_entry', 'causes', 'warnings', 'results'] as const;
type GroupedPart = (typeof GROUPED_PARTS)[number];
/** Each household's rows of each part, by household code (made once a package: the plan and the import share it). */
export type HouseholdGroups = Record<GroupedPart, Map<string, Row[]>>;

export function householdGroups(parts: Pick<Parts, GroupedPart>): HouseholdGroups {
  return Object.fromEntries(GROUPED_PARTS.map((name) => [name, byHousehold(parts[name])])) as HouseholdGroups;
}

/**
 * Each household's fields: its columns, its answers (Phiếu A, B1, B2, income), its entry details,
 * its causes, and each member (one field per person, by person key; absent = no such field).
 * Values are JSON texts, so that two fields compare as strings.
 */
export function householdFields(parts: FieldParts): Map<string, HouseholdFields> {
  const out = new Map<string, HouseholdFields>();
  eachHouseholdFields(parts, (code, f) => out.set(code, f));
  return out;
}

type FieldParts = Pick<Parts, 'households' | 'members' | 'answers' | 'household_entry' | 'member_entry' | 'causes'>;
const ANSWER_FIELDS = ['screening', 'b1_items', 'b2', 'monthly_income', 'score_a'] as const;
/** The fields' names, made once (not ten thousand times a package). */
const ANSWER_KEYS = ANSWER_FIELDS.map((c) => [c, `answers.${c}`] as const);
const ENTRY_KEYS = ENTRY_COLUMNS.map((c) => [c, `entry.${c}`] as const);
const NO_ROWS: readonly Row[] = [];

/**
 * householdFields one household at a time, none kept: the caller keeps what it needs (a commune's
 * ten thousand new households need only their digest, not thirty fields each held in memory).
 * `groups`: the parts' rows by household, when the caller has them already.
 */
export function eachHouseholdFields(
  parts: FieldParts,
  fn: (code: string, fields: HouseholdFields) => void,
  groups: Pick<HouseholdGroups, 'members' | 'answers' | 'household_entry' | 'member_entry' | 'causes'> = {
    members: byHousehold(parts.members),
    answers: byHousehold(parts.answers),
    household_entry: byHousehold(parts.household_entry),
    member_entry: byHousehold(parts.member_entry),
    causes: byHousehold(parts.causes),
  },
): void {
  for (const h of parts.households) {
    const code = h.code as string;
    const f = newFields();
    for (const c of FLAT_COLUMNS) f[c] = JSON.stringify(h[c] ?? null);
    const a = groups.answers.get(code)?.[0];
    for (const [c, k] of ANSWER_KEYS) f[k] = JSON.stringify(a ? (a[c] ?? null) : null);
    const e = groups.household_entry.get(code)?.[0];
    if (e) for (const [c, k] of ENTRY_KEYS) f[k] = JSON.stringify(e[c] ?? null);
    const causes = groups.causes.get(code);
    f.causes = causes ? JSON.stringify(causes.map((c) => c.cause).sort()) : '[]';
    // Most households have no member entry details: no map made for them.
    const entries = groups.member_entry.get(code);
    const issued = entries ? new Map(entries.map((me) => [me.person_key as string, me.id_issued_on ?? null])) : undefined;
    for (const m of groups.members.get(code) ?? NO_ROWS) {
      const key = m.person_key as string;
      const row: Row = {};
      for (const c of MEMBER_COLUMNS) row[c] = m[c] ?? null;
      if (issued?.has(key)) row.id_issued_on = issued.get(key);
      f[`member.${key}`] = JSON.stringify(row);
    }
    fn(code, f);
  }
}

/**
 * An empty set of fields, as a dictionary: a household's fields are named by its members' person
 * keys (member.<uuid>), a name no other household has. Added one by one to a plain object, each
 * such name made V8 a new hidden class (a transition kept from the shape before it): slow (half a
 * second a commune of ten thousand households) and never given back over a province's hundred
 * communes. An object without a prototype is a dictionary from the start.
 */
export const newFields = (): HouseholdFields => Object.create(null) as HouseholdFields;

/** One digest of a household's fields (the baseline kept per exchanged household). */
export function fieldsDigest(f: HouseholdFields): string {
  // The same bytes as one update per field, in one update (a household has some thirty fields).
  let text = '';
  for (const k of Object.keys(f).sort()) text += `${k}\u0000${f[k]}\u0001`;
  return crypto.createHash('sha256').update(text).digest('hex');
}
