// Contract entries of the Excel exchange (issue: import and export of household lists, the template, rule-set tables).
import { z } from 'zod';
import { Id } from './common';
import { UPLOAD_ID_PATTERN } from './files';

/**
 * What exports as .xlsx: DS the household list (imports back unchanged), LK the population-database
 * list; HN, M02 and BC the documents' tables with the columns and figures of the printed PDF.
 */
export const EXCEL_EXPORT_DOCS = ['DS', 'LK', 'HN', 'M02', 'BC', 'P1'] as const;
export type ExcelExportDoc = (typeof EXCEL_EXPORT_DOCS)[number];
export const EXCEL_EXPORT_TITLES: Record<ExcelExportDoc, string> = {
  DS: 'Danh sách hộ và nhân khẩu (nhập lại được)',
  LK: 'Danh sách hộ nghèo, hộ cận nghèo kết nối CSDL quốc gia về dân cư',
  HN: 'Danh sách hộ nghèo, hộ cận nghèo (như bản in)',
  M02: 'Bốn danh sách kèm quyết định công nhận (Mẫu số 02)',
  BC: 'Báo cáo kết quả rà soát: 11 biểu',
  P1: 'Danh sách hộ gia đình cần rà soát (Phụ lục I)',
};

/** An uploaded workbook, by the id the upload door handed out (shared/api/files.ts). */
const Upload = z.string().regex(UPLOAD_ID_PATTERN);

export const excelInputs = {
  /** The household-list template (.xlsx), with the commune's villages in its drop-down list when given. */
  'excel.template': z.object({ roundId: Id.optional(), communeId: Id.optional() }),
  /** The Phiếu B1 point-table template (.xlsx). */
  'excel.ruleTable.template': z.object({}),
  /**
   * Loads a Phiếu B1 point table or Phiếu A item list (an uploaded .xlsx) into a copy of a rule set,
   * saved in the data folder's standards/ (used from the next start of the app).
   */
  'excel.ruleTable.load': z.object({
    ruleSetId: z.string().min(1).max(80),
    part: z.enum(['b1PointTable', 'screening']),
    upload: Upload,
    document: z.string().min(1).max(300),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/u),
    verified: z.boolean(),
    synthetic: z.boolean().default(false),
  }),
} as const;

export const excelJobInputs = {
  /** Reads and checks an uploaded household list; writes it (one transaction, after a backup) unless dryRun or errors. */
  'excel.import': z.object({ roundId: Id, unitId: Id, upload: Upload, dryRun: z.boolean().default(true) }),
  /** Writes a list as .xlsx in the job's folder (jobs.output fetches it). */
  'excel.export': z.object({ roundId: Id, unitId: Id, doc: z.enum(EXCEL_EXPORT_DOCS) }),
} as const;

export interface ExcelProblem {
  level: 'error' | 'warning';
  sheet: string;
  row: number | null;
  column: string | null;
  message: string;
}

/** What an import did (or, in a dry run, would do). */
export interface ExcelImportResult {
  imported: boolean;
  dryRun: boolean;
  refused: boolean;
  households: { created: number; updated: number; unchanged: number };
  members: { created: number; updated: number; unchanged: number; removed: number };
  villagesCreated: string[];
  rows: number;
  errors: number;
  warnings: number;
  /** The first problems (errors first); problemCount says how many there are in all. */
  problems: ExcelProblem[];
  problemCount: number;
  /** The households that change (the first 1,000): created, or updated with the fields that change. */
  changes: { sheet: string; row: number; code: string; action: 'create' | 'update'; fields: string[] }[];
  /** The error workbook's file name in the job's folder (rows with blocking errors + a message column), or null. */
  errorWorkbook: string | null;
  backupFile: string | null;
}

export interface ExcelExportResult {
  name: string;
  /** For the household lists (DS, LK). */
  households: number;
  members: number;
  /** For the documents' tables (HN, M02, BC): sheets and table rows written. */
  sheets?: number;
  rows?: number;
}

/** Each Excel job's result, by kind (see shared/api/jobs.ts). */
export interface ExcelJobOutputs {
  'excel.import': ExcelImportResult;
  'excel.export': ExcelExportResult;
}

export interface ExcelOutputs {
  'excel.template': { name: string; mime: string; base64: string };
  'excel.ruleTable.template': { name: string; mime: string; base64: string };
  'excel.ruleTable.load': { id: string; version: string; status: 'confirmed' | 'to_verify'; items: number; file: string };
}
