import type BetterSqlite3 from 'better-sqlite3';
import type { Selectable } from 'kysely';
import { TargetInputSchema, type TargetImportResult, type TargetImportRow, type TargetInput, type TargetView } from '../../../shared/api/overview';
import { unitFullName } from '../../../shared/domain/units';
import { cleanText } from '../../../shared/text/normalize';
import { writeAudit, type AuditEntry } from '../db/audit';
import { nowIso } from '../db/connection';
import type { OverviewTargetTable } from '../db/schema';
import { writeTransaction } from '../db/write-transaction';
import { invalidAt } from '../errors';
import { foldHeader } from '../excel/columns';
import { HEADER_ROWS, findHeaderRow, readUploadedSheet } from '../excel/sheet-rows';
import { cellFault } from '../excel/values';

/**
 * The poverty-reduction targets (chỉ tiêu giảm nghèo) per commune code and year (migration 14):
 * keyed on the screen, or imported from a simple sheet (mã xã, năm, chỉ tiêu giảm tỷ lệ hộ
 * nghèo (điểm %), chỉ tiêu giảm tỷ lệ hộ cận nghèo, ghi chú). Every change audited.
 */

/** A stored target (the table as db/schema.ts states it) with its commune's newest name and type. */
type TargetRow = Selectable<OverviewTargetTable> & {
  commune_name: string | null;
  commune_type: string | null;
};

// The commune's name by its code: the newest unit of that code.
const SELECT = `SELECT t.*, (SELECT u.name FROM units u WHERE u.code = t.commune_code AND u.level = 'commune' ORDER BY u.valid_from DESC LIMIT 1) AS commune_name,
    (SELECT u.type FROM units u WHERE u.code = t.commune_code AND u.level = 'commune' ORDER BY u.valid_from DESC LIMIT 1) AS commune_type
  FROM overview_targets t`;

const view = (r: TargetRow): TargetView => ({
  id: r.id,
  communeCode: r.commune_code,
  communeName: r.commune_name ? unitFullName(r.commune_type ?? '', r.commune_name) : '',
  year: r.year,
  poorReduction: r.poor_reduction,
  nearPoorReduction: r.near_poor_reduction,
  note: r.note,
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
});

export function listTargets(sqlite: BetterSqlite3.Database, year?: number): TargetView[] {
  const rows = (year === undefined ? sqlite.prepare(`${SELECT} ORDER BY t.year DESC, t.commune_code`).all() : sqlite.prepare(`${SELECT} WHERE t.year = ? ORDER BY t.commune_code`).all(year)) as TargetRow[];
  return rows.map(view);
}

export const targetsOfYear = (sqlite: BetterSqlite3.Database, year: number): TargetView[] => listTargets(sqlite, year);

const communeKnown = (sqlite: BetterSqlite3.Database, code: string): boolean =>
  sqlite.prepare("SELECT 1 FROM units WHERE code = ? AND level = 'commune' LIMIT 1").get(code) !== undefined;

const unknownCommune = (code: string): string =>
  `Mã xã ${code} không có trong danh mục đơn vị hành chính của ứng dụng: hãy kiểm tra lại mã (5 chữ số, theo danh mục của Tổng cục Thống kê).`;

const stored = (sqlite: BetterSqlite3.Database, code: string, year: number): TargetRow | undefined =>
  sqlite.prepare(`${SELECT} WHERE t.commune_code = ? AND t.year = ?`).get(code, year) as TargetRow | undefined;

/** Writes one checked target (inside the caller's transaction), with its audit row. */
function write(sqlite: BetterSqlite3.Database, t: ReturnType<typeof TargetInputSchema.parse>, actor: string, action: string): AuditEntry {
  const before = stored(sqlite, t.communeCode, t.year);
  const note = cleanText(t.note);
  sqlite
    .prepare(
      `INSERT INTO overview_targets (commune_code, year, poor_reduction, near_poor_reduction, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (year, commune_code) DO UPDATE SET poor_reduction = excluded.poor_reduction, near_poor_reduction = excluded.near_poor_reduction,
         note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    )
    .run(t.communeCode, t.year, t.poorReduction, t.nearPoorReduction, note, nowIso(), actor);
  const after = stored(sqlite, t.communeCode, t.year)!;
  const values = (r: TargetRow | undefined) =>
    r ? { communeCode: r.commune_code, year: r.year, poorReduction: r.poor_reduction, nearPoorReduction: r.near_poor_reduction, note: r.note } : null;
  return { actor, entity: 'overview_target', entityId: after.id, action: before ? action : 'create', oldValue: values(before), newValue: values(after) };
}

export function setTarget(sqlite: BetterSqlite3.Database, input: TargetInput, actor: string): TargetView {
  const t = TargetInputSchema.parse(input);
  return writeTransaction(sqlite, () => {
    if (!communeKnown(sqlite, t.communeCode)) throw invalidAt('communeCode', unknownCommune(t.communeCode));
    writeAudit(sqlite, [write(sqlite, t, actor, 'update')]);
    return view(stored(sqlite, t.communeCode, t.year)!);
  });
}

export function deleteTarget(sqlite: BetterSqlite3.Database, communeCode: string, year: number, actor: string): { deleted: boolean } {
  return writeTransaction(sqlite, () => {
    const before = stored(sqlite, communeCode, year);
    if (!before) return { deleted: false };
    sqlite.prepare('DELETE FROM overview_targets WHERE id = ?').run(before.id);
    writeAudit(sqlite, [
      { actor, entity: 'overview_target', entityId: before.id, action: 'delete', oldValue: { communeCode, year, poorReduction: before.poor_reduction, nearPoorReduction: before.near_poor_reduction, note: before.note } },
    ]);
    return { deleted: true };
  });
}

/** The sheet's columns, by their folded headers (foldHeader: no diacritics, lower case, single spaces). */
const HEADERS: { key: 'code' | 'year' | 'poor' | 'nearPoor' | 'note'; test: (h: string) => boolean }[] = [
  { key: 'code', test: (h) => /^ma (xa|don vi)/u.test(h) },
  { key: 'year', test: (h) => /^nam\b/u.test(h) },
  { key: 'nearPoor', test: (h) => h.includes('can ngheo') },
  { key: 'poor', test: (h) => h.includes('ngheo') && !h.includes('can ngheo') },
  { key: 'note', test: (h) => h.startsWith('ghi chu') },
];

type Columns = Partial<Record<(typeof HEADERS)[number]['key'], number>>;

function columnsOf(cells: string[]): Columns | null {
  const cols: Columns = {};
  cells.forEach((c, i) => {
    const h = foldHeader(c);
    const found = HEADERS.find((x) => cols[x.key] === undefined && x.test(h));
    if (found) cols[found.key] = i;
  });
  return cols.code !== undefined && cols.year !== undefined && cols.poor !== undefined ? cols : null;
}

/** A number as the sheet holds it: a number cell, or text with a decimal comma ("1,5"). */
function numberOf(text: string): number | null {
  const t = text.trim().replace(/\s*%$/u, '').replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : Number.NaN;
}

/** Reads the sheet's rows, each checked; a bad row is kept with its problem, never dropped unseen. */
export async function readTargetWorkbook(sqlite: BetterSqlite3.Database, file: string): Promise<{ rows: TargetImportRow[]; message: string | null }> {
  const sheet = await readUploadedSheet(file, { noSheetMessage: 'Tệp Excel không có trang tính nào: hãy đặt bảng chỉ tiêu ở trang tính đầu tiên.' });
  if ('message' in sheet) return { rows: [], message: sheet.message };
  const header = findHeaderRow(sheet.rows, columnsOf);
  if (!header) {
    return {
      rows: [],
      message: `Trang tính đầu tiên ("${sheet.sheetName}") không có dòng tiêu đề trong ${HEADER_ROWS} dòng đầu: hãy đặt các cột "Mã xã", "Năm", "Chỉ tiêu giảm tỷ lệ hộ nghèo (điểm %)" (và nếu có "Chỉ tiêu giảm tỷ lệ hộ cận nghèo (điểm %)", "Ghi chú") rồi chọn lại tệp.`,
    };
  }
  const cols = header.columns;
  const seen = new Map<string, number>();
  const rows: TargetImportRow[] = [];
  for (const r of sheet.rows.slice(header.at + 1)) {
    const cells = r.cells;
    const at = (k: keyof Columns): string => (cols[k] === undefined ? '' : (cells[cols[k]] ?? '').trim());
    if (Object.values(cols).every((i) => (cells[i] ?? '').trim() === '')) continue;
    const problems: string[] = [];
    const fault = Object.values(cols)
      .map((i) => cellFault(r.raw[i]))
      .find((f) => f !== null);
    if (fault) problems.push(`${fault.what}: ${fault.fix}`);
    const code = at('code');
    const yearNumber = numberOf(at('year'));
    const poor = numberOf(at('poor'));
    const nearPoor = numberOf(at('nearPoor'));
    const row: TargetImportRow = {
      line: r.n,
      communeCode: code,
      year: yearNumber !== null && Number.isInteger(yearNumber) ? yearNumber : null,
      poorReduction: poor !== null && !Number.isNaN(poor) ? poor : null,
      nearPoorReduction: nearPoor !== null && !Number.isNaN(nearPoor) ? nearPoor : null,
      note: at('note'),
      problem: null,
      action: null,
    };
    if (!/^\d{5}$/u.test(code)) problems.push(`mã xã "${code}" phải gồm đúng 5 chữ số`);
    else if (!communeKnown(sqlite, code)) problems.push(`mã xã ${code} không có trong danh mục đơn vị hành chính`);
    if (row.year === null || row.year < 2021 || row.year > 2100) problems.push(`năm "${at('year')}" phải là một năm từ 2021 đến 2100`);
    if (row.poorReduction === null || row.poorReduction < 0 || row.poorReduction > 100) {
      problems.push(`chỉ tiêu giảm tỷ lệ hộ nghèo "${at('poor')}" phải là một số điểm % từ 0 đến 100 (ví dụ 1,5)`);
    }
    if (Number.isNaN(nearPoor) || (row.nearPoorReduction !== null && (row.nearPoorReduction < 0 || row.nearPoorReduction > 100))) {
      problems.push(`chỉ tiêu giảm tỷ lệ hộ cận nghèo "${at('nearPoor')}" phải để trống hoặc là một số điểm % từ 0 đến 100`);
    }
    if (row.note.length > 300) problems.push('ghi chú dài quá 300 ký tự');
    const key = `${code}/${row.year}`;
    if (problems.length === 0 && seen.has(key)) problems.push(`trùng với dòng ${seen.get(key)} (cùng mã xã và năm): hãy giữ một dòng`);
    if (problems.length > 0) row.problem = `Dòng ${r.n}: ${problems.join('; ')}. Hãy sửa trong tệp rồi nhập lại; các dòng khác không bị ảnh hưởng.`;
    else {
      seen.set(key, r.n);
      row.action = stored(sqlite, code, row.year!) ? 'replace' : 'add';
    }
    rows.push(row);
  }
  return { rows, message: rows.length === 0 ? 'Bảng chỉ tiêu không có dòng nào dưới dòng tiêu đề: hãy ghi mỗi xã, mỗi năm một dòng rồi chọn lại tệp.' : null };
}

/**
 * Imports the good rows in one transaction after a backup; the rows with a problem are written
 * nowhere and come back with their message (the file keeps them to be fixed).
 */
export function importTargets(
  sqlite: BetterSqlite3.Database,
  read: { rows: TargetImportRow[]; message: string | null },
  options: { preview: boolean; actor: string; backup: () => string },
): TargetImportResult {
  const good = read.rows.filter((r) => r.problem === null);
  const problems = read.rows.length - good.length;
  if (options.preview || good.length === 0) return { rows: read.rows, written: 0, problems, message: read.message, backupFile: null };
  const backupFile = options.backup();
  writeTransaction(sqlite, () => {
    const audit = good.map((r) =>
      write(
        sqlite,
        TargetInputSchema.parse({ communeCode: r.communeCode, year: r.year, poorReduction: r.poorReduction, nearPoorReduction: r.nearPoorReduction, note: r.note }),
        options.actor,
        'import',
      ),
    );
    writeAudit(sqlite, audit);
  });
  return { rows: read.rows, written: good.length, problems, message: read.message, backupFile };
}
