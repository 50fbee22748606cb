import type { ErrorCode } from './api/envelope';

/**
 * The Vietnamese text for each error code of the contract: what is wrong and what to do. The
 * renderer shows it; the command line prints it before the technical detail.
 */
export const ERROR_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'Dữ liệu gửi đi không hợp lệ. Hãy kiểm tra lại các ô đã nhập rồi thử lại.',
  UNKNOWN_METHOD:
    'Phần mềm không nhận ra thao tác này, có thể do hai phần của ứng dụng khác phiên bản. Hãy khởi động lại ứng dụng; nếu vẫn lỗi, hãy cài lại bản mới nhất.',
  NOT_FOUND: 'Không tìm thấy dữ liệu được yêu cầu; có thể nó vừa bị xoá hoặc thay đổi. Hãy tải lại danh sách.',
  DB_TOO_NEW:
    'Tệp dữ liệu được tạo bởi phiên bản mới hơn của phần mềm. Hãy cập nhật phần mềm lên phiên bản mới nhất; không sửa tệp dữ liệu bằng tay.',
  DB_OPEN_FAILED:
    'Không mở được tệp dữ liệu. Hãy kiểm tra tệp còn trên máy và không bị chương trình khác mở, rồi khởi động lại ứng dụng; nếu vẫn lỗi, hãy khôi phục từ bản sao lưu.',
  RULESET_INCOMPLETE:
    'Bộ tiêu chí của đợt rà soát còn thiếu giá trị bắt buộc, nên chưa thể phân loại. Hãy nhờ quản trị viên bổ sung bộ tiêu chí.',
  RULESET_INVALID: 'Bộ tiêu chí không hợp lệ. Hãy nhờ quản trị viên kiểm tra lại tệp bộ tiêu chí.',
  ROUND_LOCKED: 'Đợt rà soát này đã khoá, không thể thay đổi dữ liệu. Hãy liên hệ người phụ trách nếu cần mở khoá.',
  BACKUP_FAILED: 'Không tạo được bản sao lưu. Hãy kiểm tra dung lượng ổ đĩa và quyền ghi vào thư mục sao lưu, rồi thử lại.',
  INTERNAL: 'Phần mềm gặp lỗi không mong muốn. Hãy thử lại; nếu vẫn lỗi, hãy ghi lại thao tác vừa làm và báo cho bộ phận hỗ trợ.',
};
