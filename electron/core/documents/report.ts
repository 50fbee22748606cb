// BC: the commune's (or the district's) report of the review with the eleven report tables of
// Thông tư 07/2021, Phụ lục VII (Mẫu 7.8–7.10 as replaced by Thông tư 02/2022); titles and columns
// as in spec/documents.md, "Report templates". Every figure comes from queries.ts.
import type BetterSqlite3 from 'better-sqlite3';
import type { Content } from 'pdfmake/interfaces';
import { CAUSES, causeTitle } from '../../../shared/domain/causes';
import { procedureTexts } from '../../../shared/documents/legal-bases';
import { unitFullName } from '../../../shared/domain/units';
import { BLANK, dataTable, para, percent, titleBlock, type Cell, type Column } from './blocks';
import { chairmanSignature, committeeHeader, issuerOf, scopeWords, superiorCommittee } from './common';
import { inSentence, legalDate, PLAIN, type DocContext, type DocOptions } from './context';
import { capitalise } from './lists';
import type { DocPart } from './pdf';
import type { RuleSet } from '../../../shared/engine/ruleset';
import { snapshotOf } from '../rulesets/snapshots';
import { INDICATORS, reportFigures, totalOf, TRANSITION_WIDTH, type Figures } from './queries';

export interface ReportTable {
  title: string;
  columns: Column[];
  /**
   * Column C "Phân tổ" of the tables printed with several rows per unit (tables 2 and 3: "Hộ",
   * "Nhân khẩu"): its labels, one row each. Absent: one row per unit, no column C.
   */
  breakdown?: readonly string[];
  /** Cells after STT, the unit name (and Phân tổ), from a unit's figures: its row `row` of the breakdown. */
  cells(figures: number[], row: number): Cell[];
  figures: Figures;
  note?: string;
}

export const unitCols = (): Column[] => [
  { title: 'STT', width: 22, align: 'center', code: 'A' },
  { title: 'Xã, phường, thị trấn', width: 78, code: 'B' },
];

/** Every column of a table as printed: STT, the unit, Phân tổ when the table has it, then the figures. */
export const tableColumns = (t: ReportTable): Column[] => [
  ...unitCols(),
  ...(t.breakdown ? [{ title: 'Phân tổ', width: 44, align: 'left', code: 'C' } satisfies Column] : []),
  ...t.columns,
];

const n = (title: string, code: string, width: number | '*' = '*'): Column => ({ title, code, width, align: 'right' });

const SHORT_TITLES = new Map<string, string>(INDICATORS);

/**
 * The indicators of tables 4–7: those of the rule set, in its order (from 2027 "Xử lý rác thải"
 * and no "Phương tiện tiếp cận thông tin"), titled by its short label; the twelve of Nghị định
 * 07/2021 without a rule set.
 */
export function reportIndicators(ruleSet: RuleSet | null): { id: string; title: string }[] {
  const list = ruleSet?.indicators.value;
  if (!list) return INDICATORS.map(([id, title]) => ({ id, title }));
  return list.map((i) => ({ id: i.id, title: i.shortLabel ?? SHORT_TITLES.get(i.id) ?? i.label }));
}

/** The rule set that produced the round's results (the one their deprived lists name), if any. */
function producedBy(sqlite: BetterSqlite3.Database, roundId: number): RuleSet | null {
  const row = sqlite.prepare('SELECT rule_set_id AS id, rule_set_version AS version FROM results WHERE round_id = ? LIMIT 1').get(roundId) as
    | { id: string; version: string }
    | undefined;
  return row ? (snapshotOf(sqlite, row.id, row.version) ?? null) : null;
}

/**
 * The eleven tables for the communes of the context; the same definitions the tests read.
 * `ruleSet`: the round's, for the indicators of tables 4–7; by default the one that produced its results.
 */
export function reportTables(sqlite: BetterSqlite3.Database, ctx: DocContext, ruleSet: RuleSet | null = producedBy(sqlite, ctx.round.id)): ReportTable[] {
  const round = ctx.round.id;
  const ids = ctx.communes.map((c) => c.id);
  const indicators = reportIndicators(ruleSet);
  // Every figure of the eleven tables in a few grouped passes over the round (queries.ts).
  const figures = reportFigures(
    sqlite,
    round,
    ids,
    indicators.map((i) => i.id),
  );
  const indicatorCols = (first: number): Column[] => indicators.map(({ title }, i) => n(`${i + 1}. ${title}`, String(first + i)));
  const rateCols = indicatorCols;
  const transitionCols = (poor: boolean): Column[] => {
    const cls = poor ? 'hộ nghèo' : 'hộ cận nghèo';
    return [
      n(`Tổng số ${cls} đầu kỳ`, '1'),
      {
        title: poor ? 'Số hộ thoát nghèo' : 'Số hộ thoát cận nghèo',
        children: poor ? [n('Trở thành hộ cận nghèo', '2'), n('Vượt chuẩn cận nghèo', '3')] : [n('Trở thành hộ nghèo', '2'), n('Vượt chuẩn cận nghèo', '3')],
      },
      n('Số hộ khác giảm', '4'),
      n(poor ? 'Số hộ cận nghèo trở thành hộ nghèo' : 'Số hộ nghèo trở thành hộ cận nghèo', '5'),
      { title: poor ? 'Số hộ nghèo bổ sung' : 'Số hộ cận nghèo bổ sung', children: [n(poor ? 'Tái nghèo' : 'Tái cận nghèo', '6'), n('Phát sinh mới', '7')] },
      n('Số hộ khác tăng', '8'),
      n(`Tổng số ${cls} cuối kỳ`, '9=1-2-3-4+5+6+7+8'),
    ];
  };
  const ethnic = figures.ethnicColumns;
  const ethnicGroup = (title: string, first: number): Column => ({
    title,
    children: [
      n('Tổng số', String(first)),
      n('Kinh', String(first + 1)),
      n('Tổng DTTS', String(first + 2)),
      ...ethnic.map((e, i) => n(e, String(first + 3 + i))),
      n('DTTS khác', String(first + 3 + ethnic.length)),
    ],
  });
  const groupCols = (title: string, f: number): Column => ({
    title,
    children: [n('Tổng số', String(f)), n('Hộ DTTS', String(f + 1)), n('Hộ không có khả năng lao động', String(f + 2)), n('Hộ có người có công', String(f + 3)), n('Hộ khác', String(f + 4))],
  });
  const childCols = (title: string, f: number): Column => ({
    title,
    children: [n('Tổng số trẻ em', String(f)), { title: 'Y tế', children: [n('Dinh dưỡng', String(f + 1)), n('Bảo hiểm y tế', String(f + 2))] }, n('Giáo dục (đi học)', String(f + 3))],
  });
  const causeCols = (title: string, f: number): Column => ({
    title,
    children: [n('Tổng số hộ', String(f)), ...CAUSES.map((c, i) => n(causeTitle(c), String(f + 1 + i)))],
  });
  const identity = (v: number[]): Cell[] => v;
  return [
    {
      title: 'TỔNG HỢP KẾT QUẢ CHÍNH THỨC RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO, HỘ LÀM NÔNG NGHIỆP, LÂM NGHIỆP, NGƯ NGHIỆP VÀ DIÊM NGHIỆP CÓ MỨC SỐNG TRUNG BÌNH',
      columns: [
        { title: 'Tổng số hộ dân cư', children: [n('Số hộ', '1'), n('Nhân khẩu', '2')] },
        {
          title: 'Kết quả rà soát về hộ',
          children: [
            { title: 'Hộ nghèo', children: [n('Số hộ', '3'), n('Tỷ lệ (%)', '4=3/1*100')] },
            { title: 'Hộ cận nghèo', children: [n('Số hộ', '5'), n('Tỷ lệ (%)', '6=5/1*100')] },
            { title: 'Hộ có mức sống trung bình', children: [n('Số hộ', '7'), n('Tỷ lệ (%)', '8=7/1*100')] },
          ],
        },
        {
          title: 'Kết quả rà soát về khẩu',
          children: [
            { title: 'Hộ nghèo', children: [n('Số khẩu', '9'), n('Tỷ lệ (%)', '10=9/2*100')] },
            { title: 'Hộ cận nghèo', children: [n('Số khẩu', '11'), n('Tỷ lệ (%)', '12=11/2*100')] },
            { title: 'Hộ có mức sống trung bình', children: [n('Số khẩu', '13'), n('Tỷ lệ (%)', '14=13/2*100')] },
          ],
        },
      ],
      cells: ([hh = 0, pp = 0, poor = 0, near = 0, mid = 0, pPoor = 0, pNear = 0, pMid = 0]) => [
        hh,
        pp,
        poor,
        percent(poor, hh),
        near,
        percent(near, hh),
        mid,
        percent(mid, hh),
        pPoor,
        percent(pPoor, pp),
        pNear,
        percent(pNear, pp),
        pMid,
        percent(pMid, pp),
      ],
      figures: figures.table1,
    },
    ...(['poor', 'near_poor'] as const).map(
      (cls): ReportTable => ({
        title: cls === 'poor' ? 'TỔNG HỢP DIỄN BIẾN HỘ NGHÈO' : 'TỔNG HỢP DIỄN BIẾN HỘ CẬN NGHÈO',
        columns: transitionCols(cls === 'poor'),
        breakdown: ['Hộ', 'Nhân khẩu'],
        // Figures 0–8 are the households, 9–17 their people (queries.ts).
        cells: (v, row) => v.slice(row * TRANSITION_WIDTH, (row + 1) * TRANSITION_WIDTH),
        figures: figures.transitions[cls],
        note:
          'Nhân khẩu: cột 1 đến 4 tính theo số nhân khẩu của hộ ở kỳ trước, cột 5 đến 9 theo kỳ này; hộ vẫn ở lại mà giảm hay tăng nhân khẩu ' +
          '(chết, chuyển đi; sinh, nhập hộ) thì phần chênh lệch ghi vào cột 4 hay cột 8.',
      }),
    ),
    ...(['poor', 'near_poor'] as const).flatMap((cls): ReportTable[] => {
      const label = cls === 'poor' ? 'HỘ NGHÈO' : 'HỘ CẬN NGHÈO';
      const lower = cls === 'poor' ? 'hộ nghèo' : 'hộ cận nghèo';
      const deprivation = figures.deprivation[cls];
      return [
        {
          title: `PHÂN TÍCH CÁC CHỈ SỐ THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN CỦA ${label}`,
          columns: [n(`Tổng số ${lower}`, '1'), n('Tổng số thiếu hụt', '2'), { title: 'Các chỉ số thiếu hụt dịch vụ xã hội cơ bản (số hộ)', children: indicatorCols(3) }],
          cells: identity,
          figures: deprivation,
        },
        {
          title: `PHÂN TÍCH TỶ LỆ CÁC CHỈ SỐ THIẾU HỤT DỊCH VỤ XÃ HỘI CƠ BẢN CỦA ${label}`,
          columns: [n(`Tổng số ${lower}`, '1'), { title: 'Tỷ lệ các chỉ số thiếu hụt dịch vụ xã hội cơ bản (%)', children: rateCols(2) }],
          cells: ([total = 0, , ...per]) => [total, ...per.map((v) => percent(v, total))],
          figures: deprivation,
        },
      ];
    }),
    {
      title: 'PHÂN TÍCH HỘ NGHÈO, HỘ CẬN NGHÈO THEO CÁC NHÓM ĐỐI TƯỢNG',
      columns: [groupCols('Hộ nghèo', 1), groupCols('Hộ cận nghèo', 6)],
      cells: identity,
      figures: figures.group,
      note: 'Một hộ có thể thuộc nhiều nhóm; cột "Hộ khác" là hộ không thuộc nhóm nào trong ba nhóm trên.',
    },
    {
      title: 'PHÂN TÍCH HỘ NGHÈO, HỘ CẬN NGHÈO THEO DÂN TỘC',
      columns: [ethnicGroup('Hộ nghèo', 1), ethnicGroup('Hộ cận nghèo', 5 + ethnic.length)],
      cells: identity,
      figures: figures.ethnic,
      note: 'Dân tộc của hộ là dân tộc của chủ hộ.',
    },
    {
      title: 'PHÂN NHÓM HỘ NGHÈO, HỘ CẬN NGHÈO THEO CÁC NGUYÊN NHÂN NGHÈO',
      // The eight causes of R10, once for the poor and once for the near-poor (as tables 8, 9
      // and 11 split the two classes), each group led by its number of households.
      columns: [causeCols('Hộ nghèo', 1), causeCols('Hộ cận nghèo', 2 + CAUSES.length)],
      cells: identity,
      figures: figures.cause,
      note: 'Một hộ có thể có nhiều nguyên nhân nghèo nên cộng các cột nguyên nhân có thể lớn hơn cột "Tổng số hộ"; hộ chưa ghi nguyên nhân chỉ được tính ở cột "Tổng số hộ".',
    },
    {
      title: 'TỔNG HỢP CHỈ TIÊU THIẾU HỤT CỦA TRẺ EM THUỘC HỘ NGHÈO, HỘ CẬN NGHÈO',
      columns: [childCols('Chỉ số thiếu hụt về trẻ em thuộc hộ nghèo', 1), childCols('Chỉ số thiếu hụt về trẻ em thuộc hộ cận nghèo', 5)],
      cells: identity,
      figures: figures.child,
      note: 'Trẻ em dưới 16 tuổi tại ngày tham chiếu của đợt; giáo dục: trẻ từ 3 tuổi không đi học.',
    },
  ];
}

/**
 * Rows of a table: each commune, then the bold total row when there are several. A table with a
 * breakdown has that many rows per unit, STT and the unit's name spanning them.
 */
export function tableRows(ctx: DocContext, t: ReportTable): Cell[][] {
  const unit = (stt: Cell, name: Cell, figures: number[]): Cell[][] => {
    if (!t.breakdown) return [[stt, name, ...t.cells(figures, 0)]];
    const span = t.breakdown.length;
    const spanning = (v: Cell): Cell => (typeof v === 'object' && v !== null ? { ...v, rowSpan: span } : { text: v === null ? '' : String(v), rowSpan: span });
    return t.breakdown.map((label, k) => [k === 0 ? spanning(stt) : null, k === 0 ? spanning(name) : null, label, ...t.cells(figures, k)]);
  };
  const rows: Cell[][] = ctx.communes.flatMap((c, i) => unit(i + 1, unitFullName(c.type, c.name), t.figures.get(c.id) ?? []));
  if (ctx.communes.length > 1) rows.push(...unit('', { text: 'Tổng cộng', bold: true }, totalOf(t.figures)));
  return rows;
}

export function reportDocument(sqlite: BetterSqlite3.Database, ctx: DocContext, opts: DocOptions = PLAIN): DocPart[] {
  const tables = reportTables(sqlite, ctx, opts.ruleSet ?? undefined);
  const issuer = issuerOf(ctx);
  const [hh = 0, pp = 0, poor = 0, near = 0, mid = 0] = totalOf(tables[0]!.figures);
  const addressee = ctx.unit.level === 'commune' ? `Chủ tịch ${superiorCommittee(ctx).replace('UBND', 'Ủy ban nhân dân')}` : `Chủ tịch Ủy ban nhân dân ${ctx.province ? inSentence(ctx.province) : BLANK}`;
  const cover: Content[] = [
    committeeHeader(ctx, 'BC-UBND', 'portrait'),
    titleBlock('BÁO CÁO', [`Kết quả rà soát hộ nghèo, hộ cận nghèo năm ${ctx.round.year} trên địa bàn ${scopeWords(ctx, issuer).split(',')[0]}`]),
    { text: `Kính gửi: ${addressee}.`, alignment: 'center', margin: [0, 0, 0, 10] },
    para(
      `Thực hiện ${procedureTexts(opts.legalBases, { ruleSetId: ctx.round.rule_set_id, date: legalDate(ctx) }) ?? 'quy định về rà soát hộ nghèo, hộ cận nghèo hằng năm'}, Ủy ban nhân dân ${inSentence(issuer)} báo cáo kết quả rà soát hộ nghèo, hộ cận nghèo năm ${ctx.round.year} như sau:`,
    ),
    para(`Tổng số hộ dân cư được rà soát: ${hh} hộ, ${pp} nhân khẩu.`),
    para(`- Hộ nghèo: ${poor} hộ, chiếm tỷ lệ ${percent(poor, hh) || '0,0'}%.`),
    para(`- Hộ cận nghèo: ${near} hộ, chiếm tỷ lệ ${percent(near, hh) || '0,0'}%.`),
    para(`- Hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình: ${mid} hộ, chiếm tỷ lệ ${percent(mid, hh) || '0,0'}%.`),
    para(`Chi tiết tại ${tables.length} biểu kèm theo.`),
    chairmanSignature(ctx, [addressee.replace('Chủ tịch ', ''), 'Ban Chỉ đạo rà soát']),
  ];
  const parts: DocPart[] = [{ orientation: 'portrait', content: cover }];
  tables.forEach((t, i) => {
    parts.push({
      orientation: 'landscape',
      content: [
        { text: `Biểu ${i + 1}`, bold: true, alignment: 'right', fontSize: 11 },
        titleBlock(t.title, [`Năm ${ctx.round.year} — ${capitalise(scopeWords(ctx))}`], 12),
        // Two rows per unit: a size smaller, so that a district of a dozen communes and its note fit one page.
        dataTable(tableColumns(t), tableRows(ctx, t), { fontSize: t.breakdown ? 8 : 8.5, orientation: 'landscape' }),
        ...(t.note ? [{ text: `Ghi chú: ${t.note}`, italics: true, fontSize: 10 } as Content] : []),
      ],
    });
  });
  return parts;
}
