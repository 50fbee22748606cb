import { ageAt, type Member } from '../domain/household';
import { deriveIndicators } from '../engine/derive';
import type { RuleSet } from '../engine/ruleset';
import type { HouseholdForm } from './form';
import { checkIdNumber } from './identity';

export const WARNING_CODES = [
  'ID_FORMAT',
  'ID_OLD_CMND',
  'ID_SEX',
  'ID_CENTURY',
  'ID_YEAR',
  'DUP_ID',
  'DUP_PERSON',
  'B2_ROSTER',
  'B1_SUM',
] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

/** A doubt saved with the record and listed for review; it never blocks a save. */
export interface EntryWarning {
  code: WarningCode;
  /** Form path: "members.2.idNumber", "answers.b2.childSchooling", "answers.scoreA". */
  path: string;
  message: string;
}

const ANSWER_TEXT = (v: boolean): string => (v ? 'có thiếu hụt' : 'không thiếu hụt');

/** The B1 score a point table gives for the keyed items, or null when items are missing. */
export function b1Sum(ruleSet: RuleSet, items: Record<string, string> | null, region: string | null): number | null {
  const table = ruleSet.b1PointTable.value;
  if (!table || !items || !region) return null;
  let sum = table.base[region] ?? 0;
  for (const item of table.items) {
    const chosen = items[item.id];
    if (chosen === undefined) return null;
    const option = item.options.find((o) => o.id === chosen);
    if (!option) return null;
    sum += option.points[region] ?? 0;
  }
  return sum;
}

/** Members whose condition shows in the roster for one indicator: "Lê Văn Tí (7 tuổi)". */
function who(members: readonly Member[], referenceDate: string): string {
  return members.map((m) => `${m.fullName}${ageAt(m.birthDate, referenceDate) !== null ? ` (${ageAt(m.birthDate, referenceDate)} tuổi)` : ''}`).join(', ');
}

/**
 * The warnings a form raises by itself (the duplicate checks across households are the
 * database's): ID numbers against sex and birth year, B2 answers the roster contradicts, the
 * B1 items' sum against the paper total.
 */
export function formWarnings(ruleSet: RuleSet, form: HouseholdForm, referenceDate: string): EntryWarning[] {
  const out: EntryWarning[] = [];
  form.members.forEach((m, i) => {
    for (const c of checkIdNumber(m.idNumber, m.sex, m.birthDate)) {
      out.push({ code: c.code, path: `members.${i}.idNumber`, message: `${m.fullName}: ${c.message}` });
    }
  });
  const derived = deriveIndicators(ruleSet, form.members, referenceDate);
  for (const indicator of ruleSet.indicators.value ?? []) {
    const answer = form.answers.b2[indicator.id];
    const implied = derived[indicator.id];
    if (typeof answer !== 'boolean' || typeof implied !== 'boolean' || answer === implied) continue;
    const d = indicator.derive;
    const concerned =
      implied && d.kind !== 'answerOnly'
        ? form.members.filter((m) => deriveIndicators({ ...ruleSet, indicators: { ...ruleSet.indicators, value: [indicator] } }, [m], referenceDate)[indicator.id] === true)
        : [];
    out.push({
      code: 'B2_ROSTER',
      path: `answers.b2.${indicator.id}`,
      message:
        `Phiếu B2, chỉ số ${indicator.number} «${indicator.label}» ghi ${ANSWER_TEXT(answer)}, nhưng danh sách thành viên cho thấy ${ANSWER_TEXT(implied)}` +
        (concerned.length ? `: ${who(concerned, referenceDate)}.` : '.'),
    });
  }
  const sum = b1Sum(ruleSet, form.answers.b1Items, form.answers.b1Region);
  if (sum !== null && form.answers.scoreA !== null && sum !== form.answers.scoreA) {
    out.push({
      code: 'B1_SUM',
      path: 'answers.scoreA',
      message: `Tổng điểm các câu Phiếu B1 là ${sum}, khác điểm A ghi trên phiếu (${form.answers.scoreA}).`,
    });
  }
  return out;
}
