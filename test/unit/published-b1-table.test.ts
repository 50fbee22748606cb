/**
 * The B1 point table as typed on the screen for published values (renderer/src/published/b1-table.ts):
 * numbers typed the Vietnamese way, a box that is not a number refused by its cell's name, an
 * unchanged table not sent, a changed one sent whole with only the typed cells changed.
 */
import { describe, expect, it } from 'vitest';
import type { PublishedB1Table } from '../../shared/api/published';
import { cellKey, parseNumberVi, textsOf, typedTable } from '../../renderer/src/published/b1-table';

const TABLE: PublishedB1Table = {
  regions: [
    { id: 'rural', label: 'Nông thôn' },
    { id: 'urban', label: 'Thành thị' },
  ],
  base: { rural: 100, urban: 120 },
  items: [
    { id: 'B1.1', label: 'Số nhân khẩu', options: [{ id: '1', label: '1–2 người', points: { rural: 30, urban: 25 } }, { id: '2', label: 'Từ 3 người', points: { rural: 0 } }] },
    { id: 'B1.2', label: 'Loại nhà ở', options: [{ id: '1', label: 'Nhà tạm', points: { rural: -10, urban: 2.5 } }] },
  ],
};

describe('the B1 table typed on the screen', () => {
  it('reads numbers the Vietnamese way', () => {
    expect(['10', '2,5', '-10', '−15', ' 1.500 ', '0', ''].map(parseNumberVi)).toEqual([10, 2.5, -10, -15, 1500, 0, undefined]);
    for (const bad of ['1O', 'abc', '2,5,1', '1e3', '--1', '5-']) expect(parseNumberVi(bad)).toBeNaN();
  });

  it('starts from the table, written the Vietnamese way; an empty box where the table has no point', () => {
    const texts = textsOf(TABLE);
    expect(texts).toMatchObject({ 'base:0': '100', 'pt:0:0:1': '25', 'pt:0:1:1': '', 'pt:1:0:0': '-10', 'pt:1:0:1': '2,5' });
    expect(typedTable(TABLE, texts)).toEqual({ kind: 'unchanged' });
    // Typed again the same ("25,0", "2.5"): still unchanged, not sent.
    expect(typedTable(TABLE, { ...texts, 'pt:0:0:1': '25,0', 'pt:1:0:1': '2.5' })).toEqual({ kind: 'unchanged' });
  });

  it('sends the whole table with the typed cells changed, and names them', () => {
    const texts = { ...textsOf(TABLE), [cellKey({ kind: 'points', item: 1, option: 0, region: 0 })]: '-7,5', [cellKey({ kind: 'base', region: 1 })]: '110', 'pt:0:1:1': '5' };
    const typed = typedTable(TABLE, texts);
    expect(typed.kind).toBe('changed');
    if (typed.kind !== 'changed') return;
    expect(typed.table.base).toEqual({ rural: 100, urban: 110 });
    expect(typed.table.items[1]!.options[0]!.points).toEqual({ rural: -7.5, urban: 2.5 });
    expect(typed.table.items[0]!.options[1]!.points).toEqual({ rural: 0, urban: 5 });
    expect(typed.table.items[0]!.options[0]!.points).toEqual({ rural: 30, urban: 25 });
    expect(typed.changes.map((c) => `${c.words}: ${c.before ?? '—'} → ${c.after}`)).toEqual([
      'Bảng điểm Phiếu B1 — điểm cơ sở — Thành thị: 120 → 110',
      'Bảng điểm Phiếu B1 — câu «Số nhân khẩu» — phương án «Từ 3 người» — Thành thị: — → 5',
      'Bảng điểm Phiếu B1 — câu «Loại nhà ở» — phương án «Nhà tạm» — Nông thôn: -10 → -7.5',
    ]);
    // The table the screen holds is not touched.
    expect(TABLE.base.urban).toBe(120);
  });

  it('refuses a box that is not a number, or emptied, naming item, option and region', () => {
    const typed = typedTable(TABLE, { ...textsOf(TABLE), 'pt:0:0:1': '2x', 'pt:1:0:0': '' });
    expect(typed.kind).toBe('invalid');
    if (typed.kind !== 'invalid') return;
    expect(typed.problem).toBe(
      'Bảng điểm Phiếu B1 — câu «Số nhân khẩu» — phương án «1–2 người» — Thành thị: "2x" không phải là số; ' +
        'Bảng điểm Phiếu B1 — câu «Loại nhà ở» — phương án «Nhà tạm» — Nông thôn: ô để trống (bảng đang có -10). ' +
        'Hãy nhập số điểm (ví dụ 10, -5 hoặc 2,5); các số đã gõ vẫn giữ trên màn hình.',
    );
  });
});
