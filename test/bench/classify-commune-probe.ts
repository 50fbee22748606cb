// One commune's classification, the list order kept by its triggers or refilled for the whole round (classify.ts
// listOrderRefilled): npx tsx test/bench/classify-commune-probe.ts DB [runs] [smallest|largest]
// Each run removes the commune's results first (untimed: the triggers remove their rows), then classifies it both ways,
// alternated. It writes the database: use a bench copy.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../electron/core/db/connection';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { classifyRound } from '../../electron/core/rounds/classify';

const [dbFile, runs = '2', which = 'largest', how = 'removed'] = process.argv.slice(2) as [string, string?, string?, string?];
const db = openDatabase(dbFile);
const registry = loadRuleSets([path.resolve('resources', 'standards')]);
const sqlite = db.sqlite;
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const [commune, size] = sqlite
  .prepare(`SELECT commune_id, SUM(households) AS n FROM household_counts WHERE round_id = ? GROUP BY commune_id ORDER BY n ${which === 'smallest' ? 'ASC' : 'DESC'} LIMIT 1`)
  .raw()
  .get(round) as [number, number];
const roundSize = sqlite.prepare('SELECT SUM(n) FROM result_counts WHERE round_id = ?').pluck().get(round) as number;
console.log(`commune ${commune}: ${size} households; round ${roundSize} results`);
for (let run = 0; run < Number(runs); run++) {
  for (const listOrder of ['refill', 'triggers'] as const) {
    const ofCommune = 'household_id IN (SELECT id FROM households WHERE round_id = ? AND commune_id = ?)';
    if (how === 'changed') sqlite.prepare(`UPDATE results SET status = CASE status WHEN 'neither' THEN 'poor' ELSE 'neither' END WHERE ${ofCommune}`).run(round, commune);
    else sqlite.prepare(`DELETE FROM results WHERE ${ofCommune}`).run(round, commune);
    sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const s = classifyRound(sqlite, registry, round, { actor: 'probe', communeId: commune, listOrder });
    const c = process.cpuUsage(c0);
    console.log(`${listOrder.padEnd(8)} ${how}: ${s.classified} classified, wall ${(performance.now() - t0).toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`);
  }
}
db.close();
