import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../fixtures/entry-points';
import { REPO, tempDir } from '../helpers';

/** The command line (`npm run -s cli -- …`), from its bundle when fresh: test/fixtures/entry-points.ts. */
const cli = (args: string[]) => runCli(args);

interface Case {
  input: { id: string; area: string; monthlyIncomePerCapita: number; deprivations: Record<string, boolean> };
  expected: Record<string, unknown>;
}
const fixture = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'engine-2027-cases.json'), 'utf8')) as {
  cases: Case[];
  invalid: { input: Case['input']; errors: { path: string; message: string }[] }[];
};
const IDS_2027 = ['employment', 'dependants', 'nutrition', 'healthInsurance', 'adultEducation', 'childSchooling', 'housingQuality', 'housingArea', 'water', 'sanitation', 'telecom', 'waste'];

function file(content: unknown): string {
  const f = path.join(tempDir(), 'ho-2027.json');
  fs.writeFileSync(f, JSON.stringify(content));
  return f;
}

describe('rasoat classify --rules vn-2027-2030 FILE.json (income and the 2027 indicator ids)', () => {
  it('classifies each household by its income and deprivations, naming the rule set and the period\'s words', () => {
    // The fixture's households carry exactly the 2027 indicator ids.
    for (const c of fixture.cases) expect(Object.keys(c.input.deprivations)).toEqual(IDS_2027);
    const { code, stdout, stderr } = cli(['classify', '--rules', 'vn-2027-2030', file(fixture.cases.map((c) => c.input))]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const results = JSON.parse(stdout) as Record<string, unknown>[];
    expect(results).toHaveLength(fixture.cases.length);
    fixture.cases.forEach((c, i) => {
      for (const [key, value] of Object.entries(c.expected)) expect(results[i]![key], `${c.input.id}.${key}`).toEqual(value);
      expect((results[i]!.ruleSet as { id: string }).id).toBe('vn-2027-2030');
    });
    expect(results.filter((r) => String(r.explanation).includes('khu vực đô thị')).length).toBe(fixture.cases.filter((c) => c.input.area === 'urban').length);
    expect(stdout).not.toContain('thành thị');
  });

  it('the removed indicator given, or the new one missing: the household is invalid, the others are classified, exit 1', () => {
    const good = fixture.cases[0]!.input;
    const { code, stdout, stderr } = cli(['classify', '--rules', 'vn-2027-2030', file([good, ...fixture.invalid.map((x) => x.input)])]);
    expect(code).toBe(1);
    const results = JSON.parse(stdout) as { id: string; status: string }[];
    expect(results.map((r) => [r.id, r.status])).toEqual([
      [good.id, fixture.cases[0]!.expected.status],
      ['E1', 'invalid'],
      ['E2', 'invalid'],
    ]);
    const failures = JSON.parse(stderr) as { id: string; errors: { path: string; message: string }[] }[];
    expect(failures).toEqual(fixture.invalid.map((x) => ({ id: x.input.id, errors: x.errors })));
  });

  it('a household with score A only: one Vietnamese line naming the unknown cut-offs and what to give instead, exit 2', () => {
    const flags = Object.fromEntries(IDS_2027.map((id) => [id, false]));
    const { code, stdout, stderr } = cli(['classify', '--rules', 'vn-2027-2030', file([{ id: 'a', area: 'urban', scoreA: 100, deprivations: flags }])]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('chưa có ngưỡng điểm A (Phiếu B1)');
    expect(stderr).toContain('hãy nhập thu nhập (monthlyIncomePerCapita)');
  });
});
