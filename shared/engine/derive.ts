import { ageAt, type Member } from '../domain/household';
import type { Indicator, MemberCondition, RuleSet } from './ruleset';

/**
 * What the member roster implies for each indicator, following the rule set's derivation data.
 * true / false when the roster decides, null when it cannot (an answer-only indicator, or a
 * missing member value that could change the outcome). The app shows a disagreement with the
 * keyed B2 answer; it never overrides the answer.
 */
export function deriveIndicators(
  ruleSet: RuleSet,
  members: readonly Member[],
  referenceDate: string,
): Record<string, boolean | null> {
  const out: Record<string, boolean | null> = {};
  for (const indicator of ruleSet.indicators.value ?? []) out[indicator.id] = deriveOne(indicator, members, referenceDate);
  return out;
}

type Tri = boolean | null;

function meets(c: MemberCondition, m: Member, referenceDate: string): Tri {
  let result: Tri = true;
  if (c.ageFrom !== undefined || c.ageUnder !== undefined) {
    const age = ageAt(m.birthDate, referenceDate);
    if (age === null) result = null;
    else if ((c.ageFrom !== undefined && age < c.ageFrom) || (c.ageUnder !== undefined && age >= c.ageUnder)) return false;
  }
  if (c.field !== undefined) {
    const value = m[c.field];
    if (value === null || value === undefined) return null;
    if (!c.in!.includes(value)) return false;
  }
  return result;
}

/** Three-valued AND over conditions, OR over alternatives. */
function memberMatches(anyOf: readonly (readonly MemberCondition[])[], m: Member, referenceDate: string): Tri {
  let unknown = false;
  for (const all of anyOf) {
    let alt: Tri = true;
    for (const c of all) {
      const r = meets(c, m, referenceDate);
      if (r === false) {
        alt = false;
        break;
      }
      if (r === null) alt = null;
    }
    if (alt === true) return true;
    if (alt === null) unknown = true;
  }
  return unknown ? null : false;
}

function deriveOne(indicator: Indicator, members: readonly Member[], referenceDate: string): boolean | null {
  const d = indicator.derive;
  if (d.kind === 'answerOnly' || members.length === 0) return null;
  const matches = members.map((m) => memberMatches(d.anyOf, m, referenceDate));
  if (d.kind === 'anyMember') {
    if (matches.includes(true)) return true;
    return matches.includes(null) ? null : false;
  }
  // shareOfMembers: decided only when the unknown members cannot tip the share either way.
  const yes = matches.filter((x) => x === true).length;
  const unknown = matches.filter((x) => x === null).length;
  const low = yes / members.length;
  const high = (yes + unknown) / members.length;
  if (low > d.moreThan) return true;
  if (high <= d.moreThan) return false;
  return null;
}
