/**
 * The overview's charts as Apache ECharts options, pure (no DOM, no echarts import): the screen
 * draws them on a canvas, and the core can draw the same options to SVG for a PDF (echarts'
 * server-side renderer). Each chart is readable without colour: values written on the bars,
 * decal patterns per series (aria.decal), a spoken description (aria.label), and its figures as
 * a table (ChartSpec.table) for a screen reader or a printout.
 */
import type { Overview } from '../api/overview';
import { OVERVIEW_CLASSES, OVERVIEW_STEPS } from '../api/overview';
import { formatNumberVi } from '../text/format';
import { CLASS_LABELS, STEP_LABELS, percent } from './figures';

/** An ECharts option as plain JSON (the echarts types stay out of shared/). */
export type ChartOption = Record<string, unknown>;

export interface ChartSpec {
  id: 'progress' | 'classes' | 'poorRate' | 'indicators' | 'causes';
  title: string;
  /** One sentence read by a screen reader, and the figure's aria-label. */
  summary: string;
  table: { headers: string[]; rows: (string | number)[][] };
  option: ChartOption;
  /** Height in pixels that fits its bars. */
  height: number;
}

/** "12,5 %": a percent as the office writes it. */
export const percentVi = (value: number | null): string => (value === null ? '–' : `${String(value).replace('.', ',')} %`);

const FONT = 'Roboto, "Noto Sans", Arial, sans-serif';
/** Colours that differ in lightness too (they print in grey as distinct shades); patterns carry the rest. */
const COLOURS = ['#1f5fa8', '#e08a00', '#2e8b57', '#8e44ad', '#c0392b', '#5d6d7e'];

function base(title: string, description: string): ChartOption {
  return {
    animation: false,
    color: COLOURS,
    textStyle: { fontFamily: FONT, fontSize: 12 },
    title: { text: title, left: 0, top: 0, textStyle: { fontSize: 14, fontWeight: 'bold' } },
    aria: { enabled: true, label: { enabled: true, description }, decal: { show: true } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
  };
}

/** Horizontal bars: one category per row, the value written at the bar's end. */
function horizontal(title: string, description: string, categories: string[], series: { name: string; data: number[]; label: (i: number) => string }[], max?: number): ChartOption {
  return {
    ...base(title, description),
    legend: series.length > 1 ? { top: 22, left: 0 } : undefined,
    grid: { left: 8, right: 90, top: series.length > 1 ? 52 : 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', ...(max !== undefined ? { max } : {}), axisLabel: { formatter: max === 100 ? '{value} %' : '{value}' } },
    yAxis: { type: 'category', data: categories, inverse: true, axisLabel: { width: 210, overflow: 'break', lineHeight: 14 } },
    series: series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data.map((value, i) => ({ value, label: { show: true, position: 'right', formatter: s.label(i) } })),
      barMaxWidth: 22,
    })),
  };
}

export function progressChart(o: Overview): ChartSpec {
  const steps = OVERVIEW_STEPS.map((s) => ({ s, ...o.total.steps[s] }));
  const rates = steps.map((x) => percent(x.done, x.of) ?? 0);
  const text = (i: number) => `${formatNumberVi(steps[i]!.done)}/${formatNumberVi(steps[i]!.of)} (${percentVi(percent(steps[i]!.done, steps[i]!.of))})`;
  const summary = `Tiến độ rà soát của ${o.scope.fullName}: ${steps.map((x, i) => `${STEP_LABELS[x.s]} ${text(i)}`).join('; ')}.`;
  return {
    id: 'progress',
    title: 'Tiến độ theo các bước',
    summary,
    table: { headers: ['Bước', 'Đã xong', 'Trên tổng', 'Tỷ lệ'], rows: steps.map((x) => [STEP_LABELS[x.s], x.done, x.of, percentVi(percent(x.done, x.of))]) },
    option: horizontal('Tiến độ theo các bước (%)', summary, steps.map((x) => STEP_LABELS[x.s]), [{ name: 'Đã xong', data: rates, label: text }], 100),
    height: 300,
  };
}

export function classesChart(o: Overview): ChartSpec {
  const c = o.total.counts.classes;
  const values = OVERVIEW_CLASSES.map((k) => c[k]);
  const summary = `Số hộ theo phân loại của ${o.scope.fullName}: ${OVERVIEW_CLASSES.map((k) => `${CLASS_LABELS[k]} ${formatNumberVi(c[k])}`).join('; ')}.`;
  return {
    id: 'classes',
    title: 'Số hộ theo phân loại',
    summary,
    table: { headers: ['Phân loại', 'Số hộ'], rows: OVERVIEW_CLASSES.map((k) => [CLASS_LABELS[k], c[k]]) },
    option: horizontal('Số hộ theo phân loại', summary, OVERVIEW_CLASSES.map((k) => CLASS_LABELS[k]), [{ name: 'Số hộ', data: values, label: (i) => formatNumberVi(values[i]!) }]),
    height: 280,
  };
}

/** This year's and last year's poor-household rate per commune (or village in a commune's overview). */
export function poorRateChart(o: Overview): ChartSpec {
  const units = o.scope.level === 'round' ? o.communes : (o.communes[0]?.villages ?? []);
  const thisYear = units.map((u) => u.counts.poorRate ?? 0);
  const lastYear = o.scope.level === 'round' ? o.communes.map((c) => c.lastYear?.poorRate ?? 0) : null;
  const year = o.round.year;
  const series = [{ name: `Năm ${year}`, data: thisYear, label: (i: number) => percentVi(units[i]!.counts.poorRate) }];
  if (lastYear && o.lastYear) series.push({ name: `Năm ${o.lastYear.year}`, data: lastYear, label: (i: number) => percentVi(o.communes[i]!.lastYear?.poorRate ?? null) });
  const summary = `Tỷ lệ hộ nghèo theo ${o.scope.level === 'round' ? 'xã' : 'thôn, ấp'}: ${units
    .map((u, i) => `${u.fullName} ${percentVi(u.counts.poorRate)}${lastYear && o.lastYear ? ` (năm ${o.lastYear.year}: ${percentVi(o.communes[i]!.lastYear?.poorRate ?? null)})` : ''}`)
    .join('; ')}.`;
  return {
    id: 'poorRate',
    title: 'Tỷ lệ hộ nghèo',
    summary,
    table: {
      headers: [o.scope.level === 'round' ? 'Xã' : 'Thôn, ấp', `Năm ${year}`, ...(lastYear && o.lastYear ? [`Năm ${o.lastYear.year}`] : [])],
      rows: units.map((u, i) => [u.fullName, percentVi(u.counts.poorRate), ...(lastYear && o.lastYear ? [percentVi(o.communes[i]!.lastYear?.poorRate ?? null)] : [])]),
    },
    option: horizontal('Tỷ lệ hộ nghèo (%)', summary, units.map((u) => u.fullName), series),
    height: Math.max(160, 60 + units.length * (series.length * 18 + 10)),
  };
}

export function indicatorsChart(o: Overview): ChartSpec {
  const rows = o.indicators;
  const summary = rows.length
    ? `Tỷ lệ hộ thiếu hụt theo chỉ số (trong số hộ có trả lời Phiếu B2): ${rows.map((i) => `${i.label} ${percentVi(i.rate)}`).join('; ')}.`
    : (o.indicatorsNote ?? 'Chưa có chỉ số thiếu hụt.');
  return {
    id: 'indicators',
    title: 'Tỷ lệ thiếu hụt theo chỉ số',
    summary,
    table: {
      headers: ['Chỉ số', 'Số hộ trả lời', 'Số hộ thiếu hụt', 'Tỷ lệ', 'Trong đó hộ nghèo, cận nghèo'],
      rows: rows.map((i) => [`${i.number}. ${i.label}`, i.answered, i.deprived, percentVi(i.rate), i.deprivedPoorOrNearPoor]),
    },
    option: horizontal('Tỷ lệ thiếu hụt theo chỉ số (%)', summary, rows.map((i) => `${i.number}. ${i.label}`), [
      { name: 'Tỷ lệ thiếu hụt', data: rows.map((i) => i.rate ?? 0), label: (k) => percentVi(rows[k]!.rate) },
    ]),
    height: 70 + rows.length * 40,
  };
}

export function causesChart(o: Overview): ChartSpec {
  const rows = o.causes;
  const summary = `Nguyên nhân nghèo: ${rows.map((c) => `${c.label}: ${formatNumberVi(c.poor)} hộ nghèo, ${formatNumberVi(c.nearPoor)} hộ cận nghèo`).join('; ')}.`;
  return {
    id: 'causes',
    title: 'Nguyên nhân nghèo',
    summary,
    table: { headers: ['Nguyên nhân', 'Hộ nghèo', 'Hộ cận nghèo'], rows: rows.map((c) => [c.label, c.poor, c.nearPoor]) },
    option: horizontal('Nguyên nhân nghèo (số hộ)', summary, rows.map((c) => c.label), [
      { name: 'Hộ nghèo', data: rows.map((c) => c.poor), label: (i) => formatNumberVi(rows[i]!.poor) },
      { name: 'Hộ cận nghèo', data: rows.map((c) => c.nearPoor), label: (i) => formatNumberVi(rows[i]!.nearPoor) },
    ]),
    height: 90 + rows.length * 44,
  };
}

/** Every chart of the overview, in the screen's order. */
export function overviewCharts(o: Overview): ChartSpec[] {
  return [progressChart(o), classesChart(o), poorRateChart(o), indicatorsChart(o), causesChart(o)];
}
