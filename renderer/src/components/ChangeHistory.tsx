import { EVENT_LABELS } from '../../../shared/domain/review';
import { useApiValue } from '../hooks/useApiValue';
import './review-filters.css';

const TEXT = {
  heading: 'Lịch sử thay đổi (ai, khi nào, giá trị cũ → mới)',
  none: 'Chưa có thay đổi nào.',
  columns: { at: 'Thời điểm', actor: 'Người sửa', what: 'Nội dung', old: 'Giá trị cũ', next: 'Giá trị mới' },
  actions: { create: 'Tạo mới', update: 'Sửa', member_delete: 'Bỏ thành viên', classify: 'Phân loại lại', state: 'Bước rà soát', complaint: 'Khiếu nại', recheck: 'Phúc tra', event: 'Biến động' } as Record<string, string>,
};

const show = (v: unknown): string => (v === null || v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));
const when = (iso: string): string => new Date(iso).toLocaleString('vi-VN');

/** Every audited change of a household and its members (events are listed by HouseholdEvents). */
export function ChangeHistory({ householdId }: { householdId: number }) {
  const history = useApiValue('households.history', { householdId });
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
                <td>{TEXT.actions[h.action] ?? h.action}{h.field ? `: ${h.action === 'event' && h.field in EVENT_LABELS ? EVENT_LABELS[h.field as keyof typeof EVENT_LABELS] : h.field}` : ''}</td>
                <td>{show(h.oldValue)}</td>
                <td>{show(h.newValue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
