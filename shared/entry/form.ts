import { z } from 'zod';
import { CAUSES } from '../domain/causes';
import { EDUCATION, EMPLOYMENT, NUTRITION, RELATIONS, SCHOOLING, SEXES } from '../domain/household';
import { AreaSchema } from '../engine/ruleset';
import { isRealIsoDate } from './dates';

/**
 * What the entry screens key, as one household form: Mẫu 01 / Mẫu 04 (the request), the
 * household and member roster, Phiếu A and Phiếu B. Each refusal carries its Vietnamese
 * message (the dispatcher returns it per field path).
 */
const Id = z.number().int().positive();

/**
 * The longest text each field takes, stated once: the entry form refuses longer, and so does the
 * Excel import for the columns it fills (excel/assemble.ts). A household code tens of thousands
 * of characters long would make every list of its commune slow to build.
 */
export const TEXT_LIMITS = {
  code: { max: 30, label: 'Mã hộ' },
  fullName: { max: 120, label: 'Họ và tên' },
  idNumber: { max: 20, label: 'Số CCCD/CMND' },
  ethnicity: { max: 40, label: 'Dân tộc' },
  address: { max: 300, label: 'Nơi thường trú' },
  currentAddress: { max: 300, label: 'Nơi ở hiện tại' },
  reason: { max: 2000, label: 'Lý do đề nghị' },
  idIssuedBy: { max: 120, label: 'Cơ quan cấp' },
  reviewer: { max: 120, label: 'Rà soát viên' },
  /** A village named in an imported list (added to the commune when new). */
  village: { max: 120, label: 'Thôn/ấp' },
} as const satisfies Record<string, { max: number; label: string }>;
export type TextLimit = (typeof TEXT_LIMITS)[keyof typeof TEXT_LIMITS];

/** What is wrong with a text over its limit ("Mã hộ dài quá 30 ký tự"): the form adds a full stop, the import where the cell is. */
export const tooLong = (limit: { max: number; label: string }): string => `${limit.label} dài quá ${limit.max} ký tự`;

const text = (max: number, label: string) => z.string().max(max, { error: `${tooLong({ max, label })}.` });
const limited = (limit: TextLimit) => text(limit.max, limit.label);

export const IsoDateSchema = z.string().refine(isRealIsoDate, { error: 'Ngày không có thật (ví dụ 31/02): hãy kiểm tra lại.' });
/** A birth date: a real ISO date, or a bare year when the form gives only the year. */
export const BirthSchema = z.string().refine((v) => /^\d{4}$/u.test(v) || isRealIsoDate(v), {
  error: 'Ngày sinh không có thật (ví dụ 31/02): hãy kiểm tra lại.',
});
const amount = (label: string) =>
  z.number({ error: `${label} phải là một số.` }).finite({ error: `${label} phải là một số.` }).min(0, { error: `${label} không được âm.` });

export const MemberFormSchema = z.object({
  /** The stored member this row edits; absent for a new member. */
  id: Id.optional(),
  seq: z.number().int().positive(),
  fullName: limited(TEXT_LIMITS.fullName).min(1, { error: 'Chưa ghi họ và tên.' }),
  sex: z.enum(SEXES, { error: 'Giới tính: gõ 1 (Nam) hoặc 2 (Nữ).' }),
  birthDate: BirthSchema.nullable(),
  idNumber: limited(TEXT_LIMITS.idNumber).nullable(),
  idIssuedOn: IsoDateSchema.nullable().default(null),
  relation: z.enum(RELATIONS, { error: 'Quan hệ với chủ hộ không hợp lệ.' }),
  ethnicity: limited(TEXT_LIMITS.ethnicity),
  healthInsurance: z.boolean().nullable(),
  schooling: z.enum(SCHOOLING).nullable(),
  education: z.enum(EDUCATION).nullable(),
  employment: z.enum(EMPLOYMENT).nullable(),
  disability: z.boolean().nullable(),
  workingCapacity: z.boolean().nullable(),
  nutrition: z.enum(NUTRITION).nullable(),
});
export type MemberForm = z.infer<typeof MemberFormSchema>;

/** Mẫu 01 asks to be reviewed (poor, near-poor or middle income); Mẫu 04 to be recognised as escaped. */
export const REQUEST_KINDS = ['mau01', 'mau04'] as const;
export const RequestSchema = z.object({
  kind: z.enum(REQUEST_KINDS),
  receivedOn: IsoDateSchema.nullable(),
  reason: limited(TEXT_LIMITS.reason),
  /** Mẫu 04: "Cơ quan cấp" of the ID card. */
  idIssuedBy: limited(TEXT_LIMITS.idIssuedBy).default(''),
});

export const AnswersFormSchema = z.object({
  /** Phiếu A: item id → yes (true) / no (false) / not answered. */
  screening: z.record(z.string(), z.boolean().nullable()).nullable().default(null),
  /** Phiếu B1: total score A as written on the paper form. */
  scoreA: amount('Điểm A (tổng điểm Phiếu B1)').max(1000, { error: 'Điểm A không quá 1000.' }).nullable(),
  /** Phiếu B1 item answers where the rule set has a point table: item id → option id. */
  b1Items: z.record(z.string(), z.string()).nullable().default(null),
  b1Region: z.string().max(40).nullable().default(null),
  /** Phiếu B2: indicator id → deprived (true), not deprived (false), not answered (null). */
  b2: z.record(z.string(), z.boolean().nullable()).default({}),
  monthlyIncome: amount('Thu nhập bình quân').nullable().default(null),
  /** Floor area of the house in m² (feeds "diện tích nhà ở bình quân đầu người"). */
  housingAreaM2: amount('Diện tích nhà ở').nullable().default(null),
});

export const HouseholdFormSchema = z.object({
  code: limited(TEXT_LIMITS.code).optional(),
  communeId: Id,
  villageId: Id.nullable(),
  /** Nơi thường trú. */
  address: limited(TEXT_LIMITS.address),
  /** Nơi ở hiện tại (Mẫu 01), when it differs. */
  currentAddress: limited(TEXT_LIMITS.currentAddress).default(''),
  area: AreaSchema,
  flags: z.object({ ethnicMinority: z.boolean(), noWorkingCapacity: z.boolean(), meritPerson: z.boolean(), femaleHead: z.boolean() }),
  request: RequestSchema.nullable().default(null),
  reviewer: limited(TEXT_LIMITS.reviewer).default(''),
  members: z.array(MemberFormSchema).min(1, { error: 'Hộ phải có ít nhất chủ hộ.' }).max(40),
  answers: AnswersFormSchema,
  /** Nguyên nhân nghèo (several may apply); asked again every round, none by default. */
  causes: z
    .array(z.enum(CAUSES, { error: `Nguyên nhân nghèo không có trong danh mục: chọn trong các nguyên nhân 1–${CAUSES.length}.` }))
    .max(CAUSES.length, { error: `Nguyên nhân nghèo: nhiều nhất ${CAUSES.length}.` })
    .default([]),
});
export type HouseholdForm = z.infer<typeof HouseholdFormSchema>;
export type HouseholdFormInput = z.input<typeof HouseholdFormSchema>;
