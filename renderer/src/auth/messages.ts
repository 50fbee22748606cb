/** The Vietnamese texts of signing in, the idle lock, the users and the audit screens. */
import { ROLE_LABELS, type Role } from '../../../shared/api/auth';
import { formatNumberVi } from '../../../shared/text/format';

export const authMessages = {
  // Signing in
  firstAdminTitle: 'Tạo tài khoản quản trị',
  firstAdminIntro:
    'Đây là lần chạy đầu tiên: chưa có tài khoản nào. Hãy tạo tài khoản quản trị; sau đó quản trị viên thêm tài khoản cho các cán bộ ở thẻ “Người dùng”.',
  firstAdminSubmit: 'Tạo tài khoản và đăng nhập',
  loginTitle: 'Đăng nhập',
  loginIntro: 'Dữ liệu có thông tin cá nhân của các hộ: hãy đăng nhập bằng tài khoản quản trị viên đã cấp cho bạn.',
  loginSubmit: 'Đăng nhập',
  name: 'Tên đăng nhập',
  nameHint: 'Chữ không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (ví dụ: nguyenvana).',
  fullName: 'Họ và tên',
  password: 'Mật khẩu',
  passwordAgain: 'Nhập lại mật khẩu',
  passwordHint: 'Ít nhất 8 ký tự.',
  passwordsDiffer: 'Hai lần nhập mật khẩu không giống nhau: hãy nhập lại.',
  needName: 'Hãy nhập tên đăng nhập.',
  needPassword: 'Hãy nhập mật khẩu.',
  working: 'Đang xử lý…',
  fingerprint: (fp: string) => `Dấu vân tay chứng chỉ máy chủ: ${fp}`,
  fingerprintHint: 'hãy so với số hiện trên máy chủ; nếu khác, đừng đăng nhập và báo ngay cho quản trị viên.',
  wrongPassword: 'Sai tên đăng nhập hoặc mật khẩu. Hãy kiểm tra lại (chú ý phím Caps Lock và bộ gõ tiếng Việt).',
  lockedUntil: (hhmm: string) => `Tài khoản đang bị khoá đến ${hhmm} vì nhập sai mật khẩu nhiều lần. Hãy chờ đến giờ đó rồi thử lại, hoặc nhờ quản trị viên đặt lại mật khẩu.`,

  // Changing the password
  changeTitle: 'Đổi mật khẩu',
  mustChangeIntro: 'Quản trị viên vừa đặt lại mật khẩu của bạn. Hãy đặt mật khẩu mới của riêng bạn trước khi làm việc.',
  oldPassword: 'Mật khẩu hiện tại',
  newPassword: 'Mật khẩu mới',
  changeSubmit: 'Đổi mật khẩu',
  changed: 'Đã đổi mật khẩu.',
  cancel: 'Huỷ',

  // The idle lock
  lockTitle: 'Màn hình đã khoá',
  lockIntro: (fullName: string, minutes: number) =>
    `Phiên làm việc của ${fullName} đã khoá sau ${formatNumberVi(minutes)} phút không dùng. Những gì đang làm dở vẫn được giữ nguyên: hãy nhập mật khẩu để tiếp tục.`,
  expiredIntro: (fullName: string) =>
    `Phiên làm việc của ${fullName} đã hết hạn. Những gì đang làm dở vẫn được giữ nguyên: hãy nhập mật khẩu để tiếp tục.`,
  unlock: 'Tiếp tục',
  otherUser: 'Đăng nhập bằng tài khoản khác',
  otherUserHint: 'Đăng nhập bằng tài khoản khác sẽ mở lại ứng dụng từ đầu (những gì chưa lưu của người trước không được giữ).',

  // The user menu
  userMenu: 'Người dùng đang đăng nhập',
  signedInAs: (fullName: string, role: Role) => `${fullName} · ${ROLE_LABELS[role]}`,
  logout: 'Đăng xuất',

  // The users screen
  usersTitle: 'Người dùng',
  usersIntro:
    'Mỗi cán bộ có tài khoản riêng: mọi thay đổi được ghi lại theo tên người làm. Vai trò quyết định những việc được làm; người nhập liệu chỉ nhập phiếu cho các thôn được giao.',
  roleLabel: 'Vai trò',
  roleHelp: {
    admin: 'người dùng, sao lưu, khôi phục, bộ tiêu chí, danh sách',
    officer: 'nhập liệu và quy trình rà soát của đơn vị',
    keyer: 'nhập phiếu cho các thôn được giao',
    leader: 'xem, in, ghi quyết định',
    viewer: 'chỉ xem',
  } satisfies Record<Role, string>,
  roleOption: (role: Role, help: string) => `${ROLE_LABELS[role]} (${help})`,
  villages: 'Thôn, ấp được giao',
  villagesHint: 'Người nhập liệu chỉ nhập phiếu cho các thôn, ấp được chọn ở đây.',
  villagesLoading: 'Đang tải danh sách thôn, ấp…',
  noRound: 'Chưa có đợt rà soát nên chưa chọn được thôn, ấp; có thể giao sau.',
  noVillages: 'Chưa giao thôn, ấp nào.',
  villageCount: (n: number) => `${formatNumberVi(n)} thôn, ấp`,
  addTitle: 'Thêm người dùng',
  addSubmit: 'Thêm người dùng',
  added: (name: string) => `Đã thêm người dùng ${name}.`,
  saved: (name: string) => `Đã lưu thay đổi của ${name}.`,
  columns: { name: 'Tên đăng nhập', fullName: 'Họ và tên', role: 'Vai trò', villages: 'Thôn, ấp được giao', state: 'Trạng thái', lastLogin: 'Đăng nhập lần cuối', actions: '' },
  active: 'Đang dùng',
  inactive: 'Đã khoá tài khoản',
  lockedTill: (when: string) => `Tạm khoá đến ${when}`,
  mustChange: 'Phải đổi mật khẩu',
  never: 'Chưa đăng nhập',
  edit: 'Sửa',
  editTitle: (name: string) => `Sửa tài khoản ${name}`,
  activeLabel: 'Cho phép đăng nhập',
  save: 'Lưu',
  resetTitle: 'Đặt lại mật khẩu',
  resetIntro: 'Người dùng phải đổi mật khẩu này ở lần đăng nhập sau. Hãy báo mật khẩu cho họ trực tiếp, không gửi qua tin nhắn công khai.',
  resetSubmit: 'Đặt lại mật khẩu',
  resetDone: (name: string) => `Đã đặt lại mật khẩu của ${name}; họ sẽ phải đổi ở lần đăng nhập sau.`,
  you: '(bạn)',

  // The audit screen
  auditTitle: 'Nhật ký',
  auditIntro: 'Mọi thay đổi dữ liệu và mọi lần xem, in, xuất danh sách có thông tin cá nhân, mới nhất trước.',
  filterUser: 'Người thực hiện',
  allUsers: 'Tất cả người dùng',
  filterFrom: 'Từ ngày',
  filterTo: 'Đến ngày',
  datePlaceholder: 'dd/mm/yyyy',
  filterCommune: 'Xã/phường',
  filterUnit: 'Thôn/ấp',
  allUnits: 'Tất cả',
  filterHousehold: 'Mã số hộ (id)',
  householdPlaceholder: 'ví dụ 1234',
  householdInvalid: 'Mã số hộ là một số nguyên dương.',
  filter: 'Lọc',
  clearFilters: 'Bỏ lọc',
  auditColumns: { at: 'Thời gian', actor: 'Người thực hiện', text: 'Nội dung', unit: 'Đơn vị' },
  auditEmpty: 'Không có dòng nhật ký nào khớp với bộ lọc.',
  auditTotal: (from: number, to: number, total: number) =>
    total === 0 ? '0 dòng' : `Dòng ${formatNumberVi(from)}–${formatNumberVi(to)} trên ${formatNumberVi(total)}`,
  previous: '← Trang trước',
  next: 'Trang sau →',
  pageKeys: 'PageUp/PageDown: chuyển trang',
} as const;
