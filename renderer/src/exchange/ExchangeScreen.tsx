import { useCallback, useEffect, useMemo, useRef, useState, type ChangeEvent, type FormEvent, type KeyboardEvent } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import {
  EXCHANGE_STATUSES,
  EXCHANGE_STATUS_LABELS,
  MAX_BATCH_PACKAGES,
  PACKAGE_PASSPHRASE_MIN,
  PACKAGE_PASSPHRASE_TOO_SHORT,
  type ExchangeHousehold,
  type ExchangeImportResult,
  type ExchangePreview,
  type ExchangeSide,
  type ExchangeStatus,
} from '../../../shared/api/exchange';
import type { JobStatus } from '../../../shared/api/jobs';
import { unitName } from '../../../shared/domain/names';
import { foldedIncludes } from '../../../shared/text/fold';
import { formatDateTimeVi, formatNumberVi } from '../../../shared/text/format';
import { roleMay, roleMayStartJob } from '../../../shared/api/permissions';
import { ApiCallError, call, uploadFile } from '../api';
import { useSession } from '../auth/context';
import { useChoice } from '../components/choice';
import { ErrorBanner } from '../components/ErrorBanner';
import { RoundPicker } from '../components/RoundPicker';
import { CommunePicker, useChosenCommune } from '../components/UnitPicker';
import { Button } from '../components/ui/Button';
import { Field } from '../components/ui/Field';
import { jobFileUrl, saveUrl } from '../files';
import { jobActive, useJob } from '../hooks/useJob';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import './exchange.css';

/** The codes whose message is the core's own one-line Vietnamese reason (shown as it is). */
const OWN_MESSAGE_CODES = new Set(['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'LIMIT_REACHED', 'ROUND_LOCKED', 'CONFLICT', 'BUSY']);

/** A refusal in one line: the core's reason (or the form's), else the banner by error code. */
function Refusal({ error, onDismiss }: { error: ApiCallError; onDismiss?: () => void }) {
  if (!OWN_MESSAGE_CODES.has(error.code)) return <ErrorBanner error={error} {...(onDismiss ? { onDismiss } : {})} />;
  // The core's own words, without the call's name and code that ApiCallError puts before them.
  const own = error.message.slice(`${error.method}: ${error.code}: `.length);
  const text = error.issues.length > 0 ? [...new Set(error.issues.map((i) => i.message))].join(' ') : own;
  return (
    <p className="exchange-refusal" role="alert">
      {text}
    </p>
  );
}

function JobProgress({ job, onCancel }: { job: JobStatus; onCancel: () => void }) {
  if (!jobActive(job)) {
    if (job.state === 'cancelled') return <p role="status">Đã dừng: chưa có gói nào được ghi.</p>;
    if (job.state === 'failed') {
      return (
        <p className="exchange-refusal" role="alert">
          {job.error?.message}
        </p>
      );
    }
    return null;
  }
  return (
    <div className="exchange-progress" aria-live="polite">
      <progress max={job.total || 1} value={job.done} aria-label="Tiến độ xuất gói" />
      <span>{job.message || 'Đang xử lý…'}</span>
      <button type="button" onClick={onCancel}>
        Dừng
      </button>
    </div>
  );
}

/** Export: one commune of one round, sealed with a passphrase typed twice; the file is downloaded. */
function ExportPanel({ rounds }: { rounds: readonly RoundSummary[] }) {
  // The shell's round and commune (the same on every tab).
  const { roundId, communeId, setCommune } = useChoice();
  const communes = useApiValue('units.communes', { roundId });
  const withHouseholds = (communes.value ?? []).filter((c) => c.householdCount > 0);
  const chosen = useChosenCommune();
  // No commune chosen yet: the round's first one that has households (a package of one commune).
  const firstWithHouseholds = withHouseholds[0]?.id;
  useEffect(() => {
    if (communeId === null && firstWithHouseholds !== undefined) setCommune(firstWithHouseholds);
  }, [communeId, firstWithHouseholds, setCommune]);
  const commune = chosen && chosen.householdCount > 0 ? chosen : null;
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<ApiCallError | null>(null);
  const job = useJob<'exchange.export'>();
  const result = job.job?.state === 'done' && job.job.kind === 'exchange.export' ? job.job.result : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!commune) return;
    if (pass.length < PACKAGE_PASSPHRASE_MIN) return setProblem(PACKAGE_PASSPHRASE_TOO_SHORT);
    if (pass !== again) return setProblem('Hai lần nhập mật khẩu không khớp: hãy nhập lại cho giống nhau.');
    setProblem(null);
    void job.start({ kind: 'exchange.export', input: { roundId, communeId: commune.id, passphrase: pass } });
    // The passphrase is not kept on the screen once the job has it.
    setPass('');
    setAgain('');
  };

  // Once per finished export: its file is saved.
  const doneId = result ? job.job?.id : undefined;
  const doneName = result?.name;
  useEffect(() => {
    if (!doneId || !doneName) return;
    jobFileUrl(doneId, doneName).then(
      (f) => saveUrl(f.name, f.url),
      (err: unknown) => setSaveError(err instanceof ApiCallError ? err : toCallError('jobs.output', err)),
    );
  }, [doneId, doneName]);

  return (
    <section className="exchange-panel" aria-labelledby="exchange-export-title">
      <h2 id="exchange-export-title">Xuất gói gửi đi</h2>
      <p className="muted">
        Một tệp cho một xã của một đợt: hộ, nhân khẩu, phiếu A, B1, B2, quy trình, kết quả và nhật ký. Tệp được mã hoá bằng mật khẩu; hãy báo mật khẩu cho nơi nhận qua đường khác (điện
        thoại), không gửi kèm tệp.
      </p>
      <form className="exchange-form" onSubmit={submit}>
        <RoundPicker rounds={rounds} />
        <CommunePicker empty="Chọn xã…" disabled={withHouseholds.length === 0} />
        <Field label="Mật khẩu của gói">
          <input className="control" type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
        </Field>
        <Field label="Nhập lại mật khẩu">
          <input className="control" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
        </Field>
        <Button type="submit" variant="primary" disabled={!commune || jobActive(job.job)}>
          Xuất gói
        </Button>
      </form>
      {chosen && <p className="muted">{`${unitName(chosen)}: ${formatNumberVi(chosen.householdCount)} hộ trong đợt này.`}</p>}
      {communes.value && withHouseholds.length === 0 && <p>Đợt này chưa có xã nào có hộ: chưa có gì để xuất.</p>}
      {communes.value && withHouseholds.length > 0 && chosen && chosen.householdCount === 0 && <p>{unitName(chosen)} chưa có hộ nào trong đợt này: hãy chọn xã khác.</p>}
      {communes.error && <ErrorBanner error={communes.error} onRetry={communes.retry} />}
      {problem && (
        <p className="exchange-refusal" role="alert">
          {problem}
        </p>
      )}
      {job.job && <JobProgress job={job.job} onCancel={() => void job.cancel()} />}
      {job.error && <Refusal error={job.error} />}
      {saveError && <Refusal error={saveError} />}
      {result && (
        <p role="status" className="exchange-done">
          Đã xuất gói {result.name}: xã {result.unit.name} ({result.unit.code}), đợt {result.year}, {formatNumberVi(result.households)} hộ, {formatNumberVi(result.members)} nhân
          khẩu. Tệp đã được tải về máy.
        </p>
      )}
    </section>
  );
}

const SIDE_LABELS: Record<ExchangeSide, string> = { ours: 'Của văn phòng này', theirs: 'Trong gói' };
type Choices = Record<string, Record<string, ExchangeSide>>;
/** The most households the table draws at once (the counts and the filter reach them all). */
const TABLE_LIMIT = 500;

/** One conflicting household: each field with both values, one side chosen per field. */
function ConflictHousehold({ household, choices, onChoose }: { household: ExchangeHousehold; choices: Choices; onChoose: (code: string, field: string, side: ExchangeSide) => void }) {
  const keyDown = (field: string) => (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === '1' || e.key === '2') {
      e.preventDefault();
      const side: ExchangeSide = e.key === '1' ? 'ours' : 'theirs';
      onChoose(household.code, field, side);
      // Focus follows the choice, as the arrows do.
      e.currentTarget.querySelector<HTMLInputElement>(`input[value="${side}"]`)?.focus();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      // On to the next field (or, after the last, to the import button).
      const groups = [...document.querySelectorAll<HTMLElement>('.exchange-field')];
      const next = groups[groups.indexOf(e.currentTarget) + 1];
      (next?.querySelector<HTMLInputElement>('input:checked') ?? document.querySelector<HTMLButtonElement>('.exchange-commit'))?.focus();
    }
  };
  return (
    <fieldset className="exchange-conflict">
      <legend>
        Hộ {household.code} – {household.headName}
        {household.village ? ` (${household.village})` : ''}
      </legend>
      <div className="exchange-conflict-all">
        <button type="button" onClick={() => household.fields.forEach((f) => onChoose(household.code, f.field, 'ours'))}>
          Giữ hết của văn phòng này
        </button>
        <button type="button" onClick={() => household.fields.forEach((f) => onChoose(household.code, f.field, 'theirs'))}>
          Lấy hết trong gói
        </button>
      </div>
      {household.fields.map((f) => {
        const chosen = choices[household.code]?.[f.field] ?? 'ours';
        return (
          <div key={f.field} className="exchange-field" role="radiogroup" aria-label={`${household.code}: ${f.label}`} onKeyDown={keyDown(f.field)} data-field={f.field}>
            <span className="exchange-field-label">{f.label}</span>
            {(['ours', 'theirs'] as const).map((side, i) => (
              <label key={side} className={`exchange-choice${chosen === side ? ' chosen' : ''}`}>
                <input type="radio" name={`${household.code}|${f.field}`} value={side} checked={chosen === side} onChange={() => onChoose(household.code, f.field, side)} />
                <span className="exchange-side">
                  {i + 1}. {SIDE_LABELS[side]}
                </span>
                <span className="exchange-value">{side === 'ours' ? f.oursText : f.theirsText}</span>
              </label>
            ))}
          </div>
        );
      })}
    </fieldset>
  );
}

function PreviewView({ preview, choices, onChoose }: { preview: ExchangePreview; choices: Choices; onChoose: (code: string, field: string, side: ExchangeSide) => void }) {
  const [status, setStatus] = useState<ExchangeStatus | ''>('');
  const [search, setSearch] = useState('');
  const shown = useMemo(
    () =>
      preview.households.filter(
        (h) => (!status || h.status === status) && (!search.trim() || foldedIncludes(`${h.code} ${h.headName} ${h.village}`, search.trim())),
      ),
    [preview.households, status, search],
  );
  const conflicts = preview.households.filter((h) => h.status === 'conflict');
  return (
    <div className="exchange-preview">
      <p>
        Gói <strong>{preview.fileName}</strong> của <strong>{preview.office.name}</strong>: xã {preview.unit.name} ({preview.unit.code}), đợt {preview.round.year}
        {preview.round.exists ? '' : ' (đợt chưa có ở đây: sẽ được tạo)'}; lập lúc {formatDateTimeVi(preview.createdAt)} bởi {preview.createdBy}.
      </p>
      <table className="exchange-counts">
        <thead>
          <tr>
            {EXCHANGE_STATUSES.map((s) => (
              <th key={s} scope="col">
                {EXCHANGE_STATUS_LABELS[s]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr>
            {EXCHANGE_STATUSES.map((s) => (
              <td key={s} data-status={s}>
                <button type="button" className={status === s ? 'chosen' : ''} onClick={() => setStatus(status === s ? '' : s)} aria-pressed={status === s} title="Lọc bảng theo trạng thái này">
                  {formatNumberVi(preview.counts[s])}
                </button>
              </td>
            ))}
          </tr>
        </tbody>
      </table>
      <div className="exchange-filter">
        <label>
          Trạng thái
          <select value={status} onChange={(e) => setStatus(e.target.value as ExchangeStatus | '')}>
            <option value="">Tất cả</option>
            {EXCHANGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {EXCHANGE_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Tìm hộ
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="mã hộ, tên chủ hộ, thôn" />
        </label>
        <span className="muted">
          {formatNumberVi(shown.length)} / {formatNumberVi(preview.households.length)} hộ
        </span>
      </div>
      <div className="exchange-table-wrap">
        <table className="exchange-households">
          <thead>
            <tr>
              <th scope="col">Mã hộ</th>
              <th scope="col">Chủ hộ</th>
              <th scope="col">Thôn</th>
              <th scope="col">Trạng thái</th>
            </tr>
          </thead>
          <tbody>
            {shown.slice(0, TABLE_LIMIT).map((h) => (
              <tr key={h.code} className={`status-${h.status}`}>
                <td>{h.code}</td>
                <td>{h.headName}</td>
                <td>{h.village}</td>
                <td>{EXCHANGE_STATUS_LABELS[h.status]}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {shown.length > TABLE_LIMIT && <p className="muted">… và {formatNumberVi(shown.length - TABLE_LIMIT)} hộ nữa: lọc hoặc tìm để xem.</p>}
      </div>
      {conflicts.length > 0 && (
        <section className="exchange-conflicts" aria-labelledby="exchange-conflicts-title">
          <h3 id="exchange-conflicts-title">Xung đột: {formatNumberVi(conflicts.length)} hộ được sửa ở cả hai nơi</h3>
          <p className="muted">
            Chọn từng trường giữ giá trị nào. Bàn phím: Tab hoặc mũi tên để di chuyển, phím 1 chọn “Của văn phòng này”, phím 2 chọn “Trong gói”, Enter sang trường kế tiếp. Chưa chọn thì
            giữ giá trị của văn phòng này. Lựa chọn được ghi vào nhật ký.
          </p>
          {conflicts.map((h) => (
            <ConflictHousehold key={h.code} household={h} choices={choices} onChoose={onChoose} />
          ))}
        </section>
      )}
    </div>
  );
}

/**
 * Import: choose the package file, type its passphrase, read the preview (nothing written), resolve
 * the conflicts field by field, then import (all or nothing, after a backup). Usable without a
 * round: the first package of a commune creates its round.
 */
export function ExchangeImportPanel({ onImported }: { onImported?: () => void }) {
  const [upload, setUpload] = useState<{ token: string; name: string } | null>(null);
  const [pass, setPass] = useState('');
  const [busy, setBusy] = useState<'upload' | 'preview' | 'import' | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [preview, setPreview] = useState<ExchangePreview | null>(null);
  const [choices, setChoices] = useState<Choices>({});
  const [result, setResult] = useState<ExchangeImportResult | null>(null);
  const passRef = useRef<HTMLInputElement>(null);

  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    setPreview(null);
    setResult(null);
    setBusy('upload');
    try {
      const saved = await uploadFile(file);
      setUpload({ token: saved.upload, name: file.name });
      passRef.current?.focus();
    } catch (err) {
      setUpload(null);
      setError(err instanceof ApiCallError ? err : toCallError('exchange.preview', err));
    } finally {
      setBusy(null);
    }
  };

  const look = async (e: FormEvent) => {
    e.preventDefault();
    if (!upload) return;
    setError(null);
    setResult(null);
    setBusy('preview');
    try {
      const p = await call('exchange.preview', { upload: upload.token, fileName: upload.name, passphrase: pass });
      setPreview(p);
      setChoices({});
    } catch (err) {
      setPreview(null);
      setError(toCallError('exchange.preview', err));
    } finally {
      setBusy(null);
    }
  };

  const onChoose = useCallback((code: string, field: string, side: ExchangeSide) => {
    setChoices((c) => ({ ...c, [code]: { ...c[code], [field]: side } }));
  }, []);

  const commit = async (force: boolean) => {
    if (!upload || !preview) return;
    setError(null);
    setBusy('import');
    try {
      // Every conflicting field is sent with the side shown on screen (the default included).
      const sent: Choices = {};
      for (const h of preview.households) {
        if (h.status !== 'conflict') continue;
        sent[h.code] = Object.fromEntries(h.fields.map((f) => [f.field, choices[h.code]?.[f.field] ?? 'ours']));
      }
      const r = await call('exchange.import', { upload: upload.token, fileName: upload.name, passphrase: pass, force, choices: sent });
      setResult(r);
      setPreview(null);
      setUpload(null);
      setPass('');
      onImported?.();
    } catch (err) {
      setError(toCallError('exchange.import', err));
    } finally {
      setBusy(null);
    }
  };

  const n = formatNumberVi;
  return (
    <section className="exchange-panel" aria-labelledby="exchange-import-title">
      <h2 id="exchange-import-title">Nhập gói nhận được</h2>
      <form className="exchange-form" onSubmit={(e) => void look(e)}>
        <label className="exchange-file">
          <span className="exchange-file-button">Chọn tệp gói…</span>
          <input type="file" className="exchange-file-input" aria-label="Tệp gói dữ liệu" accept=".pkg,application/octet-stream" onChange={(e) => void choose(e)} disabled={busy !== null} />
        </label>
        <span className="exchange-file-name">{busy === 'upload' ? 'Đang tải tệp lên…' : upload ? upload.name : 'Chưa chọn tệp nào'}</span>
        <Field label="Mật khẩu của gói">
          <input ref={passRef} type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)} />
        </Field>
        <button type="submit" disabled={!upload || busy !== null}>
          {busy === 'preview' ? 'Đang mở gói…' : 'Xem trước'}
        </button>
      </form>
      {error && <Refusal error={error} onDismiss={() => setError(null)} />}
      {preview && (
        <>
          <PreviewView preview={preview} choices={choices} onChoose={onChoose} />
          <div className="exchange-actions">
            {preview.alreadyImported ? (
              <p role="status">Gói này đã nhập trước đây: nhập lại không thay đổi gì.</p>
            ) : preview.older ? (
              <div className="exchange-older" role="alert">
                <p>{preview.older.message}</p>
                <button type="button" className="exchange-commit" disabled={busy !== null} onClick={() => void commit(true)}>
                  Vẫn nhập
                </button>
              </div>
            ) : (
              <button type="button" className="primary exchange-commit" disabled={busy !== null} onClick={() => void commit(false)}>
                {busy === 'import' ? 'Đang nhập…' : 'Nhập gói'}
              </button>
            )}
            <span className="muted">Nhập tất cả hoặc không gì cả; có bản sao lưu trước khi nhập.</span>
          </div>
        </>
      )}
      {result && (
        <div role="status" className="exchange-done">
          {result.imported ? (
            <p>
              Đã nhập gói{result.forced ? ' (nhập cả gói cũ hơn, theo yêu cầu)' : ''}: {n(result.counts.new)} hộ mới, {n(result.counts.changed)} hộ lấy theo gói, {n(result.counts.unchanged)}{' '}
              hộ không đổi, {n(result.counts.kept)} hộ giữ bản ở đây, {n(result.counts.conflict)} hộ xung đột ({n(result.choices.theirs)} trường lấy theo gói,{' '}
              {n(result.choices.ours)} trường giữ của văn phòng này).
              {result.backupName && ` Bản sao lưu trước khi nhập: ${result.backupName}.`}
            </p>
          ) : (
            <p>Gói này đã nhập trước đây: không có gì thay đổi.</p>
          )}
        </div>
      )}
    </section>
  );
}

/**
 * Many packages at once (a province receiving its communes' files): one passphrase, one backup
 * before the batch, each package all or nothing, a progress bar per package and a stop button;
 * a refused package is named with its reason and the others still go in. Conflicts keep this
 * office's values: a package with conflicts to resolve is imported alone, above, with its preview.
 */
export function BatchImportPanel({ onImported }: { onImported?: () => void }) {
  const [files, setFiles] = useState<File[]>([]);
  const [pass, setPass] = useState('');
  const [force, setForce] = useState(false);
  const [uploading, setUploading] = useState<{ done: number; total: number } | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const { job, error: jobError, start, cancel } = useJob<'exchange.importBatch'>();
  const result = job?.state === 'done' && job.kind === 'exchange.importBatch' ? job.result : null;
  const running = uploading !== null || jobActive(job);
  const finished = result ? job?.id : undefined;
  useEffect(() => {
    if (finished) onImported?.();
  }, [finished, onImported]);

  const choose = (e: ChangeEvent<HTMLInputElement>) => {
    const chosen = [...(e.target.files ?? [])];
    e.target.value = '';
    setFiles(chosen);
    setError(null);
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (files.length === 0 || running) return;
    setError(null);
    const packages: { upload: string; fileName: string }[] = [];
    try {
      for (const [i, file] of files.entries()) {
        setUploading({ done: i, total: files.length });
        packages.push({ upload: (await uploadFile(file)).upload, fileName: file.name });
      }
    } catch (err) {
      setError(err instanceof ApiCallError ? err : toCallError('jobs.start', err));
      return;
    } finally {
      setUploading(null);
    }
    void start({ kind: 'exchange.importBatch', input: { packages, passphrase: pass, force } });
    // The passphrase is not kept on the screen once the job has it.
    setPass('');
    setFiles([]);
  };

  const n = formatNumberVi;
  return (
    <section className="exchange-panel" aria-labelledby="exchange-batch-title">
      <h2 id="exchange-batch-title">Nhập nhiều gói cùng lúc</h2>
      <p className="muted">
        Cho tỉnh nhận gói của các xã (tối đa {MAX_BATCH_PACKAGES} gói một lần, cùng một mật khẩu): một bản sao lưu trước cả lô, mỗi gói nhập tất cả hoặc không gì; gói bị từ chối được
        nêu lý do, các gói khác vẫn nhập. Hộ xung đột giữ bản ở đây: gói cần chọn từng trường thì nhập riêng ở mục trên.
      </p>
      <form className="exchange-form" onSubmit={(e) => void submit(e)}>
        <label className="exchange-file">
          <span className="exchange-file-button">Chọn các tệp gói…</span>
          <input type="file" multiple className="exchange-file-input" aria-label="Các tệp gói dữ liệu" accept=".pkg,application/octet-stream" onChange={choose} disabled={running} />
        </label>
        <span className="exchange-file-name">{files.length === 0 ? 'Chưa chọn tệp nào' : `Đã chọn ${n(files.length)} tệp`}</span>
        <Field label="Mật khẩu của các gói">
          <input className="control" type="password" autoComplete="off" value={pass} onChange={(e) => setPass(e.target.value)} />
        </Field>
        <label className="exchange-force">
          <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} /> Nhập cả gói cũ hơn
        </label>
        <Button type="submit" variant="primary" disabled={files.length === 0 || running}>
          Nhập các gói
        </Button>
      </form>
      {uploading && (
        <p aria-live="polite">
          <progress max={uploading.total} value={uploading.done} aria-label="Đang tải tệp lên" /> Đang tải tệp lên {n(uploading.done + 1)}/{n(uploading.total)}…
        </p>
      )}
      {job && jobActive(job) && (
        <p aria-live="polite">
          <progress max={job.total || 1} value={job.done} aria-label="Đang nhập các gói" /> {job.message}{' '}
          <Button onClick={() => void cancel()}>Dừng sau gói đang nhập</Button>
        </p>
      )}
      {job?.state === 'failed' && (
        <p className="exchange-refusal" role="alert">
          {job.error?.message}
        </p>
      )}
      {error && <Refusal error={error} onDismiss={() => setError(null)} />}
      {jobError && <Refusal error={jobError} />}
      {result && (
        <div role="status" className="exchange-done">
          <p>
            Đã nhập {n(result.imported)} gói; {n(result.alreadyImported)} gói đã nhập trước đây (không đổi gì); {n(result.refused)} gói bị từ chối
            {result.skipped.length > 0 ? `; ${n(result.skipped.length)} gói chưa nhập vì đã dừng` : ''}.{result.backupName && ` Bản sao lưu trước khi nhập: ${result.backupName}.`}
          </p>
          <table className="data exchange-batch-result">
            <thead>
              <tr>
                <th>Tệp</th>
                <th>Xã</th>
                <th>Kết quả</th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((item, i) => (
                <tr key={`${i}-${item.fileName}`}>
                  <td>{item.fileName}</td>
                  <td>{item.unit ? `${item.unit.name} (${item.unit.code})` : ''}</td>
                  <td>
                    {!item.ok
                      ? `Từ chối: ${item.error ?? ''}`
                      : item.imported
                        ? `Đã nhập${item.forced ? ' (gói cũ hơn, theo yêu cầu)' : ''}: ${n(item.counts?.new ?? 0)} hộ mới, ${n(item.counts?.changed ?? 0)} hộ lấy theo gói, ${n(item.counts?.unchanged ?? 0)} hộ không đổi, ${n(item.counts?.conflict ?? 0)} hộ xung đột giữ bản ở đây`
                        : 'Đã nhập trước đây: không đổi gì'}
                  </td>
                </tr>
              ))}
              {result.skipped.map((name) => (
                <tr key={`skipped-${name}`}>
                  <td>{name}</td>
                  <td />
                  <td>Chưa nhập (đã dừng)</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** The exchange between offices: a package out (export), a package in (preview, conflicts, import). */
export function ExchangeScreen({ rounds, onImported }: { rounds: readonly RoundSummary[]; onImported?: () => void }) {
  const { user } = useSession();
  return (
    <section className="exchange-screen" aria-label="Trao đổi gói dữ liệu">
      <ExportPanel rounds={rounds} />
      {/* A leader exports; importing is the office's (admin, officer): the core checks it too. */}
      {roleMay(user.role, 'exchange.import') && <ExchangeImportPanel {...(onImported ? { onImported } : {})} />}
      {roleMayStartJob(user.role, 'exchange.importBatch') && <BatchImportPanel {...(onImported ? { onImported } : {})} />}
    </section>
  );
}
