/** Calls of this area: rounds created from nothing, listed and deleted (issue 11). Merged into the contract (contract.ts). */
import { z } from 'zod';
import { IsoDateSchema } from '../entry/form';
import { Id } from './common';
import type { ClassifySummary, RoundSummary } from './contract';

/** A new round as the officer asks for it; what is left out takes its default (shared/domain/round-plan.ts). */
const RoundRequestSchema = z.object({
  year: z.number().int().min(2021, { error: 'Năm phải từ 2021 đến 2100.' }).max(2100, { error: 'Năm phải từ 2021 đến 2100.' }),
  kind: z.enum(['periodic', 'adhoc']).default('periodic'),
  /** The date of the administrative map; default: the reference date. */
  mapDate: IsoDateSchema.optional(),
  /** The date ages are computed at; default: 01/09 of the year for a periodic round. */
  referenceDate: IsoDateSchema.optional(),
  title: z.string().max(200, { error: 'Tên đợt dài quá 200 ký tự.' }).optional(),
  /** Start from this earlier round's households (copied, less those who died or moved out). */
  fromRoundId: Id.optional(),
});

export const roundApiInputs = {
  /** What a new round would be (rule set, map, scope, defaults), checked, without writing: shown before confirming. */
  'rounds.plan': RoundRequestSchema,
  /** Creates the round (the same checks as rounds.plan, again inside the write). */
  'rounds.create': RoundRequestSchema,
  /** Every round with its scope, households and the work recorded in it (what decides whether it can be deleted). */
  'rounds.overview': z.object({}),
  /** Deletes a round with no recorded work, after a backup; refused otherwise, naming what was recorded. */
  'rounds.delete': z.object({ roundId: Id }),
} as const;

/** A new round, checked. */
export interface RoundPlan {
  year: number;
  kind: 'periodic' | 'adhoc';
  /** "định kỳ", "thường xuyên". */
  kindName: string;
  title: string;
  referenceDate: string;
  unitMapDate: string;
  /** The map has districts (before 1/7/2025). */
  hasDistrict: boolean;
  /** The national rule set in force on the reference date. */
  ruleSet: { id: string; title: string; validFrom: string; validTo: string };
  /** The unit the round covers: the office's. */
  scope: { unitId: number; code: string; fullName: string };
  /** Communes covered on the map date (units/scope.ts). */
  communes: number;
  from: { roundId: number; year: number; kind: 'periodic' | 'adhoc'; title: string; unitMapDate: string; households: number } | null;
}

/** What has been recorded in a round: any of it makes the round impossible to delete. */
export interface RoundWork {
  /** Households keyed, imported or edited by hand (a household only copied from an earlier round is not work). */
  householdsKeyed: number;
  /** Households with Phiếu A/B answers. */
  answers: number;
  /** Households classified. */
  results: number;
  /** Village meetings, postings, complaints, district opinions, decisions, locks. */
  workflow: number;
  /** Household events (died, moved, born…). */
  events: number;
  /** Unsaved drafts of the entry form. */
  drafts: number;
  /** Other actions recorded on the round itself (list built, classified, locked, reopened). */
  roundActions: number;
}

export interface RoundOverviewRow extends Pick<RoundSummary, 'id' | 'year' | 'kind' | 'title' | 'ruleSetId' | 'unitMapDate' | 'referenceDate' | 'locked'> {
  scope: { unitId: number; code: string; fullName: string };
  households: number;
  work: RoundWork;
  /** Null when the round can be deleted; else why not (Vietnamese, naming what was recorded). */
  deleteRefusal: string | null;
}

export interface RoundDeleted {
  roundId: number;
  year: number;
  title: string;
  /** The backup taken just before the delete. */
  backupFile: string;
  households: number;
  members: number;
}

/** A round created: households and members copied from the earlier round, and those waiting in the reform's queue. */
export interface RoundCreated {
  roundId: number;
  households: number;
  members: number;
  waiting: number;
  plan: RoundPlan;
}

export interface RoundApiOutputs {
  'rounds.plan': RoundPlan;
  'rounds.create': RoundCreated;
  'rounds.overview': RoundOverviewRow[];
  'rounds.delete': RoundDeleted;
}

/**
 * The long job of classifying a round again (after a rule set or its published values change): the
 * whole round, or one commune; a commune locked by its recognition decision keeps its results.
 * One write, all or nothing: cancelled, nothing changes.
 */
export const roundJobInputs = {
  'rounds.reclassify': z.object({ roundId: Id, communeId: Id.optional() }),
} as const;

export interface RoundJobOutputs {
  'rounds.reclassify': ClassifySummary;
}
