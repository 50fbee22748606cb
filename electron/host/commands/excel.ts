// Command-line commands of this area, merged into electron/host/cli.ts. Each returns its exit code.
import fs from 'node:fs';
import path from 'node:path';
import { CliError, intOption, parse } from '../args';
import { exportTables, TABLE_DOCS, type TableDoc } from '../../core/excel/tables';
import { openDatabase } from '../../core/db/connection';
import { AppError } from '../../core/errors';
import { EXPORT_DOCS, exportList, type ExportDoc } from '../../core/excel/export';
import { importHouseholdList, roundIdOfYear, type ImportSummary } from '../../core/excel/import';
import { writeTemplate } from '../../core/excel/template';
import { backupDirFor } from '../../core/paths';
import { roundRuleSet } from '../../core/rulesets/load';
import { RESOURCES_DIR } from '../paths';

function openDb(file: string | undefined) {
  if (!file) throw new CliError('Thiếu --db FILE');
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy CSDL ${file}: hãy kiểm tra đường dẫn --db`);
  return openDatabase(path.resolve(file));
}

/** An AppError from the import (bad file, unknown unit) as a one-line refusal. */
function refuse(e: unknown): never {
  if (e instanceof AppError) throw new CliError(e.message, 1);
  throw e;
}

function printSummary(s: ImportSummary): void {
  const out = (line: string): void => void console.log(line);
  out(
    `${s.imported ? (s.dryRun ? 'Xem trước' : 'Đã nhập') : s.dryRun ? 'Xem trước' : 'Không nhập (có lỗi, không ghi gì)'}: ` +
      `hộ thêm ${s.households.created}, sửa ${s.households.updated}, giữ nguyên ${s.households.unchanged}; ` +
      `nhân khẩu thêm ${s.members.created}, sửa ${s.members.updated}, giữ nguyên ${s.members.unchanged}, bỏ ${s.members.removed}; ` +
      `${s.errors} lỗi, ${s.warnings} cảnh báo`,
  );
  for (const p of s.problems.slice(0, 200)) {
    out(`  ${p.level === 'error' ? 'LỖI' : 'Cảnh báo'} [${p.sheet}${p.row ? ` dòng ${p.row}` : ''}${p.column ? `, cột ${p.column}` : ''}] ${p.message}`);
  }
  if (s.problems.length > 200) out(`  … và ${s.problems.length - 200} vấn đề khác`);
}

/** import --db FILE --round YEAR --unit CODE FILE.xlsx [--dry-run] [--json] */
async function cmdImport(argv: string[]): Promise<number> {
  const { values, positionals } = parse({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      round: { type: 'string' },
      unit: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new CliError('Cần đúng một tệp .xlsx');
  if (!values.unit) throw new CliError('Thiếu --unit MÃ (mã xã hoặc huyện)');
  const year = intOption(values.round, 'round', 0, 1900);
  if (!year) throw new CliError('Thiếu --round NĂM');
  const file = positionals[0]!;
  if (!fs.existsSync(file)) throw new CliError(`Không tìm thấy tệp ${file}: hãy kiểm tra đường dẫn`);
  const db = openDb(values.db);
  try {
    let summary: ImportSummary;
    try {
      const roundId = roundIdOfYear(db.sqlite, year);
      summary = await importHouseholdList(db.sqlite, {
        file,
        roundId,
        ruleSet: roundRuleSet(db.sqlite, RESOURCES_DIR, values.db!, roundId),
        unitCode: values.unit,
        dryRun: values['dry-run'],
        actor: 'cli',
        backupDir: backupDirFor(path.resolve(values.db!)),
      });
    } catch (e) {
      refuse(e);
    }
    if (values.json) {
      const { errorRows: _rows, ...rest } = summary;
      console.log(JSON.stringify(rest, null, 2));
    } else printSummary(summary);
    return summary.refused ? 1 : 0;
  } finally {
    db.close();
  }
}

/** export --db FILE --round YEAR --unit CODE --doc ID --out FILE.xlsx */
async function cmdExport(argv: string[]): Promise<number> {
  const { values } = parse({
    args: argv,
    strict: true,
    options: { db: { type: 'string' }, round: { type: 'string' }, unit: { type: 'string' }, doc: { type: 'string' }, out: { type: 'string' } },
  });
  if (!values.unit) throw new CliError('Thiếu --unit MÃ');
  if (!values.out) throw new CliError('Thiếu --out FILE.xlsx');
  const doc = (values.doc ?? 'DS').toUpperCase();
  if (!(doc in EXPORT_DOCS) && !(doc in TABLE_DOCS)) {
    throw new CliError(`Không có danh sách "${values.doc}" (có: ${[...Object.keys(EXPORT_DOCS), ...Object.keys(TABLE_DOCS)].join(', ')})`);
  }
  const year = intOption(values.round, 'round', 0, 1900);
  if (!year) throw new CliError('Thiếu --round NĂM');
  const db = openDb(values.db);
  try {
    const started = Date.now();
    if (doc in TABLE_DOCS) {
      let t: Awaited<ReturnType<typeof exportTables>>;
      try {
        t = await exportTables(db.sqlite, { roundId: roundIdOfYear(db.sqlite, year), unitCode: values.unit, doc: doc as TableDoc, out: values.out });
      } catch (e) {
        refuse(e);
      }
      console.log(`Đã xuất ${t.sheets} biểu/danh sách, ${t.rows} dòng → ${t.file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      return 0;
    }
    let r: Awaited<ReturnType<typeof exportList>>;
    try {
      const roundId = roundIdOfYear(db.sqlite, year);
      r = await exportList(db.sqlite, { roundId, unitCode: values.unit, doc: doc as ExportDoc, out: values.out, ruleSet: roundRuleSet(db.sqlite, RESOURCES_DIR, values.db!, roundId) });
    } catch (e) {
      refuse(e);
    }
    console.log(`Đã xuất ${r.households} hộ, ${r.members} nhân khẩu → ${r.file} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    return 0;
  } finally {
    db.close();
  }
}

/** template --out FILE.xlsx [--db FILE --round YEAR --unit CODE] */
async function cmdTemplate(argv: string[]): Promise<number> {
  const { values } = parse({
    args: argv,
    strict: true,
    options: { out: { type: 'string' }, db: { type: 'string' }, round: { type: 'string' }, unit: { type: 'string' } },
  });
  if (!values.out) throw new CliError('Thiếu --out FILE.xlsx');
  let villages: string[] = [];
  if (values.db && values.unit) {
    const db = openDb(values.db);
    try {
      const year = intOption(values.round, 'round', 0, 1900);
      villages = db.sqlite
        .prepare(
          `SELECT v.name FROM units v JOIN units c ON c.id = v.parent_id WHERE v.level = 'village' AND c.code = ?
           ${year ? `AND c.valid_from <= '${year}-12-31' AND (c.valid_to IS NULL OR c.valid_to >= '${year}-01-01')` : ''} ORDER BY v.name_sort`,
        )
        .pluck()
        .all(values.unit) as string[];
    } finally {
      db.close();
    }
  }
  await writeTemplate(values.out, { villages });
  console.log(`Đã tạo mẫu: ${path.resolve(values.out)}`);
  return 0;
}

export const commands: Record<string, (argv: string[]) => Promise<number>> = {
  import: cmdImport,
  export: cmdExport,
  template: cmdTemplate,
};

/** Lines added to "npm run -s cli -- help". */
export const usage: string[] = [
  '  import --db FILE --round NĂM --unit MÃ FILE.xlsx [--dry-run] [--json]',
  '                                      Nhập danh sách hộ từ Excel (mỗi dòng một người); --dry-run chỉ xem trước',
  `  export --db FILE --round NĂM --unit MÃ --doc ${[...Object.keys(EXPORT_DOCS), ...Object.keys(TABLE_DOCS)].join('|')} --out FILE.xlsx`,
  '                                      Xuất ra Excel (DS: nhập lại được; LK: kết nối CSDL dân cư; HN, M02, BC: như bản in)',
  '  template --out FILE.xlsx [--db FILE --round NĂM --unit MÃ]',
  '                                      Tạo tệp mẫu nhập liệu (kèm danh sách thôn/ấp của xã nếu có --unit)',
];
