// The household list's rows when the server caps its count (households.list totalCapped): the
// table spans the rows known so far plus one more page until a short page marks the end, so that
// scrolling reaches every household.
import { describe, expect, it } from 'vitest';
import { cappedRowCount, PAGE_SIZE } from '../../renderer/src/hooks/useHouseholdPages';

const page = (n: number): readonly unknown[] => Array.from({ length: n }, (_, i) => i);

describe('the rows a capped list spans', () => {
  it('at first: the cap', () => {
    expect(cappedRowCount(10_000, undefined, new Map([[0, page(PAGE_SIZE)]]))).toBe(10_000);
  });
  it('past the cap: one page beyond the last full page loaded, so that the next page is asked for', () => {
    const pages = new Map([[0, page(PAGE_SIZE)], [100, page(PAGE_SIZE)], [101, page(PAGE_SIZE)]]);
    expect(cappedRowCount(10_000, undefined, pages)).toBe(103 * PAGE_SIZE);
  });
  it('a short page marks the end', () => {
    expect(cappedRowCount(10_000, 10_237, new Map([[102, page(37)]]))).toBe(10_237);
  });
});
