import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ExchangeFieldDiff, ExchangeHousehold, ExchangePreview, exchangeInputs, ExchangeSide } from '../../../shared/api/exchange';
import { EMPTY_VALUE, householdFieldLabel, memberFieldLabel, valueLabel } from '../../../shared/domain/field-labels';
import { formatDateTimeVi } from '../../../shared/text/format';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { uploadFile } from '../excel/uploads';
import { AppError } from '../errors';
import { uploadDirFor } from '../files-cleanup';
import { readPackage, type Row } from './format';
import { importPackage, olderMessage, previewOfPackage, type FieldDiff, type OlderWords } from './import';

/**
 * The exchange package's calls on the screen (shared/api/exchange.ts): the preview of an uploaded
 * package and its import with the officer's field choices. The rules are import.ts's; here only
 * the upload is found, the values are given their form labels, and the messages are the screen's.
 * The passphrase is passed on and forgotten: never logged, never audited, never sent back.
 */

/** A file name safe to give the package's temporary copy (the name the refusals quote). */
const safeName = (name: string | undefined): string => {
  const base = path.basename(name ?? '').replace(/[^\p{L}\p{N}._ -]/gu, '_').slice(0, 120);
  return base && !base.startsWith('.') ? base : 'goi-du-lieu.pkg';
};

/**
 * Runs fn on the uploaded package under the name the officer chose (so the one-line refusals name
 * their file, not an upload id), in a folder of its own beside the uploads, removed afterwards
 * with anything the reader left there.
 */
function withUploadedPackage<T>(core: Core, upload: string, fileName: string | undefined, fn: (file: string) => T): T {
  return withUploadedPackages(core.options.dbPath, [{ upload, fileName }], (files) => fn(files[0]!));
}

/** withUploadedPackage for several packages (a batch): each under its own chosen name, in a folder of its own. */
export function withUploadedPackages<T>(dbPath: string, uploads: readonly { upload: string; fileName?: string | undefined }[], fn: (files: string[]) => T): T {
  const sources = uploads.map((u) => uploadFile(dbPath, u.upload));
  const missing = uploads.filter((_, i) => !fs.existsSync(sources[i]!));
  if (missing.length > 0) {
    const names = missing.map((u) => safeName(u.fileName)).join(', ');
    throw new AppError('NOT_FOUND', `Không còn tệp gói đã tải lên${uploads.length > 1 ? ` (${names})` : ''} (tệp chưa nhập được dọn sau một ngày): hãy chọn lại tệp gói.`);
  }
  const dir = path.join(uploadDirFor(dbPath), `.goi-${crypto.randomBytes(6).toString('hex')}`);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  try {
    const files = uploads.map((u, i) => {
      // One folder a package: two chosen files of the same name keep their names.
      const folder = uploads.length > 1 ? path.join(dir, String(i + 1)) : dir;
      fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
      const file = path.join(folder, safeName(u.fileName));
      try {
        fs.linkSync(sources[i]!, file);
      } catch {
        fs.copyFileSync(sources[i]!, file);
      }
      return file;
    });
    return fn(files);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The screen's words for an older package (its button, not the command line's --force; times as on screen). */
const SCREEN_OLDER_WORDS: OlderWords = { force: 'Chỉ bấm “Vẫn nhập” khi chắc chắn cần nhập gói này.', time: formatDateTimeVi };

const memberText = (row: Row | null, other: Row | null): string => {
  if (!row) return '(không có người này trong hộ)';
  const name = typeof row.full_name === 'string' ? row.full_name : '';
  // The columns that differ from the other side, each with its roster label.
  const differ = Object.keys(row)
    .filter((c) => c !== 'full_name' && (!other || JSON.stringify(row[c] ?? null) !== JSON.stringify(other[c] ?? null)))
    .map((c) => {
      const { label, kind } = memberFieldLabel(c);
      return `${label}: ${valueLabel(kind, row[c])}`;
    });
  return [name || EMPTY_VALUE, ...(other ? differ : differ.slice(0, 4))].join('; ');
};

/** A field's difference with the form's label and both values read as labels. */
function describe(d: FieldDiff, villageName: (code: unknown) => string): ExchangeFieldDiff {
  const base = { field: d.field, ours: d.ours, theirs: d.theirs };
  if (d.field.startsWith('member.')) {
    const ours = (d.ours as Row | null) ?? null;
    const theirs = (d.theirs as Row | null) ?? null;
    const name = (theirs?.full_name ?? ours?.full_name ?? '') as string;
    return { ...base, label: `Thành viên ${name}`.trim(), oursText: memberText(ours, theirs), theirsText: memberText(theirs, ours) };
  }
  if (d.field === 'village') {
    return { ...base, label: householdFieldLabel('village_id').label, oursText: villageName(d.ours), theirsText: villageName(d.theirs) };
  }
  const { label, kind } = householdFieldLabel(d.field.replace(/^(answers|entry)\./u, ''));
  const text = (v: unknown): string => {
    const s = valueLabel(kind, v);
    return s.length > 300 ? `${s.slice(0, 300)}…` : s;
  };
  return { ...base, label, oursText: text(d.ours), theirsText: text(d.theirs) };
}

/** The handlers of this area's calls (shared/api/exchange.ts). */
export function exchangeServices(core: Core): ServicesFor<keyof typeof exchangeInputs> {
  return {
    'exchange.preview': ({ upload, fileName, passphrase }) =>
      withUploadedPackage(core, upload, fileName, (file) => {
        // Opened once (scrypt and decryption are the slow part): the preview, and the village of
        // each household as the package names it (the preview gives code and head).
        const pkg = readPackage(file, passphrase);
        const p = previewOfPackage(core, pkg);
        const villages = new Map(pkg.parts.villages.map((v) => [v.code as string, v.name as string]));
        const villageOf = new Map(pkg.parts.households.map((h) => [h.code as string, h.village as string | null]));
        const villageName = (code: unknown): string => (typeof code === 'string' ? `${villages.get(code) ?? ''} (${code})`.trim() : EMPTY_VALUE);
        const households: ExchangeHousehold[] = p.households.map((h) => {
          const v = villageOf.get(h.code);
          return { code: h.code, headName: h.headName, village: v ? (villages.get(v) ?? v) : '', status: h.status, fields: h.fields.map((d) => describe(d, villageName)) };
        });
        const preview: ExchangePreview = {
          packageId: p.packageId,
          fileName: path.basename(file),
          office: p.office,
          unit: p.unit,
          round: p.round,
          createdAt: p.createdAt,
          createdBy: p.createdBy,
          alreadyImported: p.alreadyImported,
          older: p.older ? { importedCreatedAt: p.older.importedCreatedAt, message: olderMessage(p, SCREEN_OLDER_WORDS) } : null,
          counts: p.counts,
          households,
        };
        return preview;
      }),
    'exchange.import': ({ upload, fileName, passphrase, force, choices }) => {
      const r = withUploadedPackage(core, upload, fileName, (file) => importPackage(core, file, passphrase, { force, choices, olderWords: SCREEN_OLDER_WORDS }));
      // Imported (or already imported before): the upload has served.
      fs.rmSync(uploadFile(core.options.dbPath, upload), { force: true });
      const counted: Record<ExchangeSide, number> = { ours: 0, theirs: 0 };
      if (r.imported) {
        for (const h of r.preview.households) {
          if (h.status !== 'conflict') continue;
          for (const f of h.fields) counted[choices[h.code]?.[f.field] ?? 'ours']++;
        }
      }
      return {
        imported: r.imported,
        alreadyImported: r.preview.alreadyImported,
        forced: r.imported && r.preview.older !== null,
        counts: r.preview.counts,
        choices: counted,
        backupName: r.backupFile ? path.basename(r.backupFile) : null,
      };
    },
  };
}
