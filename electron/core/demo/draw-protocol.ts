// What the demo's drawing thread (draw-worker.ts) and the building thread (draw-ahead.ts) say to
// each other, and the shared flag they wait on.
import type { MessagePort } from 'node:worker_threads';
import type { HouseholdRows } from '../households/write';
import type { IdNumbersState } from './households';
import type { DrawPlan } from './draw';

/** The flag's slots: messages posted (NOT_STARTED: the thread could not start), messages taken. */
export const POSTED = 0;
export const TAKEN = 1;
export const NOT_STARTED = -1;

export interface DrawWorkerData {
  demoDraw: {
    plan: DrawPlan;
    seed: number;
    /** The rounds' ids, 2022, 2023, 2025. */
    roundIds: number[];
    /** The highest household id before the load: the households get the ids after it, in order. */
    lastId: number;
    flag: Int32Array;
    port: MessagePort;
  };
}

/**
 * Rows of some households of one round of one commune (households/write.ts HouseholdRows), in
 * order; `batchEnd` on the last rows of the round's batch (insertHouseholds' batch: the search
 * index is filled per batch).
 */
export interface DrawnRows extends HouseholdRows {
  kind: 'rows';
  round: number;
  count: number;
  batchEnd: boolean;
}

/** The old communes all drawn: what the building thread needs to go on (the 2025 arrivals). */
export interface DrawnEnd {
  kind: 'end';
  continuing: [number, number][];
  ids: IdNumbersState;
  /** The 2025 round's forms and causes streams (Rng.state). */
  forms2025: number;
  causes2025: number;
}

export interface DrawFailed {
  kind: 'failed';
  message: string;
}

export type DrawMessage = DrawnRows | DrawnEnd | DrawFailed;
