import type { ErrorCode } from './api/envelope';

/**
 * The Vietnamese text for each error code of the contract: what is wrong and what to do. The
 * renderer shows it; the command line prints it before the technical detail.
 */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'Dữ liệu nhập chưa hợp lệ. Xem các ô được đánh dấu và sửa lại.',
  UNKNOWN_METHOD: 'Ứng dụng gọi một chức năng không có. Hãy cập nhật ứng dụng.',
  NOT_FOUND: 'Không tìm thấy dữ liệu yêu cầu. Có thể dữ liệu đã bị xóa hoặc chọn sai đợt rà soát.',
  DB_TOO_NEW: 'Cơ sở dữ liệu do phiên bản mới hơn của ứng dụng tạo ra. Hãy cài phiên bản mới nhất rồi mở lại.',
  DB_OPEN_FAILED: 'Không mở được tệp cơ sở dữ liệu: tệp không đúng định dạng hoặc bị hỏng. Hãy khôi phục từ bản sao lưu.',
  RULESET_INCOMPLETE: 'Bộ quy tắc của đợt rà soát còn thiếu quy định bắt buộc, nên chưa thể phân loại. Quản trị viên cần nạp phần còn thiếu.',
  RULESET_INVALID: 'Tệp bộ quy tắc không hợp lệ. Kiểm tra lại tệp hoặc dùng bộ quy tắc đi kèm ứng dụng.',
  ROUND_LOCKED: 'Đợt rà soát đã được công nhận và khóa. Muốn sửa, hãy mở khóa đợt và ghi rõ lý do.',
  BACKUP_FAILED: 'Không sao lưu được. Kiểm tra dung lượng ổ đĩa và quyền ghi thư mục sao lưu.',
  INTERNAL: 'Có lỗi ngoài dự kiến. Dữ liệu đã lưu không bị ảnh hưởng; hãy thử lại hoặc báo cho cán bộ kỹ thuật.',
};
