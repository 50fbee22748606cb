import { PART_LABELS, type RuleSetPartName } from './ruleset';

/**
 * What changed between two rule sets (or any two JSON values): one entry per value that differs,
 * by path ("incomeLines.value.rural", "b1PointTable.value.items[B1.1].label"). Lists whose items
 * all carry a distinct string id are matched by id (a reordered or inserted item is not shown as
 * every later item changing); other lists by position. JSON-safe: a missing side is null.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface RuleSetChange {
  path: string;
  kind: 'changed' | 'added' | 'removed';
  before: Json;
  after: Json;
  /** The path in words (Vietnamese where known), for the screen. */
  label: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function byId(list: unknown[]): Map<string, unknown> | null {
  const map = new Map<string, unknown>();
  for (const item of list) {
    if (!isObject(item) || typeof item.id !== 'string' || map.has(item.id)) return null;
    map.set(item.id, item);
  }
  return map;
}

const toJson = (v: unknown): Json => (v === undefined ? null : (JSON.parse(JSON.stringify(v)) as Json));
const join = (base: string, key: string): string => (base === '' ? key : `${base}.${key}`);

function walk(a: unknown, b: unknown, at: string, out: Omit<RuleSetChange, 'label'>[]): void {
  if (a === undefined && b === undefined) return;
  if (a === undefined) {
    out.push({ path: at, kind: 'added', before: null, after: toJson(b) });
    return;
  }
  if (b === undefined) {
    out.push({ path: at, kind: 'removed', before: toJson(a), after: null });
    return;
  }
  if (isObject(a) && isObject(b)) {
    const keys = [...Object.keys(a), ...Object.keys(b).filter((k) => !(k in a))];
    for (const k of keys) walk(a[k], b[k], join(at, k), out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const ma = byId(a);
    const mb = byId(b);
    if (ma && mb) {
      const ids = [...ma.keys(), ...[...mb.keys()].filter((k) => !ma.has(k))];
      for (const id of ids) walk(ma.get(id), mb.get(id), `${at}[${id}]`, out);
    } else {
      for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], `${at}[${i}]`, out);
    }
    return;
  }
  if (JSON.stringify(a) !== JSON.stringify(b)) out.push({ path: at, kind: 'changed', before: toJson(a), after: toJson(b) });
}

const WORDS: Record<string, string> = {
  ...PART_LABELS,
  id: 'mã',
  version: 'phiên bản',
  kind: 'loại',
  title: 'tên',
  province: 'tỉnh',
  validFrom: 'hiệu lực từ',
  validTo: 'hiệu lực đến',
  synthetic: 'giả lập',
  provenance: 'nguồn',
  document: 'văn bản',
  article: 'điều khoản',
  date: 'ngày',
  by: 'người nạp',
  note: 'ghi chú',
  areaLabels: 'tên vùng',
  method: 'cách phân loại (điểm A hay thu nhập)',
  shortLabel: 'tên ngắn (cột báo cáo)',
  status: 'tình trạng',
  value: 'giá trị',
  rural: 'nông thôn',
  urban: 'thành thị',
  cutoff: 'ngưỡng',
  pointsPerIndicator: 'điểm mỗi chỉ số',
  poorMinDeprivations: 'số chỉ số thiếu hụt tối thiểu của hộ nghèo',
  above: 'trên',
  atMost: 'đến',
  label: 'nội dung',
  items: 'mục',
  options: 'phương án',
  points: 'điểm',
  base: 'điểm cơ sở',
  regions: 'vùng',
  groups: 'nhóm',
  excludeAtLeast: 'loại trừ khi có từ',
  deadlines: 'thời hạn của đợt rà soát định kỳ',
  reviewStart: 'bắt đầu rà soát',
  reviewEnd: 'kết thúc rà soát',
  preliminaryReport: 'báo cáo sơ bộ',
  officialReport: 'báo cáo chính thức',
  postingDays: 'thời gian niêm yết',
  workingDays: 'số ngày làm việc',
};

/** A path in words: "chuẩn thu nhập › giá trị › nông thôn"; an unknown key is kept as it is. */
export function changeLabel(path: string): string {
  return path
    .split(/\.(?![^[]*\])/u)
    .map((seg) => seg.replace(/^([^[]*)/u, (k) => WORDS[k as RuleSetPartName] ?? WORDS[k] ?? k))
    .join(' › ');
}

/** The changes from `a` to `b`, in the order of `a`'s keys, then those only in `b`. */
export function ruleSetDiff(a: unknown, b: unknown): RuleSetChange[] {
  const out: Omit<RuleSetChange, 'label'>[] = [];
  walk(a, b, '', out);
  return out.map((c) => ({ ...c, label: changeLabel(c.path) }));
}
