// The setup screens' Vietnamese strings (first run and the "Thiết lập" tab): one catalogue, typed keys.
import { formatNumberVi } from '../../../shared/text/format';

/** "Tỉnh An Giang" → "tỉnh An Giang", as it reads after a comma. */
const lowerFirst = (s: string): string => s.charAt(0).toLocaleLowerCase('vi') + s.slice(1);

export const setupMessages = {
  title: 'Thiết lập đơn vị',
  firstRunIntro:
    'Cơ sở dữ liệu này chưa gắn với đơn vị nào. Hãy chọn đơn vị của mình, ghi các thôn, ấp (tổ dân phố) và người ký văn bản; sau đó tạo đợt rà soát đầu tiên.',
  tabIntro: 'Đơn vị của cơ sở dữ liệu, các thôn, ấp và người ký văn bản.',
  steps: { office: 'Đơn vị', villages: 'Thôn, ấp', officials: 'Người ký', done: 'Xong' },
  stepOf: (n: number, label: string) => `Bước ${n}. ${label}`,
  back: 'Quay lại',
  next: 'Tiếp tục',
  skip: 'Để sau',
  finish: 'Vào ứng dụng',

  // (a) the office
  officeHeading: 'Chọn đơn vị của mình',
  officeKind: 'Đơn vị là',
  kindCommune: 'Xã, phường, đặc khu',
  kindProvince: 'Tỉnh, thành phố (xem mọi xã của tỉnh)',
  search: 'Tên đơn vị',
  searchPlaceholder: 'Gõ một phần tên, có dấu hoặc không dấu (ví dụ: binh my)',
  searchHint: '↑/↓ chọn · Enter lấy đơn vị đang chọn',
  searching: 'Đang tìm…',
  noUnitFound: 'Không thấy đơn vị nào có tên như vậy trên bản đồ hành chính hiện hành. Hãy gõ tên khác (chỉ cần một phần tên).',
  unitOption: (fullName: string, provinceName: string | null) => (provinceName ? `${fullName}, ${lowerFirst(provinceName)}` : fullName),
  unitCode: (code: string) => `mã ${code}`,
  chosen: 'Đơn vị đã chọn',
  confirmOffice: 'Lấy đơn vị này',
  officeSaved: (name: string) => `Cơ sở dữ liệu đã gắn với ${name}.`,
  office: 'Đơn vị',
  registerLoading: 'Lần đầu tìm kiếm, ứng dụng nạp danh mục đơn vị hành chính (vài giây)…',

  // (b) villages
  villagesHeading: 'Thôn, ấp, tổ dân phố',
  villagesIntro:
    'Ghi từng thôn, ấp; hoặc dán cả danh sách (mỗi dòng một thôn, chép từ Excel hay Word); hoặc nhập tệp Excel (trang đầu, các cột Mã, Tên, Loại, Khu vực). Khu vực là mặc định cho hộ mới của thôn.',
  villagesOfCommune: (name: string) => `Thôn, ấp của ${lowerFirst(name)}`,
  provinceCommune: 'Xã, phường cần ghi thôn, ấp',
  provinceCommuneHint: 'Đơn vị tỉnh: chọn từng xã, phường để ghi thôn, ấp (có thể để sau, khi nhập danh sách hộ).',
  noVillages: 'Chưa có thôn, ấp nào.',
  columns: { name: 'Thôn, ấp', code: 'Mã', area: 'Khu vực', households: 'Số hộ (đợt gần nhất)', line: 'Dòng', problem: 'Vấn đề' },
  type: 'Loại',
  name: 'Tên',
  area: 'Khu vực',
  defaultType: 'Loại khi dòng không ghi loại',
  add: 'Thêm',
  addHeading: 'Thêm một thôn, ấp',
  pasteHeading: 'Dán danh sách',
  pasteLabel: 'Danh sách (mỗi dòng một thôn, ấp)',
  pastePlaceholder: 'Ấp Bình Thạnh\nẤp Bình Hòa\nThôn Mỹ Phú',
  preview: 'Xem trước',
  importHeading: 'Nhập từ tệp Excel',
  chooseFile: 'Chọn tệp .xlsx',
  reading: 'Đang đọc tệp…',
  confirmAdd: (n: number) => `Thêm ${formatNumberVi(n)} thôn, ấp`,
  added: (n: number) => `Đã thêm ${formatNumberVi(n)} thôn, ấp.`,
  refused: (n: number) => `Chưa thêm gì: ${formatNumberVi(n)} dòng có vấn đề. Hãy sửa các dòng dưới đây rồi xem trước lại.`,
  previewOk: (n: number) => `${formatNumberVi(n)} thôn, ấp sẽ được thêm. Kiểm tra rồi bấm nút thêm.`,
  areaSaved: (name: string, area: string) => `${name}: khu vực mặc định là ${area}.`,

  // (c) officials
  officialsHeading: 'Người ký văn bản',
  officialsIntro: 'In trên quyết định, thông báo, danh sách của xã. Có thể để trống và ghi sau (thẻ Thiết lập hoặc In tài liệu).',
  chairman: 'Chủ tịch UBND',
  viceChairman: 'Phó Chủ tịch UBND',
  signAs: 'Cách ký',
  signTM: 'TM. Ủy ban nhân dân — Chủ tịch ký',
  signKT: 'KT. Chủ tịch — Phó Chủ tịch ký',
  povertyOfficer: 'Công chức phụ trách giảm nghèo',
  placeName: 'Địa danh ghi ở dòng ngày tháng (để trống: tên xã)',
  saveOfficials: 'Lưu người ký',
  officialsSaved: 'Đã lưu người ký.',
  officialsProvince: 'Người ký được ghi theo từng xã, ở thẻ In tài liệu.',

  // (d) done
  doneHeading: 'Đã thiết lập xong',
  doneSummary: (office: string, villages: number) => `${office}: ${formatNumberVi(villages)} thôn, ấp.`,
  doneNext: 'Bước tiếp theo: tạo đợt rà soát đầu tiên, ngay ở màn hình sau (về sau: thẻ “Quy trình rà soát” → tạo đợt).',
} as const;
