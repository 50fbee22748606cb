import { STATUS_LABELS } from '../glossary';
import { formatNumberVi } from '../text/format';
import {
  AREAS,
  PART_LABELS,
  STATUSES,
  methodOf,
  missingParts,
  type Area,
  type RuleSet,
  type RuleSetPartName,
  type Status,
} from './ruleset';
import { transitionOf, type HistoryEntry, type Transition } from './transition';

/** One household to classify (spec/interchange.md, "Assessment"). */
export interface Assessment {
  id: string;
  area: Area;
  scoreA?: number;
  deprivations?: Record<string, boolean>;
  monthlyIncomePerCapita?: number;
  history?: HistoryEntry[];
}

export interface ClassificationResult {
  id: string;
  status: Status;
  scoreB?: number;
  deprivationCount?: number;
  deprived?: string[];
  transition: Transition | null;
  referToReview?: boolean;
  ruleSet: { id: string; version: string };
  /** Why, in Vietnamese: "Hộ nghèo: điểm A 132 ≤ 140 (nông thôn) và thiếu hụt 4 chỉ số: …". */
  explanation: string;
  /** Rule-set parts used that are not yet verified against the official text. */
  unverified: RuleSetPartName[];
}

export interface InputError {
  path: string;
  message: string;
}

/** A rule set lacks a part this input needs: nothing can be classified with it. */
export class RuleSetIncompleteError extends Error {
  readonly code = 'RULESET_INCOMPLETE';
  constructor(
    readonly ruleSetId: string,
    readonly parts: RuleSetPartName[],
    /** What the user can do instead (Vietnamese), e.g. give the deprivations to classify by income. */
    hint?: string,
  ) {
    super(
      `Bộ quy tắc ${ruleSetId} chưa có ${parts.map((p) => PART_LABELS[p]).join(', ')}: ` +
        'chưa thể phân loại. Quản trị viên cần nạp các phần này trước.' +
        (hint ? ` ${hint}` : '') +
        ` (Rule set ${ruleSetId} lacks: ${parts.join(', ')}.)`,
    );
  }
}


function checkAmount(value: unknown, path: string, label: string, errors: InputError[]): void {
  if (value === undefined) return;
  if (typeof value !== 'number') errors.push({ path, message: `${label} phải là một số, nhận được ${JSON.stringify(value)}.` });
  else if (Number.isNaN(value)) errors.push({ path, message: `${label} không phải là số hợp lệ (NaN).` });
  else if (!Number.isFinite(value)) errors.push({ path, message: `${label} phải là số hữu hạn.` });
  else if (value < 0) errors.push({ path, message: `${label} không được âm (nhận được ${value}).` });
}

/** Checks an assessment against the rule set; an empty list means it can be classified. */
export function validateAssessment(ruleSet: RuleSet, raw: unknown): InputError[] {
  const errors: InputError[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return [{ path: '', message: 'Mỗi phần tử phải là một đối tượng JSON (một hộ).' }];
  }
  const a = raw as Record<string, unknown>;
  if (typeof a.id !== 'string' || a.id.trim() === '') errors.push({ path: 'id', message: 'Thiếu mã hộ (id) dạng chuỗi.' });
  if (!AREAS.includes(a.area as Area)) {
    const { rural, urban } = ruleSet.areaLabels;
    errors.push({
      path: 'area',
      message: `Khu vực không hợp lệ: ${JSON.stringify(a.area)}. Chỉ nhận "rural" (${rural}) hoặc "urban" (${urban}).`,
    });
  }
  checkAmount(a.scoreA, 'scoreA', 'Điểm A (Phiếu B1)', errors);
  checkAmount(a.monthlyIncomePerCapita, 'monthlyIncomePerCapita', 'Thu nhập bình quân đầu người/tháng', errors);
  if (a.scoreA === undefined && a.monthlyIncomePerCapita === undefined) {
    errors.push({ path: 'scoreA', message: 'Cần điểm A (scoreA) hoặc thu nhập bình quân (monthlyIncomePerCapita).' });
  }
  const indicatorIds = (ruleSet.indicators.value ?? []).map((i) => i.id);
  if (a.deprivations === undefined) {
    if (a.scoreA !== undefined) {
      errors.push({
        path: 'deprivations',
        message:
          methodOf(ruleSet) === 'income'
            ? `Bộ quy tắc ${ruleSet.id} phân loại theo thu nhập bình quân: cần thu nhập (monthlyIncomePerCapita) và đủ các chỉ số thiếu hụt (deprivations).`
            : 'Có điểm A thì phải có đủ các chỉ số thiếu hụt (deprivations).',
      });
    }
  } else if (a.deprivations === null || typeof a.deprivations !== 'object' || Array.isArray(a.deprivations)) {
    errors.push({ path: 'deprivations', message: 'Chỉ số thiếu hụt phải là một đối tượng {mã chỉ số: true/false}.' });
  } else {
    const d = a.deprivations as Record<string, unknown>;
    for (const id of indicatorIds) {
      if (!(id in d)) errors.push({ path: `deprivations.${id}`, message: `Thiếu chỉ số "${id}": phải ghi rõ true hoặc false.` });
      else if (typeof d[id] !== 'boolean') {
        errors.push({ path: `deprivations.${id}`, message: `Chỉ số "${id}" phải là true hoặc false, nhận được ${JSON.stringify(d[id])}.` });
      }
    }
    for (const key of Object.keys(d)) {
      if (!indicatorIds.includes(key)) {
        errors.push({ path: `deprivations.${key}`, message: `Chỉ số "${key}" không có trong bộ quy tắc ${ruleSet.id}.` });
      }
    }
  }
  if (a.history !== undefined) {
    if (!Array.isArray(a.history)) errors.push({ path: 'history', message: 'Lịch sử (history) phải là một mảng.' });
    else {
      a.history.forEach((h: unknown, i) => {
        const e = h as Record<string, unknown> | null;
        if (!e || typeof e !== 'object') errors.push({ path: `history.${i}`, message: 'Mỗi kỳ trước phải là {round, status}.' });
        else {
          if (!Number.isInteger(e.round)) errors.push({ path: `history.${i}.round`, message: 'Năm rà soát (round) phải là số nguyên.' });
          if (!STATUSES.includes(e.status as Status)) {
            errors.push({
              path: `history.${i}.status`,
              message: `Kết quả kỳ trước không hợp lệ: ${JSON.stringify(e.status)} (poor, near_poor, neither, middle_income).`,
            });
          }
        }
      });
    }
  }
  return errors;
}

/**
 * Whether the rule set's income rule decides this household: the rule set classifies by measured
 * income (Nghị định 351/2025), and both the income and the deprivations are given. Otherwise score
 * A decides, or, with income alone, the "mức sống trung bình" procedure.
 */
export function byIncome(ruleSet: RuleSet, a: Pick<Assessment, 'monthlyIncomePerCapita' | 'deprivations'>): boolean {
  return methodOf(ruleSet) === 'income' && a.monthlyIncomePerCapita !== undefined && a.deprivations !== undefined;
}

/** The rule-set parts an assessment needs. */
export function partsNeeded(ruleSet: RuleSet, a: Pick<Assessment, 'scoreA' | 'monthlyIncomePerCapita' | 'deprivations'>): RuleSetPartName[] {
  if (byIncome(ruleSet, a)) return ['incomeLines', 'deprivation', 'indicators'];
  const parts: RuleSetPartName[] = [];
  if (a.scoreA !== undefined) parts.push('scoreA', 'deprivation', 'indicators');
  if (a.monthlyIncomePerCapita !== undefined) parts.push('middleIncome', 'incomeLines');
  return parts;
}

/** Under an income rule set, what a refused household can give instead (Vietnamese). */
function incomeHint(ruleSet: RuleSet, a: Pick<Assessment, 'monthlyIncomePerCapita' | 'deprivations'>): string | undefined {
  if (methodOf(ruleSet) !== 'income' || byIncome(ruleSet, a)) return undefined;
  return a.monthlyIncomePerCapita === undefined
    ? 'Bộ quy tắc này phân loại hộ nghèo, hộ cận nghèo theo thu nhập bình quân đầu người: hãy nhập thu nhập (monthlyIncomePerCapita) và đủ các chỉ số thiếu hụt.'
    : 'Bộ quy tắc này phân loại hộ nghèo, hộ cận nghèo theo thu nhập bình quân đầu người: hãy nhập đủ các chỉ số thiếu hụt (deprivations).';
}

export function assertUsable(ruleSet: RuleSet, parts: readonly RuleSetPartName[], hint?: string): void {
  const missing = missingParts(ruleSet, parts);
  if (missing.length > 0) throw new RuleSetIncompleteError(ruleSet.id, missing, hint);
}

interface Deprivation {
  scoreB: number;
  deprivationCount: number;
  deprived: string[];
}

function countDeprivations(ruleSet: RuleSet, flags: Record<string, boolean>): Deprivation {
  const deprived: string[] = [];
  for (const i of ruleSet.indicators.value!) if (flags[i.id] === true) deprived.push(i.id);
  return {
    deprived,
    deprivationCount: deprived.length,
    scoreB: deprived.length * ruleSet.deprivation.value!.pointsPerIndicator,
  };
}

const labelMaps = new WeakMap<RuleSet, Map<string, string>>();
function indicatorLabels(ruleSet: RuleSet, ids: readonly string[]): string {
  let byId = labelMaps.get(ruleSet);
  if (!byId) labelMaps.set(ruleSet, (byId = new Map(ruleSet.indicators.value!.map((i) => [i.id, i.label]))));
  return ids.map((id) => byId.get(id) ?? id).join(', ');
}

const money = (v: number): string => `${formatNumberVi(v)} đồng`;

/** What the rules decide for one household, without the words (ClassificationResult less explanation). */
export type Decision = Omit<ClassificationResult, 'explanation'>;

function inMiddleBand(ruleSet: RuleSet, a: Assessment): boolean {
  const band = ruleSet.middleIncome.value?.[a.area];
  const income = a.monthlyIncomePerCapita;
  return income !== undefined && band !== undefined && income > band.above && income <= band.atMost;
}

/**
 * Classifies one valid assessment (validateAssessment first). Thông tư 07/2021 Điều 3, as
 * amended by Thông tư 02/2022: poor = score A at or under the area's cut-off and score B at or
 * over the poverty threshold; near-poor = A at or under the cut-off, fewer deprivations.
 * Without score A, the "mức sống trung bình" procedure (Quyết định 24/2021 Điều 6) decides on income.
 */
export function decide(ruleSet: RuleSet, a: Assessment): Decision {
  const needed = partsNeeded(ruleSet, a);
  assertUsable(ruleSet, needed, incomeHint(ruleSet, a));
  const dep = a.deprivations ? countDeprivations(ruleSet, a.deprivations) : undefined;
  const inBand = inMiddleBand(ruleSet, a);
  let status: Status;
  let referToReview = false;
  if (byIncome(ruleSet, a) && dep) {
    // Nghị định 351/2025: income at or under the line, then ≥ poorMinDeprivations → poor, fewer → near-poor.
    if (a.monthlyIncomePerCapita! <= ruleSet.incomeLines.value![a.area]) {
      status = dep.deprivationCount >= ruleSet.deprivation.value!.poorMinDeprivations ? 'poor' : 'near_poor';
    } else status = inBand ? 'middle_income' : 'neither';
  } else if (a.scoreA !== undefined && dep) {
    if (a.scoreA <= ruleSet.scoreA.value!.cutoff[a.area]) {
      status = dep.deprivationCount >= ruleSet.deprivation.value!.poorMinDeprivations ? 'poor' : 'near_poor';
    } else status = inBand ? 'middle_income' : 'neither';
  } else {
    status = inBand ? 'middle_income' : 'neither';
    referToReview = !inBand && a.monthlyIncomePerCapita! <= ruleSet.incomeLines.value![a.area];
  }
  const decision: Decision = {
    id: a.id,
    status,
    ...(dep ?? {}),
    transition: transitionOf(a.history ?? [], status),
    ruleSet: { id: ruleSet.id, version: ruleSet.version },
    unverified: needed.filter((p) => ruleSet[p].status === 'to_verify'),
  };
  if (referToReview) decision.referToReview = true;
  return decision;
}

/** Why, in Vietnamese: "Hộ nghèo: điểm A 132 ≤ 140 (nông thôn) và thiếu hụt 4 chỉ số: … (điểm B 40 ≥ 30)." */
export function explain(ruleSet: RuleSet, a: Pick<Assessment, 'area' | 'scoreA' | 'monthlyIncomePerCapita'>, d: Decision): string {
  // The words of the rule set's period: "thành thị" (Nghị định 07/2021), "đô thị" (Nghị định 351/2025).
  const areaLabel = ruleSet.areaLabels[a.area];
  const band = ruleSet.middleIncome.value?.[a.area];
  const income = a.monthlyIncomePerCapita;
  const bandText = band ? `trên ${formatNumberVi(band.above)} đến ${formatNumberVi(band.atMost)} đồng (${areaLabel})` : '';
  // The decision carries the deprivations it counted: with income, under an income rule set, the income rule decided.
  if (methodOf(ruleSet) === 'income' && income !== undefined && d.deprivationCount !== undefined) return explainByIncome(ruleSet, a, d, bandText);
  if (a.scoreA !== undefined && d.deprivationCount !== undefined) {
    const cutoff = ruleSet.scoreA.value!.cutoff[a.area];
    if (d.status === 'poor' || d.status === 'near_poor') {
      const { poorMinDeprivations, pointsPerIndicator } = ruleSet.deprivation.value!;
      const listText = d.deprivationCount > 0 ? `: ${indicatorLabels(ruleSet, d.deprived ?? [])}` : '';
      const cmp = d.status === 'poor' ? '≥' : '<';
      return (
        `${STATUS_LABELS[d.status]}: điểm A ${a.scoreA} ≤ ${cutoff} (${areaLabel}) và thiếu hụt ` +
        `${d.deprivationCount} chỉ số${listText} (điểm B ${d.scoreB} ${cmp} ${poorMinDeprivations * pointsPerIndicator}).`
      );
    }
    if (d.status === 'middle_income') {
      return (
        `${STATUS_LABELS.middle_income}: điểm A ${a.scoreA} > ${cutoff} (${areaLabel}) và thu nhập bình quân ` +
        `${money(income!)}/người/tháng, trong khoảng ${bandText}.`
      );
    }
    return `${STATUS_LABELS.neither}: điểm A ${a.scoreA} > ${cutoff} (${areaLabel}).`;
  }
  if (d.status === 'middle_income') {
    return `${STATUS_LABELS.middle_income}: thu nhập bình quân ${money(income!)}/người/tháng, trong khoảng ${bandText}.`;
  }
  if (d.referToReview) {
    return (
      `Không thuộc hộ có mức sống trung bình: thu nhập bình quân ${money(income!)}/người/tháng ≤ chuẩn ` +
      `${money(ruleSet.incomeLines.value![a.area])} (${areaLabel}); cần rà soát bằng Phiếu B để xác định hộ nghèo, hộ cận nghèo.`
    );
  }
  return `Không thuộc hộ có mức sống trung bình: thu nhập bình quân ${money(income!)}/người/tháng, ngoài khoảng ${bandText}.`;
}

/** Why, under an income rule set: "Hộ nghèo: thu nhập bình quân … ≤ chuẩn … (khu vực nông thôn) và thiếu hụt 3 chỉ số: … (≥ 3)." */
function explainByIncome(ruleSet: RuleSet, a: Pick<Assessment, 'area' | 'monthlyIncomePerCapita'>, d: Decision, bandText: string): string {
  const income = a.monthlyIncomePerCapita!;
  const line = ruleSet.incomeLines.value![a.area];
  const where = `khu vực ${ruleSet.areaLabels[a.area]}`;
  const incomeText = `thu nhập bình quân ${money(income)}/người/tháng`;
  if (d.status === 'poor' || d.status === 'near_poor') {
    const min = ruleSet.deprivation.value!.poorMinDeprivations;
    const deprived = d.deprived ?? [];
    const listText = deprived.length > 0 ? `: ${indicatorLabels(ruleSet, deprived)}` : '';
    const unsettled = ruleSet.indicators.value!.filter((i) => i.status === 'unknown' && deprived.includes(i.id));
    const note = unsettled.length > 0 ? ` Chỉ số chưa có ngưỡng chính thức: ${unsettled.map((i) => i.label).join(', ')}.` : '';
    return (
      `${STATUS_LABELS[d.status]}: ${incomeText} ≤ chuẩn ${money(line)} (${where}) và thiếu hụt ` +
      `${d.deprivationCount} chỉ số${listText} (${d.status === 'poor' ? '≥' : '<'} ${min}).${note}`
    );
  }
  const above = `${incomeText} > chuẩn ${money(line)} (${where})`;
  if (d.status === 'middle_income') return `${STATUS_LABELS.middle_income}: ${above}, trong khoảng ${bandText}.`;
  return `${STATUS_LABELS.neither}: ${above}.`;
}

/** decide() and explain() together: what the command line and the live entry screens use. */
export function classify(ruleSet: RuleSet, a: Assessment): ClassificationResult {
  const d = decide(ruleSet, a);
  return { ...d, explanation: explain(ruleSet, a, d) };
}

export interface LocalResult {
  ruleSet: { id: string; version: string; title: string };
  status: Status | null;
  explanation: string;
}

/**
 * A provincial standard evaluated beside the national one: income line and minimum number of
 * deprivations of its own. It decides on measured income when given, else on score A when the
 * local rule set has its own cut-offs; otherwise it says what is missing.
 */
export function classifyLocal(local: RuleSet, a: Assessment): LocalResult {
  const head = { id: local.id, version: local.version, title: local.title };
  const areaLabel = local.areaLabels[a.area];
  const min = local.deprivation.value?.poorMinDeprivations;
  const line = local.incomeLines.value?.[a.area];
  const cutoff = local.scoreA.value?.cutoff[a.area];
  const flags = a.deprivations;
  if (min === undefined || !flags) {
    return { ruleSet: head, status: null, explanation: 'Chưa đủ dữ liệu để đánh giá theo chuẩn địa phương (thiếu các chỉ số thiếu hụt).' };
  }
  const count = Object.values(flags).filter(Boolean).length;
  let within: boolean;
  let basis: string;
  if (a.monthlyIncomePerCapita !== undefined && line !== undefined) {
    within = a.monthlyIncomePerCapita <= line;
    basis = `thu nhập ${money(a.monthlyIncomePerCapita)} ${within ? '≤' : '>'} ${money(line)} (${areaLabel})`;
  } else if (a.scoreA !== undefined && cutoff !== undefined) {
    within = a.scoreA <= cutoff;
    basis = `điểm A ${a.scoreA} ${within ? '≤' : '>'} ${cutoff} (${areaLabel})`;
  } else {
    return {
      ruleSet: head,
      status: null,
      explanation: `Chuẩn địa phương ${local.title} cần thu nhập bình quân đo được hoặc ngưỡng điểm A riêng của tỉnh; hộ chưa có dữ liệu này.`,
    };
  }
  const status: Status = !within ? 'neither' : count >= min ? 'poor' : 'near_poor';
  const tail = within ? ` và thiếu hụt ${count} chỉ số (${count >= min ? '≥' : '<'} ${min})` : '';
  return { ruleSet: head, status, explanation: `${STATUS_LABELS[status]} theo chuẩn địa phương: ${basis}${tail}.` };
}
