// Forms: Mẫu số 01, 03, 04 (Quyết định 24/2021/QĐ-TTg) and the blank survey forms Phiếu A, Phiếu B
// (Thông tư 07/2021, Phụ lục II, III). Field order as in legal-procedure.md §4 and §5.
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { RELATION_LABELS } from '../../../shared/domain/household';
import { unitFullName } from '../../../shared/domain/units';
import { agencyHeader, BLANK, dataTable, LONG_BLANK, nationalTitleOnly, para, signatureRow, titleBlock, type Cell, type Column } from './blocks';
import { committeeHeader, issuerOf, placeOf, scopeWords } from './common';
import { inSentence, type DocContext } from './context';
import type { DocPart } from './pdf';
import { INDICATORS } from './queries';

const DOTS = '…………………………………………………………';

const line = (label: string, value = DOTS): Content => ({ text: `${label} ${value}`, margin: [0, 0, 0, 4] });
const emptyRows = (count: number, width: number): Cell[][] => Array.from({ length: count }, (_, i) => [String(i + 1).padStart(2, '0'), ...Array.from({ length: width - 1 }, () => '')]);

function applicantSignature(ctx: DocContext): Content {
  return {
    columns: [
      { text: '' },
      {
        stack: [
          { text: `${BLANK}, ngày …… tháng …… năm ${ctx.round.year}`, italics: true },
          { text: 'NGƯỜI ĐỀ NGHỊ', bold: true },
          { text: '(Ký, ghi rõ họ tên)', italics: true, fontSize: 12 },
        ],
        alignment: 'center',
      },
    ],
    margin: [0, 14, 0, 0],
    unbreakable: true,
  };
}

const addressedTo = (ctx: DocContext): Content => ({
  text: `Kính gửi: Chủ tịch Ủy ban nhân dân ${inSentence(issuerOf(ctx))}`,
  alignment: 'center',
  margin: [0, 0, 0, 10],
});

/** Mẫu số 01: the household's request to be reviewed (blank, for the household to fill). */
export function formM01(ctx: DocContext): DocPart {
  const cols: Column[] = [
    { title: 'TT', width: 24, align: 'center' },
    { title: 'Họ và tên', width: '*' },
    { title: 'Giới tính (1: Nam; 2: Nữ)', width: 52 },
    { title: 'Ngày, tháng, năm sinh', width: 62 },
    { title: 'Quan hệ với chủ hộ (Chủ hộ/vợ/chồng/bố/mẹ/con…)', width: 80 },
    { title: 'Tình trạng (Có việc làm/ Không có việc làm/ Đang đi học)', width: 92 },
  ];
  return {
    orientation: 'portrait',
    content: [
      { text: 'Mẫu số 01', italics: true, alignment: 'right', fontSize: 11 },
      nationalTitleOnly(),
      titleBlock('GIẤY ĐỀ NGHỊ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO'),
      addressedTo(ctx),
      line('Họ và tên:'),
      line('Giới tính (1: Nam; 2: Nữ):', '……'),
      line('Sinh ngày …… tháng …… năm ……;', `Dân tộc: ${BLANK}`),
      line('Số CCCD/CMND:', `${BLANK} Ngày cấp: ……/……/………`),
      line('Nơi thường trú:'),
      line('Nơi ở hiện tại:'),
      { text: 'Thông tin các thành viên của hộ:', margin: [0, 4, 0, 2] },
      dataTable(cols, emptyRows(8, cols.length), { fontSize: 11 }),
      line('Lý do đề nghị:'),
      line('', DOTS + '………………'),
      applicantSignature(ctx),
    ],
  };
}

/** Mẫu số 04: the household's request to be recognised as having escaped (blank). */
export function formM04(ctx: DocContext): DocPart {
  return {
    orientation: 'portrait',
    content: [
      { text: 'Mẫu số 04', italics: true, alignment: 'right', fontSize: 11 },
      nationalTitleOnly(),
      titleBlock('GIẤY ĐỀ NGHỊ CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO'),
      addressedTo(ctx),
      line('Họ và tên:'),
      line('Giới tính: Nam □, Nữ □', ''),
      line('Sinh ngày …… tháng …… năm ……,', `Dân tộc: ${BLANK}`),
      line('Số CCCD/CMND:', `${BLANK} Ngày cấp: ……/……/……… Cơ quan cấp: ${BLANK}`),
      line('Nơi thường trú:'),
      line('Nơi ở hiện tại:'),
      line('Hiện là hộ (nghèo/cận nghèo) theo Quyết định số:', `${BLANK} ngày ${BLANK}`),
      para('Gia đình tôi tự nhận thấy đã đủ điều kiện thoát nghèo/thoát cận nghèo, đề nghị Ủy ban nhân dân xem xét, công nhận.'),
      line('Lý do:'),
      applicantSignature(ctx),
    ],
  };
}

interface CertHousehold {
  id: number;
  head_name: string;
  head_id_number: string | null;
  address: string;
  status: string;
  ethnicity: string | null;
}

/** Mẫu số 03: one certificate per poor or near-poor household, with its member table and year cells. */
export function certificate(sqlite: BetterSqlite3.Database, ctx: DocContext): DocPart[] {
  const commune = ctx.commune!;
  const households = sqlite
    .prepare(
      `SELECT h.id, h.head_name, h.head_id_number, h.address, r.status,
         (SELECT m.ethnicity FROM members m WHERE m.household_id = h.id ORDER BY m.relation != 'head', m.seq LIMIT 1) AS ethnicity
       FROM households h JOIN results r ON r.household_id = h.id LEFT JOIN units v ON v.id = h.village_id
       WHERE h.round_id = ? AND h.commune_id = ? AND r.status IN ('poor', 'near_poor')
       ORDER BY v.name_sort, h.head_sort, h.id`,
    )
    .all(ctx.round.id, commune.id) as CertHousehold[];
  const members = sqlite.prepare(
    `SELECT full_name, ethnicity, relation, sex, birth_date FROM members WHERE household_id = ? ORDER BY relation != 'head', seq`,
  );
  const cols: Column[] = [
    { title: 'TT', width: 22, align: 'center' },
    { title: 'Họ và tên', width: '*' },
    { title: 'Dân tộc', width: 44 },
    { title: 'Quan hệ với chủ hộ', width: 58 },
    { title: 'Năm sinh', children: [{ title: 'Nam', width: 36, align: 'center' }, { title: 'Nữ', width: 36, align: 'center' }] },
    // Wide enough that the spanned heading fits its two rows (pdfmake does not grow rows for a rowSpan cell).
    { title: 'Ghi chú (trường hợp thay đổi thành viên hộ)', width: 120 },
  ];
  const header = (): Content =>
    agencyHeader({
      governing: null,
      issuer: `UBND ${unitFullName(commune.type, commune.name)}`,
      number: `Số: ${BLANK}/GCN-HN.HCN`,
      place: placeOf(ctx),
      date: ctx.signedOn,
      year: ctx.round.year,
      orientation: 'portrait',
    });
  const years = [2022, 2023, 2024, 2025];
  const parts = households.map((h): DocPart => {
    const rows = (members.all(h.id) as { full_name: string; ethnicity: string; relation: string; sex: string; birth_date: string | null }[]).map(
      (m, i): Cell[] => {
        const year = m.birth_date ? m.birth_date.slice(0, 4) : '';
        return [i + 1, m.full_name, m.ethnicity, RELATION_LABELS[m.relation as keyof typeof RELATION_LABELS] ?? m.relation, m.sex === 'male' ? year : '', m.sex === 'female' ? year : '', ''];
      },
    );
    return {
      orientation: 'portrait',
      content: [
        { text: 'Mẫu số 03', italics: true, alignment: 'right', fontSize: 11 },
        header(),
        titleBlock('GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO'),
        para('Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;', { italics: true, fontSize: 12, margin: [0, 0, 0, 2] }),
        para('Căn cứ Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ và Luật Tổ chức chính quyền địa phương ngày 22 tháng 11 năm 2019;', { italics: true, fontSize: 12, margin: [0, 0, 0, 2] }),
        para('Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021 của Chính phủ quy định chuẩn nghèo đa chiều giai đoạn 2021 - 2025;', { italics: true, fontSize: 12, margin: [0, 0, 0, 2] }),
        para(`Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo hằng năm trên địa bàn, Chủ tịch Ủy ban nhân dân ${inSentence(commune)} chứng nhận:`, { fontSize: 12 }),
        line('Hộ gia đình ông/bà:', `${h.head_name}     Dân tộc: ${h.ethnicity ?? BLANK}`),
        line('Số CCCD/CMND:', `${h.head_id_number ?? BLANK}     Ngày cấp: ${BLANK}`),
        line('Nơi thường trú:', `${h.address}, ${scopeWords(ctx)}`),
        { text: 'I. Danh sách thành viên hộ gia đình', bold: true, margin: [0, 4, 0, 2] },
        dataTable(cols, rows, { fontSize: 11 }),
        { text: 'II. Xác nhận hằng năm của Chủ tịch Ủy ban nhân dân cấp xã', bold: true, margin: [0, 4, 0, 2] },
        dataTable(
          [{ title: 'Năm', width: 60, align: 'center' }, { title: 'Hộ nghèo', width: 70, align: 'center' }, { title: 'Hộ cận nghèo', width: 70, align: 'center' }, { title: 'Chủ tịch UBND cấp xã ký tên, đóng dấu', width: '*' }],
          years.map((y) => [String(y), '', '', '']),
          { fontSize: 11 },
        ),
        { text: `Phân loại theo kết quả rà soát năm ${ctx.round.year}: ${h.status === 'poor' ? 'Hộ nghèo' : 'Hộ cận nghèo'}.`, italics: true, fontSize: 11 },
      ],
    };
  });
  if (parts.length === 0) parts.push({ orientation: 'portrait', content: [titleBlock('GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO'), { text: 'Không có hộ nghèo, hộ cận nghèo.', italics: true }] });
  return parts;
}

/** Phiếu A (Phụ lục II): identification of the household; its screening items are not yet verified, so the form is short. */
export function surveyA(ctx: DocContext): DocPart {
  return {
    orientation: 'portrait',
    content: [
      { text: 'Phụ lục II', italics: true, alignment: 'right', fontSize: 11 },
      committeeHeader(ctx, null, 'portrait'),
      titleBlock('PHIẾU A', ['Phiếu nhận dạng nhanh đặc điểm hộ gia đình']),
      line('Họ và tên chủ hộ:'),
      line('Thôn, ấp:', `${BLANK} ${scopeWords(ctx)}`),
      line('Số thành viên của hộ:', BLANK),
      line('Đặc điểm nhận dạng (theo hướng dẫn của Thông tư 07/2021):'),
      ...Array.from({ length: 6 }, () => line('', DOTS + '………………')),
      signatureRow([{ title: 'Chủ hộ', name: '' }, { title: 'Rà soát viên', name: '' }]),
    ],
  };
}

/** Phiếu B (Phụ lục III): B1 score and the twelve deprivation indicators (names of Nghị định 07/2021). */
export function surveyB(ctx: DocContext): DocPart {
  return {
    orientation: 'portrait',
    content: [
      { text: 'Phụ lục III', italics: true, alignment: 'right', fontSize: 11 },
      committeeHeader(ctx, null, 'portrait'),
      titleBlock('PHIẾU B', ['Phiếu rà soát hộ nghèo, hộ cận nghèo']),
      line('Họ và tên chủ hộ:'),
      line('Thôn, ấp:', `${BLANK} ${scopeWords(ctx)}`),
      line('Khu vực (nông thôn/thành thị):', BLANK),
      { text: 'B1. Điểm thu nhập (tổng điểm B1):', bold: true, margin: [0, 6, 0, 2] },
      line('', LONG_BLANK),
      { text: 'B2. Các chỉ số thiếu hụt dịch vụ xã hội cơ bản', bold: true, margin: [0, 6, 0, 2] },
      dataTable(
        [{ title: 'TT', width: 24, align: 'center' }, { title: 'Chỉ số', width: '*' }, { title: 'Thiếu hụt (đánh dấu X)', width: 90, align: 'center' }],
        INDICATORS.map(([, label], i) => [i + 1, label, '']),
        { fontSize: 11 },
      ),
      line('Tổng điểm B2 (10 điểm mỗi chỉ số thiếu hụt):', BLANK),
      signatureRow([{ title: 'Chủ hộ', name: '' }, { title: 'Rà soát viên', name: '' }]),
    ],
  };
}
