/**
 * The states a household's review moves through (spec/review-process.md): listed → screened
 * (Phiếu A) → scored (Phiếu B) → agreed at the village meeting → posted → [district consulted]
 * → recognised. A meeting below 50 % sends the village's households to re_review.
 */
export const REVIEW_STATES = ['not_listed', 'listed', 'screened', 'scored', 're_review', 'agreed', 'posted', 'district_consulted', 'recognised'] as const;
export type ReviewState = (typeof REVIEW_STATES)[number];

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  not_listed: 'Không thuộc danh sách rà soát',
  listed: 'Cần rà soát',
  screened: 'Đã nhận dạng (Phiếu A)',
  scored: 'Đã chấm điểm (Phiếu B)',
  re_review: 'Phải rà soát lại',
  agreed: 'Đã thống nhất tại họp dân',
  posted: 'Đang niêm yết',
  district_consulted: 'Đã xin ý kiến huyện',
  recognised: 'Đã công nhận',
};

/** States the data entry itself may move a household out of (to "scored") when its Phiếu B is complete. */
export const BEFORE_SCORING: readonly string[] = ['not_listed', 'listed', 'screened', 're_review'];

export const EVENT_LABELS = {
  died: 'Thành viên chết',
  moved_out: 'Thành viên chuyển đi',
  born: 'Sinh thêm',
  married_in: 'Kết hôn, nhập hộ',
  moved_in: 'Chuyển đến',
  split: 'Tách hộ',
  merged: 'Nhập hộ',
} as const;
