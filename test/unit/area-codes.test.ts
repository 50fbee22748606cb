// The area box's codes name the areas in the words of the round's rule set: "Thành thị" until
// 2026, "Đô thị" from 2027 (areaLabels), with the same codes and values.
import { describe, expect, it } from 'vitest';
import { CODE_SETS, areaCodes, labelOf } from '../../shared/entry/codes';
import { registry } from '../helpers';

describe('areaCodes', () => {
  const rules = registry();
  it.each([
    ['vn-2022-2026', 'Thành thị'],
    ['vn-2027-2030', 'Đô thị'],
  ])('%s: code 2 reads %s', (id, urban) => {
    const codes = areaCodes(rules.get(id)!.areaLabels);
    expect(codes.map((c) => [c.code, c.value])).toEqual(CODE_SETS.area.map((c) => [c.code, c.value]));
    expect(labelOf(codes, '1')).toBe('Nông thôn');
    expect(labelOf(codes, '2')).toBe(urban);
  });
});
