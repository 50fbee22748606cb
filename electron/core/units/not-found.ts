import { AppError } from '../errors';

/** The words for a unit of each level, as an officer names them. */
const WORDS = {
  unit: 'đơn vị hành chính',
  commune: 'xã, phường, đặc khu',
  village: 'thôn, ấp, tổ dân phố',
} as const;

/**
 * No unit (of the level asked) with this id in the register: one sentence for every lookup of a
 * unit by id. A list loaded before the register changed is the usual cause, so it says to reload.
 */
export function unitNotFound(unitId: number, level: keyof typeof WORDS = 'unit'): AppError {
  const words = WORDS[level];
  return new AppError(
    'NOT_FOUND',
    `Không có ${words} mã số ${unitId} trong danh mục đơn vị hành chính: danh mục có thể vừa được nạp lại. ` +
      `Hãy tải lại danh sách rồi chọn lại ${words}.`,
  );
}
