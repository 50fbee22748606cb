/**
 * A Phiếu B1 point table loaded from Excel drives item-level entry: the officer keys the items,
 * the app sums them into score A and classifies; a paper total that differs is kept, with a
 * warning. The table is the synthetic one of test/fixtures/excel, never an official table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { b1Form, openWithSyntheticB1, type B1Database } from '../fixtures/b1-loaded';
import { tempDir } from '../helpers';

let core: Core;
let seeded: B1Database['seeded'];
let call: B1Database['call'];
const dir = tempDir();

beforeAll(async () => {
  ({ core, seeded, call } = await openWithSyntheticB1(dir));
});
afterAll(() => core.close());

const form = (answers: { scoreA: number | null; b1Items: Record<string, string> }) => b1Form(seeded, { ...answers, b1Region: 'rural' });

describe('item-level Phiếu B1 from a loaded point table', () => {
  let id: number;
  it('sums the keyed items into score A and classifies with it', async () => {
    // base 100, 5+ people 0, makeshift house −10, no motorbike 0 (synthetic points, rural column)
    const out = await call('entry.save', { roundId: seeded.roundId, form: form({ scoreA: null, b1Items: { 'B1.1': '3', 'B1.2': '3', 'B1.3': '2' } }) });
    id = out.householdId;
    expect(out.result?.status).toBe('poor');
    expect(out.result?.explanation).toMatch(/^Hộ nghèo: điểm A 90 ≤ 140 \(nông thôn\) và thiếu hụt 3 chỉ số/u);
    const stored = await call('households.get', { householdId: id });
    expect(stored.scoreA).toBe(90);
    expect(stored.result?.ruleSet).toEqual({ id: 'vn-2022-2026', version: '2022.1+b1-2026-11-01' });
    expect(out.warnings.filter((w) => w.code === 'B1_SUM')).toEqual([]);
  });

  it('keeps the items, and sums them again after an item is corrected', async () => {
    const back = await call('entry.form', { householdId: id });
    expect(back.form.answers.scoreA).toBeNull();
    expect(back.form.answers.b1Items).toEqual({ 'B1.1': '3', 'B1.2': '3', 'B1.3': '2' });
    const out = await call('entry.save', { roundId: seeded.roundId, householdId: id, form: form({ scoreA: null, b1Items: { 'B1.1': '1', 'B1.2': '1', 'B1.3': '1' } }) });
    // 100 + 30 + 40 + 25 = 195: above the rural cut-off
    expect(out.result?.explanation).toBe('Không nghèo, không cận nghèo: điểm A 195 > 140 (nông thôn).');
  });

  it('a paper total that differs from the items is what counts, saved with a warning', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, householdId: id, form: form({ scoreA: 120, b1Items: { 'B1.1': '3', 'B1.2': '3', 'B1.3': '2' } }) });
    expect(out.result?.explanation).toMatch(/^Hộ nghèo: điểm A 120 ≤ 140/u);
    expect(out.warnings.map((w) => w.code)).toContain('B1_SUM');
    const listed = await call('entry.warnings', { roundId: seeded.roundId });
    expect(listed.some((w) => w.code === 'B1_SUM' && w.householdId === id)).toBe(true);
  });
});
