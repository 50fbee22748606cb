import type { EntryLayout } from '../api/entry';
import { CAUSES, type Cause } from '../domain/causes';
import { CODE_SETS, codeOf, choicesText, type CodeOption } from './codes';
import { formatDateInput, parseDateInput } from './dates';
import type { HouseholdForm, HouseholdFormInput, MemberForm } from './form';
import { parseNumberInput } from './numbers';

/**
 * A form as typed: every field's text, kept as keyed even when wrong (a draft never loses a
 * value). Paths: "address", "m.0.fullName", "a.b2.water", "a.scoreA"…; a ticked cause of
 * poverty is "causes.land" = "1".
 */
export interface RawForm {
  fields: Record<string, string>;
  /** Member rows shown (filled or not). */
  rows: number;
}

export const MEMBER_FIELDS = [
  'fullName',
  'sex',
  'birthDate',
  'relation',
  'ethnicity',
  'idNumber',
  'idIssuedOn',
  'healthInsurance',
  'schooling',
  'education',
  'employment',
  'disability',
  'workingCapacity',
  'nutrition',
] as const;
export type MemberField = (typeof MEMBER_FIELDS)[number];

/** Which code set a member column is typed in (absent: free text or a date). */
export const MEMBER_CODES: Partial<Record<MemberField, readonly CodeOption<unknown>[]>> = {
  sex: CODE_SETS.sex,
  relation: CODE_SETS.relation,
  healthInsurance: CODE_SETS.yesNo,
  schooling: CODE_SETS.schooling,
  education: CODE_SETS.education,
  employment: CODE_SETS.employment,
  disability: CODE_SETS.yesNo,
  workingCapacity: CODE_SETS.yesNo,
  nutrition: CODE_SETS.nutrition,
};

export const FLAG_FIELDS = ['ethnicMinority', 'noWorkingCapacity', 'meritPerson', 'femaleHead'] as const;

/** The field of a cause's tick box. */
export const causeField = (c: Cause): string => `causes.${c}`;

const str = (v: string | number | null | undefined): string => (v === null || v === undefined ? '' : String(v));

/** A stored form as the text of its fields. */
export function toRaw(form: HouseholdForm): RawForm {
  const f: Record<string, string> = {
    'request.kind': codeOf(CODE_SETS.request, form.request?.kind),
    'request.receivedOn': formatDateInput(form.request?.receivedOn),
    'request.reason': form.request?.reason ?? '',
    'request.idIssuedBy': form.request?.idIssuedBy ?? '',
    address: form.address,
    currentAddress: form.currentAddress,
    area: codeOf(CODE_SETS.area, form.area),
    reviewer: form.reviewer,
    'a.scoreA': str(form.answers.scoreA).replace('.', ','),
    'a.monthlyIncome': str(form.answers.monthlyIncome),
    'a.housingAreaM2': str(form.answers.housingAreaM2).replace('.', ','),
    'a.b1Region': form.answers.b1Region ?? '',
  };
  for (const k of FLAG_FIELDS) f[`flags.${k}`] = form.flags[k] ? '1' : '2';
  for (const [id, v] of Object.entries(form.answers.b2)) f[`a.b2.${id}`] = codeOf(CODE_SETS.deprived, v);
  for (const [id, v] of Object.entries(form.answers.screening ?? {})) f[`a.screening.${id}`] = codeOf(CODE_SETS.yesNo, v);
  for (const [id, v] of Object.entries(form.answers.b1Items ?? {})) f[`a.b1.${id}`] = v;
  for (const c of form.causes) f[causeField(c)] = '1';
  form.members.forEach((m, i) => {
    if (m.id !== undefined) f[`m.${i}.id`] = String(m.id);
    for (const k of MEMBER_FIELDS) {
      const codes = MEMBER_CODES[k];
      const value = m[k];
      f[`m.${i}.${k}`] = codes ? codeOf(codes, value) : k === 'birthDate' || k === 'idIssuedOn' ? formatDateInput(value as string | null) : str(value as string | null);
    }
  });
  return { fields: f, rows: form.members.length };
}

export interface ParsedForm {
  form: HouseholdFormInput;
  /** Field path → why its text cannot be stored (the field keeps its text). */
  errors: Record<string, string>;
}

function code<V>(raw: string, set: readonly CodeOption<V>[], label: string, path: string, errors: Record<string, string>): V | null {
  const t = raw.trim();
  if (t === '') return null;
  const o = set.find((x) => x.code === t);
  if (!o) errors[path] = `${label}: gõ ${choicesText(set)}.`;
  return o ? o.value : null;
}

const MEMBER_LABELS: Record<MemberField, string> = {
  fullName: 'Họ và tên',
  sex: 'Giới tính',
  birthDate: 'Ngày sinh',
  relation: 'Quan hệ với chủ hộ',
  ethnicity: 'Dân tộc',
  idNumber: 'Số CCCD/CMND',
  idIssuedOn: 'Ngày cấp',
  healthInsurance: 'Bảo hiểm y tế',
  schooling: 'Tình trạng đi học',
  education: 'Trình độ học vấn',
  employment: 'Việc làm',
  disability: 'Khuyết tật',
  workingCapacity: 'Khả năng lao động',
  nutrition: 'Dinh dưỡng (trẻ dưới 16 tuổi)',
};
export const memberLabel = (k: MemberField): string => MEMBER_LABELS[k];

/** Reads the typed fields into a form for the contract; wrong fields are left out and explained. */
export function parseRaw(raw: RawForm, layout: EntryLayout, place: { communeId: number; villageId: number | null; code?: string }): ParsedForm {
  const f = raw.fields;
  const get = (k: string): string => f[k] ?? '';
  const errors: Record<string, string> = {};
  const date = (k: string, allowYear = false): string | null => {
    const r = parseDateInput(get(k), { allowYear });
    if (!r.ok) errors[k] = r.message;
    return r.ok ? r.value : null;
  };
  const num = (k: string, label: string, integer = false): number | null => {
    const r = parseNumberInput(get(k), label, { integer });
    if (!r.ok) errors[k] = r.message;
    return r.ok ? r.value : null;
  };
  const members: MemberForm[] = [];
  for (let i = 0; i < raw.rows; i++) {
    const p = `m.${i}.`;
    if (MEMBER_FIELDS.every((k) => get(p + k).trim() === '')) continue;
    const fullName = get(p + 'fullName').trim();
    if (!fullName) errors[p + 'fullName'] = 'Chưa ghi họ và tên.';
    const sex = code(get(p + 'sex'), CODE_SETS.sex, 'Giới tính', p + 'sex', errors);
    if (!sex && !errors[p + 'sex']) errors[p + 'sex'] = 'Giới tính: gõ 1: Nam; 2: Nữ.';
    const relation = code(get(p + 'relation'), CODE_SETS.relation, 'Quan hệ với chủ hộ', p + 'relation', errors) ?? (i === 0 ? 'head' : 'other');
    const id = Number(get(p + 'id'));
    members.push({
      ...(id > 0 ? { id } : {}),
      seq: members.length + 1,
      fullName: fullName || `(chưa ghi tên ${members.length + 1})`,
      sex: sex ?? 'male',
      birthDate: date(p + 'birthDate', true),
      idNumber: get(p + 'idNumber').replace(/\s/gu, '') || null,
      idIssuedOn: date(p + 'idIssuedOn'),
      relation,
      ethnicity: get(p + 'ethnicity').trim(),
      healthInsurance: code(get(p + 'healthInsurance'), CODE_SETS.yesNo, 'Bảo hiểm y tế', p + 'healthInsurance', errors),
      schooling: code(get(p + 'schooling'), CODE_SETS.schooling, 'Tình trạng đi học', p + 'schooling', errors),
      education: code(get(p + 'education'), CODE_SETS.education, 'Trình độ học vấn', p + 'education', errors),
      employment: code(get(p + 'employment'), CODE_SETS.employment, 'Việc làm', p + 'employment', errors),
      disability: code(get(p + 'disability'), CODE_SETS.yesNo, 'Khuyết tật', p + 'disability', errors),
      workingCapacity: code(get(p + 'workingCapacity'), CODE_SETS.yesNo, 'Khả năng lao động', p + 'workingCapacity', errors),
      nutrition: code(get(p + 'nutrition'), CODE_SETS.nutrition, 'Dinh dưỡng', p + 'nutrition', errors),
    });
  }
  if (members.length === 0) errors['m.0.fullName'] = 'Hộ phải có ít nhất chủ hộ.';
  const kind = code(get('request.kind'), CODE_SETS.request, 'Loại giấy đề nghị', 'request.kind', errors);
  const b2: Record<string, boolean | null> = {};
  for (const item of layout.b2) b2[item.id] = code(get(`a.b2.${item.id}`), CODE_SETS.deprived, `Chỉ số ${item.number}`, `a.b2.${item.id}`, errors);
  let screening: Record<string, boolean | null> | null = null;
  if (layout.screening) {
    screening = {};
    for (const item of layout.screening.items) screening[item.id] = code(get(`a.screening.${item.id}`), CODE_SETS.yesNo, item.label, `a.screening.${item.id}`, errors);
  }
  let b1Items: Record<string, string> | null = null;
  if (layout.b1) {
    b1Items = {};
    for (const item of layout.b1.items) {
      const t = get(`a.b1.${item.id}`).trim();
      if (!t) continue;
      if (item.options.some((o) => o.id === t)) b1Items[item.id] = t;
      else errors[`a.b1.${item.id}`] = `${item.label}: chọn ${item.options.map((o) => o.id).join(', ')}.`;
    }
  }
  const area = code(get('area'), CODE_SETS.area, 'Khu vực', 'area', errors) ?? 'rural';
  const flags = Object.fromEntries(FLAG_FIELDS.map((k) => [k, code(get(`flags.${k}`), CODE_SETS.yesNo, 'Đặc điểm hộ', `flags.${k}`, errors) ?? false])) as HouseholdForm['flags'];
  const form: HouseholdFormInput = {
    ...(place.code ? { code: place.code } : {}),
    communeId: place.communeId,
    villageId: place.villageId,
    address: get('address'),
    currentAddress: get('currentAddress'),
    area,
    flags,
    request: kind ? { kind, receivedOn: date('request.receivedOn'), reason: get('request.reason'), idIssuedBy: get('request.idIssuedBy') } : null,
    reviewer: get('reviewer'),
    members: members.length ? members : [{ seq: 1, fullName: '(chưa ghi tên chủ hộ)', sex: 'male', birthDate: null, idNumber: null, idIssuedOn: null, relation: 'head', ethnicity: '', healthInsurance: null, schooling: null, education: null, employment: null, disability: null, workingCapacity: null, nutrition: null }],
    answers: {
      screening,
      scoreA: num('a.scoreA', 'Điểm A (tổng điểm Phiếu B1)'),
      b1Items,
      b1Region: get('a.b1Region').trim() || null,
      b2,
      monthlyIncome: num('a.monthlyIncome', 'Thu nhập bình quân'),
      housingAreaM2: num('a.housingAreaM2', 'Diện tích nhà ở'),
    },
    causes: CAUSES.filter((c) => get(causeField(c)) === '1'),
  };
  return { form, errors };
}
