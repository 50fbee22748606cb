import { useEffect, useState } from 'react';
import type { ApiInput } from '../../../shared/api/contract';
import type { PublishedB1Table, PublishedCounts, PublishedCurrentView, PublishedPreview } from '../../../shared/api/published';
import { STATUSES } from '../../../shared/engine/ruleset';
import { parseDateInput } from '../../../shared/entry/dates';
import { STATUS_LABELS } from '../../../shared/glossary';
import { formatDateVi, formatNumberVi } from '../../../shared/text/format';
import { call, type ApiCallError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { RuleSetChangesTable } from '../components/RuleSetChanges';
import { Button } from '../components/ui/Button';
import { Field } from '../components/ui/Field';
import { Select } from '../components/ui/Select';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import { B1TableEditor } from './B1TableEditor';
import { parseNumberVi, textsOf, typedTable } from './b1-table';
import './published.css';

/**
 * Giá trị công bố (issue 15 item 3): an administrator types the values a ministry or a province
 * publishes, with the document, previews the new version of the rule set (its changes, the
 * classes of a sample of households before and after) and saves it; it is used at once. The
 * points of the B1 table are typed cell by cell (B1TableEditor) and sent whole as
 * values.b1PointTable when a cell changed; its items and options, and the Phiếu A items, are
 * loaded from Excel (tab Excel, excel.ruleTable.load).
 */

const T = {
  title: 'Giá trị công bố của bộ tiêu chí',
  intro:
    'Nhập các giá trị do Bộ hoặc tỉnh công bố, kèm số và ngày văn bản. Ứng dụng tạo một phiên bản mới của bộ tiêu chí, kiểm tra như một tệp bộ tiêu chí, ' +
    'cho xem trước thay đổi trên một mẫu hộ rồi mới lưu. Kết quả đã phân loại trước đó vẫn ghi phiên bản cũ.',
  ruleSet: 'Bộ tiêu chí',
  pick: 'Chọn bộ tiêu chí…',
  now: 'Đang dùng',
  unknown: 'chưa công bố',
  scoreA: 'Ngưỡng điểm A (Phiếu B1)',
  middle: 'Khoảng thu nhập hộ có mức sống trung bình (đồng/người/tháng)',
  above: 'trên',
  atMost: 'đến',
  posting: 'Số ngày niêm yết (ngày làm việc)',
  doc: 'Văn bản công bố',
  docNumber: 'Số văn bản',
  docDate: 'Ngày văn bản',
  issuer: 'Cơ quan ban hành',
  b1: 'Bảng điểm Phiếu B1',
  b1Now: (items: number, regions: number) => `${formatNumberVi(items)} câu hỏi, ${formatNumberVi(regions)} vùng`,
  phieuA: 'Danh mục câu hỏi Phiếu A: nạp từ tệp Excel ở tab Excel, mục "Nạp bảng điểm Phiếu B1 / danh mục Phiếu A từ Excel", có ghi văn bản và ngày; chưa nhập từng câu Phiếu A trên màn hình này.',
  preview: 'Xem trước',
  save: 'Lưu phiên bản mới',
  busy: 'Đang xử lý…',
  leaveEmpty: 'Để trống: giữ nguyên giá trị đang dùng.',
  notNumber: (label: string) => `${label}: không phải là số. Hãy nhập số (ví dụ 140 hoặc 1.500.000).`,
  versions: (o: string, n: string) => `Phiên bản đang dùng ${o} → phiên bản mới ${n}`,
  changes: 'Các thay đổi',
  /** The changes table's last column. */
  afterColumn: 'Mới',
  sample: (n: number, title: string, rest: number) => `Trước/sau trên ${formatNumberVi(n)} hộ của đợt "${title}"${rest > 0 ? ` (còn ${formatNumberVi(rest)} hộ ngoài mẫu)` : ''}`,
  noRound: 'Chưa có đợt rà soát nào dùng bộ tiêu chí này: không có hộ để xem trước.',
  klass: 'Phân loại',
  before: 'Trước',
  after: 'Sau',
  unclassified: 'Chưa phân loại được',
  changed: 'Hộ đổi phân loại',
  noneChanged: 'Không hộ nào trong mẫu đổi phân loại.',
  household: 'Hộ',
  saved: (v: string) => `Đã lưu phiên bản ${v}. Ứng dụng dùng phiên bản này từ bây giờ cho các lần phân loại mới.`,
  none: '(không có)',
};

interface Form {
  scoreRural: string;
  scoreUrban: string;
  ruralAbove: string;
  ruralAtMost: string;
  urbanAbove: string;
  urbanAtMost: string;
  posting: string;
  number: string;
  date: string;
  issuer: string;
}
const EMPTY: Form = { scoreRural: '', scoreUrban: '', ruralAbove: '', ruralAtMost: '', urbanAbove: '', urbanAtMost: '', posting: '', number: '', date: '', issuer: '' };

/** The call's input from the form, or the first field that is not a number. */
function inputOf(
  ruleSetId: string,
  f: Form,
  labels: { rural: string; urban: string },
  b1: { table: PublishedB1Table; texts: Readonly<Record<string, string>> } | null,
): { input: ApiInput<'published.preview'> } | { problem: string } {
  const fields: [keyof Form, string][] = [
    ['scoreRural', `${T.scoreA} — ${labels.rural}`],
    ['scoreUrban', `${T.scoreA} — ${labels.urban}`],
    ['ruralAbove', `${T.middle} — ${labels.rural} — ${T.above}`],
    ['ruralAtMost', `${T.middle} — ${labels.rural} — ${T.atMost}`],
    ['urbanAbove', `${T.middle} — ${labels.urban} — ${T.above}`],
    ['urbanAtMost', `${T.middle} — ${labels.urban} — ${T.atMost}`],
    ['posting', T.posting],
  ];
  const n: Partial<Record<keyof Form, number>> = {};
  for (const [k, label] of fields) {
    const v = parseNumberVi(f[k]);
    if (Number.isNaN(v)) return { problem: T.notNumber(label) };
    if (v !== undefined) n[k] = v;
  }
  const values: ApiInput<'published.preview'>['values'] = {};
  // A pair is sent when one of its boxes is typed: the other left empty is refused by name.
  if (n.scoreRural !== undefined || n.scoreUrban !== undefined) values.scoreA = { rural: n.scoreRural ?? Number.NaN, urban: n.scoreUrban ?? Number.NaN };
  if ([n.ruralAbove, n.ruralAtMost, n.urbanAbove, n.urbanAtMost].some((x) => x !== undefined)) {
    values.middleIncome = {
      rural: { above: n.ruralAbove ?? Number.NaN, atMost: n.ruralAtMost ?? Number.NaN },
      urban: { above: n.urbanAbove ?? Number.NaN, atMost: n.urbanAtMost ?? Number.NaN },
    };
  }
  if (n.posting !== undefined) values.postingDays = n.posting;
  // The B1 table is sent whole when a cell changed; a box that is not a number is refused by its cell's name.
  if (b1) {
    const typed = typedTable(b1.table, b1.texts);
    if (typed.kind === 'invalid') return { problem: typed.problem };
    if (typed.kind === 'changed') values.b1PointTable = typed.table;
  }
  // The document's date is typed day first (dd/mm/yyyy) and sent as ISO.
  const date = parseDateInput(f.date);
  if (!date.ok) return { problem: `${T.docDate}: ${date.message}` };
  const missing = Object.values(values.scoreA ?? {}).some(Number.isNaN) || Object.values(values.middleIncome ?? {}).some((b) => Number.isNaN(b.above) || Number.isNaN(b.atMost));
  if (missing) return { problem: 'Cần nhập đủ các ô của cùng một giá trị (cả hai vùng; cả "trên" và "đến").' };
  return { input: { ruleSetId, values, document: { number: f.number, date: date.value ?? '', ...(f.issuer.trim() ? { issuer: f.issuer } : {}) } } };
}

function Counts({ before, after }: { before: PublishedCounts; after: PublishedCounts }) {
  const rows = [...STATUSES.map((s) => [s, STATUS_LABELS[s]] as const), ['unclassified', T.unclassified] as const];
  return (
    <table className="data published-counts">
      <thead>
        <tr>
          <th>{T.klass}</th>
          <th>{T.before}</th>
          <th>{T.after}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([k, label]) => (
          <tr key={k} className={before[k] !== after[k] ? 'published-diff' : undefined}>
            <td>{label}</td>
            <td>{formatNumberVi(before[k])}</td>
            <td>{formatNumberVi(after[k])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Current({ cur }: { cur: PublishedCurrentView }) {
  const doc = (p: { document: string; date: string | null }) => `${p.document}${p.date ? `, ${formatDateVi(p.date)}` : ''}`;
  const l = cur.areaLabels;
  return (
    <ul className="published-current muted">
      <li>
        {T.scoreA}: {cur.scoreA.value ? `${l.rural} ${formatNumberVi(cur.scoreA.value.rural)}, ${l.urban} ${formatNumberVi(cur.scoreA.value.urban)}` : T.unknown} ({doc(cur.scoreA)})
      </li>
      <li>
        {T.middle}:{' '}
        {cur.middleIncome.value
          ? `${l.rural} ${formatNumberVi(cur.middleIncome.value.rural.above)}–${formatNumberVi(cur.middleIncome.value.rural.atMost)}, ${l.urban} ${formatNumberVi(cur.middleIncome.value.urban.above)}–${formatNumberVi(cur.middleIncome.value.urban.atMost)}`
          : T.unknown}{' '}
        ({doc(cur.middleIncome)})
      </li>
      <li>
        {T.posting}: {cur.postingDays.value ?? T.unknown} ({doc(cur.postingDays)})
      </li>
      <li>
        {T.b1}: {cur.b1PointTable.value ? T.b1Now(cur.b1PointTable.value.items.length, cur.b1PointTable.value.regions.length) : T.unknown} ({doc(cur.b1PointTable)})
      </li>
    </ul>
  );
}

export function PublishedValuesScreen() {
  const list = useApiValue('ruleSets.list', {});
  const [ruleSetId, setRuleSetId] = useState('');
  const current = useApiValue('published.current', ruleSetId ? { ruleSetId } : null);
  const [form, setForm] = useState<Form>(EMPTY);
  const [preview, setPreview] = useState<PublishedPreview>();
  const [error, setError] = useState<ApiCallError>();
  const [problem, setProblem] = useState<string>();
  const [done, setDone] = useState<string>();
  const [busy, setBusy] = useState(false);
  const b1Table = current.value?.b1PointTable.value ?? null;
  // The boxes start from the table in use (again after a save, when the new version is read back).
  const [b1Texts, setB1Texts] = useState<Record<string, string>>({});
  useEffect(() => setB1Texts(b1Table ? textsOf(b1Table) : {}), [b1Table]);
  // A value typed (or another rule set) makes the preview stale; the boxes reset after a save do not hide its message.
  const edited = (): void => {
    setPreview(undefined);
    setDone(undefined);
  };
  const labels = current.value?.areaLabels ?? { rural: 'nông thôn', urban: 'thành thị' };
  const set = (k: keyof Form) => (e: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [k]: e.target.value }));
    edited();
  };

  const run = async (method: 'published.preview' | 'published.save'): Promise<void> => {
    setError(undefined);
    setProblem(undefined);
    const built = inputOf(ruleSetId, form, labels, b1Table ? { table: b1Table, texts: b1Texts } : null);
    if ('problem' in built) {
      setProblem(built.problem);
      return;
    }
    setBusy(true);
    try {
      if (method === 'published.preview') setPreview(await call('published.preview', built.input));
      else {
        const saved = await call('published.save', built.input);
        setForm(EMPTY);
        setPreview(undefined);
        current.retry();
        setDone(T.saved(saved.newVersion));
      }
    } catch (e) {
      setError(toCallError(method, e));
    } finally {
      setBusy(false);
    }
  };

  const box = (k: keyof Form, label: string, hint?: string) => (
    <Field label={label} {...(hint ? { hint } : {})}>
      <input className="control" inputMode="decimal" value={form[k]} onChange={set(k)} data-field={k} />
    </Field>
  );

  return (
    <div className="published-screen">
      <h2>{T.title}</h2>
      <p className="muted">{T.intro}</p>
      {list.error && <ErrorBanner error={list.error} onRetry={list.retry} />}
      <div className="published-row">
        <Field label={T.ruleSet} wide>
          <Select value={ruleSetId} empty={T.pick} onChange={(id) => {
              setRuleSetId(id);
              edited();
            }} options={(list.value ?? []).map((r) => ({ value: r.id, label: `${r.title} (${r.id}, ${r.version})` }))} />
        </Field>
      </div>
      {current.error && <ErrorBanner error={current.error} onRetry={current.retry} />}
      {current.value && (
        <>
          <p>
            {T.now}: <strong>{current.value.version}</strong>
          </p>
          <Current cur={current.value} />
          <fieldset className="published-group">
            <legend>{T.scoreA}</legend>
            <div className="published-row">
              {box('scoreRural', labels.rural, T.leaveEmpty)}
              {box('scoreUrban', labels.urban)}
            </div>
          </fieldset>
          <fieldset className="published-group">
            <legend>{T.middle}</legend>
            <div className="published-row">
              {box('ruralAbove', `${labels.rural} — ${T.above}`, T.leaveEmpty)}
              {box('ruralAtMost', `${labels.rural} — ${T.atMost}`)}
              {box('urbanAbove', `${labels.urban} — ${T.above}`)}
              {box('urbanAtMost', `${labels.urban} — ${T.atMost}`)}
            </div>
          </fieldset>
          <div className="published-row">{box('posting', T.posting, T.leaveEmpty)}</div>
          <B1TableEditor
            table={b1Table}
            texts={b1Texts}
            onChange={(key, text) => {
              setB1Texts((t) => ({ ...t, [key]: text }));
              edited();
            }}
            onPastLast={() => document.querySelector<HTMLInputElement>('.published-screen [data-field="number"]')?.focus()}
          />
          <p className="muted">{T.phieuA}</p>
          <fieldset className="published-group">
            <legend>{T.doc}</legend>
            <div className="published-row">
              <Field label={T.docNumber}>
                <input className="control" value={form.number} onChange={set('number')} data-field="number" />
              </Field>
              <Field label={T.docDate}>
                <input className="control published-date" value={form.date} onChange={set('date')} data-field="date" placeholder="dd/mm/yyyy" inputMode="numeric" autoComplete="off" />
              </Field>
              <Field label={T.issuer} wide>
                <input className="control" value={form.issuer} onChange={set('issuer')} data-field="issuer" />
              </Field>
            </div>
          </fieldset>
          {problem && <p className="error-text">{problem}</p>}
          {error && <ErrorBanner error={error} onDismiss={() => setError(undefined)} />}
          {done && <p className="notice" role="status">{done}</p>}
          <div className="published-actions">
            <Button onClick={() => void run('published.preview')} disabled={busy}>
              {busy ? T.busy : T.preview}
            </Button>
            <Button variant="primary" onClick={() => void run('published.save')} disabled={busy || !preview}>
              {T.save}
            </Button>
          </div>
          {preview && (
            <section className="card published-preview">
              <h3>{T.versions(preview.oldVersion, preview.newVersion)}</h3>
              <h4>{T.changes}</h4>
              <RuleSetChangesTable changes={preview.changes} afterLabel={T.afterColumn} />
              {preview.sample.round ? (
                <>
                  <h4>{T.sample(preview.sample.households, preview.sample.round.title, preview.sample.notSampled)}</h4>
                  <Counts before={preview.sample.before} after={preview.sample.after} />
                  <h4>{T.changed}</h4>
                  {preview.sample.changed.length === 0 ? (
                    <p>{T.noneChanged}</p>
                  ) : (
                    <table className="data">
                      <thead>
                        <tr>
                          <th>{T.household}</th>
                          <th>{T.before}</th>
                          <th>{T.after}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {preview.sample.changed.map((h) => (
                          <tr key={h.householdId}>
                            <td>{`${h.code} — ${h.headName}`}</td>
                            <td>{h.beforeLabel}</td>
                            <td>
                              <strong>{h.afterLabel}</strong>
                            </td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </>
              ) : (
                <p>{T.noRound}</p>
              )}
            </section>
          )}
        </>
      )}
    </div>
  );
}
