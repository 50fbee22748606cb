/**
 * Issue 13, item 4: the province's recomputation sums score A again from the Phiếu B1 items
 * (the one rule, scoreB1 through b1Sum) when the commune summed it from items, shows a stored
 * score A that disagrees as a mismatch with both values, classifies with the recomputed sum,
 * and writes nothing. The point table is the synthetic one of test/fixtures/excel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { recomputeCommune } from '../../electron/core/exchange/province';
import { b1Form, openWithSyntheticB1, type B1Database } from '../fixtures/b1-loaded';
import { tempDir } from '../helpers';

let core: Core;
let seeded: B1Database['seeded'];
let call: B1Database['call'];
const dir = tempDir('rasoat-recompute-b1-');

beforeAll(async () => {
  ({ core, seeded, call } = await openWithSyntheticB1(dir));
});
afterAll(() => core.close());

// base 100, 5+ people 0, makeshift house −10, no motorbike 0: score A 90 (synthetic points, rural column)
const form = () => b1Form(seeded, { scoreA: null, b1Items: { 'B1.1': '3', 'B1.2': '3', 'B1.3': '2' }, b1Region: 'rural' });

const mismatchOf = (code: string) => recomputeCommune(core.db.sqlite, core.registry, seeded.roundId, seeded.communeId).mismatches.find((m) => m.code === code);

describe('recomputing a score A summed from the B1 items', () => {
  it('agrees with a sum the app made, and shows a stored sum that disagrees, classifying with the recomputed one', async () => {
    const saved = await call('entry.save', { roundId: seeded.roundId, form: form() });
    const code = (core.db.sqlite.prepare('SELECT code FROM households WHERE id = ?').pluck().get(saved.householdId) as string);
    expect(saved.result?.status).toBe('poor');
    expect(mismatchOf(code)).toBeUndefined();

    // The commune's database says 150 where its own items sum to 90 (a hand edit, or a bug there).
    core.db.sqlite.prepare('UPDATE answers SET score_a = 150 WHERE household_id = ?').run(saved.householdId);
    const before = core.db.sqlite.prepare('SELECT a.score_a, r.status, r.score_b FROM answers a JOIN results r USING (household_id) WHERE household_id = ?').get(saved.householdId);
    const m = mismatchOf(code);
    // Only score A differs: classified with the recomputed 90 the household stays poor, as stored.
    expect(m?.fields).toEqual([{ field: 'scoreA', label: 'Điểm A (tổng các câu Phiếu B1)', stored: 150, computed: 90 }]);
    // Shown, never replaced.
    expect(core.db.sqlite.prepare('SELECT a.score_a, r.status, r.score_b FROM answers a JOIN results r USING (household_id) WHERE household_id = ?').get(saved.householdId)).toEqual(before);
  });
});
