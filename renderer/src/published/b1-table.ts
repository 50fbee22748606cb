import { b1CellWords, type PublishedB1Table } from '../../../shared/api/published';
import { formatNumberVi } from '../../../shared/text/format';

/**
 * The Phiếu B1 point table as typed on the screen for published values: one text per box (the
 * base per region, the points of each option per region), as the administrator typed it, so
 * that nothing typed is lost while a box is refused.
 */

/** The box of a cell: the base of a region, or an option's points in a region (by position in the table). */
export type B1Cell = { kind: 'base'; region: number } | { kind: 'points'; item: number; option: number; region: number };

export const cellKey = (c: B1Cell): string => (c.kind === 'base' ? `base:${c.region}` : `pt:${c.item}:${c.option}:${c.region}`);

/** Every box of the table in reading order: the base row, then each option of each item, region by region. */
export function cellsOf(table: PublishedB1Table): B1Cell[] {
  const out: B1Cell[] = table.regions.map((_, region) => ({ kind: 'base', region }));
  table.items.forEach((item, i) => item.options.forEach((_, o) => table.regions.forEach((_r, region) => out.push({ kind: 'points', item: i, option: o, region }))));
  return out;
}

/** The value the table holds in a box (undefined: the table has none there). */
export function valueAt(table: PublishedB1Table, c: B1Cell): number | undefined {
  const region = table.regions[c.region]!.id;
  return c.kind === 'base' ? table.base[region] : table.items[c.item]!.options[c.option]!.points[region];
}

/** A cell in words, as the change list says it ("Bảng điểm Phiếu B1 — câu «…» — phương án «…» — Nông thôn"). */
export function cellWords(table: PublishedB1Table, c: B1Cell): string {
  const region = table.regions[c.region]!.label;
  if (c.kind === 'base') return b1CellWords({ item: null, region });
  const item = table.items[c.item]!;
  return b1CellWords({ item: item.label, option: item.options[c.option]!.label, region });
}

/** The boxes as the table holds them, written the Vietnamese way ("2,5", "-10", "1.000"). */
export function textsOf(table: PublishedB1Table): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of cellsOf(table)) {
    const v = valueAt(table, c);
    out[cellKey(c)] = v === undefined ? '' : formatNumberVi(v);
  }
  return out;
}

/**
 * A number typed the Vietnamese way: "2,5" (decimal comma), "1.500.000" (thousands dots), "10",
 * "-10" or "−10" (points may be negative); '' as undefined; anything else as NaN.
 */
export function parseNumberVi(text: string): number | undefined {
  const t = text.trim().replace(/\s/gu, '').replace(/^[−–]/u, '-');
  if (t === '') return undefined;
  const sign = t.startsWith('-') ? -1 : 1;
  const digits = t.replace(/^[-+]/u, '');
  if (!/^[\d.,]+$/u.test(digits)) return Number.NaN;
  const n = Number(/^\d{1,3}(\.\d{3})+$/u.test(digits) ? digits.replace(/\./gu, '') : digits.replace(',', '.'));
  return Number.isFinite(n) ? sign * n : Number.NaN;
}

/** What the typed boxes say of one cell. */
export type CellState = 'same' | 'changed' | 'invalid';

export function cellState(table: PublishedB1Table, texts: Readonly<Record<string, string>>, c: B1Cell): CellState {
  const before = valueAt(table, c);
  const typed = texts[cellKey(c)] ?? '';
  const v = parseNumberVi(typed);
  if (Number.isNaN(v) || (v === undefined && before !== undefined)) return 'invalid';
  return v === before ? 'same' : 'changed';
}

/** One changed cell, for the list under the table. */
export interface B1CellChange {
  key: string;
  words: string;
  before: number | undefined;
  after: number;
}

/**
 * The table with the typed points, or what is wrong, naming every refused cell in words; an
 * unchanged table is `unchanged` (not sent). A box the table had a value in may not be emptied.
 */
export function typedTable(
  table: PublishedB1Table,
  texts: Readonly<Record<string, string>>,
): { kind: 'unchanged' } | { kind: 'changed'; table: PublishedB1Table; changes: B1CellChange[] } | { kind: 'invalid'; problem: string } {
  const next = structuredClone(table);
  const changes: B1CellChange[] = [];
  const refused: string[] = [];
  for (const c of cellsOf(table)) {
    const typed = (texts[cellKey(c)] ?? '').trim();
    const before = valueAt(table, c);
    const v = parseNumberVi(typed);
    if (Number.isNaN(v)) {
      refused.push(`${cellWords(table, c)}: "${typed}" không phải là số`);
      continue;
    }
    if (v === undefined) {
      if (before !== undefined) refused.push(`${cellWords(table, c)}: ô để trống (bảng đang có ${formatNumberVi(before)})`);
      continue;
    }
    if (v === before) continue;
    const region = table.regions[c.region]!.id;
    if (c.kind === 'base') next.base[region] = v;
    else next.items[c.item]!.options[c.option]!.points[region] = v;
    changes.push({ key: cellKey(c), words: cellWords(table, c), before, after: v });
  }
  if (refused.length > 0) {
    return { kind: 'invalid', problem: `${refused.join('; ')}. Hãy nhập số điểm (ví dụ 10, -5 hoặc 2,5); các số đã gõ vẫn giữ trên màn hình.` };
  }
  return changes.length === 0 ? { kind: 'unchanged' } : { kind: 'changed', table: next, changes };
}
