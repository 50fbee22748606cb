/**
 * The field-by-field merge of a refused save (shared/entry/merge.ts), on member rows: rows are
 * matched by the member they edit, not by their place, so a member removed or added by the other
 * officer does not shift the officer's values onto another person.
 */
import { describe, expect, it } from 'vitest';
import { alignRows, conflictFields, mergeRaw } from '../../shared/entry/merge';
import type { RawForm } from '../../shared/entry/raw';

const form = (rows: { id?: number; name: string; ethnicity?: string }[], extra: Record<string, string> = {}): RawForm => {
  const fields: Record<string, string> = { address: 'Tổ 5', ...extra };
  rows.forEach((r, i) => {
    if (r.id !== undefined) fields[`m.${i}.id`] = String(r.id);
    fields[`m.${i}.fullName`] = r.name;
    fields[`m.${i}.ethnicity`] = r.ethnicity ?? 'Kinh';
  });
  return { fields, rows: rows.length };
};

describe('merging member rows', () => {
  const base = form([{ id: 1, name: 'Võ Văn Hùng' }, { id: 2, name: 'Lâm Thị Mai' }, { id: 3, name: 'Võ Thị Ngọc' }]);
  // The other officer removed member 2 (row 1) and changed the address.
  const theirs = form([{ id: 1, name: 'Võ Văn Hùng' }, { id: 3, name: 'Võ Thị Ngọc' }], { address: 'Tổ 6' });
  // This officer changed member 3's ethnicity (row 2) and added a member.
  const mine = form([{ id: 1, name: 'Võ Văn Hùng' }, { id: 2, name: 'Lâm Thị Mai' }, { id: 3, name: 'Võ Thị Ngọc', ethnicity: 'Khmer' }, { name: 'Võ Văn Lộc' }]);

  it('aligns the officer’s rows on the rows of the newer form by member', () => {
    const a = alignRows(mine, theirs);
    expect(a.fields['m.1.id']).toBe('3');
    expect(a.fields['m.1.ethnicity']).toBe('Khmer');
    // Member 2, gone from the newer form, comes after its rows as a new row (no id); so does the new member.
    expect(Object.entries(a.fields).filter(([k]) => /^m\.\d+\.fullName$/u.test(k)).map(([k, v]) => `${k}=${v}`).sort()).toEqual([
      'm.0.fullName=Võ Văn Hùng', 'm.1.fullName=Võ Thị Ngọc', 'm.2.fullName=Lâm Thị Mai', 'm.3.fullName=Võ Văn Lộc',
    ]);
    expect(a.fields['m.2.id']).toBeUndefined();
  });

  it('offers each differing field with the side that changed it, and merges without moving values between people', () => {
    const fields = conflictFields(mine, theirs, base);
    const by = Object.fromEntries(fields.map((f) => [f.path, f]));
    expect(by.address).toMatchObject({ mine: 'Tổ 5', theirs: 'Tổ 6', choice: 'theirs', both: false });
    expect(by['m.1.ethnicity']).toMatchObject({ mine: 'Khmer', theirs: 'Kinh', choice: 'mine' });
    // The removed member: this officer did not touch it, the other removed it → the removal is offered by default.
    expect(by['m.2.fullName']).toMatchObject({ mine: 'Lâm Thị Mai', theirs: '', choice: 'theirs' });
    expect(by['m.3.fullName']).toMatchObject({ mine: 'Võ Văn Lộc', theirs: '', choice: 'mine' });
    const merged = mergeRaw(mine, theirs, Object.fromEntries(fields.map((f) => [f.path, f.choice])));
    expect(merged.fields.address).toBe('Tổ 6');
    expect(merged.fields['m.1.id']).toBe('3');
    expect(merged.fields['m.1.ethnicity']).toBe('Khmer');
    expect(merged.fields['m.2.fullName'] ?? '').toBe('');
    expect(merged.fields['m.3.fullName']).toBe('Võ Văn Lộc');
    expect(merged.fields['m.3.id']).toBeUndefined();
  });
});
