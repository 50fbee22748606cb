import { ageAt, RELATION_LABELS, type Member } from '../domain/household';
import { isB1Region, scoreB1, type B1Score } from '../engine/b1';
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
  'B1_INCOMPLETE',
  'ROSTER_HEADS',
  'ROSTER_HEAD_AGE',
  'ROSTER_CHILD_OLDER',
  'ROSTER_SPOUSE_GAP',
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

/**
 * Phiếu B1 as keyed, scored by the one rule (scoreB1): "none" when the rule set has no point
 * table or no item is keyed (the paper total alone is allowed); "no_region" when items are keyed
 * without a region of the table; else the score, complete or with what is missing.
 */
export type B1Keyed = { kind: 'none' } | { kind: 'no_region'; region: string | null } | { kind: 'scored'; score: B1Score };

export function keyedB1(ruleSet: RuleSet, items: Readonly<Record<string, string>> | null, region: string | null): B1Keyed {
  const table = ruleSet.b1PointTable.value;
  if (!table || !items || !Object.values(items).some((v) => v !== '')) return { kind: 'none' };
  if (region === null || !isB1Region(table, region)) return { kind: 'no_region', region };
  return { kind: 'scored', score: scoreB1(table, region, items) };
}

/** Score A from the keyed B1 items (scoreB1), or null unless every item has points in the household's region. */
export function b1Sum(ruleSet: RuleSet, items: Record<string, string> | null, region: string | null): number | null {
  const keyed = keyedB1(ruleSet, items, region);
  return keyed.kind === 'scored' ? keyed.score.scoreA : null;
}

/** What keeps the keyed B1 items from giving score A, named item by item; null when nothing does. */
function b1Incomplete(ruleSet: RuleSet, form: HouseholdForm): EntryWarning | null {
  const keyed = keyedB1(ruleSet, form.answers.b1Items, form.answers.b1Region);
  if (keyed.kind === 'none' || (keyed.kind === 'scored' && keyed.score.scoreA !== null)) return null;
  const table = ruleSet.b1PointTable.value!;
  const scoreA = form.answers.scoreA;
  const outcome =
    scoreA !== null
      ? `Điểm A ghi trên phiếu (${scoreA}) được giữ; chưa so được với tổng các câu.`
      : 'Điểm A chưa tính: hãy ghi đủ các câu, hoặc ghi tổng điểm A trên phiếu.';
  const say = (path: string, what: string): EntryWarning => ({ code: 'B1_INCOMPLETE', path, message: `Phiếu B1 chưa đủ để tính điểm A: ${what}. ${outcome}` });
  if (keyed.kind === 'no_region') {
    const regions = table.regions.map((r) => `${r.id}: ${r.label}`).join('; ');
    return say('answers.b1Region', keyed.region === null ? `chưa ghi vùng của bảng điểm (${regions})` : `vùng "${keyed.region}" không có trong bảng điểm (${regions})`);
  }
  const { missing, invalid } = keyed.score;
  const label = (id: string): string => table.items.find((i) => i.id === id)?.label ?? id;
  const region = table.regions.find((r) => r.id === form.answers.b1Region)?.label ?? form.answers.b1Region;
  const parts = missing.length ? [`chưa ghi câu ${missing.map((id) => `«${label(id)}»`).join(', ')}`] : [];
  for (const [id, answer] of Object.entries(invalid)) {
    const inTable = table.items.find((i) => i.id === id)?.options.some((o) => o.id === answer);
    parts.push(`câu «${label(id)}» ghi "${answer}", ${inTable ? `bảng điểm không có điểm cho vùng «${region}»` : 'không có trong bảng điểm'}`);
  }
  return say('answers.scoreA', parts.join('; '));
}

/** A head younger than this is doubtful (the roster check; a warning only). */
const MIN_HEAD_AGE = 15;
/** A spouse more years apart from the head than this is doubtful (a warning only). */
const MAX_SPOUSE_GAP = 40;

/** Born earlier: full dates compared as dates; with a bare year on either side, only an earlier year counts. */
const bornBefore = (a: string, b: string): boolean => (a.length === 10 && b.length === 10 ? a < b : a.slice(0, 4) < b.slice(0, 4));

type RosterMember = Pick<Member, 'fullName' | 'birthDate' | 'relation'>;

/**
 * The roster's relations against ages: more than one head, a head under 15, a child or
 * grandchild born before the head, a spouse more than 40 years apart from the head. Each is a
 * doubt to check on the paper, saved with the record; the first head is the one compared with.
 */
export function rosterWarnings(members: readonly RosterMember[], referenceDate: string): EntryWarning[] {
  const out: EntryWarning[] = [];
  const heads = members.flatMap((m, i) => (m.relation === 'head' ? [{ m, i }] : []));
  if (heads.length > 1) {
    out.push({
      code: 'ROSTER_HEADS',
      path: `members.${heads[1]!.i}.relation`,
      message: `Có ${heads.length} người ghi là chủ hộ: ${heads.map((h) => h.m.fullName).join(', ')}. Mỗi hộ chỉ có một chủ hộ: hãy sửa quan hệ với chủ hộ của những người còn lại (vợ/chồng, con…).`,
    });
  }
  for (const { m, i } of heads) {
    const age = ageAt(m.birthDate, referenceDate);
    if (age !== null && age < MIN_HEAD_AGE) {
      out.push({
        code: 'ROSTER_HEAD_AGE',
        path: `members.${i}.birthDate`,
        message: `Chủ hộ ${m.fullName} mới ${age} tuổi (dưới ${MIN_HEAD_AGE} tuổi): hãy kiểm tra ngày sinh, hoặc ghi một người lớn trong hộ làm chủ hộ.`,
      });
    }
  }
  const head = heads[0]?.m;
  const headAge = ageAt(head?.birthDate ?? null, referenceDate);
  if (!head?.birthDate || headAge === null) return out;
  const check = 'hãy kiểm tra ngày sinh của hai người hoặc quan hệ với chủ hộ.';
  members.forEach((m, i) => {
    const age = ageAt(m.birthDate, referenceDate);
    if (!m.birthDate || age === null) return;
    if ((m.relation === 'child' || m.relation === 'grandchild') && bornBefore(m.birthDate, head.birthDate!)) {
      out.push({
        code: 'ROSTER_CHILD_OLDER',
        path: `members.${i}.birthDate`,
        message: `${m.fullName} (${age} tuổi) ghi là ${RELATION_LABELS[m.relation].toLowerCase()} của chủ hộ nhưng lớn tuổi hơn chủ hộ ${head.fullName} (${headAge} tuổi): ${check}`,
      });
    }
    const gap = Math.abs(age - headAge);
    if (m.relation === 'spouse' && gap > MAX_SPOUSE_GAP) {
      out.push({
        code: 'ROSTER_SPOUSE_GAP',
        path: `members.${i}.birthDate`,
        message: `${m.fullName} (${age} tuổi, ${RELATION_LABELS.spouse.toLowerCase()}) và chủ hộ ${head.fullName} (${headAge} tuổi) chênh nhau ${gap} tuổi, hơn ${MAX_SPOUSE_GAP} tuổi: ${check}`,
      });
    }
  });
  return out;
}

/** Members whose condition shows in the roster for one indicator: "Lê Văn Tí (7 tuổi)". */
function who(members: readonly Member[], referenceDate: string): string {
  return members.map((m) => `${m.fullName}${ageAt(m.birthDate, referenceDate) !== null ? ` (${ageAt(m.birthDate, referenceDate)} tuổi)` : ''}`).join(', ');
}

/**
 * The warnings a form raises by itself (the duplicate checks across households are the
 * database's): ID numbers against sex and birth year, the roster's relations against ages, B2
 * answers the roster contradicts, the B1 items' sum against the paper total or what keeps the
 * items from giving one.
 */
export function formWarnings(ruleSet: RuleSet, form: HouseholdForm, referenceDate: string): EntryWarning[] {
  const out: EntryWarning[] = [];
  form.members.forEach((m, i) => {
    for (const c of checkIdNumber(m.idNumber, m.sex, m.birthDate)) {
      out.push({ code: c.code, path: `members.${i}.idNumber`, message: `${m.fullName}: ${c.message}` });
    }
  });
  out.push(...rosterWarnings(form.members, referenceDate));
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
  const incomplete = b1Incomplete(ruleSet, form);
  if (incomplete) out.push(incomplete);
  return out;
}
