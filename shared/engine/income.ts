import { z } from 'zod';
import { formatNumberVi } from '../text/format';

/**
 * The income worksheet (phiếu tính thu nhập): a household's income over the 12 months before the
 * review, by source, less the costs of earning it, without the State's social allowances, divided
 * by its members and by 12 (spec/standard.md §2, "mức sống trung bình"; issue 15 item 4). Its
 * result is the monthly income per person that the 2027 rule (Nghị định 351/2025) and the
 * middle-income procedure (Quyết định 24/2021 Điều 6) compare with the income line or band.
 *
 * The source list only organises the worksheet: every source but `socialAllowance` counts the
 * same way. Whether production costs are deducted is not settled in the texts read
 * (spec/standard.md: "to verify"), so costs are a column of their own that an officer can leave 0.
 */
export const INCOME_SOURCES = [
  'wages',
  'crops',
  'livestock',
  'forestry',
  'fishery',
  'salt',
  'business',
  'pension',
  'remittances',
  'property',
  'other',
  'socialAllowance',
] as const;
export type IncomeSource = (typeof INCOME_SOURCES)[number];

export const INCOME_SOURCE_LABELS: Record<IncomeSource, string> = {
  wages: 'Tiền lương, tiền công',
  crops: 'Trồng trọt',
  livestock: 'Chăn nuôi',
  forestry: 'Lâm nghiệp',
  fishery: 'Thủy sản (khai thác, nuôi trồng)',
  salt: 'Diêm nghiệp (làm muối)',
  business: 'Sản xuất, kinh doanh, dịch vụ phi nông nghiệp',
  pension: 'Lương hưu, trợ cấp bảo hiểm xã hội',
  remittances: 'Tiền người thân gửi về, quà biếu',
  property: 'Cho thuê tài sản, lãi tiết kiệm',
  other: 'Thu nhập khác',
  socialAllowance: 'Trợ cấp xã hội của Nhà nước (không tính vào thu nhập)',
};

/** The sources left out of the income: the State's social allowances (Quyết định 24/2021 Điều 6). */
export const EXCLUDED_SOURCES: readonly IncomeSource[] = ['socialAllowance'];

const amount = (label: string) =>
  z
    .number({ error: `${label} phải là một số (đồng).` })
    .finite(`${label} phải là số hữu hạn.`)
    .min(0, `${label} không được âm: ghi chi phí vào cột chi phí.`);

export const IncomeLineSchema = z.object({
  source: z.enum(INCOME_SOURCES, { error: 'Nguồn thu không có trong danh mục của phiếu.' }),
  /** What the line is, in the officer's words ("2 sào lúa", "lương công nhân của anh Ba"). */
  description: z.string().max(200).default(''),
  /** Gross receipts over the 12 months (đồng). */
  gross: amount('Tổng thu 12 tháng'),
  /** Costs of earning them over the 12 months (đồng): seed, feed, fuel, hired labour... */
  costs: amount('Chi phí 12 tháng').default(0),
});
export type IncomeLine = z.infer<typeof IncomeLineSchema>;

export const IncomeWorksheetSchema = z.object({
  /** Members of the household the income is shared by (at the review's reference date). */
  members: z.number({ error: 'Số nhân khẩu phải là một số nguyên.' }).int('Số nhân khẩu phải là một số nguyên.').min(1, 'Hộ phải có ít nhất 1 nhân khẩu.'),
  lines: z.array(IncomeLineSchema).max(100, 'Phiếu có tối đa 100 dòng thu nhập.'),
  /** The 12 months counted, e.g. "10/2026 – 9/2027" (free text, printed on the worksheet). */
  period: z.string().max(60).default(''),
});
export type IncomeWorksheet = z.infer<typeof IncomeWorksheetSchema>;
export type IncomeWorksheetInput = z.input<typeof IncomeWorksheetSchema>;

export interface IncomeBySource {
  source: IncomeSource;
  label: string;
  gross: number;
  costs: number;
  /** gross − costs; for an excluded source, what was left out. */
  net: number;
  counted: boolean;
}

export interface IncomeResult {
  /** Per source that has lines, in the order of INCOME_SOURCES. */
  bySource: IncomeBySource[];
  /** Net income of the counted sources over 12 months (đồng; negative when costs exceed receipts). */
  netIncome: number;
  /** The social allowances left out (đồng over 12 months). */
  excluded: number;
  members: number;
  /**
   * Monthly income per person: netIncome ÷ members ÷ 12, rounded UP to a whole đồng (never below
   * 0). Rounding up keeps "at or under the line" exact: for a whole-đồng line L, x ≤ L exactly
   * when ⌈x⌉ ≤ L, so a household a fraction of a đồng over the line is never counted under it.
   */
  monthlyPerCapita: number;
  /** Things the officer should look at (Vietnamese); the result is still computed. */
  warnings: string[];
  /** How the figure was reached, in Vietnamese, for the screen and the printed worksheet. */
  formula: string;
}

const money = (v: number): string => `${formatNumberVi(v)} đồng`;

/** The worksheet's result. Validate with IncomeWorksheetSchema first (the contract does). */
export function computeIncome(input: IncomeWorksheetInput): IncomeResult {
  const w = IncomeWorksheetSchema.parse(input);
  const bySource: IncomeBySource[] = [];
  for (const source of INCOME_SOURCES) {
    const lines = w.lines.filter((l) => l.source === source);
    if (lines.length === 0) continue;
    const gross = lines.reduce((s, l) => s + l.gross, 0);
    const costs = lines.reduce((s, l) => s + l.costs, 0);
    bySource.push({ source, label: INCOME_SOURCE_LABELS[source], gross, costs, net: gross - costs, counted: !EXCLUDED_SOURCES.includes(source) });
  }
  const netIncome = bySource.filter((s) => s.counted).reduce((s, x) => s + x.net, 0);
  const excluded = bySource.filter((s) => !s.counted).reduce((s, x) => s + x.gross, 0);
  const warnings: string[] = [];
  for (const s of bySource) {
    if (s.counted && s.net < 0) warnings.push(`${s.label}: chi phí (${money(s.costs)}) lớn hơn tổng thu (${money(s.gross)}), nguồn này bị lỗ ${money(-s.net)}.`);
    if (!s.counted && s.costs > 0) warnings.push(`${s.label}: không tính vào thu nhập nên chi phí ghi ở dòng này cũng không được trừ.`);
  }
  if (netIncome < 0) warnings.push('Tổng thu nhập sau chi phí âm: thu nhập bình quân được tính là 0 đồng. Hãy kiểm tra lại các khoản thu và chi phí.');
  if (w.lines.length === 0) warnings.push('Phiếu chưa có dòng thu nhập nào: thu nhập bình quân là 0 đồng.');
  const monthlyPerCapita = Math.max(0, Math.ceil(netIncome / w.members / 12));
  const formula =
    `Thu nhập 12 tháng sau chi phí ${money(netIncome)}` +
    (excluded > 0 ? ` (không tính ${money(excluded)} trợ cấp xã hội)` : '') +
    ` ÷ ${w.members} nhân khẩu ÷ 12 tháng = ${money(monthlyPerCapita)}/người/tháng.`;
  return { bySource, netIncome, excluded, members: w.members, monthlyPerCapita, warnings, formula };
}
