// Probe: the CPU of starting a round from the 2023 round of a built demo database by the core's
// round-start copy (reform/plan.ts planCopy + entry/rounds.ts copyHouseholds), rolled back:
// [DROP=1] npx tsx test/bench/demo-copy-probe.ts DB (DROP=1: with the loaded tables' secondary indexes
// dropped first, as the demo's load has them)
import { dropSecondaryIndexes } from '../../electron/core/db/bulk';
import { openDatabase } from '../../electron/core/db/connection';
import { copyHouseholds } from '../../electron/core/entry/rounds';
import { planCopy } from '../../electron/core/reform/plan';
import { createRound } from '../../electron/core/rounds/rounds';

const [file] = process.argv.slice(2) as [string];
const db = openDatabase(file);
const sqlite = db.sqlite;
sqlite.pragma('journal_mode = MEMORY');
sqlite.pragma('synchronous = OFF');
sqlite.pragma('cache_size = -65536');
sqlite.pragma('foreign_keys = OFF');
const from = sqlite.prepare('SELECT * FROM rounds WHERE year = 2023').get() as { id: number; scope_unit_id: number; rule_set_id: string };
sqlite.exec('BEGIN');
try {
  if (process.env.DROP) dropSecondaryIndexes(sqlite, ['households', 'members', 'answers', 'household_causes']);
  const roundId = createRound(
    sqlite,
    { year: 2024, kind: 'periodic', title: 'probe', ruleSetId: from.rule_set_id, unitMapDate: '2024-09-01', referenceDate: '2024-09-01', scopeUnitId: from.scope_unit_id },
    'probe',
  );
  let c0 = process.cpuUsage();
  const plan = planCopy(sqlite, from.id, from.scope_unit_id, '2024-09-01');
  let c = process.cpuUsage(c0);
  console.log(`planCopy: ${plan.targets.length} targets, ${((c.user + c.system) / 1000).toFixed(0)} ms CPU`);
  c0 = process.cpuUsage();
  const t0 = performance.now();
  const copied = copyHouseholds(sqlite, from.id, roundId, plan.targets);
  c = process.cpuUsage(c0);
  console.log(`copyHouseholds: ${copied.households} households, ${copied.members} members, ${(performance.now() - t0).toFixed(0)} ms wall, ${((c.user + c.system) / 1000).toFixed(0)} ms CPU`);
} finally {
  sqlite.exec('ROLLBACK');
  db.close();
}
