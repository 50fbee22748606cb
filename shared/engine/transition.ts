import type { Status } from './ruleset';

export const TRANSITIONS = [
  'new',
  'fell_back',
  'same',
  'exited_to_near_poor',
  'exited_above_near_poor',
  'near_poor_to_poor',
  'exited_near_poor',
] as const;
export type Transition = (typeof TRANSITIONS)[number];

export interface HistoryEntry {
  round: number;
  status: Status;
}

const inPoverty = (s: Status): boolean => s === 'poor' || s === 'near_poor';

/**
 * Compares the new status with the previous round's (the last history entry), as
 * spec/interchange.md words it. Null without history.
 */
export function transitionOf(history: readonly HistoryEntry[], status: Status): Transition | null {
  const previous = history[history.length - 1];
  if (!previous) return null;
  const p = previous.status;
  if (p === status) return 'same';
  if (p === 'poor') return status === 'near_poor' ? 'exited_to_near_poor' : 'exited_above_near_poor';
  if (p === 'near_poor') return status === 'poor' ? 'near_poor_to_poor' : 'exited_near_poor';
  // p is neither or middle_income
  if (inPoverty(status)) {
    const earlier = history.slice(0, -1);
    return earlier.some((h) => inPoverty(h.status)) ? 'fell_back' : 'new';
  }
  return 'same'; // neither ↔ middle_income
}
