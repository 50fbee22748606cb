// Probe: where the demo build's SQLite time goes, statement by statement (the CPU of each prepared
// statement's run/get/all/iterate, and of each exec, summed by the start of its SQL), at a small
// size: npx tsx test/bench/demo-statements-probe.ts DB N
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { readUnitFile } from '../../electron/core/units/units';

const [dbFile, n = '50000'] = process.argv.slice(2) as [string, string?];
if (fs.existsSync(dbFile)) throw new Error(`${dbFile} exists`);
const RESOURCES = path.resolve('resources');
const spent = new Map<string, { ms: number; calls: number }>();
const cpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const account = (sql: string, ms: number): void => {
  const key = sql.replace(/\s+/gu, ' ').trim().slice(0, 60);
  const s = spent.get(key) ?? { ms: 0, calls: 0 };
  s.ms += ms;
  s.calls++;
  spent.set(key, s);
};
const proto = Database.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
const prepare = proto.prepare!;
proto.prepare = function (this: unknown, sql: unknown, ...rest: unknown[]) {
  const stmt = prepare.call(this, sql, ...rest) as Record<string, (...a: unknown[]) => unknown>;
  for (const m of ['run', 'get', 'all']) {
    const f = stmt[m]!;
    stmt[m] = function (this: unknown, ...args: unknown[]) {
      const c0 = cpu();
      try {
        return f.apply(this, args);
      } finally {
        account(String(sql), cpu() - c0);
      }
    };
  }
  return stmt;
};
const exec = proto.exec!;
proto.exec = function (this: unknown, sql: unknown) {
  const c0 = cpu();
  try {
    return exec.call(this, sql);
  } finally {
    account(`exec ${String(sql)}`, cpu() - c0);
  }
};
const c0 = cpu();
const db = openDatabase(dbFile);
buildDemo(db.sqlite, loadRuleSets([path.join(RESOURCES, 'standards')]), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: Number(n), seed: 2023 });
db.close();
const total = cpu() - c0;
const rows = [...spent].sort((a, b) => b[1].ms - a[1].ms).slice(0, 25);
console.log(`total CPU ${(total / 1000).toFixed(2)} s; statements ${([...spent.values()].reduce((t, s) => t + s.ms, 0) / 1000).toFixed(2)} s`);
for (const [sql, s] of rows) console.log(`${(s.ms / 1000).toFixed(2).padStart(7)} s ${String(s.calls).padStart(7)}× ${sql}`);
