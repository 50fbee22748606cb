// Times chosen household-list combinations on a built demo database and prints each query's plan:
// npx tsx test/bench/perf-probe.ts DB 'JSON input' ['JSON input' …] (roundId filled in).
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';

const [dbFile, ...inputs] = process.argv.slice(2) as [string, ...string[]];
const core = new Core({ dbPath: dbFile, resourcesDir: path.resolve('resources') });
const sqlite = core.db.sqlite;
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const services = createServices(core);
const prepare = sqlite.prepare.bind(sqlite);
let explainOn = false;
sqlite.prepare = ((source: string) => {
  const stmt = prepare(source);
  if (!explainOn || !/^\s*(with|select)/iu.test(source)) return stmt;
  const all = stmt.all.bind(stmt) as (...a: unknown[]) => unknown[];
  (stmt as unknown as { all: unknown }).all = (...params: unknown[]) => {
    const plan = prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[];
    console.log(`  ${source.replace(/\s+/gu, ' ').slice(0, 220)}\n    ${plan.map((p) => p.detail).join('\n    ')}`);
    return all(...params);
  };
  return stmt;
}) as typeof sqlite.prepare;
for (const raw of inputs) {
  const input = { roundId: round, limit: 100, offset: 0, sort: 'name', dir: 'asc', ...(JSON.parse(raw) as object) };
  explainOn = true;
  await services['households.list'](input as never);
  explainOn = false;
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    await services['households.list'](input as never);
    times.push(performance.now() - t0);
  }
  console.log(`${raw}: ${times.map((t) => t.toFixed(1)).join(' / ')} ms`);
}
core.close();
