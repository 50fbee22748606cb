import { fold } from '../../../shared/text/fold';

/** The columns of a household list (one row per person), as the import finds them and the export writes them. */
export const COLUMN_KEYS = [
  'householdCode',
  'householdNo',
  'communeCode',
  'village',
  'address',
  'area',
  'headName',
  'fullName',
  'relation',
  'birthDate',
  'sex',
  'idNumber',
  'ethnicity',
  'healthInsurance',
  'schooling',
  'education',
  'employment',
  'disability',
  'workingCapacity',
  'nutrition',
  'ethnicMinority',
  'noWorkingCapacity',
  'meritPerson',
  'femaleHead',
  'causes',
  'status',
  'scoreA',
  'scoreB',
  'decisionNo',
  'decisionDate',
] as const;
export type ColumnKey = (typeof COLUMN_KEYS)[number];

/** The header each column is written with (export, template), in Vietnamese. */
export const COLUMN_HEADERS: Record<ColumnKey, string> = {
  householdCode: 'Mã hộ',
  householdNo: 'STT hộ',
  communeCode: 'Mã xã',
  village: 'Thôn/ấp',
  address: 'Địa chỉ',
  area: 'Khu vực',
  headName: 'Họ và tên chủ hộ',
  fullName: 'Họ và tên thành viên',
  relation: 'Quan hệ với chủ hộ',
  birthDate: 'Ngày sinh',
  sex: 'Giới tính',
  idNumber: 'Số định danh',
  ethnicity: 'Dân tộc',
  healthInsurance: 'Có thẻ BHYT',
  schooling: 'Tình trạng đi học',
  education: 'Trình độ học vấn',
  employment: 'Việc làm',
  disability: 'Khuyết tật',
  workingCapacity: 'Có khả năng lao động',
  nutrition: 'Dinh dưỡng trẻ em',
  ethnicMinority: 'Hộ dân tộc thiểu số',
  noWorkingCapacity: 'Hộ không có người có khả năng lao động',
  meritPerson: 'Hộ có người có công',
  femaleHead: 'Chủ hộ là nữ',
  causes: 'Nguyên nhân nghèo',
  status: 'Phân loại hộ',
  scoreA: 'Điểm B1',
  scoreB: 'Điểm B2',
  decisionNo: 'Số quyết định',
  decisionDate: 'Ngày quyết định',
};

/** Header variants (folded: lower case, no diacritics, đ → d, single spaces, no punctuation). */
const VARIANTS: Record<ColumnKey, string[]> = {
  householdCode: ['ma ho', 'ma so ho', 'ma ho gia dinh', 'so hieu ho'],
  householdNo: ['stt ho', 'so thu tu ho', 'stt', 'so tt ho', 'tt ho', 'so ho'],
  communeCode: ['ma xa', 'ma don vi hanh chinh xa', 'ma xa phuong'],
  village: ['thon', 'ap', 'thon ap', 'thon ap to dan pho', 'thon to', 'khom ap', 'ap khom', 'thon ban', 'to dan pho', 'thon ban ap', 'khom'],
  address: ['dia chi', 'dia chi noi o', 'noi o hien nay'],
  area: ['khu vuc', 'thanh thi nong thon', 'khu vuc thanh thi nong thon'],
  headName: ['ho va ten chu ho', 'ten chu ho', 'chu ho', 'ho ten chu ho'],
  fullName: ['ho va ten', 'ho va ten thanh vien', 'ho ten', 'ho ten thanh vien', 'ho va ten nhan khau', 'thanh vien'],
  relation: ['quan he voi chu ho', 'quan he', 'qh voi chu ho', 'quan he chu ho'],
  birthDate: ['ngay sinh', 'ngay thang nam sinh', 'nam sinh', 'sinh ngay', 'ngay thang nam sinh hoac nam sinh'],
  sex: ['gioi tinh', 'gioi', 'nam nu', 'gioi tinh nam nu'],
  idNumber: ['so cccd', 'so dinh danh', 'cccd cmnd', 'so dinh danh ca nhan', 'cccd', 'so cccd cmnd', 'cmnd cccd', 'so cmnd', 'so can cuoc', 'so the can cuoc', 'so cmnd cccd', 'ma dinh danh'],
  ethnicity: ['dan toc'],
  healthInsurance: ['co the bhyt', 'the bhyt', 'bhyt', 'bao hiem y te'],
  schooling: ['tinh trang di hoc', 'di hoc'],
  education: ['trinh do hoc van', 'trinh do', 'hoc van', 'trinh do van hoa'],
  employment: ['viec lam', 'tinh trang viec lam'],
  disability: ['khuyet tat', 'nguoi khuyet tat'],
  workingCapacity: ['co kha nang lao dong', 'kha nang lao dong'],
  nutrition: ['dinh duong tre em', 'dinh duong'],
  ethnicMinority: ['ho dan toc thieu so', 'dttt', 'dtts', 'ho dtts', 'dan toc thieu so'],
  noWorkingCapacity: ['ho khong co nguoi co kha nang lao dong', 'khong co kha nang lao dong', 'ho khong co kha nang lao dong', 'khong co knld'],
  meritPerson: ['ho co nguoi co cong', 'nguoi co cong', 'ho co cong', 'ncc'],
  femaleHead: ['chu ho la nu', 'chu ho nu', 'ho co chu ho la nu'],
  causes: ['nguyen nhan ngheo', 'nguyen nhan', 'nguyen nhan ngheo can ngheo', 'cac nguyen nhan ngheo', 'nn ngheo'],
  status: ['phan loai ho', 'phan loai', 'ket qua phan loai', 'loai ho'],
  scoreA: ['diem b1', 'tong diem b1', 'diem a', 'diem thu nhap'],
  scoreB: ['diem b2', 'tong diem b2', 'diem b', 'so chieu thieu hut'],
  decisionNo: ['so quyet dinh', 'so qd', 'quyet dinh so'],
  decisionDate: ['ngay quyet dinh', 'ngay qd', 'ngay ky quyet dinh'],
};

/** "Ngày, tháng, năm sinh (*)" → "ngay thang nam sinh". */
export function foldHeader(text: string): string {
  return fold(text)
    .replace(/\(\s*\*\s*\)|\*/gu, ' ')
    .replace(/[^a-z0-9]+/gu, ' ')
    .trim();
}

const BY_VARIANT = new Map<string, ColumnKey>();
for (const key of COLUMN_KEYS) {
  BY_VARIANT.set(foldHeader(COLUMN_HEADERS[key]), key);
  for (const v of VARIANTS[key]) BY_VARIANT.set(v, key);
}

/** The column a header cell names, or undefined. */
export function columnOf(header: string): ColumnKey | undefined {
  const f = foldHeader(header);
  if (!f) return undefined;
  const exact = BY_VARIANT.get(f);
  if (exact) return exact;
  // "Họ và tên thành viên hộ", "Số CCCD/CMND (12 số)": a known header followed by a remark.
  const noParen = foldHeader(header.replace(/\([^)]*\)/gu, ' '));
  return BY_VARIANT.get(noParen);
}
