import { useEffect, useMemo, useState, type FormEvent } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import { OVERVIEW_STEPS, type CommuneOverview, type Overview, type TargetImportResult, type UnitProgress } from '../../../shared/api/overview';
import { roleMay, roleMayStartJob } from '../../../shared/api/permissions';
import { overviewCharts, percentVi } from '../../../shared/overview/charts';
import { CLASS_LABELS, STEP_LABELS, percent } from '../../../shared/overview/figures';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { ApiCallError, call, uploadFile } from '../api';
import { useSession } from '../auth/context';
import { useChoice } from '../components/choice';
import { ErrorBanner } from '../components/ErrorBanner';
import { RoundPicker } from '../components/RoundPicker';
import { CommunePicker, VillagePicker } from '../components/UnitPicker';
import { FilePicker } from '../components/ui/FilePicker';
import { useApiValue } from '../hooks/useApiValue';
import { jobActive, useJob } from '../hooks/useJob';
import { jobFileUrl, saveUrl } from '../files';
import { messages } from '../messages';
import { OverviewChart } from './OverviewChart';
import './overview.css';

interface Props {
  rounds: readonly RoundSummary[];
  openInEntry: (householdId: number) => void;
}

const n = formatNumberVi;
const step = (s: { done: number; of: number }): string => (s.of === 0 ? '–' : `${n(s.done)}/${n(s.of)}`);
const signed = (v: number | null): string => (v === null ? '–' : v === 0 ? 'không đổi' : `${v > 0 ? 'giảm' : 'tăng'} ${percentVi(Math.abs(v)).replace(' %', ' điểm %')}`);
const errorLines = (e: unknown): string[] =>
  e instanceof ApiCallError ? (e.issues.length ? e.issues.map((i) => i.message) : [messages.errorMessage(e.code)]) : [String(e)];

function daysText(days: number): string {
  if (days > 0) return `còn ${n(days)} ngày`;
  if (days === 0) return 'hôm nay';
  return `đã qua ${n(-days)} ngày`;
}

/** The "Tổng quan" tab: the chosen round and unit at a glance (issue 14). */
export function OverviewScreen({ rounds, openInEntry }: Props) {
  const { user } = useSession();
  const { roundId, communeId, villageId } = useChoice();
  const keyer = user.role === 'keyer';
  const input = keyer && villageId === null ? null : { roundId, ...(communeId !== null ? { communeId } : {}), ...(villageId !== null ? { villageId } : {}) };
  const overview = useApiValue('overview.get', input);
  const o = overview.value;
  const charts = useMemo(() => (o ? overviewCharts(o) : []), [o]);

  return (
    <section className="overview" aria-labelledby="ov-title">
      <header className="ov-header">
        <h2 id="ov-title">Tổng quan</h2>
        <RoundPicker rounds={rounds} label={messages.roundLabel} />
        <CommunePicker label={messages.communeLabel} empty={keyer ? 'Chọn xã…' : messages.allCommunes} />
        <VillagePicker label={messages.villageLabel} empty={keyer ? 'Chọn thôn/ấp…' : messages.allVillages} />
        {input !== null && roleMayStartJob(user.role, 'overview.report') && <ReportButton input={input} />}
      </header>
      {input === null && <p className="ov-note">Tài khoản nhập liệu xem tổng quan của từng thôn, ấp được giao: hãy chọn xã rồi chọn thôn, ấp của bạn.</p>}
      {overview.error && <ErrorBanner error={overview.error} onRetry={overview.retry} />}
      {input !== null && !o && !overview.error && <p className="muted">{messages.loading}</p>}
      {o && (
        <>
          <Deadlines o={o} />
          <Summary o={o} />
          <ProgressTable o={o} />
          <Attention o={o} openInEntry={openInEntry} />
          <section className="ov-section" aria-labelledby="ov-charts">
            <h3 id="ov-charts">Biểu đồ</h3>
            <p className="muted ov-hint">Mỗi biểu đồ có nhãn số trên cột, hoa văn phân biệt các chuỗi số liệu và bảng số liệu đi kèm; nhấn Tab để đi qua từng biểu đồ.</p>
            <div className="ov-charts">
              {charts.map((c) => (
                <OverviewChart key={c.id} spec={c} fileStem={`tong-quan-${o.round.year}`} />
              ))}
            </div>
          </section>
          {roleMay(user.role, 'overview.targets.set') && <Targets year={o.round.year} onChanged={overview.retry} />}
        </>
      )}
    </section>
  );
}

/** Prints the overview (figures, tables, the same charts) as a PDF in the core's worker, then saves it. */
function ReportButton({ input }: { input: { roundId: number; communeId?: number; villageId?: number } }) {
  const { job, error, start } = useJob<'overview.report'>();
  const [saved, setSaved] = useState<string | null>(null);
  useEffect(() => {
    if (job?.state !== 'done') return;
    void jobFileUrl(job.id).then(({ name, url }) => {
      saveUrl(name, url);
      setSaved(name);
    });
  }, [job?.state, job?.id]);
  return (
    <div className="ov-report">
      <button type="button" className="btn btn-plain" disabled={jobActive(job)} onClick={() => void start({ kind: 'overview.report', input })}>
        {jobActive(job) ? 'Đang dựng báo cáo…' : 'In báo cáo tổng quan (PDF)'}
      </button>
      {job?.state === 'failed' && <span className="ov-errors" role="alert">{job.error?.message ?? 'Không dựng được báo cáo.'}</span>}
      {error && <span className="ov-errors" role="alert">{messages.errorMessage(error.code)}</span>}
      {saved && job?.state === 'done' && <span className="muted" role="status">Đã lưu {saved}</span>}
    </div>
  );
}

function Deadlines({ o }: { o: Overview }) {
  return (
    <section className="ov-section" aria-labelledby="ov-deadlines">
      <h3 id="ov-deadlines">Thời hạn của đợt rà soát</h3>
      {o.deadlinesNote && <p className="muted">{o.deadlinesNote}</p>}
      <ul className="ov-deadlines">
        {o.deadlines.map((d) => (
          <li key={d.id} className={d.daysLeft < 0 ? 'ov-deadline past' : d.daysLeft <= 14 ? 'ov-deadline soon' : 'ov-deadline'} title={`Căn cứ: ${d.source}`}>
            <span className="ov-deadline-label">{d.label}</span>
            <strong>{formatDateVi(d.date)}</strong>
            <span>{daysText(d.daysLeft)}</span>
            {d.unverified && <span className="ov-unverified">cần kiểm tra lại căn cứ</span>}
          </li>
        ))}
      </ul>
      <p className="muted ov-hint">Tính đến ngày {formatDateVi(o.today)}.</p>
    </section>
  );
}

function Summary({ o }: { o: Overview }) {
  const c = o.total.counts;
  const ly = o.lastYear;
  return (
    <section className="ov-section" aria-labelledby="ov-summary">
      <h3 id="ov-summary">
        {o.scope.fullName} – {n(c.households)} hộ
      </h3>
      <dl className="ov-cards">
        {(['poor', 'near_poor', 'middle_income', 'escaped', 'fell_back', 'new'] as const).map((k) => (
          <div key={k} className="ov-card" data-class={k}>
            <dt>{CLASS_LABELS[k]}</dt>
            <dd>
              <strong>{n(c.classes[k])}</strong>
              {k === 'poor' && <span> ({percentVi(c.poorRate)})</span>}
              {k === 'near_poor' && <span> ({percentVi(c.nearPoorRate)})</span>}
            </dd>
          </div>
        ))}
        <div className="ov-card">
          <dt>Chưa phân loại</dt>
          <dd>
            <strong>{n(c.households - c.classified)}</strong>
          </dd>
        </div>
      </dl>
      {ly ? (
        <p className="ov-lastyear">
          So với năm {ly.year}: hộ nghèo {n(ly.poor)} ({percentVi(ly.poorRate)}) → {n(c.byStatus.poor)} ({percentVi(c.poorRate)}), {signed(ly.poorChange)}; hộ cận nghèo {n(ly.nearPoor)} (
          {percentVi(ly.nearPoorRate)}) → {n(c.byStatus.near_poor)} ({percentVi(c.nearPoorRate)}), {signed(ly.nearPoorChange)}.
          {ly.approximate && ' Có xã cũ được chia cho nhiều xã mới: số năm trước tính cả xã cũ đó.'}
        </p>
      ) : (
        <p className="muted">{o.scope.level === 'village' ? 'So sánh với năm trước được tính theo xã.' : 'Chưa có đợt rà soát định kỳ năm trước để so sánh.'}</p>
      )}
    </section>
  );
}

function targetText(c: CommuneOverview): string {
  if (!c.target) return '–';
  const t = c.target;
  const goal = `giảm ${percentVi(t.target.poorReduction).replace(' %', ' điểm %')}`;
  if (t.met === null) return `${goal}: chưa tính được`;
  return `${goal}: ${t.met ? 'đạt' : 'chưa đạt'} (${signed(t.poorAchieved)})`;
}

function ProgressTable({ o }: { o: Overview }) {
  const rows: (UnitProgress & { commune?: CommuneOverview })[] = o.scope.level === 'round' ? o.communes.map((c) => ({ ...c, commune: c })) : (o.communes[0]?.villages ?? []);
  const showCommune = o.scope.level === 'round';
  return (
    <section className="ov-section" aria-labelledby="ov-progress">
      <h3 id="ov-progress">Tiến độ theo {showCommune ? 'xã' : 'thôn, ấp'}</h3>
      <div className="table-scroll">
        <table className="data ov-progress">
          <thead>
            <tr>
              <th>{showCommune ? 'Xã/phường' : 'Thôn/ấp'}</th>
              <th>Số hộ</th>
              {OVERVIEW_STEPS.map((s) => (
                <th key={s}>{STEP_LABELS[s]}</th>
              ))}
              <th>Hộ nghèo</th>
              <th>Hộ cận nghèo</th>
              {showCommune && <th>So với năm trước</th>}
              {showCommune && <th>Chỉ tiêu giảm nghèo</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((u) => (
              <tr key={u.unitId}>
                <th scope="row">{u.fullName}</th>
                <td className="num">{n(u.counts.households)}</td>
                {OVERVIEW_STEPS.map((s) => (
                  <td key={s} className="num" title={`${STEP_LABELS[s]}: ${percentVi(percent(u.steps[s].done, u.steps[s].of))}`}>
                    {step(u.steps[s])}
                    {s === 'meeting' && u.meetingAgreed && <span className="ov-mark" title="Đã họp dân và thống nhất"> ✓</span>}
                    {s === 'decision' && u.decision && <span className="ov-mark" title={`Quyết định số ${u.decision.number}, ngày ${formatDateVi(u.decision.signedOn)}`}> ✓</span>}
                  </td>
                ))}
                <td className="num">
                  {n(u.counts.byStatus.poor)} ({percentVi(u.counts.poorRate)})
                </td>
                <td className="num">
                  {n(u.counts.byStatus.near_poor)} ({percentVi(u.counts.nearPoorRate)})
                </td>
                {showCommune && <td>{u.commune?.lastYear ? `hộ nghèo ${signed(u.commune.lastYear.poorChange)}` : '–'}</td>}
                {showCommune && <td className={u.commune?.target?.met === false ? 'ov-missed' : undefined}>{u.commune ? targetText(u.commune) : '–'}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Attention({ o, openInEntry }: { o: Overview; openInEntry: (id: number) => void }) {
  return (
    <section className="ov-section" aria-labelledby="ov-attention">
      <h3 id="ov-attention">Hộ cần xem lại ({n(o.attentionTotal)})</h3>
      {o.attentionTotal === 0 ? (
        <p className="muted">Không có hộ nào có cảnh báo hoặc chưa được chấm điểm.</p>
      ) : (
        <>
          <p className="muted ov-hint">Hộ có cảnh báo khi nhập phiếu, hoặc trong danh sách rà soát mà chưa chấm điểm. Nhấn Enter trên một hộ để mở phiếu ở màn hình Nhập phiếu.</p>
          {o.attentionTotal > o.attention.length && <p className="muted">Hiện {n(o.attention.length)} hộ đầu tiên; chọn một xã hoặc thôn để xem các hộ còn lại.</p>}
          <ul className="ov-attention" aria-label="Hộ cần xem lại">
            {o.attention.map((h) => (
              <li key={h.householdId}>
                <button type="button" className="link-button ov-household" data-household-id={h.householdId} onClick={() => openInEntry(h.householdId)}>
                  <span className="ov-code">{h.code}</span>
                  <span className="ov-name">{h.headName || '(chưa ghi tên chủ hộ)'}</span>
                  <span className="ov-place">
                    {h.villageName || 'chưa ghi thôn'}, {h.communeName}
                  </span>
                  <span className="ov-why">
                    {[h.warnings > 0 ? `${n(h.warnings)} cảnh báo` : null, h.unscored === 'no_result' ? 'chưa chấm điểm' : h.unscored === 'changed' ? 'phiếu sửa sau khi phân loại' : null].filter(Boolean).join(', ')}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function Targets({ year, onChanged }: { year: number; onChanged: () => void }) {
  const targets = useApiValue('overview.targets.list', { year });
  const [form, setForm] = useState({ communeCode: '', poorReduction: '', nearPoorReduction: '', note: '' });
  const [lines, setLines] = useState<{ ok: boolean; text: string[] } | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [imported, setImported] = useState<TargetImportResult | null>(null);
  const num = (v: string): number | null => (v.trim() === '' ? null : Number(v.trim().replace(',', '.')));
  const save = async (e: FormEvent) => {
    e.preventDefault();
    const poor = num(form.poorReduction);
    const near = num(form.nearPoorReduction);
    if (poor === null || Number.isNaN(poor) || (near !== null && Number.isNaN(near))) {
      setLines({ ok: false, text: ['Chỉ tiêu phải là một số điểm %, ví dụ 1,5.'] });
      return;
    }
    try {
      const t = await call('overview.targets.set', { communeCode: form.communeCode.trim(), year, poorReduction: poor, nearPoorReduction: near, note: form.note });
      setLines({ ok: true, text: [`Đã lưu chỉ tiêu năm ${t.year} của ${t.communeName || t.communeCode}.`] });
      targets.retry();
      onChanged();
    } catch (err) {
      setLines({ ok: false, text: errorLines(err) });
    }
  };
  const runImport = async (preview: boolean) => {
    if (!file) return;
    try {
      const { upload } = await uploadFile(file);
      const r = await call('overview.targets.import', { upload, preview });
      setImported(r);
      if (!preview) {
        targets.retry();
        onChanged();
      }
    } catch (err) {
      setLines({ ok: false, text: errorLines(err) });
    }
  };
  const remove = async (communeCode: string) => {
    await call('overview.targets.delete', { communeCode, year });
    targets.retry();
    onChanged();
  };
  return (
    <section className="ov-section" aria-labelledby="ov-targets">
      <h3 id="ov-targets">Chỉ tiêu giảm nghèo năm {year}</h3>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr>
              <th>Mã xã</th>
              <th>Xã/phường</th>
              <th>Giảm tỷ lệ hộ nghèo</th>
              <th>Giảm tỷ lệ hộ cận nghèo</th>
              <th>Ghi chú</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {(targets.value ?? []).map((t) => (
              <tr key={t.id}>
                <td>{t.communeCode}</td>
                <td>{t.communeName}</td>
                <td className="num">{percentVi(t.poorReduction).replace(' %', ' điểm %')}</td>
                <td className="num">{t.nearPoorReduction === null ? '–' : percentVi(t.nearPoorReduction).replace(' %', ' điểm %')}</td>
                <td>{t.note}</td>
                <td>
                  <button type="button" className="btn btn-plain" onClick={() => void remove(t.communeCode)}>
                    Xoá
                  </button>
                </td>
              </tr>
            ))}
            {targets.value?.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  Chưa có chỉ tiêu nào cho năm {year}.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <form className="ov-target-form" onSubmit={(e) => void save(e)}>
        <label className="ui-field">
          <span className="ui-field-label">Mã xã</span>
          <input value={form.communeCode} inputMode="numeric" maxLength={5} placeholder="5 chữ số" onChange={(e) => setForm({ ...form, communeCode: e.target.value })} />
        </label>
        <label className="ui-field">
          <span className="ui-field-label">Giảm tỷ lệ hộ nghèo (điểm %)</span>
          <input value={form.poorReduction} inputMode="decimal" placeholder="ví dụ 1,5" onChange={(e) => setForm({ ...form, poorReduction: e.target.value })} />
        </label>
        <label className="ui-field">
          <span className="ui-field-label">Giảm tỷ lệ hộ cận nghèo (điểm %)</span>
          <input value={form.nearPoorReduction} inputMode="decimal" placeholder="không bắt buộc" onChange={(e) => setForm({ ...form, nearPoorReduction: e.target.value })} />
        </label>
        <label className="ui-field">
          <span className="ui-field-label">Ghi chú</span>
          <input value={form.note} maxLength={300} onChange={(e) => setForm({ ...form, note: e.target.value })} />
        </label>
        <button type="submit" className="btn btn-primary">
          Lưu chỉ tiêu
        </button>
      </form>
      {lines && (
        <ul className={lines.ok ? 'ov-ok' : 'ov-errors'} role={lines.ok ? 'status' : 'alert'}>
          {lines.text.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      <div className="ov-import">
        <FilePicker label="Nhập chỉ tiêu từ tệp Excel (cột Mã xã, Năm, Chỉ tiêu giảm tỷ lệ hộ nghèo (điểm %)…)" accept=".xlsx" onChange={setFile} />
        <button type="button" className="btn btn-plain" disabled={!file} onClick={() => void runImport(true)}>
          Kiểm tra tệp
        </button>
        <button type="button" className="btn btn-primary" disabled={!file} onClick={() => void runImport(false)}>
          Nhập các dòng đúng
        </button>
      </div>
      {imported && (
        <div className="ov-import-result" role="status">
          {imported.message && <p>{imported.message}</p>}
          <p>
            {imported.written > 0 ? `Đã nhập ${n(imported.written)} dòng.` : `${n(imported.rows.length - imported.problems)} dòng đúng, chưa nhập.`}{' '}
            {imported.problems > 0 && `${n(imported.problems)} dòng có lỗi, chưa nhập (sửa trong tệp rồi nhập lại):`}
          </p>
          <ul className="ov-errors">
            {imported.rows
              .filter((r) => r.problem)
              .map((r) => (
                <li key={r.line}>{r.problem}</li>
              ))}
          </ul>
        </div>
      )}
    </section>
  );
}
