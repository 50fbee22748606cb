/**
 * After a new Phiếu B1 point table is published, classifying the round again sums a score A the
 * app summed from the keyed items with the new table (storedScoreA) — and stores that sum, so
 * that what the app shows and prints (the list's score A column and sort, the documents, the
 * Excel files, a package to the province: all read answers.score_a) is the score the household
 * was classified by, never the old sum beside a class it no longer gives. The officer's own
 * answers are untouched: a total written on the paper stays, answers.updated_at stays, and each
 * rewritten sum is audited with its old and new value. The point table is the synthetic one of
 * test/fixtures/excel (never an official one).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput } from '../../shared/api/contract';
import { recomputeCommune } from '../../electron/core/exchange/province';
import { openWithSyntheticB1, saveB1Household, type b1Form, type B1Database } from '../fixtures/b1-loaded';
import { apiOf } from '../fixtures/api';
import { reclassified, tempDir } from '../helpers';

let b1: B1Database;
const ids = { items: 0, paper: 0, otherItems: 0 };
const doc = { number: 'Quyết định 22/QĐ-UBND', date: '2026-02-01', issuer: 'UBND tỉnh An Giang' };

// Synthetic points, rural column: base 100; B1.1 '2' 15; B1.2 '2' 20; B1.3 '1' 25 (0 once a motorbike counts 0).
const ITEMS = { 'B1.1': '2', 'B1.2': '2', 'B1.3': '1' }; // 160, then 135
const OTHER = { 'B1.1': '1', 'B1.2': '2', 'B1.3': '2' }; // 150 before and after

beforeAll(async () => {
  b1 = await openWithSyntheticB1(tempDir('rasoat-classify-b1-rescore-'));
  const save = async (answers: Parameters<typeof b1Form>[1], name: string): Promise<number> => (await saveB1Household(b1, answers, name)).householdId;
  ids.items = await save({ scoreA: null, b1Items: ITEMS, b1Region: 'rural' }, 'Lâm Văn Một');
  ids.paper = await save({ scoreA: 160, b1Items: ITEMS, b1Region: 'rural' }, 'Lâm Văn Hai');
  ids.otherItems = await save({ scoreA: null, b1Items: OTHER, b1Region: 'rural' }, 'Lâm Văn Ba');
});
afterAll(async () => {
  await b1.core.jobs.close();
  b1.core.close();
});

const sqlite = () => b1.core.db.sqlite;
const stored = (id: number) =>
  sqlite().prepare('SELECT a.score_a AS answers, h.score_a AS households, a.updated_at AS updatedAt FROM answers a JOIN households h ON h.id = a.household_id WHERE h.id = ?').get(id) as {
    answers: number | null;
    households: number | null;
    updatedAt: string;
  };
const rescoreAudit = () =>
  sqlite().prepare("SELECT entity_id AS id, field, old_value AS old, new_value AS new, actor FROM audit WHERE action = 'rescore' ORDER BY id").all() as {
    id: number;
    field: string;
    old: string;
    new: string;
    actor: string;
  }[];
const lastClassifyAudit = () =>
  JSON.parse(sqlite().prepare("SELECT new_value FROM audit WHERE action = 'classify' AND entity = 'round' ORDER BY id DESC LIMIT 1").pluck().get() as string) as { rescored: number };

describe('a round classified again after a new Phiếu B1 point table', () => {
  it('stores the new sum of a score A summed from the items, audited, and keeps the paper total and the keyed answers', async () => {
    const before = [ids.items, ids.paper, ids.otherItems].map(stored);
    expect(before.map((s) => [s.answers, s.households])).toEqual([
      [160, 160],
      [160, 160],
      [150, 150],
    ]);

    const cur = await b1.call('published.current', { ruleSetId: 'vn-2022-2026' });
    const table = structuredClone(cur.b1PointTable.value!);
    table.items.find((i) => i.id === 'B1.3')!.options.find((o) => o.id === '1')!.points.rural = 0;
    const input: ApiInput<'published.preview'> = { ruleSetId: 'vn-2022-2026', values: { b1PointTable: table }, document: doc };
    await b1.call('published.save', input);
    // Publishing alone rewrites nothing: the sums follow the table when the round is classified.
    expect(stored(ids.items).answers).toBe(160);

    const send = apiOf(() => b1.services).send;
    await reclassified(send, { roundId: b1.seeded.roundId });
    const after = [ids.items, ids.paper, ids.otherItems].map(stored);
    // Summed from the items: 135 in answers and in the list's copy. The paper's 160 and the other items' 150 stay.
    expect(after.map((s) => [s.answers, s.households])).toEqual([
      [135, 135],
      [160, 160],
      [150, 150],
    ]);
    // The officer's answers did not change: the next classification does not take them for newer than the result.
    expect(after.map((s) => s.updatedAt)).toEqual(before.map((s) => s.updatedAt));
    expect(sqlite().prepare('SELECT status FROM results WHERE household_id = ?').pluck().get(ids.items)).toBe('poor');
    // Audited: who, the field, the old and the new sum; counted in the classification's own audit row.
    expect(rescoreAudit()).toEqual([{ id: ids.items, field: 'answers.score_a', old: '160', new: '135', actor: 'quản trị' }]);
    expect(lastClassifyAudit().rescored).toBe(1);

    // The list shows and sorts by the score the household was classified by.
    const list = await b1.call('households.list', { roundId: b1.seeded.roundId, sort: 'scoreA', dir: 'asc', offset: 0, limit: 10 });
    const mine = new Set(Object.values(ids));
    expect(list.rows.filter((r) => mine.has(r.id)).map((r) => [r.id, r.scoreA])).toEqual([
      [ids.items, 135],
      [ids.otherItems, 150],
      [ids.paper, 160],
    ]);
    // The province's recomputation under the same table finds the stored sums right.
    expect(recomputeCommune(sqlite(), b1.core.registry, b1.seeded.roundId, b1.seeded.communeId).mismatches).toEqual([]);

    // Classified again with nothing changed: nothing rewritten.
    await reclassified(send, { roundId: b1.seeded.roundId });
    expect(rescoreAudit()).toHaveLength(1);
    expect(lastClassifyAudit().rescored).toBe(0);
  });
});
