import type { HouseholdHistoryEntry } from '../../../shared/api/contract';
import type { RuleSet } from '../../../shared/engine/ruleset';
import {
  deprivedLabel,
  EMPTY_VALUE,
  eventLabel,
  FORM_PART_LABELS,
  householdFieldLabel,
  memberFieldLabel,
  valueLabel,
  yesNoLabel,
} from '../../../shared/domain/field-labels';
import { formatNumberVi } from '../../../shared/text/format';

/**
 * An audit row read in Vietnamese: the form's labels of what changed, the values as labels. The
 * household's change history (households/history.ts) and the audit screen (audit/services.ts)
 * both read rows through here, so a row reads the same on both.
 */

/** An audit row with its values parsed. */
export interface AuditRecord {
  entity: string;
  entityId: number | null;
  action: string;
  field: string | null;
  oldValue: unknown;
  newValue: unknown;
}

/** What the describer needs to know beyond the row. */
export interface DescribeContext {
  /** The rule set of the household's round: names the Phiếu A / B1 / B2 items. */
  ruleSet?: RuleSet | undefined;
  /** The member's name, for a member's row. */
  memberName?: string | null;
  unitName?: (id: number) => string | null;
}

/** One line of a change (a row of a JSON map — Phiếu A, B2… — gives one line per item changed): the history entry's own fields. */
export type ChangeLine = Pick<HouseholdHistoryEntry, 'field' | 'what' | 'memberName' | 'oldValue' | 'newValue' | 'oldText' | 'newText'>;

export const ACTION_LABELS: Record<string, string> = {
  create: 'Tạo mới',
  update: 'Sửa',
  delete: 'Xoá',
  member_delete: 'Bỏ thành viên',
  classify: 'Phân loại',
  state: 'Chuyển bước rà soát',
  complaint: 'Khiếu nại',
  recheck: 'Phúc tra',
  event: 'Biến động',
  'import-create': 'Nhập từ Excel (tạo mới)',
  'import-update': 'Nhập từ Excel (sửa)',
  'import-delete': 'Nhập từ Excel (bỏ)',
  read: 'Xem, in',
  print: 'In',
  export: 'Xuất tệp',
  backup: 'Sao lưu',
  backup_plain: 'Sao lưu KHÔNG mã hoá (theo yêu cầu, có cảnh báo)',
  passphrase_set: 'Đặt mật khẩu sao lưu',
  passphrase_changed: 'Đổi mật khẩu sao lưu',
  restore: 'Khôi phục',
  download: 'Tải về',
  // the users and their sessions (electron/core/auth)
  reset_password: 'Đặt lại mật khẩu',
  change_password: 'Đổi mật khẩu',
  login: 'Đăng nhập',
  login_failed: 'Đăng nhập sai mật khẩu',
  login_locked: 'Khoá tài khoản sau nhiều lần đăng nhập sai',
  lock: 'Khoá',
  reopen: 'Mở lại để sửa',
  build_list: 'Lập danh sách rà soát',
  copy: 'Chép từ đợt trước',
  reform_assign: 'Gán thôn theo sắp xếp đơn vị hành chính',
  register_update: 'Cập nhật danh mục đơn vị',
  confirm: 'Xác nhận',
};

export const actionLabel = (action: string): string => ACTION_LABELS[action] ?? action;

/** A line as one phrase: "Sửa: Phiếu B1 – Tổng điểm A: 128 → 150". */
export function lineText(action: string, l: Pick<ChangeLine, 'what' | 'oldText' | 'newText'>): string {
  const head = l.what ? `${actionLabel(action)}: ${l.what}` : actionLabel(action);
  return l.oldText || l.newText ? `${head}: ${l.oldText || '—'} → ${l.newText || '—'}` : head;
}

/** What kind of record a row is about. */
export const ENTITY_LABELS: Record<string, string> = {
  household: 'Hộ',
  member: 'Thành viên',
  round: 'Đợt rà soát',
  unit: 'Đơn vị',
  units: 'Đơn vị',
  village_meeting: 'Họp dân',
  posting: 'Niêm yết',
  district_opinion: 'Ý kiến cấp huyện',
  decision: 'Quyết định công nhận',
  officials: 'Người ký, cán bộ của xã',
  settings: 'Thiết lập',
  rule_set: 'Bộ tiêu chí',
  register_versions: 'Danh mục đơn vị hành chính',
  user: 'Người dùng',
  list: 'Danh sách',
  document: 'Văn bản in',
  excel: 'Tệp Excel',
  backup: 'Bản sao lưu',
};

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nameIn = (v: unknown): string | null => (isRecord(v) && typeof v.name === 'string' ? v.name : isRecord(v) && typeof v.headName === 'string' ? v.headName : null);

/** A row of Phiếu A / B1 / B2 answers (a JSON map item → answer): one line per item that changed. */
function mapLines(part: 'screening' | 'b1_items' | 'b2', field: string, oldMap: unknown, newMap: unknown, ruleSet: RuleSet | undefined): ChangeLine[] {
  const before = isRecord(oldMap) ? oldMap : {};
  const after = isRecord(newMap) ? newMap : {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const lines: ChangeLine[] = [];
  const order = (k: string): number => {
    if (part === 'b2') return ruleSet?.indicators.value?.find((i) => i.id === k)?.number ?? 1e6;
    if (part === 'screening') return ruleSet?.screening.value?.items.findIndex((i) => i.id === k) ?? 1e6;
    return ruleSet?.b1PointTable.value?.items.findIndex((i) => i.id === k) ?? 1e6;
  };
  for (const k of keys.sort((a, b) => order(a) - order(b) || a.localeCompare(b))) {
    const o = before[k] ?? null;
    const n = after[k] ?? null;
    if (o === n) continue;
    let what: string;
    let text: (v: unknown) => string;
    if (part === 'b2') {
      const ind = ruleSet?.indicators.value?.find((i) => i.id === k);
      what = `${FORM_PART_LABELS.b2} – ${ind ? `Chỉ số ${ind.number}. ${ind.label}` : k}`;
      text = deprivedLabel;
    } else if (part === 'screening') {
      const item = ruleSet?.screening.value?.items.find((i) => i.id === k);
      what = `${FORM_PART_LABELS.screening} – ${item ? `${item.id}. ${item.label}` : k}`;
      text = (v) => (typeof v === 'boolean' ? yesNoLabel(v) : EMPTY_VALUE);
    } else {
      const item = ruleSet?.b1PointTable.value?.items.find((i) => i.id === k);
      what = `${FORM_PART_LABELS.b1} – ${item?.label ?? k}`;
      text = (v) => (v === null || v === undefined ? EMPTY_VALUE : (item?.options.find((x) => x.id === v)?.label ?? String(v)));
    }
    lines.push({ field: `${field}.${k}`, what, memberName: null, oldValue: o, newValue: n, oldText: text(o), newText: text(n) });
  }
  return lines;
}

const MAP_FIELDS: Record<string, 'screening' | 'b1_items' | 'b2'> = { screening: 'screening', b1_items: 'b1_items', b2: 'b2' };

/** A household's or a member's audit row as lines in Vietnamese. */
export function describeChange(row: AuditRecord, ctx: DescribeContext = {}): ChangeLine[] {
  const unitName = ctx.unitName ?? (() => null);
  const line = (what: string, oldText: string, newText: string, memberName: string | null = null): ChangeLine[] => [
    { field: row.field, what, memberName, oldValue: row.oldValue, newValue: row.newValue, oldText, newText },
  ];
  if (row.entity === 'member') {
    const name = ctx.memberName ?? nameIn(row.newValue) ?? nameIn(row.oldValue) ?? (isRecord(row.newValue) && typeof row.newValue.fullName === 'string' ? row.newValue.fullName : null);
    const who = `Thành viên ${name ?? `số ${row.entityId ?? '?'}`}`;
    if (row.action === 'create' || row.action === 'import-create') return line(who, '', name ?? '', name);
    if (row.action === 'import-delete') return line(who, name ?? '', '', name);
    if (!row.field) return line(who, '', '', name);
    const f = memberFieldLabel(row.field);
    return line(`${who} – ${f.label}`, valueLabel(f.kind, row.oldValue, unitName), valueLabel(f.kind, row.newValue, unitName), name);
  }
  // The household.
  switch (row.action) {
    case 'create':
    case 'import-create': {
      const v = isRecord(row.newValue) ? row.newValue : {};
      const parts = [
        typeof v.code === 'string' ? `mã ${v.code}` : null,
        typeof v.headName === 'string' && v.headName ? `chủ hộ ${v.headName}` : null,
        typeof v.members === 'number' ? `${formatNumberVi(v.members)} thành viên` : null,
      ].filter((x): x is string => x !== null);
      return line('Hộ', '', parts.join(', '));
    }
    case 'member_delete': {
      const name = nameIn(row.oldValue);
      return line(name ?? row.field ?? '', name ?? '', '', name);
    }
    case 'complaint': {
      const v = isRecord(row.newValue) ? row.newValue : {};
      return line('', '', typeof v.content === 'string' ? v.content : '');
    }
    case 'recheck': {
      const v = isRecord(row.newValue) ? row.newValue : {};
      const after = valueLabel('status', v.status ?? null);
      return line('Kết quả phân loại', valueLabel('status', row.oldValue), typeof v.result === 'string' && v.result ? `${after} (${v.result})` : after);
    }
    case 'event': {
      const v = isRecord(row.newValue) ? row.newValue : {};
      const date = typeof v.occurredOn === 'string' ? valueLabel('date', v.occurredOn) : '';
      const note = typeof v.note === 'string' && v.note ? ` – ${v.note}` : '';
      return line(eventLabel(row.field ?? ''), '', `${date}${note}`);
    }
    default:
      break;
  }
  if (!row.field) return line('', '', '');
  const bare = row.field.replace(/^answers\./u, '');
  const part = MAP_FIELDS[bare];
  if (part) {
    const lines = mapLines(part, row.field, row.oldValue, row.newValue, ctx.ruleSet);
    return lines.length ? lines : line(householdFieldLabel(row.field).label, '', '');
  }
  if (row.action === 'import-update' && bare === 'result') return line('Kết quả phân loại – bỏ, chờ phân loại lại theo số liệu mới', '', '');
  const f = householdFieldLabel(row.field);
  return line(f.label, valueLabel(f.kind, row.oldValue, unitName), valueLabel(f.kind, row.newValue, unitName));
}
