// Probe: the index rebuild of the demo's load under other settings, on a copy of a built demo
// database (rolled back): npx tsx test/bench/demo-index-settings-probe.ts DB CACHE_KIB THREADS TEMP_STORE [INDEX…]
// (no INDEX: every secondary index of the loaded tables). Prints each index's wall and CPU and the peak RSS.
import Database from 'better-sqlite3';
const [file, cache, threads, tempStore, ...only] = process.argv.slice(2) as [string, string, string, string, ...string[]];
const db = new Database(file);
db.pragma('journal_mode = MEMORY');
db.pragma('synchronous = OFF');
db.pragma(`cache_size = ${cache}`);
db.pragma(`threads = ${threads}`);
db.pragma(`temp_store = ${tempStore}`);
const all = db
  .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ('households', 'members', 'answers', 'household_causes')")
  .all() as { name: string; sql: string }[];
const indexes = only.length ? all.filter((i) => only.includes(i.name)) : all;
db.exec('BEGIN');
for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
let wall = 0;
let cpu = 0;
for (const i of indexes) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  db.exec(i.sql);
  const c = process.cpuUsage(c0);
  const w = performance.now() - t0;
  wall += w;
  cpu += (c.user + c.system) / 1000;
  console.log(i.name.padEnd(40), `${(w / 1000).toFixed(2)} s wall`, `${((c.user + c.system) / 1e6).toFixed(2)} s CPU (sys ${(c.system / 1e6).toFixed(2)})`);
}
console.log(`cache ${cache} threads ${threads} temp_store ${tempStore}: ${(wall / 1000).toFixed(2)} s wall, ${(cpu / 1000).toFixed(2)} s CPU, peak ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
db.exec('ROLLBACK');
