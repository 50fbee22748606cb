// "Đề nghị hằng tháng": the monthly (ad hoc) review's requests (Mẫu 01 / 04) with their deadline,
// days left and an overdue badge; recording a request; settling it (accepted into an ad hoc
// round, or refused with reasons, then the refusal letter); the monthly report of changes.
import { useEffect, useState } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import {
  REQUEST_FORM_LABELS,
  REQUEST_PURPOSE_LABELS,
  REQUEST_STATUS_LABELS,
  type RequestPurpose,
  type RequestRow,
  type RequestStatus,
} from '../../../shared/api/requests';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { call, type ApiCallError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { IdSelect } from '../components/use-id-select';
import { PrintJobButton, usePrintJob } from '../components/use-print-job';
import { Badge } from '../components/ui/Badge';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import './requests.css';

interface Props {
  rounds: readonly RoundSummary[];
}

const today = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

/** The badge of a request: overdue, due soon (3 days or fewer), in time, or how it was settled. */
function deadlineBadge(r: RequestRow) {
  if (r.status !== 'open') return <Badge text={`${REQUEST_STATUS_LABELS[r.status]}${r.settledLate ? ' (quá hạn)' : ''}`} tone={r.settledLate ? 'near_poor' : 'none'} />;
  if (r.overdue) return <Badge text={`Quá hạn ${-(r.daysLeft ?? 0)} ngày`} tone="poor" />;
  if ((r.daysLeft ?? 0) <= 3) return <Badge text={`Còn ${r.daysLeft} ngày`} tone="near_poor" />;
  return <Badge text={`Còn ${r.daysLeft} ngày`} tone="neither" />;
}

export function RequestsScreen({ rounds }: Props) {
  const [roundId, setRoundId] = useState<number | null>(rounds[0]?.id ?? null);
  const [communeId, setCommuneId] = useState<number | null>(null);
  const [status, setStatus] = useState<RequestStatus | ''>('open');
  const [error, setError] = useState<ApiCallError | null>(null);
  const communes = useApiValue('units.communes', roundId ? { roundId } : null);
  useEffect(() => {
    if (communes.value && communes.value.length > 0 && !communes.value.some((c) => c.id === communeId)) setCommuneId(communes.value[0]!.id);
  }, [communes.value, communeId]);
  const list = useApiValue('requests.list', communeId ? { communeId, ...(status ? { status } : {}), today: today() } : null);
  const procedure = useApiValue('requests.procedure', {});
  const adhocRounds = rounds.filter((r) => r.kind === 'adhoc' && !r.locked);
  const done = list.retry;

  if (rounds.length === 0) return <p>Chưa có đợt rà soát nào: hãy mở một đợt trên màn hình Quy trình rà soát.</p>;
  return (
    <section className="requests-screen">
      <h2>Đề nghị hằng tháng (rà soát thường xuyên)</h2>
      {procedure.value && (
        <p className="hint" title={procedure.value.provenance.join('\n')}>
          Mỗi đơn (Mẫu số 01 hoặc 04) phải được giải quyết trong {procedure.value.settleDays} ngày kể từ {procedure.value.countFrom === 'received' ? 'ngày nhận đơn' : 'ngày bắt đầu rà soát thường xuyên trong tháng'}; báo cáo hằng
          tháng gửi trước ngày {procedure.value.reportDueDay} tháng sau.
        </p>
      )}
      <div className="toolbar">
        <label>
          Đợt (để chọn xã){' '}
          <IdSelect value={roundId} items={rounds} label={(r) => r.title} onChange={setRoundId} />
        </label>
        <label>
          Xã{' '}
          <IdSelect value={communeId} items={communes.value ?? []} label={(c) => c.fullName} onChange={setCommuneId} />
        </label>
        <label>
          Tình trạng{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as RequestStatus | '')}>
            <option value="">Tất cả</option>
            {(Object.keys(REQUEST_STATUS_LABELS) as RequestStatus[]).map((s) => (
              <option key={s} value={s}>
                {REQUEST_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {list.error && <ErrorBanner error={list.error} onRetry={done} />}
      <table className="data-table requests-table">
        <thead>
          <tr>
            <th>Chủ hộ</th>
            <th>Mẫu</th>
            <th>Đề nghị</th>
            <th>Nhận ngày</th>
            <th>Hạn giải quyết</th>
            <th>Tình trạng</th>
            <th>Giải quyết</th>
          </tr>
        </thead>
        <tbody>
          {(list.value ?? []).map((r) => (
            <RequestLine key={r.id} r={r} adhocRounds={adhocRounds} onDone={done} onError={setError} />
          ))}
          {list.value?.length === 0 && (
            <tr>
              <td colSpan={7}>Không có đơn đề nghị nào.</td>
            </tr>
          )}
        </tbody>
      </table>
      {communeId && roundId && <AddRequest communeId={communeId} roundId={roundId} onDone={done} onError={setError} />}
      {communeId && <MonthlyReport unitId={communeId} refresh={list.value} />}
    </section>
  );
}

function RequestLine({ r, adhocRounds, onDone, onError }: { r: RequestRow; adhocRounds: readonly RoundSummary[]; onDone: () => void; onError: (e: ApiCallError) => void }) {
  const [mode, setMode] = useState<'none' | 'accept' | 'refuse'>('none');
  const [settledOn, setSettledOn] = useState(today());
  const [roundId, setRoundId] = useState<number | null>(r.roundId ?? adhocRounds[0]?.id ?? null);
  const [reasons, setReasons] = useState('');
  const letter = usePrintJob<'requests.letter'>();
  const run = async (what: () => Promise<unknown>, method: 'requests.accept' | 'requests.refuse') => {
    try {
      await what();
      setMode('none');
      onDone();
    } catch (e) {
      onError(toCallError(method, e));
    }
  };
  return (
    <tr className={r.overdue ? 'request-overdue' : undefined}>
      <td>
        {r.headName}
        {r.householdCode ? ` (${r.householdCode})` : ' (hộ mới)'}
        <div className="hint">{r.address}</div>
      </td>
      <td title={REQUEST_FORM_LABELS[r.form]}>{r.form === 'M01' ? 'Mẫu 01' : 'Mẫu 04'}</td>
      <td>{REQUEST_PURPOSE_LABELS[r.purpose]}</td>
      <td>{formatDateVi(r.receivedOn)}</td>
      <td>{formatDateVi(r.deadline)}</td>
      <td>{deadlineBadge(r)}</td>
      <td>
        {r.status === 'open' && mode === 'none' && (
          <>
            <button type="button" onClick={() => setMode('accept')} disabled={adhocRounds.length === 0} title={adhocRounds.length === 0 ? 'Chưa có đợt rà soát thường xuyên nào đang mở: hãy mở một đợt.' : ''}>
              Nhận vào đợt
            </button>{' '}
            <button type="button" onClick={() => setMode('refuse')}>
              Không đồng ý…
            </button>
          </>
        )}
        {mode !== 'none' && (
          <div className="settle-form">
            <label>
              Ngày giải quyết <input type="date" value={settledOn} onChange={(e) => setSettledOn(e.target.value)} />
            </label>
            {mode === 'accept' && (
              <label>
                Đợt thường xuyên{' '}
                <IdSelect value={roundId} items={adhocRounds} label={(x) => x.title} onChange={setRoundId} />
              </label>
            )}
            {mode === 'refuse' && (
              <label>
                Lý do (mỗi dòng một lý do)
                <textarea rows={3} value={reasons} onChange={(e) => setReasons(e.target.value)} />
              </label>
            )}
            <button
              type="button"
              onClick={() =>
                mode === 'accept'
                  ? void run(() => call('requests.accept', { requestId: r.id, roundId: roundId ?? 0, settledOn }), 'requests.accept')
                  : void run(() => call('requests.refuse', { requestId: r.id, settledOn, reasons: reasons.split('\n').map((x) => x.trim()).filter(Boolean) }), 'requests.refuse')
              }
            >
              Ghi
            </button>{' '}
            <button type="button" onClick={() => setMode('none')}>
              Thôi
            </button>
          </div>
        )}
        {r.status === 'refused' && (
          <>
            <PrintJobButton print={letter} onStart={() => void letter.job.start({ kind: 'requests.letter', input: { requestId: r.id } })}>
              In thông báo trả lời
            </PrintJobButton>
          </>
        )}
      </td>
    </tr>
  );
}

function AddRequest({ communeId, roundId, onDone, onError }: { communeId: number; roundId: number; onDone: () => void; onError: (e: ApiCallError) => void }) {
  const [search, setSearch] = useState('');
  const [householdId, setHouseholdId] = useState<number | null>(null);
  const [headName, setHeadName] = useState('');
  const [address, setAddress] = useState('');
  const [purpose, setPurpose] = useState<RequestPurpose>('poverty');
  const [receivedOn, setReceivedOn] = useState(today());
  const [receivedBy, setReceivedBy] = useState('');
  const [reason, setReason] = useState('');
  const found = useApiValue('households.list', search.trim().length >= 2 ? { roundId, communeId, search, limit: 10 } : null);
  const save = async () => {
    try {
      await call('requests.add', { communeId, householdId, headName, address, form: purpose === 'exit' ? 'M04' : 'M01', purpose, receivedOn, receivedBy, reason });
      setSearch('');
      setHouseholdId(null);
      setHeadName('');
      setAddress('');
      setReason('');
      onDone();
    } catch (e) {
      onError(toCallError('requests.add', e));
    }
  };
  return (
    <fieldset className="add-request">
      <legend>Ghi đơn đề nghị mới</legend>
      <label>
        Tìm hộ đã có (mã hộ, tên chủ hộ) <input value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      {found.value && (
        <select value={householdId ?? ''} onChange={(e) => setHouseholdId(e.target.value ? Number(e.target.value) : null)}>
          <option value="">— Hộ mới (chưa có trong danh sách) —</option>
          {found.value.rows.map((h) => (
            <option key={h.id} value={h.id}>
              {h.code} — {h.headName}
            </option>
          ))}
        </select>
      )}
      {householdId === null && (
        <>
          <label>
            Họ tên chủ hộ <input value={headName} onChange={(e) => setHeadName(e.target.value)} />
          </label>
          <label>
            Địa chỉ <input value={address} onChange={(e) => setAddress(e.target.value)} />
          </label>
        </>
      )}
      <label>
        Đề nghị{' '}
        <select value={purpose} onChange={(e) => setPurpose(e.target.value as RequestPurpose)}>
          {(Object.keys(REQUEST_PURPOSE_LABELS) as RequestPurpose[]).map((p) => (
            <option key={p} value={p}>
              {p === 'exit' ? 'Mẫu 04' : 'Mẫu 01'} — {REQUEST_PURPOSE_LABELS[p]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Ngày nhận <input type="date" value={receivedOn} onChange={(e) => setReceivedOn(e.target.value)} />
      </label>
      <label>
        Người nhận <input value={receivedBy} onChange={(e) => setReceivedBy(e.target.value)} />
      </label>
      <label>
        Lý do đề nghị <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      <button type="button" onClick={() => void save()}>
        Ghi đơn
      </button>
    </fieldset>
  );
}

function MonthlyReport({ unitId, refresh }: { unitId: number; refresh: unknown }) {
  const [month, setMonth] = useState(today().slice(0, 7));
  const figures = useApiValue('requests.monthly', /^\d{4}-\d{2}$/u.test(month) ? { unitId, month } : null);
  // The requests changed (one recorded or settled): the month's counts are asked again.
  const again = figures.retry;
  useEffect(() => again(), [refresh, again]);
  const report = usePrintJob<'requests.monthlyReport'>();
  const f = figures.value;
  return (
    <fieldset className="monthly-report">
      <legend>Báo cáo hằng tháng</legend>
      <label>
        Tháng <input type="month" value={month} onChange={(e) => setMonth(e.target.value)} />
      </label>
      {figures.error && <ErrorBanner error={figures.error} />}
      {f && (
        <div>
          <p>
            Hạn gửi: {formatDateVi(f.dueOn)}
            {f.required ? '' : ' (tháng này không thuộc kỳ báo cáo bắt buộc, tháng 2 đến tháng 9)'}. Đơn nhận: {f.requests.received}; nhận vào đợt: {f.requests.accepted}; không đồng ý: {f.requests.refused}; đang giải quyết:{' '}
            {f.requests.open} (quá hạn {f.requests.overdue}).
          </p>
          <p>
            Hộ nghèo tăng {formatNumberVi(f.entered.poor)}, giảm {formatNumberVi(f.left.poor)}; hộ cận nghèo tăng {formatNumberVi(f.entered.nearPoor)}, giảm {formatNumberVi(f.left.nearPoor)}.
          </p>
        </div>
      )}
      <PrintJobButton print={report} onStart={() => void report.job.start({ kind: 'requests.monthlyReport', input: { unitId, month } })}>
        In báo cáo tháng
      </PrintJobButton>
    </fieldset>
  );
}
