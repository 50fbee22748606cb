// Contract entries of the screen for published values (issue 15 item 3): an administrator enters
// the values a ministry or a province publishes (score A cut-offs, the middle-income band, the
// posting days, the B1 table, the Phiếu A items), each with its document; this makes a new
// version of the rule set, previewed on a sample of households before it is saved.
import { z } from 'zod';
import { IsoDateSchema } from '../entry/form';
import type { RuleSetChange } from '../engine/ruleset-diff';
import { B1PointTableSchema, ScreeningSchema, type Status } from '../engine/ruleset';

/**
 * The values as typed. Numbers are only checked to be numbers here: whether they make a valid
 * rule set is decided by building it and validating it like a loaded file (the service), so that
 * the refusal names the field in words.
 */
const Num = z.number({ error: 'Giá trị phải là một số.' });
const Band = z.strictObject({ above: Num, atMost: Num });

export const PublishedValuesSchema = z.strictObject({
  /** Score A cut-offs of Phiếu B1, per area. */
  scoreA: z.strictObject({ rural: Num, urban: Num }).optional(),
  /** The middle-income band (monthly income per person, VND), per area. */
  middleIncome: z.strictObject({ rural: Band, urban: Band }).optional(),
  /** The posting of the results, in working days. */
  postingDays: Num.optional(),
  /**
   * The Phiếu B1 point table, whole: the screen sends it when a cell's points changed (its items
   * and options come from the Excel load). Only its shape is checked here; its cells are checked
   * by the rule-set schema when the version is built, so that a refused cell is named in words
   * (item, option, region).
   */
  b1PointTable: z
    .custom<z.output<typeof B1PointTableSchema>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), {
      error: 'Bảng điểm Phiếu B1 phải là một bảng (vùng, điểm cơ sở, các câu hỏi và phương án).',
    })
    .optional(),
  /** The Phiếu A items (not yet entered on the screen). */
  screening: ScreeningSchema.optional(),
});
export type PublishedValues = z.infer<typeof PublishedValuesSchema>;

export const PublishedDocumentSchema = z.strictObject({
  /** "Thông tư 05/2026/TT-BNNMT", "Quyết định 123/QĐ-UBND". */
  number: z.string().trim().min(1, { error: 'Cần ghi số văn bản công bố các giá trị.' }).max(200, { error: 'Số văn bản dài quá 200 ký tự.' }),
  date: IsoDateSchema,
  issuer: z.string().max(200, { error: 'Cơ quan ban hành dài quá 200 ký tự.' }).optional(),
});

const PublishedInput = z.strictObject({
  ruleSetId: z.string().min(1).max(100),
  values: PublishedValuesSchema,
  document: PublishedDocumentSchema,
});

export const publishedInputs = {
  /** The rule set's published values as they are now (what the screen starts from). */
  'published.current': z.strictObject({ ruleSetId: z.string().min(1).max(100) }),
  /** Builds and validates the new version, its changes and a before/after on a sample; writes nothing. */
  'published.preview': PublishedInput,
  /** Saves the new version in the data folder and puts it in use at once (audited). */
  'published.save': PublishedInput,
} as const;

/** A part as it is now: its value (null: unknown), status and document. */
export interface PublishedPartView<T> {
  value: T | null;
  status: 'confirmed' | 'to_verify' | 'unknown';
  document: string;
  date: string | null;
}

/** The Phiếu B1 point table as the rule set holds it (JSON-safe: strings and numbers). */
export type PublishedB1Table = z.output<typeof B1PointTableSchema>;

/**
 * The words naming a place of the B1 point table, as the paper table names it: the change list
 * (electron/core/rulesets/published.ts) and the screen's refusals say a cell the same way.
 */
export const B1_WORDS = {
  table: 'Bảng điểm Phiếu B1',
  base: 'điểm cơ sở',
  item: (label: string): string => `câu «${label}»`,
  option: (label: string): string => `phương án «${label}»`,
  region: (label: string): string => `vùng «${label}»`,
  join: ' — ',
} as const;

/** One cell in words: "Bảng điểm Phiếu B1 — câu «Hộ có xe máy» — phương án «Có» — Nông thôn" (item null: the base). */
export function b1CellWords(cell: { item: string; option: string; region: string } | { item: null; region: string }): string {
  const where = cell.item === null ? [B1_WORDS.base] : [B1_WORDS.item(cell.item), B1_WORDS.option(cell.option)];
  return [B1_WORDS.table, ...where, cell.region].join(B1_WORDS.join);
}

export interface PublishedCurrentView {
  id: string;
  version: string;
  title: string;
  areaLabels: { rural: string; urban: string };
  scoreA: PublishedPartView<{ rural: number; urban: number }>;
  middleIncome: PublishedPartView<{ rural: { above: number; atMost: number }; urban: { above: number; atMost: number } }>;
  /** Absent from the rule set: status 'unknown' with the spec's note. */
  postingDays: PublishedPartView<number>;
  /** The whole table in use (regions, base per region, every item's options and points): what the screen's editor starts from. */
  b1PointTable: PublishedPartView<PublishedB1Table>;
  screening: PublishedPartView<{ items: number }>;
}

/** One household whose class changes under the new version. */
export interface PublishedChangedHousehold {
  householdId: number;
  code: string;
  headName: string;
  /** null: not classified (what is missing is in `reason`). */
  before: Status | null;
  after: Status | null;
  beforeLabel: string;
  afterLabel: string;
}

export type PublishedCounts = Record<Status | 'unclassified', number>;

export interface PublishedPreview {
  id: string;
  oldVersion: string;
  newVersion: string;
  changes: RuleSetChange[];
  /** The households the before/after ran on (null: no round uses this rule set). */
  sample: {
    round: { id: number; title: string } | null;
    households: number;
    /** Households of that round not in the sample (the sample is the first 200). */
    notSampled: number;
    before: PublishedCounts;
    after: PublishedCounts;
    changed: PublishedChangedHousehold[];
  };
}

export interface PublishedOutputs {
  'published.current': PublishedCurrentView;
  'published.preview': PublishedPreview;
  'published.save': { id: string; oldVersion: string; newVersion: string; file: string; changes: number; document: { number: string; date: string; issuer: string | null } };
}
