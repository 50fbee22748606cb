import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { CAUSE_LABELS, CAUSES, causeCode } from '../../../shared/domain/causes';
import { RELATION_LABELS, RELATIONS, SEX_LABELS } from '../../../shared/domain/household';
import { COLUMN_HEADERS, type ColumnKey } from './columns';
import { setSafe } from './safe-text';

/** The 54 ethnic groups (official order, Quyết định 121-TCTK/PPCĐ), as officers write them. */
export const ETHNIC_GROUPS = [
  'Kinh', 'Tày', 'Thái', 'Hoa', 'Khmer', 'Mường', 'Nùng', 'Mông', 'Dao', 'Gia Rai', 'Ngái', 'Ê Đê', 'Ba Na', 'Xơ Đăng', 'Sán Chay',
  'Cơ Ho', 'Chăm', 'Sán Dìu', 'Hrê', 'Mnông', 'Ra Glai', 'Xtiêng', 'Bru - Vân Kiều', 'Thổ', 'Giáy', 'Cơ Tu', 'Giẻ Triêng', 'Mạ',
  'Khơ Mú', 'Co', 'Tà Ôi', 'Chơ Ro', 'Kháng', 'Xinh Mun', 'Hà Nhì', 'Chu Ru', 'Lào', 'La Chí', 'La Ha', 'Phù Lá', 'La Hủ', 'Lự',
  'Lô Lô', 'Chứt', 'Mảng', 'Pà Thẻn', 'Cờ Lao', 'Cống', 'Bố Y', 'Si La', 'Pu Péo', 'Brâu', 'Ơ Đu', 'Rơ Măm',
] as const;

/** The template's columns: what a commune sheet needs, in the order officers fill them. */
export const TEMPLATE_COLUMNS: ColumnKey[] = [
  'householdNo',
  'village',
  'address',
  'fullName',
  'relation',
  'birthDate',
  'sex',
  'idNumber',
  'ethnicity',
  'healthInsurance',
  'disability',
  'causes',
];

const INSTRUCTIONS = [
  'HƯỚNG DẪN NHẬP DANH SÁCH HỘ',
  '',
  '1. Mỗi dòng một người. Người đầu tiên của mỗi hộ là chủ hộ; ghi "STT hộ" ở dòng chủ hộ, các dòng thành viên để trống (thuộc hộ ở trên).',
  '2. Họ và tên, Giới tính, Quan hệ với chủ hộ: bắt buộc. Giới tính ghi Nam hoặc Nữ; quan hệ chọn trong danh sách.',
  '3. Ngày sinh ghi ngày/tháng/năm (ví dụ 15/03/1985); nếu chỉ biết năm, ghi năm (ví dụ 1985).',
  '4. Số định danh cá nhân (CCCD) ghi đủ 12 chữ số; cột đã định dạng chữ để không mất số 0 ở đầu. Trẻ chưa có số: để trống.',
  '5. Thôn/ấp chọn trong danh sách của xã (thôn/ấp mới sẽ được thêm khi nhập, có cảnh báo).',
  '6. Có thẻ BHYT, Khuyết tật: ghi Có hoặc Không, để trống nếu chưa rõ.',
  '7. Không đổi tên các cột tiêu đề; có thể thêm dòng tiêu đề phía trên hoặc đổi thứ tự cột.',
  '8. Khi nhập, ứng dụng cho xem trước số hộ thêm mới/sửa/giữ nguyên và mọi lỗi theo dòng, cột trước khi ghi.',
  `9. Nguyên nhân nghèo (hộ nghèo, hộ cận nghèo): ghi ở dòng chủ hộ số hoặc tên nguyên nhân, nhiều nguyên nhân cách nhau bằng dấu chấm phẩy (ví dụ 1;3). Danh mục: ${CAUSES.map((c) => `${causeCode(c)}: ${CAUSE_LABELS[c]}`).join('; ')}.`,
];

/** Writes the household-list template: headers, drop-down lists (sex, relation, ethnicity, village), instructions. */
export async function writeTemplate(out: string, options: { villages?: string[]; rows?: number } = {}): Promise<void> {
  const rows = options.rows ?? 1000;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Rà soát hộ nghèo';
  const ws = wb.addWorksheet('Danh sách hộ', { views: [{ state: 'frozen', ySplit: 1 }] });
  const help = wb.addWorksheet('Hướng dẫn');
  const lists = wb.addWorksheet('Danh mục', { state: 'hidden' });

  ws.columns = TEMPLATE_COLUMNS.map((k) => ({
    header: COLUMN_HEADERS[k],
    key: k,
    width: k === 'fullName' || k === 'address' || k === 'causes' ? 28 : k === 'idNumber' ? 16 : Math.max(12, COLUMN_HEADERS[k].length + 2),
    // Text cells: leading zeros stay, and "1,3" (two causes) is not read as the number 1.3.
    style: k === 'idNumber' || k === 'birthDate' || k === 'householdNo' || k === 'causes' ? { numFmt: '@' } : {},
  }));
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.alignment = { wrapText: true, vertical: 'middle' };

  const villages = options.villages ?? [];
  const listCols: [string, readonly string[]][] = [
    ['Giới tính', [SEX_LABELS.male, SEX_LABELS.female]],
    ['Quan hệ với chủ hộ', RELATIONS.map((r) => RELATION_LABELS[r])],
    ['Dân tộc', ETHNIC_GROUPS],
    ['Thôn/ấp', villages],
    ['Có/Không', ['Có', 'Không']],
    // For reading only: a cell may hold several causes, which a list rule cannot check.
    ['Nguyên nhân nghèo', CAUSES.map((c) => `${causeCode(c)}: ${CAUSE_LABELS[c]}`)],
  ];
  listCols.forEach(([title, values], i) => {
    [title, ...values].forEach((v, r) => setSafe(lists.getCell(r + 1, i + 1), v));
  });
  const ref = (i: number, n: number): string => {
    const letter = String.fromCharCode(65 + i);
    return `'Danh mục'!$${letter}$2:$${letter}$${n + 1}`;
  };
  const colOf = (k: ColumnKey): string => String.fromCharCode(65 + TEMPLATE_COLUMNS.indexOf(k));
  const validate = (k: ColumnKey, listIndex: number, strict: boolean): void => {
    const n = listCols[listIndex]![1].length;
    if (n === 0) return;
    // One rule for the whole column range (exceljs writes the address as the rule's sqref).
    (ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations.add(`${colOf(k)}2:${colOf(k)}${rows + 1}`, {
      type: 'list',
      allowBlank: true,
      formulae: [ref(listIndex, n)],
      showErrorMessage: true,
      errorStyle: strict ? 'stop' : 'warning',
      errorTitle: COLUMN_HEADERS[k],
      error: `Chọn trong danh sách ${listCols[listIndex]![0]}`,
    });
  };
  validate('sex', 0, true);
  validate('relation', 1, true);
  validate('ethnicity', 2, false);
  validate('village', 3, false);
  validate('healthInsurance', 4, true);
  validate('disability', 4, true);

  help.getColumn(1).width = 120;
  INSTRUCTIONS.forEach((line, i) => {
    const cell = help.getCell(i + 1, 1);
    setSafe(cell, line);
    if (i === 0) cell.font = { bold: true, size: 14 };
  });

  fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
  await wb.xlsx.writeFile(out);
}
