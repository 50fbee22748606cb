// The average-living-standard procedure (Quyết định 24/2021/QĐ-TTg, Điều 6; thủ tục 1.011609):
// households "làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình",
// classified middle_income by the engine (12-month income per person in the rule set's band).
// Three prints: the list, the commune chairman's decision (laid out like Mẫu số 02, which the
// procedure's result names) with the list attached, and a certificate per household. QĐ 24 has
// no certificate template for this track (its Mẫu số 03 is the poor/near-poor one): the
// certificate follows Mẫu số 03's layout without the yearly confirmation table — unconfirmed.
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { citationsFor } from '../../../shared/documents/legal-bases';
import { DECISION_SYMBOL } from '../../../shared/domain/decision-number';
import { unitFullName } from '../../../shared/domain/units';
import { formatNumberVi } from '../../../shared/text/format';
import { agencyHeader, BLANK, dataTable, para, titleBlock, type Cell, type Column } from './blocks';
import { chairmanSignature, committeeHeader, placeOf, scopeWords, superiorCommittee } from './common';
import { inSentence, legalDate, PLAIN, type DocContext, type DocOptions } from './context';
import { certificateMembers } from './forms';
import type { DocPart } from './pdf';
import { HOUSEHOLD_LIST_COLUMNS, type HouseholdListRow } from './queries';

export const MIDDLE_INCOME_NAME = 'hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình';
/** The certificate's number symbol: no national one is known (unconfirmed, commune practice). */
export const MIDDLE_INCOME_CERT_SYMBOL = 'GCN-HMSTB';

export interface MiddleIncomeRow extends HouseholdListRow {
  monthlyIncome: number | null;
}

/** The commune's middle_income households of the round, by village then head (Vietnamese order). */
export function middleIncomeRows(sqlite: BetterSqlite3.Database, roundId: number, communeIds: readonly number[]): MiddleIncomeRow[] {
  return sqlite
    .prepare(
      `SELECT ${HOUSEHOLD_LIST_COLUMNS}, a.monthly_income AS monthlyIncome
       FROM households h JOIN results r ON r.household_id = h.id
       LEFT JOIN answers a ON a.household_id = h.id LEFT JOIN units v ON v.id = h.village_id
       WHERE h.round_id = ? AND h.commune_id IN (SELECT value FROM json_each(?)) AND r.status = 'middle_income'
       ORDER BY v.name_sort, h.head_sort, h.id`,
    )
    .all(roundId, JSON.stringify(communeIds)) as MiddleIncomeRow[];
}

const TITLE = 'DANH SÁCH HỘ LÀM NÔNG NGHIỆP, LÂM NGHIỆP, NGƯ NGHIỆP VÀ DIÊM NGHIỆP CÓ MỨC SỐNG TRUNG BÌNH';

/** The list (landscape), attached to the decision or printed alone for posting. */
export function middleIncomeList(sqlite: BetterSqlite3.Database, ctx: DocContext, attached: boolean): DocPart {
  const rows = middleIncomeRows(sqlite, ctx.round.id, ctx.communes.map((c) => c.id));
  const cols: Column[] = [
    { title: 'STT', width: 26, align: 'center' },
    { title: 'Họ và tên chủ hộ', width: '*' },
    { title: 'Thôn, ấp', width: 80 },
    { title: 'Dân tộc', width: 46 },
    { title: 'Số CCCD/ định danh của chủ hộ', width: 84, align: 'center' },
    { title: 'Số nhân khẩu', width: 42, align: 'center' },
    { title: 'Thu nhập bình quân (đồng/người/tháng)', width: 90, align: 'right' },
    { title: 'Ghi chú', width: 60 },
  ];
  const body: Cell[][] = rows.map((r, i) => [i + 1, r.headName, r.village, r.ethnicity, { text: r.headIdNumber, alignment: 'center' }, r.memberCount, r.monthlyIncome ?? '', '']);
  const people = rows.reduce((s, r) => s + r.memberCount, 0);
  const content: Content[] = [
    ...(attached ? [] : [committeeHeader(ctx, null, 'landscape')]),
    titleBlock(`${TITLE} NĂM ${ctx.round.year}`, [capitalise(scopeWords(ctx))], 13),
    ...(attached
      ? [{ text: `(Kèm theo Quyết định số ${BLANK}/${DECISION_SYMBOL} ngày ${BLANK} của Chủ tịch Ủy ban nhân dân ${inSentence(ctx.commune ?? ctx.unit)})`, italics: true, alignment: 'center', margin: [0, -6, 0, 8] } as Content]
      : []),
    dataTable(cols, body, { orientation: 'landscape' }),
    { text: `Tổng cộng: ${rows.length} hộ, ${people} nhân khẩu.`, bold: true, margin: [0, 0, 0, 4] },
    chairmanSignature(ctx, null, 'landscape'),
  ];
  return { orientation: 'landscape', content };
}

const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** The decision recognising the commune's middle-income households, with the list attached. */
export function middleIncomeDecision(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart[] {
  const commune = ctx.commune!;
  const where = inSentence(commune);
  const year = ctx.round.year;
  const rows = middleIncomeRows(sqlite, ctx.round.id, [commune.id]);
  const people = rows.reduce((s, r) => s + r.memberCount, 0);
  const bases = citationsFor(opts.legalBases, { ruleSetId: ctx.round.rule_set_id, date: legalDate(ctx) }, 'M02');
  bases.push(`Căn cứ kết quả xác định thu nhập của ${MIDDLE_INCOME_NAME} năm ${year} trên địa bàn ${where};`);
  bases.push('Xét đề nghị của Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo cấp xã.');
  const article = (label: string, text: string): Content => para([{ text: `${label} `, bold: true }, text], { margin: [20, 0, 0, 5] });
  const content: Content[] = [
    committeeHeader(ctx, DECISION_SYMBOL, 'portrait'),
    titleBlock('QUYẾT ĐỊNH', [`Về việc công nhận ${MIDDLE_INCOME_NAME} trên địa bàn ${where} năm ${year}`]),
    { text: `CHỦ TỊCH ỦY BAN NHÂN DÂN ${unitFullName(commune.type, commune.name).toUpperCase()}`, bold: true, alignment: 'center', margin: [0, 0, 0, 8] },
    ...bases.map((b) => para(b, { italics: true, margin: [20, 0, 0, 4] })),
    { text: 'QUYẾT ĐỊNH:', bold: true, alignment: 'center', margin: [0, 6, 0, 6] },
    article('Điều 1.', `Công nhận ${rows.length} ${MIDDLE_INCOME_NAME} trên địa bàn ${where} năm ${year}, với ${people} nhân khẩu.`),
    para('(Có danh sách chi tiết kèm theo.)', { italics: true, margin: [20, 0, 0, 5] }),
    article('Điều 2.', 'Danh sách tại Điều 1 là cơ sở để thực hiện các chính sách hỗ trợ đối với hộ có mức sống trung bình theo quy định. Quyết định này có hiệu lực kể từ ngày ký.'),
    article(
      'Điều 3.',
      'Công chức phụ trách công tác giảm nghèo, Ban Chỉ đạo rà soát hộ nghèo, hộ cận nghèo cấp xã, Trưởng các thôn, ấp, khóm và các hộ gia đình có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.',
    ),
    chairmanSignature(ctx, ['Như Điều 3', `${superiorCommittee(ctx)} (báo cáo)`]),
  ];
  return [{ orientation: 'portrait', content }, middleIncomeList(sqlite, ctx, true)];
}

/** One certificate per middle-income household of the commune (see the file's comment). */
export function middleIncomeCertificates(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart[] {
  const commune = ctx.commune!;
  const rows = middleIncomeRows(sqlite, ctx.round.id, [commune.id]);
  const bases = citationsFor(opts.legalBases, { ruleSetId: ctx.round.rule_set_id, date: legalDate(ctx) }, 'M03');
  const { cols, rowsOf } = certificateMembers(sqlite, { title: 'Ghi chú', width: 90 });
  const line = (label: string, value: string): Content => ({ text: `${label} ${value}`, margin: [0, 0, 0, 4] });
  return rows.map((h): DocPart => {
    const body = rowsOf(h.id);
    return {
      orientation: 'portrait',
      paper: { label: null },
      content: [
        agencyHeader({
          governing: null,
          issuer: `UBND ${unitFullName(commune.type, commune.name)}`,
          number: `Số: ${BLANK}/${MIDDLE_INCOME_CERT_SYMBOL}`,
          place: placeOf(ctx),
          date: null,
          year: ctx.round.year,
          orientation: 'portrait',
        }),
        titleBlock('GIẤY CHỨNG NHẬN', ['HỘ LÀM NÔNG NGHIỆP, LÂM NGHIỆP, NGƯ NGHIỆP VÀ DIÊM NGHIỆP CÓ MỨC SỐNG TRUNG BÌNH']),
        ...bases.map((b) => para(b, { italics: true, fontSize: 12, margin: [0, 0, 0, 2] })),
        para(`Căn cứ kết quả xác định ${MIDDLE_INCOME_NAME} năm ${ctx.round.year} trên địa bàn, Chủ tịch Ủy ban nhân dân ${inSentence(commune)} chứng nhận:`, { fontSize: 12 }),
        line('Hộ gia đình ông/bà:', `${h.headName}     Dân tộc: ${h.ethnicity || BLANK}`),
        line('Số CCCD/CMND:', h.headIdNumber || BLANK),
        line('Nơi thường trú:', `${h.address}, ${scopeWords(ctx)}`),
        line('Thu nhập bình quân đầu người:', h.monthlyIncome === null ? BLANK : `${formatNumberVi(h.monthlyIncome)} đồng/người/tháng`),
        { text: `là ${MIDDLE_INCOME_NAME} năm ${ctx.round.year}.`, bold: true, margin: [0, 0, 0, 4] },
        { text: 'Danh sách thành viên hộ gia đình', bold: true, margin: [0, 4, 0, 2] },
        dataTable(cols, body, { fontSize: 11 }),
        chairmanSignature(ctx, null),
      ],
    };
  });
}
