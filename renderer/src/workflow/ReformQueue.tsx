import { useState } from 'react';
import type { ReformQueueItem } from '../../../shared/api/reform';
import { formatNumberVi } from '../../../shared/text/format';
import { ApiCallError, call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';

const TITLE = 'Hộ chờ chuyển xã mới (sắp xếp đơn vị hành chính 1/7/2025)';

const errorText = (e: unknown): string =>
  e instanceof ApiCallError ? (e.issues.length ? e.issues.map((i) => i.message).join(' ') : messages.errorMessage(e.code)) : String(e);

interface Props {
  roundId: number;
  /** Households were copied into the round: reload what counts them. */
  onAssigned?: () => void;
}

/**
 * The households of a round on the new map that wait (reform.queue): those of an old commune
 * divided between several new ones, by village, until the officer assigns each village to one new
 * commune (once; remembered for later rounds and imports); and those that now belong to a commune
 * outside the office's unit. Nothing shows when nothing waits.
 */
export function ReformQueue({ roundId, onAssigned }: Props) {
  const queue = useApiValue('reform.queue', { roundId });
  const [done, setDone] = useState<string | null>(null);
  if (queue.error) return <ErrorBanner error={queue.error} onRetry={queue.retry} />;
  const q = queue.value;
  if (!q || (q.total === 0 && done === null)) return null;
  return (
    <section className="paper wf-step" aria-label={TITLE}>
      <h3>{TITLE}</h3>
      {done && <p role="status">{done}</p>}
      {q.waiting.length > 0 && (
        <>
          <p>
            {formatNumberVi(q.waiting.reduce((n, w) => n + w.households, 0))} hộ của xã cũ đã được chia cho nhiều xã mới chưa có trong đợt này. Chọn xã mới cho từng
            thôn/ấp (mỗi thôn/ấp chọn một lần, ứng dụng ghi nhớ cho các đợt sau và khi nhập Excel); các hộ sẽ được chuyển vào thôn/ấp cùng tên của xã mới.
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Xã cũ</th>
                <th scope="col">Thôn/ấp cũ</th>
                <th scope="col">Số hộ</th>
                <th scope="col">Chuyển về xã mới</th>
              </tr>
            </thead>
            <tbody>
              {q.waiting.map((w) => (
                <WaitingRow
                  key={`${w.oldCommune.id}-${w.oldVillage?.id ?? 0}`}
                  roundId={roundId}
                  item={w}
                  onAssigned={(text) => {
                    setDone(text);
                    queue.retry();
                    onAssigned?.();
                  }}
                />
              ))}
            </tbody>
          </table>
        </>
      )}
      {q.outside.length > 0 && (
        <>
          <p>Các hộ sau nay thuộc xã ngoài đơn vị của cơ quan nên không được đưa vào đợt này (vẫn được giữ, không bị xoá):</p>
          <ul>
            {q.outside.map((o) => (
              <li key={`${o.oldCommune.id}-${o.oldVillage?.id ?? 0}-${o.newCommune?.id ?? 0}`}>
                {o.oldVillage ? `${o.oldVillage.fullName}, ` : ''}
                {o.oldCommune.fullName} cũ → {o.newCommune?.fullName ?? 'chưa rõ'}: {formatNumberVi(o.households)} hộ
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function WaitingRow({ roundId, item, onAssigned }: { roundId: number; item: ReformQueueItem; onAssigned: (text: string) => void }) {
  const [choice, setChoice] = useState<number | ''>('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const village = item.oldVillage?.fullName ?? 'Không ghi thôn/ấp';
  const assign = async () => {
    if (choice === '') return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('reform.assign', { roundId, oldCommuneId: item.oldCommune.id, oldVillageId: item.oldVillage?.id ?? null, newCommuneId: choice });
      const target = item.candidates.find((c) => c.id === choice)?.fullName ?? '';
      onAssigned(
        r.outside
          ? `${village} (${item.oldCommune.fullName} cũ) đã giao cho ${target}, ngoài đơn vị của cơ quan: các hộ không đưa vào đợt này.`
          : `Đã chuyển ${formatNumberVi(r.copied)} hộ của ${village} (${item.oldCommune.fullName} cũ) về ${r.newVillage ? `${r.newVillage.fullName}, ` : ''}${target}.`,
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <tr>
      <td>{item.oldCommune.fullName}</td>
      <td>{village}</td>
      <td>{formatNumberVi(item.households)}</td>
      <td>
        <select aria-label={`Xã mới cho ${village}`} value={choice} onChange={(e) => setChoice(e.target.value === '' ? '' : Number(e.target.value))}>
          <option value="">— chọn xã mới —</option>
          {item.candidates.map((c) => (
            <option key={c.id} value={c.id}>
              {c.fullName}
            </option>
          ))}
        </select>{' '}
        <button type="button" disabled={busy || choice === ''} title={choice === '' ? 'Chọn xã mới trước' : undefined} onClick={() => void assign()}>
          Chuyển
        </button>
        {error && <p role="alert">{error}</p>}
      </td>
    </tr>
  );
}
