/**
 * The paper form's names of the fields a household record stores, and its values as labels (not
 * codes), stated once: the change history (households.history), the audit screen (audit.list) and
 * the screens read them here. Labels already stated elsewhere in shared/ are reused, not copied:
 * member fields (shared/entry/raw.ts memberLabel), code sets (shared/entry/codes.ts), classes
 * (shared/glossary.ts), review states (shared/domain/review.ts), causes (shared/domain/causes.ts).
 * Rule-set items (Phiếu A, B1, B2) are named by the rule set itself (see the history's describer).
 */
import { CAUSE_LABELS, type Cause } from './causes';
import { EDUCATION_LABELS, EMPLOYMENT_LABELS, NUTRITION_LABELS, RELATION_LABELS, SCHOOLING_LABELS, SEX_LABELS } from './household';
import { EVENT_LABELS, REVIEW_STATE_LABELS, type ReviewState } from './review';
import { CODE_SETS } from '../entry/codes';
import { TEXT_LIMITS } from '../entry/form';
import { memberLabel, type MemberField } from '../entry/raw';
import { STATUS_LABELS } from '../glossary';
import type { Status } from '../engine/ruleset';
import { formatDateVi, formatNumberVi } from '../text/format';

/** What an empty value reads as. */
export const EMPTY_VALUE = '(để trống)';

/** Yes / no as the forms print them. */
export const yesNoLabel = (v: boolean): string => CODE_SETS.yesNo.find((o) => o.value === v)!.label;

/** The household flags (Đặc điểm hộ), as on the form. */
export const HOUSEHOLD_FLAG_LABELS = {
  ethnicMinority: 'Hộ dân tộc thiểu số',
  noWorkingCapacity: 'Hộ không có khả năng lao động',
  meritPerson: 'Hộ có người có công',
  femaleHead: 'Chủ hộ là nữ',
} as const;

/** Where the Phiếu B items are asked. */
export const FORM_PART_LABELS = {
  screening: 'Phiếu A',
  b1: 'Phiếu B1',
  b2: 'Phiếu B2',
} as const;

/** How a stored value is read back as a label. */
export type ValueKind = 'text' | 'yesNo' | 'number' | 'money' | 'date' | 'area' | 'status' | 'reviewState' | 'causes' | 'request' | 'sex' | 'relation' | 'schooling' | 'education' | 'employment' | 'nutrition' | 'unit';

interface FieldLabel {
  label: string;
  kind: ValueKind;
}

/**
 * A household's stored fields (households, household_entry, answers, results columns; the Excel
 * import names the answers without their "answers." prefix) → the form's label and value kind.
 */
export const HOUSEHOLD_FIELD_LABELS: Record<string, FieldLabel> = {
  code: { label: TEXT_LIMITS.code.label, kind: 'text' },
  commune_id: { label: 'Xã/phường', kind: 'unit' },
  village_id: { label: TEXT_LIMITS.village.label, kind: 'unit' },
  address: { label: TEXT_LIMITS.address.label, kind: 'text' },
  current_address: { label: TEXT_LIMITS.currentAddress.label, kind: 'text' },
  area: { label: 'Khu vực', kind: 'area' },
  ethnic_minority: { label: HOUSEHOLD_FLAG_LABELS.ethnicMinority, kind: 'yesNo' },
  no_working_capacity: { label: HOUSEHOLD_FLAG_LABELS.noWorkingCapacity, kind: 'yesNo' },
  merit_person: { label: HOUSEHOLD_FLAG_LABELS.meritPerson, kind: 'yesNo' },
  female_head: { label: HOUSEHOLD_FLAG_LABELS.femaleHead, kind: 'yesNo' },
  reviewer: { label: TEXT_LIMITS.reviewer.label, kind: 'text' },
  request_kind: { label: 'Loại giấy đề nghị', kind: 'request' },
  request_received_on: { label: 'Ngày nhận giấy đề nghị', kind: 'date' },
  request_reason: { label: TEXT_LIMITS.reason.label, kind: 'text' },
  id_issued_by: { label: `${TEXT_LIMITS.idIssuedBy.label} CCCD/CMND (Mẫu 04)`, kind: 'text' },
  housing_area_m2: { label: `${FORM_PART_LABELS.b2} – Diện tích nhà ở (m²)`, kind: 'number' },
  b1_region: { label: `${FORM_PART_LABELS.b1} – Vùng của bảng điểm`, kind: 'text' },
  score_a_from_items: { label: `${FORM_PART_LABELS.b1} – Điểm A tính từ các câu`, kind: 'yesNo' },
  score_a: { label: `${FORM_PART_LABELS.b1} – Tổng điểm A`, kind: 'number' },
  monthly_income: { label: 'Thu nhập bình quân (đồng/người/tháng)', kind: 'money' },
  causes: { label: 'Nguyên nhân nghèo', kind: 'causes' },
  status: { label: 'Kết quả phân loại', kind: 'status' },
  result: { label: 'Kết quả phân loại', kind: 'status' },
  review_state: { label: 'Bước rà soát', kind: 'reviewState' },
};

/** A member row's columns → the roster's field (its label is memberLabel's). */
const MEMBER_COLUMN_FIELDS: Record<string, MemberField> = {
  full_name: 'fullName',
  sex: 'sex',
  birth_date: 'birthDate',
  relation: 'relation',
  ethnicity: 'ethnicity',
  id_number: 'idNumber',
  id_issued_on: 'idIssuedOn',
  health_insurance: 'healthInsurance',
  schooling: 'schooling',
  education: 'education',
  employment: 'employment',
  disability: 'disability',
  working_capacity: 'workingCapacity',
  nutrition: 'nutrition',
};
const MEMBER_FIELD_KINDS: Partial<Record<MemberField, ValueKind>> = {
  sex: 'sex',
  birthDate: 'date',
  idIssuedOn: 'date',
  relation: 'relation',
  healthInsurance: 'yesNo',
  disability: 'yesNo',
  workingCapacity: 'yesNo',
  schooling: 'schooling',
  education: 'education',
  employment: 'employment',
  nutrition: 'nutrition',
};

/** A member's stored field (a members column) → its roster label and value kind. */
export function memberFieldLabel(column: string): FieldLabel {
  if (column === 'seq') return { label: 'Số thứ tự trong hộ', kind: 'number' };
  const field = MEMBER_COLUMN_FIELDS[column];
  if (!field) return { label: column, kind: 'text' };
  return { label: memberLabel(field), kind: MEMBER_FIELD_KINDS[field] ?? 'text' };
}

/** A household's stored field → its form label and value kind (unknown fields keep their name). */
export function householdFieldLabel(field: string): FieldLabel {
  return HOUSEHOLD_FIELD_LABELS[field.replace(/^answers\./u, '')] ?? { label: field, kind: 'text' };
}

const byValue = <V>(set: readonly { value: V; label: string }[], v: unknown): string | undefined => set.find((o) => o.value === v)?.label;
const pick = (labels: Record<string, string>, v: unknown): string => (typeof v === 'string' && v in labels ? labels[v]! : String(v));

/**
 * A stored value as the form reads it: a label, never a code ("Hộ cận nghèo", "Có", "Con",
 * "15/06/2021"). Units are named by the caller (unitName).
 */
export function valueLabel(kind: ValueKind, v: unknown, unitName: (id: number) => string | null = () => null): string {
  if (v === null || v === undefined || v === '') return EMPTY_VALUE;
  switch (kind) {
    case 'yesNo':
      return typeof v === 'boolean' ? yesNoLabel(v) : v === 1 || v === 0 ? yesNoLabel(v === 1) : String(v);
    case 'number':
      return typeof v === 'number' ? formatNumberVi(v) : String(v);
    case 'money':
      return typeof v === 'number' ? `${formatNumberVi(v)} đồng` : String(v);
    case 'date':
      return typeof v === 'string' ? formatDateVi(v) : String(v);
    case 'area':
      return byValue(CODE_SETS.area, v) ?? String(v);
    case 'status':
      return pick(STATUS_LABELS as Record<Status, string>, v);
    case 'reviewState':
      return pick(REVIEW_STATE_LABELS as Record<ReviewState, string>, v);
    case 'causes':
      return Array.isArray(v) ? (v.length ? v.map((c) => pick(CAUSE_LABELS as Record<Cause, string>, c)).join('; ') : EMPTY_VALUE) : String(v);
    case 'request':
      return byValue(CODE_SETS.request, v) ?? String(v);
    case 'sex':
      return pick(SEX_LABELS, v);
    case 'relation':
      return pick(RELATION_LABELS, v);
    case 'schooling':
      return pick(SCHOOLING_LABELS, v);
    case 'education':
      return pick(EDUCATION_LABELS, v);
    case 'employment':
      return pick(EMPLOYMENT_LABELS, v);
    case 'nutrition':
      return pick(NUTRITION_LABELS, v);
    case 'unit':
      return typeof v === 'number' ? (unitName(v) ?? `đơn vị số ${v}`) : String(v);
    case 'text':
      return typeof v === 'string' ? v : JSON.stringify(v);
  }
}

/** A household event's kind, as the events list names it. */
export const eventLabel = (kind: string): string => pick(EVENT_LABELS, kind);

/** Phiếu B2 answers: deprived or not. */
export const deprivedLabel = (v: unknown): string => (typeof v === 'boolean' ? byValue(CODE_SETS.deprived, v)! : EMPTY_VALUE);

// The office's clock (dd/mm/yyyy hh:mm, Asia/Ho_Chi_Minh) is stated once, in shared/text/format.ts.
export { endOfDayVi, formatDateTimeVi, startOfDayVi } from '../text/format';
