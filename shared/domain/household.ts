import { z } from 'zod';

/** Codes as on the paper forms. */
export const SEXES = ['male', 'female'] as const;
export const SEX_LABELS = { male: 'Nam', female: 'Nữ' } as const;

export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other'] as const;
export const RELATION_LABELS: Record<(typeof RELATIONS)[number], string> = {
  head: 'Chủ hộ',
  spouse: 'Vợ/chồng',
  child: 'Con',
  parent: 'Bố/mẹ',
  grandchild: 'Cháu',
  sibling: 'Anh/chị/em',
  other: 'Khác',
};

export const SCHOOLING = ['attending', 'not_attending'] as const;
export const SCHOOLING_LABELS: Record<(typeof SCHOOLING)[number], string> = {
  attending: 'Đang đi học',
  not_attending: 'Không đi học',
};

export const EDUCATION = ['none', 'primary', 'lower_secondary', 'upper_secondary', 'vocational', 'college_or_higher'] as const;
export const EDUCATION_LABELS: Record<(typeof EDUCATION)[number], string> = {
  none: 'Chưa đi học / chưa tốt nghiệp tiểu học',
  primary: 'Tiểu học',
  lower_secondary: 'Trung học cơ sở',
  upper_secondary: 'Trung học phổ thông',
  vocational: 'Sơ cấp, trung cấp nghề',
  college_or_higher: 'Cao đẳng trở lên',
};

export const EMPLOYMENT = [
  'wage_contract',
  'wage_no_contract',
  'self_employed',
  'unemployed',
  'not_in_labour_force',
] as const;
export const EMPLOYMENT_LABELS: Record<(typeof EMPLOYMENT)[number], string> = {
  wage_contract: 'Làm công ăn lương, có hợp đồng lao động',
  wage_no_contract: 'Làm công ăn lương, không có hợp đồng lao động',
  self_employed: 'Tự làm (nông nghiệp, buôn bán…)',
  unemployed: 'Thất nghiệp (có khả năng, muốn làm việc nhưng không có việc)',
  not_in_labour_force: 'Không tham gia lao động (đi học, già, mất sức…)',
};

export const NUTRITION = ['normal', 'stunted', 'underweight'] as const;
export const NUTRITION_LABELS: Record<(typeof NUTRITION)[number], string> = {
  normal: 'Bình thường',
  stunted: 'Thấp còi',
  underweight: 'Nhẹ cân',
};

/** ISO date "1985-03-15", or a bare year "1985" when the form gives only the year. */
export const BirthDateSchema = z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/u);

export const MemberSchema = z.object({
  seq: z.number().int().positive(),
  fullName: z.string().min(1).max(120),
  sex: z.enum(SEXES),
  birthDate: BirthDateSchema.nullable(),
  idNumber: z.string().max(20).nullable(),
  relation: z.enum(RELATIONS),
  ethnicity: z.string().max(40),
  healthInsurance: z.boolean().nullable(),
  schooling: z.enum(SCHOOLING).nullable(),
  education: z.enum(EDUCATION).nullable(),
  employment: z.enum(EMPLOYMENT).nullable(),
  disability: z.boolean().nullable(),
  workingCapacity: z.boolean().nullable(),
  nutrition: z.enum(NUTRITION).nullable(),
});
export type Member = z.infer<typeof MemberSchema>;

/** Age in whole years at a reference date; a bare birth year counts as 1 January. */
export function ageAt(birthDate: string | null, referenceDate: string): number | null {
  if (!birthDate) return null;
  const [by, bm = 1, bd = 1] = birthDate.split('-').map(Number) as [number, number?, number?];
  const [ry, rm, rd] = referenceDate.split('-').map(Number) as [number, number, number];
  let age = ry - by;
  if (rm < bm || (rm === bm && rd < bd)) age -= 1;
  return age;
}
