import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, classifyLocal, RuleSetIncompleteError, validateAssessment, type Assessment } from '../../shared/engine/classify';
import { RuleSetSchema } from '../../shared/engine/ruleset';
import { transitionOf } from '../../shared/engine/transition';
import { registry, HANDBOOK_FIXTURES } from '../helpers';

const rules = registry();
const vn22 = rules.require('vn-2022-2026');
const ids = vn22.indicators.value!.map((i) => i.id);

/** Deprivation flags with the first `n` indicators deprived. */
function flags(n: number): Record<string, boolean> {
  return Object.fromEntries(ids.map((id, i) => [id, i < n]));
}
const household = (area: 'rural' | 'urban', scoreA: number, deprived: number, extra: Partial<Assessment> = {}): Assessment => ({
  id: 'h',
  area,
  scoreA,
  deprivations: flags(deprived),
  ...extra,
});

describe('engine cases of the handbook (fixtures/engine-cases.json)', () => {
  const cases = JSON.parse(fs.readFileSync(path.join(HANDBOOK_FIXTURES, 'engine-cases.json'), 'utf8')) as {
    input: Assessment;
    expected: Record<string, unknown>;
  }[];
  for (const c of cases) {
    it(`${c.input.id} gives every expected field`, () => {
      expect(validateAssessment(vn22, c.input)).toEqual([]);
      const result = classify(vn22, c.input) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(c.expected)) {
        if (key === 'deprived') expect(new Set(result.deprived as string[])).toEqual(new Set(value as string[]));
        else expect(result[key]).toEqual(value);
      }
      expect(result.ruleSet).toEqual({ id: 'vn-2022-2026', version: vn22.version });
    });
  }
});

describe('score A cut-off, both bounds inclusive', () => {
  for (const [area, cutoff] of [
    ['rural', 140],
    ['urban', 175],
  ] as const) {
    it(`a ${area} household at A ${cutoff - 1} with 3 deprivations is poor`, () => {
      expect(classify(vn22, household(area, cutoff - 1, 3)).status).toBe('poor');
    });
    it(`a ${area} household at A ${cutoff} (the cut-off) with 3 deprivations is poor`, () => {
      expect(classify(vn22, household(area, cutoff, 3)).status).toBe('poor');
    });
    it(`a ${area} household at A ${cutoff + 1} with 12 deprivations is neither`, () => {
      const r = classify(vn22, household(area, cutoff + 1, 12));
      expect(r.status).toBe('neither');
      expect(r.scoreB).toBe(120);
    });
    it(`a ${area} household at A ${cutoff} with 0 deprivations is near-poor`, () => {
      expect(classify(vn22, household(area, cutoff, 0)).status).toBe('near_poor');
    });
  }
  it('an urban household at A 175 is poor where a rural one at 175 is neither', () => {
    expect(classify(vn22, household('urban', 175, 4)).status).toBe('poor');
    expect(classify(vn22, household('rural', 175, 4)).status).toBe('neither');
  });
});

describe('score B at 20 and 30', () => {
  it('B 20 (2 deprivations) under the cut-off is near-poor', () => {
    const r = classify(vn22, household('rural', 100, 2));
    expect([r.scoreB, r.status]).toEqual([20, 'near_poor']);
  });
  it('B 30 (3 deprivations) under the cut-off is poor', () => {
    const r = classify(vn22, household('urban', 100, 3));
    expect([r.scoreB, r.status]).toEqual([30, 'poor']);
  });
});

describe('explanations in Vietnamese', () => {
  it('names the scores, the area and the deprived indicators', () => {
    const r = classify(vn22, household('rural', 132, 4));
    expect(r.explanation).toBe(
      'Hộ nghèo: điểm A 132 ≤ 140 (nông thôn) và thiếu hụt 4 chỉ số: Việc làm, Người phụ thuộc trong hộ gia đình, ' +
        'Dinh dưỡng, Bảo hiểm y tế (điểm B 40 ≥ 30).',
    );
  });
  it('says why a household above the cut-off is neither', () => {
    expect(classify(vn22, household('urban', 176, 5)).explanation).toBe('Không nghèo, không cận nghèo: điểm A 176 > 175 (thành thị).');
  });
  it('marks the indicator definitions as not yet verified', () => {
    expect(classify(vn22, household('urban', 176, 5)).unverified).toEqual(['indicators']);
  });
});

describe('middle-income band (rural > 1,500,000 and ≤ 2,250,000; urban > 2,000,000 and ≤ 3,000,000)', () => {
  const income = (area: 'rural' | 'urban', v: number) => classify(vn22, { id: 'm', area, monthlyIncomePerCapita: v });
  it.each([
    ['rural', 1_500_000, 'neither', true],
    ['rural', 1_500_001, 'middle_income', undefined],
    ['rural', 2_250_000, 'middle_income', undefined],
    ['rural', 2_250_001, 'neither', undefined],
    ['urban', 2_000_000, 'neither', true],
    ['urban', 2_000_001, 'middle_income', undefined],
    ['urban', 3_000_000, 'middle_income', undefined],
    ['urban', 3_000_001, 'neither', undefined],
  ] as const)('%s income %d gives %s', (area, v, status, refer) => {
    const r = income(area, v);
    expect(r.status).toBe(status);
    expect(r.referToReview).toBe(refer);
  });
  it('a household above the A cut-off with income in the band is middle-income', () => {
    expect(classify(vn22, household('rural', 150, 1, { monthlyIncomePerCapita: 2_000_000 })).status).toBe('middle_income');
  });
  it('scores decide first: under the cut-off with income in the band is still poor/near-poor', () => {
    expect(classify(vn22, household('rural', 120, 3, { monthlyIncomePerCapita: 2_000_000 })).status).toBe('poor');
  });
});

describe('transitions', () => {
  const h = (statuses: string[]) => statuses.map((s, i) => ({ round: 2020 + i, status: s as never }));
  it.each([
    [[], 'poor', null],
    [['poor'], 'poor', 'same'],
    [['neither'], 'neither', 'same'],
    [['poor'], 'near_poor', 'exited_to_near_poor'],
    [['poor'], 'neither', 'exited_above_near_poor'],
    [['poor'], 'middle_income', 'exited_above_near_poor'],
    [['near_poor'], 'poor', 'near_poor_to_poor'],
    [['near_poor'], 'neither', 'exited_near_poor'],
    [['near_poor'], 'middle_income', 'exited_near_poor'],
    [['neither'], 'poor', 'new'],
    [['middle_income'], 'near_poor', 'new'],
    [['poor', 'neither'], 'poor', 'fell_back'],
    [['near_poor', 'middle_income'], 'near_poor', 'fell_back'],
    [['neither'], 'middle_income', 'same'],
    [['middle_income'], 'neither', 'same'],
  ])('%j then %s → %s', (history, status, expected) => {
    expect(transitionOf(h(history), status as never)).toBe(expected);
  });
});

describe('invalid input gets a clear Vietnamese message', () => {
  const base = household('rural', 100, 1);
  const errorsOf = (x: unknown) => validateAssessment(vn22, x);
  it('a missing indicator', () => {
    const d = { ...base.deprivations };
    delete d.water;
    expect(errorsOf({ ...base, deprivations: d })).toEqual([
      { path: 'deprivations.water', message: 'Thiếu chỉ số "water": phải ghi rõ true hoặc false.' },
    ]);
  });
  it('an extra indicator', () => {
    expect(errorsOf({ ...base, deprivations: { ...base.deprivations, waste: false } })[0]!.message).toMatch(/không có trong bộ quy tắc/u);
  });
  it('an unknown area', () => {
    expect(errorsOf({ ...base, area: 'mountain' })).toEqual([
      { path: 'area', message: 'Khu vực không hợp lệ: "mountain". Chỉ nhận "rural" (nông thôn) hoặc "urban" (thành thị).' },
    ]);
  });
  it('a negative score', () => {
    expect(errorsOf({ ...base, scoreA: -5 })[0]).toEqual({ path: 'scoreA', message: 'Điểm A (Phiếu B1) không được âm (nhận được -5).' });
  });
  it('NaN', () => {
    expect(errorsOf({ ...base, scoreA: Number.NaN })[0]).toEqual({ path: 'scoreA', message: 'Điểm A (Phiếu B1) không phải là số hợp lệ (NaN).' });
  });
  it('a score given as text', () => {
    expect(errorsOf({ ...base, scoreA: '120' })[0]!.message).toMatch(/phải là một số/u);
  });
  it('neither score A nor income', () => {
    expect(errorsOf({ id: 'x', area: 'rural' })[0]!.message).toMatch(/Cần điểm A/u);
  });
  it('a deprivation that is not true/false', () => {
    expect(errorsOf({ ...base, deprivations: { ...base.deprivations, water: 'có' } })[0]!.path).toBe('deprivations.water');
  });
  it('a bad history entry', () => {
    expect(errorsOf({ ...base, history: [{ round: 2022, status: 'rich' }] })[0]!.path).toBe('history.0.status');
  });
  it('a valid household has no errors', () => {
    expect(errorsOf(base)).toEqual([]);
  });
});

describe('rule set 2027-2030: what is unknown is refused, not guessed', () => {
  const vn27 = rules.require('vn-2027-2030');
  it('has the confirmed income lines and the waste indicator, without information devices', () => {
    expect(vn27.incomeLines.value).toEqual({ rural: 2_200_000, urban: 2_800_000 });
    const indicatorIds = vn27.indicators.value!.map((i) => i.id);
    expect(indicatorIds).toContain('waste');
    expect(indicatorIds).not.toContain('informationDevices');
  });
  it('refuses to classify by score A, naming the missing part in Vietnamese', () => {
    const flags27 = Object.fromEntries(vn27.indicators.value!.map((i) => [i.id, false]));
    expect(() => classify(vn27, { id: 'x', area: 'rural', scoreA: 100, deprivations: flags27 })).toThrow(RuleSetIncompleteError);
    expect(() => classify(vn27, { id: 'x', area: 'rural', scoreA: 100, deprivations: flags27 })).toThrow(/chưa có ngưỡng điểm A/u);
  });
  it('refuses the middle-income procedure while its band is unknown', () => {
    expect(() => classify(vn27, { id: 'x', area: 'urban', monthlyIncomePerCapita: 2_500_000 })).toThrow(/mức sống trung bình/u);
  });
});

describe('local standards evaluated beside the national one', () => {
  const dongNai = rules.require('local-dong-nai-2022-2025');
  it('a rural household at 1,900,000 with 2 deprivations is poor under Đồng Nai (≤ 2,000,000, ≥ 2)', () => {
    const a = household('rural', 150, 2, { monthlyIncomePerCapita: 1_900_000 });
    expect(classify(vn22, a).status).toBe('middle_income');
    const local = classifyLocal(dongNai, a);
    expect(local.status).toBe('poor');
    expect(local.explanation).toMatch(/chuẩn địa phương/u);
  });
  it('without measured income or a local A cut-off, it says what is missing', () => {
    const local = classifyLocal(dongNai, household('rural', 150, 2));
    expect(local.status).toBeNull();
    expect(local.explanation).toMatch(/cần thu nhập bình quân/u);
  });
});

describe('rule-set schema', () => {
  it('every shipped rule set validates', () => {
    for (const file of fs.readdirSync(path.join(__dirname, '../../resources/standards'))) {
      const raw = JSON.parse(fs.readFileSync(path.join(__dirname, '../../resources/standards', file), 'utf8'));
      expect(RuleSetSchema.safeParse(raw).success, file).toBe(true);
    }
  });
  it('refuses a part marked unknown that carries a value', () => {
    const raw = JSON.parse(JSON.stringify(vn22));
    raw.scoreA.status = 'unknown';
    expect(RuleSetSchema.safeParse(raw).success).toBe(false);
  });
});
