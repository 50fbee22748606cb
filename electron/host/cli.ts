import fs from 'node:fs';
import path from 'node:path';
import { classify, RuleSetIncompleteError, validateAssessment, type Assessment, type InputError } from '../../shared/engine/classify';
import { ERROR_MESSAGES } from '../../shared/messages';
import { nfcDeep } from '../../shared/text/normalize';
import { checkAtOpen, copyDatabase, tableChecksums } from '../core/backup/backup';
import { otherHolders } from '../core/backup/holders';
import { Core } from '../core/core';
import { openDatabase } from '../core/db/connection';
import { AppError } from '../core/errors';
import { defaultDbPath } from '../core/paths';
import { loadRuleSets, parseRuleSet } from '../core/rulesets/load';
import type { RuleSet } from '../../shared/engine/ruleset';
import { readUnitFile } from '../core/units/units';
import { COMMUNE_PROFILES } from '../core/demo/places';
import { CliError, intOption, issuesBeyondMessage, parse, secretFromFile } from './args';
import * as documentCommands from './commands/documents';
import * as excelCommands from './commands/excel';
import * as packageCommands from './commands/package';
import * as roundCommands from './commands/rounds';
import * as unitCommands from './commands/units';
import * as userCommands from './commands/users';
import * as villageCommands from './commands/villages';
import { RESOURCES_DIR } from './paths';

const USAGE = `Rà soát hộ nghèo — dòng lệnh (npm run -s cli -- <lệnh>)

  classify --rules ID FILE|-          Phân loại các hộ trong tệp JSON (hoặc - để đọc từ stdin), theo bộ tiêu chí đi kèm
  classify --rules-file RULES.json FILE|-   … theo một tệp bộ tiêu chí chỉ định rõ (bản của quản trị viên)
  demo [--db FILE] [--households N] [--seed S] [--force]
                                      Tạo CSDL mẫu huyện Châu Phú (mặc định 60.000 hộ)
  backup --db FILE --out FILE         Sao lưu CSDL ra tệp và kiểm tra bản sao
  restore --db FILE --from FILE [--passphrase-file F]
                                      Khôi phục CSDL từ bản sao lưu (bản hiện tại được sao lưu trước; bản mã hoá cần mật khẩu sao lưu)
  help                                Hướng dẫn này`;

/**
 * Without a database there is no confirmation of an administrator's copy (rulesets/confirm.ts), so
 * the command line uses the shipped rule sets; an administrator's file is used only when named
 * with --rules-file.
 */
const rulesDirs = (): string[] => [path.join(RESOURCES_DIR, 'standards')];

function readInput(file: string): string {
  if (file === '-') return fs.readFileSync(0, 'utf8');
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy tệp ${file}: hãy kiểm tra đường dẫn rồi chạy lại lệnh.`);
  return fs.readFileSync(file, 'utf8');
}

/** A rule-set file named on the command line, checked like every rule set; a bad one is one line. */
function ruleSetFile(file: string): RuleSet {
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy tệp bộ tiêu chí ${file}: hãy kiểm tra đường dẫn rồi chạy lại lệnh.`);
  try {
    return parseRuleSet(fs.readFileSync(file, 'utf8'), file);
  } catch (e) {
    throw new CliError(`Tệp bộ tiêu chí không hợp lệ: ${(e as Error).message}`);
  }
}

/** classify --rules ID FILE|- (spec/interchange.md): results on stdout, input errors on stderr. */
function cmdClassify(argv: string[]): number {
  const { values, positionals } = parse({ args: argv, strict: true, allowPositionals: true, options: { rules: { type: 'string' }, 'rules-file': { type: 'string' } } });
  if (!values.rules && !values['rules-file']) throw new CliError('Thiếu --rules ID (ví dụ --rules vn-2022-2026) hoặc --rules-file TỆP.json');
  if (positionals.length !== 1) throw new CliError('Cần đúng một tệp JSON, hoặc - để đọc từ đầu vào chuẩn');
  const registry = loadRuleSets(rulesDirs());
  for (const p of registry.problems()) process.stderr.write(`${p.message}\n`);
  const ruleSet = values['rules-file'] ? ruleSetFile(values['rules-file']) : registry.get(values.rules!);
  if (!ruleSet) {
    throw new CliError(
      `Không có bộ quy tắc "${values.rules}" (có: ${registry.all().map((r) => r.id).join(', ')})`,
    );
  }
  let input: unknown;
  try {
    input = nfcDeep(JSON.parse(readInput(positionals[0]!)));
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`Tệp không phải JSON hợp lệ: ${(e as Error).message}`);
  }
  if (!Array.isArray(input)) throw new CliError('Tệp phải chứa một mảng JSON các hộ');
  const results: unknown[] = [];
  const failures: { id: unknown; errors: InputError[] }[] = [];
  for (const item of input) {
    const errors = validateAssessment(ruleSet, item);
    const id = (item as { id?: unknown } | null)?.id ?? null;
    if (errors.length > 0) {
      failures.push({ id, errors });
      results.push({ id, status: 'invalid' });
      continue;
    }
    results.push(classify(ruleSet, item as Assessment));
  }
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  if (failures.length > 0) {
    process.stderr.write(`${JSON.stringify(failures, null, 2)}\n`);
    return 1;
  }
  return 0;
}

function progressPrinter(label: string): (done: number, total: number) => void {
  let last = -1;
  return (done, total) => {
    const pct = total ? Math.floor((done / total) * 100) : 100;
    if (pct === last) return;
    last = pct;
    if (process.stderr.isTTY) process.stderr.write(`\r${label}: ${pct}%${pct === 100 ? '\n' : ''}`);
  };
}

async function cmdDemo(argv: string[]): Promise<number> {
  const { values } = parse({
    args: argv,
    strict: true,
    options: {
      db: { type: 'string' },
      households: { type: 'string' },
      seed: { type: 'string' },
      force: { type: 'boolean', default: false },
    },
  });
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  // One household per commune of the demo district at least (demo/generate.ts refuses fewer).
  const households = intOption(values.households, 'households', 60_000, COMMUNE_PROFILES.length);
  const seed = intOption(values.seed, 'seed', 2023, 0);
  if (fs.existsSync(dbPath) && fs.statSync(dbPath).size > 0) {
    if (!values.force) {
      throw new CliError(
        `Tệp ${dbPath} đã có dữ liệu: thêm --force để tạo lại (bản cũ được sao lưu trước)`,
      );
    }
    const others = otherHolders(dbPath);
    if (others.length > 0) {
      throw new CliError(
        `Tệp ${dbPath} đang mở trong chương trình khác (tiến trình ${others.join(', ')}): hãy đóng nó trước rồi chạy lại lệnh`,
      );
    }
    const old = new Core({ dbPath, resourcesDir: RESOURCES_DIR });
    const saved = old.backup('before-demo');
    old.close();
    console.error(`Đã sao lưu CSDL cũ: ${saved.file}`);
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbPath + suffix, { force: true });
  }
  const { buildDemo } = await import('../core/demo/generate');
  const started = Date.now();
  const db = openDatabase(dbPath);
  try {
    const registry = loadRuleSets(rulesDirs());
    const units = readUnitFile(path.join(RESOURCES_DIR, 'units', 'an-giang-chau-phu.json'));
    const summary = buildDemo(db.sqlite, registry, units, { households, seed, actor: 'demo', onProgress: progressPrinter('Tạo dữ liệu mẫu') });
    console.log(
      `Đã tạo CSDL mẫu: ${dbPath}\n` +
        `  ${summary.households} hộ, ${summary.members} nhân khẩu, ${summary.communes} xã, ${summary.villages} thôn/ấp, ` +
        `đợt ${summary.rounds.map((r: { year: number }) => r.year).join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
  } finally {
    db.close();
  }
  return 0;
}

function cmdBackup(argv: string[]): number {
  const { values } = parse({ args: argv, strict: true, options: { db: { type: 'string' }, out: { type: 'string' } } });
  if (!values.db || !values.out) throw new CliError('Cần --db FILE và --out FILE');
  if (!fs.existsSync(values.db)) throw new CliError(`Không tìm thấy CSDL ${values.db}: hãy kiểm tra đường dẫn --db`);
  if (fs.existsSync(values.out)) throw new CliError(`Tệp đích ${values.out} đã tồn tại: hãy chọn tên khác cho --out`);
  const db = openDatabase(values.db);
  try {
    copyDatabase(db.sqlite, values.out);
    const copy = openDatabase(values.out, { readonly: true });
    const same = JSON.stringify(tableChecksums(db.sqlite)) === JSON.stringify(tableChecksums(copy.sqlite));
    copy.close();
    if (!same) throw new CliError('Bản sao lưu không khớp dữ liệu gốc: hãy sao lưu lại', 1);
    console.log(`Đã sao lưu và kiểm tra: ${path.resolve(values.out)}`);
  } finally {
    db.close();
  }
  return 0;
}

function cmdRestore(argv: string[]): number {
  const { values } = parse({ args: argv, strict: true, options: { db: { type: 'string' }, from: { type: 'string' }, 'passphrase-file': { type: 'string' } } });
  if (!values.db || !values.from) throw new CliError('Cần --db FILE và --from FILE');
  const dbPath = path.resolve(values.db);
  // A sealed backup (….sqlite.enc) opens with the office's backup passphrase, read from a file.
  const passphrase = values['passphrase-file'] === undefined ? undefined : secretFromFile(values['passphrase-file'], 'passphrase-file', 'mật khẩu sao lưu');
  // The same start-up check as every open (checkAtOpen's rule): a damaged file cannot be opened to restore into.
  if (checkAtOpen(dbPath).damage !== null) {
    // Too damaged to open: the file is replaced whole (the damaged one is kept beside the backups).
    const kept = Core.restoreDamaged({ dbPath }, values.from, passphrase);
    console.log(`Đã khôi phục ${dbPath} từ ${path.resolve(values.from)} (tệp hỏng giữ ở ${kept})`);
    return 0;
  }
  const core = new Core({ dbPath, resourcesDir: RESOURCES_DIR, actor: 'cli' });
  for (const p of core.ruleSetProblems) console.error(p.message);
  try {
    core.restore(values.from, passphrase);
    console.log(`Đã khôi phục ${path.resolve(values.db)} từ ${path.resolve(values.from)} (bản trước đó ở ${core.backupDir})`);
  } finally {
    core.close();
  }
  return 0;
}

const COMMANDS: Record<string, (argv: string[]) => number | Promise<number>> = {
  classify: cmdClassify,
  demo: cmdDemo,
  backup: cmdBackup,
  restore: cmdRestore,
  ...documentCommands.commands,
  ...excelCommands.commands,
  ...unitCommands.commands,
  ...roundCommands.commands,
  ...villageCommands.commands,
  ...userCommands.commands,
  ...packageCommands.commands,
};

export async function runCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log([USAGE, ...documentCommands.usage, ...excelCommands.usage, ...unitCommands.usage, ...roundCommands.usage, ...villageCommands.usage, ...userCommands.usage, ...packageCommands.usage].join('\n'));
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) throw new CliError(`Không có lệnh ${command}. Xem các lệnh: npm run -s cli -- help`);
  return await run(rest);
}

// A reader that stops early (`npm run -s cli -- help | head -1`) closes the pipe: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

runCli(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = reportFailure(e);
  },
);

/** One line on stderr and an exit code, never a stack trace. */
function reportFailure(e: unknown): number {
  if (e instanceof CliError) {
    console.error(e.message);
    return e.exitCode;
  }
  if (e instanceof RuleSetIncompleteError) {
    console.error(e.message);
    return 2;
  }
  if (e instanceof AppError) {
    const more = issuesBeyondMessage(e);
    const issues = more.length ? `: ${more.map((i) => `${i.path} ${i.message}`).join('; ')}` : '';
    console.error(`${ERROR_MESSAGES[e.code]} / ${e.message}${issues}`);
    return 1;
  }
  console.error(`Lỗi không mong đợi: ${(e as Error).message}`);
  return 1;
}
