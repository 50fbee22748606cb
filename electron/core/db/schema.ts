import type { Generated } from 'kysely';

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
export interface UnitMapTable {
  old_unit_id: number;
  new_unit_id: number;
  effective_date: string;
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
}
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
}
export interface SettingTable {
  key: string;
  value: string;
}

export interface Database {
  units: UnitTable;
  unit_map: UnitMapTable;
  rounds: RoundTable;
  households: HouseholdTable;
  members: MemberTable;
  answers: AnswerTable;
  results: ResultTable;
  household_causes: HouseholdCauseTable;
  rule_set_snapshots: RuleSetSnapshotTable;
  audit: AuditTable;
  settings: SettingTable;
}
