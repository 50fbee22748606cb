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
import { roundName } from '../../../shared/domain/names';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { call, type ApiCallError } from '../api';
import { useChoice } from '../components/choice';
import { DateTextBox } from '../components/DateTextBox';
import { ErrorBanner } from '../components/ErrorBanner';
import { RoundPicker } from '../components/RoundPicker';
import { CommunePicker } from '../components/UnitPicker';
import { PrintJobButton, usePrintJob } from '../components/use-print-job';
import { Badge } from '../components/ui/Badge';
import { Button } from '../components/ui/Button';
import { Field } from '../components/ui/Field';
import { Select } from '../components/ui/Select';
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
  if (rounds.length === 0) return <p className="page requests-screen">Chưa có đợt rà soát nào: hãy mở một đợt trên màn hình Quy trình rà soát.</p>;
  return <RequestsOfCommune rounds={rounds} />;
}

function RequestsOfCommune({ rounds }: Props) {
  // The shell's round and commune (the same on every tab); the requests are a commune's.
  const { roundId, communeId, setCommune } = useChoice();
  const [status, setStatus] = useState<RequestStatus | ''>('open');
  const [error, setError] = useState<ApiCallError | null>(null);
  const communes = useApiValue('units.communes', { roundId });
  // No commune chosen yet: the round's first one (the requests are kept per commune).
  const first = communes.value?.[0]?.id;
  useEffect(() => {
    if (communeId === null && first !== undefined) setCommune(first);
  }, [communeId, first, setCommune]);
  const list = useApiValue('requests.list', communeId ? { communeId, ...(status ? { status } : {}), today: today() } : null);
  const procedure = useApiValue('requests.procedure', {});
  const adhocRounds = rounds.filter((r) => r.kind === 'adhoc' && !r.locked);
  const done = list.retry;

  return (
    <section className="page requests-screen">
      <header className="page-header">
        <h2>Đề nghị hằng tháng (rà soát thường xuyên)</h2>
      </header>
      {procedure.value && (
        <p className="hint requests-intro" title={procedure.value.provenance.join('\n')}>
          Mỗi đơn (Mẫu số 01 hoặc 04) phải được giải quyết trong {procedure.value.settleDays} ngày kể từ {procedure.value.countFrom === 'received' ? 'ngày nhận đơn' : 'ngày bắt đầu rà soát thường xuyên trong tháng'}; báo cáo hằng
          tháng gửi trước ngày {procedure.value.reportDueDay} tháng sau.
        </p>
      )}
      <div className="toolbar">
        <RoundPicker rounds={rounds} />
        <CommunePicker empty="Chọn xã…" />
        <Field label="Tình trạng">
          <Select
            aria-label="Tình trạng"
            value={status}
            empty="Tất cả"
            onChange={(v) => setStatus(v as RequestStatus | '')}
            options={(Object.keys(REQUEST_STATUS_LABELS) as RequestStatus[]).map((s) => ({ value: s, label: REQUEST_STATUS_LABELS[s] }))}
          />
        </Field>
      </div>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {list.error && <ErrorBanner error={list.error} onRetry={done} />}
      <div className="table-scroll">
      <table className="data requests-table">
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
      </div>
      {communeId && <AddRequest communeId={communeId} roundId={roundId} onDone={done} onError={setError} />}
      {communeId && <MonthlyReport unitId={communeId} refresh={list.value} />}
    </section>
  );
}

function RequestLine({ r, adhocRounds, onDone, onError }: { r: RequestRow; adhocRounds: readonly RoundSummary[]; onDone: () => void; onError: (e: ApiCallError) => void }) {
  const [mode, setMode] = useState<'none' | 'accept' | 'refuse'>('none');
  const [settledOn, setSettledOn] = useState<string | null>(today());
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
            <Button onClick={() => setMode('accept')} disabled={adhocRounds.length === 0} title={adhocRounds.length === 0 ? 'Chưa có đợt rà soát thường xuyên nào đang mở: hãy mở một đợt.' : ''}>
              Nhận vào đợt
            </Button>{' '}
            <Button onClick={() => setMode('refuse')}>Không đồng ý…</Button>
          </>
        )}
        {mode !== 'none' && (
          <div className="settle-form">
            <DateTextBox label="Ngày giải quyết" value={settledOn} onChange={setSettledOn} />
            {mode === 'accept' && (
              <Field label="Đợt thường xuyên">
                <Select
                  aria-label="Đợt thường xuyên"
                  value={roundId === null ? '' : String(roundId)}
                  onChange={(v) => setRoundId(v === '' ? null : Number(v))}
                  options={adhocRounds.map((x) => ({ value: String(x.id), label: roundName(x) }))}
                />
              </Field>
            )}
            {mode === 'refuse' && (
              <Field label="Lý do (mỗi dòng một lý do)">
                <textarea className="control" rows={3} value={reasons} onChange={(e) => setReasons(e.target.value)} />
              </Field>
            )}
            <div className="button-row">
              <Button
                variant="primary"
                disabled={settledOn === null || (mode === 'accept' && roundId === null)}
                title={settledOn === null ? 'Nhập ngày giải quyết (dd/mm/yyyy).' : undefined}
                onClick={() => {
                  if (settledOn === null) return;
                  if (mode === 'accept') void run(() => call('requests.accept', { requestId: r.id, roundId: roundId ?? 0, settledOn }), 'requests.accept');
                  else void run(() => call('requests.refuse', { requestId: r.id, settledOn, reasons: reasons.split('\n').map((x) => x.trim()).filter(Boolean) }), 'requests.refuse');
                }}
              >
                Ghi
              </Button>
              <Button onClick={() => setMode('none')}>Thôi</Button>
            </div>
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
  const [receivedOn, setReceivedOn] = useState<string | null>(today());
  const [receivedBy, setReceivedBy] = useState('');
  const [reason, setReason] = useState('');
  const found = useApiValue('households.list', search.trim().length >= 2 ? { roundId, communeId, search, limit: 10 } : null);
  const save = async () => {
    if (receivedOn === null) return;
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
      <Field label="Tìm hộ đã có (mã hộ, tên chủ hộ)">
        <input className="control" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </Field>
      {found.value && (
        <Field label="Hộ">
          <Select
            aria-label="Hộ"
            value={householdId === null ? '' : String(householdId)}
            empty="— Hộ mới (chưa có trong danh sách) —"
            onChange={(v) => setHouseholdId(v ? Number(v) : null)}
            options={found.value.rows.map((h) => ({ value: String(h.id), label: `${h.code} — ${h.headName}` }))}
          />
        </Field>
      )}
      {householdId === null && (
        <>
          <Field label="Họ tên chủ hộ">
            <input className="control" value={headName} onChange={(e) => setHeadName(e.target.value)} />
          </Field>
          <Field label="Địa chỉ">
            <input className="control" value={address} onChange={(e) => setAddress(e.target.value)} />
          </Field>
        </>
      )}
      <Field label="Đề nghị">
        <Select
          aria-label="Đề nghị"
          value={purpose}
          onChange={(v) => setPurpose(v as RequestPurpose)}
          options={(Object.keys(REQUEST_PURPOSE_LABELS) as RequestPurpose[]).map((p) => ({ value: p, label: `${p === 'exit' ? 'Mẫu 04' : 'Mẫu 01'} — ${REQUEST_PURPOSE_LABELS[p]}` }))}
        />
      </Field>
      <DateTextBox label="Ngày nhận" value={receivedOn} onChange={setReceivedOn} />
      <Field label="Người nhận">
        <input className="control" value={receivedBy} onChange={(e) => setReceivedBy(e.target.value)} />
      </Field>
      <Field label="Lý do đề nghị">
        <input className="control" value={reason} onChange={(e) => setReason(e.target.value)} />
      </Field>
      <Button variant="primary" disabled={receivedOn === null} title={receivedOn === null ? 'Nhập ngày nhận đơn (dd/mm/yyyy).' : undefined} onClick={() => void save()}>
        Ghi đơn
      </Button>
    </fieldset>
  );
}

const MONTHS = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: `Tháng ${i + 1}` }));

function MonthlyReport({ unitId, refresh }: { unitId: number; refresh: unknown }) {
  const [monthNo, setMonthNo] = useState(() => Number(today().slice(5, 7)));
  const [yearText, setYearText] = useState(() => today().slice(0, 4));
  const year = /^\d{4}$/u.test(yearText.trim()) ? Number(yearText.trim()) : null;
  const month = year !== null && year >= 2000 && year <= 2100 ? `${year}-${String(monthNo).padStart(2, '0')}` : '';
  const figures = useApiValue('requests.monthly', /^\d{4}-\d{2}$/u.test(month) ? { unitId, month } : null);
  // The requests changed (one recorded or settled): the month's counts are asked again.
  const again = figures.retry;
  useEffect(() => again(), [refresh, again]);
  const report = usePrintJob<'requests.monthlyReport'>();
  const f = figures.value;
  return (
    <fieldset className="monthly-report">
      <legend>Báo cáo hằng tháng</legend>
      <Field label="Tháng">
        <Select aria-label="Tháng" value={String(monthNo)} onChange={(v) => setMonthNo(Number(v))} options={MONTHS} />
      </Field>
      <Field label="Năm" hint={month ? undefined : <span role="alert">Năm gõ đủ 4 chữ số, từ 2000 đến 2100 (ví dụ 2026).</span>}>
        <input className="control requests-year" inputMode="numeric" maxLength={4} value={yearText} aria-invalid={month ? undefined : true} onChange={(e) => setYearText(e.target.value)} />
      </Field>
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
      <PrintJobButton print={report} onStart={() => {
          if (month) void report.job.start({ kind: 'requests.monthlyReport', input: { unitId, month } });
        }}
      >
        In báo cáo tháng
      </PrintJobButton>
    </fieldset>
  );
}
