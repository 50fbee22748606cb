// The building blocks' rules that need no PDF: date line, percentages, header cells.
import { describe, expect, it } from 'vitest';
import { dataTable, percent, placeDateLine, twoDigits } from '../../electron/core/documents/blocks';

describe('the place and date line (Nghị định 30/2020, Phụ lục I)', () => {
  it('writes days below 10 and months 1 and 2 with a leading zero', () => {
    expect(placeDateLine('Bình Mỹ', '2023-02-05', 2023)).toBe('Bình Mỹ, ngày 05 tháng 02 năm 2023');
    expect(placeDateLine('Bình Mỹ', '2023-01-31', 2023)).toBe('Bình Mỹ, ngày 31 tháng 01 năm 2023');
  });
  it('writes months from 3 on without a leading zero', () => {
    expect(placeDateLine('Bình Mỹ', '2023-03-09', 2023)).toBe('Bình Mỹ, ngày 09 tháng 3 năm 2023');
    expect(placeDateLine('Cái Dầu', '2023-12-15', 2023)).toBe('Cái Dầu, ngày 15 tháng 12 năm 2023');
  });
  it('leaves dotted blanks when the date is not recorded, and keeps the year', () => {
    expect(placeDateLine('Bình Mỹ', null, 2025)).toBe('Bình Mỹ, ngày …… tháng …… năm 2025');
    expect(placeDateLine('', null, 2025)).toBe('……………, ngày …… tháng …… năm 2025');
  });
  it('pads one digit only', () => {
    expect([1, 9, 10, 31].map(twoDigits)).toEqual(['01', '09', '10', '31']);
  });
});

describe('percentages in the report tables', () => {
  it('have one decimal and a Vietnamese comma, blank over zero', () => {
    expect(percent(1, 8)).toBe('12,5');
    expect(percent(2, 3)).toBe('66,7');
    expect(percent(0, 5)).toBe('0,0');
    expect(percent(3, 0)).toBe('');
  });
});

describe('tables', () => {
  const table = (cols: Parameters<typeof dataTable>[0], body: Parameters<typeof dataTable>[1] = [], orientation: 'portrait' | 'landscape' = 'landscape') =>
    dataTable(cols, body, { orientation }) as unknown as { table: { headerRows: number; widths: number[]; body: { text: string; colSpan?: number; rowSpan?: number }[][] } };

  it('spans a group over its leaves and a leaf down to the last heading row, then prints the codes row', () => {
    const t = table([
      { title: 'STT', width: 20, code: 'A' },
      { title: 'Hộ nghèo', children: [{ title: 'Số hộ', code: '1' }, { title: 'Tỷ lệ (%)', code: '2=1/3*100' }] },
    ]);
    expect(t.table.headerRows).toBe(3);
    expect(t.table.body[0]!.map((c) => [c.text, c.colSpan, c.rowSpan])).toEqual([
      ['STT', undefined, 2],
      ['Hộ nghèo', 2, undefined],
      ['', undefined, undefined],
    ]);
    expect(t.table.body[1]!.map((c) => c.text)).toEqual(['', 'Số hộ', 'Tỷ lệ (%)']);
    expect(t.table.body[2]!.map((c) => c.text)).toEqual(['A', '1', '2=1/3*100']);
  });

  it('fits many numeric columns within the landscape page, giving a long formula room', () => {
    const cols = Array.from({ length: 16 }, (_, i) => ({ title: 'Tỷ lệ (%)', code: i === 15 ? '9=1-2-3-4+5+6+7+8' : String(i) }));
    const widths = table(cols).table.widths;
    const used = widths.reduce((s, w) => s + w + 4.5, 0);
    expect(used).toBeLessThanOrEqual(841.89 - (30 + 15) * (72 / 25.4) + 0.01);
    expect(widths[15]!).toBeGreaterThan(widths[0]!);
  });

  it('formats numbers the Vietnamese way and says so when a list is empty', () => {
    expect(table([{ title: 'Số hộ' }], [[12345]]).table.body[1]![0]!.text).toBe('12.345');
    expect(table([{ title: 'Họ và tên' }, { title: 'Số hộ' }], []).table.body[1]![0]).toMatchObject({ text: 'Không có hộ nào.', colSpan: 2 });
  });
});
