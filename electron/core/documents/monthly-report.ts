// The commune's monthly report of the ad hoc review (Quyết định 24/2021, Điều 7 khoản 1: on the
// 5th of each month, February to September): the requests and the households that entered or
// left the poor and near-poor lists, from requests/monthly.ts (the figures the screen shows).
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import type { MonthlyFigures } from '../../../shared/api/requests';
import { unitFullName } from '../../../shared/domain/units';
import { formatDateVi } from '../../../shared/text/format';
import { agencyHeader, BLANK, dataTable, para, signatureBlock, titleBlock, type Cell } from './blocks';
import { inSentence, readOfficials } from './context';
import type { DocPart } from './pdf';

const monthWords = (month: string): string => `tháng ${Number(month.slice(5, 7))} năm ${month.slice(0, 4)}`;

export function monthlyReport(sqlite: BetterSqlite3.Database, unitId: number, f: MonthlyFigures): DocPart[] {
  const unit = sqlite.prepare('SELECT id, name, type, level, parent_id FROM units WHERE id = ?').get(unitId) as { id: number; name: string; type: string; level: string; parent_id: number | null };
  const parent = unit.parent_id ? (sqlite.prepare('SELECT name, type FROM units WHERE id = ?').get(unit.parent_id) as { name: string; type: string } | undefined) : undefined;
  const o = unit.level === 'commune' ? readOfficials(sqlite, unit.id) : null;
  const kt = o?.signAs === 'KT';
  const where = inSentence(unit);
  const year = Number(f.month.slice(0, 4));
  const n = (households: number, people: number): string => `${households} hộ, ${people} nhân khẩu`;
  const summary: Cell[][] = [
    ['1', 'Hộ nghèo tăng trong tháng (mới, tái nghèo, từ cận nghèo xuống nghèo)', f.entered.poor, f.entered.poorPeople],
    ['2', 'Hộ nghèo giảm trong tháng (thoát nghèo)', f.left.poor, f.left.poorPeople],
    ['3', 'Hộ cận nghèo tăng trong tháng (mới, tái cận nghèo, từ nghèo lên cận nghèo)', f.entered.nearPoor, f.entered.nearPoorPeople],
    ['4', 'Hộ cận nghèo giảm trong tháng (thoát cận nghèo, xuống nghèo)', f.left.nearPoor, f.left.nearPoorPeople],
  ];
  const rows: Cell[][] = f.rows.map((r, i) => [i + 1, r.headName, r.communeName, r.village, r.memberCount, r.change]);
  const content: Content[] = [
    agencyHeader({ governing: 'ỦY BAN NHÂN DÂN', issuer: unitFullName(unit.type, unit.name), number: `Số: ${BLANK}/BC-UBND`, place: o?.placeName || unit.name, date: null, year, orientation: 'portrait' }),
    titleBlock('BÁO CÁO', [`Kết quả rà soát hộ nghèo, hộ cận nghèo thường xuyên ${monthWords(f.month)}`]),
    ...(parent ? [para(`Kính gửi: Chủ tịch Ủy ban nhân dân ${inSentence(parent)}.`, { alignment: 'center', margin: [0, 0, 0, 8] })] : []),
    para(
      `Thực hiện Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ, Ủy ban nhân dân ${where} báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo thường xuyên ${monthWords(f.month)} (hạn báo cáo: ngày ${formatDateVi(f.dueOn)}${f.required ? '' : '; tháng này không thuộc kỳ báo cáo bắt buộc từ tháng 2 đến tháng 9'}) như sau:`,
      { margin: [0, 0, 0, 5] },
    ),
    { text: '1. Tiếp nhận và giải quyết đơn đề nghị', bold: true, margin: [0, 2, 0, 2] },
    para(
      `Nhận trong tháng: ${f.requests.received} đơn; công nhận, đưa vào rà soát: ${f.requests.accepted} đơn; trả lời không đồng ý: ${f.requests.refused} đơn; đang giải quyết cuối tháng: ${f.requests.open} đơn, trong đó quá hạn: ${f.requests.overdue} đơn.`,
      { margin: [0, 0, 0, 5] },
    ),
    { text: '2. Biến động hộ nghèo, hộ cận nghèo trong tháng', bold: true, margin: [0, 2, 0, 2] },
    dataTable([{ title: 'TT', width: 22, align: 'center' }, { title: 'Nội dung', width: '*' }, { title: 'Số hộ', width: 50, align: 'center' }, { title: 'Số nhân khẩu', width: 60, align: 'center' }], summary, { fontSize: 11 }),
    para(
      `Hộ nghèo: tăng ${n(f.entered.poor, f.entered.poorPeople)}, giảm ${n(f.left.poor, f.left.poorPeople)}. Hộ cận nghèo: tăng ${n(f.entered.nearPoor, f.entered.nearPoorPeople)}, giảm ${n(f.left.nearPoor, f.left.nearPoorPeople)}.`,
      { margin: [0, 0, 0, 5] },
    ),
    { text: '3. Danh sách hộ có biến động', bold: true, margin: [0, 2, 0, 2] },
    rows.length
      ? dataTable([{ title: 'STT', width: 26, align: 'center' }, { title: 'Họ và tên chủ hộ', width: '*' }, { title: 'Xã, phường', width: 80 }, { title: 'Thôn, ấp', width: 70 }, { title: 'Số nhân khẩu', width: 44, align: 'center' }, { title: 'Biến động', width: 100 }], rows, { fontSize: 10 })
      : para('Không có hộ nào vào hoặc ra khỏi danh sách hộ nghèo, hộ cận nghèo trong tháng.', { italics: true, margin: [0, 0, 0, 5] }),
    signatureBlock({ authority: kt ? ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'] : ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'], name: o ? (kt ? o.viceChairman : o.chairman) : '', recipients: [parent ? `UBND ${inSentence(parent)}` : 'UBND cấp trên', 'Ban Chỉ đạo rà soát cấp xã'] }),
  ];
  return [{ orientation: 'portrait', content }];
}
