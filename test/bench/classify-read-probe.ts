// What a classification's read costs, column by column: npx tsx test/bench/classify-read-probe.ts DB [variant …]
// Runs chunkDecider's read (classify-decide.ts) and variants of it over the 2023 round's households
// in chunks of 5,000, in one read transaction, and prints the CPU time of each, PROBE_RUNS times over (the first pass reads the file into the page cache).
// It only reads: any bench copy will do.
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../electron/core/db/connection';
import { earlierByCodeSql } from '../../electron/core/rounds/classify-decide';

const [dbFile, ...only] = process.argv.slice(2) as [string, ...string[]];
const db = openDatabase(dbFile);
const sqlite = db.sqlite;
sqlite.pragma('cache_size = -262144');
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const ids = sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id').pluck().all(round) as number[];
const earlier = earlierByCodeSql(sqlite, 2023);
const cur = `CASE WHEN cur.household_id IS NULL THEN NULL WHEN a.updated_at > cur.computed_at THEN '' ELSE json_array(cur.status, cur.score_b) END`;
const joins = 'LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN results cur ON cur.household_id = h.id';
const where = 'WHERE h.id IN (SELECT value FROM json_each(@ids)) ORDER BY h.id';
const from = `FROM households h ${joins} ${earlier.joins} ${where}`;
// The earlier round (one, as the bench's 2023 round has) looked up in a subquery, as the classification did before its joins.
const subquery = `(SELECT '2022 ' || res.status FROM households p JOIN results res ON res.household_id = p.id WHERE p.code = h.code AND p.round_id = (SELECT id FROM rounds WHERE year = 2022))`;
const variants: Record<string, string> = {
  full: `SELECT h.id, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income, ${cur}, ${earlier.expression}, a.b1_items ${from}`,
  subEarlier: `SELECT h.id, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income, ${cur}, ${subquery}, a.b1_items FROM households h ${joins} ${where}`,
  noB2: `SELECT h.id, h.code, h.head_id_number, h.area, a.score_a, NULL, a.monthly_income, ${cur}, ${earlier.expression}, a.b1_items ${from}`,
  noEarlier: `SELECT h.id, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income, ${cur}, NULL, a.b1_items FROM households h ${joins} ${where}`,
  idsOnly: `SELECT h.id FROM households h ${where}`,
  hhCols: `SELECT h.id, h.code, h.head_id_number, h.area FROM households h ${where}`,
};
const runs = Number(process.env.PROBE_RUNS ?? 2);
sqlite.exec('BEGIN');
for (let r = 0; r < runs; r++) {
  for (const name of only.length ? only : Object.keys(variants)) {
    // "flush": the page cache emptied (its pages read again from the file by the next variant).
    if (name === 'flush') {
      sqlite.pragma('cache_size = 0');
      sqlite.pragma('cache_size = -262144');
      continue;
    }
    const sql = variants[name]!;
    const st = sqlite.prepare(sql).raw();
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let n = 0;
    for (let k = 0; k < ids.length; k += 5000) {
      const chunk = ids.slice(k, k + 5000);
      const rows = st.all({ ids: JSON.stringify(chunk) });
      n += rows.length;
    }
    const c = process.cpuUsage(c0);
    console.log(`${name.padEnd(10)} ${n} rows wall ${(performance.now() - t0).toFixed(0)} ms cpu ${((c.user + c.system) / 1000).toFixed(0)} ms (sys ${(c.system / 1000).toFixed(0)})`);
  }
}
sqlite.exec('COMMIT');
db.close();
