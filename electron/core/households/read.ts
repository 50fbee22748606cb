import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import type { AuditRow, HouseholdDetail, HouseholdList, HouseholdSort, HouseholdTotals, IndicatorView, ResultView } from '../../../shared/api/contract';
import type { ApiParsedInput } from '../../../shared/api/contract';
import { ageAt, type Member } from '../../../shared/domain/household';
import { unitFullName } from '../../../shared/domain/units';
import { explain, type LocalResult } from '../../../shared/engine/classify';
import { deriveIndicators } from '../../../shared/engine/derive';
import { STATUSES, type Status } from '../../../shared/engine/ruleset';
import type { Transition } from '../../../shared/engine/transition';
import { STATUS_LABELS, transitionLabel } from '../../../shared/glossary';
import { fold } from '../../../shared/text/fold';
import { allSync } from '../db/connection';
import type { Database } from '../db/schema';
import { AppError } from '../errors';
import type { RuleSetRegistry } from '../rulesets/load';
import { snapshotOf } from '../rulesets/snapshots';

const STATUS_ORDER = sql<number>`CASE res.status WHEN 'poor' THEN 1 WHEN 'near_poor' THEN 2 WHEN 'middle_income' THEN 3 WHEN 'neither' THEN 4 ELSE 5 END`;

const SORT_COLUMNS: Record<HouseholdSort, ReturnType<typeof sql>> = {
  name: sql`h.head_sort`,
  code: sql`h.code`,
  village: sql`v.name_sort`,
  status: STATUS_ORDER,
  scoreA: sql`a.score_a`,
  scoreB: sql`res.score_b`,
  members: sql`h.member_count`,
  commune: sql`c.name_sort`,
  transition: sql`res.transition`,
  reviewState: sql`h.review_state`,
};

const FLAG_COLUMNS = { ethnicMinority: 'ethnic_minority', noWorkingCapacity: 'no_working_capacity', meritPerson: 'merit_person', femaleHead: 'female_head' } as const;

/**
 * One page of a round's households, filtered and sorted (Vietnamese order by the head's name).
 * Two steps keep a page fast on a whole district: the ids of the page are found with only the
 * joins that the filter and sort need (the name sort walks the (round_id, head_sort) index),
 * then the page's 100 rows are read in full.
 */
export async function listHouseholds(db: Kysely<Database>, input: ApiParsedInput<'households.list'>): Promise<HouseholdList> {
  const needsResults =
    input.status !== undefined || input.transition !== undefined || input.totals || input.sort === 'status' || input.sort === 'scoreB' || input.sort === 'transition';
  let base = db.selectFrom('households as h').where('h.round_id', '=', input.roundId);
  if (input.communeId) base = base.where('h.commune_id', '=', input.communeId);
  if (input.villageId) base = base.where('h.village_id', '=', input.villageId);
  if (input.reviewState) base = base.where('h.review_state', '=', input.reviewState);
  if (input.warnings !== undefined) {
    const has = sql<boolean>`EXISTS (SELECT 1 FROM household_warnings w WHERE w.household_id = h.id)`;
    base = base.where(input.warnings ? has : sql<boolean>`NOT ${has}`);
  }
  for (const [flag, column] of Object.entries(FLAG_COLUMNS) as [keyof typeof FLAG_COLUMNS, string][]) {
    const wanted = input.flags?.[flag];
    if (wanted !== undefined) base = base.where(sql.ref(`h.${column}`), '=', wanted ? 1 : 0);
  }
  const needle = input.search ? fold(input.search) : '';
  if (/^[\d-]{3,}$/u.test(needle)) {
    // Digits: a household code ("30487-00123") or an ID number (CCCD), by prefix on their indexes.
    const upper = `${needle}\uffff`;
    base = base.where((eb) =>
      eb.or([
        eb.and([eb('h.code', '>=', needle), eb('h.code', '<', upper)]),
        eb('h.id', 'in', eb.selectFrom('members as m').select('m.household_id').where('m.id_number', '>=', needle).where('m.id_number', '<', upper)),
      ]),
    );
  } else if (needle.length >= 3) {
    // Names: search_text holds the folded names (lower case, no diacritics, đ → d), indexed by trigrams.
    const phrase = `"${needle.replace(/"/gu, '""')}"`;
    base = base.where(sql<boolean>`h.id IN (SELECT rowid FROM household_search WHERE household_search MATCH ${phrase})`);
  } else if (needle) base = base.where(sql<boolean>`instr(h.search_text, ${needle}) > 0`);
  // A class or transition filter reads the round's results by their (round_id, status / transition)
  // index and joins the households to them: a range of the index, not a probe per household.
  const byResult = (input.status !== undefined && input.status !== 'unclassified') || input.transition !== undefined;
  let filtered = byResult
    ? base.innerJoin('results as res', 'res.household_id', 'h.id').where(sql.ref('res.round_id'), '=', input.roundId)
    : needsResults
      ? base.leftJoin('results as res', 'res.household_id', 'h.id')
      : base;
  if (input.status === 'unclassified') filtered = filtered.where(sql.ref('res.household_id'), 'is', null);
  else if (input.status) filtered = filtered.where(sql.ref('res.status'), '=', input.status);
  // Any class and this transition: the (round_id, status, transition) index serves it (status is never NULL).
  if (input.transition !== undefined && !input.status) filtered = filtered.where(sql.ref('res.status'), 'in', STATUSES);
  if (input.transition === 'none') filtered = filtered.where(sql.ref('res.household_id'), 'is not', null).where(sql.ref('res.transition'), 'is', null);
  else if (input.transition) filtered = filtered.where(sql.ref('res.transition'), '=', input.transition);

  let totals: HouseholdTotals | undefined;
  let total: { n: number };
  if (input.totals) {
    const t = await filtered
      .select([
        sql<number>`COUNT(*)`.as('n'),
        sql<number>`COALESCE(SUM(h.member_count), 0)`.as('members'),
        sql<number>`COALESCE(SUM(res.status = 'poor'), 0)`.as('poor'),
        sql<number>`COALESCE(SUM(res.status = 'near_poor'), 0)`.as('near_poor'),
        sql<number>`COALESCE(SUM(res.status = 'neither'), 0)`.as('neither'),
        sql<number>`COALESCE(SUM(res.status = 'middle_income'), 0)`.as('middle_income'),
        sql<number>`COALESCE(SUM(res.status IS NULL), 0)`.as('unclassified'),
      ])
      .executeTakeFirstOrThrow();
    total = { n: Number(t.n) };
    totals = {
      households: Number(t.n),
      members: Number(t.members),
      byStatus: { poor: Number(t.poor), near_poor: Number(t.near_poor), neither: Number(t.neither), middle_income: Number(t.middle_income), unclassified: Number(t.unclassified) },
    };
  } else total = await filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

  let sorted = filtered;
  if (input.sort === 'scoreA') sorted = sorted.leftJoin('answers as a', 'a.household_id', 'h.id');
  if (input.sort === 'village') sorted = sorted.leftJoin('units as v', 'v.id', 'h.village_id');
  if (input.sort === 'commune') sorted = sorted.innerJoin('units as c', 'c.id', 'h.commune_id');
  const dir = input.dir === 'desc' ? sql`DESC` : sql`ASC`;
  const order = input.sort === 'name' ? sql`h.head_sort ${dir}, h.id ${dir}` : sql`${SORT_COLUMNS[input.sort]} ${dir}, h.head_sort, h.id`;
  const page = await sorted.select('h.id').orderBy(order).limit(input.limit).offset(input.offset).execute();
  const ids = page.map((p) => p.id);
  if (ids.length === 0) return { total: Number(total.n), rows: [], ...(totals ? { totals } : {}) };

  const rows = await db
    .selectFrom('households as h')
    .leftJoin('results as res', 'res.household_id', 'h.id')
    .leftJoin('answers as a', 'a.household_id', 'h.id')
    .leftJoin('units as v', 'v.id', 'h.village_id')
    .innerJoin('units as c', 'c.id', 'h.commune_id')
    .select([
      'h.id',
      'h.code',
      'h.head_name',
      'h.head_id_number',
      'h.member_count',
      'h.area',
      'h.ethnic_minority',
      'a.score_a',
      'res.score_b',
      'res.status',
      'res.transition',
      'v.name as village_name',
      'c.name as commune_name',
      'c.type as commune_type',
      'h.review_state',
      sql<number>`(SELECT COUNT(*) FROM household_warnings w WHERE w.household_id = h.id)`.as('warning_count'),
    ])
    .where('h.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: Number(total.n),
    rows: ids.map((id) => byId.get(id)!).map((r) => ({
      id: r.id,
      code: r.code,
      headName: r.head_name,
      headIdNumber: r.head_id_number,
      communeName: unitFullName(r.commune_type, r.commune_name),
      villageName: r.village_name ?? '',
      memberCount: r.member_count,
      area: r.area,
      scoreA: r.score_a,
      scoreB: r.score_b,
      status: (r.status as Status | null) ?? null,
      transition: (r.transition as Transition | null) ?? null,
      ethnicMinority: r.ethnic_minority === 1,
      reviewState: r.review_state,
      warningCount: Number(r.warning_count),
    })),
    ...(totals ? { totals } : {}),
  };
}

const boolOf = (v: number | null): boolean | null => (v === null ? null : v === 1);

export async function getHousehold(
  db: Kysely<Database>,
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  householdId: number,
): Promise<HouseholdDetail> {
  const h = await db
    .selectFrom('households as h')
    .innerJoin('rounds as r', 'r.id', 'h.round_id')
    .innerJoin('units as c', 'c.id', 'h.commune_id')
    .leftJoin('units as v', 'v.id', 'h.village_id')
    .leftJoin('answers as a', 'a.household_id', 'h.id')
    .leftJoin('results as res', 'res.household_id', 'h.id')
    .selectAll('h')
    .select([
      'r.year',
      'r.rule_set_id as round_rule_set_id',
      'r.reference_date',
      'c.name as commune_name',
      'c.type as commune_type',
      'v.name as village_name',
      'v.type as village_type',
      'a.score_a',
      'a.b2',
      'a.monthly_income',
      'res.status',
      'res.score_b',
      'res.deprivation_count',
      'res.deprived',
      'res.transition',
      'res.refer_to_review',
      'res.rule_set_id',
      'res.rule_set_version',
      'res.unverified',
      'res.local',
      'res.computed_at',
    ])
    .where('h.id', '=', householdId)
    .executeTakeFirst();
  if (!h) throw new AppError('NOT_FOUND', `Household ${householdId} not found`);

  const memberRows = await db.selectFrom('members').selectAll().where('household_id', '=', householdId).orderBy('seq').execute();
  const members = memberRows.map((m) => {
    const member: Member = {
      seq: m.seq,
      fullName: m.full_name,
      sex: m.sex,
      birthDate: m.birth_date,
      idNumber: m.id_number,
      relation: m.relation as Member['relation'],
      ethnicity: m.ethnicity,
      healthInsurance: boolOf(m.health_insurance),
      schooling: m.schooling as Member['schooling'],
      education: m.education as Member['education'],
      employment: m.employment as Member['employment'],
      disability: boolOf(m.disability),
      workingCapacity: boolOf(m.working_capacity),
      nutrition: m.nutrition as Member['nutrition'],
    };
    return { ...member, id: m.id, age: ageAt(m.birth_date, h.reference_date) };
  });

  // A result is explained with the rules that produced it; the entry view uses the round's rules.
  const produced = h.status ? snapshotOf(sqlite, h.rule_set_id!, h.rule_set_version!) : undefined;
  const ruleSet = produced ?? registry.get(h.round_rule_set_id);
  const b2 = h.b2 ? (JSON.parse(h.b2) as Record<string, boolean | null>) : {};
  const derived = ruleSet ? deriveIndicators(ruleSet, members, h.reference_date) : {};
  const indicators: IndicatorView[] = (ruleSet?.indicators.value ?? []).map((i) => ({
    id: i.id,
    number: i.number,
    label: i.label,
    dimension: i.dimension,
    answer: b2[i.id] ?? null,
    derived: derived[i.id] ?? null,
  }));

  let result: ResultView | null = null;
  if (h.status) {
    const status = h.status as Status;
    const transition = (h.transition as Transition | null) ?? null;
    const decision = {
      id: h.code,
      status,
      transition,
      ruleSet: { id: h.rule_set_id!, version: h.rule_set_version! },
      unverified: [],
      ...(h.deprivation_count !== null ? { scoreB: h.score_b!, deprivationCount: h.deprivation_count!, deprived: JSON.parse(h.deprived ?? '[]') as string[] } : {}),
      ...(h.refer_to_review === 1 ? { referToReview: true } : {}),
    };
    const assessment = {
      area: h.area,
      ...(h.score_a !== null && h.deprivation_count !== null ? { scoreA: h.score_a } : {}),
      ...(h.monthly_income !== null ? { monthlyIncomePerCapita: h.monthly_income } : {}),
    };
    result = {
      status,
      statusLabel: STATUS_LABELS[status],
      scoreB: h.score_b ?? null,
      deprivationCount: h.deprivation_count ?? null,
      deprived: JSON.parse(h.deprived ?? '[]') as string[],
      transition,
      transitionLabel: transitionLabel(transition, status),
      explanation: produced ? explain(produced, assessment, decision) : '',
      ruleSet: { id: h.rule_set_id!, version: h.rule_set_version! },
      unverified: JSON.parse(h.unverified ?? '[]') as string[],
      referToReview: h.refer_to_review === 1,
      computedAt: h.computed_at!,
      local: JSON.parse(h.local ?? '[]') as LocalResult[],
    };
  }

  const history = await db
    .selectFrom('households as h2')
    .innerJoin('rounds as r2', 'r2.id', 'h2.round_id')
    .innerJoin('results as res2', 'res2.household_id', 'h2.id')
    .select(['r2.year', 'res2.status'])
    .where('h2.code', '=', h.code)
    .where('r2.year', '<', h.year)
    .orderBy('r2.year')
    .execute();

  return {
    id: h.id,
    roundId: h.round_id,
    roundYear: h.year,
    code: h.code,
    address: h.address,
    communeName: unitFullName(h.commune_type, h.commune_name),
    villageName: h.village_name ? unitFullName(h.village_type!, h.village_name) : '',
    area: h.area,
    flags: {
      ethnicMinority: h.ethnic_minority === 1,
      noWorkingCapacity: h.no_working_capacity === 1,
      meritPerson: h.merit_person === 1,
      femaleHead: h.female_head === 1,
    },
    reviewState: h.review_state,
    members,
    scoreA: h.score_a ?? null,
    monthlyIncomePerCapita: h.monthly_income ?? null,
    indicators,
    result,
    history: history.map((x) => ({ year: x.year, status: x.status })),
  };
}

/** Who changed the household or one of its members, when, from what to what; oldest first. */
export function householdHistory(db: Kysely<Database>, sqlite: BetterSqlite3.Database, householdId: number): AuditRow[] {
  const rows = allSync(
    sqlite,
    db
    .selectFrom('audit')
    .select(['at', 'actor', 'action', 'field', 'old_value', 'new_value'])
    .where((eb) =>
      eb.or([
        eb.and([eb('entity', '=', 'household'), eb('entity_id', '=', householdId)]),
        eb.and([eb('entity', '=', 'member'), eb('entity_id', 'in', eb.selectFrom('members').select('id').where('household_id', '=', householdId))]),
      ]),
    )
    .orderBy('id'),
  );
  return rows.map((r) => ({
    at: r.at,
    actor: r.actor,
    action: r.action,
    field: r.field,
    oldValue: r.old_value === null ? null : (JSON.parse(r.old_value) as unknown),
    newValue: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
  }));
}
