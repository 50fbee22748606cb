// The demo build alone, for profiling (node --cpu-prof --import tsx test/bench/demo-profile.ts DB N):
// builds a new database DB with N households a round and prints each phase's wall and CPU time,
// the total, the peak memory and a digest of the data (the same seed must give the same digest).
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { readUnitFile } from '../../electron/core/units/units';

const [dbFile, n = '60000'] = process.argv.slice(2) as [string, string?];
if (fs.existsSync(dbFile)) throw new Error(`${dbFile} exists`);
const RESOURCES = path.resolve('resources');
const t0 = performance.now();
const c0 = process.cpuUsage();
const db = openDatabase(dbFile);
const phases: string[] = [];
let last = process.cpuUsage();
/** This process's user and system CPU since the last phase ended (s). */
const split = (): string => {
  const now = process.cpuUsage();
  const out = `user ${((now.user - last.user) / 1e6).toFixed(2)}, sys ${((now.system - last.system) / 1e6).toFixed(2)}`;
  last = now;
  return out;
};
const summary = buildDemo(db.sqlite, loadRuleSets([path.join(RESOURCES, 'standards')]), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), {
  households: Number(n),
  seed: 2023,
  onPhase: (phase, ms, cpu) => phases.push(`${phase} ${(ms / 1000).toFixed(2)} s (CPU ${(cpu / 1000).toFixed(2)} s: ${split()})`),
});
db.close();
const c = process.cpuUsage(c0);
console.log(phases.join(', '));
console.log(
  `total ${((performance.now() - t0) / 1000).toFixed(2)} s (CPU ${((c.user + c.system) / 1e6).toFixed(2)} s), peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
);
console.log(JSON.stringify(summary.rounds), summary.households, summary.members);
