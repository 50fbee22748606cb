import type { ErrorCode } from '../../../shared/api/envelope';
import { AppError } from '../errors';

/*
 * The household a screen or a command asked for is gone or elsewhere: one sentence for each case,
 * for every writer and reader that looks a household up by its id (entry, workflow, requests,
 * income, version checks). A stale screen is the usual cause, so each says to reload.
 */

export function householdNotFound(householdId: number): AppError {
  return new AppError(
    'NOT_FOUND',
    `Không tìm thấy hộ mã số ${householdId}: hộ có thể vừa bị xoá (cùng đợt rà soát của hộ) ở máy hoặc cửa sổ khác. ` +
      'Hãy mở lại danh sách hộ để tải dữ liệu mới rồi chọn lại hộ.',
  );
}

/** The code stays the caller's (the contract): NOT_FOUND where the round is the lookup, INVALID_INPUT where the input disagrees. */
export function householdNotInRound(code: ErrorCode, householdId: number, roundId: number): AppError {
  return new AppError(
    code,
    `Hộ mã số ${householdId} không thuộc đợt rà soát mã số ${roundId} đang mở: có thể bạn đang xem một đợt khác. ` +
      'Hãy mở lại danh sách hộ của đợt này rồi chọn lại hộ.',
  );
}

export function memberNotInHousehold(code: ErrorCode, memberId: number, householdId: number): AppError {
  return new AppError(
    code,
    `Thành viên mã số ${memberId} không còn trong hộ mã số ${householdId} (có thể vừa bị xoá khỏi hộ ở cửa sổ khác). ` +
      'Hãy mở lại phiếu của hộ để tải dữ liệu mới rồi chọn lại thành viên.',
  );
}
