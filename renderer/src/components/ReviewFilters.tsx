import type { HouseholdTotals } from '../../../shared/api/contract';
import { REVIEW_STATES, REVIEW_STATE_LABELS } from '../../../shared/domain/review';
import { TRANSITIONS, type Transition } from '../../../shared/engine/transition';
import { STATUS_LABELS, TRANSITION_LABELS } from '../../../shared/glossary';
import { formatNumberVi } from '../../../shared/text/format';
import './review-filters.css';

export type FlagName = 'ethnicMinority' | 'noWorkingCapacity' | 'meritPerson' | 'femaleHead';

export interface ReviewFilterValues {
  transition: Transition | 'none' | undefined;
  reviewState: string | undefined;
  warnings: boolean | undefined;
  flag: FlagName | undefined;
}

const FLAG_LABELS: Record<FlagName, string> = {
  ethnicMinority: 'Hộ dân tộc thiểu số',
  noWorkingCapacity: 'Hộ không có khả năng lao động',
  meritPerson: 'Hộ có người có công',
  femaleHead: 'Chủ hộ là nữ',
};

const TEXT = {
  transition: 'Diễn biến',
  noHistory: 'Chưa có kết quả kỳ trước',
  reviewState: 'Bước rà soát',
  warnings: 'Cảnh báo',
  withWarnings: 'Có cảnh báo',
  withoutWarnings: 'Không có cảnh báo',
  flag: 'Đặc điểm hộ',
  all: 'Tất cả',
  /** A list past the count's cap (households.list totalCapped), or too long for its totals row. */
  more: (n: number) => `Hơn ${formatNumberVi(n)} hộ — danh sách dài, chưa đếm hết và chưa cộng tổng; chọn thêm điều kiện lọc (xã, thôn, phân loại…) để có số chính xác.`,
  totals: (t: HouseholdTotals) =>
    `Tổng: ${formatNumberVi(t.households)} hộ, ${formatNumberVi(t.members)} nhân khẩu — ` +
    `${STATUS_LABELS.poor} ${formatNumberVi(t.byStatus.poor)}, ${STATUS_LABELS.near_poor} ${formatNumberVi(t.byStatus.near_poor)}, ` +
    `${STATUS_LABELS.middle_income} ${formatNumberVi(t.byStatus.middle_income)}, khác ${formatNumberVi(t.byStatus.neither)}, chưa phân loại ${formatNumberVi(t.byStatus.unclassified)}`,
};

/** The review table's second row of filters (transition, review step, warnings, flags) and its totals. */
export function ReviewFilters({
  value,
  onChange,
  totals,
  more,
}: {
  value: ReviewFilterValues;
  onChange: (v: Partial<ReviewFilterValues>) => void;
  totals: HouseholdTotals | undefined;
  /** The list holds more households than this (its count was capped, or its totals row left out). */
  more?: number | undefined;
}) {
  return (
    <div className="filters review-filters" role="group" aria-label="Lọc theo rà soát">
      <label className="field">
        <span>{TEXT.transition}</span>
        <select value={value.transition ?? ''} onChange={(e) => onChange({ transition: (e.target.value || undefined) as ReviewFilterValues['transition'] })}>
          <option value="">{TEXT.all}</option>
          {TRANSITIONS.map((t) => <option key={t} value={t}>{TRANSITION_LABELS[t]}</option>)}
          <option value="none">{TEXT.noHistory}</option>
        </select>
      </label>
      <label className="field">
        <span>{TEXT.reviewState}</span>
        <select value={value.reviewState ?? ''} onChange={(e) => onChange({ reviewState: e.target.value || undefined })}>
          <option value="">{TEXT.all}</option>
          {REVIEW_STATES.map((s) => <option key={s} value={s}>{REVIEW_STATE_LABELS[s]}</option>)}
        </select>
      </label>
      <label className="field">
        <span>{TEXT.warnings}</span>
        <select value={value.warnings === undefined ? '' : value.warnings ? '1' : '0'} onChange={(e) => onChange({ warnings: e.target.value === '' ? undefined : e.target.value === '1' })}>
          <option value="">{TEXT.all}</option>
          <option value="1">{TEXT.withWarnings}</option>
          <option value="0">{TEXT.withoutWarnings}</option>
        </select>
      </label>
      <label className="field">
        <span>{TEXT.flag}</span>
        <select value={value.flag ?? ''} onChange={(e) => onChange({ flag: (e.target.value || undefined) as FlagName | undefined })}>
          <option value="">{TEXT.all}</option>
          {(Object.keys(FLAG_LABELS) as FlagName[]).map((f) => <option key={f} value={f}>{FLAG_LABELS[f]}</option>)}
        </select>
      </label>
      {more !== undefined ? (
        <p className="review-totals" role="status">
          {TEXT.more(more)}
        </p>
      ) : (
        totals && (
          <p className="review-totals" role="status">
            {TEXT.totals(totals)}
          </p>
        )
      )}
    </div>
  );
}
