import type { Json, RuleSetChange } from '../../../shared/engine/ruleset-diff';
import { formatNumberVi } from '../../../shared/text/format';

/** A rule-set value as the changes table shows it. */
function show(v: Json): string {
  if (v === null) return '(không có)';
  if (typeof v === 'number') return formatNumberVi(v);
  if (typeof v === 'string') return v;
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
            <td>{show(ch.before)}</td>
            <td>
              <strong>{show(ch.after)}</strong>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
