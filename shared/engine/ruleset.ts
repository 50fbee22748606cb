import { z } from 'zod';

/**
 * The schema of a rule set (resources/standards/*.json). Every part carries its provenance and
 * a status: confirmed (read in the legal text), to_verify (best knowledge, shown as unverified),
 * unknown (value null: an administrator must supply it before the part can be used).
 */
export const AREAS = ['rural', 'urban'] as const;
export type Area = (typeof AREAS)[number];
export const AreaSchema = z.enum(AREAS);

export const STATUSES = ['poor', 'near_poor', 'neither', 'middle_income'] as const;
export type Status = (typeof STATUSES)[number];
export const StatusSchema = z.enum(STATUSES);

export const PartStatusSchema = z.enum(['confirmed', 'to_verify', 'unknown']);
export type PartStatus = z.infer<typeof PartStatusSchema>;

export const ProvenanceSchema = z.object({
  document: z.string().min(1),
  article: z.string().optional(),
  date: z.string().optional(),
  by: z.string().optional(),
  note: z.string().optional(),
});
export type Provenance = z.infer<typeof ProvenanceSchema>;

/** A part of a rule set: value is null exactly when its status is unknown. */
function part<T extends z.ZodType>(value: T) {
  return z
    .object({ status: PartStatusSchema, provenance: ProvenanceSchema, value: z.nullable(value) })
    .refine((p) => (p.status === 'unknown') === ((p as { value?: unknown }).value === null), {
      message: 'value must be null exactly when status is "unknown"',
    });
}

const PerArea = z.object({ rural: z.number().positive(), urban: z.number().positive() });

/** Member-level conditions used to derive an indicator from the member roster. */
export const MEMBER_FIELDS = [
  'healthInsurance',
  'schooling',
  'education',
  'employment',
  'nutrition',
  'disability',
  'workingCapacity',
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

/** An age range, and optionally a member field whose value must be one of `in`. */
export const MemberConditionSchema = z
  .object({
    ageFrom: z.number().int().min(0).optional(),
    ageUnder: z.number().int().positive().optional(),
    field: z.enum(MEMBER_FIELDS).optional(),
    in: z.array(z.union([z.string(), z.boolean()])).min(1).optional(),
  })
  .refine((c) => (c.field === undefined) === (c.in === undefined), { message: '"field" and "in" go together' })
  .refine((c) => c.field !== undefined || c.ageFrom !== undefined || c.ageUnder !== undefined, {
    message: 'a condition needs an age range or a field',
  });
export type MemberCondition = z.infer<typeof MemberConditionSchema>;

export const DerivationSchema = z.discriminatedUnion('kind', [
  /** Deprived when at least one member meets every condition of one alternative. */
  z.object({ kind: z.literal('anyMember'), anyOf: z.array(z.array(MemberConditionSchema).min(1)).min(1) }),
  /** Deprived when the share of members meeting one alternative is more than `moreThan`. */
  z.object({
    kind: z.literal('shareOfMembers'),
    anyOf: z.array(z.array(MemberConditionSchema).min(1)).min(1),
    moreThan: z.number().min(0).max(1),
  }),
  /** Only the household-level answer of Phiếu B2 decides (housing, water, devices...). */
  z.object({ kind: z.literal('answerOnly') }),
]);
export type Derivation = z.infer<typeof DerivationSchema>;

export const IndicatorSchema = z.object({
  id: z.string().regex(/^[a-z][A-Za-z]*$/u),
  number: z.number().int().positive(),
  label: z.string().min(1),
  /** The title of its column in the report's tables 4–7, when shorter than the label. */
  shortLabel: z.string().min(1).optional(),
  dimension: z.string().min(1),
  deprivedWhen: z.string().min(1),
  status: PartStatusSchema,
  /** Where this indicator (its name, its threshold) was read; the catalogue's provenance when absent. */
  provenance: ProvenanceSchema.optional(),
  derive: DerivationSchema,
});
export type Indicator = z.infer<typeof IndicatorSchema>;

export const ScreeningSchema = z.object({
  groups: z.array(z.object({ id: z.string(), label: z.string(), excludeAtLeast: z.number().int().positive() })),
  items: z.array(z.object({ id: z.string(), group: z.string(), label: z.string() })).min(1),
});

export const B1PointTableSchema = z.object({
  regions: z.array(z.object({ id: z.string(), label: z.string() })).min(1),
  /** A constant added to the sum of item points, per region (e.g. the table's base score). */
  base: z.record(z.string(), z.number()).default({}),
  items: z
    .array(
      z.object({
        id: z.string(),
        label: z.string(),
        options: z.array(z.object({ id: z.string(), label: z.string(), points: z.record(z.string(), z.number()) })).min(1),
      }),
    )
    .min(1),
});

/** A day of the year, "MM-DD" (the review's calendar repeats each year). */
const MonthDaySchema = z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/u);

/**
 * The periodic review's calendar, days of the round's year: the review runs from reviewStart to
 * reviewEnd; the preliminary and official results reach the province by the two report dates.
 */
export const DeadlinesSchema = z.object({
  reviewStart: MonthDaySchema,
  reviewEnd: MonthDaySchema,
  preliminaryReport: MonthDaySchema,
  officialReport: MonthDaySchema,
});
export type Deadlines = z.infer<typeof DeadlinesSchema>;

/** The posting of the results (niêm yết): its length in working days. */
export const PostingDaysSchema = z.object({ workingDays: z.number().int().positive().max(60) });

/**
 * What decides between poor, near-poor and neither (spec/standard.md §1–3):
 * - `scoreA`: score A of Phiếu B1 at or under the area's cut-off (Thông tư 07/2021, 2022-2026);
 * - `income`: measured monthly income per person at or under the area's income line
 *   (Nghị định 351/2025, from 2027); score A is then only a fallback when income is not given.
 * Absent: `scoreA` (the rule sets written before this field).
 */
export const CLASSIFICATION_METHODS = ['scoreA', 'income'] as const;
export type ClassificationMethod = (typeof CLASSIFICATION_METHODS)[number];
export const MethodSchema = z.object({
  status: z.enum(['confirmed', 'to_verify']),
  provenance: ProvenanceSchema,
  value: z.enum(CLASSIFICATION_METHODS),
});

export const RuleSetSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/u),
  version: z.string().min(1),
  kind: z.enum(['national', 'local']),
  title: z.string().min(1),
  province: z.string().optional(),
  validFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u),
  validTo: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u),
  synthetic: z.boolean().default(false),
  provenance: ProvenanceSchema,
  /** The words of the period for the areas ("thành thị" until 2026, "đô thị" from 2027). */
  areaLabels: z.object({ rural: z.string(), urban: z.string() }),
  method: MethodSchema.optional(),
  incomeLines: part(PerArea),
  scoreA: part(z.object({ cutoff: PerArea })),
  deprivation: part(
    z.object({ pointsPerIndicator: z.number().positive(), poorMinDeprivations: z.number().int().positive() }),
  ),
  indicators: part(z.array(IndicatorSchema).min(1)),
  middleIncome: part(
    z.object({ rural: z.object({ above: z.number(), atMost: z.number() }), urban: z.object({ above: z.number(), atMost: z.number() }) }),
  ),
  screening: part(ScreeningSchema),
  b1PointTable: part(B1PointTableSchema),
  /** The periodic review's calendar (optional: a rule set without it shows no deadlines). */
  deadlines: part(DeadlinesSchema).optional(),
  /**
   * How long the results are posted (niêm yết) at the village and the commune office, in working
   * days (spec/review-process.md step 4: "to verify: 3 working days"). Optional: absent from the
   * shipped rule sets until the text is read; an administrator enters it with its document
   * (electron/core/rulesets/published.ts).
   */
  postingDays: part(PostingDaysSchema).optional(),
});
export type RuleSet = z.infer<typeof RuleSetSchema>;
export type RuleSetPartName =
  | 'incomeLines'
  | 'scoreA'
  | 'deprivation'
  | 'indicators'
  | 'middleIncome'
  | 'screening'
  | 'b1PointTable';

export const PART_LABELS: Record<RuleSetPartName, string> = {
  incomeLines: 'chuẩn thu nhập',
  scoreA: 'ngưỡng điểm A (Phiếu B1)',
  deprivation: 'cách tính điểm B và số chỉ số thiếu hụt của hộ nghèo',
  indicators: 'danh mục chỉ số thiếu hụt',
  middleIncome: 'khoảng thu nhập hộ có mức sống trung bình',
  screening: 'các câu hỏi Phiếu A',
  b1PointTable: 'bảng điểm Phiếu B1',
};

/** What decides the class under this rule set (absent field: score A). */
export const methodOf = (ruleSet: RuleSet): ClassificationMethod => ruleSet.method?.value ?? 'scoreA';

/**
 * The parts a round's classification needs (answers keyed from Phiếu B): score A, or income,
 * with the deprivations and the indicator catalogue.
 */
export function roundParts(ruleSet: RuleSet): RuleSetPartName[] {
  return methodOf(ruleSet) === 'income' ? ['incomeLines', 'deprivation', 'indicators'] : ['scoreA', 'deprivation', 'indicators'];
}

/** Parts whose status is unknown among those asked for. */
export function missingParts(ruleSet: RuleSet, needed: readonly RuleSetPartName[]): RuleSetPartName[] {
  return needed.filter((name) => ruleSet[name].value === null);
}

/** Parts not yet read in an official text: the app shows them as unverified. */
export function unverifiedParts(ruleSet: RuleSet): RuleSetPartName[] {
  return (Object.keys(PART_LABELS) as RuleSetPartName[]).filter((n) => ruleSet[n].status === 'to_verify');
}
