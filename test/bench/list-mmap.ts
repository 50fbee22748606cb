// A closer look at the household list's combinations with the connection's pages memory-mapped
// (PRAGMA mmap_size) against the default page cache: each one's median wall time, both ways, on
// one bench database. npx tsx test/bench/list-mmap.ts DB [REGEX on the label] [RUNS] [MMAP BYTES]
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LAST_PAGE, listCombinations, listTargets, MIDDLE_PAGE } from './list-combinations';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';

const [dbFile, pattern, runsArg, mmapArg] = process.argv.slice(2) as [string, string?, string?, string?];
const only = pattern ? new RegExp(pattern, 'u') : undefined;
const runs = Number(runsArg ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const core = new Core({ dbPath: dbFile, resourcesDir: path.resolve('resources') });
const sqlite = core.db.sqlite;
sqlite.pragma(`mmap_size = ${Number(mmapArg ?? 0)}`);
console.log(`mmap_size ${String(sqlite.pragma('mmap_size', { simple: true }))}`);
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const services = createServices(core);
const { biggest, village, searches } = await listTargets(services, sqlite, round);
const all = (await services['households.list']({ roundId: round, limit: 1, offset: 0, sort: 'name', dir: 'asc' })).total;
const walls: number[] = [];
for (const c of listCombinations(round, biggest.id, village.id, searches).filter((x) => !only || only.test(x.label))) {
  const offset = c.input.offset === MIDDLE_PAGE ? Math.floor(all / 2) : c.input.offset === LAST_PAGE ? Math.max(0, all - 100) : c.input.offset;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await services['households.list']({ ...c.input, offset } as never);
    times.push(performance.now() - t0);
  }
  walls.push(median(times));
  console.log(`${median(times).toFixed(1).padStart(8)} ms (max ${Math.max(...times).toFixed(0)})  ${c.label}`);
}
console.log(`${walls.length} combinations: worst median ${Math.max(...walls).toFixed(1)} ms, median ${median(walls).toFixed(1)} ms, over 50 ms: ${walls.filter((x) => x > 50).length}`);
core.close();
