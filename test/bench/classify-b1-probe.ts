// CPU of a first classification of the 2023 round on a built bench database, with the round's results
// cleared (and checkpointed) first; peak RSS at the end. For a bench copy only (it changes the file):
//   npx tsx test/bench/classify-b1-probe.ts DB [share] [module]
// share: the part of the round's households (0 to 1) to give Phiếu B1 items summed by the app
// (household_entry.score_a_from_items = 1, random items of a synthetic 10-question table, never an
// official one), under a copy of vn-2022-2026 that has that table; 0 (the default) leaves the database
// as the demo built it. Marking is done once (a household already marked stays so).
// module: the file whose classifyRound is timed (default: the app's), e.g. an older copy to compare.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../../electron/core/db/connection';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import type { classifyRound as ClassifyRound } from '../../electron/core/rounds/classify';

// Each statement's all/get/run timed in CPU, by the start of its SQL (PROBE_STATEMENTS=1), printed after.
type Method = 'run' | 'all' | 'get';
const spent = new Map<string, { calls: number; cpu: number }>();
let timing = false;
if (process.env.PROBE_STATEMENTS) {
  const proto = Object.getPrototypeOf(new BetterSqlite3(':memory:').prepare('SELECT 1')) as Record<Method, (...a: unknown[]) => unknown>;
  for (const m of ['run', 'all', 'get'] as Method[]) {
    const original = proto[m];
    proto[m] = function (this: { source: string }, ...args: unknown[]) {
      if (!timing) return original.apply(this, args);
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
const [dbFile, shareText = '0', modulePath = ''] = process.argv.slice(2) as [string, string?, string?];
const share = Number(shareText);
const { classifyRound } = (await import(modulePath ? path.resolve(modulePath) : '../../electron/core/rounds/classify')) as { classifyRound: typeof ClassifyRound };

// A synthetic B1 table: a base and 10 questions of 3 options (points per region), never an official one.
const QUESTIONS = 10;
const table = {
  regions: [{ id: 'rural', label: 'Nông thôn' }, { id: 'urban', label: 'Thành thị' }],
  base: { rural: 135, urban: 150 },
  items: Array.from({ length: QUESTIONS }, (_, q) => ({
    id: `B1.${q + 1}`,
    label: `Câu giả lập ${q + 1}`,
    options: [0, 1, 2].map((o) => ({ id: String(o + 1), label: `Phương án ${o + 1}`, points: { rural: o * (q % 4 + 3), urban: o * (q % 3 + 4) } })),
  })),
};

let standards = path.resolve('resources', 'standards');
if (share > 0) {
  standards = fs.mkdtempSync(path.join(os.tmpdir(), 'classify-b1-probe-'));
  for (const f of fs.readdirSync(path.resolve('resources', 'standards'))) {
    const rs = JSON.parse(fs.readFileSync(path.resolve('resources', 'standards', f), 'utf8')) as Record<string, unknown>;
    if (rs.id === 'vn-2022-2026') {
      rs.version = `${String(rs.version)}+b1-bench.${table.base.rural}`;
      rs.b1PointTable = { status: 'confirmed', provenance: { document: 'Bảng điểm giả lập (bench)', date: '2026-11-01' }, value: table };
    }
    fs.writeFileSync(path.join(standards, f), JSON.stringify(rs));
  }
}
const db = openDatabase(dbFile);
const registry = loadRuleSets([standards]);
const sqlite = db.sqlite;
const round = sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').pluck().get() as number;
if (share > 0) {
  // Deterministic: household id → items (a small LCG), every n-th household by share.
  const marked = sqlite.prepare('SELECT COUNT(*) FROM household_entry e JOIN households h ON h.id = e.household_id WHERE h.round_id = ? AND e.score_a_from_items = 1').pluck().get(round) as number;
  if (marked === 0) {
    const ids = sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id').pluck().all(round) as number[];
    const upsertEntry = sqlite.prepare(
      `INSERT INTO household_entry (household_id, b1_region, score_a_from_items) VALUES (?, 'rural', 1)
       ON CONFLICT (household_id) DO UPDATE SET b1_region = 'rural', score_a_from_items = 1`,
    );
    // Score A as the app summed it then: the items under the table before this one (its base 5 points lower).
    const setItems = sqlite.prepare('UPDATE answers SET b1_items = ?, score_a = ? WHERE household_id = ?');
    sqlite.transaction(() => {
      let seed = 12345;
      let acc = 0;
      for (const id of ids) {
        acc += share;
        if (acc < 1) continue;
        acc -= 1;
        const items: Record<string, string> = {};
        let before = table.base.rural - 5;
        for (let q = 1; q <= QUESTIONS; q++) {
          seed = (seed * 1103515245 + 12345) % 2147483648;
          const o = (seed >> 16) % 3;
          items[`B1.${q}`] = String(o + 1);
          before += table.items[q - 1]!.options[o]!.points.rural;
        }
        upsertEntry.run(id);
        setItems.run(JSON.stringify(items), before, id);
      }
    })();
  }
  console.log(`marked: ${sqlite.prepare('SELECT COUNT(*) FROM household_entry e JOIN households h ON h.id = e.household_id WHERE h.round_id = ? AND e.score_a_from_items = 1').pluck().get(round)} households`);
}
sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)').run(round);
sqlite.pragma('wal_checkpoint(TRUNCATE)');
const t0 = performance.now();
const c0 = process.cpuUsage();
timing = true;
const s = classifyRound(sqlite, registry, round, { actor: 'probe' });
const c = process.cpuUsage(c0);
timing = false;
console.log(
  `${modulePath || 'app'} share ${share}: ${s.classified + s.skipped} households (${JSON.stringify(s.byStatus)}), wall ${(performance.now() - t0).toFixed(0)} ms, ` +
    `cpu ${((c.user + c.system) / 1000).toFixed(0)} ms (user ${(c.user / 1000).toFixed(0)}), peak rss ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
for (const [key, v] of [...spent].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, 8)) console.log(`  ${v.cpu.toFixed(0)} ms CPU, ${v.calls} calls: ${key}`);
db.close();
