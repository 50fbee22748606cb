// Contract entries of the commune ↔ province exchange package (issue 13): export (a long job),
// then, at the receiving office, the uploaded package's preview and its import with the field choices.
import { z } from 'zod';
import { Id } from './common';
import { UPLOAD_ID_PATTERN } from './files';

/** The shortest passphrase a package is sealed with (it carries personal data). */
export const PACKAGE_PASSPHRASE_MIN = 8;
export const PACKAGE_PASSPHRASE_TOO_SHORT = `Mật khẩu của gói phải có ít nhất ${PACKAGE_PASSPHRASE_MIN} ký tự: gói chứa dữ liệu cá nhân.`;
export const PACKAGE_PASSPHRASE_MISSING = 'Hãy nhập mật khẩu của gói (người gửi gói báo cho bạn, không gửi kèm tệp).';

/** The passphrase of a package being opened: never logged, never audited, never sent back. */
const Passphrase = z.string().min(1, { error: PACKAGE_PASSPHRASE_MISSING }).max(200, { error: 'Mật khẩu của gói dài quá 200 ký tự.' });
/** An uploaded package, by the id the upload door handed out (shared/api/files.ts). */
const Upload = z.string().regex(UPLOAD_ID_PATTERN, { error: 'Mã tệp tải lên không hợp lệ: hãy chọn lại tệp gói.' });
/** The name of the file the officer chose (only to name it in messages). */
const FileName = z.string().min(1).max(200);

export const EXCHANGE_SIDES = ['ours', 'theirs'] as const;
/** The most packages one batch import takes (a province has about a hundred communes). */
export const MAX_BATCH_PACKAGES = 300;
export type ExchangeSide = (typeof EXCHANGE_SIDES)[number];

export const exchangeInputs = {
  /** Opens the uploaded package and says, per household, what importing it would do; nothing is written. */
  'exchange.preview': z.object({ upload: Upload, fileName: FileName.optional(), passphrase: Passphrase }),
  /**
   * Imports the uploaded package (all or nothing, after a backup). choices: per household code, per
   * field, which side's value to keep in a conflict (default: this office's). force: import a
   * package older than one already imported from that office.
   */
  'exchange.import': z.object({
    upload: Upload,
    fileName: FileName.optional(),
    passphrase: Passphrase,
    force: z.boolean().default(false),
    choices: z.record(z.string().min(1).max(40), z.record(z.string().min(1).max(200), z.enum(EXCHANGE_SIDES))).default({}),
  }),
} as const;

export const exchangeJobInputs = {
  /** Writes the package of one commune of one round, sealed with the passphrase, in the job's folder. */
  'exchange.export': z.object({
    roundId: Id,
    communeId: Id,
    passphrase: z.string().min(PACKAGE_PASSPHRASE_MIN, { error: PACKAGE_PASSPHRASE_TOO_SHORT }).max(200, { error: 'Mật khẩu của gói dài quá 200 ký tự.' }),
  }),
  /**
   * Imports several uploaded packages (a province's communes) in one go: one backup before the
   * batch, each package all or nothing; a refused package is reported and the others still go in.
   * Conflicts keep this office's values (resolve them one package at a time, with its preview).
   * force: import packages older than one already imported from their office.
   */
  'exchange.importBatch': z.object({
    packages: z
      .array(z.object({ upload: Upload, fileName: FileName.optional() }))
      .min(1, { error: 'Hãy chọn ít nhất một tệp gói.' })
      .max(MAX_BATCH_PACKAGES, { error: `Mỗi lần nhập tối đa ${MAX_BATCH_PACKAGES} gói: hãy chia thành nhiều lần.` }),
    passphrase: Passphrase,
    force: z.boolean().default(false),
  }),
} as const;

export const EXCHANGE_STATUSES = ['new', 'changed', 'unchanged', 'kept', 'conflict'] as const;
export type ExchangeStatus = (typeof EXCHANGE_STATUSES)[number];
export const EXCHANGE_STATUS_LABELS: Record<ExchangeStatus, string> = {
  new: 'Mới',
  changed: 'Gói đã sửa',
  unchanged: 'Không đổi',
  kept: 'Giữ bản ở đây',
  conflict: 'Xung đột',
};

/** A field that differs between the two sides, both values, as stored and as read. */
export interface ExchangeFieldDiff {
  field: string;
  /** The form's label ("Địa chỉ", "Hộ có người có công", "Thành viên Lê Văn A"). */
  label: string;
  ours: unknown;
  theirs: unknown;
  oursText: string;
  theirsText: string;
}

export interface ExchangeHousehold {
  code: string;
  headName: string;
  /** The village's name ("" when none). */
  village: string;
  status: ExchangeStatus;
  fields: ExchangeFieldDiff[];
}

/** A package's header as its import preview shows it (core and renderer alike). */
export interface ExchangePackageHeader {
  packageId: string;
  office: { code: string; name: string };
  unit: { code: string; name: string };
  round: { year: number; kind: string; referenceDate: string; exists: boolean };
  createdAt: string;
  createdBy: string;
  alreadyImported: boolean;
}

export interface ExchangePreview extends ExchangePackageHeader {
  fileName: string;
  /** Made earlier than a package already imported from that office: imported only when forced. */
  older: { importedCreatedAt: string; message: string } | null;
  counts: Record<ExchangeStatus, number>;
  households: ExchangeHousehold[];
}

export interface ExchangeImportResult {
  imported: boolean;
  /** The same package was imported before: nothing changed. */
  alreadyImported: boolean;
  forced: boolean;
  counts: Record<ExchangeStatus, number>;
  /** The conflicting fields resolved, by the side kept. */
  choices: Record<ExchangeSide, number>;
  /** The backup taken before the import (its file name in the backup folder). */
  backupName: string | null;
}

export interface ExchangeExportResult {
  /** The package's file name in the job's folder (jobs.output fetches it). */
  name: string;
  packageId: string;
  unit: { code: string; name: string };
  year: number;
  households: number;
  members: number;
}

/** One package of a batch import. */
export interface ExchangeBatchItem {
  fileName: string;
  /** False: refused (error says why, in one line); nothing of it was written. */
  ok: boolean;
  imported: boolean;
  alreadyImported: boolean;
  forced: boolean;
  unit: { code: string; name: string } | null;
  counts: Record<ExchangeStatus, number> | null;
  error: string | null;
}

export interface ExchangeBatchResult {
  imported: number;
  alreadyImported: number;
  refused: number;
  /** The one backup taken before the batch (null when nothing was written). */
  backupName: string | null;
  items: ExchangeBatchItem[];
  /** The packages not processed because the job was stopped (their file names). */
  skipped: string[];
}

export interface ExchangeJobOutputs {
  'exchange.export': ExchangeExportResult;
  'exchange.importBatch': ExchangeBatchResult;
}

export interface ExchangeOutputs {
  'exchange.preview': ExchangePreview;
  'exchange.import': ExchangeImportResult;
}
