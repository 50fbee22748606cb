/**
 * The overview's rules, pure (no Node, no DOM): which review states count as having passed each
 * step, which results make each class, how a rate is rounded, and the round's deadlines from its
 * rule set. The core aggregates with them; the screen labels with them.
 */
import type { ClassCounts, DeadlineView, OverviewClass, OverviewStep } from '../api/overview';
import { STATUSES, type Deadlines, type PartStatus, type Provenance, type Status } from '../engine/ruleset';
import { TRANSITIONS, type Transition } from '../engine/transition';

/**
 * The review states at or past each household step (shared/domain/review.ts: listed → screened
 * → scored → agreed → posted → district consulted → recognised; re_review is sent back to
 * scoring). 'complaints' counts complaints, not households. Two steps are read from the data
 * rather than the state, which an import or a bulk load may leave at "listed": a listed household
 * is surveyed once its forms hold answers (or its state is past listing), scored once it has a
 * result.
 */
export const STEP_STATES: Record<'listed' | 'surveyed' | 'meeting' | 'posted' | 'decision', readonly string[]> = {
  listed: ['listed', 'screened', 'scored', 're_review', 'agreed', 'posted', 'district_consulted', 'recognised'],
  surveyed: ['screened', 'scored', 're_review', 'agreed', 'posted', 'district_consulted', 'recognised'],
  meeting: ['agreed', 'posted', 'district_consulted', 'recognised'],
  posted: ['posted', 'district_consulted', 'recognised'],
  decision: ['recognised'],
};

/** Whether a listed household in this state, with or without answers and a result, has passed each household step. */
export function stepsPassed(state: string, hasAnswers: boolean, hasResult: boolean): Record<'listed' | 'surveyed' | 'scored' | 'meeting' | 'posted' | 'decision', boolean> {
  const listed = STEP_STATES.listed.includes(state);
  return {
    listed,
    surveyed: listed && (hasAnswers || STEP_STATES.surveyed.includes(state)),
    scored: listed && hasResult,
    meeting: STEP_STATES.meeting.includes(state),
    posted: STEP_STATES.posted.includes(state),
    decision: STEP_STATES.decision.includes(state),
  };
}

export const STEP_LABELS: Record<OverviewStep, string> = {
  listed: 'Lập danh sách',
  surveyed: 'Đã khảo sát',
  scored: 'Đã chấm điểm',
  meeting: 'Họp dân',
  posted: 'Niêm yết',
  complaints: 'Giải quyết khiếu nại',
  decision: 'Quyết định công nhận',
};

export const CLASS_LABELS: Record<OverviewClass, string> = {
  poor: 'Hộ nghèo',
  near_poor: 'Hộ cận nghèo',
  middle_income: 'Hộ có mức sống trung bình',
  escaped: 'Thoát nghèo',
  fell_back: 'Tái nghèo, tái cận nghèo',
  new: 'Phát sinh mới',
};

/** The transitions that are "escaped": a poor household of last year now near-poor or above. */
export const ESCAPED: readonly Transition[] = ['exited_to_near_poor', 'exited_above_near_poor'];

/** Percent with 2 decimals (a target is set in tenths of a point); null without a denominator. */
export const percent = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10000) / 100 : null);

/** Points between two rates, 2 decimals; positive when the rate went down. */
export const reduction = (before: number | null, after: number | null): number | null =>
  before === null || after === null ? null : Math.round((before - after) * 100) / 100;

export function emptyCounts(): ClassCounts {
  return {
    households: 0,
    classified: 0,
    byStatus: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<Status, number>,
    byTransition: Object.fromEntries(TRANSITIONS.map((t) => [t, 0])) as Record<Transition, number>,
    classes: { poor: 0, near_poor: 0, middle_income: 0, escaped: 0, fell_back: 0, new: 0 },
    poorRate: null,
    nearPoorRate: null,
  };
}

/** Adds n households of this status and transition (null: no result) to the counts. */
export function addToCounts(c: ClassCounts, status: Status | null, transition: Transition | null, n: number): void {
  c.households += n;
  if (status === null) return;
  c.classified += n;
  c.byStatus[status] += n;
  if (transition) c.byTransition[transition] += n;
}

/** The classes and rates, from byStatus and byTransition. */
export function finishCounts(c: ClassCounts): ClassCounts {
  c.classes = {
    poor: c.byStatus.poor,
    near_poor: c.byStatus.near_poor,
    middle_income: c.byStatus.middle_income,
    escaped: ESCAPED.reduce((s, t) => s + c.byTransition[t], 0),
    fell_back: c.byTransition.fell_back,
    new: c.byTransition.new,
  };
  c.poorRate = percent(c.byStatus.poor, c.households);
  c.nearPoorRate = percent(c.byStatus.near_poor, c.households);
  return c;
}

const DEADLINE_LABELS: Record<DeadlineView['id'], string> = {
  reviewStart: 'Bắt đầu rà soát định kỳ',
  reviewEnd: 'Kết thúc rà soát định kỳ',
  preliminaryReport: 'Báo cáo kết quả sơ bộ',
  officialReport: 'Báo cáo kết quả chính thức',
};

/** Whole days from one yyyy-mm-dd to another (negative: the second is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8, 10)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8, 10))) / 86_400_000);
}

/** The round's deadlines in its year, with days left from today (the rule set's calendar). */
export function deadlinesOf(part: { status: PartStatus; provenance: Provenance; value: Deadlines | null }, year: number, today: string): DeadlineView[] {
  if (!part.value) return [];
  const v = part.value;
  const source = [part.provenance.document, part.provenance.article].filter(Boolean).join(', ');
  return (Object.keys(DEADLINE_LABELS) as DeadlineView['id'][]).map((id) => {
    const date = `${year}-${v[id]}`;
    return { id, label: DEADLINE_LABELS[id], date, daysLeft: daysBetween(today, date), unverified: part.status !== 'confirmed', source };
  });
}
