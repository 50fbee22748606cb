/**
 * Calls of the province's views on the merged packages (issue 13, "Tỉnh nhận gói"): which
 * communes of the province's round have sent their package (when, from which office, by whom),
 * which step of the review each has reached and its counts; and the engine's recomputation of a
 * received commune's results compared with the results the commune sent (a mismatch is listed,
 * never written over). Merged into the contract (contract.ts).
 */
import { z } from 'zod';
import { Id } from './common';

export const provinceInputs = {
  /** The receipt status of every commune of the round (default: the office's latest round). */
  'province.receipts': z.object({ roundId: Id.optional() }),
  /** Recomputes every result of one received commune and compares it with the stored one; nothing is written. */
  'province.recompute': z.object({ roundId: Id, communeId: Id }),
} as const;

/** How far a commune's review has gone, by its workflow records (the last step reached). */
export const PROVINCE_STEPS = ['entry', 'list', 'meetings', 'posting', 'opinion', 'decision'] as const;
export type ProvinceStep = (typeof PROVINCE_STEPS)[number];
export const PROVINCE_STEP_LABELS: Record<ProvinceStep, string> = {
  entry: 'Đang rà soát, nhập phiếu',
  list: 'Đã lập danh sách',
  meetings: 'Đã họp dân ở thôn',
  posting: 'Đã niêm yết',
  opinion: 'Đã có ý kiến của huyện',
  decision: 'Đã có quyết định công nhận',
};

export interface CommuneReceipt {
  communeId: number;
  code: string;
  name: string;
  received: boolean;
  /** The last package imported for the commune, null when none has been received. */
  last: {
    receivedAt: string;
    receivedBy: string;
    officeCode: string;
    officeName: string;
    createdAt: string;
    createdBy: string;
    forced: boolean;
  } | null;
  packages: number;
  step: ProvinceStep;
  stepLabel: string;
  households: number;
  members: number;
  poor: number;
  nearPoor: number;
}

export interface ProvinceReceipts {
  round: { id: number; year: number; title: string } | null;
  office: { code: string; name: string } | null;
  communes: CommuneReceipt[];
  /** The communes of the round not received yet (names, for the line under the table). */
  notReceived: { code: string; name: string }[];
  totals: { communes: number; received: number; households: number; members: number; poor: number; nearPoor: number };
}

/** A value of the stored result and the engine's, side by side. */
export interface ResultMismatchField {
  field: 'scoreA' | 'status' | 'scoreB' | 'deprivationCount' | 'transition';
  label: string;
  stored: string | number | null;
  computed: string | number | null;
}

export interface ResultMismatch {
  householdId: number;
  code: string;
  headName: string;
  fields: ResultMismatchField[];
}

export interface ProvinceRecompute {
  roundId: number;
  communeId: number;
  communeName: string;
  ruleSet: { id: string; version: string | null };
  /** Households whose result was recomputed (those with a stored result or enough answers to have one). */
  checked: number;
  same: number;
  mismatches: ResultMismatch[];
  /** Households whose transition was not compared: no earlier round of theirs in this database. */
  transitionUnchecked: number;
}

export interface ProvinceOutputs {
  'province.receipts': ProvinceReceipts;
  'province.recompute': ProvinceRecompute;
}
