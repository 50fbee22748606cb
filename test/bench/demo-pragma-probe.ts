// Probe: the demo build on a database with another page size (and/or mmap), the phases' wall and
// CPU time as demo-profile.ts prints them: PAGE_SIZE=16384 [MMAP=bytes] npx tsx test/bench/demo-pragma-probe.ts DB N
import fs from 'node:fs';
import path from 'node:path';
import { openDatabase } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { readUnitFile } from '../../electron/core/units/units';

const [dbFile, n = '60000'] = process.argv.slice(2) as [string, string?];
if (fs.existsSync(dbFile)) throw new Error(`${dbFile} exists`);
const RESOURCES = path.resolve('resources');
const c0 = process.cpuUsage();
const t0 = performance.now();
const db = openDatabase(dbFile);
if (process.env.PAGE_SIZE) {
  db.sqlite.pragma('journal_mode = DELETE');
  db.sqlite.pragma(`page_size = ${process.env.PAGE_SIZE}`);
  db.sqlite.exec('VACUUM');
  db.sqlite.pragma('journal_mode = WAL');
}
if (process.env.MMAP) db.sqlite.pragma(`mmap_size = ${process.env.MMAP}`);
console.log('page size', db.sqlite.pragma('page_size', { simple: true }));
const phases: string[] = [];
buildDemo(db.sqlite, loadRuleSets([path.join(RESOURCES, 'standards')]), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), {
  households: Number(n),
  seed: 2023,
  onPhase: (phase, ms, cpu) => phases.push(`${phase} ${(ms / 1000).toFixed(2)} s (CPU ${(cpu / 1000).toFixed(2)} s)`),
});
db.close();
const c = process.cpuUsage(c0);
console.log(phases.join(', '));
console.log(`total ${((performance.now() - t0) / 1000).toFixed(2)} s (CPU ${((c.user + c.system) / 1e6).toFixed(2)} s), peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
