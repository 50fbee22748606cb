// Times the report's figures (BC) on a bench DB: wall and CPU per pass, the plans (--plans), and
// (--compare FILE) equality with another implementation of queries.ts at FILE.
// npx tsx test/bench/report-profile.ts DB [--plans | --compare FILE]
import { performance } from 'node:perf_hooks';
import { openDatabase } from '../../electron/core/db/connection';
import { loadContext } from '../../electron/core/documents/context';
import * as q from '../../electron/core/documents/queries';

const [file, flag, other] = process.argv.slice(2) as [string, string?, string?];
const db = openDatabase(file);
const sqlite = db.sqlite;
const year = Number(process.env.YEAR ?? 2023);
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = ?').pluck().get(year) as number;
const unitCode = process.env.UNIT ?? '89';
const date = sqlite.prepare('SELECT unit_map_date FROM rounds WHERE id = ?').pluck().get(round) as string;
const unit = sqlite.prepare('SELECT id FROM units WHERE code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)').pluck().get(unitCode, date, date) as number;

if (flag === '--stmts') {
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const stmt = prepare(source);
    for (const m of ['all', 'get'] as const) {
      const orig = (stmt[m] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[m] = (...params: unknown[]) => {
        const c0 = process.cpuUsage();
        const r = orig(...params);
        const c = process.cpuUsage(c0);
        const ms = (c.user + c.system) / 1000;
        if (ms > 5) console.log(`   stmt cpu ${ms.toFixed(0).padStart(6)} ms  ${source.replace(/\s+/gu, ' ').slice(0, 110)}`);
        return r;
      };
    }
    return stmt;
  }) as typeof sqlite.prepare;
}
if (flag === '--plans') {
  const prepare = sqlite.prepare.bind(sqlite);
  sqlite.prepare = ((source: string) => {
    const stmt = prepare(source);
    if (/^\s*(WITH|SELECT)/iu.test(source)) {
      const wrap = (m: 'all' | 'get' | 'iterate') => {
        const orig = (stmt[m] as (...a: unknown[]) => unknown).bind(stmt);
        (stmt as unknown as Record<string, unknown>)[m] = (...params: unknown[]) => {
          console.log('----\n' + source.replace(/\s+/gu, ' ').slice(0, 300));
          for (const p of prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[]) console.log('   ', p.detail);
          return process.env.PLAN_ONLY && /households h|results r/u.test(source) ? (m === 'get' ? [0, 1] : []) : orig(...params);
        };
      };
      wrap('all'); wrap('get'); wrap('iterate');
    }
    return stmt;
  }) as typeof sqlite.prepare;
}

function time<T>(label: string, fn: () => T): T {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = fn();
  const c = process.cpuUsage(c0);
  console.log(`${label.padEnd(22)} wall ${(performance.now() - t0).toFixed(0).padStart(7)} ms  cpu ${((c.user + c.system) / 1000).toFixed(0).padStart(7)} ms  rss ${Math.round(process.memoryUsage().rss / 1048576)} MB`);
  return r;
}

async function main(): Promise<void> {
  const ctx = time('loadContext', () => loadContext(sqlite, round, unit));
  const ids = ctx.communes.map((c) => c.id);
  console.log('communes', ids.length);
  if (flag === '--doc') {
    const { reportDocument } = await import('../../electron/core/documents/report');
    const { renderPdf } = await import('../../electron/core/documents/pdf');
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const parts = time('reportDocument', () => reportDocument(sqlite, ctx));
    const c1 = process.cpuUsage();
    const t1 = performance.now();
    const out = await renderPdf('resources', parts, 'BC');
    const c2 = process.cpuUsage(c1);
    console.log(`renderPdf              wall ${(performance.now() - t1).toFixed(0).padStart(7)} ms  cpu ${((c2.user + c2.system) / 1000).toFixed(0).padStart(7)} ms  pages ${out.pages}`);
    const c = process.cpuUsage(c0);
    console.log(`whole report           wall ${(performance.now() - t0).toFixed(0).padStart(7)} ms  cpu ${((c.user + c.system) / 1000).toFixed(0).padStart(7)} ms (user ${(c.user / 1000).toFixed(0)}, system ${(c.system / 1000).toFixed(0)})`);
  }
  const mine = time('reportFigures', () => q.reportFigures(sqlite, round, ids));
  time('table1 alone', () => q.table1(sqlite, round, ids));
  time('child alone', () => q.childTable(sqlite, round, ids));
  time('ethnicColumns alone', () => q.ethnicColumns(sqlite, round));
  if (flag === '--compare') {
    const o = (await import(other!)) as typeof import('../../electron/core/documents/queries');
    const cols = time('orig ethnicColumns', () => o.ethnicColumns(sqlite, round));
    const theirs = {
      table1: time('orig table1', () => o.table1(sqlite, round, ids)),
      transitions: time('orig transitions', () => o.transitionTables(sqlite, round, ids)),
      deprivation: { poor: o.deprivationTable(sqlite, round, ids, 'poor'), near_poor: o.deprivationTable(sqlite, round, ids, 'near_poor') },
      group: time('orig group', () => o.groupTable(sqlite, round, ids)),
      ethnicColumns: cols,
      ethnic: time('orig ethnic', () => o.ethnicTable(sqlite, round, ids, cols)),
      cause: o.causeTable(sqlite, round, ids),
      child: o.childTable(sqlite, round, ids),
    };
    const norm = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (v instanceof Map ? [...v.entries()].sort((a, b) => a[0] - b[0]) : v));
    for (const k of Object.keys(theirs) as (keyof typeof theirs)[]) console.log(k, norm(mine[k]) === norm(theirs[k]) ? 'SAME' : `DIFFERENT\n mine   ${norm(mine[k])}\n theirs ${norm(theirs[k])}`);
  }
  console.log('peak MB', Math.round(process.resourceUsage().maxRSS / 1024));
  db.close();
}
void main();
