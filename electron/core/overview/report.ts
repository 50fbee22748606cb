import * as echarts from 'echarts';
import type { Content } from 'pdfmake/interfaces';
import type { Overview } from '../../../shared/api/overview';
import { OVERVIEW_STEPS } from '../../../shared/api/overview';
import { overviewCharts, percentVi, type ChartSpec } from '../../../shared/overview/charts';
import { CLASS_LABELS, STEP_LABELS, percent } from '../../../shared/overview/figures';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { openDatabase } from '../db/connection';
import { A4, MARGINS, renderPdf } from '../documents/pdf';
import { loadAppRuleSets } from '../rulesets/load';
import { overviewOf, type OverviewScope } from './overview';

/**
 * The overview as a PDF (job overview.report): the same figures and the same charts as the
 * screen, each chart drawn by Apache ECharts' server-side SVG renderer from the same option
 * (shared/overview/charts.ts), in the PDF's font, followed by its table of figures.
 */

/** Landscape A4's width between the margins, in points. */
const WIDTH = A4.height - MARGINS.left - MARGINS.right;
const FONT = 'Tinos';
/** Landscape A4's height between the margins, less the page number's line. */
const HEIGHT = A4.width - MARGINS.top - MARGINS.bottom - 30;

/** One chart as an SVG string, drawn without a DOM, its text in the PDF's font. */
export function chartSvg(spec: ChartSpec, width: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height: spec.height });
  try {
    const option = spec.option;
    const title = option.title as Record<string, unknown>;
    chart.setOption({
      ...option,
      textStyle: { ...(option.textStyle as object), fontFamily: FONT },
      title: { ...title, textStyle: { ...(title.textStyle as object), fontFamily: FONT } },
      tooltip: undefined,
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const n = formatNumberVi;
const cell = (v: string | number): Content => (typeof v === 'number' ? { text: n(v), alignment: 'right' } : { text: v });
const head = (h: string): Content => ({ text: h, bold: true });

function table(headers: string[], rows: (string | number)[][]): Content {
  return { table: { headerRows: 1, widths: headers.map((_, i) => (i === 0 ? '*' : 'auto')), body: [headers.map(head), ...rows.map((r) => r.map(cell))] }, fontSize: 10, margin: [0, 4, 0, 10] };
}

export function overviewContent(o: Overview): Content[] {
  const c = o.total.counts;
  const units = o.scope.level === 'round' ? o.communes : (o.communes[0]?.villages ?? []);
  const content: Content[] = [
    { text: `TỔNG QUAN ${o.round.title.toUpperCase()}`, bold: true, fontSize: 14, alignment: 'center' },
    { text: `${o.scope.fullName} – tính đến ngày ${formatDateVi(o.today)}`, alignment: 'center', margin: [0, 2, 0, 10] },
    { text: 'Thời hạn', bold: true },
    o.deadlines.length
      ? table(['Việc', 'Hạn', 'Còn lại (ngày)'], o.deadlines.map((d) => [d.label + (d.unverified ? ' (cần kiểm tra lại căn cứ)' : ''), formatDateVi(d.date), d.daysLeft]))
      : { text: o.deadlinesNote ?? '', margin: [0, 2, 0, 10] },
    { text: 'Phân loại', bold: true },
    table(
      ['Phân loại', 'Số hộ'],
      [['Tổng số hộ', c.households], ...(['poor', 'near_poor', 'middle_income', 'escaped', 'fell_back', 'new'] as const).map((k) => [CLASS_LABELS[k], c.classes[k]]), ['Tỷ lệ hộ nghèo', percentVi(c.poorRate)], ['Tỷ lệ hộ cận nghèo', percentVi(c.nearPoorRate)]],
    ),
    { text: `Tiến độ theo ${o.scope.level === 'round' ? 'xã' : 'thôn, ấp'}`, bold: true },
    table(
      [o.scope.level === 'round' ? 'Xã/phường' : 'Thôn/ấp', 'Số hộ', ...OVERVIEW_STEPS.map((s) => STEP_LABELS[s]), 'Hộ nghèo', 'Hộ cận nghèo'],
      units.map((u) => [
        u.fullName,
        u.counts.households,
        ...OVERVIEW_STEPS.map((s) => (u.steps[s].of === 0 ? '–' : `${n(u.steps[s].done)}/${n(u.steps[s].of)} (${percentVi(percent(u.steps[s].done, u.steps[s].of))})`)),
        `${n(u.counts.byStatus.poor)} (${percentVi(u.counts.poorRate)})`,
        `${n(u.counts.byStatus.near_poor)} (${percentVi(u.counts.nearPoorRate)})`,
      ]),
    ),
  ];
  for (const spec of overviewCharts(o)) {
    content.push({ svg: chartSvg(spec, Math.round(WIDTH)), fit: [WIDTH, HEIGHT], pageBreak: 'before' } as Content, table(spec.table.headers, spec.table.rows));
  }
  return content;
}

export interface OverviewPdf {
  name: string;
  pdf: Buffer;
  pages: number;
  households: number;
  unitId: number | null;
}

/** The overview of a round and scope as a landscape PDF. */
export async function renderOverviewPdf(dbPath: string, resourcesDir: string, scope: OverviewScope): Promise<OverviewPdf> {
  const db = openDatabase(dbPath, { readonly: true });
  let o: Overview;
  try {
    o = overviewOf(db.sqlite, loadAppRuleSets(db.sqlite, resourcesDir, dbPath), scope);
  } finally {
    db.close();
  }
  const { pdf, pages } = await renderPdf(resourcesDir, [{ orientation: 'landscape', content: overviewContent(o) }], `Tổng quan ${o.round.title}`);
  const unit = o.scope.unitId ?? 0;
  return { name: `tong-quan-${o.round.year}-${unit}.pdf`, pdf, pages, households: o.total.counts.households, unitId: o.scope.unitId };
}
