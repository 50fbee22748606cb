/**
 * Item-level Phiếu B1 that cannot give score A (an item not answered, a region not in the
 * table) is saved as keyed with score A unknown and a warning naming what is missing; it is
 * never summed as if the missing points were 0 (which would make the household poor). The table
 * is the synthetic one of test/fixtures/excel, never an official table.
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

const form = (b1Items: Record<string, string>, b1Region: string | null) => b1Form(seeded, { scoreA: null, b1Items, b1Region });

describe('an incomplete item-level Phiếu B1', () => {
  it('an item not answered: saved, score A unknown (not the partial sum), warning names the item', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: form({ 'B1.1': '1', 'B1.2': '1' }, 'rural') });
    expect(out.b1Sum).toBeNull();
    expect(out.result?.status ?? null).toBeNull();
    const stored = await call('households.get', { householdId: out.householdId });
    expect(stored.scoreA).toBeNull();
    const w = out.warnings.find((x) => x.code === 'B1_INCOMPLETE');
    expect(w).toEqual({
      code: 'B1_INCOMPLETE',
      path: 'answers.scoreA',
      message: 'Phiếu B1 chưa đủ để tính điểm A: chưa ghi câu «Hộ có xe máy». Điểm A chưa tính: hãy ghi đủ các câu, hoặc ghi tổng điểm A trên phiếu.',
    });
    const listed = await call('entry.warnings', { roundId: seeded.roundId });
    expect(listed.some((x) => x.code === 'B1_INCOMPLETE' && x.householdId === out.householdId)).toBe(true);
    const back = await call('entry.form', { householdId: out.householdId });
    expect(back.form.answers.b1Items).toEqual({ 'B1.1': '1', 'B1.2': '1' });
  });

  it('a region not in the table: the items are not summed as zeros into a score A of 0', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: form({ 'B1.1': '1', 'B1.2': '1', 'B1.3': '1' }, 'mountain') });
    expect(out.b1Sum).toBeNull();
    const stored = await call('households.get', { householdId: out.householdId });
    expect(stored.scoreA).toBeNull();
    expect(stored.result?.status ?? null).toBeNull();
    expect(out.warnings.find((x) => x.code === 'B1_INCOMPLETE')?.message).toContain('vùng "mountain" không có trong bảng điểm (rural: ');
  });
});
