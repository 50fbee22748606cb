import { describe, expect, it } from 'vitest';
import { screeningOutcome } from '../../shared/engine/screening';
import { registry } from '../helpers';

// A SYNTHETIC Phiếu A (made-up items, for tests only): group 1 excludes on one "yes", group 2 on two.
const base = registry().require('vn-2022-2026');
const ruleSet = {
  ...base,
  screening: {
    status: 'to_verify' as const,
    provenance: { document: 'Phiếu A giả lập để kiểm thử' },
    value: {
      groups: [
        { id: 'g1', label: 'Nhóm 1', excludeAtLeast: 1 },
        { id: 'g2', label: 'Nhóm 2', excludeAtLeast: 2 },
      ],
      items: [
        { id: 'a1', group: 'g1', label: 'Có ô tô' },
        { id: 'a2', group: 'g2', label: 'Có nhà kiên cố' },
        { id: 'a3', group: 'g2', label: 'Có lương hưu' },
        { id: 'a4', group: 'g2', label: 'Có máy lạnh' },
      ],
    },
  },
};

describe('Phiếu A screening', () => {
  it('one "yes" in group 1 screens the household out', () => {
    const r = screeningOutcome(ruleSet, { a1: true, a2: false, a3: false, a4: false })!;
    expect(r.excluded).toBe(true);
    expect(r.explanation).toBe('Không thuộc diện rà soát tiếp bằng Phiếu B: Nhóm 1 có 1 câu “có” (từ 1 trở lên là loại).');
  });
  it('one "yes" in group 2 does not; two do', () => {
    expect(screeningOutcome(ruleSet, { a1: false, a2: true, a3: false, a4: false })!.excluded).toBe(false);
    expect(screeningOutcome(ruleSet, { a1: false, a2: true, a3: false, a4: true })!.excluded).toBe(true);
  });
  it('is not decided while an item is unanswered, nor without a Phiếu A in the rule set', () => {
    expect(screeningOutcome(ruleSet, { a1: false, a2: null, a3: false, a4: false })).toBeNull();
    expect(screeningOutcome(base, { a1: true })).toBeNull();
  });
});
