import fs from 'node:fs';
import { writeFileAtomic } from '../write-atomic';
import path from 'node:path';
import type { z } from 'zod';
import type { B1PointTable } from '../../../shared/engine/b1';
import { RuleSetSchema, ScreeningSchema, type RuleSet } from '../../../shared/engine/ruleset';
import { fold } from '../../../shared/text/fold';
import { cleanText } from '../../../shared/text/normalize';
import { AppError } from '../errors';
import ExcelJS from './exceljs';
import { checkFileKind, columnLetter } from './read';
import { cellText, parseNumber, plainValue, type Cell } from './values';
import { addSafeRow, setSafe } from './safe-text';
import { brokenWorkbook } from './zip';

/**
 * Rule-set tables from Excel (spec/standard.md §4): a province's Phiếu B1 point table or Phiếu A
 * item list, loaded into a copy of a rule set with its provenance, validated, and saved in the
 * data folder's standards/ (which Core loads over the shipped rule sets).
 *
 * Phiếu B1 sheet: a header row "Mã câu hỏi | Câu hỏi | Mã phương án | Phương án | <one column of
 * points per region>…"; one row per answer; a question's code and text on its first answer row
 * (the rows below with an empty code belong to it); an optional row coded "CO_SO" (Điểm cơ sở)
 * with a base per region. Phiếu A sheet: "Mã nhóm | Tên nhóm | Loại trừ khi có từ | Mã tiêu chí |
 * Tiêu chí", one row per item, the group's columns on its first row.
 */

export type RuleTablePart = 'b1PointTable' | 'screening';
type Screening = z.output<typeof ScreeningSchema>;

export interface RuleTableIssue {
  sheet: string;
  row: number;
  column: string | null;
  message: string;
}

export class RuleTableError extends AppError {
  constructor(readonly problems: RuleTableIssue[]) {
    super(
      'INVALID_INPUT',
      `Bảng không hợp lệ: ${problems
        .slice(0, 5)
        .map((p) => `dòng ${p.row}${p.column ? `, cột ${p.column}` : ''}: ${p.message}`)
        .join('; ')}${problems.length > 5 ? ` (và ${problems.length - 5} lỗi khác)` : ''}`,
      problems.map((p) => ({ path: `${p.sheet}!${p.column ?? ''}${p.row}`, message: p.message })),
    );
  }
}

const B1_HEADERS = { question: 'ma cau hoi', questionLabel: 'cau hoi', option: 'ma phuong an', optionLabel: 'phuong an' } as const;
const A_HEADERS = { group: 'ma nhom', groupLabel: 'ten nhom', excludeAtLeast: 'loai tru khi co tu', item: 'ma tieu chi', itemLabel: 'tieu chi' } as const;
const headerKey = (s: string): string =>
  fold(s)
    .replace(/\([^)]*\)/gu, ' ')
    .replace(/[^a-z0-9]+/gu, ' ')
    .trim();

/** A region column's id: the rule set's areas by name, else a slug of the header. */
function regionId(label: string): string {
  const f = headerKey(label);
  if (f === 'nong thon') return 'rural';
  if (f === 'thanh thi') return 'urban';
  return f.replace(/ /gu, '-') || 'vung';
}

async function readRows(file: string): Promise<{ sheet: string; rows: { row: number; values: Cell[] }[] }[]> {
  checkFileKind(file);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw brokenWorkbook((e as Error).message);
  }
  return wb.worksheets
    .filter((ws) => ws.state !== 'hidden')
    .map((ws) => {
      const rows: { row: number; values: Cell[] }[] = [];
      ws.eachRow((row, n) => {
        const raw = row.values as unknown[];
        const values: Cell[] = [];
        for (let i = 1; i < raw.length; i++) values.push(plainValue(raw[i]));
        rows.push({ row: n, values });
      });
      return { sheet: ws.name, rows };
    });
}

/** Finds the sheet and header row naming every required column; returns column indexes (0-based). */
function findHeader<K extends string>(
  sheets: { sheet: string; rows: { row: number; values: Cell[] }[] }[],
  required: Record<K, string>,
): { sheet: string; headerRow: number; cols: Record<K, number>; rest: { index: number; label: string }[]; rows: { row: number; values: Cell[] }[] } {
  for (const s of sheets) {
    for (const r of s.rows.slice(0, 20)) {
      const keys = r.values.map((v) => (v === null ? '' : headerKey(cellText(v))));
      const cols = {} as Record<K, number>;
      let all = true;
      for (const [k, h] of Object.entries(required) as [K, string][]) {
        const i = keys.indexOf(h);
        if (i < 0) all = false;
        else cols[k] = i;
      }
      if (!all) continue;
      const used = new Set(Object.values(cols) as number[]);
      const rest = r.values.map((v, index) => ({ index, label: v === null ? '' : cleanText(cellText(v)) })).filter((c) => !used.has(c.index) && c.label !== '');
      return { sheet: s.sheet, headerRow: r.row, cols, rest, rows: s.rows.filter((x) => x.row > r.row) };
    }
  }
  const names = Object.values(required) as string[];
  throw new RuleTableError([{ sheet: sheets[0]?.sheet ?? '', row: 1, column: null, message: `Không tìm thấy dòng tiêu đề có đủ các cột (${names.join(', ')})` }]);
}

const text = (v: Cell | undefined): string => (v === null || v === undefined ? '' : cleanText(cellText(v)));

/** Reads and validates a Phiếu B1 point table sheet. */
export async function readB1Table(file: string): Promise<B1PointTable> {
  const h = findHeader(await readRows(file), B1_HEADERS);
  const problems: RuleTableIssue[] = [];
  const at = (row: number, index: number | null, message: string): void => {
    problems.push({ sheet: h.sheet, row, column: index === null ? null : columnLetter(index + 1), message });
  };
  const regions = h.rest.map((c) => ({ id: regionId(c.label), label: c.label, index: c.index }));
  if (regions.length === 0) at(h.headerRow, null, 'Không có cột điểm nào (mỗi vùng một cột, sau cột Phương án)');
  const seenRegions = new Set<string>();
  for (const r of regions) {
    if (seenRegions.has(r.id)) at(h.headerRow, r.index, `Hai cột điểm cùng vùng "${r.label}"`);
    seenRegions.add(r.id);
  }
  const items: B1PointTable['items'] = [];
  const base: Record<string, number> = {};
  for (const r of h.rows) {
    if (!r.values.some((v) => v !== null)) continue;
    const q = text(r.values[h.cols.question]);
    const points = (): Record<string, number> | null => {
      const out: Record<string, number> = {};
      let ok = true;
      for (const reg of regions) {
        const v = r.values[reg.index] ?? null;
        const p = parseNumber(v);
        if (v === null) {
          at(r.row, reg.index, `Thiếu điểm vùng "${reg.label}"`);
          ok = false;
        } else if (!p.ok || p.value === null) {
          at(r.row, reg.index, `Điểm không phải số: "${cellText(v)}"`);
          ok = false;
        } else out[reg.id] = p.value;
      }
      return ok ? out : null;
    };
    if (headerKey(q) === 'co so' || headerKey(q) === 'diem co so') {
      Object.assign(base, points() ?? {});
      continue;
    }
    if (q) {
      if (items.some((i) => i.id === q)) at(r.row, h.cols.question, `Mã câu hỏi "${q}" bị trùng`);
      const label = text(r.values[h.cols.questionLabel]);
      if (!label) at(r.row, h.cols.questionLabel, 'Thiếu nội dung câu hỏi');
      items.push({ id: q, label, options: [] });
    }
    const item = items.at(-1);
    if (!item) {
      at(r.row, h.cols.question, 'Phương án trả lời nằm trước câu hỏi đầu tiên: thiếu mã câu hỏi');
      continue;
    }
    const optionLabel = text(r.values[h.cols.optionLabel]);
    const optionId = text(r.values[h.cols.option]) || String(item.options.length + 1);
    if (!optionLabel) at(r.row, h.cols.optionLabel, 'Thiếu nội dung phương án');
    if (item.options.some((o) => o.id === optionId)) at(r.row, h.cols.option, `Mã phương án "${optionId}" bị trùng trong câu ${item.id}`);
    const p = points();
    if (p) item.options.push({ id: optionId, label: optionLabel, points: p });
  }
  for (const item of items) {
    if (item.options.length === 0 && !problems.some((p) => p.message.includes(item.id))) {
      problems.push({ sheet: h.sheet, row: h.headerRow, column: null, message: `Câu ${item.id} không có phương án trả lời nào` });
    }
  }
  if (items.length === 0) at(h.headerRow, null, 'Bảng không có câu hỏi nào');
  if (problems.length > 0) throw new RuleTableError(problems);
  return { regions: regions.map(({ id, label }) => ({ id, label })), base, items };
}

/** Reads and validates a Phiếu A item list. */
export async function readScreeningTable(file: string): Promise<Screening> {
  const h = findHeader(await readRows(file), A_HEADERS);
  const problems: RuleTableIssue[] = [];
  const at = (row: number, index: number, message: string): void => {
    problems.push({ sheet: h.sheet, row, column: columnLetter(index + 1), message });
  };
  const groups: Screening['groups'] = [];
  const items: Screening['items'] = [];
  for (const r of h.rows) {
    if (!r.values.some((v) => v !== null)) continue;
    const g = text(r.values[h.cols.group]);
    if (g) {
      if (groups.some((x) => x.id === g)) at(r.row, h.cols.group, `Mã nhóm "${g}" bị trùng`);
      const k = parseNumber(r.values[h.cols.excludeAtLeast] ?? null);
      const kv = k.ok ? k.value : null;
      if (kv === null || !Number.isInteger(kv) || kv < 1) at(r.row, h.cols.excludeAtLeast, 'Số tiêu chí để loại trừ phải là số nguyên từ 1 trở lên');
      groups.push({ id: g, label: text(r.values[h.cols.groupLabel]) || g, excludeAtLeast: kv ?? 1 });
    }
    const group = groups.at(-1);
    if (!group) {
      at(r.row, h.cols.group, 'Tiêu chí nằm trước nhóm đầu tiên: thiếu mã nhóm');
      continue;
    }
    const id = text(r.values[h.cols.item]);
    const label = text(r.values[h.cols.itemLabel]);
    if (!id) at(r.row, h.cols.item, 'Thiếu mã tiêu chí');
    else if (items.some((i) => i.id === id)) at(r.row, h.cols.item, `Mã tiêu chí "${id}" bị trùng`);
    if (!label) at(r.row, h.cols.itemLabel, 'Thiếu nội dung tiêu chí');
    if (id && label) items.push({ id, group: group.id, label });
  }
  if (items.length === 0 && problems.length === 0) problems.push({ sheet: h.sheet, row: h.headerRow, column: null, message: 'Danh sách không có tiêu chí nào' });
  if (problems.length > 0) throw new RuleTableError(problems);
  return { groups, items };
}

export interface RuleTableLoad {
  part: RuleTablePart;
  /** The legal text the table comes from ("Quyết định 123/QĐ-UBND tỉnh An Giang"). */
  document: string;
  /** The document's date (ISO). */
  date: string;
  /** Who loaded it. */
  by: string;
  /** Checked against the signed document: shown as confirmed; otherwise as unverified. */
  verified: boolean;
  /** A made-up table (tests, training): the copy is marked synthetic and never presented as official. */
  synthetic?: boolean;
  /** The copy's id; the base's id when omitted (the copy then replaces it from the data folder). */
  id?: string;
}

/**
 * A copy of `base` with one part replaced by a table read from Excel, validated, saved as
 * `<standardsDir>/<id>.json`. Returns the copy and the file.
 */
export async function loadRuleTable(base: RuleSet, file: string, standardsDir: string, o: RuleTableLoad): Promise<{ ruleSet: RuleSet; file: string }> {
  if (!/^\d{4}-\d{2}-\d{2}$/u.test(o.date)) throw new AppError('INVALID_INPUT', `Ngày văn bản phải có dạng YYYY-MM-DD: "${o.date}"`);
  if (!cleanText(o.document)) throw new AppError('INVALID_INPUT', 'Cần ghi văn bản nguồn của bảng');
  const value = o.part === 'b1PointTable' ? await readB1Table(file) : await readScreeningTable(file);
  const provenance = {
    document: cleanText(o.document),
    date: o.date,
    by: cleanText(o.by),
    note: `Nạp từ tệp Excel ${path.basename(file)}${o.synthetic ? ' — BẢNG GIẢ LẬP, không phải văn bản chính thức' : ''}`,
  };
  const id = o.id ?? base.id;
  const copy = {
    ...base,
    id,
    version: `${base.version}+${o.part === 'b1PointTable' ? 'b1' : 'a'}-${o.date}`,
    synthetic: base.synthetic || Boolean(o.synthetic),
    title: o.synthetic && !base.title.includes('giả lập') ? `${base.title} (bảng giả lập)` : base.title,
    [o.part]: { status: o.verified ? 'confirmed' : 'to_verify', provenance, value },
  };
  const parsed = RuleSetSchema.safeParse(copy);
  if (!parsed.success) {
    throw new AppError('RULESET_INVALID', 'Bộ quy tắc sau khi nạp bảng không hợp lệ', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  fs.mkdirSync(standardsDir, { recursive: true });
  const out = path.join(standardsDir, `${id}.json`);
  writeFileAtomic(out, `${JSON.stringify(parsed.data, null, 2)}\n`);
  return { ruleSet: parsed.data, file: out };
}

/** The Phiếu B1 point-table template: the header, two region columns, an instructions sheet. */
export async function writeB1Template(out: string, rows: (string | number | null)[][] = []): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bảng điểm B1');
  ws.columns = [
    { header: 'Mã câu hỏi', width: 12 },
    { header: 'Câu hỏi', width: 40 },
    { header: 'Mã phương án', width: 14 },
    { header: 'Phương án', width: 40 },
    { header: 'Nông thôn', width: 12 },
    { header: 'Thành thị', width: 12 },
  ];
  ws.getRow(1).font = { bold: true };
  for (const r of rows) addSafeRow(ws, r);
  const help = wb.addWorksheet('Hướng dẫn');
  help.getColumn(1).width = 110;
  [
    'BẢNG ĐIỂM PHIẾU B1 (theo văn bản của tỉnh)',
    'Mỗi dòng một phương án trả lời. Mã câu hỏi và nội dung câu hỏi ghi ở dòng phương án đầu tiên; các dòng dưới để trống mã câu hỏi.',
    'Mỗi vùng một cột điểm (ví dụ Nông thôn, Thành thị, hoặc tên vùng theo văn bản của tỉnh); điểm là số, có thể âm.',
    'Dòng có mã câu hỏi "CO_SO" (nếu có): điểm cơ sở cộng thêm cho mỗi vùng.',
    'Khi nạp, ứng dụng kiểm tra từng dòng và báo dòng, cột và lý do nếu bảng không hợp lệ.',
  ].forEach((line, i) => {
    setSafe(help.getCell(i + 1, 1), line);
  });
  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  await wb.xlsx.writeFile(out);
}
