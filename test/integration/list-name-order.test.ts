// results_by_name (migration 21, households/name-order.ts): each round's results outside its large
// class and transition, in name order, for a page deep inside that class or transition (read.ts
// bulkGroupPage); result_counts, the round's results by class and transition; result_score_counts (migration 23), by score B;
// and score_name_counts (migration 26), by score B and stretch of the name order. None is ever stale: after each way a result or a household's name is written —
// a whole round's classification and one commune's (triggers dropped, the round refilled), one
// household's classification, a result written or removed by any writer (an import), a result
// written without its round, a head's name changed, a household removed — the table holds exactly
// what the results and names say.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { classifyHousehold } from '../../electron/core/entry/classify-one';
import { LIST_ORDER_TRIGGERS } from '../../electron/core/households/name-order';
import { getRound } from '../../electron/core/rounds/rounds';
import { classifyRound, listOrderRefilled } from '../../electron/core/rounds/classify';
import { demoWithPlaces } from '../fixtures/demo-places';

let core: Core;
let round: number;
let commune: number;

beforeAll(() => {
  ({ core, round, commune } = demoWithPlaces('name-order.sqlite', 600, 5));
}, 300_000);
afterAll(() => core?.close());

/** What the table must hold: each result of a round whose value of a kind is not the round's large one (none recorded: every value), with its household's name. */
const EXPECTED = `
  SELECT r.round_id, k.kind, CASE k.kind WHEN 1 THEN r.status ELSE COALESCE(r.transition, '') END AS value, h.head_sort, h.id
  FROM results r JOIN households h ON h.id = r.household_id CROSS JOIN (SELECT 1 AS kind UNION ALL SELECT 2) k
  LEFT JOIN results_by_name_bulk b ON b.round_id = r.round_id AND b.kind = k.kind
  WHERE r.round_id IS NOT NULL AND (CASE k.kind WHEN 1 THEN r.status ELSE COALESCE(r.transition, '') END) IS NOT b.value
  ORDER BY 1, 2, 3, 4, 5`;
const STRETCHES_EXPECTED = `
  SELECT r.round_id, r.score_b, b.head_sort, b.household_id, COUNT(*) FROM results r JOIN households h ON h.id = r.household_id
    JOIN score_name_bounds b ON b.round_id = r.round_id AND (b.head_sort, b.household_id) = (
      SELECT b2.head_sort, b2.household_id FROM score_name_bounds b2 WHERE b2.round_id = r.round_id AND (b2.head_sort, b2.household_id) <= (h.head_sort, h.id)
      ORDER BY 1 DESC, 2 DESC LIMIT 1)
  WHERE r.score_b IS NOT NULL GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`;
const STRETCHES_HELD = 'SELECT round_id, score_b, head_sort, household_id, n FROM score_name_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4';
const HELD = 'SELECT round_id, kind, value, head_sort, household_id FROM results_by_name ORDER BY 1, 2, 3, 4, 5';

function expectExact(when: string): void {
  const sqlite = core.db.sqlite;
  const want = sqlite.prepare(EXPECTED).raw().all();
  const held = sqlite.prepare(HELD).raw().all();
  expect(held.length, when).toBe(want.length);
  expect(held, when).toEqual(want);
  // The counts by class and transition too.
  const counted = sqlite.prepare('SELECT round_id, status, transition, n FROM result_counts WHERE n <> 0 ORDER BY 1, 2, 3').raw().all();
  const results = sqlite
    .prepare("SELECT round_id, status, COALESCE(transition, '') AS t, COUNT(*) FROM results WHERE round_id IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")
    .raw()
    .all();
  expect(counted, when).toEqual(results);
  // And by score B (result_score_counts, migration 23), the results without one left out.
  const scored = sqlite.prepare('SELECT round_id, score_b, n FROM result_score_counts WHERE n <> 0 ORDER BY 1, 2').raw().all();
  const byScore = sqlite.prepare('SELECT round_id, score_b, COUNT(*) FROM results WHERE round_id IS NOT NULL AND score_b IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2').raw().all();
  expect(scored, when).toEqual(byScore);
  // And by score B and stretch of the name order (migration 26): each result with a score in the
  // stretch its household's name falls in (the last bound at or before it), every round cut in stretches.
  expect(sqlite.prepare(STRETCHES_HELD).raw().all(), when).toEqual(sqlite.prepare(STRETCHES_EXPECTED).raw().all());
  const rounds = sqlite.prepare('SELECT DISTINCT round_id FROM results WHERE round_id IS NOT NULL ORDER BY 1').pluck().all();
  expect(sqlite.prepare('SELECT DISTINCT round_id FROM score_name_bounds ORDER BY 1').pluck().all(), when).toEqual(rounds);
  // The triggers are back after a classification dropped them.
  const triggers = sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (${LIST_ORDER_TRIGGERS.map(() => '?').join(', ')})`).pluck().all(...LIST_ORDER_TRIGGERS);
  expect(triggers.length, when).toBe(LIST_ORDER_TRIGGERS.length);
}

/** Some households of the round with a result: of the large class, and of another one. */
function someHouseholds(): { bulk: number[]; others: number[] } {
  const sqlite = core.db.sqlite;
  const of = (cond: string): number[] =>
    sqlite.prepare(`SELECT r.household_id FROM results r WHERE r.round_id = ? AND ${cond} ORDER BY r.household_id LIMIT 5`).pluck().all(round) as number[];
  const bulk = sqlite.prepare('SELECT value FROM results_by_name_bulk WHERE round_id = ? AND kind = 1').pluck().get(round) as string;
  return { bulk: of(`r.status = '${bulk}'`), others: of(`r.status <> '${bulk}'`) };
}

describe('the results in name order outside the large class and transition', () => {
  it('the demo (each round classified whole) leaves it exact, "neither" and "same" left out of its later rounds', () => {
    expectExact('demo');
    const sqlite = core.db.sqlite;
    expect(sqlite.prepare('SELECT COUNT(*) FROM results_by_name WHERE round_id = ?').pluck().get(round)).toBeGreaterThan(0);
    expect(sqlite.prepare('SELECT kind, value FROM results_by_name_bulk WHERE round_id = ? ORDER BY kind').raw().all(round)).toEqual([
      [1, 'neither'],
      [2, 'same'],
    ]);
  });

  it('stays exact through each way a result or a name is written', () => {
    const sqlite = core.db.sqlite;
    const { bulk, others } = someHouseholds();
    expect(bulk.length).toBe(5);
    expect(others.length).toBe(5);
    const registry = core.registry;

    // A result removed (an import, one household's classification), of the large class and another.
    sqlite.prepare(`DELETE FROM results WHERE household_id IN (${[bulk[0], others[0]].join(', ')})`).run();
    expectExact('results removed');
    // A whole round classified again (its triggers dropped, the round refilled).
    classifyRound(sqlite, registry, round, { actor: 'test' });
    expectExact('round classified');
    // One commune's results removed, then the commune classified.
    sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND commune_id = ?)').run(round, commune);
    expectExact('a commune’s results removed');
    classifyRound(sqlite, registry, round, { actor: 'test', communeId: commune });
    expectExact('commune classified');
    // One household's classification (its result removed and written again).
    for (const id of [bulk[1]!, others[1]!]) classifyHousehold(sqlite, registry, getRound(sqlite, round), id);
    expectExact('one household classified');
    // A result's class and transition changed in place (an upsert), both ways.
    sqlite.prepare("UPDATE results SET status = 'poor', transition = 'entered_poor' WHERE household_id = ?").run(bulk[2]);
    sqlite.prepare("UPDATE results SET status = 'neither', transition = 'same' WHERE household_id = ?").run(others[2]);
    sqlite.prepare('UPDATE results SET transition = NULL WHERE household_id = ?').run(others[3]);
    expectExact('a result changed');
    // A result's score B changed, taken away and given back.
    sqlite.prepare('UPDATE results SET score_b = score_b + 10 WHERE household_id = ?').run(bulk[2]);
    sqlite.prepare('UPDATE results SET score_b = NULL WHERE household_id = ?').run(others[2]);
    expectExact('a score B changed, one taken away');
    sqlite.prepare('UPDATE results SET score_b = 30 WHERE household_id = ?').run(others[2]);
    expectExact('a score B given back');
    // A result written without its round (the results_round trigger gives it its household's).
    const row = sqlite.prepare('SELECT * FROM results WHERE household_id = ?').get(others[4]) as Record<string, unknown>;
    sqlite.prepare('DELETE FROM results WHERE household_id = ?').run(others[4]);
    const columns = Object.keys(row).filter((c) => c !== 'round_id');
    sqlite.prepare(`INSERT INTO results (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`).run(Object.fromEntries(columns.map((c) => [c, row[c]])));
    expect(sqlite.prepare('SELECT round_id FROM results WHERE household_id = ?').pluck().get(others[4])).toBe(round);
    expectExact('a result written without its round');
    // A head's name changed (its sort key), for households of the large class and of another.
    sqlite.prepare(`UPDATE households SET head_sort = 'AAAA' || head_sort WHERE id IN (${[bulk[3], others[3], others[4]].join(', ')})`).run();
    expectExact('names changed');
    // A household removed (its result with it).
    const gone = others[4]!;
    for (const t of sqlite.prepare("SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = 'households' AND f.on_delete <> 'CASCADE'").pluck().all() as string[]) {
      sqlite.prepare(`DELETE FROM "${t}" WHERE household_id = ?`).run(gone);
    }
    sqlite.prepare('DELETE FROM households WHERE id = ?').run(gone);
    expect(sqlite.prepare('SELECT COUNT(*) FROM results WHERE household_id = ?').pluck().get(gone)).toBe(0);
    expectExact('a household removed');
  });

  it('one commune classified keeps them exact both ways, its triggers kept as it writes or the round refilled, chosen by its size beside the round', () => {
    const sqlite = core.db.sqlite;
    const registry = core.registry;
    const smallest = sqlite.prepare('SELECT commune_id FROM households WHERE round_id = ? GROUP BY commune_id ORDER BY COUNT(*), commune_id LIMIT 1').pluck().get(round) as number;
    const size = (c: number): number => sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ? AND commune_id = ?').pluck().get(round, c) as number;
    const results = sqlite.prepare('SELECT COUNT(*) FROM results WHERE round_id = ?').pluck().get(round) as number;
    // The rule: a commune as large as its round is refilled, a single household kept by the triggers.
    expect(listOrderRefilled(sqlite, round, results)).toBe(true);
    expect(listOrderRefilled(sqlite, round, 1)).toBe(false);
    const present = (names: readonly string[]): string[] =>
      sqlite.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN (${names.map(() => '?').join(', ')}) ORDER BY name`).pluck().all(...names) as string[];
    const ofCommune = 'household_id IN (SELECT id FROM households WHERE round_id = ? AND commune_id = ?)';
    for (const c of [smallest, commune]) {
      for (const listOrder of ['triggers', 'refill', undefined] as const) {
        const kept = listOrder === undefined ? !listOrderRefilled(sqlite, round, size(c)) : listOrder === 'triggers';
        // Written anew (the results removed), then each moved to another class (written over).
        for (const before of [`DELETE FROM results WHERE ${ofCommune}`, `UPDATE results SET status = CASE status WHEN 'neither' THEN 'poor' ELSE 'neither' END WHERE ${ofCommune}`]) {
          sqlite.prepare(before).run(round, c);
          const during: string[][] = [];
          classifyRound(sqlite, registry, round, { actor: 'test', communeId: c, listOrder, onChunk: () => during.push(present(LIST_ORDER_TRIGGERS)) });
          expect(during.length).toBeGreaterThan(0);
          for (const d of during) expect(d, `${c} ${listOrder}`).toEqual(kept ? [...LIST_ORDER_TRIGGERS].sort() : []);
          expectExact(`commune ${c} (${size(c)} of ${results}) classified, ${listOrder ?? 'chosen'}: ${before.split(' ')[0]}`);
        }
      }
    }
  });

  it('a classification writes without the results_round trigger (each result has its round) and puts it back', () => {
    const sqlite = core.db.sqlite;
    const during: number[] = [];
    const hasIt = (): number => sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name = 'results_round'").pluck().get() as number;
    sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND commune_id = ?)').run(round, commune);
    for (const communeId of [commune, undefined]) classifyRound(sqlite, core.registry, round, { actor: 'test', communeId, listOrder: 'triggers', onChunk: () => during.push(hasIt()) });
    expect(during.length).toBeGreaterThan(1);
    expect(during.every((n) => n === 0)).toBe(true);
    expect(hasIt()).toBe(1);
    expect(sqlite.prepare('SELECT COUNT(*) FROM results WHERE round_id IS NULL').pluck().get()).toBe(0);
    expectExact('classified without results_round');
  });
});
