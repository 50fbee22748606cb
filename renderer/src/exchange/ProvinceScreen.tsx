import { useState } from 'react';
import type { RoundSummary, UnitSummary } from '../../../shared/api/contract';
import type { CommuneReceipt } from '../../../shared/api/province';
import { unitName } from '../../../shared/domain/names';
import { formatDateTimeVi, formatNumberVi } from '../../../shared/text/format';
import { useChoice } from '../components/choice';
import { ErrorBanner } from '../components/ErrorBanner';
import { RoundPicker } from '../components/RoundPicker';
import { Button } from '../components/ui/Button';
import { DataTable, type Column } from '../components/ui/DataTable';
import { useApiValue } from '../hooks/useApiValue';
import './province.css';

/** A commune named as everywhere ("Xã Bình Mỹ"): its type from the round's units, "Xã" when unknown. */
type NameOf = (c: { code: string; name: string }) => string;
function namer(units: readonly UnitSummary[] | undefined): NameOf {
  const byCode = new Map((units ?? []).map((u) => [u.code, u]));
  return (c) => unitName({ type: byCode.get(c.code)?.type ?? 'xa', name: c.name });
}

/**
 * "Tỉnh nhận gói" (issue 13): for the chosen round (the shell's choice), each commune's package
 * received (when, from which office, by whom), the step its review has reached and its counts, the
 * communes not received yet; and, for a received commune, the engine's recomputation of its results
 * compared with the results it sent (each mismatch shown with both values; nothing is replaced).
 */
export function ProvinceScreen({ rounds }: { rounds: readonly RoundSummary[] }) {
  const { roundId } = useChoice();
  const receipts = useApiValue('province.receipts', rounds.length > 0 ? { roundId } : {});
  const units = useApiValue('units.communes', rounds.length > 0 ? { roundId } : null);
  const [chosen, setChosen] = useState<CommuneReceipt | null>(null);
  const r = receipts.value;
  const name = namer(units.value);
  const received = r?.communes.filter((c) => c.received) ?? [];
  const columns: Column<CommuneReceipt>[] = [
    { key: 'name', title: 'Xã', render: (c) => name(c) },
    { key: 'code', title: 'Mã xã', render: (c) => c.code, nowrap: true },
    { key: 'at', title: 'Nhận lúc', nowrap: true, render: (c) => `${formatDateTimeVi(c.last!.receivedAt)}${c.packages > 1 ? ` (${c.packages} gói)` : ''}` },
    { key: 'office', title: 'Từ đơn vị', render: (c) => c.last!.officeName },
    { key: 'by', title: 'Người lập gói', render: (c) => `${c.last!.createdBy}, ${formatDateTimeVi(c.last!.createdAt)}` },
    { key: 'step', title: 'Bước rà soát', render: (c) => c.stepLabel },
    { key: 'households', title: 'Số hộ', align: 'right', nowrap: true, render: (c) => formatNumberVi(c.households) },
    { key: 'members', title: 'Nhân khẩu', align: 'right', nowrap: true, render: (c) => formatNumberVi(c.members) },
    { key: 'poor', title: 'Hộ nghèo', align: 'right', nowrap: true, render: (c) => formatNumberVi(c.poor) },
    { key: 'nearPoor', title: 'Hộ cận nghèo', align: 'right', nowrap: true, render: (c) => formatNumberVi(c.nearPoor) },
    {
      key: 'check',
      title: 'Đối chiếu',
      render: (c) => (
        <Button onClick={() => setChosen(c)} aria-pressed={chosen?.communeId === c.communeId}>
          Tính lại và đối chiếu
        </Button>
      ),
    },
  ];
  return (
    <section className="page province-screen" aria-label="Tỉnh nhận gói">
      <header className="page-header">
        <h2>Tình hình nhận gói dữ liệu của các xã</h2>
      </header>
      {rounds.length > 0 && (
        <div className="toolbar">
          <RoundPicker rounds={rounds} />
        </div>
      )}
      {receipts.error && <ErrorBanner error={receipts.error} onRetry={receipts.retry} />}
      {receipts.loading && !r && <p>Đang tải…</p>}
      {r && !r.round && <p>Chưa có đợt rà soát nào của {r.office?.name ?? 'đơn vị này'}: hãy nhập gói dữ liệu của xã ở thẻ «Trao đổi gói».</p>}
      {r?.round && (
        <>
          <p>
            {r.round.title}: đã nhận gói của <strong>{formatNumberVi(r.totals.received)}</strong>/{formatNumberVi(r.totals.communes)} xã;{' '}
            {formatNumberVi(r.totals.households)} hộ, {formatNumberVi(r.totals.members)} nhân khẩu; {formatNumberVi(r.totals.poor)} hộ nghèo,{' '}
            {formatNumberVi(r.totals.nearPoor)} hộ cận nghèo.
          </p>
          <section className="province-section" aria-labelledby="province-received-title">
            <h3 id="province-received-title">Các xã đã gửi gói</h3>
            {received.length === 0 ? (
              <p className="muted province-none">Chưa nhận gói nào. Gói của xã được nhập ở thẻ «Trao đổi gói», mục «Nhập gói nhận được».</p>
            ) : (
              <DataTable columns={columns} rows={received} rowKey={(c) => c.communeId} />
            )}
          </section>
          {r.notReceived.length > 0 && (
            <section className="province-section" aria-labelledby="province-missing-title">
              <h3 id="province-missing-title">Chưa nhận gói của {formatNumberVi(r.notReceived.length)} xã</h3>
              <ul className="province-not-received">
                {r.notReceived.map((c) => (
                  <li key={c.code}>
                    {name(c)} <span className="muted">({c.code})</span>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {chosen && <Recompute roundId={r.round.id} commune={chosen} name={name(chosen)} />}
        </>
      )}
    </section>
  );
}

function Recompute({ roundId, commune, name }: { roundId: number; commune: CommuneReceipt; name: string }) {
  const result = useApiValue('province.recompute', { roundId, communeId: commune.communeId });
  const v = result.value;
  return (
    <section className="province-section province-recompute" aria-label={`Đối chiếu kết quả ${name}`}>
      <h3>
        Tính lại kết quả của {name} ({commune.code}) và đối chiếu với kết quả xã gửi
      </h3>
      {result.error && <ErrorBanner error={result.error} onRetry={result.retry} />}
      {result.loading && !v && <p>Đang tính lại…</p>}
      {v && (
        <>
          <p>
            Bộ tiêu chí {v.ruleSet.id}
            {v.ruleSet.version ? ` (phiên bản ${v.ruleSet.version})` : ''}: đã tính lại {formatNumberVi(v.checked)} hộ, {formatNumberVi(v.same)} hộ khớp,{' '}
            <strong>{formatNumberVi(v.mismatches.length)} hộ không khớp</strong>. Kết quả xã gửi được giữ nguyên; hộ không khớp cần xã kiểm tra lại phiếu.
            {v.transitionUnchecked > 0 && ` ${formatNumberVi(v.transitionUnchecked)} hộ chưa so được phần chuyển đổi vì dữ liệu ở tỉnh không có các đợt trước của hộ.`}
          </p>
          {v.mismatches.length > 0 && (
            <div className="table-scroll">
            <table className="data province-mismatches">
              <thead>
                <tr>
                  <th>Mã hộ</th>
                  <th>Chủ hộ</th>
                  <th>Nội dung</th>
                  <th>Xã gửi</th>
                  <th>Tỉnh tính lại</th>
                </tr>
              </thead>
              <tbody>
                {v.mismatches.flatMap((m) =>
                  m.fields.map((f, i) => (
                    <tr key={`${m.householdId}-${f.field}`} data-household={m.code}>
                      <td>{i === 0 ? m.code : ''}</td>
                      <td>{i === 0 ? m.headName : ''}</td>
                      <td>{f.label}</td>
                      <td>{f.stored === null ? '(trống)' : String(f.stored)}</td>
                      <td>{f.computed === null ? '(trống)' : String(f.computed)}</td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
