// Command-line commands of this area, merged into electron/host/cli.ts. Each returns its exit code.
import fs from 'node:fs';
import path from 'node:path';
import type { VillagePlanResult } from '../../../shared/api/villages';
import { AREA_LABELS } from '../../../shared/glossary';
import { VILLAGE_TYPE_LABELS, VILLAGE_TYPES, areaOfLabel, villageTypeOf } from '../../../shared/domain/villages';
import { autoBackup } from '../../core/backup/backup';
import { openDatabase } from '../../core/db/connection';
import { AppError } from '../../core/errors';
import { backupDirFor } from '../../core/paths';
import { officeUnit } from '../../core/units/office';
import { addVillages, readVillageWorkbook } from '../../core/units/villages';
import { CliError, parse } from '../args';

/**
 * The commune with this GSO code on today's map (units/office.ts: the one rule for a code typed
 * by the officer), or a one-line refusal naming the right one (an abolished commune: what it became).
 */
function communeOnCurrentMap(sqlite: ReturnType<typeof openDatabase>['sqlite'], code: string): number {
  let unit: ReturnType<typeof officeUnit>;
  try {
    unit = officeUnit(sqlite, code, { hint: (codes) => `dùng --unit ${codes.join(' hoặc --unit ')}` });
  } catch (e) {
    if (e instanceof AppError) throw new CliError(e.message, 2);
    throw e;
  }
  if (unit.level !== 'commune') {
    throw new CliError(`Mã ${code} là một tỉnh: thôn, ấp được ghi theo từng xã, hãy ghi --unit MÃ_XÃ`);
  }
  return unit.id;
}

function printResult(r: VillagePlanResult): void {
  if (r.message) {
    console.error(r.message);
    return;
  }
  for (const row of r.rows) {
    const text = `  dòng ${row.line}: ${row.fullName || '(không tên)'}${row.code ? ` [${row.code}]` : ''}, ${AREA_LABELS[row.area]}`;
    console.log(row.problem ? `${text} — LỖI: ${row.problem}` : text);
  }
  const n = r.rows.length;
  if (r.added) console.log(`Đã thêm ${n} thôn, ấp${r.backupFile ? ` (sao lưu trước: ${r.backupFile})` : ''}`);
  else if (r.problems > 0) console.log(`Không thêm gì: ${r.problems} dòng có lỗi, hãy sửa tệp rồi nhập lại`);
  else console.log(`Xem trước: ${n} thôn, ấp sẽ được thêm`);
}

/** villages import --db FILE --unit CODE FILE.xlsx [--type LOẠI] [--area nong-thon|thanh-thi] [--dry-run] */
async function cmdVillagesImport(argv: string[]): Promise<number> {
  const { values, positionals } = parse({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      unit: { type: 'string' },
      type: { type: 'string' },
      area: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  if (!values.db) throw new CliError('Thiếu --db FILE');
  if (!values.unit) throw new CliError('Thiếu --unit MÃ (mã xã, phường hiện hành)');
  if (positionals.length !== 1) throw new CliError('Cần đúng một tệp .xlsx');
  const defaultType = values.type === undefined ? 'thon' : villageTypeOf(values.type);
  if (!defaultType) throw new CliError(`--type "${values.type}" không rõ: ghi một trong ${VILLAGE_TYPES.map((t) => VILLAGE_TYPE_LABELS[t]).join(', ')}`);
  const defaultArea = values.area === undefined ? undefined : areaOfLabel(values.area.replace(/-/gu, ' '));
  if (defaultArea === null) throw new CliError(`--area "${values.area}" không rõ: ghi nong-thon hoặc thanh-thi`);
  const file = positionals[0]!;
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy tệp ${file}: hãy kiểm tra đường dẫn`);
  const dbPath = path.resolve(values.db);
  if (!fs.existsSync(dbPath)) throw new CliError(`Không tìm thấy CSDL ${values.db} (tạo bằng lệnh setup)`);
  const db = openDatabase(dbPath);
  try {
    const communeId = communeOnCurrentMap(db.sqlite, values.unit);
    let result: VillagePlanResult;
    try {
      const { entries, message } = await readVillageWorkbook(file);
      result = addVillages(db.sqlite, communeId, entries, {
        defaultType,
        defaultArea,
        preview: values['dry-run'],
        actor: 'cli',
        source: 'cli',
        backup: () => autoBackup(db.sqlite, backupDirFor(dbPath), 'before-import').file,
        message,
      });
    } catch (e) {
      if (e instanceof AppError) throw new CliError(e.message, 1);
      throw e;
    }
    printResult(result);
    return result.added || (result.preview && result.problems === 0 && !result.message) ? 0 : 1;
  } finally {
    db.close();
  }
}

/** villages SUBCOMMAND … */
async function cmdVillages(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'import') return cmdVillagesImport(rest);
  throw new CliError(`Không có lệnh con villages ${sub ?? ''}. Có: villages import`);
}

export const commands: Record<string, (argv: string[]) => Promise<number>> = { villages: cmdVillages };

export const usage: string[] = [
  '  villages import --db FILE --unit MÃ FILE.xlsx [--type LOẠI] [--area nong-thon|thanh-thi] [--dry-run]',
  '                                      Nhập thôn, ấp, tổ dân phố của một xã từ Excel (trang đầu; cột Mã, Tên, Loại, Khu vực)',
];
