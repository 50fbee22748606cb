/** Calls of this area: moving households across the 1/7/2025 reform: the queue of divided communes (issue 11). Merged into the contract (contract.ts). */
import { z } from 'zod';
import { Id } from './common';

export const reformApiInputs = {
  /** The households of the round that wait: by old commune and village, with the new communes they may go to. */
  'reform.queue': z.object({ roundId: Id }),
  /**
   * Assigns a village of a divided old commune (oldVillageId null: its households with no
   * village) to one of its new communes, once; the choice is remembered for later rounds and
   * imports, and the waiting households are copied into the round.
   */
  'reform.assign': z.object({ roundId: Id, oldCommuneId: Id, oldVillageId: Id.nullable(), newCommuneId: Id }),
} as const;

export interface ReformUnit {
  id: number;
  code: string;
  /** "Xã Bình Thủy", "Ấp Bình Hòa". */
  fullName: string;
}

/** Households of one old village (of a divided commune) waiting for the officer's choice. */
export interface ReformQueueItem {
  oldCommune: ReformUnit;
  /** Null: the commune's households with no village. */
  oldVillage: ReformUnit | null;
  households: number;
  /** The new communes the old commune was divided into (unit_map). */
  candidates: ReformUnit[];
}

/** Households that belong to a commune outside the round's unit: not copied, shown, never dropped. */
export interface ReformOutsideItem {
  oldCommune: ReformUnit;
  oldVillage: ReformUnit | null;
  newCommune: ReformUnit | null;
  households: number;
}

export interface ReformQueue {
  roundId: number;
  /** Households waiting in all (waiting + outside). */
  total: number;
  waiting: ReformQueueItem[];
  outside: ReformOutsideItem[];
}

export interface ReformApiOutputs {
  'reform.queue': ReformQueue;
  'reform.assign': {
    /** Households copied into the round by this assignment. */
    copied: number;
    /** The village of the new commune they went to (named as the old one). */
    newVillage: ReformUnit | null;
    /** True when the new commune is outside the round's unit: the households stay listed as outside. */
    outside: boolean;
  };
}
