// Ways to keep score B in name order for a round, each in a transaction rolled back: name-order.ts's counts by stretch
// (fillScoreBuckets), the whole refill after a classification (fillListOrder), and, measured against them, every
// score's households in name order as rows of results_by_name (kind 3; the round's rows of it removed first, untimed).
// npx tsx test/bench/score-name-fill-probe.ts DB [runs]   (WAYS=a,b to run only some)
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../electron/core/db/connection';
import { markIds } from '../../electron/core/households/id-bytes';
import { fillListOrder, fillScoreBuckets } from '../../electron/core/households/name-order';

const [dbFile, runsArg = '2'] = process.argv.slice(2) as [string, string?];
const db = openDatabase(dbFile);
const sqlite = db.sqlite;
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const counts = sqlite.prepare('SELECT score_b AS v, n FROM result_score_counts WHERE round_id = ? ORDER BY n DESC').all(round) as { v: number; n: number }[];
const bulk = counts[0]!.v;
const others = counts.slice(1).map((c) => c.v);
console.log(`round ${round}, bulk ${bulk}, others ${others.join(',')}`);
const insert = 'INSERT INTO results_by_name (round_id, kind, value, head_sort, household_id)';
const blob = (): Buffer => {
  const hi = sqlite.prepare('SELECT MAX(id) FROM households').pluck().get() as number;
  const bytes = Buffer.alloc(hi);
  others.forEach((v, i) => {
    const text = sqlite.prepare('SELECT CAST(group_concat(household_id) AS BLOB) FROM results INDEXED BY results_round_score_b WHERE round_id = ? AND score_b = ?').pluck().get(round, v) as Buffer;
    markIds(bytes, text, i + 1);
  });
  return bytes;
};
const caseOf = `CASE substr(@b, h.id, 1) ${others.map((v, i) => `WHEN x'${(i + 1).toString(16).padStart(2, '0')}' THEN '${v}'`).join(' ')} END`;
const ways: Record<string, () => void> = {
  fillScoreBuckets: () => fillScoreBuckets(sqlite, round),
  // As a demo classifies: the results' secondary indexes dropped (dropped untimed; the transaction rolls them back).
  fillScoreBucketsNoResultIndexes: () => fillScoreBuckets(sqlite, round),
  fillListOrder: () => fillListOrder(sqlite, round),
  sorted: () =>
    sqlite
      .prepare(
        `${insert} SELECT r.round_id, 3, CAST(r.score_b AS TEXT), h.head_sort, h.id FROM results r CROSS JOIN households h INDEXED BY households_list ON h.id = r.household_id
         WHERE r.round_id = ? AND r.score_b IS NOT NULL AND r.score_b IS NOT ? ORDER BY 1, 2, 3, 4, 5`,
      )
      .run(round, bulk),
  nameWalkLookup: () =>
    sqlite
      .prepare(
        `${insert} SELECT h.round_id, 3, CAST(r.score_b AS TEXT), h.head_sort, h.id FROM households h INDEXED BY households_round_sort CROSS JOIN results r ON r.household_id = h.id
         WHERE h.round_id = ? AND r.score_b IS NOT NULL AND r.score_b IS NOT ?`,
      )
      .run(round, bulk),
  blobOnly: () => blob(),
  blobWalkInterleaved: () => {
    const b = blob();
    sqlite.prepare(`${insert} SELECT * FROM (SELECT h.round_id AS r, 3 AS k, ${caseOf} AS v, h.head_sort AS s, h.id AS i FROM households h INDEXED BY households_round_sort WHERE h.round_id = @round) WHERE v IS NOT NULL`).run({ b, round });
  },
  blobWalkSorted: () => {
    const b = blob();
    sqlite.prepare(`${insert} SELECT * FROM (SELECT h.round_id AS r, 3 AS k, ${caseOf} AS v, h.head_sort AS s, h.id AS i FROM households h INDEXED BY households_round_sort WHERE h.round_id = @round) WHERE v IS NOT NULL ORDER BY 1, 2, 3, 4, 5`).run({ b, round });
  },
  blobWalkPerValue: () => {
    const b = blob();
    const st = sqlite.prepare(`${insert} SELECT h.round_id, 3, @v, h.head_sort, h.id FROM households h INDEXED BY households_round_sort WHERE h.round_id = @round AND substr(@b, h.id, 1) = @x`);
    others.map((v, i) => [String(v), i] as const).sort((a, c) => (a[0] < c[0] ? -1 : 1)).forEach(([v, i]) => st.run({ b, round, v, x: Buffer.from([i + 1]) }));
  },
  walkOnly: () => {
    const b = blob();
    sqlite.prepare(`SELECT COUNT(*) FROM (SELECT ${caseOf} AS v FROM households h INDEXED BY households_round_sort WHERE h.round_id = @round) WHERE v IS NOT NULL`).pluck().get({ b, round });
  },
};
const only = process.env.WAYS?.split(',');
for (let run = 0; run < Number(runsArg); run++) {
  for (const [name, fn] of Object.entries(ways)) {
    if (only && !only.includes(name)) continue;
    sqlite.exec('BEGIN');
    sqlite.prepare('DELETE FROM results_by_name WHERE round_id = ? AND kind = 3').run(round);
    if (name.endsWith('NoResultIndexes')) {
      for (const i of sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'").pluck().all() as string[]) sqlite.exec(`DROP INDEX "${i}"`);
    }
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    const rows = `${String(sqlite.prepare('SELECT COUNT(*) FROM results_by_name WHERE round_id = ? AND kind = 3').pluck().get(round))} (counts ${String(sqlite.prepare('SELECT COUNT(*) FROM score_name_counts WHERE round_id = ?').pluck().get(round))})`;
    console.log(`${name.padEnd(22)} wall ${(performance.now() - t0).toFixed(0).padStart(5)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0).padStart(5)} ms, rows ${rows}`);
    sqlite.exec('ROLLBACK');
  }
}
db.close();
