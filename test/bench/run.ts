// npm run bench: sizes, times and peak memory of the hot paths, each step in its own process.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const households = Number(process.env.BENCH_HOUSEHOLDS ?? 60_000);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-bench-'));
const db = path.join(dir, 'bench.sqlite');

function step(name: string, ...args: string[]): Record<string, unknown> {
  const out = execFileSync(process.execPath, ['--import', 'tsx', path.join('test', 'bench', 'step.ts'), name, db, ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, unknown>;
}
const s = (ms: unknown) => `${((ms as number) / 1000).toFixed(2)} s`;
const verdict = (ok: boolean) => (ok ? 'OK' : 'OVER TARGET');

console.log(`Rà soát hộ nghèo — bench on ${os.cpus().length} cores, Node ${process.version}, ${households} households\n`);

const demo = step('demo', String(households));
const size = fs.statSync(db).size;
console.log(
  `demo build      ${demo.households} households, ${demo.members} members, db ${(size / 1048576).toFixed(1)} MB: ` +
    `${s(demo.ms)}, peak ${demo.peakMb} MB (target ≤ 10 s) ${verdict((demo.ms as number) <= 10_000)}`,
);

const cls = step('classify');
console.log(
  `classify round  ${cls.households} households: first ${s(cls.ms)}, again ${s(cls.againMs)}, peak ${cls.peakMb} MB ` +
    `(target ≤ 1 s) ${verdict((cls.ms as number) <= 1000)}`,
);

const list = step('list');
const { step: _s, peakMb, ...queries } = list;
console.log(`household list  (21 runs each; peak ${peakMb} MB; target ≤ 50 ms a page)`);
for (const [label, r] of Object.entries(queries) as [string, { medianMs: number; maxMs: number; total: number }][]) {
  console.log(`  ${label}: median ${r.medianMs.toFixed(1)} ms, max ${r.maxMs.toFixed(1)} ms, ${r.total} matching ${verdict(r.medianMs <= 50)}`);
}
// Each area's benchmarks, on the same demo database (test/bench/<area>.ts).
for (const area of ['entry', 'documents', 'excel']) {
  const file = path.join('test', 'bench', `${area}.ts`);
  if (!fs.existsSync(file)) continue;
  const mod = (await import(path.resolve(file))) as { bench: (dbFile: string) => Promise<void> };
  console.log('');
  await mod.bench(db);
}
fs.rmSync(dir, { recursive: true, force: true });
