import type { Json, RuleSetChange } from '../../../shared/engine/ruleset-diff';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { messages } from '../messages';

const STATUS_WORDS: Record<string, string> = messages.ruleSets.status;

/** A rule-set value as the changes table shows it: a part's status in the rule-set screen's words, a date day first. */
function show(v: Json, path: string): string {
  if (v === null) return '(không có)';
  if (typeof v === 'number') return formatNumberVi(v);
  if (typeof v === 'string') {
    if (/(^|\.)status$/u.test(path) && v in STATUS_WORDS) return STATUS_WORDS[v]!;
    if (/^\d{4}-\d{2}-\d{2}$/u.test(v)) return formatDateVi(v);
    return v;
  }
  if (typeof v === 'boolean') return v ? 'có' : 'không';
  return JSON.stringify(v);
}

/**
 * The changes of a rule set against the one in use, part by part in words: an administrator's
 * copy waiting for confirmation (PendingRuleSets) and published values before saving them.
 */
export function RuleSetChangesTable({ changes, afterLabel }: { changes: readonly RuleSetChange[]; afterLabel: string }) {
  return (
    <table className="data ruleset-diff">
      <thead>
        <tr>
          <th>Mục</th>
          <th>Đang dùng</th>
          <th>{afterLabel}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((ch) => (
          <tr key={ch.path} data-path={ch.path}>
            <td title={ch.path}>{ch.label}</td>
            <td>{show(ch.before, ch.path)}</td>
            <td>
              <strong>{show(ch.after, ch.path)}</strong>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
