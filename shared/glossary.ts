/**
 * Where the code's English names meet the users' Vietnamese terms.
 *   hộ nghèo → poor, hộ cận nghèo → near_poor, hộ có mức sống trung bình → middle_income,
 *   rà soát → review, đợt rà soát → round, điểm A (Phiếu B1) → scoreA, điểm B (Phiếu B2) → scoreB,
 *   chỉ số thiếu hụt → deprivation / indicator, nông thôn → rural, thành thị → urban,
 *   chủ hộ → head, thành viên → member, thôn/ấp → village, xã/phường → commune,
 *   diễn biến → transition, khác tăng / khác giảm → other_increase / other_decrease.
 */
import type { Area, Status } from './engine/ruleset';
import type { Transition } from './engine/transition';

export const STATUS_LABELS: Record<Status, string> = {
  poor: 'Hộ nghèo',
  near_poor: 'Hộ cận nghèo',
  neither: 'Không nghèo, không cận nghèo',
  middle_income: 'Hộ có mức sống trung bình',
};

export const AREA_LABELS: Record<Area, string> = { rural: 'nông thôn', urban: 'thành thị' };

export const TRANSITION_LABELS: Record<Transition, string> = {
  new: 'Phát sinh mới',
  fell_back: 'Tái nghèo / tái cận nghèo',
  same: 'Không đổi',
  exited_to_near_poor: 'Thoát nghèo, thành hộ cận nghèo',
  exited_above_near_poor: 'Thoát nghèo, vượt chuẩn cận nghèo',
  near_poor_to_poor: 'Cận nghèo thành hộ nghèo',
  exited_near_poor: 'Thoát cận nghèo',
};

/** A transition named for the status it ended in, as the reports word it. */
export function transitionLabel(transition: Transition | null, status: Status): string {
  if (transition === null) return 'Chưa có kết quả kỳ trước';
  if (transition === 'new') return status === 'poor' ? 'Nghèo phát sinh mới' : status === 'near_poor' ? 'Cận nghèo phát sinh mới' : 'Mới';
  if (transition === 'fell_back') return status === 'poor' ? 'Tái nghèo' : 'Tái cận nghèo';
  if (transition === 'same') return status === 'poor' ? 'Nghèo cũ' : status === 'near_poor' ? 'Cận nghèo cũ' : 'Không đổi';
  return TRANSITION_LABELS[transition];
}
