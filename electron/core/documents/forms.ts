// Forms: Mẫu số 01, 03, 04 (Quyết định 24/2021/QĐ-TTg) and the blank survey forms Phiếu A, Phiếu B
// (Thông tư 07/2021, Phụ lục II, III). Field order as in legal-procedure.md §4 and §5.
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { citationsFor } from '../../../shared/documents/legal-bases';
import { CAUSES, causeTitle } from '../../../shared/domain/causes';
import { RELATION_LABELS, SEX_LABELS } from '../../../shared/domain/household';
import type { RuleSet } from '../../../shared/engine/ruleset';
import { fold } from '../../../shared/text/fold';
import { formatNumberVi } from '../../../shared/text/format';
import { AppError } from '../errors';
import { unitFullName } from '../../../shared/domain/units';
import { agencyHeader, BLANK, dataTable, LONG_BLANK, nationalTitleOnly, para, placeDateLine, signatureRow, titleBlock, type Cell, type Column } from './blocks';
import { issuerOf, placeOf, scopeWords } from './common';
import { inSentence, legalDate, PLAIN, type DocContext, type DocOptions } from './context';
import type { DocPart } from './pdf';
import { INDICATORS } from './queries';
import { householdRecord, householdsToPrint, previousRecord, type HouseholdRecord, type MemberRecord, type PreviousRecord } from './records';
import { decisionReference } from '../../../shared/domain/decision-number';

const DOTS = '…………………………………………………………';

const line = (label: string, value = DOTS): Content => ({ text: `${label} ${value}`, margin: [0, 0, 0, 4] });
const emptyRows = (count: number, width: number, from = 1): Cell[][] =>
  Array.from({ length: count }, (_, i) => [String(from + i).padStart(2, '0'), ...Array.from({ length: width - 1 }, () => '')]);
/** A recorded value, else the dotted blank the household fills by hand. */
const or = (value: string | null | undefined, blank = DOTS): string => (value && value.trim() ? value : blank);

/** "15/03/1985"; a bare year stays a year; blank dots when unknown. */
export function dmy(iso: string | null | undefined, blank = '……/……/………'): string {
  if (!iso) return blank;
  const [y, m, d] = iso.split('-');
  return m && d ? `${d}/${m}/${y}` : y!;
}

/** "Sinh ngày 15 tháng 03 năm 1985" from a full date, "Sinh năm 1985" from a year alone. */
function bornLine(birthDate: string | null): string {
  if (!birthDate) return 'Sinh ngày …… tháng …… năm ……';
  const [y, m, d] = birthDate.split('-');
  return m && d ? `Sinh ngày ${d} tháng ${m} năm ${y}` : `Sinh năm ${y}`;
}

const STATUS_LABELS: Record<string, string> = {
  poor: 'Hộ nghèo',
  near_poor: 'Hộ cận nghèo',
  middle_income: 'Hộ có mức sống trung bình',
  neither: 'Không thuộc hộ nghèo, hộ cận nghèo',
};

/** Mẫu 01's member status: "Có việc làm / Không có việc làm / Đang đi học" from the roster's answers. */
function memberState(m: MemberRecord): string {
  if (m.schooling === 'attending') return 'Đang đi học';
  if (m.employment === 'unemployed') return 'Không có việc làm';
  if (m.employment && m.employment !== 'not_in_labour_force') return 'Có việc làm';
  return '';
}

function applicantSignature(ctx: DocContext, signedOn: string | null = null, name = ''): Content {
  return {
    columns: [
      { text: '' },
      {
        stack: [
          { text: signedOn ? placeDateLine(placeOf(ctx), signedOn, ctx.round.year) : `${BLANK}, ngày …… tháng …… năm ${ctx.round.year}`, italics: true },
          { text: 'NGƯỜI ĐỀ NGHỊ', bold: true },
          { text: '(Ký, ghi rõ họ tên)', italics: true, fontSize: 12 },
          ...(name ? [{ text: ' ', margin: [0, 40, 0, 0] } as Content, { text: name, bold: true }] : []),
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

/** The household a filled-in Mẫu 01 / 04 is for: the one chosen, else a refusal that says what to do. */
function chosenHousehold(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions, form: string): HouseholdRecord | null {
  if (!opts.prefill) return null;
  if (opts.householdId === null) throw new AppError('INVALID_INPUT', `Chọn một hộ để in ${form} điền sẵn.`);
  const [id] = householdsToPrint(sqlite, ctx.round.id, ctx.commune!.id, { householdId: opts.householdId, villageId: null });
  return householdRecord(sqlite, id!);
}

/**
 * "Tổ 5, ấp Bình Hưng, xã Bình Mỹ, huyện Châu Phú, tỉnh An Giang": the address, its village unless
 * the address already names it, then the commune and above.
 */
export function residenceOf(ctx: DocContext, h: HouseholdRecord): string {
  const named = h.village !== '' && fold(h.address).includes(fold(h.village));
  return [h.address, named ? '' : h.villageInSentence, scopeWords(ctx)].filter(Boolean).join(', ');
}

/** The applicant's identity lines of Mẫu 01 / 04: the head's record, or blanks. */
function applicantLines(ctx: DocContext, h: HouseholdRecord | null, form: 'M01' | 'M04'): Content[] {
  const head = h?.members.find((m) => m.relation === 'head') ?? h?.members[0] ?? null;
  const sex = form === 'M01' ? line('Giới tính (1: Nam; 2: Nữ):', head ? (head.sex === 'male' ? '1' : '2') : '……') : line(`Giới tính: Nam ${head?.sex === 'male' ? '■' : '□'}, Nữ ${head?.sex === 'female' ? '■' : '□'}`, '');
  const residence = h ? residenceOf(ctx, h) : null;
  return [
    line('Họ và tên:', or(head?.fullName ?? h?.headName)),
    sex,
    line(`${bornLine(head?.birthDate ?? null)}${form === 'M01' ? ';' : ','}`, `Dân tộc: ${or(head?.ethnicity, BLANK)}`),
    line(
      'Số CCCD/CMND:',
      `${or(head?.idNumber ?? h?.headIdNumber, BLANK)} Ngày cấp: ${dmy(head?.idIssuedOn)}${form === 'M04' ? ` Cơ quan cấp: ${or(h?.request?.idIssuedBy, BLANK)}` : ''}`,
    ),
    line('Nơi thường trú:', or(residence)),
    line('Nơi ở hiện tại:', or(h ? h.currentAddress || residence : null)),
  ];
}

/** Mẫu số 01: the household's request to be reviewed; blank, or filled in from this round's record of a household. */
export function formM01(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart {
  const h = chosenHousehold(sqlite, ctx, opts, 'Mẫu số 01');
  const cols: Column[] = [
    { title: 'TT', width: 24, align: 'center' },
    { title: 'Họ và tên', width: '*' },
    { title: 'Giới tính (1: Nam; 2: Nữ)', width: 52, align: 'center' },
    { title: 'Ngày, tháng, năm sinh', width: 62, align: 'center' },
    { title: 'Quan hệ với chủ hộ (Chủ hộ/vợ/chồng/bố/mẹ/con…)', width: 80 },
    { title: 'Tình trạng (Có việc làm/ Không có việc làm/ Đang đi học)', width: 92 },
  ];
  const rows: Cell[][] = h
    ? [
        ...h.members.map((m, i): Cell[] => [String(i + 1).padStart(2, '0'), m.fullName, m.sex === 'male' ? '1' : '2', dmy(m.birthDate, ''), RELATION_LABELS[m.relation] ?? m.relation, memberState(m)]),
        ...emptyRows(2, cols.length, h.members.length + 1),
      ]
    : emptyRows(8, cols.length);
  const reason = h?.request?.kind === 'mau01' ? h.request.reason : '';
  return {
    orientation: 'portrait',
    content: [
      { text: 'Mẫu số 01', italics: true, alignment: 'right', fontSize: 11 },
      nationalTitleOnly(),
      titleBlock('GIẤY ĐỀ NGHỊ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO'),
      addressedTo(ctx),
      ...applicantLines(ctx, h, 'M01'),
      { text: 'Thông tin các thành viên của hộ:', margin: [0, 4, 0, 2] },
      dataTable(cols, rows, { fontSize: 11 }),
      line('Lý do đề nghị:', or(reason)),
      ...(reason ? [] : [line('', DOTS + '………………')]),
      applicantSignature(ctx, h?.request?.kind === 'mau01' ? h.request.receivedOn : null, h ? (h.members.find((m) => m.relation === 'head')?.fullName ?? h.headName) : ''),
    ],
  };
}

/** Mẫu số 04: the household's request to be recognised as having escaped; blank or filled in. */
export function formM04(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart {
  const h = chosenHousehold(sqlite, ctx, opts, 'Mẫu số 04');
  const before = h ? previousRecord(sqlite, h) : null;
  const current =
    before && (before.status === 'poor' || before.status === 'near_poor')
      ? `${before.status === 'poor' ? 'nghèo' : 'cận nghèo'} theo Quyết định số: ${decisionReference(before.decision?.number, BLANK)} ngày ${before.decision ? dmy(before.decision.signedOn) : BLANK}`
      : `(nghèo/cận nghèo) theo Quyết định số: ${decisionReference(null, BLANK)} ngày ${BLANK}`;
  const reason = h?.request?.kind === 'mau04' ? h.request.reason : '';
  return {
    orientation: 'portrait',
    content: [
      { text: 'Mẫu số 04', italics: true, alignment: 'right', fontSize: 11 },
      nationalTitleOnly(),
      titleBlock('GIẤY ĐỀ NGHỊ CÔNG NHẬN HỘ THOÁT NGHÈO, HỘ THOÁT CẬN NGHÈO'),
      addressedTo(ctx),
      ...applicantLines(ctx, h, 'M04'),
      line(`Hiện là hộ ${current}`, ''),
      para('Gia đình tôi tự nhận thấy đã đủ điều kiện thoát nghèo/thoát cận nghèo, đề nghị Ủy ban nhân dân xem xét, công nhận.'),
      line('Lý do:', or(reason)),
      applicantSignature(ctx, h?.request?.kind === 'mau04' ? h.request.receivedOn : null, h ? (h.members.find((m) => m.relation === 'head')?.fullName ?? h.headName) : ''),
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

/**
 * Mẫu số 03's member table (section I), shared by every certificate laid out like it: its columns
 * (the last one, the note, given) and a household's rows, head first, birth year under Nam or Nữ.
 */
export function certificateMembers(sqlite: BetterSqlite3.Database, note: Column): { cols: Column[]; rowsOf: (householdId: number) => Cell[][] } {
  const members = sqlite.prepare(
    `SELECT full_name, ethnicity, relation, sex, birth_date FROM members WHERE household_id = ? ORDER BY relation != 'head', seq`,
  );
  const cols: Column[] = [
    { title: 'TT', width: 22, align: 'center' },
    { title: 'Họ và tên', width: '*' },
    { title: 'Dân tộc', width: 44 },
    { title: 'Quan hệ với chủ hộ', width: 58 },
    { title: 'Năm sinh', children: [{ title: 'Nam', width: 36, align: 'center' }, { title: 'Nữ', width: 36, align: 'center' }] },
    note,
  ];
  const rowsOf = (householdId: number): Cell[][] =>
    (members.all(householdId) as { full_name: string; ethnicity: string; relation: string; sex: string; birth_date: string | null }[]).map((m, i): Cell[] => {
      const year = m.birth_date ? m.birth_date.slice(0, 4) : '';
      return [i + 1, m.full_name, m.ethnicity, RELATION_LABELS[m.relation as keyof typeof RELATION_LABELS] ?? m.relation, m.sex === 'male' ? year : '', m.sex === 'female' ? year : '', ''];
    });
  return { cols, rowsOf };
}

/** Mẫu số 03: one certificate per poor or near-poor household, with its member table and year cells. */
export function certificate(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart[] {
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
  // Wide enough that the spanned heading fits its two rows (pdfmake does not grow rows for a rowSpan cell).
  const { cols, rowsOf } = certificateMembers(sqlite, { title: 'Ghi chú (trường hợp thay đổi thành viên hộ)', width: 120 });
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
  const years = confirmationYears(ctx, opts);
  const bases = citationsFor(opts.legalBases, { ruleSetId: ctx.round.rule_set_id, date: legalDate(ctx) }, 'M03');
  const parts = households.map((h): DocPart => {
    const rows = rowsOf(h.id);
    return {
      orientation: 'portrait',
      // Each certificate is a document of its own: numbered from its own page 2 (Nghị định 30/2020).
      paper: { label: null },
      content: [
        { text: 'Mẫu số 03', italics: true, alignment: 'right', fontSize: 11 },
        header(),
        titleBlock('GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO'),
        ...bases.map((b) => para(b, { italics: true, fontSize: 12, margin: [0, 0, 0, 2] })),
        para(`Căn cứ kết quả rà soát hộ nghèo, hộ cận nghèo hằng năm trên địa bàn, Chủ tịch Ủy ban nhân dân ${inSentence(commune)} chứng nhận:`, { fontSize: 12 }),
        line('Hộ gia đình ông/bà:', `${h.head_name}     Dân tộc: ${h.ethnicity ?? BLANK}`),
        line('Số CCCD/CMND:', `${h.head_id_number ?? BLANK}     Ngày cấp: ${BLANK}`),
        line('Nơi thường trú:', `${h.address}, ${scopeWords(ctx)}`),
        { text: 'I. Danh sách thành viên hộ gia đình', bold: true, margin: [0, 4, 0, 2] },
        dataTable(cols, rows, { fontSize: 11 }),
        { text: 'II. Xác nhận hằng năm của Chủ tịch Ủy ban nhân dân cấp xã', bold: true, margin: [0, 4, 0, 2] },
        dataTable(
          [{ title: 'Năm', width: 60, align: 'center' }, { title: 'Hộ nghèo', width: 70, align: 'center' }, { title: 'Hộ cận nghèo', width: 70, align: 'center' }, { title: 'Chủ tịch UBND cấp xã ký tên, đóng dấu', width: '*' }],
          // The round's own year is confirmed by this certificate: its class is ticked, the chairman signs the cell.
          years.map((y) => [String(y), y === ctx.round.year && h.status === 'poor' ? 'X' : '', y === ctx.round.year && h.status === 'near_poor' ? 'X' : '', '']),
          { fontSize: 11 },
        ),
        { text: `Phân loại theo kết quả rà soát năm ${ctx.round.year}: ${h.status === 'poor' ? 'Hộ nghèo' : 'Hộ cận nghèo'}.`, italics: true, fontSize: 11 },
      ],
    };
  });
  if (parts.length === 0) parts.push({ orientation: 'portrait', content: [titleBlock('GIẤY CHỨNG NHẬN HỘ NGHÈO, HỘ CẬN NGHÈO'), { text: 'Không có hộ nghèo, hộ cận nghèo.', italics: true }] });
  return parts;
}

/**
 * The years of Mẫu 03's confirmation table: from the round's year to the last year of its rule
 * set's period (the certificate is issued once and stamped again each year of the period).
 */
export function confirmationYears(ctx: DocContext, opts: DocOptions): number[] {
  const first = ctx.round.year;
  const last = opts.ruleSet ? Number(opts.ruleSet.validTo.slice(0, 4)) : first;
  return Array.from({ length: Math.max(1, Math.min(last, first + 9) - first + 1) }, (_, i) => first + i);
}

// ----- Phiếu A and Phiếu B: blank for enumerators, or one per household filled in from last round -----

/** One household's survey form: this round's identity and roster, last round's answers beside blanks for this year's. */
interface SurveyHousehold {
  h: HouseholdRecord;
  before: PreviousRecord | null;
}

function surveyHouseholds(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions): SurveyHousehold[] | null {
  if (!opts.prefill) return null;
  return householdsToPrint(sqlite, ctx.round.id, ctx.commune!.id, opts).map((id) => {
    const h = householdRecord(sqlite, id);
    return { h, before: previousRecord(sqlite, h) };
  });
}

/** The identity block of a survey form, and what last round found. */
function surveyIdentity(ctx: DocContext, s: SurveyHousehold | null, ruleSet: RuleSet | null, withArea: boolean): Content[] {
  const area = s && ruleSet ? ruleSet.areaLabels[s.h.area] : null;
  const out: Content[] = [
    line(`${s ? `Mã hộ: ${s.h.code}     ` : ''}Họ và tên chủ hộ:`, or(s?.h.headName)),
    line('Thôn, ấp:', `${or(s?.h.village, BLANK)} — ${scopeWords(ctx)}`),
    line(
      'Địa chỉ:',
      `${or(s?.h.address, LONG_BLANK)}     Số thành viên của hộ: ${s ? String(s.h.members.length) : '……'}${withArea ? `     Khu vực: ${or(area, 'nông thôn/thành thị')}` : ''}`,
    ),
  ];
  if (s) {
    const b = s.before;
    const result = !b
      ? 'Không có trong dữ liệu đợt rà soát trước.'
      : `${b.status ? STATUS_LABELS[b.status] : 'Chưa phân loại'}${b.scoreA !== null ? `; điểm B1: ${formatNumberVi(b.scoreA)}` : ''}${b.scoreB !== null ? `; điểm B2: ${b.scoreB}` : ''}${b.decision ? ` (Quyết định số ${decisionReference(b.decision.number, BLANK)} ngày ${dmy(b.decision.signedOn)})` : ''}.`;
    out.push({ text: [{ text: `Kết quả rà soát ${b ? `năm ${b.year}` : 'đợt trước'}: `, bold: true }, result], margin: [0, 2, 0, 6] });
  }
  return out;
}

/** A short option label never wraps inside itself (a long one may). */
const keepTogether = (label: string): string => (label.length <= 30 ? label.replace(/ /gu, '\u00a0') : label);

/** A survey form in 11.5 pt, so that one household's Phiếu B usually fits its page. */
const compact = (content: Content[]): Content[] => [{ stack: content, fontSize: 11.5 }];

const yearTitle = (year: number | undefined, fallback: string): string => (year ? `Năm ${year}` : fallback);

/** Phiếu A (Phụ lục II): the rule set's identification items when it has them, else lines to fill by hand. */
function surveyAPart(ctx: DocContext, s: SurveyHousehold | null, ruleSet: RuleSet | null): DocPart {
  const screening = ruleSet?.screening.value ?? null;
  const items: Content[] = [];
  if (screening) {
    const lastYear = s ? yearTitle(s.before?.year, 'Đợt trước') : null;
    const cols: Column[] = [
      { title: 'TT', width: 24, align: 'center' },
      { title: 'Đặc điểm nhận dạng của hộ', width: '*' },
      ...(lastYear ? [{ title: `${lastYear} (Có/Không)`, width: 62, align: 'center' as const }] : []),
      { title: `Năm ${ctx.round.year}`, children: [{ title: 'Có', width: 34, align: 'center' as const }, { title: 'Không', width: 40, align: 'center' as const }] },
    ];
    const rows: Cell[][] = [];
    let n = 0;
    for (const g of screening.groups) {
      rows.push(['', { text: `${g.label} (từ ${g.excludeAtLeast} đặc điểm “Có” trở lên: không rà soát tiếp bằng Phiếu B)`, bold: true }, ...(lastYear ? [''] : []), '', '']);
      for (const item of screening.items.filter((i) => i.group === g.id)) {
        n += 1;
        const last = s?.before?.screening?.[item.id];
        rows.push([n, item.label, ...(lastYear ? [last === true ? 'Có' : last === false ? 'Không' : ''] : []), '□', '□']);
      }
    }
    items.push(dataTable(cols, rows, { fontSize: 11 }));
    items.push(line('Kết luận: □ Tiếp tục rà soát bằng Phiếu B    □ Không tiếp tục rà soát', ''));
  } else {
    items.push(line('Đặc điểm nhận dạng (theo hướng dẫn của Thông tư 07/2021):'));
    items.push(...Array.from({ length: 6 }, () => line('', DOTS + '………………')));
    items.push({ text: `Danh mục đặc điểm của Phiếu A chưa có trong bộ quy tắc${ruleSet ? ` ${ruleSet.id}` : ''}: ghi theo hướng dẫn của tỉnh.`, italics: true, fontSize: 10 });
  }
  return {
    orientation: 'portrait',
    content: compact([
      { text: 'Phụ lục II', italics: true, alignment: 'right', fontSize: 11 },
      titleBlock('PHIẾU A', [`Phiếu nhận dạng nhanh đặc điểm hộ gia đình năm ${ctx.round.year}`]),
      ...surveyIdentity(ctx, s, ruleSet, false),
      ...items,
      signatureRow([{ title: 'Chủ hộ', name: s?.h.headName ?? '' }, { title: 'Rà soát viên', name: '' }], 24),
    ]),
  };
}

/** Phiếu A: blank, or one per household (the chosen one, a village's or the commune's) filled in from last round. */
export function surveyA(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart[] {
  const households = surveyHouseholds(sqlite, ctx, opts);
  if (!households) return [surveyAPart(ctx, null, opts.ruleSet)];
  if (households.length === 0) return [noHouseholds(ctx, 'PHIẾU A')];
  return households.map((s) => ({ ...surveyAPart(ctx, s, opts.ruleSet), paper: { label: `Phiếu A — mã hộ ${s.h.code}` } }));
}

function noHouseholds(ctx: DocContext, title: string): DocPart {
  return { orientation: 'portrait', content: [titleBlock(title, [`Năm ${ctx.round.year}`]), { text: 'Không có hộ nào để in.', italics: true }] };
}

/** Phiếu B (Phụ lục III): roster, B1 (the rule set's items, else the total), the twelve B2 indicators. */
function surveyBPart(ctx: DocContext, s: SurveyHousehold | null, ruleSet: RuleSet | null): DocPart {
  const lastYear = s ? yearTitle(s.before?.year, 'Đợt trước') : null;
  const before = s?.before ?? null;
  const rosterCols: Column[] = [
    { title: 'TT', width: 22, align: 'center' },
    { title: 'Họ và tên', width: '*' },
    { title: 'Giới tính', width: 40, align: 'center' },
    { title: 'Ngày sinh', width: 58, align: 'center' },
    { title: 'Quan hệ với chủ hộ', width: 58 },
    { title: 'Dân tộc', width: 44 },
    { title: 'Số định danh cá nhân', width: 80, align: 'center' },
  ];
  const roster: Cell[][] = s
    ? [
        ...s.h.members.map((m, i): Cell[] => [i + 1, m.fullName, SEX_LABELS[m.sex], dmy(m.birthDate, ''), RELATION_LABELS[m.relation] ?? m.relation, m.ethnicity, m.idNumber ?? '']),
        ...emptyRows(1, rosterCols.length, s.h.members.length + 1), // a row for a member to add
      ]
    : emptyRows(8, rosterCols.length);
  const table = ruleSet?.b1PointTable.value ?? null;
  const b1: Content[] = [];
  if (table) {
    const region = before?.b1Region ? table.regions.find((r) => r.id === before.b1Region)?.label : null;
    b1.push(line('Vùng áp dụng bảng điểm:', `${table.regions.map((r) => `□ ${r.label}`).join('   ')}${region ? ` (${lastYear}: ${region})` : ''}`));
    const cols: Column[] = [
      { title: 'TT', width: 22, align: 'center' },
      { title: 'Chỉ tiêu', width: 150 },
      ...(lastYear ? [{ title: lastYear, width: 90 }] : []),
      { title: `Năm ${ctx.round.year} (đánh dấu một phương án)`, width: '*' },
    ];
    b1.push(
      dataTable(
        cols,
        table.items.map((item, i): Cell[] => {
          const chosen = before?.b1Items?.[item.id];
          const last = chosen ? (item.options.find((o) => o.id === chosen)?.label ?? chosen) : '';
          return [i + 1, item.label, ...(lastYear ? [last] : []), item.options.map((o) => `□\u00a0${keepTogether(o.label)}`).join('   ')];
        }),
        { fontSize: 10 },
      ),
    );
  }
  b1.push(line(`Tổng điểm B1${lastYear ? ` — ${lastYear}: ${before?.scoreA != null ? formatNumberVi(before.scoreA) : BLANK};` : ':'}`, `Năm ${ctx.round.year}: ${LONG_BLANK}`));
  const indicators = ruleSet?.indicators.value?.map((i) => ({ id: i.id, label: i.label })) ?? INDICATORS.map(([id, label]) => ({ id, label }));
  const deprived = new Set(before?.deprived ?? []);
  const b2Cols: Column[] = [
    { title: 'TT', width: 24, align: 'center' },
    { title: 'Chỉ số', width: '*' },
    ...(lastYear ? [{ title: `${lastYear} (X: thiếu hụt)`, width: 80, align: 'center' as const }] : []),
    { title: `Năm ${ctx.round.year} (đánh dấu X nếu thiếu hụt)`, width: 100, align: 'center' },
  ];
  return {
    orientation: 'portrait',
    content: compact([
      { text: 'Phụ lục III', italics: true, alignment: 'right', fontSize: 11 },
      titleBlock('PHIẾU B', [`Phiếu rà soát hộ nghèo, hộ cận nghèo năm ${ctx.round.year}`]),
      ...surveyIdentity(ctx, s, ruleSet, true),
      { text: 'Thành viên của hộ', bold: true, margin: [0, 4, 0, 2] },
      dataTable(rosterCols, roster, { fontSize: 9.5 }),
      { text: 'B1. Điểm thu nhập', bold: true, margin: [0, 6, 0, 2] },
      ...b1,
      { text: 'B2. Các chỉ số thiếu hụt dịch vụ xã hội cơ bản', bold: true, margin: [0, 6, 0, 2] },
      dataTable(b2Cols, indicators.map((ind, i): Cell[] => [i + 1, ind.label, ...(lastYear ? [deprived.has(ind.id) ? 'X' : ''] : []), '']), { fontSize: 9.5 }),
      line(
        `Tổng điểm B2 (10 điểm mỗi chỉ số thiếu hụt)${lastYear ? ` — ${lastYear}: ${before?.scoreB ?? BLANK};` : ':'}`,
        `Năm ${ctx.round.year}: ${BLANK}`,
      ),
      {
        // Kept with the signatures: a form that runs over ends with its causes and signatures, never signatures alone.
        stack: [
          { text: 'Nguyên nhân nghèo, cận nghèo (đánh dấu; có thể nhiều nguyên nhân)', bold: true, margin: [0, 4, 0, 2] },
          line(CAUSES.map((c) => `□\u00a0${keepTogether(causeTitle(c))}`).join('   '), ''),
          ...(before ? [line(`${lastYear}:`, before.causes.length ? before.causes.map(causeTitle).join('; ') : 'không ghi nguyên nhân')] : []),
          signatureRow([{ title: 'Chủ hộ', name: s?.h.headName ?? '' }, { title: 'Rà soát viên', name: '' }], 24),
        ],
        unbreakable: true,
      },
    ]),
  };
}

/** Phiếu B: blank, or one per household filled in from last round. */
export function surveyB(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart[] {
  const households = surveyHouseholds(sqlite, ctx, opts);
  if (!households) return [surveyBPart(ctx, null, opts.ruleSet)];
  if (households.length === 0) return [noHouseholds(ctx, 'PHIẾU B')];
  return households.map((s) => ({ ...surveyBPart(ctx, s, opts.ruleSet), paper: { label: `Phiếu B — mã hộ ${s.h.code}` } }));
}
