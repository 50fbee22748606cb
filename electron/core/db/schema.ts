import type { Generated, Selectable } from 'kysely';

/** Every table, as Kysely sees it (the current schema; migrations never import this). */
export interface UnitTable {
  id: Generated<number>;
  code: string;
  name: string;
  type: string;
  level: 'province' | 'district' | 'commune' | 'village';
  parent_id: number | null;
  valid_from: string;
  valid_to: string | null;
  name_sort: string;
}
/** A unit as the core reads it (everything but its sort key). */
export type UnitRow = Omit<Selectable<UnitTable>, 'name_sort'>;
export interface UnitMapTable {
  old_unit_id: number;
  new_unit_id: number;
  effective_date: string;
  /** 1 when the old unit was divided between several new ones (one row per new unit; migration 8). */
  divided: number;
}
/** Each version of the national unit register loaded (units/register.ts; migration 8). */
export interface RegisterVersionTable {
  id: Generated<number>;
  version: string;
  sha256: string;
  source: string;
  loaded_at: string;
  loaded_by: string;
  /** JSON: the counts per map and the old → new rows (RegisterCounts). */
  counts: string;
}
/** Each old village and the village of the new commune its households went to (reform/map.ts; migration 9). */
export interface ReformVillageMapTable {
  old_village_id: number;
  new_village_id: number;
  created_at: string;
}
/** The officer's choice of new commune for a village of a divided old commune (0: no village; migration 9). */
export interface ReformAssignmentTable {
  old_commune_id: number;
  old_village_id: number;
  new_commune_id: number;
  assigned_by: string;
  assigned_at: string;
}
/** Households of an earlier round held until their village is assigned a new commune (reform/queue.ts; migration 9). */
export interface ReformPendingTable {
  round_id: number;
  household_id: number;
  from_round_id: number;
  old_commune_id: number;
  old_village_id: number;
  reason: 'divided' | 'outside';
  new_commune_id: number | null;
  created_at: string;
}
export interface RoundTable {
  id: Generated<number>;
  year: number;
  kind: 'periodic' | 'adhoc';
  title: string;
  rule_set_id: string;
  unit_map_date: string;
  reference_date: string;
  scope_unit_id: number;
  locked: number;
  created_at: string;
}
export interface HouseholdTable {
  id: Generated<number>;
  round_id: number;
  code: string;
  commune_id: number;
  village_id: number | null;
  address: string;
  area: 'rural' | 'urban';
  ethnic_minority: number;
  no_working_capacity: number;
  merit_person: number;
  female_head: number;
  head_name: string;
  head_sort: string;
  head_id_number: string | null;
  member_count: number;
  search_text: string;
  review_state: string;
  created_at: string;
  updated_at: string;
  /** answers.score_a, kept by triggers for the list's score A sort (households/search-migrations.ts; migration 7). */
  score_a: number | null;
  /** Raised by every save of the household (migration 12); a save based on an older one is refused. */
  version: Generated<number>;
}
/** A row of the households table as SQLite returns it. */
export type HouseholdRow = Selectable<HouseholdTable>;
/** The household columns copied or compared across rounds (entry/rounds.ts, excel/import.ts). */
export type HouseholdPlace = Pick<HouseholdRow, 'id' | 'code' | 'commune_id' | 'village_id' | 'address' | 'area' | 'ethnic_minority' | 'no_working_capacity' | 'merit_person' | 'female_head'>;
export interface MemberTable {
  id: Generated<number>;
  household_id: number;
  person_key: string;
  seq: number;
  full_name: string;
  sex: 'male' | 'female';
  birth_date: string | null;
  id_number: string | null;
  relation: string;
  ethnicity: string;
  health_insurance: number | null;
  schooling: string | null;
  education: string | null;
  employment: string | null;
  disability: number | null;
  working_capacity: number | null;
  nutrition: string | null;
}
export interface AnswerTable {
  household_id: number;
  screening: string | null;
  score_a: number | null;
  b1_items: string | null;
  b2: string | null;
  monthly_income: number | null;
  updated_at: string;
}
export interface ResultTable {
  household_id: number;
  status: 'poor' | 'near_poor' | 'neither' | 'middle_income';
  score_b: number | null;
  deprivation_count: number | null;
  deprived: string;
  transition: string | null;
  refer_to_review: number;
  rule_set_id: string;
  rule_set_version: string;
  unverified: string;
  local: string;
  computed_at: string;
  /** The household's round (migration 4), so that a round's results are one index range. */
  round_id: number | null;
}
/** A cause of poverty of a household (entry migration 3); `cause` is an id of shared/domain/causes.ts. */
export interface HouseholdCauseTable {
  household_id: number;
  cause: string;
}
export interface RuleSetSnapshotTable {
  id: string;
  version: string;
  body: string;
  first_used_at: string;
}
export interface AuditTable {
  id: Generated<number>;
  at: string;
  actor: string;
  entity: string;
  entity_id: number | null;
  action: string;
  field: string | null;
  old_value: string | null;
  new_value: string | null;
  /** The commune or village the change or read concerns (migration 12), for filtering. */
  unit_id: number | null;
}
export interface UserTable {
  id: Generated<number>;
  name: string;
  full_name: string;
  role: 'admin' | 'officer' | 'keyer' | 'leader' | 'viewer';
  password_hash: string;
  must_change: number;
  active: number;
  failed_count: number;
  locked_until: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}
export interface UserVillageTable {
  user_id: number;
  village_id: number;
}
/** An exchange package imported (issue 13; exchange/migrations.ts, migration 13). */
export interface ExchangePackageTable {
  id: Generated<number>;
  package_id: string;
  office_code: string;
  office_name: string;
  round_id: number;
  commune_id: number;
  format_version: number;
  created_at: string;
  created_by: string;
  households: number;
  forced: number;
  /** JSON: the counts per status (new, changed, unchanged, kept, conflict). */
  summary: string;
  received_at: string;
  received_by: string;
}
/** Per household exchanged: the digest of its data as the office last sent it (migration 13). */
export interface ExchangeBaselineTable {
  office_code: string;
  round_id: number;
  household_code: string;
  digest: string;
  package_id: string;
}
/** A household's income worksheet (entry/income-migrations.ts, migration 16); its result is also answers.monthly_income. */
export interface IncomeWorksheetTable {
  household_id: number;
  period: string;
  members: number;
  /** JSON: the worksheet's lines as keyed (shared/engine/income.ts IncomeLine[]). */
  lines: string;
  net_income: number;
  excluded: number;
  monthly_per_capita: number;
  updated_at: string;
  updated_by: string;
}
/** A request of the monthly (ad hoc) review, Mẫu 01 / 04 (requests/migrations.ts, migration 15). */
export interface AdhocRequestTable {
  id: Generated<number>;
  commune_id: number;
  household_id: number | null;
  household_code: string | null;
  head_name: string;
  address: string;
  form: 'M01' | 'M04';
  purpose: 'poverty' | 'middle_income' | 'exit';
  received_on: string;
  received_by: string;
  reason: string;
  status: 'open' | 'accepted' | 'refused';
  settled_on: string | null;
  outcome: string | null;
  refusal_reasons: string | null;
  round_id: number | null;
  created_at: string;
}
/** A poverty-reduction target of a commune (by code) and year (overview/migrations.ts, migration 14). */
export interface OverviewTargetTable {
  id: Generated<number>;
  commune_code: string;
  year: number;
  poor_reduction: number;
  near_poor_reduction: number | null;
  note: string;
  updated_at: string;
  updated_by: string;
}
export interface SettingTable {
  key: string;
  value: string;
}

// The review workflow's tables (entry migration 2), read and written by electron/core/entry and documents.
export interface EntryDraftTable {
  key: string;
  round_id: number;
  household_id: number | null;
  body: string;
  saved_at: string;
}
export interface HouseholdEntryTable {
  household_id: number;
  current_address: string;
  reviewer: string;
  housing_area_m2: number | null;
  b1_region: string | null;
  request_kind: 'mau01' | 'mau04' | null;
  request_received_on: string | null;
  request_reason: string;
  id_issued_by: string;
  score_a_from_items: number;
}
export interface MemberEntryTable {
  member_id: number;
  id_issued_on: string | null;
}
export interface HouseholdWarningTable {
  id: Generated<number>;
  household_id: number;
  code: string;
  path: string;
  message: string;
  created_at: string;
}
export interface VillageMeetingTable {
  id: Generated<number>;
  round_id: number;
  village_id: number;
  held_on: string;
  place: string;
  chair: string;
  secretary: string;
  attendees_count: number;
  households_present: number;
  households_listed: number;
  agreed_count: number;
  outcome: 'agreed' | 're_review';
  agreed_percent: number;
  present_percent: number;
  reviewers_count: number | null;
  created_at: string;
}
export interface PostingTable {
  id: Generated<number>;
  round_id: number;
  commune_id: number;
  from_date: string;
  to_date: string;
  places: string;
  created_at: string;
}
export interface ComplaintTable {
  id: Generated<number>;
  round_id: number;
  household_id: number;
  received_on: string;
  content: string;
  result: string | null;
  rechecked_on: string | null;
  status_before: string | null;
  status_after: string | null;
  created_at: string;
}
export interface DistrictOpinionTable {
  id: Generated<number>;
  round_id: number;
  commune_id: number;
  received_on: string;
  number: string;
  content: string;
  created_at: string;
}
export interface DecisionTable {
  id: Generated<number>;
  round_id: number;
  commune_id: number;
  number: string;
  signed_on: string;
  signer_name: string;
  signer_title: string;
  created_at: string;
}
export interface HouseholdEventTable {
  id: Generated<number>;
  round_id: number;
  household_id: number;
  kind: 'died' | 'moved_out' | 'born' | 'married_in' | 'moved_in' | 'split' | 'merged';
  person_key: string | null;
  occurred_on: string;
  related_household_id: number | null;
  note: string;
  created_at: string;
}
export interface RoundLockTable {
  round_id: number;
  commune_id: number;
  locked: number;
  decision_id: number | null;
  changed_at: string;
  reason: string;
}

/** An administrator rule-set file confirmed for use: exactly these bytes (migration 5). */
export interface RuleSetConfirmationTable {
  id: Generated<number>;
  rule_set_id: string;
  version: string;
  sha256: string;
  file: string;
  how: 'confirmed' | 'loaded_in_app';
  confirmed_by: string;
  confirmed_at: string;
}

export interface Database {
  units: UnitTable;
  unit_map: UnitMapTable;
  register_versions: RegisterVersionTable;
  reform_village_map: ReformVillageMapTable;
  reform_assignments: ReformAssignmentTable;
  reform_pending: ReformPendingTable;
  rounds: RoundTable;
  households: HouseholdTable;
  members: MemberTable;
  answers: AnswerTable;
  results: ResultTable;
  household_causes: HouseholdCauseTable;
  household_counts: HouseholdCountTable;
  results_by_name: ResultsByNameTable;
  results_by_name_bulk: ResultsByNameBulkTable;
  result_counts: ResultCountTable;
  result_score_counts: ResultScoreCountTable;
  score_name_bounds: ScoreNameBoundTable;
  search_pair_terms: SearchPairTermTable;
  score_name_counts: ScoreNameCountTable;
  rule_set_snapshots: RuleSetSnapshotTable;
  rule_set_confirmations: RuleSetConfirmationTable;
  audit: AuditTable;
  settings: SettingTable;
  entry_drafts: EntryDraftTable;
  household_entry: HouseholdEntryTable;
  member_entry: MemberEntryTable;
  household_warnings: HouseholdWarningTable;
  village_meetings: VillageMeetingTable;
  postings: PostingTable;
  complaints: ComplaintTable;
  district_opinions: DistrictOpinionTable;
  decisions: DecisionTable;
  household_events: HouseholdEventTable;
  round_locks: RoundLockTable;
  users: UserTable;
  user_villages: UserVillageTable;
  exchange_packages: ExchangePackageTable;
  exchange_baselines: ExchangeBaselineTable;
  overview_targets: OverviewTargetTable;
  adhoc_requests: AdhocRequestTable;
  income_worksheets: IncomeWorksheetTable;
}

/**
 * Every column of every table with whether it may hold NULL, as the types above say. The type
 * makes this list complete and right (a column left out, one too many or a wrong NULL is a
 * compile error); test/integration/db-schema.test.ts holds it against the real tables, so the
 * types cannot drift from the migrations.
 */
export type ColumnSpec<T> = { readonly [K in keyof Selectable<T>]-?: null extends Selectable<T>[K] ? 'null' : 'not null' };
export type SchemaSpec = { readonly [T in keyof Database]: ColumnSpec<Database[T]> };

const N = 'not null' as const;
const Y = 'null' as const;
/** Households and members per round, commune and village (0: none), kept exact by triggers (migration 6). */
export interface HouseholdCountTable {
  round_id: number;
  commune_id: number;
  village_id: number;
  households: number;
  members: number;
}

/** A round's results outside its large class and transition, in name order, kept exact by triggers (migration 21, households/name-order.ts). */
export interface ResultsByNameTable {
  round_id: number;
  /** 1: the class, 2: the transition ('' none). */
  kind: number;
  value: string;
  head_sort: string;
  household_id: number;
}
/** Each round's large value of each kind, the one results_by_name leaves out (migration 21). */
export interface ResultsByNameBulkTable {
  round_id: number;
  kind: number;
  value: string;
}

/** A round's results by class and transition ('' none), kept exact by triggers (migration 21). */
/** The pair index's terms (fts5vocab over household_search_pairs, migration 28: households/search-index.ts exactLastPair); read only. */
export interface SearchPairTermTable {
  /** (A virtual table's columns are never declared NOT NULL; every row has a term.) */
  term: string | null;
  doc: number | null;
  cnt: number | null;
}

export interface ResultCountTable {
  round_id: number;
  status: string;
  transition: string;
  n: number;
}

/** A round's results by score B (those without one left out), kept exact by triggers (migration 23). */
export interface ResultScoreCountTable {
  round_id: number;
  score_b: number;
  n: number;
}

/** Where each stretch of a round's name order begins (a name and an id; the first '' and 0), chosen by the round's last refill (migration 26). */
export interface ScoreNameBoundTable {
  round_id: number;
  head_sort: string;
  household_id: number;
}

/** A round's results by score B and stretch of its name order (the stretch's bound), kept exact by triggers (migration 26). */
export interface ScoreNameCountTable {
  round_id: number;
  score_b: number;
  head_sort: string;
  household_id: number;
  n: number;
}

export const SCHEMA_COLUMNS: SchemaSpec = {
  units: { id: N, code: N, name: N, type: N, level: N, parent_id: Y, valid_from: N, valid_to: Y, name_sort: N },
  unit_map: { old_unit_id: N, new_unit_id: N, effective_date: N, divided: N },
  register_versions: { id: N, version: N, sha256: N, source: N, loaded_at: N, loaded_by: N, counts: N },
  reform_village_map: { old_village_id: N, new_village_id: N, created_at: N },
  reform_assignments: { old_commune_id: N, old_village_id: N, new_commune_id: N, assigned_by: N, assigned_at: N },
  reform_pending: { round_id: N, household_id: N, from_round_id: N, old_commune_id: N, old_village_id: N, reason: N, new_commune_id: Y, created_at: N },
  rounds: { id: N, year: N, kind: N, title: N, rule_set_id: N, unit_map_date: N, reference_date: N, scope_unit_id: N, locked: N, created_at: N },
  households: {
    id: N, round_id: N, code: N, commune_id: N, village_id: Y, address: N, area: N, ethnic_minority: N, no_working_capacity: N, merit_person: N,
    female_head: N, head_name: N, head_sort: N, head_id_number: Y, member_count: N, search_text: N, review_state: N, created_at: N, updated_at: N,
    score_a: Y, version: N,
  },
  members: {
    id: N, household_id: N, person_key: N, seq: N, full_name: N, sex: N, birth_date: Y, id_number: Y, relation: N, ethnicity: N,
    health_insurance: Y, schooling: Y, education: Y, employment: Y, disability: Y, working_capacity: Y, nutrition: Y,
  },
  answers: { household_id: N, screening: Y, score_a: Y, b1_items: Y, b2: Y, monthly_income: Y, updated_at: N },
  results: {
    household_id: N, status: N, score_b: Y, deprivation_count: Y, deprived: N, transition: Y, refer_to_review: N, rule_set_id: N,
    rule_set_version: N, unverified: N, local: N, computed_at: N, round_id: Y,
  },
  household_causes: { household_id: N, cause: N },
  household_counts: { round_id: N, commune_id: N, village_id: N, households: N, members: N },
  results_by_name: { round_id: N, kind: N, value: N, head_sort: N, household_id: N },
  results_by_name_bulk: { round_id: N, kind: N, value: N },
  result_counts: { round_id: N, status: N, transition: N, n: N },
  result_score_counts: { round_id: N, score_b: N, n: N },
  score_name_bounds: { round_id: N, head_sort: N, household_id: N },
  search_pair_terms: { term: Y, doc: Y, cnt: Y },
  score_name_counts: { round_id: N, score_b: N, head_sort: N, household_id: N, n: N },
  rule_set_snapshots: { id: N, version: N, body: N, first_used_at: N },
  rule_set_confirmations: { id: N, rule_set_id: N, version: N, sha256: N, file: N, how: N, confirmed_by: N, confirmed_at: N },
  audit: { id: N, at: N, actor: N, entity: N, entity_id: Y, action: N, field: Y, old_value: Y, new_value: Y, unit_id: Y },
  settings: { key: N, value: N },
  entry_drafts: { key: N, round_id: N, household_id: Y, body: N, saved_at: N },
  household_entry: {
    household_id: N, current_address: N, reviewer: N, housing_area_m2: Y, b1_region: Y, request_kind: Y, request_received_on: Y,
    request_reason: N, id_issued_by: N, score_a_from_items: N,
  },
  member_entry: { member_id: N, id_issued_on: Y },
  household_warnings: { id: N, household_id: N, code: N, path: N, message: N, created_at: N },
  village_meetings: {
    id: N, round_id: N, village_id: N, held_on: N, place: N, chair: N, secretary: N, attendees_count: N, households_present: N,
    households_listed: N, agreed_count: N, outcome: N, agreed_percent: N, present_percent: N, reviewers_count: Y, created_at: N,
  },
  postings: { id: N, round_id: N, commune_id: N, from_date: N, to_date: N, places: N, created_at: N },
  complaints: {
    id: N, round_id: N, household_id: N, received_on: N, content: N, result: Y, rechecked_on: Y, status_before: Y, status_after: Y, created_at: N,
  },
  district_opinions: { id: N, round_id: N, commune_id: N, received_on: N, number: N, content: N, created_at: N },
  decisions: { id: N, round_id: N, commune_id: N, number: N, signed_on: N, signer_name: N, signer_title: N, created_at: N },
  household_events: {
    id: N, round_id: N, household_id: N, kind: N, person_key: Y, occurred_on: N, related_household_id: Y, note: N, created_at: N,
  },
  round_locks: { round_id: N, commune_id: N, locked: N, decision_id: Y, changed_at: N, reason: N },
  users: {
    id: N, name: N, full_name: N, role: N, password_hash: N, must_change: N, active: N, failed_count: N, locked_until: Y, last_login_at: Y,
    created_at: N, updated_at: N,
  },
  user_villages: { user_id: N, village_id: N },
  exchange_packages: {
    id: N, package_id: N, office_code: N, office_name: N, round_id: N, commune_id: N, format_version: N, created_at: N, created_by: N,
    households: N, forced: N, summary: N, received_at: N, received_by: N,
  },
  exchange_baselines: { office_code: N, round_id: N, household_code: N, digest: N, package_id: N },
  overview_targets: { id: N, commune_code: N, year: N, poor_reduction: N, near_poor_reduction: Y, note: N, updated_at: N, updated_by: N },
  adhoc_requests: {
    id: N, commune_id: N, household_id: Y, household_code: Y, head_name: N, address: N, form: N, purpose: N, received_on: N, received_by: N, reason: N,
    status: N, settled_on: Y, outcome: Y, refusal_reasons: Y, round_id: Y, created_at: N,
  },
  income_worksheets: {
    household_id: N, period: N, members: N, lines: N, net_income: N, excluded: N, monthly_per_capita: N, updated_at: N, updated_by: N,
  },
};
