// Command-line commands of this area, merged into electron/host/cli.ts. Each returns its exit code.
// First-run setup (the office), finding a unit by name, loading a newer unit register (issue 11).
import fs from 'node:fs';
import path from 'node:path';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { cleanText } from '../../../shared/text/normalize';
import { Core } from '../../core/core';
import { openDatabase } from '../../core/db/connection';
import { AppError } from '../../core/errors';
import { findUnits, localToday } from '../../core/units/find';
import { setupOffice, setupStatus, type CodeHint } from '../../core/units/office';
import {
  ensureRegister,
  loadRegister,
  problemLine,
  readRegister,
  RegisterInvalidError,
  registerLoaded,
  shippedRegisterDir,
  type Register,
  type RegisterLoadResult,
} from '../../core/units/register';
import { CliError, parse } from '../args';
import { RESOURCES_DIR } from '../paths';

/** On the command line a refusal names the option to type: "dùng --unit 30487". */
const cliHint: CodeHint = (codes) => `dùng ${codes.map((c) => `--unit ${c}`).join(' hoặc ')}`;

/** Opens (creating if needed) the database for writing, as the app does: migrations after a backup, one holder. */
function openCore(file: string | undefined): Core {
  if (!file) throw new CliError('Thiếu --db FILE');
  const dbPath = path.resolve(file);
  if (fs.existsSync(dbPath) && fs.statSync(dbPath).isDirectory()) throw new CliError(`--db phải là một tệp, không phải thư mục: ${dbPath}`);
  return new Core({ dbPath, resourcesDir: RESOURCES_DIR, actor: 'cli' });
}

const hasRounds = (core: Core): boolean => Number(core.db.sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get()) > 0;

/** Loads a register into the database: a backup first when the database already holds rounds (an import). */
function loadInto(core: Core, register: Register): { result: RegisterLoadResult; backup: string | null } {
  let backup: string | null = null;
  if (hasRounds(core)) backup = core.backup('before-import').file;
  return { result: loadRegister(core.db.sqlite, register, core.actor), backup };
}

/** A register that cannot be read: each problem on its own line, then the one-line refusal. */
function readOrRefuse(dir: string): Register {
  try {
    return readRegister(dir);
  } catch (e) {
    if (e instanceof RegisterInvalidError) {
      for (const p of e.problems.slice(0, 200)) console.error(`  ${problemLine(p)}`);
      if (e.problems.length > 200) console.error(`  … và ${e.problems.length - 200} lỗi khác`);
      throw new CliError(`Danh mục đơn vị không nạp được: ${e.problems.length} lỗi (xem trên), không ghi gì vào CSDL`, 1);
    }
    throw e;
  }
}

function registerLine(core: Core): string {
  const status = setupStatus(core.db.sqlite);
  if (!status.register) return 'chưa nạp';
  return `bản ${status.register.version} (nạp ${formatDateVi(status.register.loadedAt.slice(0, 10))}): ${status.register.provinces} tỉnh, ${formatNumberVi(status.register.communes)} xã hiện hành`;
}

/** setup --db FILE --unit CODE: creates the database if needed, loads the register if not loaded, records the office. */
async function cmdSetup(argv: string[]): Promise<number> {
  const { values } = parse({ args: argv, strict: true, options: { db: { type: 'string' }, unit: { type: 'string' } } });
  if (!values.db) throw new CliError('Thiếu --db FILE');
  if (!values.unit) {
    throw new CliError('Thiếu --unit MÃ (mã xã, phường, đặc khu hoặc tỉnh; tìm bằng: units find --db FILE TÊN)');
  }
  const created = !fs.existsSync(path.resolve(values.db)) || fs.statSync(path.resolve(values.db)).size === 0;
  const core = openCore(values.db);
  try {
    let registerNote = 'đã có';
    if (!registerLoaded(core.db.sqlite)) {
      const { result, backup } = loadInto(core, readOrRefuse(shippedRegisterDir(RESOURCES_DIR)));
      registerNote = `vừa nạp: ${formatNumberVi(result.inserted)} đơn vị${backup ? `; bản sao lưu trước khi nạp: ${backup}` : ''}`;
    }
    let setup: ReturnType<typeof setupOffice>;
    try {
      setup = setupOffice(core.db.sqlite, cleanText(values.unit), core.actor, { hint: cliHint });
    } catch (e) {
      if (e instanceof AppError) throw new CliError(e.message, 1);
      throw e;
    }
    const o = setup.office;
    console.log(
      [
        `${setup.changed ? 'Đã thiết lập' : 'Không đổi (đã thiết lập trước đây)'}: ${path.resolve(values.db)}${created ? ' (CSDL mới)' : ''}`,
        `  Văn phòng: ${o.fullName} (${o.code})${o.provinceName ? `, ${o.provinceName}` : ''}` +
          (setup.changed && setup.previous ? ` — thay cho ${setup.previous.fullName} (${setup.previous.code})` : ''),
        `  Danh mục đơn vị: ${registerLine(core)} — ${registerNote}`,
      ].join('\n'),
    );
    return 0;
  } finally {
    core.close();
  }
}

/** units find --db FILE TEXT [--level province|commune] [--province CODE] [--current | --abolished] */
async function cmdFind(argv: string[]): Promise<number> {
  const { values, positionals } = parse({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      level: { type: 'string' },
      province: { type: 'string' },
      current: { type: 'boolean', default: false },
      abolished: { type: 'boolean', default: false },
    },
  });
  const text = cleanText(positionals.join(' '));
  if (!text) throw new CliError('Cần một phần tên đơn vị, ví dụ: units find --db FILE "binh my"');
  if (text.length > 100) throw new CliError('Tên tìm dài quá 100 ký tự');
  if (values.level !== undefined && values.level !== 'province' && values.level !== 'commune') {
    throw new CliError(`--level là province (tỉnh) hoặc commune (xã), không phải "${values.level}"`);
  }
  if (values.current && values.abolished) throw new CliError('Chọn --current hoặc --abolished, không cả hai');
  if (values.province !== undefined && !/^\d{2}$/u.test(values.province)) {
    throw new CliError(`--province là mã tỉnh 2 chữ số, ví dụ 91, không phải "${values.province}"`);
  }
  const query = {
    text,
    level: values.level as 'province' | 'commune' | undefined,
    ...(values.province !== undefined ? { provinceCode: values.province } : {}),
    ...(values.current ? { current: true } : values.abolished ? { current: false } : {}),
  };
  let found: ReturnType<typeof findUnits>;
  if (values.db && fs.existsSync(path.resolve(values.db))) {
    const core = openCore(values.db);
    try {
      ensureRegister(core.db.sqlite, RESOURCES_DIR, core.actor);
      found = findUnits(core.db.sqlite, query);
    } finally {
      core.close();
    }
  } else {
    if (values.db) throw new CliError(`Không tìm thấy CSDL ${values.db} (bỏ --db để tìm trong danh mục đi kèm)`);
    // No database yet (before setup): the shipped register, in memory.
    const db = openDatabase(':memory:');
    try {
      ensureRegister(db.sqlite, RESOURCES_DIR, 'cli');
      found = findUnits(db.sqlite, query);
    } finally {
      db.close();
    }
  }
  if (found.length === 0) {
    console.error(`Không có đơn vị nào có tên chứa "${text}"`);
    return 1;
  }
  for (const u of found) {
    const parent = u.level === 'district' || (u.abolished && u.level === 'commune') ? [u.parentName, u.provinceName].filter(Boolean).join(', ') : (u.parentName ?? '');
    const state = u.abolished
      ? `không còn từ ${formatDateVi(nextDay(u.validTo!))}${u.becameCodes.length > 0 ? ` → ${u.becameCodes.map((c, i) => `${u.becameNames[i]} (${c})`).join(', ')}` : ''}`
      : u.validFrom > localToday()
        ? `từ ${formatDateVi(u.validFrom)}`
        : 'hiện hành';
    console.log([u.code, u.fullName, parent || '—', state].join('\t'));
  }
  return 0;
}

const nextDay = (iso: string): string => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** units load --db FILE DIR: a newer register (a folder with register.json), checked whole, versioned, audited. */
async function cmdLoad(argv: string[]): Promise<number> {
  const { values, positionals } = parse({ args: argv, strict: true, allowPositionals: true, options: { db: { type: 'string' } } });
  if (!values.db) throw new CliError('Thiếu --db FILE');
  if (positionals.length !== 1) throw new CliError('Cần đúng một thư mục danh mục (có register.json)');
  const dir = path.resolve(positionals[0]!);
  if (!fs.existsSync(path.resolve(values.db))) throw new CliError(`Không tìm thấy CSDL ${values.db} (tạo bằng: setup --db FILE --unit MÃ)`);
  const register = readOrRefuse(dir);
  const core = openCore(values.db);
  try {
    const { result, backup } = loadInto(core, register);
    if (result.status === 'unchanged') {
      console.log(`Danh mục bản ${result.version} đã được nạp trước đây (cùng nội dung, sha256 ${result.sha256.slice(0, 12)}…): không thay đổi gì`);
      return 0;
    }
    console.log(
      [
        `Đã nạp danh mục đơn vị bản ${result.version} (sha256 ${result.sha256.slice(0, 12)}…)`,
        `  ${formatNumberVi(result.inserted)} đơn vị thêm, ${formatNumberVi(result.updated)} đơn vị sửa, ${formatNumberVi(result.mapRowsWritten)} dòng chuyển đổi cũ → mới ghi`,
        ...result.counts.maps.map(
          (m) =>
            `  ${m.file}: ${m.province} tỉnh, ${formatNumberVi(m.district)} huyện, ${formatNumberVi(m.commune)} xã (hiệu lực ${formatDateVi(m.validFrom)}${m.validTo ? ` – ${formatDateVi(m.validTo)}` : ''})`,
        ),
        ...(backup ? [`  Bản sao lưu trước khi nạp: ${backup}`] : []),
      ].join('\n'),
    );
    return 0;
  } finally {
    core.close();
  }
}

/** units find|load … */
async function cmdUnits(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'find') return cmdFind(rest);
  if (sub === 'load') return cmdLoad(rest);
  throw new CliError(`Không có lệnh con units ${sub ?? ''} (có: units find, units load)`);
}

export const commands: Record<string, (argv: string[]) => Promise<number>> = { setup: cmdSetup, units: cmdUnits };

export const usage: string[] = [
  '  setup --db FILE --unit MÃ            Thiết lập lần đầu: tạo CSDL (nếu chưa có), nạp danh mục đơn vị, ghi văn phòng (xã, phường, đặc khu hoặc tỉnh)',
  '  units find [--db FILE] TÊN [--level province|commune] [--province MÃ_TỈNH] [--current|--abolished]',
  '                                      Tìm đơn vị theo một phần tên (không phân biệt hoa thường, dấu; đ = d): mã, tên, cấp trên, tình trạng',
  '  units load --db FILE THƯ_MỤC         Nạp bản danh mục đơn vị mới hơn (thư mục có register.json và các tệp CSV), kiểm tra trước khi ghi',
];
