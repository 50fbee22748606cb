/**
 * The documents' tables as Excel: the same columns, rows and figures as the printed PDF (the
 * documents' own definitions), totals as formulas where the printed total is a sum.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/connection';
import { loadContext, unitByCode } from '../../electron/core/documents/context';
import { countList, totalOf, transitionTable } from '../../electron/core/documents/queries';
import { unitFullName } from '../../shared/domain/units';
import { reportTables, tableRows } from '../../electron/core/documents/report';
import { exportTables, numberOfCell } from '../../electron/core/excel/tables';
import { runCli } from '../fixtures/entry-points';
import { tempDir } from '../helpers';

const dir = tempDir();
const dbFile = path.join(dir, 'demo.sqlite');
let db: Db;
let roundId: number;

beforeAll(() => {
  const r = runCli(['demo', '--db', dbFile, '--households', '900', '--seed', '5']);
  if (r.code !== 0) throw new Error(r.stderr);
  db = openDatabase(dbFile);
  roundId = db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
});
afterAll(() => db.close());

async function read(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}
/**
 * A cell's number: its value, or for a formula the sum it stands for, worked out here from the
 * cells (exceljs drops a cached 0): SUM over a range, or SUMIF over the rows with a label.
 */
function valueOf(ws: ExcelJS.Worksheet, row: number, col: number): unknown {
  const v = ws.getCell(row, col).value;
  if (typeof v !== 'object' || v === null || !('formula' in v)) return v;
  return formulaValue(ws, String(v.formula));
}
function formulaValue(ws: ExcelJS.Worksheet, formula: string): number {
  const sum = /^SUM\(([A-Z]+)(\d+):[A-Z]+(\d+)\)$/u.exec(formula);
  let total = 0;
  if (sum) {
    for (let r = Number(sum[2]); r <= Number(sum[3]); r++) total += Number(ws.getCell(`${sum[1]}${r}`).value ?? 0);
    return total;
  }
  const sumif = /^SUMIF\(([A-Z]+)(\d+):[A-Z]+(\d+),([A-Z]+\d+),([A-Z]+)\d+:[A-Z]+\d+\)$/u.exec(formula)!;
  const label = ws.getCell(sumif[4]!).text;
  for (let r = Number(sumif[2]); r <= Number(sumif[3]); r++) if (ws.getCell(`${sumif[1]}${r}`).text === label) total += Number(ws.getCell(`${sumif[5]}${r}`).value ?? 0);
  return total;
}
const textOfCell = (c: unknown): unknown => (typeof c === 'object' && c !== null && 'text' in c ? (c as { text: string }).text : c);

const unitFullNameOf = (c: { type: string; name: string }): string => unitFullName(c.type, c.name);
const texts = (ws: ExcelJS.Worksheet): string[] => {
  const out: string[] = [];
  ws.eachRow((row) => row.eachCell((c) => out.push(String(c.text))));
  return out;
};

describe('report tables (BC) in Excel', () => {
  it('has the eleven tables with every heading, and the figures of the PDF for each commune and the total', async () => {
    const out = path.join(dir, 'bc.xlsx');
    const r = await exportTables(db.sqlite, { roundId, unitCode: '889', doc: 'BC', out });
    expect(r.sheets).toBe(11);
    const wb = await read(out);
    const unit = unitByCode(db.sqlite, '889', '2023-09-01')!;
    const ctx = loadContext(db.sqlite, roundId, unit.id);
    const tables = reportTables(db.sqlite, ctx);
    expect(wb.worksheets.map((w) => w.name)).toEqual(tables.map((_, i) => `Biểu ${i + 1}`));
    tables.forEach((t, i) => {
      const ws = wb.worksheets[i]!;
      expect(ws.getCell(1, 1).text).toBe(t.title);
      const all = texts(ws);
      const headings = (cols: typeof t.columns): string[] => cols.flatMap((c) => [c.title, ...(c.children ? headings(c.children) : [])]);
      for (const h of ['STT', 'Xã, phường, thị trấn', ...headings(t.columns)]) expect(all, `${t.title}: ${h}`).toContain(h);
      // every printed figure, row by row, is the workbook's value
      const printed = tableRows(ctx, t);
      const firstRow = ws.getColumn(2).values.findIndex((v) => v === textOfCell(printed[0]![1]));
      expect(firstRow).toBeGreaterThan(0);
      printed.forEach((row, k) => {
        row.forEach((cell, j) => {
          const n = j === 0 ? null : numberOfCell(cell);
          if (!n) return;
          expect(valueOf(ws, firstRow + k, j + 1), `${t.title} row ${k} col ${j}`).toBe(n.value);
        });
      });
    });
  });

  it('the district total of table 1 is a SUM over the communes, equal to the printed total', async () => {
    const wb = await read(path.join(dir, 'bc.xlsx'));
    const ws = wb.worksheets[0]!;
    let totalRow = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(2).text === 'Tổng cộng') totalRow = n;
    });
    expect(totalRow).toBeGreaterThan(0);
    const households = ws.getCell(totalRow, 3).value as ExcelJS.CellFormulaValue;
    expect(households.formula).toMatch(/^SUM\(C\d+:C\d+\)$/u);
    expect(households.result).toBe(db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(roundId));
  });
});

describe('tables 2 and 3 (diễn biến) in Excel: two rows per unit', () => {
  it('have column C "Phân tổ" with Hộ and Nhân khẩu, the unit merged over both rows, totals as SUMIF over the rows of the same label', async () => {
    const wb = await read(path.join(dir, 'bc.xlsx'));
    const unit = unitByCode(db.sqlite, '889', '2023-09-01')!;
    const ctx = loadContext(db.sqlite, roundId, unit.id);
    for (const [index, of] of [[1, 'poor'], [2, 'near_poor']] as const) {
      const ws = wb.worksheets[index]!;
      const all = texts(ws);
      expect(all).toEqual(expect.arrayContaining(['Phân tổ', 'C', 'Hộ', 'Nhân khẩu']));
      let first = 0;
      let total = 0;
      ws.eachRow((row, n) => {
        if (!first && row.getCell(3).text === 'Hộ') first = n;
        if (row.getCell(2).text === 'Tổng cộng' && !total) total = n;
      });
      expect(ws.getCell(first, 2).text).toBe(unitFullNameOf(ctx.communes[0]!));
      expect(ws.getCell(first + 1, 3).text).toBe('Nhân khẩu');
      expect((ws.getCell(first + 1, 2) as unknown as { isMerged: boolean }).isMerged).toBe(true);
      expect(ws.getCell(first + 1, 2).master.address).toBe(ws.getCell(first, 2).address);
      // The total rows: households and people of the whole district, each column its SUMIF.
      const figures = transitionTable(db.sqlite, roundId, ctx.communes.map((c) => c.id), of);
      const sums = totalOf(figures);
      for (let j = 0; j < 9; j++) {
        const hh = ws.getCell(total, 4 + j).value as ExcelJS.CellFormulaValue;
        const pp = ws.getCell(total + 1, 4 + j).value as ExcelJS.CellFormulaValue;
        expect(hh.formula).toMatch(/^SUMIF\(C\d+:C\d+,C\d+,[A-Z]+\d+:[A-Z]+\d+\)$/u);
        expect(formulaValue(ws, hh.formula)).toBe(sums[j]);
        expect(formulaValue(ws, pp.formula)).toBe(sums[9 + j]);
      }
      expect(sums[9 + 8]).toBeGreaterThan(sums[8]!); // people at the end outnumber households
    }
  });
});

describe('the decision lists (M02) and the poor/near-poor list in Excel', () => {
  it('M02: four lists for a commune, each with its households and a people total as a formula', async () => {
    const out = path.join(dir, 'm02.xlsx');
    await exportTables(db.sqlite, { roundId, unitCode: '30487', doc: 'M02', out });
    const wb = await read(out);
    expect(wb.worksheets).toHaveLength(4);
    const commune = unitByCode(db.sqlite, '30487', '2023-09-01')!;
    const poor = countList(db.sqlite, roundId, [commune.id], 'poor');
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(1, 1).text).toMatch(/^DANH SÁCH HỘ NGHÈO/u);
    let footer = 0;
    ws.eachRow((row, n) => {
      if (row.getCell(2).text.startsWith('Tổng cộng:')) footer = n;
    });
    expect(ws.getCell(footer, 2).text).toBe(`Tổng cộng: ${poor.households} hộ, ${poor.people} nhân khẩu.`);
    const people = ws.getRow(footer).values as unknown[];
    const formula = people.find((v) => typeof v === 'object' && v !== null && 'formula' in v) as ExcelJS.CellFormulaValue;
    expect(formula.result).toBe(poor.people);
  });

  it('P1: every household to review, as printed', async () => {
    const out = path.join(dir, 'p1.xlsx');
    const r = await exportTables(db.sqlite, { roundId, unitCode: '30487', doc: 'P1', out });
    const commune = unitByCode(db.sqlite, '30487', '2023-09-01')!;
    const reviewed = countList(db.sqlite, roundId, [commune.id], 'reviewed');
    expect(r.rows).toBe(reviewed.households);
    const ws = (await read(out)).worksheets[0]!;
    expect(texts(ws)).toEqual(expect.arrayContaining(['STT', 'Họ và tên chủ hộ', 'Phân loại kỳ trước', `Tổng cộng: ${reviewed.households} hộ.`]));
  });

  it('M02 for a whole district is refused with a Vietnamese reason', async () => {
    await expect(exportTables(db.sqlite, { roundId, unitCode: '889', doc: 'M02', out: path.join(dir, 'x.xlsx') })).rejects.toThrow(/chọn một xã/u);
  });

  it('the CLI exports BC and refuses an unknown document in one line', () => {
    const cli = (args: string[]) => {
      const r = runCli(args);
      return { status: r.code, stdout: r.stdout, stderr: r.stderr };
    };
    const ok = cli(['export', '--db', dbFile, '--round', '2023', '--unit', '30487', '--doc', 'BC', '--out', path.join(dir, 'cli-bc.xlsx')]);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/11 biểu\/danh sách/u);
    const bad = cli(['export', '--db', dbFile, '--round', '2023', '--unit', '30487', '--doc', 'XYZ', '--out', path.join(dir, 'bad.xlsx')]);
    expect(bad.status).not.toBe(0);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
  });
});
