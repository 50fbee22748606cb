/**
 * Calls of the monthly (ad hoc) review, "rà soát thường xuyên" (issue 15, item 5): requests
 * received (Mẫu 01: to be reviewed as poor/near-poor or as an average-living-standard household;
 * Mẫu 04: to be recognised as having escaped), each to be settled within the procedure's days
 * (resources/procedure/adhoc-review.json); a refusal gives its reasons in a letter; the monthly
 * report of changes. Merged into the contract (contract.ts) and the job kinds (jobs.ts).
 */
import { z } from 'zod';
import { IsoDateSchema } from '../entry/form';
import { Id } from './common';

export const REQUEST_FORMS = ['M01', 'M04'] as const;
export type RequestForm = (typeof REQUEST_FORMS)[number];
/** What is asked: Mẫu 01 for poor/near-poor or for average living standard; Mẫu 04 to leave the lists. */
export const REQUEST_PURPOSES = ['poverty', 'middle_income', 'exit'] as const;
export type RequestPurpose = (typeof REQUEST_PURPOSES)[number];
export const REQUEST_STATUSES = ['open', 'accepted', 'refused'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_FORM_LABELS: Record<RequestForm, string> = {
  M01: 'Mẫu số 01 — Giấy đề nghị rà soát / xác định hộ có mức sống trung bình',
  M04: 'Mẫu số 04 — Giấy đề nghị công nhận hộ thoát nghèo, thoát cận nghèo',
};
export const REQUEST_PURPOSE_LABELS: Record<RequestPurpose, string> = {
  poverty: 'rà soát hộ nghèo, hộ cận nghèo',
  middle_income: 'xác định hộ có mức sống trung bình',
  exit: 'công nhận thoát nghèo, thoát cận nghèo',
};
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = { open: 'Đang giải quyết', accepted: 'Đã nhận vào đợt rà soát', refused: 'Đã trả lời không đồng ý' };

const text = (max: number, message: string) => z.string().trim().min(1, { error: message }).max(max, { error: `Dài quá ${max} ký tự.` });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/u, { error: 'Tháng viết năm-tháng, ví dụ 2027-03.' });

export const requestInputs = {
  /** The procedure's days and their provenance (for the screen's explanations). */
  'requests.procedure': z.object({}),
  /** The requests of a commune (or all communes of the office), with deadline, days left and overdue as of `today`. */
  'requests.list': z.object({ communeId: Id.optional(), status: z.enum(REQUEST_STATUSES).optional(), today: IsoDateSchema.optional() }),
  /** A request received: an existing household (by id) or a new one (head's name and address). */
  'requests.add': z
    .object({
      communeId: Id,
      householdId: Id.nullable().default(null),
      headName: z.string().trim().max(120).default(''),
      address: z.string().trim().max(300).default(''),
      form: z.enum(REQUEST_FORMS),
      purpose: z.enum(REQUEST_PURPOSES),
      receivedOn: IsoDateSchema,
      receivedBy: text(120, 'Ghi tên người nhận đơn.'),
      reason: z.string().trim().max(1000).default(''),
    })
    .refine((r) => r.householdId !== null || r.headName.length > 0, { error: 'Chọn hộ đã có hoặc ghi họ tên chủ hộ của hộ mới.', path: ['headName'] })
    .refine((r) => (r.form === 'M04') === (r.purpose === 'exit'), { error: 'Mẫu số 04 là đề nghị thoát nghèo, thoát cận nghèo; Mẫu số 01 là đề nghị rà soát hoặc xác định hộ có mức sống trung bình.', path: ['purpose'] }),
  /** Accepted: the household goes into the ad hoc round (a household of an earlier round is copied). */
  'requests.accept': z.object({ requestId: Id, roundId: Id, settledOn: IsoDateSchema }),
  /** Refused with its reasons (printed in the letter). */
  'requests.refuse': z.object({
    requestId: Id,
    settledOn: IsoDateSchema,
    reasons: z.array(text(500, 'Lý do không được để trống.')).min(1, { error: 'Ghi ít nhất một lý do không đồng ý.' }).max(10),
  }),
  /** The month's figures: requests and households that entered or left the poor and near-poor lists. */
  'requests.monthly': z.object({ unitId: Id, month: Month }),
} as const;

export const requestJobInputs = {
  /** The refusal letter of one refused request (output: thong-bao-tra-loi-<id>.pdf). */
  'requests.letter': z.object({ requestId: Id }),
  /** The monthly report of changes (output: bao-cao-thang-<YYYY-MM>.pdf). */
  'requests.monthlyReport': z.object({ unitId: Id, month: Month }),
} as const;

export interface RequestRow {
  id: number;
  communeId: number;
  communeName: string;
  householdId: number | null;
  householdCode: string | null;
  headName: string;
  address: string;
  form: RequestForm;
  purpose: RequestPurpose;
  receivedOn: string;
  receivedBy: string;
  reason: string;
  status: RequestStatus;
  settledOn: string | null;
  /** The ad hoc round the household was put in, when accepted or listed. */
  roundId: number | null;
  refusalReasons: string[];
  /** The last day it may be settled (procedure data). */
  deadline: string;
  /** Days from `today` to the deadline (negative: late); null once settled. */
  daysLeft: number | null;
  /** Open past its deadline. */
  overdue: boolean;
  /** Settled after its deadline. */
  settledLate: boolean;
}

export interface ProcedureInfo {
  id: string;
  title: string;
  settleDays: number;
  countFrom: 'received' | 'review-start';
  reportDueDay: number;
  reportMonths: number[];
  provenance: string[];
  confidence: string;
}

export interface MonthlyChange {
  code: string;
  headName: string;
  communeName: string;
  village: string;
  memberCount: number;
  /** "Hộ nghèo mới", "Thoát nghèo, lên cận nghèo"… */
  change: string;
  roundTitle: string;
}

export interface MonthlyFigures {
  month: string;
  unitName: string;
  dueOn: string;
  /** Whether the law asks for the report of this month (reports due in February to September). */
  required: boolean;
  requests: { received: number; accepted: number; refused: number; open: number; overdue: number };
  /** Households (and people) per change, from the ad hoc rounds dated in the month. */
  entered: { poor: number; nearPoor: number; poorPeople: number; nearPoorPeople: number };
  left: { poor: number; nearPoor: number; poorPeople: number; nearPoorPeople: number };
  rows: MonthlyChange[];
  rounds: { id: number; title: string; referenceDate: string }[];
}

export interface RequestOutputs {
  'requests.procedure': ProcedureInfo;
  'requests.list': RequestRow[];
  'requests.add': RequestRow;
  'requests.accept': RequestRow & { copied: boolean };
  'requests.refuse': RequestRow;
  'requests.monthly': MonthlyFigures;
}

export interface RequestJobOutputs {
  'requests.letter': { files: { name: string; pages: number }[] };
  'requests.monthlyReport': { files: { name: string; pages: number }[] };
}
