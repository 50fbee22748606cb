import { useApiValue } from '../hooks/useApiValue';
import './review-filters.css';

const TEXT = {
  heading: 'Lịch sử thay đổi (ai, khi nào, giá trị cũ → mới)',
  none: 'Chưa có thay đổi nào.',
  columns: { at: 'Thời điểm', actor: 'Người sửa', what: 'Nội dung', old: 'Giá trị cũ', next: 'Giá trị mới' },
};

/**
 * Every audited change of a household and its members, newest first, as the core reads it in
 * Vietnamese (households.history): the form's labels, the member's name, values as labels, the
 * user's full name, dd/mm/yyyy hh:mm. Events are listed by HouseholdEvents too.
 */
export function ChangeHistory({ householdId }: { householdId: number }) {
  const history = useApiValue('households.history', { householdId });
  const rows = history.value ? [...history.value].reverse() : [];
  return (
    <section className="detail-section" aria-labelledby="changes-heading">
      <h3 id="changes-heading">{TEXT.heading}</h3>
      {rows.length === 0 ? (
        <p className="muted">{TEXT.none}</p>
      ) : (
        <table className="changes">
          <thead>
            <tr>{Object.values(TEXT.columns).map((c) => <th key={c}>{c}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((h, i) => (
              <tr key={i}>
                <td>{h.when}</td>
                <td title={h.who !== h.actor ? h.actor : undefined}>{h.who}</td>
                <td>{h.what ? `${h.actionLabel}: ${h.what}` : h.actionLabel}</td>
                <td>{h.oldText || '—'}</td>
                <td>{h.newText || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
