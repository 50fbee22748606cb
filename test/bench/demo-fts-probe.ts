// Probe: the CPU of filling the search word index (household_search's DDL) the way the demo's load
// does, one insert per round and commune batch, into a copy of the index on a built demo database
// (rolled back): [PREFIX=…] [HASHSIZE=…] npx tsx test/bench/demo-fts-probe.ts DB [automerge]
import Database from 'better-sqlite3';
const [file, automerge] = process.argv.slice(2) as [string, string?];
const db = new Database(file);
db.pragma('journal_mode = MEMORY');
db.pragma('synchronous = OFF');
db.pragma('cache_size = -65536');
// PREFIX=… tries another prefix option (e.g. PREFIX="'2'"), PREFIX=none none.
const prefix = process.env.PREFIX;
let ddl = (db.prepare("SELECT sql FROM sqlite_master WHERE name = 'household_search'").pluck().get() as string).replace('household_search', 'probe_search');
if (prefix) ddl = ddl.replace(/prefix = '[^']*',/u, prefix === 'none' ? '' : `prefix = ${prefix},`);
console.log(ddl);
// The load's batches: runs of ids of one round and commune.
const batches: { lo: number; hi: number }[] = [];
let last = '';
for (const [id, round, commune] of db.prepare('SELECT id, round_id, commune_id FROM households ORDER BY id').raw().iterate() as Iterable<[number, number, number]>) {
  const key = `${round}/${commune}`;
  if (key === last) batches[batches.length - 1]!.hi = id;
  else batches.push({ lo: id, hi: id });
  last = key;
}
db.exec('BEGIN');
db.exec(ddl);
if (automerge !== undefined) db.exec(`INSERT INTO probe_search(probe_search, rank) VALUES ('automerge', ${Number(automerge)})`);
// HASHSIZE=bytes: FTS5's pending-terms buffer before a segment is written (default 1 MiB).
if (process.env.HASHSIZE) db.exec(`INSERT INTO probe_search(probe_search, rank) VALUES ('hashsize', ${Number(process.env.HASHSIZE)})`);
const insert = db.prepare("INSERT INTO probe_search (rowid, text, round) SELECT id, search_text, 'r' || round_id FROM households WHERE id BETWEEN ? AND ?");
const c0 = process.cpuUsage();
const t0 = performance.now();
for (const b of batches) insert.run(b.lo, b.hi);
const c = process.cpuUsage(c0);
console.log(`${batches.length} batches: ${(performance.now() - t0).toFixed(0)} ms wall, ${((c.user + c.system) / 1000).toFixed(0)} ms CPU`);
if (automerge !== undefined) {
  const c1 = process.cpuUsage();
  db.exec("INSERT INTO probe_search(probe_search) VALUES ('optimize')");
  const d = process.cpuUsage(c1);
  console.log(`optimize: ${((d.user + d.system) / 1000).toFixed(0)} ms CPU`);
}
db.exec('ROLLBACK');
