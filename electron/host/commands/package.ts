// Command-line commands of the commune ↔ province exchange (issue 13), merged into electron/host/cli.ts.
import fs from 'node:fs';
import path from 'node:path';
import { ERROR_MESSAGES } from '../../../shared/messages';
import { Core } from '../../core/core';
import { AppError } from '../../core/errors';
import { exportPackage } from '../../core/exchange/export';
import { importPackage, olderMessage, previewPackage, type PackagePreview } from '../../core/exchange/import';
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
    console.log(`Đã xuất gói / package written: ${r.file} — ${r.manifest.unit.name} (${r.manifest.unit.code}), đợt ${r.manifest.round.year}: ${n('households')} hộ, ${n('members')} nhân khẩu`);
    return 0;
  } finally {
    core.close();
  }
}

const STATUS_VI: Record<string, string> = { new: 'mới', changed: 'đã sửa', unchanged: 'không đổi', kept: 'giữ bản ở đây', conflict: 'xung đột' };

function summaryLine(p: PackagePreview): string {
  return `${p.unit.name} (${p.unit.code}), đợt ${p.round.year}, từ ${p.office.name}: ${Object.entries(p.counts).map(([k, v]) => `${v} ${STATUS_VI[k]}`).join(', ')}`;
}

/** package import --db FILE PACKAGE [--dry-run] [--json] [--passphrase-file F] [--force] */
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
  if (positionals.length !== 1) throw new CliError('Cần đúng một tệp gói dữ liệu: package import --db TỆP GÓI.', 1);
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
      else console.log(`Xem trước (chưa ghi gì) / preview: ${summaryLine(p)}${p.alreadyImported ? ' — gói này đã nhập rồi' : ''}`);
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
    else if (!r.imported) console.log(`Gói này đã nhập trước đây: không có gì thay đổi / already imported, nothing changed (${summaryLine(r.preview)})`);
    else {
      console.log(`Đã nhập gói / package imported: ${summaryLine(r.preview)}`);
      if (r.preview.counts.conflict > 0) {
        console.log(`  ${r.preview.counts.conflict} hộ xung đột: giữ giá trị ở đây; xem từng trường bằng --dry-run --json và chọn trên màn hình nhập gói.`);
      }
      console.log(`  Bản sao lưu trước khi nhập / backup: ${r.backupFile}`);
    }
    return 0;
  } finally {
    core.close();
  }
}

const SUBCOMMANDS: Record<string, (argv: string[]) => Promise<number>> = { export: cmdExport, import: cmdImport };

async function cmdPackage(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  if (!run) throw new CliError(`Cần package export | import / package needs export or import${sub ? ` (không có / unknown: ${sub})` : ''}`);
  return run(rest);
}

export const commands: Record<string, (argv: string[]) => Promise<number>> = { package: cmdPackage };

export const usage: string[] = [
  '  package export --db FILE --round NĂM --unit MÃ_XÃ --out GÓI --passphrase-file TỆP',
  '                                      Xuất gói dữ liệu một xã của một đợt (mã hoá) để gửi tỉnh hoặc văn phòng khác',
  '  package import --db FILE GÓI --passphrase-file TỆP [--dry-run] [--json] [--force]',
  '                                      Nhập gói (xem trước với --dry-run; --force: nhập cả gói cũ hơn gói đã nhập)',
];
