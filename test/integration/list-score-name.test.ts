// The whole round sorted by score B, a page at any depth (read.ts scorePages): the score's counts
// by stretch of the round's name order (score_name_counts, migration 26) give the stretch the page
// begins in, walked from its bound. Every page, both ways, equals the plain ORDER BY, and the
// counts equal a recount of the results, after each single write the triggers must follow: a
// score changed (between the two commonest, to a new one), a name changed (to another stretch), a
// household removed, a result set without a score, a result removed; and after the round
// classified again (the triggers dropped, the round refilled).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { listHouseholds, type ListOptions } from '../../electron/core/households/read';
import { classifyRound } from '../../electron/core/rounds/classify';
import { demoWithPlaces } from '../fixtures/demo-places';
import { recording } from '../fixtures/statements';

let core: Core;
/** The 2022 round: every household of it has a result with a score B. */
let round: number;

beforeAll(() => {
  ({ core } = demoWithPlaces('score-name.sqlite', 700, 13));
  round = core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2022').pluck().get() as number;
}, 300_000);
afterAll(() => core?.close());

/** The counts must be each result with a score in the stretch its household's name falls in (the last bound at or before it). */
function expectRecount(when: string): void {
  const sqlite = core.db.sqlite;
  const want = sqlite
    .prepare(
      `SELECT r.score_b, b.head_sort, b.household_id, COUNT(*) FROM results r JOIN households h ON h.id = r.household_id
         JOIN score_name_bounds b ON b.round_id = r.round_id AND (b.head_sort, b.household_id) = (
           SELECT b2.head_sort, b2.household_id FROM score_name_bounds b2 WHERE b2.round_id = r.round_id AND (b2.head_sort, b2.household_id) <= (h.head_sort, h.id)
           ORDER BY 1 DESC, 2 DESC LIMIT 1)
       WHERE r.round_id = ? AND r.score_b IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    )
    .raw()
    .all(round);
  const held = sqlite.prepare('SELECT score_b, head_sort, household_id, n FROM score_name_counts WHERE round_id = ? AND n <> 0 ORDER BY 1, 2, 3').raw().all(round);
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
    // (deepInGroup 0: a deep page read otherwise when the round has no stretches; smallList 60: a
    // score of at most 60 households sorted whole from its ids, the others walked from their stretch.)
    for (const [limit, options] of [
      [7, { deepInGroup: 0 }],
      [3, {}],
      [23, {}],
      [5, { smallList: 60 }],
    ] as [number, ListOptions][]) {
      const got: number[] = [];
      for (let offset = 0; offset < want.length + limit; offset += limit) {
        const page = await listHouseholds(core.db.kysely, { roundId: round, sort: 'scoreB', dir, offset, limit } as never, { smallList: 0, ...options });
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

/** The round's two commonest scores. */
function scores(): { bulk: number; other: number } {
  const [bulk, other] = core.db.sqlite.prepare('SELECT score_b FROM result_score_counts WHERE round_id = ? ORDER BY n DESC, score_b LIMIT 2').pluck().all(round) as number[];
  return { bulk: bulk!, other: other! };
}
const ofScore = (v: number, n: number): number[] =>
  core.db.sqlite.prepare('SELECT household_id FROM results WHERE round_id = ? AND score_b = ? ORDER BY household_id LIMIT ?').pluck().all(round, v, n) as number[];

describe('the whole round sorted by score B', () => {
  it('every household of the round has a score; the round is cut in stretches of its name order, each score counted in several', () => {
    const sqlite = core.db.sqlite;
    expect(sqlite.prepare('SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND NOT EXISTS (SELECT 1 FROM results r WHERE r.household_id = h.id AND r.score_b IS NOT NULL)').pluck().get(round)).toBe(0);
    expect(sqlite.prepare('SELECT COUNT(*) FROM score_name_bounds WHERE round_id = ?').pluck().get(round)).toBeGreaterThan(20);
    const { bulk, other } = scores();
    for (const v of [bulk, other]) expect(sqlite.prepare('SELECT COUNT(*) FROM score_name_counts WHERE round_id = ? AND score_b = ?').pluck().get(round, v)).toBeGreaterThan(10);
    // Scores of at most 60 households and of more (smallList 60 below).
    const sizes = sqlite.prepare('SELECT n FROM result_score_counts WHERE round_id = ? AND n > 0').pluck().all(round) as number[];
    expect(sizes.some((n) => n <= 60 && n > 5)).toBe(true);
    expect(sizes.some((n) => n > 60)).toBe(true);
    expectRecount('demo');
  });

  it('every page equals the plain ORDER BY, and the counts by stretch a recount, after each single write', async () => {
    const sqlite = core.db.sqlite;
    await expectPages('demo');
    const { bulk, other } = scores();
    const [b1, b2, b3] = ofScore(bulk, 3);
    const [o1, o2, o3] = ofScore(other, 3);

    // A score changed: from the commonest to the next, back, and to a score the round had none of.
    sqlite.prepare('UPDATE results SET score_b = ? WHERE household_id = ?').run(other, b1);
    sqlite.prepare('UPDATE results SET score_b = ? WHERE household_id = ?').run(bulk, o1);
    sqlite.prepare('UPDATE results SET score_b = ? WHERE household_id = ?').run(other + 1000, o2);
    expectRecount('scores changed');
    await expectPages('scores changed');
    // A head's name changed (its sort key: to the first stretch), in each score.
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
    // A round without stretches (never refilled since migration 26): its deep pages read otherwise, the same.
    sqlite.prepare('DELETE FROM score_name_bounds WHERE round_id = ?').run(round);
    sqlite.prepare('DELETE FROM score_name_counts WHERE round_id = ?').run(round);
    sqlite.prepare('UPDATE results SET score_b = ? WHERE household_id = ?').run(other, b1);
    expect(sqlite.prepare('SELECT COUNT(*) FROM score_name_counts WHERE round_id = ?').pluck().get(round)).toBe(0);
    await expectPages('no stretches');
  }, 300_000);

  it('stretches grown since the refill (the round refilled when it held a few households, then written to): a page whose walk from its bound would pass more than stretchWalk households reads the score’s ids instead, every page the same', async () => {
    const sqlite = core.db.sqlite;
    classifyRound(sqlite, core.registry, round, { actor: 'test' });
    // One stretch, from before any name, holding the whole round: what a refill of a round of a
    // few households leaves once the rest is written (each result counted by the triggers in it).
    sqlite.prepare('DELETE FROM score_name_bounds WHERE round_id = ?').run(round);
    sqlite.prepare('DELETE FROM score_name_counts WHERE round_id = ?').run(round);
    sqlite.prepare("INSERT INTO score_name_bounds (round_id, head_sort, household_id) VALUES (?, '', 0)").run(round);
    sqlite
      .prepare("INSERT INTO score_name_counts (round_id, score_b, head_sort, household_id, n) SELECT round_id, score_b, '', 0, COUNT(*) FROM results WHERE round_id = ? AND score_b IS NOT NULL GROUP BY score_b")
      .run(round);
    expectRecount('one stretch');
    const want = sqlite
      .prepare('SELECT h.id FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.round_id = ? ORDER BY res.score_b, h.head_sort, h.id')
      .pluck()
      .all(round) as number[];
    const deep = { roundId: round, sort: 'scoreB', dir: 'asc', offset: Math.floor(want.length / 2), limit: 9 } as const;
    const idsRead = (q: { sql: string }[]) => q.filter((x) => /group_concat\("household_id"\)[\s\S]*results_round_score_b/u.test(x.sql)).length;
    // Walked from the bound within the default budget; past a budget of 50, the score's ids read.
    expect(idsRead(await recording(core, () => listHouseholds(core.db.kysely, deep as never, { smallList: 0 })))).toBe(0);
    expect(idsRead(await recording(core, () => listHouseholds(core.db.kysely, deep as never, { smallList: 0, stretchWalk: 50 })))).toBeGreaterThan(0);
    const got: number[] = [];
    for (let offset = 0; offset < want.length + 9; offset += 9) {
      const page = await listHouseholds(core.db.kysely, { ...deep, offset } as never, { smallList: 0, stretchWalk: 50 });
      got.push(...page.rows.map((r) => r.id));
    }
    expect(got).toEqual(want);
  }, 300_000);
});
