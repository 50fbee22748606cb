import type { RuleSet } from './ruleset';

export interface ScreeningOutcome {
  /** True when Phiếu A screens the household out: it does not go on to Phiếu B. */
  excluded: boolean;
  groups: { id: string; label: string; yes: number; threshold: number; reached: boolean }[];
  /** Why, in Vietnamese. */
  explanation: string;
}

/**
 * Phiếu A (Thông tư 07/2021, Phụ lục II): a household is screened out when, in any group, the
 * number of items answered "yes" reaches the group's threshold (spec/standard.md §4: "excluded if
 * any item of group 1, or at least k items of group 2"). Items and thresholds are rule-set data.
 * Null when the rule set has no Phiếu A or an item is still unanswered.
 */
export function screeningOutcome(ruleSet: RuleSet, answers: Record<string, boolean | null> | null): ScreeningOutcome | null {
  const screening = ruleSet.screening.value;
  if (!screening || !answers) return null;
  if (screening.items.some((i) => typeof answers[i.id] !== 'boolean')) return null;
  const groups = screening.groups.map((g) => {
    const yes = screening.items.filter((i) => i.group === g.id && answers[i.id] === true).length;
    return { id: g.id, label: g.label, yes, threshold: g.excludeAtLeast, reached: yes >= g.excludeAtLeast };
  });
  const hit = groups.filter((g) => g.reached);
  const explanation = hit.length
    ? `Không thuộc diện rà soát tiếp bằng Phiếu B: ${hit.map((g) => `${g.label} có ${g.yes} câu “có” (từ ${g.threshold} trở lên là loại)`).join('; ')}.`
    : 'Tiếp tục rà soát bằng Phiếu B: không nhóm nào của Phiếu A đạt ngưỡng loại.';
  return { excluded: hit.length > 0, groups, explanation };
}
