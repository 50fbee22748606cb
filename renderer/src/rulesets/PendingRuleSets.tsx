import { useState } from 'react';
import type { PendingRuleSetView, RuleSetPending } from '../../../shared/api/contract';
import { formatDateVi } from '../../../shared/text/format';
import { call, type ApiCallError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { RuleSetChangesTable } from '../components/RuleSetChanges';
import { toCallError } from '../hooks/useApiValue';

/** This panel's words (Vietnamese). */
const T = {
  pendingTitle: 'Bộ tiêu chí trong thư mục dữ liệu đang chờ xác nhận',
  pendingIntro:
    'Các tệp dưới đây được đặt hoặc sửa trực tiếp trong thư mục standards/ cạnh dữ liệu, không qua ứng dụng. Ứng dụng CHƯA dùng chúng: ' +
    'vẫn dùng bộ tiêu chí đang áp dụng cho tới khi quản trị viên xem các thay đổi và bấm Xác nhận.',
  against: (p: PendingRuleSetView) =>
    p.against
      ? `So với bộ đang dùng (${p.against.source === 'shipped' ? 'bộ kèm theo ứng dụng' : 'bản đã xác nhận trong thư mục dữ liệu'}, phiên bản ${p.against.version})`
      : 'Bộ tiêu chí mới (chưa có bộ nào cùng mã)',
  file: 'Tệp',
  version: 'phiên bản',
  /** The changes table's last column. */
  afterColumn: 'Trong tệp',
  noChange: 'Nội dung giống bộ đang dùng.',
  confirm: 'Xác nhận dùng bộ tiêu chí này',
  confirming: 'Đang xác nhận…',
  confirmed: (id: string, version: string, by: string, at: string) => `Đã xác nhận ${id} phiên bản ${version} (${by}, ${at}). Ứng dụng dùng bộ này từ bây giờ.`,
  problemsTitle: 'Tệp bộ tiêu chí bị lỗi, không được dùng',
};

function PendingCard({ p, onConfirmed }: { p: PendingRuleSetView; onConfirmed: (message: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiCallError>();
  const confirm = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const c = await call('rulesets.confirm', { id: p.id, sha256: p.sha256 });
      onConfirmed(T.confirmed(c.id, c.version, c.confirmedBy, formatDateVi(c.confirmedAt.slice(0, 10))));
    } catch (e) {
      setError(toCallError('rulesets.confirm', e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card ruleset pending-ruleset" data-ruleset-id={p.id}>
      <h3>
        {p.title} <code>{p.id}</code> <span className="muted">{`${T.version} ${p.version}`}</span>
      </h3>
      <p className="muted">
        {T.file}: <code>{p.file}</code> · {T.against(p)}
      </p>
      {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
      {p.changes.length === 0 ? (
        <p>{T.noChange}</p>
      ) : (
        <RuleSetChangesTable changes={p.changes} afterLabel={T.afterColumn} />
      )}
      <button type="button" className="primary" disabled={busy} onClick={() => void confirm()}>
        {busy ? T.confirming : T.confirm}
      </button>
    </section>
  );
}

/** Administrator copies waiting for confirmation (with their changes), and the files left out. */
export function PendingRuleSets({ value, onChanged }: { value: RuleSetPending | undefined; onChanged: () => void }) {
  const [notice, setNotice] = useState<string>();
  return (
    <>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {value && value.pending.length > 0 && (
        <>
          <h3>{T.pendingTitle}</h3>
          <p className="muted">{T.pendingIntro}</p>
          {value.pending.map((p) => (
            <PendingCard
              key={`${p.file}:${p.sha256}`}
              p={p}
              onConfirmed={(m) => {
                setNotice(m);
                onChanged();
              }}
            />
          ))}
        </>
      )}
      {value && value.problems.length > 0 && (
        <section className="card ruleset-problems" role="alert">
          <h3>{T.problemsTitle}</h3>
          <ul>
            {value.problems.map((p) => (
              <li key={p.file}>
                <code>{p.file}</code>: {p.message}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
