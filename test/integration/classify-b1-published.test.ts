/**
 * A whole-round classification after a new Phiếu B1 point table is published: a score A the app
 * summed from the keyed B1 items is summed again with the rule set's table (the one rule,
 * entry/classify-one.ts storedScoreA), as the preview of published values and the province's
 * recomputation do; a total written on the paper is kept. Households with the same stored score A
 * but different items are not taken for the same inputs. The point table is the synthetic one of
 * test/fixtures/excel (never an official one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput } from '../../shared/api/contract';
import { answerInputOf, classifyHousehold, evaluate, historyOf, STORED_B1_COLUMNS, storedScoreA, type StoredAnswerRow, type StoredB1Row } from '../../electron/core/entry/classify-one';
import { recomputeCommune } from '../../electron/core/exchange/province';
import { classifyRound } from '../../electron/core/rounds/classify';
import { getRound } from '../../electron/core/rounds/rounds';
import { openWithSyntheticB1, saveB1Household, type b1Form, type B1Database } from '../fixtures/b1-loaded';
import { apiOf } from '../fixtures/api';
import { reclassified, registry, tempDir } from '../helpers';

let b1: B1Database;
const ids: Record<'items' | 'paperWithItems' | 'paper' | 'otherItems' | 'itemsLater', number> = { items: 0, paperWithItems: 0, paper: 0, otherItems: 0, itemsLater: 0 };
const doc = { number: 'Quyết định 21/QĐ-UBND', date: '2026-02-01', issuer: 'UBND tỉnh An Giang' };

// Synthetic points, rural column: base 100; B1.1 '1' 30, '2' 15, '3' 0; B1.2 '1' 40, '2' 20, '3' −10; B1.3 '1' 25, '2' 0.
// B2 of b1Form: three deprivations. Cut-off 140 (rural): at most 140 is poor.
const ITEMS = { 'B1.1': '2', 'B1.2': '2', 'B1.3': '1' }; // 160 now; 135 once a motorbike counts 0
const OTHER = { 'B1.1': '1', 'B1.2': '2', 'B1.3': '2' }; // 150 now and after

beforeAll(async () => {
  b1 = await openWithSyntheticB1(tempDir('rasoat-classify-b1-published-'));
  const save = async (answers: Parameters<typeof b1Form>[1], name: string): Promise<number> => {
    const saved = await saveB1Household(b1, answers, name);
    expect(saved.result?.status).toBe('neither');
    return saved.householdId;
  };
  // Summed from the items (no total on the paper): 160.
  ids.items = await save({ scoreA: null, b1Items: ITEMS, b1Region: 'rural' }, 'Huỳnh Văn Một');
  // The same items with the total 160 written on the paper: the paper's total is kept.
  ids.paperWithItems = await save({ scoreA: 160, b1Items: ITEMS, b1Region: 'rural' }, 'Huỳnh Văn Hai');
  // The total 160 on the paper, no items.
  ids.paper = await save({ scoreA: 160, b1Items: {}, b1Region: null }, 'Huỳnh Văn Ba');
  // Other items, summed from them: 150 before and after.
  ids.otherItems = await save({ scoreA: null, b1Items: OTHER, b1Region: 'rural' }, 'Huỳnh Văn Bốn');
  // Summed from the same items as the first, after the households with the paper's 160 (read in household order).
  ids.itemsLater = await save({ scoreA: null, b1Items: ITEMS, b1Region: 'rural' }, 'Huỳnh Văn Năm');
});
afterAll(async () => {
  await b1.core.jobs.close();
  b1.core.close();
});

const sqlite = () => b1.core.db.sqlite;
const statusOf = (id: number): string | undefined => sqlite().prepare('SELECT status FROM results WHERE household_id = ?').pluck().get(id) as string | undefined;
const storedA = (id: number): number | null => sqlite().prepare('SELECT score_a FROM answers WHERE household_id = ?').pluck().get(id) as number | null;

/** Each household of the round as the single-household path classifies it: storedScoreA under the rule set in use, then evaluate. */
function oneByOne(): Map<number, string | null> {
  const ruleSet = b1.core.registry.require(getRound(sqlite(), b1.seeded.roundId).rule_set_id);
  const round = getRound(sqlite(), b1.seeded.roundId);
  const rows = sqlite()
    .prepare(
      `SELECT h.id, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income, ${STORED_B1_COLUMNS}
       FROM households h LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN household_entry e ON e.household_id = h.id
       WHERE h.round_id = ? ORDER BY h.id`,
    )
    .all(b1.seeded.roundId) as (StoredAnswerRow & StoredB1Row & { id: number })[];
  return new Map(
    rows.map((row) => [row.id, evaluate(ruleSet, answerInputOf({ ...row, score_a: storedScoreA(ruleSet, row) }), historyOf(sqlite(), round, row.code, row.head_id_number)).decision?.status ?? null]),
  );
}
const resultsOfRound = (): Map<number, string | null> =>
  new Map(
    (sqlite().prepare('SELECT h.id, r.status FROM households h LEFT JOIN results r ON r.household_id = h.id WHERE h.round_id = ? ORDER BY h.id').raw().all(b1.seeded.roundId) as [number, string | null][]).map(
      ([id, s]) => [id, s],
    ),
  );

describe('classifying a round after a new Phiếu B1 point table', () => {
  it('sums score A again from the keyed items, as the preview and the province do; keeps a total from the paper', async () => {
    expect([ids.items, ids.paperWithItems, ids.paper, ids.itemsLater].map(storedA)).toEqual([160, 160, 160, 160]);
    expect(storedA(ids.otherItems)).toBe(150);

    const cur = await b1.call('published.current', { ruleSetId: 'vn-2022-2026' });
    const table = structuredClone(cur.b1PointTable.value!);
    table.items.find((i) => i.id === 'B1.3')!.options.find((o) => o.id === '1')!.points.rural = 0;
    const input: ApiInput<'published.preview'> = { ruleSetId: 'vn-2022-2026', values: { b1PointTable: table }, document: doc };
    const preview = await b1.call('published.preview', input);
    expect(preview.sample.changed).toEqual([
      expect.objectContaining({ householdId: ids.items, before: 'neither', after: 'poor' }),
      expect.objectContaining({ householdId: ids.itemsLater, before: 'neither', after: 'poor' }),
    ]);
    await b1.call('published.save', input);

    // The whole round, as the screens classify it (the job; the CLI, the import and the bench call classifyRound the same way).
    const summary = await reclassified(apiOf(() => b1.services).send, { roundId: b1.seeded.roundId });
    expect(summary.ruleSet.version).toBe(b1.core.registry.require('vn-2022-2026').version);
    // Summed again: 135, poor. The paper's 160 (with or without items) stays neither; the other items 150, neither.
    // The same stored 160 is not the same input: before and after the paper's 160 in household order.
    expect(statusOf(ids.items)).toBe('poor');
    expect(statusOf(ids.itemsLater)).toBe('poor');
    expect(statusOf(ids.paperWithItems)).toBe('neither');
    expect(statusOf(ids.paper)).toBe('neither');
    expect(statusOf(ids.otherItems)).toBe('neither');
    // Every household of the round as the single-household rule classifies it.
    expect(resultsOfRound()).toEqual(oneByOne());
    // The stored sum follows the new table (classify-b1-rescore.test.ts): the province's
    // recomputation under the same table finds nothing to flag.
    expect(storedA(ids.items)).toBe(135);
    expect(recomputeCommune(sqlite(), b1.core.registry, b1.seeded.roundId, b1.seeded.communeId).mismatches).toEqual([]);
  });

  it('gives the same results a chunk of one household at a time, and classifying one household again changes nothing', () => {
    const whole = resultsOfRound();
    classifyRound(sqlite(), b1.core.registry, b1.seeded.roundId, { actor: 'test', chunkSize: 1 });
    expect(resultsOfRound()).toEqual(whole);
    // From no results at all (every household written).
    sqlite().prepare('DELETE FROM results').run();
    const round = getRound(sqlite(), b1.seeded.roundId);
    classifyRound(sqlite(), b1.core.registry, b1.seeded.roundId, { actor: 'test' });
    expect(resultsOfRound()).toEqual(whole);
    const before = sqlite().prepare('SELECT status, score_b, rule_set_version FROM results WHERE household_id = ?').get(ids.items);
    sqlite().transaction(() => classifyHousehold(sqlite(), b1.core.registry, round, ids.items))();
    expect(sqlite().prepare('SELECT status, score_b, rule_set_version FROM results WHERE household_id = ?').get(ids.items)).toEqual(before);
  });

  it('keeps the sum made when the items were keyed under a rule set with no point table (nothing to sum them with)', () => {
    const shipped = registry().require('vn-2022-2026');
    expect(shipped.b1PointTable.value).toBeNull();
    const row: StoredB1Row = { score_a: 160, score_a_from_items: 1, b1_items: JSON.stringify(ITEMS), b1_region: 'rural' };
    expect(storedScoreA(shipped, row)).toBe(160);
    expect(storedScoreA(shipped, row, new Map())).toBe(160);
  });
});
