// Command-line commands of the commune ↔ province exchange (issue 13), merged into electron/host/cli.ts.
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_MESSAGES } from '../../../shared/messages';
import { Core } from '../../core/core';
import { AppError } from '../../core/errors';
import { exportPackage } from '../../core/exchange/export';
import { importPackage, importPackages, olderMessage, previewPackage, type PackagePreview } from '../../core/exchange/import';
import { CliError, intOption, parse, secretFromFile } from '../args';
import { RESOURCES_DIR } from '../paths';

function openCore(file: string | undefined): Core {
  if (!file) throw new CliError('Thiếu --db TỆP: hãy chỉ ra tệp CSDL.', 1);
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy CSDL ${file}: tạo bằng lệnh setup --db ${file} --unit MÃ.`, 1);
  return new Core({ dbPath: path.resolve(file), resourcesDir: RESOURCES_DIR, actor: 'cli' });
}

/** A refusal of the core as one Vietnamese line, exit 1 (nothing was written). */
function oneLine(e: unknown): never {
  if (e instanceof AppError) {
    // The exchange's own refusals are Vietnamese; any other code gets its Vietnamese text first.
    const own = e.code === 'INVALID_INPUT' || e.code === 'NOT_FOUND';
    const text = e.issues?.length ? e.issues.map((i) => i.message).join(' ') : own ? e.message : `${ERROR_MESSAGES[e.code]} (${e.message})`;
    throw new CliError(text, 1);
  }
  throw e;
}

const passphrase = (file: string | undefined): string => secretFromFile(file, 'passphrase-file', 'mật khẩu của gói dữ liệu');

/** package export --db FILE --round YEAR --unit CODE --out FILE --passphrase-file F */
async function cmdExport(argv: string[]): Promise<number> {
  const { values } = parse({
    args: argv,
    strict: true,
    options: { db: { type: 'string' }, round: { type: 'string' }, unit: { type: 'string' }, out: { type: 'string' }, 'passphrase-file': { type: 'string' } },
  });
  const year = intOption(values.round, 'round', 0, 1900);
  if (!year) throw new CliError('Thiếu --round NĂM: năm của đợt rà soát cần xuất.', 1);
  if (!values.unit) throw new CliError('Thiếu --unit MÃ_XÃ: mã xã cần xuất.', 1);
  if (!values.out) throw new CliError('Thiếu --out TỆP: nơi ghi gói dữ liệu.', 1);
  if (fs.existsSync(values.out)) throw new CliError(`Tệp ${values.out} đã có: hãy chọn tên khác để không ghi đè.`, 1);
  const secret = passphrase(values['passphrase-file']);
  const core = openCore(values.db);
  try {
    let r: ReturnType<typeof exportPackage>;
    try {
      r = exportPackage(core, { roundYear: year, unitCode: values.unit, out: values.out, passphrase: secret });
    } catch (e) {
      oneLine(e);
    }
    const n = (name: string) => r.manifest.parts.find((p) => p.name === name)?.count ?? 0;
    console.log(`Đã xuất gói: ${r.file} — ${r.manifest.unit.name} (${r.manifest.unit.code}), đợt ${r.manifest.round.year}: ${n('households')} hộ, ${n('members')} nhân khẩu`);
    return 0;
  } finally {
    core.close();
  }
}

const STATUS_VI: Record<string, string> = { new: 'mới', changed: 'đã sửa', unchanged: 'không đổi', kept: 'giữ bản ở đây', conflict: 'xung đột' };

function summaryLine(p: Pick<PackagePreview, 'unit' | 'round' | 'office' | 'counts'>): string {
  return `${p.unit.name} (${p.unit.code}), đợt ${p.round.year}, từ ${p.office.name}: ${Object.entries(p.counts).map(([k, v]) => `${v} ${STATUS_VI[k]}`).join(', ')}`;
}

/** A refusal of the core as its one Vietnamese line (what oneLine throws), for a batch's report. */
function refusalText(e: unknown): string {
  try {
    oneLine(e);
  } catch (c) {
    if (c instanceof CliError) return c.message;
    throw c;
  }
}

/**
 * package import --db FILE PACKAGE [PACKAGE…] [--dry-run] [--json] [--passphrase-file F] [--force]
 * One package: as it always was. Several (a province's communes): one batch (importPackages), one
 * backup before it, each package all or nothing; a line per package; exit 1 when any was refused.
 */
async function cmdImport(argv: string[]): Promise<number> {
  const { values, positionals } = parse({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      'passphrase-file': { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new CliError('Cần ít nhất một tệp gói dữ liệu: package import --db TỆP GÓI [GÓI…].', 1);
  if (positionals.length > 1) return importBatch(values, positionals);
  const file = positionals[0]!;
  const secret = passphrase(values['passphrase-file']);
  const core = openCore(values.db);
  try {
    if (values['dry-run']) {
      let p: PackagePreview;
      try {
        p = previewPackage(core, file, secret);
      } catch (e) {
        oneLine(e);
      }
      if (values.json) console.log(JSON.stringify(p, null, 2));
      else console.log(`Xem trước (chưa ghi gì): ${summaryLine(p)}${p.alreadyImported ? ' — gói này đã nhập rồi' : ''}`);
      if (p.older && !values.force) throw new CliError(olderMessage(p), 1);
      return 0;
    }
    let r: ReturnType<typeof importPackage>;
    try {
      r = importPackage(core, file, secret, { force: values.force });
    } catch (e) {
      oneLine(e);
    }
    if (values.json) console.log(JSON.stringify({ imported: r.imported, backupFile: r.backupFile, ...r.preview }, null, 2));
    else if (!r.imported) console.log(`Gói này đã nhập trước đây: không có gì thay đổi (${summaryLine(r.preview)})`);
    else {
      console.log(`Đã nhập gói: ${summaryLine(r.preview)}`);
      if (r.preview.counts.conflict > 0) {
        console.log(`  ${r.preview.counts.conflict} hộ xung đột: giữ giá trị ở đây; xem từng trường bằng --dry-run --json và chọn trên màn hình nhập gói.`);
      }
      console.log(`  Bản sao lưu trước khi nhập: ${r.backupFile}`);
    }
    return 0;
  } finally {
    core.close();
  }
}

/** Several packages: a line per package (refusals on stderr), the one backup, exit 1 when any was refused. */
async function importBatch(values: { db?: string; 'dry-run': boolean; json: boolean; force: boolean; 'passphrase-file'?: string }, files: string[]): Promise<number> {
  const secret = passphrase(values['passphrase-file']);
  const core = openCore(values.db);
  try {
    if (values['dry-run']) {
      const out: unknown[] = [];
      let refused = 0;
      for (const file of files) {
        try {
          const p = previewPackage(core, file, secret);
          const older = p.older && !values.force ? olderMessage(p) : null;
          if (older) refused++;
          out.push({ file, ok: !older, error: older, ...p });
          if (!values.json) {
            if (older) console.error(`${file}: ${older}`);
            else console.log(`${file}: xem trước (chưa ghi gì): ${summaryLine(p)}${p.alreadyImported ? ' — gói này đã nhập rồi' : ''}`);
          }
        } catch (e) {
          refused++;
          const error = refusalText(e);
          out.push({ file, ok: false, error });
          if (!values.json) console.error(`${file}: ${error}`);
        }
      }
      if (values.json) console.log(JSON.stringify(out, null, 2));
      else console.log(`Xem trước ${files.length} gói: ${files.length - refused} nhập được, ${refused} bị từ chối (chưa ghi gì)`);
      return refused > 0 ? 1 : 0;
    }
    const r = importPackages(core, files, secret, { force: values.force });
    const refused = r.items.filter((i) => !i.ok).length;
    if (values.json) {
      const items = r.items.map((i) =>
        i.ok ? { file: i.file, ok: true, imported: i.result.imported, ...i.result.preview } : { file: i.file, ok: false, error: refusalText(new AppError(i.code, i.error)) },
      );
      console.log(JSON.stringify({ backupFile: r.backupFile, imported: r.items.filter((i) => i.ok && i.result.imported).length, refused, items }, null, 2));
    } else {
      for (const i of r.items) {
        if (!i.ok) console.error(`${i.file}: ${refusalText(new AppError(i.code, i.error))}`);
        else if (!i.result.imported) console.log(`${i.file}: gói này đã nhập trước đây, không có gì thay đổi (${summaryLine(i.result.preview)})`);
        else console.log(`${i.file}: đã nhập: ${summaryLine(i.result.preview)}${i.result.preview.counts.conflict > 0 ? ` — ${i.result.preview.counts.conflict} hộ xung đột: giữ giá trị ở đây` : ''}`);
      }
      const imported = r.items.filter((i) => i.ok && i.result.imported).length;
      console.log(`Đã nhập ${imported} gói, ${r.items.length - imported - refused} gói đã nhập trước đây, ${refused} gói bị từ chối (không ghi gì)`);
      if (r.backupFile) console.log(`  Bản sao lưu trước khi nhập (một bản cho cả ${files.length} gói): ${r.backupFile}`);
    }
    return refused > 0 ? 1 : 0;
  } finally {
    core.close();
  }
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = { export: cmdExport, import: cmdImport };

async function cmdPackage(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run) throw new CliError(`Cần package export hoặc package import${sub ? ` (không có lệnh con ${sub})` : ''}`);
  return run(rest);
}

export const commands: Record<string, (argv: string[]) => Promise<number>> = { package: cmdPackage };

export const usage: string[] = [
  '  package export --db FILE --round NĂM --unit MÃ_XÃ --out GÓI --passphrase-file TỆP',
  '                                      Xuất gói dữ liệu một xã của một đợt (mã hoá) để gửi tỉnh hoặc văn phòng khác',
  '  package import --db FILE GÓI [GÓI…] --passphrase-file TỆP [--dry-run] [--json] [--force]',
  '                                      Nhập gói (xem trước với --dry-run; --force: nhập cả gói cũ hơn gói đã nhập);',
  '                                      nhiều gói: một bản sao lưu cho cả lô, gói lỗi bị từ chối, các gói khác vẫn nhập (mã thoát 1 khi có gói bị từ chối)',
];
