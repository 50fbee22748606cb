/**
 * Calls of the overview (issue 14, "Tổng quan"): for a round and a scope (the round's whole scope,
 * one commune, or one village), the progress through the review's steps, the classes and their
 * change from last year, the deprivations and causes, the households still to look at, the
 * round's deadlines, and the poverty-reduction targets (chỉ tiêu giảm nghèo) per commune and
 * year. Merged into the contract (contract.ts).
 */
import { z } from 'zod';
import { UPLOAD_ID_PATTERN } from './files';
import { Id } from './common';
import type { Status } from '../engine/ruleset';
import type { Transition } from '../engine/transition';

const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, { error: 'Ngày phải có dạng yyyy-mm-dd.' });

/** Mã xã: the commune's code in the national register (5 digits). */
export const CommuneCodeSchema = z
  .string()
  .trim()
  .regex(/^\d{5}$/u, { error: 'Mã xã phải gồm đúng 5 chữ số (theo danh mục đơn vị hành chính), ví dụ 30316.' });
export const TargetYearSchema = z.number().int().min(2021, { error: 'Năm phải từ 2021 đến 2100.' }).max(2100, { error: 'Năm phải từ 2021 đến 2100.' });
/** A reduction in percentage points (giảm 1,5 điểm %): 0 to 100. */
const PointsSchema = z
  .number()
  .min(0, { error: 'Chỉ tiêu giảm phải từ 0 đến 100 điểm %.' })
  .max(100, { error: 'Chỉ tiêu giảm phải từ 0 đến 100 điểm %.' });

export const TargetInputSchema = z.object({
  communeCode: CommuneCodeSchema,
  year: TargetYearSchema,
  /** Chỉ tiêu giảm tỷ lệ hộ nghèo (điểm %). */
  poorReduction: PointsSchema,
  /** Chỉ tiêu giảm tỷ lệ hộ cận nghèo (điểm %), when the province sets one. */
  nearPoorReduction: PointsSchema.nullable().default(null),
  note: z.string().max(300, { error: 'Ghi chú dài quá 300 ký tự.' }).default(''),
});
export type TargetInput = z.input<typeof TargetInputSchema>;

export const overviewInputs = {
  /**
   * The overview of a round: its whole scope, one commune, or one village (a keyer: one of their
   * villages). `today` (yyyy-mm-dd) is the day the days left are counted from; default: today.
   */
  'overview.get': z.object({ roundId: Id, communeId: Id.optional(), villageId: Id.optional(), today: IsoDay.optional() }),
  /** The targets of a year (every commune), or of every year. */
  'overview.targets.list': z.object({ year: TargetYearSchema.optional() }),
  /** Adds or replaces the target of a commune and year. */
  'overview.targets.set': TargetInputSchema,
  'overview.targets.delete': z.object({ communeCode: CommuneCodeSchema, year: TargetYearSchema }),
  /** Targets from an uploaded workbook (mã xã, năm, chỉ tiêu…); preview: checked, nothing written. */
  'overview.targets.import': z.object({ upload: z.string().regex(UPLOAD_ID_PATTERN), preview: z.boolean() }),
} as const;

/** The review's steps as the overview follows them (spec/review-process.md). */
export const OVERVIEW_STEPS = ['listed', 'surveyed', 'scored', 'meeting', 'posted', 'complaints', 'decision'] as const;
export type OverviewStep = (typeof OVERVIEW_STEPS)[number];

/** How far one step is: households (or complaints) done of those it concerns. */
export interface StepProgress {
  done: number;
  of: number;
}

/** The classes the overview counts: the four statuses and three transitions from last year. */
export const OVERVIEW_CLASSES = ['poor', 'near_poor', 'middle_income', 'escaped', 'fell_back', 'new'] as const;
export type OverviewClass = (typeof OVERVIEW_CLASSES)[number];

export interface ClassCounts {
  /** Households of the unit in the round. */
  households: number;
  /** Households with a result. */
  classified: number;
  byStatus: Record<Status, number>;
  byTransition: Record<Transition, number>;
  /** The overview's classes: escaped = exited poverty (poor → near-poor or above; near-poor → above). */
  classes: Record<OverviewClass, number>;
  /** Poor and near-poor households as a share of all the unit's households, in percent (1 decimal); null with no households. */
  poorRate: number | null;
  nearPoorRate: number | null;
}

export interface UnitProgress {
  unitId: number;
  code: string;
  name: string;
  fullName: string;
  steps: Record<OverviewStep, StepProgress>;
  counts: ClassCounts;
  /** The commune's records (a village: its meeting only). */
  meetingAgreed: boolean;
  postings: number;
  complaints: { total: number; settled: number };
  decision: { number: string; signedOn: string } | null;
}

export interface CommuneOverview extends UnitProgress {
  villages: UnitProgress[];
  /** Last year's figures of the same communes (the earlier round's communes that became this one). */
  lastYear: LastYear | null;
  target: TargetResult | null;
}

export interface LastYear {
  roundId: number;
  year: number;
  households: number;
  poor: number;
  nearPoor: number;
  poorRate: number | null;
  nearPoorRate: number | null;
  /** Points the rate went down by (positive: fewer poor households), null when a rate is missing. */
  poorChange: number | null;
  nearPoorChange: number | null;
  /** True when an earlier commune was divided among several new ones: its whole count is included. */
  approximate: boolean;
}

export interface TargetView {
  id: number;
  communeCode: string;
  /** The commune's name when the code is known, else ''. */
  communeName: string;
  year: number;
  poorReduction: number;
  nearPoorReduction: number | null;
  note: string;
  updatedAt: string;
  updatedBy: string;
}

export interface TargetResult {
  target: TargetView;
  /** The reduction achieved (last year's rate minus this year's, in points); null without last year's figures. */
  poorAchieved: number | null;
  nearPoorAchieved: number | null;
  /** Whether the target was met (null: cannot tell yet). */
  met: boolean | null;
}

export interface IndicatorRate {
  id: string;
  number: number;
  label: string;
  /** Households with a B2 answer for this indicator. */
  answered: number;
  deprived: number;
  /** Percent (1 decimal), null when none answered. */
  rate: number | null;
  /** Of them, poor and near-poor households deprived. */
  deprivedPoorOrNearPoor: number;
}

export interface CauseCount {
  cause: string;
  label: string;
  poor: number;
  nearPoor: number;
}

export interface AttentionRow {
  householdId: number;
  code: string;
  headName: string;
  villageName: string;
  communeName: string;
  /** Warnings saved with the household's forms. */
  warnings: number;
  /** 'no_result' / 'changed' (listed, not scored), or null when scored. */
  unscored: 'no_result' | 'changed' | null;
}

export interface DeadlineView {
  id: 'reviewStart' | 'reviewEnd' | 'preliminaryReport' | 'officialReport';
  label: string;
  /** yyyy-mm-dd in the round's year. */
  date: string;
  /** Days from today to the date (negative: past). */
  daysLeft: number;
  unverified: boolean;
  source: string;
}

export interface Overview {
  round: { id: number; year: number; kind: 'periodic' | 'adhoc'; title: string; ruleSetId: string };
  scope: { level: 'round' | 'commune' | 'village'; unitId: number | null; fullName: string };
  total: UnitProgress;
  communes: CommuneOverview[];
  /** Last year's figures of the whole scope, summed over the communes. */
  lastYear: LastYear | null;
  indicators: IndicatorRate[];
  /** Why the indicators are empty (the rule set has none), else null. */
  indicatorsNote: string | null;
  causes: CauseCount[];
  /** Households with warnings or listed and not scored, at most ATTENTION_LIMIT; attentionTotal counts them all. */
  attention: AttentionRow[];
  attentionTotal: number;
  deadlines: DeadlineView[];
  /** Why there are no deadlines (an ad-hoc round, or a rule set without them), else null. */
  deadlinesNote: string | null;
  today: string;
}

export const ATTENTION_LIMIT = 500;

/** The overview as a PDF (figures, tables and the same charts), a print job. */
export const overviewJobInputs = {
  'overview.report': z.object({ roundId: Id, communeId: Id.optional(), villageId: Id.optional(), today: IsoDay.optional() }),
} as const;

export interface OverviewJobOutputs {
  'overview.report': { files: { name: string; pages: number }[] };
}

export interface TargetImportRow {
  line: number;
  communeCode: string;
  year: number | null;
  poorReduction: number | null;
  nearPoorReduction: number | null;
  note: string;
  /** Vietnamese: what is wrong and how to fix it; null when the row is good. */
  problem: string | null;
  /** 'add' / 'replace' for a good row. */
  action: 'add' | 'replace' | null;
}

export interface TargetImportResult {
  rows: TargetImportRow[];
  /** Good rows written (0 in a preview). */
  written: number;
  /** Rows with a problem, left out and kept in this list to be fixed in the file. */
  problems: number;
  /** A message about the whole file (no header row…), else null. */
  message: string | null;
  backupFile: string | null;
}

export interface OverviewOutputs {
  'overview.get': Overview;
  'overview.targets.list': TargetView[];
  'overview.targets.set': TargetView;
  'overview.targets.delete': { deleted: boolean };
  'overview.targets.import': TargetImportResult;
}
