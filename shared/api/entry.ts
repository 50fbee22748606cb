import type { ScreeningOutcome } from '../engine/screening';
import { z } from 'zod';
import type { ClassificationMethod, Status } from '../engine/ruleset';
import type { Transition } from '../engine/transition';
import { HouseholdFormSchema, IsoDateSchema, type HouseholdForm } from '../entry/form';
import type { EntryWarning } from '../entry/warnings';
import { decisionNumberAlone } from '../domain/decision-number';
import { Id } from './common';

/**
 * Contract entries of data entry (the paper forms), the review workflow of a commune and the
 * year-over-year round. Vietnamese refusal messages ride on the schemas (field by field).
 */
const text = (max: number, label: string) => z.string().max(max, { error: `${label} dài quá ${max} ký tự.` });
const count = (label: string) =>
  z.number({ error: `${label} phải là một số.` }).int({ error: `${label} phải là số nguyên.` }).min(0, { error: `${label} không được âm.` });

export const HOUSEHOLD_EVENT_KINDS = ['died', 'moved_out', 'born', 'married_in', 'moved_in', 'split', 'merged'] as const;
export type HouseholdEventKind = (typeof HOUSEHOLD_EVENT_KINDS)[number];

/** A household's version (households.version): raised by every save of its data. */
export const HouseholdVersion = z.number().int().positive();

/** A draft's key names the form it belongs to: "household:123" or "new:<round>:<village>". */
const DraftKey = z.string().regex(/^[a-z]+:[\w:-]{1,80}$/u);

export const entryInputs = {
  /** The form layout of a round: Phiếu A items, the B1 point table, the B2 indicators. */
  'entry.layout': z.object({ roundId: Id }),
  /** A stored household as its form, with its saved warnings. */
  'entry.form': z.object({ householdId: Id }),
  /** Class, explanation and warnings of a form as keyed, without saving (live while keying). */
  'entry.preview': z.object({ roundId: Id, householdId: Id.nullable().default(null), form: HouseholdFormSchema }),
  /**
   * Creates (householdId null) or updates a household from its form; audited, re-classified.
   * `version`: the household's version the form was read at (entry.form); a save based on an
   * older one is refused with CONFLICT (someone else saved since; nothing is written, the form is
   * kept as the household's draft). Absent: not checked (a caller holding no form read earlier).
   */
  'entry.save': z.object({ roundId: Id, householdId: Id.nullable().default(null), version: HouseholdVersion.optional(), form: HouseholdFormSchema }),
  /** The next household of the same village after this one, by head's name (Ctrl+Enter). */
  'entry.next': z.object({ householdId: Id }),
  'entry.drafts.save': z.object({ key: DraftKey, roundId: Id, householdId: Id.nullable().default(null), body: z.unknown() }),
  'entry.drafts.get': z.object({ key: DraftKey }),
  'entry.drafts.list': z.object({ roundId: Id }),
  'entry.drafts.delete': z.object({ key: DraftKey }),
  /** Every saved warning of a round (or a commune), for review. */
  'entry.warnings': z.object({ roundId: Id, communeId: Id.optional() }),
  'entry.events.record': z.object({
    householdId: Id,
    kind: z.enum(HOUSEHOLD_EVENT_KINDS),
    occurredOn: IsoDateSchema,
    memberId: Id.nullable().default(null),
    relatedHouseholdId: Id.nullable().default(null),
    note: text(500, 'Ghi chú').default(''),
  }),
  'entry.events.list': z.object({ householdId: Id }),

  'workflow.status': z.object({ roundId: Id, communeId: Id }),
  /** Step 1: the list to review, last round's poor and near-poor plus households that filed a request. */
  'workflow.buildList': z.object({ roundId: Id, communeId: Id }),
  'workflow.meeting': z.object({
    roundId: Id,
    villageId: Id,
    heldOn: IsoDateSchema,
    place: text(200, 'Địa điểm'),
    chair: text(120, 'Chủ trì'),
    secretary: text(120, 'Thư ký'),
    attendeesCount: count('Số người dự họp').min(1, { error: 'Số người dự họp phải từ 1 trở lên.' }),
    householdsPresent: count('Số hộ có mặt'),
    householdsListed: count('Số hộ trong danh sách').min(1, { error: 'Số hộ trong danh sách phải từ 1 trở lên.' }),
    agreedCount: count('Số người đồng ý'),
    reviewersCount: count('Số rà soát viên').nullable().default(null),
    /** What the minutes say; the app checks it against the 50 % rule. Absent: decided by the rule. */
    outcome: z.enum(['agreed', 're_review']).optional(),
  }),
  'workflow.posting': z.object({ roundId: Id, communeId: Id, fromDate: IsoDateSchema, toDate: IsoDateSchema, places: text(500, 'Nơi niêm yết') }),
  'workflow.complaint': z.object({ roundId: Id, householdId: Id, receivedOn: IsoDateSchema, content: text(2000, 'Nội dung khiếu nại').min(1, { error: 'Chưa ghi nội dung khiếu nại.' }) }),
  /** The re-check (phúc tra) of a complaint, after the household's forms were corrected if need be. */
  'workflow.recheck': z.object({ complaintId: Id, recheckedOn: IsoDateSchema, result: text(2000, 'Kết quả phúc tra').min(1, { error: 'Chưa ghi kết quả phúc tra.' }) }),
  'workflow.districtOpinion': z.object({ roundId: Id, communeId: Id, receivedOn: IsoDateSchema, number: text(60, 'Số văn bản'), content: text(2000, 'Nội dung') }),
  'workflow.decision': z.object({
    roundId: Id,
    communeId: Id,
    /** The number alone ("45"); "45/QĐ-UBND" as copied from the paper is taken as 45 (shared/domain/decision-number.ts). */
    number: text(60, 'Số quyết định').transform((v, ctx) => {
      const r = decisionNumberAlone(v);
      if (r.ok) return r.value;
      ctx.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }),
    signedOn: IsoDateSchema,
    signerName: text(120, 'Người ký').min(1, { error: 'Chưa ghi họ tên người ký.' }),
    signerTitle: text(120, 'Chức vụ người ký').min(1, { error: 'Chưa ghi chức vụ người ký.' }),
  }),
  'workflow.reopen': z.object({ roundId: Id, communeId: Id, reason: text(1000, 'Lý do mở lại').min(5, { error: 'Hãy ghi rõ lý do mở lại (ít nhất 5 ký tự).' }) }),
  /** Year over year: a new round whose households and members are copied from an earlier one. */
  'rounds.start': z.object({
    fromRoundId: Id,
    year: z.number().int().min(2021).max(2100),
    kind: z.enum(['periodic', 'adhoc']).default('periodic'),
    title: text(200, 'Tên đợt'),
    ruleSetId: z.string().min(1),
    unitMapDate: IsoDateSchema,
    referenceDate: IsoDateSchema,
  }),
} as const;

export interface LayoutItem {
  id: string;
  number: number;
  label: string;
  dimension: string;
  /** The roster decides it (the B2 answer is compared with what the members imply). */
  derivable: boolean;
}

export interface EntryLayout {
  roundId: number;
  year: number;
  referenceDate: string;
  ruleSet: { id: string; version: string; title: string };
  locked: boolean;
  hasDistrict: boolean;
  /** Phiếu A: null when the rule set has no item list yet ("chưa có danh mục Phiếu A"). */
  screening: { groups: { id: string; label: string; excludeAtLeast: number }[]; items: { id: string; group: string; label: string }[] } | null;
  /** Phiếu B1 point table, or null: the total score A is keyed as written. */
  b1: { regions: { id: string; label: string }[]; items: { id: string; label: string; options: { id: string; label: string }[] }[] } | null;
  b2: LayoutItem[];
  cutoff: { rural: number; urban: number } | null;
  /** What decides the class: score A (2022–2026) or the measured monthly income per person (2027 on). */
  method: ClassificationMethod;
  /** The income lines (đồng/người/tháng) by area, or null while not published. */
  incomeLines: { rural: number; urban: number } | null;
  /** The period's words for the areas ("thành thị" until 2026, "đô thị" from 2027). */
  areaLabels: { rural: string; urban: string };
}

export interface LiveResult {
  status: Status;
  statusLabel: string;
  transition: Transition | null;
  transitionLabel: string;
  scoreB: number | null;
  deprivationCount: number | null;
  explanation: string;
}

export interface PreviewOutput {
  /** Null while Phiếu B is incomplete; `missing` says what is still to key. */
  result: LiveResult | null;
  missing: string[];
  warnings: EntryWarning[];
  b1Sum: number | null;
  /** Phiếu A's outcome once every item is answered, when the rule set has a Phiếu A. */
  screening: ScreeningOutcome | null;
}

export interface SaveOutput extends PreviewOutput {
  householdId: number;
  code: string;
  created: boolean;
  changed: string[];
  /** The household's version after the save (the next save is based on it). */
  version: number;
}

export interface FormOutput {
  householdId: number;
  roundId: number;
  code: string;
  reviewState: string;
  locked: boolean;
  form: HouseholdForm;
  warnings: EntryWarning[];
  /** The version the form was read at: sent back with the save (a newer stored one refuses it). */
  version: number;
}

export interface DraftRow {
  key: string;
  roundId: number;
  householdId: number | null;
  body: unknown;
  savedAt: string;
}

export interface WarningRow extends EntryWarning {
  householdId: number;
  code: EntryWarning['code'];
  householdCode: string;
  headName: string;
  villageName: string;
}

export interface HouseholdEventRow {
  id: number;
  kind: HouseholdEventKind;
  occurredOn: string;
  personKey: string | null;
  /** The member in this household's roster (null for a household-level event). */
  memberId: number | null;
  memberName: string | null;
  relatedHouseholdId: number | null;
  relatedHouseholdCode: string | null;
  note: string;
  createdAt: string;
}

export interface MeetingOutput {
  id: number;
  outcome: 'agreed' | 're_review';
  agreedPercent: number;
  presentPercent: number;
  householdsMoved: number;
}

/** What building the list found (step 1): households listed, and the requests received (Mẫu 01, Mẫu 04), all included. */
export interface ListBuilt {
  listed: number;
  /** Households that filed a request (Mẫu 01 or Mẫu 04); every one is on the list. */
  requests: number;
  mau01: number;
  mau04: number;
  /** Households listed because they were poor or near-poor in the previous periodic round. */
  lastYear: number;
}

/** A listed household that has no valid result: `no_result` (Phiếu B incomplete) or `changed` (answers changed after the result). */
export interface UnscoredRow {
  householdId: number;
  code: string;
  headName: string;
  villageName: string;
  reviewState: string;
  reason: 'no_result' | 'changed';
}

/** A household poor or near-poor in the previous periodic round with no record in this round. */
export interface MissingRow {
  /** Its record in the previous round. */
  householdId: number;
  code: string;
  headName: string;
  villageName: string;
  status: 'poor' | 'near_poor';
}

export interface WorkflowStatus {
  roundId: number;
  communeId: number;
  locked: boolean;
  hasDistrict: boolean;
  byState: Record<string, number>;
  /** Each time the list was built (step 1), when (ISO time) and what it found (null: not recorded by older versions). */
  lists: { at: string; listed: number; requests: number; mau01: number | null; mau04: number | null; lastYear: number | null }[];
  /** Listed households not (validly) scored: recognition is refused while there is one. */
  unscored: UnscoredRow[];
  /** The previous periodic round's year, or null when there is none. */
  previousYear: number | null;
  /** Last year's poor and near-poor of the commune with no record this year (shown before the decision). */
  missing: MissingRow[];
  meetings: { id: number; villageId: number; villageName: string; heldOn: string; agreedPercent: number; outcome: string }[];
  postings: { id: number; fromDate: string; toDate: string; places: string }[];
  complaints: { id: number; householdId: number; receivedOn: string; content: string; result: string | null; statusBefore: string | null; statusAfter: string | null }[];
  districtOpinions: { id: number; receivedOn: string; number: string; content: string }[];
  decisions: { id: number; number: string; signedOn: string; signerName: string; signerTitle: string }[];
}

export interface EntryOutputs {
  'entry.layout': EntryLayout;
  'entry.form': FormOutput;
  'entry.preview': PreviewOutput;
  'entry.save': SaveOutput;
  'entry.next': { householdId: number | null };
  'entry.drafts.save': { savedAt: string };
  'entry.drafts.get': DraftRow | null;
  'entry.drafts.list': DraftRow[];
  'entry.drafts.delete': { deleted: boolean };
  'entry.warnings': WarningRow[];
  'entry.events.record': { id: number };
  'entry.events.list': HouseholdEventRow[];
  'workflow.status': WorkflowStatus;
  'workflow.buildList': ListBuilt;
  'workflow.meeting': MeetingOutput;
  'workflow.posting': { id: number; householdsPosted: number };
  'workflow.complaint': { id: number };
  'workflow.recheck': { id: number; statusBefore: Status | null; statusAfter: Status | null; changed: boolean };
  'workflow.districtOpinion': { id: number };
  'workflow.decision': { id: number; recognised: number };
  'workflow.reopen': { reopened: boolean };
  /** waiting: households of divided communes held until their village is assigned a new commune (reform.queue). */
  'rounds.start': { roundId: number; households: number; members: number; waiting: number };
}
