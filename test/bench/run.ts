// npm run bench -- [--households N] [--steps a,b,…] [--json FILE] [--db FILE]
// Sizes, times and peak memory of the hot paths, each heavy step in its own process. Every figure
// is printed and, with --json, written under a stable key (listed in README.md, "Đo hiệu năng").
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBenchArgs, TARGETS, type BenchStep, type Figures } from './args';

const args = parseBenchArgs(process.argv.slice(2), process.env);
const tmp = args.db ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-bench-'));
const db = args.db ?? path.join(tmp!, 'bench.sqlite');
const figures: Figures = {};
const wants = (s: BenchStep): boolean => args.steps.includes(s);

function step(name: string, ...rest: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join('test', 'bench', 'step.ts'), name, db, ...rest], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}
const num = (v: unknown): number => v as number;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const verdict = (ok: boolean): string => (ok ? 'OK' : 'OVER TARGET');

console.log(`Rà soát hộ nghèo — bench on ${os.cpus().length} cores, Node ${process.version}, ${args.households} households, steps ${args.steps.join(',')}\n`);

if (wants('demo') || !fs.existsSync(db)) {
  if (fs.existsSync(db)) throw new Error(`${db} exists: the demo step builds into a new database (leave out --db or the demo step)`);
  const demo = step('demo', String(args.households));
  figures.demo_s = num(demo.ms) / 1000;
  figures.demo_peak_mb = num(demo.peakMb);
  figures.demo_households = num(demo.households);
  figures.demo_members = num(demo.members);
  figures.db_mb = fs.statSync(db).size / 1048576;
  console.log(
    `demo build      ${demo.households} households (a round), ${demo.members} members, db ${figures.db_mb.toFixed(1)} MB: ` +
      `${s(num(demo.ms))} (CPU ${s(num(demo.cpuMs))}), peak ${demo.peakMb} MB (target ≤ ${TARGETS.demo_s} s, ≤ ${TARGETS.demo_peak_mb} MB) ` +
      verdict(figures.demo_s <= TARGETS.demo_s && figures.demo_peak_mb <= TARGETS.demo_peak_mb),
  );
  const phases = Object.entries(demo.phases as Record<string, { ms: number; cpuMs: number }>);
  console.log(`  phases: ${phases.map(([p, t]) => `${p} ${s(t.ms)} (CPU ${s(t.cpuMs)})`).join(', ')}`);
}

if (wants('classify')) {
  const cls = step('classify');
  figures.classify_s = num(cls.ms) / 1000;
  figures.classify_again_s = num(cls.againMs) / 1000;
  figures.classify_peak_mb = num(cls.peakMb);
  console.log(
    `classify round  ${cls.households} households: first ${s(num(cls.ms))} (CPU ${s(num(cls.cpuMs))}), again ${s(num(cls.againMs))} (CPU ${s(num(cls.againCpuMs))}), peak ${cls.peakMb} MB ` +
      `(target ≤ ${TARGETS.classify_s} s, ≤ ${TARGETS.classify_peak_mb} MB) ${verdict(figures.classify_s <= TARGETS.classify_s && figures.classify_peak_mb <= TARGETS.classify_peak_mb)}`,
  );
}

if (wants('list')) {
  const r = step('list', String(args.listRuns));
  Object.assign(figures, r.figures as Figures);
  const worst = r.worst as { label: string; medianMs: number; maxMs: number }[];
  console.log(
    `household list  ${figures.list_combinations} filter × sort × search combinations, ${args.listRuns} runs each (peak ${r.peakMb} MB): ` +
      `worst median ${figures.list_worst_median_ms!.toFixed(1)} ms, worst run ${figures.list_worst_max_ms!.toFixed(1)} ms, median of medians ${figures.list_median_ms!.toFixed(1)} ms ` +
      `(target ≤ ${TARGETS.list_worst_median_ms} ms median, ≤ ${TARGETS.list_worst_max_ms} ms worst) ` +
      verdict(figures.list_worst_median_ms! <= TARGETS.list_worst_median_ms && figures.list_worst_max_ms! <= TARGETS.list_worst_max_ms),
  );
  for (const w of worst) console.log(`  slowest: ${w.label}: median ${w.medianMs.toFixed(1)} ms, max ${w.maxMs.toFixed(1)} ms`);
}

if (wants('search')) {
  const r = step('search');
  Object.assign(figures, r.figures as Figures);
  console.log(
    `folded search   ${r.queries} queries (names, codes, ID numbers; with and without diacritics): median ${figures.search_median_ms!.toFixed(1)} ms, ` +
      `max ${figures.search_max_ms!.toFixed(1)} ms (target ≤ ${TARGETS.search_median_ms} ms median) ${verdict(figures.search_median_ms! <= TARGETS.search_median_ms)}`,
  );
}

if (wants('report')) {
  const r = step('report');
  figures.report_s = num(r.ms) / 1000;
  figures.report_figures_s = num(r.figuresMs) / 1000;
  figures.report_peak_mb = num(r.peakMb);
  console.log(
    `report (BC)     ${r.tables} tables for ${r.scope} (${r.communes} communes), ${r.pages} pages: ${s(num(r.ms))} (figures ${s(num(r.figuresMs))}), ` +
      `peak ${r.peakMb} MB (target ≤ ${TARGETS.report_s} s) ${verdict(figures.report_s <= TARGETS.report_s)}`,
  );
}

// Each area's benchmarks, on the same demo database (test/bench/<area>.ts); each returns its figures.
for (const area of ['entry', 'documents', 'excel', 'package'] as const) {
  if (!wants(area)) continue;
  const mod = (await import(path.resolve('test', 'bench', `${area}.ts`))) as { bench: (dbFile: string) => Promise<Figures> };
  console.log('');
  Object.assign(figures, await mod.bench(db));
}

if (args.json) {
  const out = {
    meta: { households: args.households, steps: args.steps, cores: os.cpus().length, node: process.version, at: new Date().toISOString() },
    ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, Math.round(v * 1000) / 1000])),
  };
  fs.writeFileSync(args.json, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`\nfigures written to ${args.json}`);
}
if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
