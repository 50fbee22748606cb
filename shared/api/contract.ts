import { z } from 'zod';
import '../zod-locale';
import type { LocalResult } from '../engine/classify';
import { AreaSchema, StatusSchema, type Area, type PartStatus, type RuleSetPartName, type Status } from '../engine/ruleset';
import type { RuleSetChange } from '../engine/ruleset-diff';
import { TRANSITIONS, type Transition } from '../engine/transition';
import type { Member } from '../domain/household';
import { Id } from './common';
import { authApiInputs, type AuthApiOutputs } from './auth';
import { documentInputs, type DocumentOutputs } from './documents';
import { entryInputs, HouseholdVersion, type EntryOutputs } from './entry';
import { excelInputs, type ExcelOutputs } from './excel';
import { exchangeInputs, type ExchangeOutputs } from './exchange';
import { jobApiInputs, type JobApiOutputs } from './jobs';
import { reformApiInputs, type ReformApiOutputs } from './reform';
import { roundApiInputs, type RoundApiOutputs } from './rounds';
import { unitApiInputs, type UnitApiOutputs } from './units';
import { villageApiInputs, type VillageApiOutputs } from './villages';
import { overviewInputs, type OverviewOutputs } from './overview';
import { requestInputs, type RequestOutputs } from './requests';
import { incomeInputs, type IncomeOutputs } from './income';
import { guidanceInputs, type GuidanceOutputs } from './guidance';
import { provinceInputs, type ProvinceOutputs } from './province';
import { publishedInputs, type PublishedOutputs } from './published';

/**
 * The one typed contract for every call the renderer makes. Inputs are zod schemas (checked by
 * the core's dispatcher on both transports: Electron IPC and the local HTTP host); outputs are
 * JSON-safe types (ISO date strings, no Date/Map/Buffer).
 */

export const HOUSEHOLD_SORTS = ['name', 'code', 'village', 'status', 'scoreA', 'scoreB', 'members', 'commune', 'transition', 'reviewState'] as const;
export type HouseholdSort = (typeof HOUSEHOLD_SORTS)[number];

const coreInputs = {
  'app.info': z.object({}),
  'ruleSets.list': z.object({}),
  /** Administrator copies waiting for confirmation (with their changes) and the files left out. */
  'rulesets.pending': z.object({}),
  /** Confirms exactly the content shown (its sha256): from then on the copy is used. */
  'rulesets.confirm': z.object({ id: z.string().min(1).max(100), sha256: z.string().regex(/^[0-9a-f]{64}$/u) }),
  'rounds.list': z.object({}),
  'units.communes': z.object({ roundId: Id }),
  'units.villages': z.object({ roundId: Id, communeId: Id }),
  'households.list': z.object({
    roundId: Id,
    communeId: Id.optional(),
    villageId: Id.optional(),
    search: z.string().max(200).optional(),
    status: z.union([StatusSchema, z.literal('unclassified')]).optional(),
    /** The review tables' filters: transition ('none': no earlier result), review state, saved warnings, flags. */
    transition: z.union([z.enum(TRANSITIONS), z.literal('none')]).optional(),
    reviewState: z.string().max(40).optional(),
    warnings: z.boolean().optional(),
    flags: z
      .object({ ethnicMinority: z.boolean(), noWorkingCapacity: z.boolean(), meritPerson: z.boolean(), femaleHead: z.boolean() })
      .partial()
      .optional(),
    /** Adds the totals row of the filtered households (members, by class). */
    totals: z.boolean().optional(),
    sort: z.enum(HOUSEHOLD_SORTS).default('name'),
    dir: z.enum(['asc', 'desc']).default('asc'),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(1000).default(100),
  }),
  'households.get': z.object({ householdId: Id }),
  'households.update': z.object({
    householdId: Id,
    /** The household's version the values were read at; an older one than stored is refused (CONFLICT). */
    version: HouseholdVersion.optional(),
    changes: z
      .object({
        address: z.string().max(300).optional(),
        area: AreaSchema.optional(),
        ethnicMinority: z.boolean().optional(),
        noWorkingCapacity: z.boolean().optional(),
        meritPerson: z.boolean().optional(),
        femaleHead: z.boolean().optional(),
      })
      .strict(),
  }),
  'households.history': z.object({ householdId: Id }),
  'backups.list': z.object({}),
  /** plain: an unsealed copy even when the office has a backup passphrase (warned on screen, audited). */
  'backups.create': z.object({ label: z.string().max(60).optional(), plain: z.boolean().optional() }),
  /** Restores a backup of the backup folder, by file name (never an arbitrary path). */
  'backups.restore': z.object({
    name: z.string().regex(/^rasoat-[\w-]+\.sqlite(?:\.enc)?$/u),
    /** The office's backup passphrase, for a sealed backup (….sqlite.enc). */
    passphrase: z.string().max(200).optional(),
  }),
  /** Whether backups are sealed, and who set the passphrase when. */
  'backups.encryption': z.object({}),
  /** Sets or changes the office's backup passphrase: from then on every backup is sealed with it (AES-256-GCM). */
  'backups.setPassphrase': z.object({
    passphrase: z
      .string()
      .min(10, { error: 'Mật khẩu sao lưu phải có ít nhất 10 ký tự.' })
      .max(200, { error: 'Mật khẩu sao lưu dài quá 200 ký tự.' }),
  }),
} as const;

/** Every call: the core's own, then each area's (one file per area in shared/api/). */
export const inputs = { ...coreInputs, ...jobApiInputs, ...entryInputs, ...documentInputs, ...excelInputs, ...unitApiInputs, ...roundApiInputs, ...reformApiInputs, ...villageApiInputs, ...authApiInputs, ...exchangeInputs, ...overviewInputs, ...requestInputs, ...incomeInputs, ...guidanceInputs, ...provinceInputs, ...publishedInputs } as const;

export type ApiMethod = keyof typeof inputs;
export const API_METHODS = Object.keys(inputs) as ApiMethod[];
export type ApiInput<M extends ApiMethod> = z.input<(typeof inputs)[M]>;
export type ApiParsedInput<M extends ApiMethod> = z.output<(typeof inputs)[M]>;

export interface RuleSetSummary {
  id: string;
  version: string;
  kind: 'national' | 'local';
  title: string;
  province?: string;
  validFrom: string;
  validTo: string;
  synthetic: boolean;
  parts: { name: RuleSetPartName; label: string; status: PartStatus; document: string; note: string | null }[];
  /** The document the rule set as a whole rests on. */
  basis: string;
  /** For an administrator copy from the data folder: the file, and who let it in use and when. */
  administrator?: RuleSetConfirmationView;
}

/** Who let an administrator rule-set file in use and when: loaded through the app, or confirmed. */
export interface RuleSetConfirmationView {
  file: string;
  sha256: string;
  version: string;
  how: 'confirmed' | 'loaded_in_app';
  confirmedBy: string;
  confirmedAt: string;
}

/** An administrator rule-set file not used until confirmed, with what it changes. */
export interface PendingRuleSetView {
  id: string;
  version: string;
  title: string;
  file: string;
  sha256: string;
  against: { source: 'shipped' | 'data'; version: string } | null;
  changes: RuleSetChange[];
}

export interface RuleSetPending {
  pending: PendingRuleSetView[];
  /** Files left out because they are not valid rule sets (Vietnamese message naming the file). */
  problems: { file: string; message: string }[];
}

export interface AppInfo {
  version: string;
  schemaVersion: number;
  dbPath: string;
  dataDir: string;
  backupDir: string;
}

export interface RoundSummary {
  id: number;
  year: number;
  kind: 'periodic' | 'adhoc';
  title: string;
  ruleSetId: string;
  unitMapDate: string;
  referenceDate: string;
  locked: boolean;
  /** True when the round predates 1/7/2025 and so has a district level. */
  hasDistrict: boolean;
  householdCount: number;
  classifiedCount: number;
}

export interface UnitSummary {
  id: number;
  code: string;
  name: string;
  /** xa, phuong, thi_tran, dac_khu, thon, ap, to_dan_pho, huyen, tinh... */
  type: string;
  fullName: string;
  householdCount: number;
}

export interface HouseholdRow {
  id: number;
  code: string;
  headName: string;
  headIdNumber: string | null;
  communeName: string;
  villageName: string;
  memberCount: number;
  area: Area;
  scoreA: number | null;
  scoreB: number | null;
  status: Status | null;
  transition: Transition | null;
  ethnicMinority: boolean;
  reviewState: string;
  warningCount: number;
}

/** The totals row of a review table: the filtered households, their members, and each class. */
export interface HouseholdTotals {
  households: number;
  members: number;
  byStatus: Record<Status | 'unclassified', number>;
}

/** The most households a list counts exactly; past it, the list says "hơn 10.000 hộ" (HouseholdList.totalCapped). */
export const HOUSEHOLD_COUNT_CAP = 10_000;

export interface HouseholdList {
  /**
   * How many households the list holds: exact, or, when totalCapped, only "more than this"
   * (the cap, HOUSEHOLD_COUNT_CAP): a broad search or filter is not counted to its end.
   * Pages reach every household either way (a page shorter than asked for is the last).
   */
  total: number;
  /** True when total is the cap and the list holds more households than it. */
  totalCapped: boolean;
  rows: HouseholdRow[];
  /** The totals row; left out (with totalCapped) when the list holds more households than the cap. */
  totals?: HouseholdTotals;
}

export interface IndicatorView {
  id: string;
  number: number;
  label: string;
  dimension: string;
  /** The B2 answer as keyed: true = deprived. */
  answer: boolean | null;
  /** What the member roster implies, when it can tell; a disagreement is shown, never applied. */
  derived: boolean | null;
}

export interface ResultView {
  status: Status;
  statusLabel: string;
  scoreB: number | null;
  deprivationCount: number | null;
  deprived: string[];
  transition: Transition | null;
  transitionLabel: string;
  explanation: string;
  ruleSet: { id: string; version: string };
  unverified: string[];
  referToReview: boolean;
  computedAt: string;
  local: LocalResult[];
}

export interface HouseholdDetail {
  id: number;
  roundId: number;
  roundYear: number;
  code: string;
  address: string;
  communeName: string;
  villageName: string;
  area: Area;
  flags: { ethnicMinority: boolean; noWorkingCapacity: boolean; meritPerson: boolean; femaleHead: boolean };
  reviewState: string;
  members: (Member & { id: number; age: number | null })[];
  scoreA: number | null;
  monthlyIncomePerCapita: number | null;
  indicators: IndicatorView[];
  result: ResultView | null;
  history: { year: number; status: Status }[];
}

/**
 * One line of a household's change history, read in Vietnamese (households.history): the form's
 * label of what changed (the member's name for a member's field), the values as labels, the user's
 * full name and the local time "dd/mm/yyyy hh:mm". The stored values stay beside them.
 */
export interface HouseholdHistoryEntry {
  /** When (ISO, as stored) and as the office reads it: "05/02/2026 14:07". */
  at: string;
  when: string;
  /** The sign-in name; the user's full name when known (else the sign-in name). */
  actor: string;
  who: string;
  action: string;
  /** "Sửa", "Tạo mới", "Nhập từ Excel", "Phân loại"… */
  actionLabel: string;
  /** The stored field ("answers.score_a", "employment", "answers.b2.water"), null for a whole-record line. */
  field: string | null;
  /** The form's label: "Phiếu B1 – Tổng điểm A", "Thành viên Lâm Thị Mai – Việc làm". */
  what: string;
  memberName: string | null;
  oldValue: unknown;
  newValue: unknown;
  /** The values as labels ("Hộ nghèo", "Có", "Con", "15/06/2021"); "" where the line has none. */
  oldText: string;
  newText: string;
}

export interface ClassifySummary {
  classified: number;
  /** Households whose Phiếu B is not complete. */
  skipped: number;
  /** Communes left as they are because their recognition decision locked them. */
  lockedCommunes: number;
  byStatus: Record<Status, number>;
  ruleSet: { id: string; version: string };
}

/** Whether the office seals its backups with a passphrase (issue 12: data at rest). */
export interface BackupEncryption {
  sealed: boolean;
  setAt: string | null;
  /** Who set the passphrase: the user's full name (else the sign-in name). */
  setBy: string | null;
}

export interface BackupInfo {
  file: string;
  name: string;
  size: number;
  createdAt: string;
  reason: string;
  /** Sealed with the office's backup passphrase (AES-256-GCM): restoring asks for it. */
  encrypted: boolean;
}

interface CoreOutputs {
  'app.info': AppInfo;
  'ruleSets.list': RuleSetSummary[];
  'rulesets.pending': RuleSetPending;
  'rulesets.confirm': RuleSetConfirmationView & { id: string };
  'rounds.list': RoundSummary[];
  'units.communes': UnitSummary[];
  'units.villages': UnitSummary[];
  'households.list': HouseholdList;
  'households.get': HouseholdDetail;
  'households.update': { changed: string[] };
  'households.history': HouseholdHistoryEntry[];
  'backups.list': BackupInfo[];
  'backups.create': BackupInfo;
  'backups.restore': BackupInfo;
  'backups.encryption': BackupEncryption;
  'backups.setPassphrase': BackupEncryption;
}
export interface ApiOutputs extends CoreOutputs, JobApiOutputs, EntryOutputs, DocumentOutputs, ExcelOutputs, UnitApiOutputs, RoundApiOutputs, ReformApiOutputs, VillageApiOutputs, AuthApiOutputs, ExchangeOutputs, OverviewOutputs, RequestOutputs, IncomeOutputs, GuidanceOutputs, ProvinceOutputs, PublishedOutputs {}
export type ApiOutput<M extends ApiMethod> = ApiOutputs[M];

/** What window.api is in the renderer, on either transport. */
export interface ApiTransport {
  call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<import('./envelope').Envelope<ApiOutput<M>>>;
}

export { HTTP_API_PREFIX, IPC_CHANNEL } from './channels';
