// Where a classification's time goes, statement by statement: npx tsx test/bench/classify-phases-probe.ts DB [first|again|both]
// Each prepared statement's run/all/get is timed (wall and CPU), keyed by the start of its SQL;
// the rest of classifyRound's time (deciding, mapping, comparing in JS) is what is left over.
// PROBE_WRAP=0 leaves the statements unwrapped (for node --cpu-prof: the timing wrappers would show in the profile).
// Opened without Core's quick_check. The round's results are cleared (and checkpointed) first, as classify-probe.ts does: use a bench copy.
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/connection';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { classifyRound } from '../../electron/core/rounds/classify';

const [dbFile, which = 'both'] = process.argv.slice(2) as [string, string?];
type Method = 'run' | 'all' | 'get';
const spent = new Map<string, { calls: number; ms: number; cpu: number }>();
const statementProto = Object.getPrototypeOf(new BetterSqlite3(':memory:').prepare('SELECT 1')) as Record<Method, (...a: unknown[]) => unknown> & { source?: string };
for (const m of (process.env.PROBE_WRAP === '0' ? [] : ['run', 'all', 'get']) as Method[]) {
  const original = statementProto[m];
  statementProto[m] = function (this: { source: string }, ...args: unknown[]) {
    const key = `${m} ${this.source.replace(/\s+/g, ' ').slice(0, 90)}`;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    try {
      return original.apply(this, args);
    } finally {
      const c = process.cpuUsage(c0);
      const s = spent.get(key) ?? { calls: 0, ms: 0, cpu: 0 };
      s.calls++;
      s.ms += performance.now() - t0;
      s.cpu += (c.user + c.system) / 1000;
      spent.set(key, s);
    }
  };
}

// Opened directly (not through Core, whose quick_check on open takes longer than the classification).
const db = openDatabase(dbFile);
const registry = loadRuleSets([path.resolve('resources', 'standards')]);
const sqlite = db.sqlite;
// Connection settings to try (PROBE_PRAGMAS="mmap_size=1000000000;cache_size=-262144").
for (const p of (process.env.PROBE_PRAGMAS ?? '').split(';').filter(Boolean)) sqlite.pragma(p);
// SQL to run first, on a bench copy (PROBE_SQL="DROP INDEX results_round_score_b").
if (process.env.PROBE_SQL) sqlite.exec(process.env.PROBE_SQL);
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
if (which !== 'again') {
  sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)').run(round);
  sqlite.pragma('wal_checkpoint(TRUNCATE)');
}
const time = (label: string): void => {
  spent.clear();
  const mb = (n: number): string => (n / 1048576).toFixed(0);
  const memory = (): string => {
    const m = process.memoryUsage();
    return `rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} MB, external ${mb(m.external)} MB`;
  };
  console.log(`${label} before: ${memory()}`);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const s = classifyRound(sqlite, registry, round, { actor: 'probe' });
  const c = process.cpuUsage(c0);
  const wall = performance.now() - t0;
  const cpu = (c.user + c.system) / 1000;
  console.log(`${label}: ${s.classified + s.skipped} households, wall ${wall.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms (user ${(c.user / 1000).toFixed(0)}), rss ${(process.memoryUsage().rss / 1048576).toFixed(0)} MB`);
  let sqlMs = 0;
  let sqlCpu = 0;
  for (const [key, v] of [...spent].sort((a, b) => b[1].cpu - a[1].cpu)) {
    sqlMs += v.ms;
    sqlCpu += v.cpu;
    if (v.cpu > 20 || v.ms > 20) console.log(`  ${v.ms.toFixed(0).padStart(6)} ms ${v.cpu.toFixed(0).padStart(6)} cpu ${String(v.calls).padStart(7)}× ${key}`);
  }
  console.log(`${label} after: ${memory()}`);
  console.log(`  statements ${sqlMs.toFixed(0)} ms (cpu ${sqlCpu.toFixed(0)}); the rest (JS, commit) ${(wall - sqlMs).toFixed(0)} ms (cpu ${(cpu - sqlCpu).toFixed(0)})`);
};
if (which !== 'again') time('first');
if (which !== 'first') time('again');
db.close();
