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

export interface ExchangeJobOutputs {
  'exchange.export': ExchangeExportResult;
}

export interface ExchangeOutputs {
  'exchange.preview': ExchangePreview;
  'exchange.import': ExchangeImportResult;
}
