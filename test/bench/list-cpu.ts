// A closer look at the household list's combinations (list-combinations.ts) on a bench database:
// each one's wall and CPU time (the machine is shared: CPU time says more than wall time).
//   npx tsx test/bench/list-cpu.ts DB [REGEX on the label] [RUNS] [JSON FILE]
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LAST_PAGE, listCombinations, listTargets, MIDDLE_PAGE } from './list-combinations';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';

const [dbFile, pattern, runsArg, jsonFile] = process.argv.slice(2) as [string, string?, string?, string?];
const only = pattern ? new RegExp(pattern, 'u') : undefined;
const runs = Number(runsArg ?? 3);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const core = new Core({ dbPath: dbFile, resourcesDir: path.resolve('resources') });
const sqlite = core.db.sqlite;
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const services = createServices(core);
const { biggest, village, searches } = await listTargets(services, sqlite, round);
const all = (await services['households.list']({ roundId: round, limit: 1, offset: 0, sort: 'name', dir: 'asc' })).total;
console.log(`round ${round}: ${all} households; commune ${biggest.id} (${biggest.householdCount}), village ${village.id} (${village.householdCount})`);
const out: { label: string; ms: number; cpuMs: number; maxMs: number; maxCpuMs: number; total: number }[] = [];
for (const c of listCombinations(round, biggest.id, village.id, searches).filter((x) => !only || only.test(x.label))) {
  const offset = c.input.offset === MIDDLE_PAGE ? Math.floor(all / 2) : c.input.offset === LAST_PAGE ? Math.max(0, all - 100) : c.input.offset;
  const walls: number[] = [];
  const cpus: number[] = [];
  let total = 0;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await services['households.list']({ ...c.input, offset } as never);
    walls.push(performance.now() - t0);
    const u = process.cpuUsage(c0);
    cpus.push((u.user + u.system) / 1000);
    total = r.total;
  }
  const row = { label: c.label, ms: median(walls), cpuMs: median(cpus), maxMs: Math.max(...walls), maxCpuMs: Math.max(...cpus), total };
  out.push(row);
  console.log(`${row.ms.toFixed(1).padStart(8)} ms wall ${row.cpuMs.toFixed(1).padStart(8)} ms CPU (max ${row.maxMs.toFixed(0)} / ${row.maxCpuMs.toFixed(0)})  ${row.label}  [${total}]`);
}
const cpu = out.map((r) => r.cpuMs);
const wall = out.map((r) => r.ms);
console.log(
  `${out.length} combinations: worst median ${Math.max(...wall).toFixed(1)} ms wall / ${Math.max(...cpu).toFixed(1)} ms CPU, worst run ${Math.max(...out.map((r) => r.maxMs)).toFixed(1)} ms, ` +
    `median ${median(wall).toFixed(1)} ms wall / ${median(cpu).toFixed(1)} ms CPU, over 50 ms: ${wall.filter((x) => x > 50).length} wall, ${cpu.filter((x) => x > 50).length} CPU`,
);
if (jsonFile) fs.writeFileSync(jsonFile, `${JSON.stringify(out, null, 1)}\n`);
core.close();
