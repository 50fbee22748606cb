// The guidance on each box of the entry screen (issue 15 item 6): data beside the rule set
// (resources/guidance/<rule set>.json), read by F1 and printed as the enumerators' handbook.
import { z } from 'zod';
import { CODE_SETS } from '../entry/codes';

/** A code set of shared/entry/codes.ts, or the causes of poverty (shared/domain/causes.ts): referenced, never copied. */
export const GUIDANCE_CODE_SETS = [...(Object.keys(CODE_SETS) as (keyof typeof CODE_SETS)[]), 'causes'] as const;
export type GuidanceCodeSet = (typeof GUIDANCE_CODE_SETS)[number];

/** Which form a box belongs to, in the handbook's order. */
export const GUIDANCE_FORMS = ['request', 'household', 'a', 'b1', 'b2', 'members'] as const;
export type GuidanceForm = (typeof GUIDANCE_FORMS)[number];

export const GUIDANCE_FORM_TITLES: Record<GuidanceForm, string> = {
  request: 'Giấy đề nghị (Mẫu số 01, Mẫu số 04)',
  household: 'Thông tin chung của hộ',
  a: 'Phiếu A — Nhận dạng nhanh',
  b1: 'Phiếu B1 — Thu nhập',
  b2: 'Phiếu B2 — Các chỉ số thiếu hụt',
  members: 'Thành viên hộ',
};

/** confirmed: read in the legal text; to_verify: written by the app or not yet checked against the official text. */
export const GUIDANCE_STATUSES = ['confirmed', 'to_verify'] as const;
export type GuidanceStatus = (typeof GUIDANCE_STATUSES)[number];
export const GUIDANCE_STATUS_LABELS: Record<GuidanceStatus, string> = { confirmed: 'Đã xác nhận', to_verify: 'Chưa xác nhận' };

const Text = z.string().trim().min(1).max(2000);

export const GuidanceEntrySchema = z.strictObject({
  form: z.enum(GUIDANCE_FORMS),
  label: Text,
  /** What to ask the household. */
  ask: Text,
  /** What counts: the definition or threshold behind the answer. */
  counts: Text,
  /** The code set the box is typed in (its labels are read from the code set), or null for a free box. */
  codes: z.enum(GUIDANCE_CODE_SETS).nullable().default(null),
  /** A worked example. */
  example: Text,
  source: z.strictObject({ document: Text, article: Text }),
  status: z.enum(GUIDANCE_STATUSES),
});
export type GuidanceEntry = z.output<typeof GuidanceEntrySchema>;

/**
 * One period's guidance. Keys are the entry screen's field ids (shared/entry/raw.ts) with a
 * member row's index left out ("m.sex" for "m.3.sex"); a key may stand for all the boxes under
 * it ("a.screening" for every Phiếu A item, "causes" for every cause's tick box).
 */
export const GuidanceBookSchema = z.strictObject({
  $comment: z.string().optional(),
  id: z.string().min(1).max(80),
  /** The rule sets this guidance goes with; another rule set uses the book whose period holds its start date. */
  ruleSets: z.array(z.string().min(1)).min(1),
  period: z.strictObject({ from: z.iso.date(), to: z.iso.date() }),
  title: Text,
  provenance: z.strictObject({ document: Text, compiledFrom: Text, note: Text }),
  entries: z.record(z.string().regex(/^[A-Za-z0-9.]+$/u), GuidanceEntrySchema),
});
export type GuidanceBook = z.output<typeof GuidanceBookSchema>;
