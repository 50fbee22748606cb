import { useCallback, useEffect, useState } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import { EXCEL_EXPORT_DOCS, EXCEL_EXPORT_TITLES, type ExcelExportDoc, type ExcelImportResult } from '../../../shared/api/excel';
import { formatNumberVi } from '../../../shared/text/format';
import { ApiCallError, call, uploadFile } from '../api';
import { base64ToBlobUrl, jobFileUrl, saveUrl } from '../files';
import { jobActive, useJob } from '../hooks/useJob';
import { ErrorBanner } from '../components/ErrorBanner';
import { JobProgress } from '../components/JobProgress';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import { useChoice } from '../components/choice';
import { RoundPicker } from '../components/RoundPicker';
import { CommunePicker } from '../components/UnitPicker';
import { Button } from '../components/ui/Button';
import { Field } from '../components/ui/Field';
import { FilePicker } from '../components/ui/FilePicker';
import { Select } from '../components/ui/Select';
import { parseDateInput } from '../../../shared/entry/dates';
import { roundName } from '../../../shared/domain/names';
import './excel.css';

const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Saves a base64 file (a template) through the browser's download. */
function download(name: string, base64: string, mime = XLSX_MIME): void {
  saveUrl(name, base64ToBlobUrl(base64, mime));
}


function ImportPreview({ result }: { result: ExcelImportResult }) {
  const n = formatNumberVi;
  return (
    <div className="excel-preview">
      <table className="data excel-counts">
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
        <table className="data excel-problems">
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
  // The date as typed (dd/mm/yyyy, as every date of the app), sent as ISO.
  const parsedDate = parseDateInput(date);
  const isoDate = parsedDate.ok ? parsedDate.value : null;
  const dateProblem = parsedDate.ok ? undefined : parsedDate.message;
  const load = async (file: File | null) => {
    if (!file || !chosen) return;
    setDone(null);
    setError(null);
    try {
      const saved = await uploadFile(file);
      const r = await call('excel.ruleTable.load', { ruleSetId: chosen, part, upload: saved.upload, document: documentName, date: isoDate ?? '', verified });
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
      <div className="toolbar">
        <Field label="Bộ tiêu chí">
          <Select aria-label="Bộ tiêu chí" value={chosen} onChange={setRuleSetId} options={(ruleSets.value ?? []).map((r) => ({ value: r.id, label: r.title }))} />
        </Field>
        <Field label="Bảng">
          <Select
            aria-label="Bảng"
            value={part}
            onChange={(v) => setPart(v as 'b1PointTable' | 'screening')}
            options={[
              { value: 'b1PointTable', label: 'Bảng điểm Phiếu B1' },
              { value: 'screening', label: 'Danh mục Phiếu A' },
            ]}
          />
        </Field>
        <Field label="Văn bản nguồn">
          <input value={documentName} onChange={(e) => setDocumentName(e.target.value)} placeholder="Quyết định số …/QĐ-UBND" />
        </Field>
        <Field label="Ngày văn bản" hint={dateProblem}>
          <input value={date} placeholder="dd/mm/yyyy" inputMode="numeric" autoComplete="off" aria-invalid={dateProblem ? true : undefined} onChange={(e) => setDate(e.target.value)} />
        </Field>
        <label className="checkbox">
          <input type="checkbox" checked={verified} onChange={(e) => setVerified(e.target.checked)} /> Đã đối chiếu với văn bản có chữ ký
        </label>
      </div>
      <div className="toolbar">
        <FilePicker label="Tệp bảng" accept=".xlsx" disabled={!documentName || !isoDate || !chosen} onChange={(f) => void load(f)} />
        <Button onClick={() => void template()}>Tải mẫu bảng điểm B1</Button>
      </div>
      {done && <p role="status">{done}</p>}
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
    </details>
  );
}

/** Excel in and out: import a household list (preview, then all or nothing), the template, exports. */
export function ExcelScreen({ rounds }: { rounds: readonly RoundSummary[] }) {
  // The round and the commune are the shell's choice, shared with every tab.
  const { roundId, communeId } = useChoice();
  const communes = useApiValue('units.communes', { roundId });
  const commune = communes.value?.find((c) => c.id === communeId) ?? null;
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

  const choose = async (file: File | null) => {
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
      <div className="excel-target toolbar">
        <RoundPicker rounds={rounds} />
        <CommunePicker label="Xã/phường" empty="Chọn xã…" />
      </div>
      {callError && <ErrorBanner error={callError} onDismiss={() => setCallError(null)} />}

      <h2>Nhập danh sách hộ từ Excel</h2>
      <p>Mỗi dòng một người; dòng không có số hộ thuộc hộ ở trên. Ứng dụng cho xem trước, chưa ghi gì cho đến khi bấm “Ghi vào CSDL”.</p>
      <div className="toolbar">
        <FilePicker
          label="Tệp danh sách hộ"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(f) => void choose(f)}
          disabled={importRunning || !commune || round?.locked}
        />
        <Button onClick={() => void template()}>Tải tệp mẫu</Button>
        {!commune && <span className="hint">Chọn xã ở trên để nhập danh sách của xã.</span>}
        {round?.locked && <span className="hint">{roundName(round)} đã khoá: không nhập được.</span>}
      </div>
      {fileProblem && (
        <div className="error-banner" role="alert">
          <strong>Không nhận được tệp: </strong>
          {fileProblem}
        </div>
      )}
      {importJob.job && <JobProgress job={importJob.job} onCancel={() => void importJob.cancel()} />}
      {importJob.error && <ErrorBanner error={importJob.error} />}
      {importResult && (
        <>
          <ImportPreview result={importResult} />
          <div className="excel-actions">
            {importResult.dryRun && !importResult.refused && (
              <Button variant="primary" onClick={commit}>
                Ghi vào CSDL (sao lưu trước khi ghi)
              </Button>
            )}
            {importResult.refused && <strong>Tệp có lỗi: sửa các dòng lỗi rồi nhập lại. Không có gì được ghi.</strong>}
            {importResult.imported && !importResult.dryRun && <strong role="status">Đã ghi vào CSDL.</strong>}
            {importResult.errorWorkbook && importJob.job && (
              <Button onClick={() => void fetchOutput(importJob.job!.id, importResult.errorWorkbook!)}>Tải tệp các dòng lỗi</Button>
            )}
          </div>
        </>
      )}

      <h2>Xuất danh sách ra Excel</h2>
      <div className="toolbar">
        <Field label="Danh sách">
          <Select aria-label="Danh sách" value={doc} onChange={(v) => setDoc(v as ExcelExportDoc)} options={EXCEL_EXPORT_DOCS.map((d) => ({ value: d, label: EXCEL_EXPORT_TITLES[d] }))} />
        </Field>
        <Button variant="primary" disabled={!commune || jobActive(exportJob.job)} onClick={() => commune && void exportJob.start({ kind: 'excel.export', input: { roundId, unitId: commune.id, doc } })}>
          Xuất Excel
        </Button>
      </div>
      {exportJob.job && <JobProgress job={exportJob.job} onCancel={() => void exportJob.cancel()} />}
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
