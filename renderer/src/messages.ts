/**
 * The renderer's Vietnamese message catalogue: every string a user reads lives here, under a
 * typed key. Domain labels (statuses, transitions, member fields) come from shared/glossary.ts
 * and shared/domain/household.ts; indicator labels, units and rounds come from the API.
 */
import type { ErrorCode } from '../../shared/api/envelope';
import { AREA_LABELS, STATUS_LABELS } from '../../shared/glossary';
import { ERROR_MESSAGES as SHARED_ERROR_MESSAGES } from '../../shared/messages';
import type { Area, Status } from '../../shared/engine/ruleset';
import { formatNumberVi } from '../../shared/text/format';
import type { CallErrorCode } from './api';

/** One message per error code (the shared catalogue), plus the renderer's own transport failure. */
const ERROR_MESSAGES: Record<ErrorCode | 'TRANSPORT', string> = {
  ...SHARED_ERROR_MESSAGES,
  TRANSPORT: 'Không kết nối được với phần xử lý dữ liệu của ứng dụng. Hãy khởi động lại ứng dụng rồi thử lại.',
};

const yesNo = (value: boolean | null): string => (value === null ? '' : value ? 'Có' : 'Không');

export const messages = {
  tabsLabel: 'Chức năng',
  ruleSets: {
    title: 'Bộ tiêu chí (chuẩn nghèo)',
    intro:
      'Mỗi đợt rà soát dùng một bộ tiêu chí. Phần “chưa đối chiếu” được dùng nhưng cần kiểm tra lại với văn bản gốc; ' +
      'phần “chưa có” phải được quản trị viên nạp trước khi ứng dụng phân loại theo phần đó.',
    version: (v: string) => `phiên bản ${v}`,
    national: 'Chuẩn quốc gia',
    local: (province: string) => `Chuẩn địa phương (tỉnh mã ${province})`,
    validity: (from: string, to: string) => `áp dụng ${from} – ${to}`,
    synthetic: 'DỮ LIỆU GIẢ LẬP, không phải văn bản chính thức',
    status: { confirmed: 'Đã xác nhận', to_verify: 'Chưa đối chiếu văn bản', unknown: 'Chưa có' },
    columns: { part: 'Nội dung', status: 'Tình trạng', source: 'Căn cứ' },
  },
  backup: {
    title: 'Sao lưu và khôi phục dữ liệu',
    now: 'Sao lưu ngay',
    where: 'Các bản sao lưu nằm trong thư mục',
    none: 'Chưa có bản sao lưu nào.',
    restore: 'Khôi phục',
    done: (name: string) => `Đã sao lưu: ${name}.`,
    confirmRestore: (when: string) =>
      `Khôi phục dữ liệu về bản sao lưu lúc ${when}?\nDữ liệu hiện tại sẽ được sao lưu trước, nên không mất.`,
    restored: (when: string, saved: string) => `Đã khôi phục dữ liệu về bản lúc ${when}. Dữ liệu trước đó được giữ trong ${saved}.`,
    columns: { when: 'Thời điểm', reason: 'Lý do', size: 'Dung lượng', file: 'Tệp' },
    sealedTag: 'đã mã hoá',
    plainTag: 'không mã hoá',
    sealedOn: (when: string, who: string) =>
      `Bản sao lưu được mã hoá (AES-256-GCM) bằng mật khẩu sao lưu của cơ quan, đặt lúc ${when} bởi ${who}. Khi khôi phục phải nhập mật khẩu này; mất mật khẩu thì không mở được các bản đã mã hoá.`,
    sealedOff:
      'Bản sao lưu CHƯA được mã hoá: ai có tệp sao lưu (ví dụ trên USB) đều đọc được họ tên, số CCCD của người dân. Hãy đặt mật khẩu sao lưu.',
    passphraseLabel: 'Mật khẩu sao lưu mới (ít nhất 10 ký tự)',
    passphraseAgain: 'Nhập lại mật khẩu sao lưu',
    passphraseSet: 'Đặt mật khẩu sao lưu',
    passphraseChange: 'Đổi mật khẩu sao lưu',
    passphraseMismatch: 'Hai lần nhập mật khẩu sao lưu không giống nhau: hãy nhập lại.',
    passphraseDone: 'Đã đặt mật khẩu sao lưu. Từ nay mọi bản sao lưu đều được mã hoá; hãy ghi mật khẩu ở nơi an toàn.',
    plainNow: 'Sao lưu không mã hoá…',
    confirmPlain:
      'Bản sao lưu KHÔNG mã hoá chứa toàn bộ dữ liệu cá nhân (họ tên, số CCCD, khuyết tật, thu nhập) ở dạng ai cũng đọc được. Việc này được ghi vào nhật ký. Chỉ làm khi thật cần (ví dụ chuyển cho bộ phận kỹ thuật), và xoá tệp ngay sau khi dùng. Tiếp tục?',
    restorePassphrase: (name: string) => `Mật khẩu sao lưu để mở ${name}`,
    cancel: 'Huỷ',
  },
  appTitle: 'Rà soát hộ nghèo',
  loading: 'Đang tải…',
  notAvailable: '–',

  // Top bar
  roundLabel: 'Đợt rà soát',
  communeLabel: 'Xã/phường',
  allCommunes: 'Tất cả xã',
  villageLabel: 'Thôn/ấp',
  allVillages: 'Tất cả thôn/ấp',
  villageNeedsCommune: 'Chọn xã trước',
  statusLabel: 'Phân loại',
  allStatuses: 'Tất cả phân loại',
  unclassified: 'Chưa phân loại',
  searchLabel: 'Tìm kiếm',
  searchPlaceholder: 'Tìm theo tên, mã hộ, số CCCD…',
  searchHint: 'Nhấn / để tìm',
  householdCount: (count: number): string => `${formatNumberVi(count)} hộ`,

  // Household list
  listLabel: 'Danh sách hộ',
  columns: {
    seq: 'STT',
    code: 'Mã hộ',
    head: 'Chủ hộ',
    village: 'Thôn/ấp',
    commune: 'Xã',
    members: 'Số khẩu',
    scoreA: 'Điểm A',
    scoreB: 'Điểm B',
    status: 'Phân loại',
    transition: 'Diễn biến',
  },
  sortBy: (column: string): string => `Sắp xếp theo ${column.toLowerCase()}`,
  rowLoading: 'Đang tải…',
  listEmpty: 'Không có hộ nào khớp với bộ lọc.',
  listEmptyHint: 'Hãy bỏ bớt điều kiện lọc hoặc sửa nội dung tìm kiếm.',
  listKeyboardHint: '↑/↓ chọn hộ · Enter xem chi tiết · Esc đóng',

  // No round yet
  noRoundTitle: 'Chưa có đợt rà soát nào',
  noRoundBody: 'Cơ sở dữ liệu chưa có đợt rà soát. Để dùng thử, hãy tạo dữ liệu mẫu bằng lệnh sau rồi mở lại ứng dụng:',
  noRoundCommand: 'npm run demo',
  noRoundOffice: (fullName: string, provinceName: string | null): string =>
    provinceName ? `${fullName}, ${provinceName.charAt(0).toLocaleLowerCase('vi')}${provinceName.slice(1)}` : fullName,
  noRoundNext: 'Bước tiếp theo: tạo đợt rà soát đầu tiên ngay dưới đây. Khi đã có đợt, các đợt sau được tạo ở thẻ “Quy trình rà soát”.',
  noRoundPackage: 'Hoặc nhận gói dữ liệu của một xã (văn phòng tỉnh, hay văn phòng thứ hai của cùng xã):',
  noRoundCli: 'Hoặc tạo bằng dòng lệnh, rồi bấm “Tải lại”:',
  noRoundCliCommand: 'npm run -s cli -- round create --db TỆP_CSDL --year NĂM',
  noRoundReload: 'Tải lại',
  noRoundSetup: 'Thiết lập (thôn, ấp, người ký)',

  // Household detail
  detailLabel: 'Chi tiết hộ',
  close: 'Đóng',
  closeHint: 'Đóng (Esc)',
  householdCode: 'Mã hộ',
  headName: 'Chủ hộ',
  address: 'Địa chỉ',
  village: 'Thôn/ấp',
  commune: 'Xã/phường',
  area: 'Khu vực',
  areaLabel: (area: Area): string => AREA_LABELS[area],
  flags: {
    ethnicMinority: 'Dân tộc thiểu số',
    noWorkingCapacity: 'Không có khả năng lao động',
    meritPerson: 'Có người có công với cách mạng',
    femaleHead: 'Chủ hộ là nữ',
  },
  flagsLabel: 'Đặc điểm của hộ',
  noFlags: 'Không thuộc nhóm đặc thù nào',
  resultHeading: 'Kết quả phân loại',
  noResult: 'Hộ chưa được phân loại trong đợt này.',
  ruleSet: (id: string, version: string): string => `Bộ tiêu chí ${id}, phiên bản ${version}`,
  unverified: (parts: string): string => `Một số quy định chưa được đối chiếu văn bản gốc: ${parts}.`,
  referToReview: 'Cần rà soát bằng Phiếu B để xác định hộ nghèo, hộ cận nghèo.',
  transition: 'Diễn biến',
  scoreA: 'Điểm A (Phiếu B1)',
  scoreB: 'Điểm B (Phiếu B2)',
  deprivationCount: 'Số chỉ số thiếu hụt',
  income: 'Thu nhập bình quân',
  incomeValue: (amount: number): string => `${formatNumberVi(amount)} đồng/người/tháng`,
  localHeading: 'Theo chuẩn địa phương',
  localNoResult: 'Chưa xác định',
  membersHeading: (count: number): string => `Thành viên (${formatNumberVi(count)} người)`,
  memberColumns: {
    seq: 'STT',
    fullName: 'Họ và tên',
    relation: 'Quan hệ với chủ hộ',
    sex: 'Giới tính',
    birthDate: 'Ngày sinh',
    age: 'Tuổi',
    idNumber: 'Số CCCD',
    ethnicity: 'Dân tộc',
    healthInsurance: 'BHYT',
    schooling: 'Đi học',
    employment: 'Việc làm',
  },
  yesNo,
  noMembers: 'Chưa có thành viên nào.',
  indicatorsHeading: 'Chỉ số thiếu hụt (Phiếu B2)',
  indicatorColumns: { number: 'TT', label: 'Chỉ số', dimension: 'Chiều', answer: 'Trả lời', check: 'Đối chiếu' },
  deprived: 'Thiếu hụt',
  notDeprived: 'Không',
  notAnswered: 'Chưa trả lời',
  derivedDiffers: (derived: boolean): string => `Theo danh sách thành viên: ${derived ? 'Thiếu hụt' : 'Không'}`,
  noIndicators: 'Chưa có dữ liệu Phiếu B2.',
  historyHeading: 'Kết quả các đợt trước',
  historyYear: (year: number): string => `Năm ${year}`,
  noHistory: 'Chưa có kết quả các đợt trước.',
  statusText: (status: Status | null): string => (status === null ? 'Chưa phân loại' : STATUS_LABELS[status]),

  // Errors
  errorTitle: 'Có lỗi xảy ra',
  errorDetails: 'Chi tiết kỹ thuật',
  errorDismiss: 'Đóng thông báo',
  errorRetry: 'Thử lại',
  errorMessage: (code: CallErrorCode): string => ERROR_MESSAGES[code],
} as const;

export type Messages = typeof messages;
export type MessageKey = keyof Messages;
