// Times classifyRound on a built bench database, its CPU time beside the wall time, with the
// round's results cleared (and checkpointed) first: npx tsx test/bench/classify-probe.ts DB [variant]
// Variants, for a bench copy only (they change the file): "no-trigger" drops results_round,
// "no-index" drops results_round_status, "no-score-b" drops results_round_score_b (measured at 200,000 households: the trigger costs nothing
// measurable, the index about 2 of the 5.3 s CPU of a first classification).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Core } from '../../electron/core/core';
import { classifyRound } from '../../electron/core/rounds/classify';

const [dbFile, variant = ''] = process.argv.slice(2) as [string, string?];
const core = new Core({ dbPath: dbFile, resourcesDir: path.resolve('resources') });
const sqlite = core.db.sqlite;
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)').run(round);
sqlite.pragma('wal_checkpoint(TRUNCATE)');
if (variant === 'no-trigger') sqlite.exec('DROP TRIGGER IF EXISTS results_round');
if (variant === 'no-index') sqlite.exec('DROP INDEX IF EXISTS results_round_status');
if (variant === 'no-score-b') sqlite.exec('DROP INDEX IF EXISTS results_round_score_b');
const time = (label: string): void => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const s = classifyRound(sqlite, core.registry, round, { actor: 'probe' });
  const c = process.cpuUsage(c0);
  const mb = (process.memoryUsage().rss / 1048576).toFixed(0);
  console.log(`${label} ${variant}: ${s.classified + s.skipped} households, wall ${(performance.now() - t0).toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms (user ${(c.user / 1000).toFixed(0)}), rss ${mb} MB`);
};
time('first');
time('again');
core.close();
