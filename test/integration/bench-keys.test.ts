// npm run bench: its command line, and the stable keys of its JSON (written and listed in README.md).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BENCH_STEPS, parseBenchArgs } from '../bench/args';
import { REPO, tempDir } from '../helpers';

const REQUIRED = [
  'demo_s',
  'demo_peak_mb',
  'classify_s',
  'classify_peak_mb',
  'list_worst_median_ms',
  'list_worst_max_ms',
  'search_median_ms',
  'report_s',
];

function readmeSection(): string {
  const text = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = text.indexOf('## Đo hiệu năng (npm run bench)');
  expect(start).toBeGreaterThan(-1);
  const end = text.indexOf('\n## ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

describe('bench command line', () => {
  it('reads --households, --steps, --json, --db and --list-runs', () => {
    expect(parseBenchArgs(['--households', '1000000', '--steps', 'demo,list', '--json', 'out.json'])).toEqual({
      households: 1_000_000,
      steps: ['demo', 'list'],
      json: 'out.json',
      db: undefined,
      listRuns: 5,
    });
    expect(parseBenchArgs([], { BENCH_HOUSEHOLDS: '5000' }).households).toBe(5000);
    expect(parseBenchArgs([]).steps).toEqual([...BENCH_STEPS]);
  });

  it('refuses an unknown step or option, or a missing value, naming what it accepts', () => {
    expect(() => parseBenchArgs(['--steps', 'demo,lists'])).toThrow(/unknown step lists/u);
    expect(() => parseBenchArgs(['--household', '5'])).toThrow(/unknown option --household/u);
    expect(() => parseBenchArgs(['--json'])).toThrow(/--json needs a value/u);
    expect(() => parseBenchArgs(['--households', 'many'])).toThrow(/--households/u);
  });
});

describe('bench figures', () => {
  it('README lists every required key', () => {
    const section = readmeSection();
    for (const key of REQUIRED) expect(section, key).toContain(`\`${key}\``);
  });

  it('a small run writes every figure of its steps under a key README lists', () => {
    const dir = tempDir('rasoat-bench-keys-');
    const json = path.join(dir, 'figures.json');
    execFileSync(
      process.execPath,
      ['--import', 'tsx', path.join('test', 'bench', 'run.ts'), '--households', '300', '--steps', 'demo,classify,list,search,report', '--list-runs', '1', '--json', json],
      { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const out = JSON.parse(fs.readFileSync(json, 'utf8')) as Record<string, unknown>;
    const { meta, ...figures } = out;
    expect(meta).toEqual(expect.objectContaining({ households: 300, steps: ['demo', 'classify', 'list', 'search', 'report'] }));
    for (const key of REQUIRED) expect(typeof figures[key], key).toBe('number');
    expect(figures.demo_households).toBe(300);
    expect(figures.list_combinations as number).toBeGreaterThan(500);
    const section = readmeSection();
    for (const key of Object.keys(figures)) expect(section, `README lists ${key}`).toContain(`\`${key}\``);
  }, 300_000);
});
