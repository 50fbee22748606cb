import { describe, expect, it } from 'vitest';
import { classify } from '../../shared/engine/classify';
import { computeIncome, IncomeWorksheetSchema } from '../../shared/engine/income';
import { registry } from '../helpers';

const vn27 = registry().require('vn-2027-2030');

describe('income worksheet: 12 months by source, less costs, without social allowances, ÷ members ÷ 12', () => {
  it('a farming household of 4: rice and pigs less their costs, a wage, the allowance left out', () => {
    const r = computeIncome({
      members: 4,
      lines: [
        { source: 'crops', description: '3 sào lúa', gross: 60_000_000, costs: 24_000_000 },
        { source: 'livestock', description: '10 con lợn', gross: 50_000_000, costs: 38_000_000 },
        { source: 'wages', description: 'lương công nhân', gross: 72_000_000 },
        { source: 'socialAllowance', description: 'trợ cấp người cao tuổi', gross: 4_320_000 },
      ],
    });
    // (60 − 24) + (50 − 38) + 72 = 120 million over 12 months; ÷ 4 ÷ 12 = 2,500,000.
    expect(r.netIncome).toBe(120_000_000);
    expect(r.excluded).toBe(4_320_000);
    expect(r.monthlyPerCapita).toBe(2_500_000);
    expect(r.bySource.map((s) => [s.source, s.net, s.counted])).toEqual([
      ['wages', 72_000_000, true],
      ['crops', 36_000_000, true],
      ['livestock', 12_000_000, true],
      ['socialAllowance', 4_320_000, false],
    ]);
    expect(r.formula).toBe(
      'Thu nhập 12 tháng sau chi phí 120.000.000 đồng (không tính 4.320.000 đồng trợ cấp xã hội) ÷ 4 nhân khẩu ÷ 12 tháng = 2.500.000 đồng/người/tháng.',
    );
    expect(r.warnings).toEqual([]);
  });

  it('several lines of one source add up', () => {
    const r = computeIncome({ members: 1, lines: [{ source: 'wages', gross: 12_000_000 }, { source: 'wages', gross: 12_000_000, costs: 0 }] });
    expect(r.bySource).toHaveLength(1);
    expect(r.monthlyPerCapita).toBe(2_000_000);
  });

  it('rounds up to a whole đồng, so a fraction over the line is over it', () => {
    // 26,400,001 ÷ 1 ÷ 12 = 2,200,000.08…: over the rural line of 2027.
    const over = computeIncome({ members: 1, lines: [{ source: 'crops', gross: 26_400_001 }] });
    expect(over.monthlyPerCapita).toBe(2_200_001);
    const at = computeIncome({ members: 1, lines: [{ source: 'crops', gross: 26_400_000 }] });
    expect(at.monthlyPerCapita).toBe(2_200_000);
    const flags = Object.fromEntries(vn27.indicators.value!.map((i, k) => [i.id, k < 3]));
    expect(classify(vn27, { id: 'a', area: 'rural', monthlyIncomePerCapita: at.monthlyPerCapita, deprivations: flags }).status).toBe('poor');
    expect(classify(vn27, { id: 'a', area: 'rural', monthlyIncomePerCapita: over.monthlyPerCapita, deprivations: flags }).status).toBe('neither');
  });

  it('a loss-making source lowers the income and is named; a negative total counts as 0', () => {
    const r = computeIncome({ members: 2, lines: [{ source: 'fishery', gross: 10_000_000, costs: 16_000_000 }, { source: 'wages', gross: 2_400_000 }] });
    expect(r.netIncome).toBe(-3_600_000);
    expect(r.monthlyPerCapita).toBe(0);
    expect(r.warnings).toEqual([
      'Thủy sản (khai thác, nuôi trồng): chi phí (16.000.000 đồng) lớn hơn tổng thu (10.000.000 đồng), nguồn này bị lỗ 6.000.000 đồng.',
      'Tổng thu nhập sau chi phí âm: thu nhập bình quân được tính là 0 đồng. Hãy kiểm tra lại các khoản thu và chi phí.',
    ]);
  });

  it('costs written on the allowance line are not deducted, and the officer is told', () => {
    const r = computeIncome({ members: 1, lines: [{ source: 'wages', gross: 24_000_000 }, { source: 'socialAllowance', gross: 6_000_000, costs: 1_000_000 }] });
    expect(r.monthlyPerCapita).toBe(2_000_000);
    expect(r.warnings[0]).toMatch(/không được trừ/u);
  });

  it('refuses what cannot be computed, in Vietnamese', () => {
    const issues = (x: unknown) => {
      const p = IncomeWorksheetSchema.safeParse(x);
      return p.success ? [] : p.error.issues.map((i) => i.message);
    };
    expect(issues({ members: 0, lines: [] })).toEqual(['Hộ phải có ít nhất 1 nhân khẩu.']);
    expect(issues({ members: 2.5, lines: [] })).toEqual(['Số nhân khẩu phải là một số nguyên.']);
    expect(issues({ members: 2, lines: [{ source: 'wages', gross: -5 }] })).toEqual(['Tổng thu 12 tháng không được âm: ghi chi phí vào cột chi phí.']);
    expect(issues({ members: 2, lines: [{ source: 'lottery', gross: 5 }] })).toEqual(['Nguồn thu không có trong danh mục của phiếu.']);
    expect(issues({ members: 2, lines: [{ source: 'wages', gross: '5tr' }] })).toEqual(['Tổng thu 12 tháng phải là một số (đồng).']);
    expect(() => computeIncome({ members: 0, lines: [] })).toThrow();
  });
});
