// The demo build's classification phase alone, on a built bench database, by how a head's ID
// number is found: npx tsx test/bench/demo-classify-probe.ts DB covering|plain|scan
// (covering: households_head_id as migration 18 makes it; plain: on the ID number alone, as
// migration 11 made it; scan: no index, as the demo classified before its indexes were rebuilt).
// Every round's results are cleared and written again as the demo writes them (results' own
// indexes dropped), inside a transaction rolled back at the end: the file is left as it was.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core } from '../../electron/core/core';
import { classifyRound } from '../../electron/core/rounds/classify';

const [dbFile, variant = 'covering'] = process.argv.slice(2) as [string, string?];
const core = new Core({ dbPath: dbFile, resourcesDir: path.resolve('resources') });
const sqlite = core.db.sqlite;
const rounds = sqlite.prepare('SELECT id, year FROM rounds ORDER BY year').all() as { id: number; year: number }[];
sqlite.pragma('foreign_keys = OFF');
sqlite.exec('BEGIN IMMEDIATE');
try {
  for (const name of sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'results' AND sql IS NOT NULL").pluck().all() as string[]) {
    sqlite.exec(`DROP INDEX "${name}"`);
  }
  sqlite.exec('DELETE FROM results');
  if (variant !== 'covering') sqlite.exec('DROP INDEX households_head_id');
  if (variant === 'plain') sqlite.exec('CREATE INDEX households_head_id ON households(head_id_number)');
  for (const r of rounds) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const s = classifyRound(sqlite, core.registry, r.id, { actor: 'probe' });
    const c = process.cpuUsage(c0);
    console.log(`${variant} ${r.year}: ${s.classified + s.skipped} households, wall ${(performance.now() - t0).toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`);
  }
} finally {
  sqlite.exec('ROLLBACK');
  core.close();
}
