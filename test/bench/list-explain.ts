// A closer look at one household list request on a bench database: every statement it runs,
// with its time and query plan. tsx test/bench/list-explain.ts DB '{"sort":"reviewState",…}'
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';

const [dbFile, json] = process.argv.slice(2) as [string, string];
const core = new Core({ dbPath: dbFile, resourcesDir: path.resolve('resources') });
const sqlite = core.db.sqlite;
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const prepare = sqlite.prepare.bind(sqlite);
sqlite.prepare = ((source: string) => {
  const stmt = prepare(source);
  for (const method of ['all', 'get'] as const) {
    const original = stmt[method].bind(stmt) as (...a: unknown[]) => unknown;
    (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
      const t0 = performance.now();
      const out = original(...params);
      const ms = performance.now() - t0;
      const plan = (prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[]).map((p) => p.detail);
      console.log(`${ms.toFixed(1)} ms  ${source.replace(/\s+/gu, ' ').slice(0, process.env.FULL ? undefined : 260)}${process.env.FULL ? `  -- ${JSON.stringify(params)}` : ''}\n    ${plan.join('\n    ')}`);
      return out;
    };
  }
  return stmt;
}) as typeof sqlite.prepare;
const services = createServices(core);
const t0 = performance.now();
const r = await services['households.list']({ roundId: round, limit: 100, offset: 0, ...(JSON.parse(json) as object) } as never);
console.log(`total ${r.total}${r.totalCapped ? ' or more (capped)' : ''}, ${r.rows.length} rows, ${(performance.now() - t0).toFixed(1)} ms`);
core.close();
