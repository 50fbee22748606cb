/**
 * What a new review round defaults to (issue 11, spec/review-process.md), stated once for the
 * core, the command line and the screen. Pure: no Node, no DOM.
 *
 * - Reference date (ages are computed on it, and it picks the rule set and the map):
 *   a periodic round of year Y starts on 1 September of Y (the periodic review runs from
 *   1 September to 14 December), so its reference date is Y-09-01. An ad-hoc round
 *   ("rà soát thường xuyên", monthly) is dated today, kept inside its year: a past year's
 *   ad-hoc round defaults to 31/12/Y, a future year's to 01/01/Y; the officer types the real
 *   date of the review when it differs.
 * - Map date: the reference date (the administrative map in force on that day; before
 *   1/7/2025 the old map with districts).
 * - Rule set: the national rule set in force on the reference date (validFrom ≤ date ≤ validTo);
 *   the newest one if two overlap.
 */
import { formatDateVi } from '../text/format';

export type RoundKind = 'periodic' | 'adhoc';

/** Month and day of a periodic round's reference date: the first day of the periodic review. */
export const PERIODIC_REFERENCE_DAY = '09-01';

/** The Vietnamese name of each kind, as written in titles and messages. */
export const ROUND_KIND_NAMES: Record<RoundKind, string> = { periodic: 'định kỳ', adhoc: 'thường xuyên' };

/** The reference date a round of this year and kind defaults to (see the file's comment). `today` is YYYY-MM-DD. */
export function defaultReferenceDate(year: number, kind: RoundKind, today: string): string {
  if (kind === 'periodic') return `${year}-${PERIODIC_REFERENCE_DAY}`;
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  return today < first ? first : today > last ? last : today;
}

/** The map a round uses by default: the one in force on its reference date. */
export const defaultMapDate = (referenceDate: string): string => referenceDate;

/** "Rà soát định kỳ năm 2026"; an ad-hoc round is named by its date, there may be several a year. */
export function defaultRoundTitle(year: number, kind: RoundKind, referenceDate: string): string {
  return kind === 'periodic' ? `Rà soát định kỳ năm ${year}` : `Rà soát thường xuyên ngày ${formatDateVi(referenceDate)}`;
}

/** What the choice of a rule set needs to know of one. */
export interface DatedRuleSet {
  id: string;
  kind: string;
  validFrom: string;
  validTo: string;
}

/** The national rule set in force on the date (the newest if two overlap), or undefined. */
export function nationalRuleSetOn<T extends DatedRuleSet>(all: readonly T[], date: string): T | undefined {
  return all
    .filter((rs) => rs.kind === 'national' && rs.validFrom <= date && date <= rs.validTo)
    .sort((a, b) => b.validFrom.localeCompare(a.validFrom) || a.id.localeCompare(b.id))[0];
}
