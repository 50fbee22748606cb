import { useState } from 'react';
import type { CommuneReceipt } from '../../../shared/api/province';
import { formatDateTimeVi, formatNumberVi } from '../../../shared/text/format';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApiValue } from '../hooks/useApiValue';

/**
 * "Tỉnh nhận gói" (issue 13): for the province's round, each commune's package received (when,
 * from which office, by whom), the step its review has reached and its counts, the communes not
 * received yet; and, for a received commune, the engine's recomputation of its results compared
 * with the results it sent (each mismatch shown with both values; nothing is replaced).
 */
export function ProvinceScreen() {
  const receipts = useApiValue('province.receipts', {});
  const [chosen, setChosen] = useState<CommuneReceipt | null>(null);
  const r = receipts.value;
  return (
    <section className="province-screen" aria-label="Tỉnh nhận gói">
      <h2>Tình hình nhận gói dữ liệu của các xã</h2>
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
          <table className="province-receipts">
            <thead>
              <tr>
                <th>Mã xã</th>
                <th>Tên xã</th>
                <th>Nhận lúc</th>
                <th>Từ đơn vị</th>
                <th>Người lập gói</th>
                <th>Bước rà soát</th>
                <th>Số hộ</th>
                <th>Nhân khẩu</th>
                <th>Hộ nghèo</th>
                <th>Hộ cận nghèo</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {r.communes
                .filter((c) => c.received)
                .map((c) => (
                  <tr key={c.communeId} data-commune={c.code}>
                    <td>{c.code}</td>
                    <td>{c.name}</td>
                    <td>
                      {formatDateTimeVi(c.last!.receivedAt)}
                      {c.packages > 1 ? ` (${c.packages} gói)` : ''}
                    </td>
                    <td>{c.last!.officeName}</td>
                    <td>
                      {c.last!.createdBy}, {formatDateTimeVi(c.last!.createdAt)}
                    </td>
                    <td>{c.stepLabel}</td>
                    <td>{formatNumberVi(c.households)}</td>
                    <td>{formatNumberVi(c.members)}</td>
                    <td>{formatNumberVi(c.poor)}</td>
                    <td>{formatNumberVi(c.nearPoor)}</td>
                    <td>
                      <button type="button" onClick={() => setChosen(c)}>
                        Tính lại và đối chiếu
                      </button>
                    </td>
                  </tr>
                ))}
            </tbody>
          </table>
          {r.notReceived.length > 0 && (
            <p className="province-not-received">
              Chưa nhận gói của {formatNumberVi(r.notReceived.length)} xã: {r.notReceived.map((c) => `${c.name} (${c.code})`).join(', ')}.
            </p>
          )}
          {chosen && <Recompute roundId={r.round.id} commune={chosen} />}
        </>
      )}
    </section>
  );
}

function Recompute({ roundId, commune }: { roundId: number; commune: CommuneReceipt }) {
  const result = useApiValue('province.recompute', { roundId, communeId: commune.communeId });
  const v = result.value;
  return (
    <section className="province-recompute" aria-label={`Đối chiếu kết quả xã ${commune.name}`}>
      <h3>
        Tính lại kết quả của xã {commune.name} ({commune.code}) và đối chiếu với kết quả xã gửi
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
            <table className="province-mismatches">
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
          )}
        </>
      )}
    </section>
  );
}
