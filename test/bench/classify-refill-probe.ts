// The refill of the list's order tables after a classification (name-order.ts fillListOrder), statement by statement:
// npx tsx test/bench/classify-refill-probe.ts DB [runs] — each run inside a transaction rolled back (the database is not changed).
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/connection';
import { fillListOrder } from '../../electron/core/households/name-order';

const [dbFile, runsArg = '3'] = process.argv.slice(2) as [string, string?];
type Method = 'run' | 'all' | 'get';
const spent = new Map<string, { calls: number; ms: number; cpu: number }>();
const statementProto = Object.getPrototypeOf(new BetterSqlite3(':memory:').prepare('SELECT 1')) as Record<Method, (...a: unknown[]) => unknown>;
for (const m of ['run', 'all', 'get'] as Method[]) {
  const original = statementProto[m];
  statementProto[m] = function (this: { source: string }, ...args: unknown[]) {
    const key = `${m} ${this.source.replace(/\s+/g, ' ').slice(0, 110)}`;
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
const db = openDatabase(dbFile);
const sqlite = db.sqlite;
for (const p of (process.env.PROBE_PRAGMAS ?? '').split(';').filter(Boolean)) sqlite.pragma(p);
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
for (let run = 0; run < Number(runsArg); run++) {
  spent.clear();
  sqlite.exec('BEGIN');
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  fillListOrder(sqlite, round);
  const c = process.cpuUsage(c0);
  console.log(`run ${run}: wall ${(performance.now() - t0).toFixed(0)} ms, cpu ${((c.user + c.system) / 1000).toFixed(0)} ms`);
  for (const [key, v] of [...spent].sort((a, b) => b[1].cpu - a[1].cpu)) console.log(`  ${v.ms.toFixed(0).padStart(6)} ms ${v.cpu.toFixed(0).padStart(6)} cpu ${String(v.calls).padStart(4)}× ${key}`);
  sqlite.exec('ROLLBACK');
}
db.close();
