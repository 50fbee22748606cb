import { useEffect, useRef, useState } from 'react';
import type { OfficeView, UnitFound } from '../../../shared/api/units';
import { type ApiCallError, call } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { toCallError, useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { setupMessages as t } from './messages';
import { OfficialsEditor } from './OfficialsEditor';
import { UnitPicker } from './UnitPicker';
import { VillagesEditor } from './VillagesEditor';
import './setup.css';

const officeName = (o: OfficeView): string => t.unitOption(o.fullName, o.provinceName);

/** (a) The office: a commune (xã, phường, đặc khu) or a province, found by name, then confirmed. */
function OfficeStep({ office, onSet }: { office: OfficeView | null; onSet: (office: OfficeView) => void }) {
  const [kind, setKind] = useState<'commune' | 'province'>(office?.level ?? 'commune');
  const [chosen, setChosen] = useState<UnitFound | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [saving, setSaving] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (chosen) confirm.current?.focus();
  }, [chosen]);

  const save = async () => {
    if (!chosen) return;
    setSaving(true);
    setError(null);
    try {
      onSet(await call('setup.office', { unitCode: chosen.code }));
    } catch (e) {
      setError(toCallError('setup.office', e));
    } finally {
      setSaving(false);
    }
  };
  // An office's refusal (an abolished unit…) says in Vietnamese which one to take: shown as it is.
  const refusal = error?.issues.find((i) => i.path === 'unitCode')?.message;
  return (
    <div className="setup-office">
      {office && (
        <p className="setup-current">
          {t.office}: <strong>{officeName(office)}</strong> <span className="mono muted">{t.unitCode(office.code)}</span>
        </p>
      )}
      <fieldset className="setup-kind">
        <legend>{t.officeKind}</legend>
        {(['commune', 'province'] as const).map((k) => (
          <label key={k}>
            <input
              type="radio"
              name="office-kind"
              value={k}
              checked={kind === k}
              onChange={() => {
                setKind(k);
                setChosen(null);
              }}
            />
            {k === 'commune' ? t.kindCommune : t.kindProvince}
          </label>
        ))}
      </fieldset>
      <UnitPicker key={kind} level={kind} label={t.search} onPick={setChosen} autoFocus />
      {chosen && (
        <div className="setup-chosen">
          <span>
            {t.chosen}: <strong>{t.unitOption(chosen.fullName, chosen.provinceName)}</strong> <span className="mono muted">{t.unitCode(chosen.code)}</span>
          </span>
          <button ref={confirm} type="button" className="primary" disabled={saving} onClick={() => void save()}>
            {t.confirmOffice}
          </button>
        </div>
      )}
      {refusal ? (
        <p className="setup-problem" role="alert">
          {refusal}
        </p>
      ) : (
        error && <ErrorBanner error={error} onDismiss={() => setError(null)} />
      )}
    </div>
  );
}

/** (b) The villages: of the commune office; a province office picks one of its communes first. */
function VillagesStep({ office }: { office: OfficeView }) {
  const [commune, setCommune] = useState<UnitFound | null>(null);
  if (office.level === 'commune') return <VillagesEditor communeId={office.unitId} communeName={office.fullName} communeType={office.type} />;
  return (
    <div>
      <p className="muted">{t.provinceCommuneHint}</p>
      <UnitPicker level="commune" label={t.provinceCommune} provinceCode={office.code} onPick={setCommune} />
      {commune && <VillagesEditor key={commune.id} communeId={commune.id} communeName={commune.fullName} communeType={commune.type} />}
    </div>
  );
}

type Step = 'office' | 'villages' | 'officials' | 'done';

/**
 * The first run: a database with no office and no round. Office, villages, officials (a commune
 * office), done; each step can be left for later from the "Thiết lập" tab.
 */
export function FirstRunSetup({ initialOffice, onFinished }: { initialOffice: OfficeView | null; onFinished: () => void }) {
  const [office, setOffice] = useState<OfficeView | null>(initialOffice);
  const [step, setStep] = useState<Step>(initialOffice ? 'villages' : 'office');
  const steps: Step[] = office?.level === 'province' ? ['office', 'villages', 'done'] : ['office', 'villages', 'officials', 'done'];
  const index = steps.indexOf(step);
  const heading = useRef<HTMLHeadingElement>(null);
  // A new step starts at its heading (Tab goes on into it); the office step starts in its search box.
  useEffect(() => {
    if (step !== 'office') heading.current?.focus();
  }, [step]);

  return (
    <div className="app setup-app">
      <header className="top-bar">
        <h1 className="app-title">{messages.appTitle}</h1>
      </header>
      <main className="setup-main">
        <section className="setup-card" aria-labelledby="setup-title">
          <h2 id="setup-title">{t.title}</h2>
          <p className="muted">{t.firstRunIntro}</p>
          <ol className="setup-steps">
            {steps.map((s, i) => (
              <li key={s} className={s === step ? 'current' : i < index ? 'past' : undefined} aria-current={s === step ? 'step' : undefined}>
                {t.stepOf(i + 1, t.steps[s])}
              </li>
            ))}
          </ol>
          <h3 ref={heading} tabIndex={-1} className="setup-step-title">
            {step === 'office' ? t.officeHeading : step === 'villages' ? t.villagesHeading : step === 'officials' ? t.officialsHeading : t.doneHeading}
          </h3>
          {step === 'office' && (
            <OfficeStep
              office={office}
              onSet={(o) => {
                setOffice(o);
                setStep('villages');
              }}
            />
          )}
          {step === 'villages' && office && <VillagesStep office={office} />}
          {step === 'officials' && office && <OfficialsEditor communeId={office.unitId} />}
          {step === 'done' && office && <Done office={office} />}
          <div className="setup-nav">
            {index > 0 && (
              <button type="button" onClick={() => setStep(steps[index - 1]!)}>
                {t.back}
              </button>
            )}
            {step !== 'office' && step !== 'done' && (
              <button type="button" className="primary" onClick={() => setStep(steps[index + 1]!)}>
                {t.next}
              </button>
            )}
            {step === 'done' && (
              <button type="button" className="primary" onClick={onFinished} autoFocus>
                {t.finish}
              </button>
            )}
          </div>
        </section>
      </main>
    </div>
  );
}

function Done({ office }: { office: OfficeView }) {
  const villages = useApiValue('villages.list', office.level === 'commune' ? { communeId: office.unitId } : null);
  return (
    <div className="setup-done">
      <p>
        {office.level === 'commune' && villages.value ? t.doneSummary(officeName(office), villages.value.length) : t.officeSaved(officeName(office))}
      </p>
      <p>{t.doneNext}</p>
    </div>
  );
}

/** The "Thiết lập" tab: the office, its villages and its signers, to look at and edit later. */
export function SetupTab() {
  const status = useApiValue('setup.status', {});
  const office = status.value?.office ?? null;
  return (
    <div className="setup-tab">
      <div className="page-header">
        <h2>{t.title}</h2>
      </div>
      <div className="setup-tab-body">
        <p className="muted">{t.tabIntro}</p>
        {status.error && <ErrorBanner error={status.error} onRetry={status.retry} />}
        {status.value && !office && (
          <section className="setup-card">
            <h3>{t.officeHeading}</h3>
            <OfficeStep office={null} onSet={() => status.retry()} />
          </section>
        )}
        {office && (
          <>
            <section className="setup-card" aria-label={t.office}>
              <p className="setup-current">
                {t.office}: <strong>{officeName(office)}</strong> <span className="mono muted">{t.unitCode(office.code)}</span>
              </p>
            </section>
            <section className="setup-card">
              <h3>{t.villagesHeading}</h3>
              <VillagesStep office={office} />
            </section>
            <section className="setup-card">
              <h3>{t.officialsHeading}</h3>
              {office.level === 'commune' ? <OfficialsEditor communeId={office.unitId} /> : <p className="muted">{t.officialsProvince}</p>}
            </section>
          </>
        )}
      </div>
    </div>
  );
}
