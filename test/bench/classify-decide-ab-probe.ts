// The reading and deciding of a round's classification alone (chunkDecider over every chunk of the
// 2023 round, nothing written), timed in CPU for two versions of classify-decide.ts in turns in one
// process, so that the shared machine's noise falls on both alike, each from no results (deleted, then rolled back):
//   npx tsx test/bench/classify-decide-ab-probe.ts DB OTHER_MODULE [rounds] [standards dir]
// OTHER_MODULE: another classify-decide.ts (e.g. an older copy) to compare with the app's.
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase, nowIso } from '../../electron/core/db/connection';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import * as app from '../../electron/core/rounds/classify-decide';
import { localRuleSetsFor } from '../../electron/core/rounds/classify';
import { getRound } from '../../electron/core/rounds/rounds';

const [dbFile, otherPath, turnsText = '3', standards = path.resolve('resources', 'standards')] = process.argv.slice(2) as [string, string, string?, string?];
// Each statement's all/get/run timed in CPU, by the start of its SQL (PROBE_STATEMENTS=1).
type Method = 'run' | 'all' | 'get';
const spent = new Map<string, { calls: number; cpu: number }>();
if (process.env.PROBE_STATEMENTS) {
  const proto = Object.getPrototypeOf(new BetterSqlite3(':memory:').prepare('SELECT 1')) as Record<Method, (...a: unknown[]) => unknown>;
  for (const m of ['run', 'all', 'get'] as Method[]) {
    const original = proto[m];
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      const c0 = process.cpuUsage();
      try {
        return original.apply(this, args);
      } finally {
        const c = process.cpuUsage(c0);
        const key = `${m} ${this.source.replace(/\s+/g, ' ').slice(0, 70)}`;
        const v = spent.get(key) ?? { calls: 0, cpu: 0 };
        v.calls++;
        v.cpu += (c.user + c.system) / 1000;
        spent.set(key, v);
      }
    };
  }
}
const other = (await import(path.resolve(otherPath))) as typeof app;
const db = openDatabase(dbFile);
const registry = loadRuleSets([standards]);
const sqlite = db.sqlite;
const roundId = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const round = getRound(sqlite, roundId);
const ruleSet = registry.require(round.rule_set_id);
const ids = Float64Array.from(sqlite.prepare('SELECT id FROM households WHERE round_id = ?').pluck().all(roundId) as number[]).sort();
const CHUNK = 5_000;
// With the round's results deleted first (untimed, rolled back after): every household is to write, whatever the version compared.
const clear = sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)');
const run = (mod: typeof app): { cpu: number; classified: number; write: number } => {
  sqlite.exec('BEGIN');
  clear.run(roundId);
  const c0 = process.cpuUsage();
  const decide = mod.chunkDecider(sqlite, { ruleSet, locals: localRuleSetsFor(sqlite, registry, round), year: round.year, roundId, now: nowIso() });
  let classified = 0;
  let write = 0;
  try {
    for (let k = 0; k * CHUNK < ids.length; k++) {
      const d = decide(Array.from(ids.subarray(k * CHUNK, (k + 1) * CHUNK)));
      classified += d.classified;
      write += d.write.length;
    }
  } finally {
    sqlite.exec('ROLLBACK');
  }
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1000, classified, write };
};
const totals = { app: 0, other: 0 };
for (let t = 0; t < Number(turnsText); t++) {
  for (const [name, mod] of t % 2 === 0 ? ([['app', app], ['other', other]] as const) : ([['other', other], ['app', app]] as const)) {
    const r = run(mod);
    totals[name] += r.cpu;
    console.log(`${name}: ${ids.length} households, ${r.classified} classified, ${r.write} to write, cpu ${r.cpu.toFixed(0)} ms`);
    for (const [key, v] of spent) console.log(`  ${v.cpu.toFixed(0)} ms, ${v.calls} calls: ${key}`);
    spent.clear();
  }
}
console.log(`total cpu: app ${totals.app.toFixed(0)} ms, other ${totals.other.toFixed(0)} ms (${Number(turnsText)} turns each)`);
db.close();
