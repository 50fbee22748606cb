import { EVENT_LABELS } from '../../../shared/domain/review';
import { useApiValue } from '../hooks/useApiValue';
import './review-filters.css';

const TEXT = {
  heading: 'Lịch sử thay đổi (ai, khi nào, giá trị cũ → mới)',
  events: 'Biến động nhân khẩu, hộ',
  none: 'Chưa có thay đổi nào.',
  columns: { at: 'Thời điểm', actor: 'Người sửa', what: 'Nội dung', old: 'Giá trị cũ', next: 'Giá trị mới' },
  actions: { create: 'Tạo mới', update: 'Sửa', member_delete: 'Bỏ thành viên', classify: 'Phân loại lại', state: 'Bước rà soát', complaint: 'Khiếu nại', recheck: 'Phúc tra', event: 'Biến động' } as Record<string, string>,
};

const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const when = (iso: string): string => new Date(iso).toLocaleString('vi-VN');

/** Every audited change of a household and its members, and its recorded events. */
export function ChangeHistory({ householdId }: { householdId: number }) {
  const history = useApiValue('households.history', { householdId });
  const events = useApiValue('entry.events.list', { householdId });
  return (
    <section className="detail-section" aria-labelledby="changes-heading">
      <h3 id="changes-heading">{TEXT.heading}</h3>
      {!history.value?.length ? (
        <p className="muted">{TEXT.none}</p>
      ) : (
        <table className="changes">
          <thead>
            <tr>{Object.values(TEXT.columns).map((c) => <th key={c}>{c}</th>)}</tr>
          </thead>
          <tbody>
            {history.value.map((h, i) => (
              <tr key={i}>
                <td>{when(h.at)}</td>
                <td>{h.actor}</td>
                <td>{TEXT.actions[h.action] ?? h.action}{h.field ? `: ${h.field}` : ''}</td>
                <td>{show(h.oldValue)}</td>
                <td>{show(h.newValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!!events.value?.length && (
        <>
          <h4>{TEXT.events}</h4>
          <ul>
            {events.value.map((e) => <li key={e.id}>{e.occurredOn}: {EVENT_LABELS[e.kind]}{e.note ? ` (${e.note})` : ''}</li>)}
          </ul>
        </>
      )}
    </section>
  );
}
