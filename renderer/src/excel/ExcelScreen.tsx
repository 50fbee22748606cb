import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import { EXCEL_EXPORT_DOCS, EXCEL_EXPORT_TITLES, type ExcelExportDoc, type ExcelImportResult } from '../../../shared/api/excel';
import type { JobStatus } from '../../../shared/api/jobs';
import { formatNumberVi } from '../../../shared/text/format';
import { ApiCallError, call, uploadFile } from '../api';
import { base64ToBlobUrl, jobFileUrl, saveUrl } from '../files';
import { jobActive, useJob } from '../hooks/useJob';
import { ErrorBanner } from '../components/ErrorBanner';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import './excel.css';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Saves a base64 file (a template) through the browser's download. */
function download(name: string, base64: string, mime = XLSX_MIME): void {
  saveUrl(name, base64ToBlobUrl(base64, mime));
}


function Progress({ job, onCancel }: { job: JobStatus; onCancel: () => void }) {
  const running = jobActive(job);
  return (
    <div className="excel-progress" aria-live="polite">
      {running && (
        <>
          <progress max={job.total || 1} value={job.done} />
          <span>{job.message || 'Đang xử lý…'}</span>
          <button type="button" onClick={onCancel}>
            Dừng
          </button>
        </>
      )}
      {job.state === 'cancelled' && <span role="status">Đã dừng, không có thay đổi nào được ghi.</span>}
      {job.state === 'failed' && (
        <div className="error-banner" role="alert">
          <strong>Không thực hiện được: </strong>
          {job.error?.message}
        </div>
      )}
    </div>
  );
}

function ImportPreview({ result }: { result: ExcelImportResult }) {
  const n = formatNumberVi;
  return (
    <div className="excel-preview">
      <table>
        <thead>
          <tr>
            <th />
            <th>Thêm mới</th>
            <th>Sửa</th>
            <th>Giữ nguyên</th>
            <th>Bỏ</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th>Hộ</th>
            <td>{n(result.households.created)}</td>
            <td>{n(result.households.updated)}</td>
            <td>{n(result.households.unchanged)}</td>
            <td />
          </tr>
          <tr>
            <th>Nhân khẩu</th>
            <td>{n(result.members.created)}</td>
            <td>{n(result.members.updated)}</td>
            <td>{n(result.members.unchanged)}</td>
            <td>{n(result.members.removed)}</td>
          </tr>
        </tbody>
      </table>
      <p>
        {n(result.rows)} dòng dữ liệu; {n(result.errors)} lỗi, {n(result.warnings)} cảnh báo.
        {result.villagesCreated.length > 0 && ` Thôn/ấp mới: ${result.villagesCreated.join(', ')}.`}
      </p>
      {result.changes.length > 0 && (
        <details className="excel-changes">
          <summary>Các hộ sẽ thêm mới hoặc sửa ({n(result.changes.length)}{result.changes.length >= 1000 ? '+' : ''})</summary>
          <ul>
            {result.changes.map((c, i) => (
              <li key={i}>
                {c.action === 'create' ? 'Thêm' : 'Sửa'} {c.code || `hộ ở dòng ${c.row}`} ({c.sheet}, dòng {c.row}): {c.fields.join(', ')}
              </li>
            ))}
          </ul>
        </details>
      )}
      {result.problems.length > 0 && (
        <table className="excel-problems">
          <thead>
            <tr>
              <th>Mức</th>
              <th>Trang</th>
              <th>Dòng</th>
              <th>Cột</th>
              <th>Nội dung</th>
            </tr>
          </thead>
          <tbody>
            {result.problems.map((p, i) => (
              <tr key={i} className={p.level === 'error' ? 'excel-error' : 'excel-warning'}>
                <td>{p.level === 'error' ? 'Lỗi' : 'Cảnh báo'}</td>
                <td>{p.sheet}</td>
                <td>{p.row ?? ''}</td>
                <td>{p.column ?? ''}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.problemCount > result.problems.length && <p>… và {n(result.problemCount - result.problems.length)} vấn đề khác (xem tệp lỗi).</p>}
    </div>
  );
}

/** An administrator loads a province's Phiếu B1 point table or Phiếu A list into a copy of a rule set. */
function RuleTableLoader() {
  const ruleSets = useApiValue('ruleSets.list', {});
  const [ruleSetId, setRuleSetId] = useState('');
  const [part, setPart] = useState<'b1PointTable' | 'screening'>('b1PointTable');
  const [documentName, setDocumentName] = useState('');
  const [date, setDate] = useState('');
  const [verified, setVerified] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const chosen = ruleSetId || ruleSets.value?.[0]?.id || '';
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || !chosen) return;
    setDone(null);
    setError(null);
    try {
      const saved = await uploadFile(file);
      const r = await call('excel.ruleTable.load', { ruleSetId: chosen, part, upload: saved.upload, document: documentName, date, verified });
      setDone(
        `Đã nạp ${r.items} mục vào bộ ${r.id}, phiên bản ${r.version} (${r.status === 'confirmed' ? 'đã đối chiếu văn bản' : 'chưa đối chiếu'}); dùng từ lần mở ứng dụng sau.`,
      );
    } catch (err) {
      setError(toCallError('excel.ruleTable.load', err));
    }
  };
  const template = async () => {
    try {
      const t = await call('excel.ruleTable.template', {});
      download(t.name, t.base64, t.mime);
    } catch (err) {
      setError(toCallError('excel.ruleTable.template', err));
    }
  };
  return (
    <details className="excel-ruletable">
      <summary>Nạp bảng điểm Phiếu B1 / danh mục Phiếu A từ Excel (quản trị viên)</summary>
      <div className="excel-actions">
        <label>
          Bộ tiêu chí
          <select value={chosen} onChange={(e) => setRuleSetId(e.target.value)}>
            {(ruleSets.value ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Bảng
          <select value={part} onChange={(e) => setPart(e.target.value as 'b1PointTable' | 'screening')}>
            <option value="b1PointTable">Bảng điểm Phiếu B1</option>
            <option value="screening">Danh mục Phiếu A</option>
          </select>
        </label>
        <label>
          Văn bản nguồn
          <input value={documentName} onChange={(e) => setDocumentName(e.target.value)} placeholder="Quyết định số …/QĐ-UBND" />
        </label>
        <label>
          Ngày văn bản
          <input type="date" value={date} onChange={(e) => setDate(e.target.value)} />
        </label>
        <label>
          <input type="checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)} /> Đã đối chiếu với văn bản có chữ ký
        </label>
        <label className="excel-file">
          Chọn tệp bảng…
          <input type="file" aria-label="Tệp bảng" accept=".xlsx" disabled={!documentName || !date || !chosen} onChange={(e) => void load(e)} />
        </label>
        <button type="button" onClick={() => void template()}>
          Tải mẫu bảng điểm B1
        </button>
      </div>
      {done && <p role="status">{done}</p>}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </details>
  );
}

/** Excel in and out: import a household list (preview, then all or nothing), the template, exports. */
export function ExcelScreen({ rounds }: { rounds: readonly RoundSummary[] }) {
  const [roundId, setRoundId] = useState(() => rounds.reduce((a, b) => (b.year > a.year ? b : a)).id);
  const communes = useApiValue('units.communes', { roundId });
  const [communeId, setCommuneId] = useState<number | null>(null);
  const commune = communes.value?.find((c) => c.id === communeId) ?? communes.value?.[0] ?? null;
  const round = rounds.find((r) => r.id === roundId);
  const importJob = useJob<'excel.import'>();
  const exportJob = useJob<'excel.export'>();
  const [upload, setUpload] = useState<{ token: string; name: string } | null>(null);
  const [callError, setCallError] = useState<ApiCallError | null>(null);
  /** Why the chosen file was not taken (too large, empty), as the core says it. */
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  const [doc, setDoc] = useState<ExcelExportDoc>('DS');

  const importResult: ExcelImportResult | null = importJob.job?.state === 'done' && importJob.job.kind === 'excel.import' ? importJob.job.result : null;
  const importRunning = jobActive(importJob.job);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file || !commune) return;
    setCallError(null);
    setFileProblem(null);
    try {
      // The file goes through the upload door (streamed, never base64 in JSON); the job gets its id.
      const saved = await uploadFile(file);
      setUpload({ token: saved.upload, name: file.name });
      await importJob.start({ kind: 'excel.import', input: { roundId, unitId: commune.id, upload: saved.upload, dryRun: true } });
    } catch (err) {
      const problem = err instanceof ApiCallError ? err.issues.find((i) => i.path === 'file') : undefined;
      if (problem) setFileProblem(problem.message);
      else setCallError(err instanceof ApiCallError ? err : toCallError('jobs.start', err));
    }
  };
  const commit = () => {
    if (upload && commune) void importJob.start({ kind: 'excel.import', input: { roundId, unitId: commune.id, upload: upload.token, dryRun: false } });
  };
  const fetchOutput = useCallback(async (jobId: string, name: string) => {
    try {
      const file = await jobFileUrl(jobId, name);
      saveUrl(file.name, file.url);
    } catch (err) {
      setCallError(err instanceof ApiCallError ? err : toCallError('jobs.output', err));
    }
  }, []);
  const template = async () => {
    try {
      const t = await call('excel.template', { roundId, ...(commune ? { communeId: commune.id } : {}) });
      download(t.name, t.base64, t.mime);
    } catch (err) {
      setCallError(toCallError('excel.template', err));
    }
  };
  const exportResult = exportJob.job?.state === 'done' && exportJob.job.kind === 'excel.export' ? exportJob.job.result : null;
  // Once per finished export: its file is saved.
  const exportedId = exportResult ? exportJob.job?.id : undefined;
  const exportedName = exportResult?.name;
  useEffect(() => {
    if (exportedId && exportedName) void fetchOutput(exportedId, exportedName);
  }, [exportedId, exportedName, fetchOutput]);

  return (
    <section className="excel-screen" aria-label="Trao đổi Excel">
      <div className="excel-target">
        <label>
          Đợt rà soát
          <select value={roundId} onChange={(e) => setRoundId(Number(e.target.value))}>
            {rounds.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Xã
          <select value={commune?.id ?? ''} onChange={(e) => setCommuneId(Number(e.target.value))}>
            {(communes.value ?? []).map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {callError && <ErrorBanner error={callError} onDismiss={() => setCallError(null)} />}

      <h2>Nhập danh sách hộ từ Excel</h2>
      <p>Mỗi dòng một người; dòng không có số hộ thuộc hộ ở trên. Ứng dụng cho xem trước, chưa ghi gì cho đến khi bấm “Ghi vào CSDL”.</p>
      <div className="excel-actions">
        <label className="excel-file">
          Chọn tệp .xlsx…
          <input type="file" aria-label="Tệp danh sách hộ" accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onChange={(e) => void choose(e)} disabled={importRunning || !commune || round?.locked} />
        </label>
        <button type="button" onClick={() => void template()}>
          Tải tệp mẫu
        </button>
        {round?.locked && <span>Đợt đã khóa: không nhập được.</span>}
      </div>
      {fileProblem && (
        <div className="error-banner" role="alert">
          <strong>Không nhận được tệp: </strong>
          {fileProblem}
        </div>
      )}
      {upload && <p>Tệp: {upload.name}</p>}
      {importJob.job && <Progress job={importJob.job} onCancel={() => void importJob.cancel()} />}
      {importJob.error && <ErrorBanner error={importJob.error} />}
      {importResult && (
        <>
          <ImportPreview result={importResult} />
          <div className="excel-actions">
            {importResult.dryRun && !importResult.refused && (
              <button type="button" className="primary" onClick={commit}>
                Ghi vào CSDL (sao lưu trước khi ghi)
              </button>
            )}
            {importResult.refused && <strong>Tệp có lỗi: sửa các dòng lỗi rồi nhập lại. Không có gì được ghi.</strong>}
            {importResult.imported && !importResult.dryRun && <strong role="status">Đã ghi vào CSDL.</strong>}
            {importResult.errorWorkbook && importJob.job && (
              <button type="button" onClick={() => void fetchOutput(importJob.job!.id, importResult.errorWorkbook!)}>
                Tải tệp các dòng lỗi
              </button>
            )}
          </div>
        </>
      )}

      <h2>Xuất danh sách ra Excel</h2>
      <div className="excel-actions">
        <select value={doc} onChange={(e) => setDoc(e.target.value as ExcelExportDoc)} aria-label="Danh sách">
          {EXCEL_EXPORT_DOCS.map((d) => (
            <option key={d} value={d}>
              {EXCEL_EXPORT_TITLES[d]}
            </option>
          ))}
        </select>
        <button type="button" disabled={!commune || jobActive(exportJob.job)} onClick={() => commune && void exportJob.start({ kind: 'excel.export', input: { roundId, unitId: commune.id, doc } })}>
          Xuất Excel
        </button>
      </div>
      {exportJob.job && <Progress job={exportJob.job} onCancel={() => void exportJob.cancel()} />}
      {exportJob.error && <ErrorBanner error={exportJob.error} />}
      {exportResult && (
        <p role="status">
          {exportResult.sheets !== undefined
            ? `Đã xuất ${formatNumberVi(exportResult.sheets)} biểu/danh sách, ${formatNumberVi(exportResult.rows ?? 0)} dòng (${exportResult.name}).`
            : `Đã xuất ${formatNumberVi(exportResult.households)} hộ, ${formatNumberVi(exportResult.members)} nhân khẩu (${exportResult.name}).`}
        </p>
      )}

      <RuleTableLoader />
    </section>
  );
}
