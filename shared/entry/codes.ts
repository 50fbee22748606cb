import {
  EDUCATION,
  EDUCATION_LABELS,
  EMPLOYMENT,
  EMPLOYMENT_LABELS,
  NUTRITION,
  NUTRITION_LABELS,
  RELATIONS,
  RELATION_LABELS,
  SCHOOLING,
  SCHOOLING_LABELS,
} from '../domain/household';

/**
 * The codes officers type, as printed on the forms ("Giới tính (1: Nam; 2: Nữ)"): each code
 * set maps a typed digit to the stored value and its Vietnamese label.
 */
export interface CodeOption<V> {
  code: string;
  value: V;
  label: string;
}

const numbered = <V extends string>(values: readonly V[], labels: Record<V, string>): CodeOption<V>[] =>
  values.map((value, i) => ({ code: String(i + 1), value, label: labels[value] }));

export const CODE_SETS = {
  sex: [
    { code: '1', value: 'male', label: 'Nam' },
    { code: '2', value: 'female', label: 'Nữ' },
  ] as CodeOption<'male' | 'female'>[],
  yesNo: [
    { code: '1', value: true, label: 'Có' },
    { code: '2', value: false, label: 'Không' },
  ] as CodeOption<boolean>[],
  /** B2: 1 = thiếu hụt (deprived), 2 = không thiếu hụt. */
  deprived: [
    { code: '1', value: true, label: 'Thiếu hụt' },
    { code: '2', value: false, label: 'Không thiếu hụt' },
  ] as CodeOption<boolean>[],
  area: [
    { code: '1', value: 'rural', label: 'Nông thôn' },
    { code: '2', value: 'urban', label: 'Thành thị' },
  ] as CodeOption<'rural' | 'urban'>[],
  request: [
    { code: '1', value: 'mau01', label: 'Mẫu số 01 – đề nghị rà soát' },
    { code: '2', value: 'mau04', label: 'Mẫu số 04 – đề nghị công nhận thoát nghèo' },
  ] as CodeOption<'mau01' | 'mau04'>[],
  relation: numbered(RELATIONS, RELATION_LABELS),
  schooling: numbered(SCHOOLING, SCHOOLING_LABELS),
  education: numbered(EDUCATION, EDUCATION_LABELS),
  employment: numbered(EMPLOYMENT, EMPLOYMENT_LABELS),
  nutrition: numbered(NUTRITION, NUTRITION_LABELS),
};
export type CodeSetName = keyof typeof CODE_SETS;

/**
 * The area codes in the words of the round's period (the rule set's areaLabels: "thành thị" until
 * 2026, "đô thị" from 2027); the codes and values are CODE_SETS.area's.
 */
export function areaCodes(labels: { rural: string; urban: string }): CodeOption<'rural' | 'urban'>[] {
  const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  return CODE_SETS.area.map((o) => ({ ...o, label: cap(labels[o.value]) }));
}

export function codeOf<V>(set: readonly CodeOption<V>[], value: V | null | undefined): string {
  return value === null || value === undefined ? '' : (set.find((o) => o.value === value)?.code ?? '');
}

/** The label of a typed code, or undefined when the code is not one of the set. */
export function labelOf<V>(set: readonly CodeOption<V>[], code: string): string | undefined {
  return set.find((o) => o.code === code.trim())?.label;
}

/** "1: Nam; 2: Nữ", as the form prints the choices. */
export const choicesText = <V>(set: readonly CodeOption<V>[]): string => set.map((o) => `${o.code}: ${o.label}`).join('; ');
