import type { ErrorCode } from './api/envelope';

/** A write that failed because of the disk, not the data (electron/core/errors.ts tells which). */
export type DiskProblem = 'DISK_FULL' | 'READ_ONLY';

/** What to tell the user when a file cannot be written: never "restore from backup" for these. */
export const DISK_MESSAGES: Record<DiskProblem, string> = {
  DISK_FULL: 'Không ghi được tệp vì ổ đĩa đầy. Hãy xoá bớt tệp không cần hoặc chọn ổ đĩa khác, rồi thử lại; dữ liệu đã có không bị ảnh hưởng.',
  READ_ONLY:
    'Không ghi được tệp vì thư mục chỉ đọc hoặc không có quyền ghi. Hãy chọn thư mục khác hoặc nhờ quản trị viên cấp quyền ghi, rồi thử lại; dữ liệu đã có không bị ảnh hưởng.',
};

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
  BUSY:
    'Dữ liệu đang bận: một thao tác khác (ví dụ nhập danh sách từ Excel) đang ghi, hoặc máy chủ đang nhận quá nhiều yêu cầu. Những gì bạn vừa nhập không bị mất (vẫn giữ trong bản nháp); hãy chờ một lát rồi bấm lưu hoặc thử lại.',
  LIMIT_REACHED:
    'Đã đạt giới hạn của máy chủ (số công việc đang chờ, số bản nháp hoặc số tệp tải lên). Hãy chờ các công việc đang chạy làm xong, lưu hoặc xoá bớt bản nháp và tệp cũ, rồi thử lại.',
  DISK_FULL: DISK_MESSAGES.DISK_FULL,
  READ_ONLY: DISK_MESSAGES.READ_ONLY,
  INTERNAL: 'Phần mềm gặp lỗi không mong muốn. Hãy thử lại; nếu vẫn lỗi, hãy ghi lại thao tác vừa làm và báo cho bộ phận hỗ trợ.',
  UNAUTHENTICATED: 'Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn. Hãy đăng nhập lại; những gì đang nhập dở vẫn được giữ trong bản nháp.',
  FORBIDDEN: 'Tài khoản của bạn không được phép làm thao tác này. Hãy nhờ quản trị viên cấp quyền, hoặc đăng nhập bằng tài khoản phù hợp.',
  CONFLICT:
    'Hồ sơ này vừa được người khác sửa sau khi bạn mở nó. Những gì bạn nhập vẫn được giữ trong bản nháp; hãy xem hai bản cạnh nhau, chọn giá trị đúng cho từng ô rồi lưu lại.',
};
