// Probe: how long each of the loaded tables' secondary indexes takes to build on a built demo database (rolled back):
// npx tsx test/bench/demo-index-probe.ts DB CACHE_SIZE THREADS
import Database from 'better-sqlite3';
const [file, cache, threads] = process.argv.slice(2);
const db = new Database(file);
if (process.env.TEMP_STORE) db.pragma(`temp_store = ${process.env.TEMP_STORE}`);
db.pragma('journal_mode = MEMORY'); db.pragma('synchronous = OFF'); db.pragma(`cache_size = ${cache}`); db.pragma(`threads = ${threads}`);
const idx = db.prepare("SELECT name, sql, tbl_name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN ('households','members','answers','household_causes')").all() as {name:string;sql:string;tbl_name:string}[];
db.exec('BEGIN');
for (const i of idx) db.exec(`DROP INDEX "${i.name}"`);
let tot = 0;
for (const i of idx) {
  const c0 = process.cpuUsage(); const t0 = performance.now();
  db.exec(i.sql);
  const c = process.cpuUsage(c0); const cpu = (c.user + c.system) / 1000; tot += cpu;
  console.log(i.name.padEnd(45), (performance.now() - t0).toFixed(0).padStart(7), "ms wall", cpu.toFixed(0).padStart(7), "ms cpu, sys", (c.system / 1000).toFixed(0));
}
console.log('total cpu', tot.toFixed(0), 'peak MB', Math.round(process.resourceUsage().maxRSS/1024));
db.exec('ROLLBACK');
