import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, RuleSetIncompleteError, validateAssessment, type Assessment, type InputError } from '../../shared/engine/classify';
import { methodOf, roundParts, RuleSetSchema, type RuleSetPartName } from '../../shared/engine/ruleset';
import { REPO, registry } from '../helpers';

/** test/fixtures/engine-2027-cases.json: hand-written cases of Nghị định 351/2025 (its $provenance says from where). */
interface Fixture {
  $provenance: string;
  ruleSet: string;
  cases: { input: Assessment; expected: Record<string, unknown>; note?: string }[];
  invalid: { input: unknown; errors: InputError[]; note: string }[];
  refusals: { input: Assessment; parts: RuleSetPartName[]; messageIncludes: string[]; note: string }[];
}
const fixture = JSON.parse(fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'engine-2027-cases.json'), 'utf8')) as Fixture;
const rules = registry();
const vn27 = rules.require('vn-2027-2030');
const vn22 = rules.require('vn-2022-2026');

describe('the 2027 rule set classifies by measured income (Nghị định 351/2025)', () => {
  it('the fixture names its source, and its rule set is the one the rule set file says classifies by income', () => {
    expect(fixture.$provenance).toMatch(/Nghị định 351\/2025/u);
    expect(fixture.ruleSet).toBe('vn-2027-2030');
    expect(methodOf(vn27)).toBe('income');
    expect(vn27.method?.status).toBe('confirmed');
    expect(methodOf(vn22)).toBe('scoreA');
    expect(roundParts(vn27)).toEqual(['incomeLines', 'deprivation', 'indicators']);
    expect(roundParts(vn22)).toEqual(['scoreA', 'deprivation', 'indicators']);
  });

  for (const c of fixture.cases) {
    it(`${c.input.id} (${c.input.area}, ${c.input.monthlyIncomePerCapita}): ${String(c.expected.status)}${c.note ? ` — ${c.note}` : ''}`, () => {
      expect(validateAssessment(vn27, c.input)).toEqual([]);
      const result = classify(vn27, c.input) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(c.expected)) expect(result[key], key).toEqual(value);
      expect(result.ruleSet).toEqual({ id: 'vn-2027-2030', version: vn27.version });
      // The score cut-offs of 2027 are unknown: an income classification never needs them.
      expect(result.unverified).not.toContain('scoreA');
    });
  }

  it('covers both lines, at and around them, with 2 and 3 deprivations', () => {
    const seen = new Set(fixture.cases.map((c) => `${c.input.area}:${c.input.monthlyIncomePerCapita! - vn27.incomeLines.value![c.input.area]}:${c.expected.deprivationCount}`));
    for (const area of ['rural', 'urban']) for (const offset of [-1, 0]) for (const n of [2, 3]) expect(seen.has(`${area}:${offset}:${n}`), `${area} ${offset} ${n}`).toBe(true);
    expect(fixture.cases.some((c) => c.input.area === 'rural' && c.input.monthlyIncomePerCapita === 2_200_001)).toBe(true);
    expect(fixture.cases.some((c) => c.input.area === 'urban' && c.input.monthlyIncomePerCapita === 2_800_001)).toBe(true);
  });

  for (const c of fixture.invalid) {
    it(`an error: ${c.note}`, () => {
      expect(validateAssessment(vn27, c.input)).toEqual(c.errors);
    });
  }

  for (const r of fixture.refusals) {
    it(`a refusal naming what is unknown: ${r.note}`, () => {
      expect(validateAssessment(vn27, r.input)).toEqual([]);
      let error: unknown;
      try {
        classify(vn27, r.input);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RuleSetIncompleteError);
      expect((error as RuleSetIncompleteError).parts).toEqual(r.parts);
      for (const words of r.messageIncludes) expect((error as Error).message).toContain(words);
    });
  }

  it('the same household under the 2022 rule set keeps the 2022 words and rule', () => {
    const flags22 = Object.fromEntries(vn22.indicators.value!.map((i, k) => [i.id, k < 3]));
    const r = classify(vn22, { id: 'h', area: 'urban', scoreA: 170, deprivations: flags22, monthlyIncomePerCapita: 2_800_000 });
    expect(r.status).toBe('poor');
    expect(r.explanation).toContain('(thành thị)');
    expect(r.explanation).not.toContain('đô thị');
  });

  it('an income classification keeps the score A given beside it out of its decision', () => {
    const c = fixture.cases.find((x) => x.input.id === 'R5')!;
    // Score A 10 would be "under any cut-off"; the income above the line decides.
    expect(() => classify(vn27, { ...c.input, scoreA: 10 })).not.toThrow();
    expect(classify(vn27, { ...c.input, scoreA: 10 }).status).toBe('neither');
  });

  it('an area the rule set does not know is refused in the period\'s words', () => {
    const c = fixture.cases[0]!;
    expect(validateAssessment(vn27, { ...c.input, area: 'town' })[0]!.message).toBe(
      'Khu vực không hợp lệ: "town". Chỉ nhận "rural" (nông thôn) hoặc "urban" (đô thị).',
    );
  });
});

describe('the 2027 indicator catalogue', () => {
  const byId = new Map(vn27.indicators.value!.map((i) => [i.id, i]));
  it('has waste and the digital-services indicator, each with its provenance and an unknown threshold, and no information devices', () => {
    expect(byId.has('informationDevices')).toBe(false);
    for (const id of ['waste', 'telecom']) {
      const i = byId.get(id)!;
      expect(i.status, id).toBe('unknown');
      expect(i.provenance?.document, id).toBe('Nghị định 351/2025/NĐ-CP');
    }
    expect(byId.get('telecom')!.label).toMatch(/dịch vụ số/u);
  });
  it('a rule set with an unknown method is refused', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(REPO, 'resources', 'standards', 'vn-2027-2030.json'), 'utf8'));
    expect(RuleSetSchema.safeParse(raw).success).toBe(true);
    raw.method.value = 'guess';
    expect(RuleSetSchema.safeParse(raw).success).toBe(false);
  });
});
