// Times each SQL statement of one household list call on an existing database (a closer look at
// one combination): node --import tsx test/bench/list-trace.ts FILE 'JSON input without roundId' [runs]
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';

const [file, input, runs] = process.argv.slice(2) as [string, string, string?];
const core = new Core({ dbPath: file, resourcesDir: path.resolve('resources') });
const sqlite = core.db.sqlite;
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const trace: { sql: string; ms: number }[] = [];
const prepare = sqlite.prepare.bind(sqlite);
(sqlite as { prepare: typeof sqlite.prepare }).prepare = ((src: string) => {
  const st = prepare(src);
  for (const m of ['all', 'get', 'run', 'iterate'] as const) {
    const f = (st[m] as (...a: unknown[]) => unknown).bind(st);
    (st as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      const t0 = performance.now();
      const r = f(...a);
      trace.push({ sql: src.replace(/\s+/gu, ' ').slice(0, 260), ms: performance.now() - t0 });
      return r;
    };
  }
  return st;
}) as typeof sqlite.prepare;
const services = createServices(core);
const given = JSON.parse(input) as Record<string, unknown>;
for (let i = 0; i < Number(runs ?? 3); i++) {
  trace.length = 0;
  const t0 = performance.now();
  const r = await services['households.list']({ roundId: round, limit: 50, offset: 0, sort: 'name', dir: 'asc', ...given } as never);
  console.log(`run ${i}: ${(performance.now() - t0).toFixed(1)} ms, total ${r.total}${r.totalCapped ? '+' : ''}`);
}
for (const t of trace) console.log(`  ${t.ms.toFixed(1).padStart(7)} ms  ${t.sql}`);
core.close();
