// The writing of a round's first classification alone (decidedWriter over every decided chunk of the
// 2023 round, the chunks decided once beforehand), timed in CPU against a variant writer in turns in
// one process, each from no results (deleted first, untimed; rolled back after). The variant is the
// writer as it was before pairs were packed in one integer: each pair a JSON array [household, row].
//   npx tsx test/bench/classify-writer-ab-probe.ts DB [turns]
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase, nowIso } from '../../electron/core/db/connection';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { chunkDecider, RESULT_COLUMNS, type DecidedChunk } from '../../electron/core/rounds/classify-decide';
import { decidedWriter, localRuleSetsFor } from '../../electron/core/rounds/classify';
import { getRound } from '../../electron/core/rounds/rounds';

const [dbFile, turnsText = '3'] = process.argv.slice(2) as [string, string?];
const db = openDatabase(dbFile);
const registry = loadRuleSets([path.resolve('resources', 'standards')]);
const sqlite = db.sqlite;
sqlite.pragma('cache_size = -262144');
const roundId = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
const round = getRound(sqlite, roundId);
const ruleSet = registry.require(round.rule_set_id);
const ids = Float64Array.from(sqlite.prepare('SELECT id FROM households WHERE round_id = ?').pluck().all(roundId) as number[]).sort();
const clear = sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)');
const CHUNK = 5_000;
const chunks: DecidedChunk[] = [];
sqlite.exec('BEGIN');
clear.run(roundId);
const decide = chunkDecider(sqlite, { ruleSet, locals: localRuleSetsFor(sqlite, registry, round), year: round.year, roundId, now: nowIso() });
for (let k = 0; k * CHUNK < ids.length; k++) chunks.push(decide(Array.from(ids.subarray(k * CHUNK, (k + 1) * CHUNK))));
sqlite.exec('ROLLBACK');

const ROW_COLUMNS = RESULT_COLUMNS.split(',').map((c) => c.trim()).slice(1);
/** The variant: each [household, row number] pair a JSON array, read with ->> 0 and ->> 1. */
function pairsWriter(sqlite: BetterSqlite3.Database): { write: (chunk: DecidedChunk) => void; finish: () => void } {
  sqlite.exec(`DROP TABLE IF EXISTS temp.classify_rows; CREATE TEMP TABLE classify_rows (n INTEGER PRIMARY KEY, ${ROW_COLUMNS.join(', ')})`);
  const addRow = sqlite.prepare(`INSERT INTO temp.classify_rows VALUES (${Array(ROW_COLUMNS.length + 1).fill('?').join(', ')})`);
  const upsert = sqlite.prepare(
    `INSERT INTO results (${RESULT_COLUMNS})
     SELECT w.value ->> 0, ${ROW_COLUMNS.map((c) => `r.${c}`).join(', ')}
     FROM json_each(?) w CROSS JOIN temp.classify_rows r ON r.n = w.value ->> 1 WHERE true
     ON CONFLICT (household_id) DO UPDATE SET ${ROW_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`,
  );
  return {
    write(chunk) {
      for (const { n, values } of chunk.rows) addRow.run(n, ...values);
      if (chunk.write.length > 0) upsert.run(JSON.stringify(chunk.write));
    },
    finish() {
      sqlite.exec('DROP TABLE temp.classify_rows');
    },
  };
}
const run = (name: 'app' | 'pairs'): number => {
  sqlite.exec('BEGIN');
  clear.run(roundId);
  const c0 = process.cpuUsage();
  try {
    const w = name === 'app' ? decidedWriter(sqlite) : pairsWriter(sqlite);
    for (const c of chunks) w.write(c);
    w.finish();
  } finally {
    sqlite.exec('ROLLBACK');
  }
  const c = process.cpuUsage(c0);
  const cpu = (c.user + c.system) / 1000;
  console.log(`${name}: cpu ${cpu.toFixed(0)} ms`);
  return cpu;
};
const totals = { app: 0, pairs: 0 };
for (let t = 0; t < Number(turnsText); t++) for (const name of t % 2 === 0 ? (['app', 'pairs'] as const) : (['pairs', 'app'] as const)) totals[name] += run(name);
console.log(`total cpu: app ${totals.app.toFixed(0)} ms, pairs ${totals.pairs.toFixed(0)} ms`);
db.close();
