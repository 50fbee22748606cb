// The whole round sorted by score B, a page at any depth (read.ts scorePages): a score's page is a
// stretch of its rows of results_by_name (kind 3, migration 26: every score's households in name
// order but the round's commonest score), the commonest score's page counted along the round's
// name order less the other scores' rows (bulkGroupPage). Every page, both ways, equals the plain
// ORDER BY, and score B's rows equal a recount of the results, after each single write the
// triggers must follow: a score changed (into and out of the commonest), a name changed, a result
// set without a score, a result removed (the round no longer every household scored), a household
// removed; and after the round classified again (the triggers dropped, the round refilled).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { listHouseholds, type ListOptions } from '../../electron/core/households/read';
import { classifyRound } from '../../electron/core/rounds/classify';
import { demoWithPlaces } from '../fixtures/demo-places';

let core: Core;
/** The 2022 round: every household of it has a result with a score B. */
let round: number;

beforeAll(() => {
  ({ core } = demoWithPlaces('score-name.sqlite', 700, 13));
  round = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2022').pluck().get() as number;
}, 300_000);
afterAll(() => core?.close());

/** Score B's rows must be each result of a round with a score other than the round's commonest (none recorded: every score), with its household's name. */
function expectRecount(when: string): void {
  const sqlite = core.db.sqlite;
  const want = sqlite
    .prepare(
      `SELECT r.round_id, CAST(r.score_b AS TEXT), h.head_sort, h.id FROM results r JOIN households h ON h.id = r.household_id
       LEFT JOIN results_by_name_bulk b ON b.round_id = r.round_id AND b.kind = 3
       WHERE r.round_id IS NOT NULL AND r.score_b IS NOT NULL AND CAST(r.score_b AS TEXT) IS NOT b.value ORDER BY 1, 2, 3, 4`,
    )
    .raw()
    .all();
  const held = sqlite.prepare('SELECT round_id, value, head_sort, household_id FROM results_by_name WHERE kind = 3 ORDER BY 1, 2, 3, 4').raw().all();
  expect(held.length, when).toBeGreaterThan(0);
  expect(held, when).toEqual(want);
}

/** Every page of the round sorted by score B, both ways, walked to its end (never sorted whole), against the plain ORDER BY. */
async function expectPages(when: string): Promise<void> {
  const sqlite = core.db.sqlite;
  const bad: string[] = [];
  for (const dir of ['asc', 'desc'] as const) {
    const want = sqlite
      .prepare(`SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.round_id = ? ORDER BY res.score_b ${dir.toUpperCase()}, h.head_sort, h.id`)
      .pluck()
      .all(round) as number[];
    // (deepInGroup 0: every page of the commonest score is a deep one; bulkClose 0: counted to the page itself.)
    for (const [limit, options] of [
      [7, { deepInGroup: 0 }],
      [7, { deepInGroup: 0, bulkClose: 0 }],
      [23, { deepInGroup: 0, bulkClose: 5 }],
      [23, {}],
    ] as [number, ListOptions][]) {
      const got: number[] = [];
      for (let offset = 0; offset < want.length + limit; offset += limit) {
        const page = await listHouseholds(core.db.kysely, { roundId: round, sort: 'scoreB', dir, offset, limit } as never, { ...options, smallList: 0 });
        got.push(...page.rows.map((r) => r.id));
        if (page.total !== want.length) bad.push(`${dir} ${limit} ${JSON.stringify(options)} at ${offset}: total ${page.total} instead of ${want.length}`);
      }
      if (JSON.stringify(got) !== JSON.stringify(want)) {
        const at = got.findIndex((id, i) => id !== want[i]);
        bad.push(`${dir} ${limit} ${JSON.stringify(options)}: ${got.length} rows instead of ${want.length}, first difference at ${at}`);
      }
    }
  }
  expect(bad, when).toEqual([]);
}

/** The round's commonest score (left out of results_by_name) and another with some households. */
function scores(): { bulk: number; other: number } {
  const sqlite = core.db.sqlite;
  const bulk = Number(sqlite.prepare('SELECT value FROM results_by_name_bulk WHERE round_id = ? AND kind = 3').pluck().get(round));
  const other = sqlite.prepare('SELECT score_b FROM result_score_counts WHERE round_id = ? AND score_b <> ? ORDER BY n DESC LIMIT 1').pluck().get(round, bulk) as number;
  return { bulk, other };
}
const ofScore = (v: number, n: number): number[] =>
  core.db.sqlite.prepare('SELECT household_id FROM results WHERE round_id = ? AND score_b = ? ORDER BY household_id LIMIT ?').pluck().all(round, v, n) as number[];

describe('the whole round sorted by score B', () => {
  it('every household of the round has a score; its commonest score is left out of score B’s rows, the others are there', () => {
    const sqlite = core.db.sqlite;
    expect(sqlite.prepare('SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id AND r.score_b IS NOT NULL)').pluck().get(round)).toBe(0);
    const { bulk, other } = scores();
    expect(sqlite.prepare('SELECT COUNT(*) FROM results_by_name WHERE round_id = ? AND kind = 3 AND value = ?').pluck().get(round, String(bulk))).toBe(0);
    expect(sqlite.prepare('SELECT COUNT(*) FROM results_by_name WHERE round_id = ? AND kind = 3 AND value = ?').pluck().get(round, String(other))).toBeGreaterThan(20);
    expectRecount('demo');
  });

  it('every page equals the plain ORDER BY, and score B’s rows a recount, after each single write', async () => {
    const sqlite = core.db.sqlite;
    await expectPages('demo');
    const { bulk, other } = scores();
    const [b1, b2, b3] = ofScore(bulk, 3);
    const [o1, o2, o3] = ofScore(other, 3);

    // A score changed: out of the commonest, into it, and between two others.
    sqlite.prepare('UPDATE results SET score_b = ? WHERE household_id = ?').run(other, b1);
    sqlite.prepare('UPDATE results SET score_b = ? WHERE household_id = ?').run(bulk, o1);
    sqlite.prepare('UPDATE results SET score_b = ? WHERE household_id = ?').run(other + 1000, o2);
    expectRecount('scores changed');
    await expectPages('scores changed');
    // A head's name changed (its sort key), in the commonest score and in another.
    sqlite.prepare(`UPDATE households SET head_sort = 'a' || head_sort WHERE id IN (${[b2, o3].join(', ')})`).run();
    expectRecount('names changed');
    await expectPages('names changed');
    // A household removed (its result with it).
    for (const t of sqlite.prepare("SELECT m.name FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table' AND f.\"table\" = 'households' AND f.on_delete <> 'CASCADE'").pluck().all() as string[]) {
      sqlite.prepare(`DELETE FROM "${t}" WHERE household_id = ?`).run(o3);
    }
    sqlite.prepare('DELETE FROM households WHERE id = ?').run(o3);
    expectRecount('a household removed');
    await expectPages('a household removed');
    // A result without a score, then a result removed: some households of the round have no score B.
    sqlite.prepare('UPDATE results SET score_b = NULL WHERE household_id = ?').run(b3);
    expectRecount('a score taken away');
    await expectPages('a score taken away');
    sqlite.prepare('DELETE FROM results WHERE household_id = ?').run(b2);
    expectRecount('a result removed');
    await expectPages('a result removed');
    // The round classified again: the triggers dropped, the round refilled.
    classifyRound(sqlite, core.registry, round, { actor: 'test' });
    expectRecount('round classified');
    await expectPages('round classified');
  }, 300_000);
});
