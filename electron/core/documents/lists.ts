// The household lists: the four lists attached to the decision (Mẫu số 02), the list of households
// to review (Thông tư 07/2021, Phụ lục I) and the list for the population database (one row per person).
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { RELATION_LABELS, SEX_LABELS } from '../../../shared/domain/household';
import { unitFullName } from '../../../shared/domain/units';
import { STATUS_LABELS, transitionLabel } from '../../../shared/glossary';
import type { Status } from '../../../shared/engine/ruleset';
import type { Transition } from '../../../shared/engine/transition';
import { formatDateVi } from '../../../shared/text/format';
import { agencyHeader, BLANK, dataTable, signatureBlock, titleBlock, type Cell, type Column } from './blocks';
import { chairmanSignature, committeeHeader, issuerOf, placeOf, scopeWords } from './common';
import type { DocContext } from './context';
import type { DocPart } from './pdf';
import { communeDecisions, countList, listRows, numberHouseholds, personRows, type ListKind, type ListRow } from './queries';
import { decisionReference } from '../../../shared/domain/decision-number';

/** The four lists of the decision, in the order Điều 1 names them (Quyết định 24/2021, Mẫu số 02). */
export const DECISION_LISTS: { kind: ListKind; title: string; short: string }[] = [
  { kind: 'poor', title: 'DANH SÁCH HỘ NGHÈO', short: 'hộ nghèo' },
  { kind: 'near_poor', title: 'DANH SÁCH HỘ CẬN NGHÈO', short: 'hộ cận nghèo' },
  { kind: 'escaped_poor', title: 'DANH SÁCH HỘ THOÁT NGHÈO', short: 'hộ thoát nghèo' },
  { kind: 'escaped_near_poor', title: 'DANH SÁCH HỘ THOÁT CẬN NGHÈO', short: 'hộ thoát cận nghèo' },
];

/**
 * Class and change since the last round as the lists word it; a household with no earlier record
 * (moved in, split) is an "other increase", as report tables 2 and 3 count it.
 */
export function classLabel(status: Status, transition: Transition | null): string {
  if (transition === null) return status === 'poor' || status === 'near_poor' ? `${STATUS_LABELS[status]}, khác tăng` : STATUS_LABELS[status];
  return transitionLabel(transition, status);
}

const score = (v: number | null): Cell => (v === null ? '' : v);

/** Columns of the attached lists (design of legal-procedure.md §4.2; no national column set). */
export function listColumns(withCommune: boolean): Column[] {
  return [
    { title: 'STT', width: 26, align: 'center' },
    { title: 'Họ và tên chủ hộ', width: '*' },
    ...(withCommune ? [{ title: 'Xã, thị trấn', width: 70 } as Column] : []),
    { title: 'Thôn, ấp', width: 70 },
    { title: 'Dân tộc', width: 42 },
    { title: 'Số CCCD/ định danh của chủ hộ', width: 78, align: 'center' },
    { title: 'Số nhân khẩu', width: 38, align: 'center' },
    { title: 'Điểm B1 (thu nhập)', width: 40, align: 'center' },
    { title: 'Điểm B2 (thiếu hụt)', width: 40, align: 'center' },
    { title: 'Phân loại', width: 96 },
    { title: 'Ghi chú', width: 50 },
  ];
}

export function listBody(rows: ListRow[], communeNames: Map<number, string> | null): Cell[][] {
  return rows.map((r, i) => [
    i + 1,
    r.headName,
    ...(communeNames ? [communeNames.get(r.communeId) ?? ''] : []),
    r.village,
    r.ethnicity,
    { text: r.headIdNumber, alignment: 'center' },
    r.memberCount,
    score(r.scoreA),
    score(r.scoreB),
    r.status ? classLabel(r.status, r.transition) : '',
    '',
  ]);
}

/** "(Kèm theo Quyết định số …/QĐ-UBND ngày … của Chủ tịch UBND xã Bình Mỹ)". */
function attachedTo(ctx: DocContext): string {
  const date = ctx.decision?.signedOn ? formatDateVi(ctx.decision.signedOn) : BLANK;
  return `(Kèm theo Quyết định số ${decisionReference(ctx.decision?.number, BLANK)} ngày ${date} của Chủ tịch Ủy ban nhân dân ${scopeWords(ctx, issuerOf(ctx)).split(',')[0]})`;
}

/** One attached list of the decision, as its own landscape part. */
export function decisionList(sqlite: BetterSqlite3.Database, ctx: DocContext, kind: ListKind, title: string, attached = attachedTo(ctx)): DocPart {
  const communeIds = ctx.communes.map((c) => c.id);
  const rows = listRows(sqlite, ctx.round.id, communeIds, kind);
  const totals = countList(sqlite, ctx.round.id, communeIds, kind);
  const content: Content[] = [
    titleBlock(`${title} NĂM ${ctx.round.year}`, [`${capitalise(scopeWords(ctx))}`], 13),
    { text: attached, italics: true, alignment: 'center', margin: [0, -6, 0, 8] },
    dataTable(listColumns(false), listBody(rows, null), { orientation: 'landscape' }),
    { text: `Tổng cộng: ${totals.households} hộ, ${totals.people} nhân khẩu.`, bold: true, margin: [0, 0, 0, 4] },
    chairmanSignature(ctx, null, 'landscape'),
  ];
  return { orientation: 'landscape', content };
}

/**
 * The poor and near-poor households of a whole unit (district or commune) in one table, with the
 * commune column: the district's list.
 */
export function poorNearPoorList(sqlite: BetterSqlite3.Database, ctx: DocContext): DocPart {
  const communeIds = ctx.communes.map((c) => c.id);
  const rows = listRows(sqlite, ctx.round.id, communeIds, 'poor_or_near_poor');
  const names = new Map(ctx.communes.map((c) => [c.id, c.name]));
  const totals = countList(sqlite, ctx.round.id, communeIds, 'poor_or_near_poor');
  return {
    orientation: 'landscape',
    content: [
      committeeHeader(ctx, null, 'landscape'),
      titleBlock(`DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM ${ctx.round.year}`, [capitalise(scopeWords(ctx))], 13),
      dataTable(listColumns(true), listBody(rows, names), { fontSize: 9, orientation: 'landscape' }),
      { text: `Tổng cộng: ${totals.households} hộ, ${totals.people} nhân khẩu.`, bold: true },
    ],
  };
}

/** Phụ lục I's table (Thông tư 07/2021): households to review; the column set is not published nationally. */
export function reviewTable(sqlite: BetterSqlite3.Database, ctx: DocContext): { cols: Column[]; body: Cell[][] } {
  const rows = listRows(sqlite, ctx.round.id, ctx.communes.map((c) => c.id), 'reviewed');
  const cols: Column[] = [
    { title: 'STT', width: 30, align: 'center' },
    { title: 'Họ và tên chủ hộ', width: '*' },
    { title: 'Thôn, ấp', width: 80 },
    { title: 'Địa chỉ', width: 130 },
    { title: 'Dân tộc', width: 46 },
    { title: 'Số CCCD/ định danh của chủ hộ', width: 84, align: 'center' },
    { title: 'Số nhân khẩu', width: 40, align: 'center' },
    { title: 'Phân loại kỳ trước', width: 80 },
    { title: 'Ghi chú', width: 56 },
  ];
  const before = (r: ListRow): string => {
    // The previous status follows from the transition (Thông tư 07/2021: the list covers the households managed so far).
    switch (r.transition) {
      case 'exited_to_near_poor':
      case 'exited_above_near_poor':
        return 'Hộ nghèo';
      case 'near_poor_to_poor':
      case 'exited_near_poor':
        return 'Hộ cận nghèo';
      case 'same':
        return r.status === 'poor' || r.status === 'near_poor' ? STATUS_LABELS[r.status] : '';
      default:
        return '';
    }
  };
  const body: Cell[][] = rows.map((r, i) => [i + 1, r.headName, r.village, r.address, r.ethnicity, { text: r.headIdNumber, alignment: 'center' }, r.memberCount, before(r), '']);
  return { cols, body };
}

/** Phụ lục I (Thông tư 07/2021): the list of households to review, signed by the steering board. */
export function reviewList(sqlite: BetterSqlite3.Database, ctx: DocContext): DocPart {
  const issuer = issuerOf(ctx);
  const { cols, body } = reviewTable(sqlite, ctx);
  const rows = body;
  return {
    orientation: 'landscape',
    content: [
      agencyHeader({
        governing: `UBND ${unitFullName(issuer.type, issuer.name)}`,
        issuer: 'BAN CHỈ ĐẠO RÀ SOÁT',
        number: null,
        place: placeOf(ctx),
        date: null,
        year: ctx.round.year,
        orientation: 'landscape',
      }),
      titleBlock('DANH SÁCH HỘ GIA ĐÌNH CẦN RÀ SOÁT', [`Năm ${ctx.round.year} — ${scopeWords(ctx)}`], 13),
      dataTable(cols, body, { orientation: 'landscape' }),
      { text: `Tổng cộng: ${rows.length} hộ.`, bold: true },
      signatureBlock({ authority: ['TRƯỞNG BAN CHỈ ĐẠO'], name: ctx.officials.chairman, recipients: null, note: '(Ký, ghi rõ họ tên)' }, 'landscape'),
    ],
  };
}

/** The list for the national population database: one row per person, head first, IDs as text. */
export function populationList(sqlite: BetterSqlite3.Database, ctx: DocContext): DocPart {
  const rows = numberHouseholds(personRows(sqlite, ctx.round.id, ctx.communes.map((c) => c.id)));
  // Each household with its own commune's decision (a province's list spans a hundred of them).
  const decisions = communeDecisions(sqlite, ctx.round.id, ctx.communes.map((c) => c.id));
  const cols: Column[] = [
    { title: 'STT hộ', width: 28, align: 'center' },
    { title: 'Họ và tên', width: '*' },
    { title: 'Quan hệ với chủ hộ', width: 46 },
    { title: 'Ngày sinh', width: 50, align: 'center' },
    { title: 'Giới tính', width: 30, align: 'center' },
    { title: 'Số định danh cá nhân', width: 66, align: 'center' },
    { title: 'Dân tộc', width: 36 },
    { title: 'Thôn, ấp', width: 52 },
    { title: 'Mã xã', width: 30, align: 'center' },
    { title: 'Phân loại hộ', width: 50 },
    { title: 'Số QĐ công nhận', width: 64 },
    { title: 'Ngày QĐ', width: 46, align: 'center' },
    { title: 'Điểm B1', width: 30, align: 'center' },
    { title: 'Điểm B2', width: 30, align: 'center' },
  ];
  const body: Cell[][] = rows.map((r) => {
    const head = r.relation === 'head';
    const decision = head ? decisions.get(r.communeId) : undefined;
    return [
      head ? r.householdSeq : '',
      head ? { text: r.fullName, bold: true } : r.fullName,
      RELATION_LABELS[r.relation as keyof typeof RELATION_LABELS] ?? r.relation,
      { text: formatDateVi(r.birthDate), alignment: 'center' },
      SEX_LABELS[r.sex],
      // Text, never a number: a 12-digit ID keeps its leading zero.
      { text: r.idNumber, alignment: 'center' },
      r.ethnicity,
      r.village,
      { text: r.communeCode, alignment: 'center' },
      STATUS_LABELS[r.status],
      decision?.number ? decisionReference(decision.number, '') : '',
      decision?.signedOn ? formatDateVi(decision.signedOn) : '',
      head ? score(r.scoreA) : '',
      head ? score(r.scoreB) : '',
    ];
  });
  const households = rows.length ? rows[rows.length - 1]!.householdSeq : 0;
  return {
    orientation: 'landscape',
    content: [
      committeeHeader(ctx, null, 'landscape'),
      titleBlock(`DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM ${ctx.round.year}`, ['phục vụ kết nối cơ sở dữ liệu quốc gia về dân cư', capitalise(scopeWords(ctx))], 13),
      dataTable(cols, body, { fontSize: 8.5, orientation: 'landscape' }),
      { text: `Tổng cộng: ${households} hộ, ${rows.length} người.`, bold: true },
      chairmanSignature(ctx, null, 'landscape'),
    ],
  };
}

export const capitalise = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
