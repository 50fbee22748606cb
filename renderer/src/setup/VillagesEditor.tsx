import { useState, type FormEvent } from 'react';
import type { VillagePlanResult } from '../../../shared/api/villages';
import { defaultAreaOf } from '../../../shared/domain/units';
import { VILLAGE_TYPE_LABELS, VILLAGE_TYPES, type VillageType } from '../../../shared/domain/villages';
import type { Area } from '../../../shared/engine/ruleset';
import { AREA_LABELS } from '../../../shared/glossary';
import { formatNumberVi } from '../../../shared/text/format';
import { type ApiCallError, uploadFile } from '../api';
import { call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import { setupMessages as t } from './messages';

interface Props {
  communeId: number;
  communeName: string;
  /** xa, phuong, dac_khu…: gives the default area (xã → nông thôn, phường → thành thị). */
  communeType: string;
}

const AREAS: Area[] = ['rural', 'urban'];
const areaLabel = (a: Area): string => AREA_LABELS[a].charAt(0).toLocaleUpperCase('vi') + AREA_LABELS[a].slice(1);
const startType = (communeType: string): VillageType => (communeType === 'phuong' ? 'to_dan_pho' : 'thon');

function TypeSelect({ value, onChange, label }: { value: VillageType; onChange: (v: VillageType) => void; label: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as VillageType)}>
        {VILLAGE_TYPES.map((type) => (
          <option key={type} value={type}>
            {VILLAGE_TYPE_LABELS[type]}
          </option>
        ))}
      </select>
    </label>
  );
}

function AreaSelect({ value, onChange, label }: { value: Area; onChange: (v: Area) => void; label: string }) {
  return (
    <label className="field">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value as Area)}>
        {AREAS.map((a) => (
          <option key={a} value={a}>
            {areaLabel(a)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** What an add, paste or import did: added, or each row's problem; a preview lists the rows to add. */
function PlanView({ result }: { result: VillagePlanResult }) {
  if (result.message) return <p className="setup-problem" role="alert">{result.message}</p>;
  const summary = result.added ? t.added(result.rows.length) : result.problems > 0 ? t.refused(result.problems) : t.previewOk(result.rows.length);
  const showRows = !result.added || result.rows.length > 1;
  return (
    <div className="setup-plan">
      <p role={result.problems > 0 ? 'alert' : 'status'} className={result.problems > 0 ? 'setup-problem' : 'setup-ok'}>
        {summary}
      </p>
      {showRows && result.rows.length > 0 && !result.added && (
        <table className="data setup-plan-table">
          <thead>
            <tr>
              <th className="num">{t.columns.line}</th>
              <th>{t.columns.name}</th>
              <th>{t.columns.code}</th>
              <th>{t.columns.area}</th>
              <th>{t.columns.problem}</th>
            </tr>
          </thead>
          <tbody>
            {result.rows.map((r) => (
              <tr key={r.line} className={r.problem ? 'setup-row-problem' : undefined}>
                <td className="num">{r.line}</td>
                <td>{r.fullName}</td>
                <td className="mono">{r.code}</td>
                <td>{AREA_LABELS[r.area]}</td>
                <td>{r.problem ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * A commune's villages: the list (area editable), one added at a time, a pasted list or an
 * Excel file, each previewed before it is added; nothing is added while a row has a problem.
 */
export function VillagesEditor({ communeId, communeName, communeType }: Props) {
  const villages = useApiValue('villages.list', { communeId });
  const [error, setError] = useState<ApiCallError | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const fallbackArea = defaultAreaOf(communeType);

  // One village
  const [type, setType] = useState<VillageType>(startType(communeType));
  const [name, setName] = useState('');
  const [area, setArea] = useState<Area>(fallbackArea);
  const [added, setAdded] = useState<VillagePlanResult | null>(null);

  // A pasted list
  const [text, setText] = useState('');
  const [pasteType, setPasteType] = useState<VillageType>(startType(communeType));
  const [pasted, setPasted] = useState<VillagePlanResult | null>(null);

  // An Excel file
  const [upload, setUpload] = useState<{ id: string; name: string } | null>(null);
  const [imported, setImported] = useState<VillagePlanResult | null>(null);
  const [reading, setReading] = useState(false);

  const run = async <T,>(method: Parameters<typeof toCallError>[0], work: () => Promise<T>): Promise<T | null> => {
    setError(null);
    setStatus(null);
    try {
      return await work();
    } catch (e) {
      setError(toCallError(method, e));
      return null;
    }
  };

  const addOne = async (e: FormEvent) => {
    e.preventDefault();
    const r = await run('villages.add', () => call('villages.add', { communeId, type, name, area }));
    if (!r) return;
    setAdded(r);
    if (r.added) {
      setName('');
      villages.retry();
    }
  };

  const paste = async (preview: boolean) => {
    const r = await run('villages.paste', () => call('villages.paste', { communeId, text, defaultType: pasteType, defaultArea: fallbackArea, preview }));
    if (!r) return;
    setPasted(r);
    if (r.added) {
      setText('');
      villages.retry();
    }
  };

  const chooseFile = async (file: File | undefined) => {
    if (!file) return;
    setReading(true);
    setImported(null);
    const r = await run('villages.import', async () => {
      const saved = await uploadFile(file);
      setUpload({ id: saved.upload, name: file.name });
      return call('villages.import', { communeId, upload: saved.upload, defaultType: pasteType, defaultArea: fallbackArea, preview: true });
    });
    setReading(false);
    if (r) setImported(r);
  };

  const importFile = async () => {
    if (!upload) return;
    const r = await run('villages.import', () => call('villages.import', { communeId, upload: upload.id, defaultType: pasteType, defaultArea: fallbackArea, preview: false }));
    if (!r) return;
    setImported(r);
    if (r.added) {
      setUpload(null);
      villages.retry();
    }
  };

  const changeArea = async (villageId: number, next: Area) => {
    const r = await run('villages.setArea', () => call('villages.setArea', { villageId, area: next }));
    if (!r) return;
    setStatus(t.areaSaved(r.fullName, AREA_LABELS[r.area]));
    villages.retry();
  };

  return (
    <div className="setup-villages">
      <p className="muted">{t.villagesIntro}</p>
      {error && <ErrorBanner error={error} onDismiss={() => setError(null)} />}
      {villages.error && <ErrorBanner error={villages.error} onRetry={villages.retry} />}

      <section aria-label={t.villagesOfCommune(communeName)}>
        <h4>{t.villagesOfCommune(communeName)}</h4>
        {villages.value && villages.value.length === 0 && <p className="muted">{t.noVillages}</p>}
        {villages.value && villages.value.length > 0 && (
          <table className="data setup-village-table">
            <thead>
              <tr>
                <th>{t.columns.name}</th>
                <th>{t.columns.code}</th>
                <th>{t.columns.area}</th>
                <th className="num">{t.columns.households}</th>
              </tr>
            </thead>
            <tbody>
              {villages.value.map((v) => (
                <tr key={v.id}>
                  <td>{v.fullName}</td>
                  <td className="mono">{v.code}</td>
                  <td>
                    <select aria-label={`${t.area}: ${v.fullName}`} value={v.area} onChange={(e) => void changeArea(v.id, e.target.value as Area)}>
                      {AREAS.map((a) => (
                        <option key={a} value={a}>
                          {areaLabel(a)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td className="num">{formatNumberVi(v.householdCount)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {status && (
          <p role="status" className="setup-ok">
            {status}
          </p>
        )}
      </section>

      <div className="setup-ways">
        <form className="setup-way" onSubmit={addOne} aria-label={t.addHeading}>
          <h4>{t.addHeading}</h4>
          <div className="setup-row">
            <TypeSelect value={type} onChange={setType} label={t.type} />
            <label className="field setup-name">
              <span>{t.name}</span>
              <input value={name} onChange={(e) => setName(e.target.value)} />
            </label>
            <AreaSelect value={area} onChange={setArea} label={t.area} />
            <button type="submit" disabled={name.trim() === ''}>
              {t.add}
            </button>
          </div>
          {added && <PlanView result={added} />}
        </form>

        <section className="setup-way" aria-label={t.pasteHeading}>
          <h4>{t.pasteHeading}</h4>
          <label className="field setup-paste">
            <span>{t.pasteLabel}</span>
            <textarea
              rows={6}
              value={text}
              placeholder={t.pastePlaceholder}
              onChange={(e) => {
                setText(e.target.value);
                setPasted(null);
              }}
            />
          </label>
          <div className="setup-row">
            <TypeSelect value={pasteType} onChange={setPasteType} label={t.defaultType} />
            <button type="button" disabled={text.trim() === ''} onClick={() => void paste(true)}>
              {t.preview}
            </button>
            {pasted && pasted.preview && pasted.problems === 0 && !pasted.message && (
              <button type="button" className="primary" onClick={() => void paste(false)}>
                {t.confirmAdd(pasted.rows.length)}
              </button>
            )}
          </div>
          {pasted && <PlanView result={pasted} />}
        </section>

        <section className="setup-way" aria-label={t.importHeading}>
          <h4>{t.importHeading}</h4>
          <label className="field">
            <span>{t.chooseFile}</span>
            <input
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                void chooseFile(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          {upload && <p className="muted">{upload.name}</p>}
          {reading && <p className="muted">{t.reading}</p>}
          {imported && imported.preview && imported.problems === 0 && !imported.message && upload && (
            <button type="button" className="primary" onClick={() => void importFile()}>
              {t.confirmAdd(imported.rows.length)}
            </button>
          )}
          {imported && <PlanView result={imported} />}
        </section>
      </div>
    </div>
  );
}
