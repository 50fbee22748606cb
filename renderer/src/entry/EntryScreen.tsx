import { useFieldGuidance } from '../guidance/useFieldGuidance';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';
import type { EntryLayout, PreviewOutput } from '../../../shared/api/entry';
import { CAUSES, causeTitle } from '../../../shared/domain/causes';
import { CODE_SETS, areaCodes, codeOf } from '../../../shared/entry/codes';
import type { EntryWarning } from '../../../shared/entry/warnings';
import { FLAG_FIELDS, MEMBER_CODES, MEMBER_FIELDS, causeField, memberLabel, parseRaw, toRaw, type RawForm } from '../../../shared/entry/raw';
import { householdDraftKey } from '../../../shared/entry/draft';
import { conflictFields, mergeRaw, type MergeChoice, type MergeField } from '../../../shared/entry/merge';
import { ApiCallError, call } from '../api';
import { StatusBadge } from '../components/StatusBadge';
import { useApiValue } from '../hooks/useApiValue';
import { messages } from '../messages';
import { Field, codeHint } from './Fields';
import { PrintRequest } from './PrintRequest';
import { IncomeWorksheet } from './IncomeWorksheet';
import type { IncomeSaveOutput } from '../../../shared/api/income';
import { entryMessages as t } from './messages';
import { Drafts } from './Drafts';
import { MergePanel } from './Merge';
import { newDraftKey, useDraftSaver, type DraftBody } from './useDraft';
import { dateTimeVi } from './when';
import { formatDateVi, formatNumberVi, formatTimeOnDateVi } from '../../../shared/text/format';
import { useChoice } from '../components/choice';
import { unitName } from '../../../shared/domain/names';
import { RoundPicker } from '../components/RoundPicker';
import { CommunePicker, VillagePicker } from '../components/UnitPicker';
import { Button } from '../components/ui/Button';
import type { DraftRow } from '../../../shared/api/entry';
import { useSession } from '../auth/context';
import { roleMay } from '../../../shared/api/permissions';
import './entry.css';

const PREVIEW_DELAY_MS = 250;
/** Columns of roster row 01 keyed in the request's head part (Mẫu 01), shown as copies in the table. */
const HEAD_COLUMNS: readonly string[] = ['fullName', 'sex', 'birthDate', 'ethnicity', 'idNumber', 'idIssuedOn'];
const EMPTY: RawForm = { fields: { area: '1', 'flags.ethnicMinority': '2', 'flags.noWorkingCapacity': '2', 'flags.meritPerson': '2', 'flags.femaleHead': '2', 'm.0.relation': '1' }, rows: 1 };
/** A blank form whose area starts from the village's (its default, set on the villages screen). */
const blankForm = (area: 'rural' | 'urban' | undefined): RawForm => (area ? { ...EMPTY, fields: { ...EMPTY.fields, area: codeOf(CODE_SETS.area, area) } } : EMPTY);

/** "14:07 ngày 05/02/2026": the office's clock, whatever the machine's time zone (shared/text/format.ts). */
const timeOf = (iso: string): string => formatTimeOnDateVi(iso);

/** Rows shown: the filled ones plus one empty row to type a new member into. */
function rowsFor(raw: RawForm): number {
  let last = -1;
  for (let i = 0; i < raw.rows + 1; i++) if (MEMBER_FIELDS.some((k) => (raw.fields[`m.${i}.${k}`] ?? '').trim() !== '')) last = i;
  return Math.max(1, last + 2);
}

/** Server paths ("form.members.0.birthDate") to the screen's ("m.0.birthDate"). */
const screenPath = (path: string): string =>
  path.replace(/^form\./u, '').replace(/^members\./u, 'm.').replace(/^answers\.b2\./u, 'a.b2.').replace(/^answers\./u, 'a.');

/** Moves the focus to the next box of the form, in the order of the paper. */
function focusNext(from: HTMLElement, back = false): void {
  const boxes = Array.from(document.querySelectorAll<HTMLInputElement>('.entry-form [data-entry]:not([readonly]):not(:disabled):not([tabindex="-1"])'));
  const i = boxes.indexOf(from as HTMLInputElement);
  const next = boxes[i + (back ? -1 : 1)];
  if (next) {
    next.focus();
    next.select();
  }
}

/** A save refused because someone else saved the household first: what to merge. */
interface Conflict {
  message: string;
  /** The newer saved form, and its version (the merged form is saved on it). */
  theirs: RawForm;
  version: number;
  fields: MergeField[];
  choices: Record<string, MergeChoice>;
}

interface Props {
  rounds: readonly RoundSummary[];
  /** A household to open on arrival (from the review table's "Sửa phiếu"), or null. */
  target?: number | null;
  /** Called once `target` has been taken. */
  onTargetOpened?: () => void;
}

/** Keying the paper forms of one household: Mẫu 01/04, the roster, Phiếu A, Phiếu B; class live. */
export function EntryScreen({ rounds, target = null, onTargetOpened }: Props) {
  // The round, commune and village are the shell's choice, shared by every tab (components/choice.tsx).
  const choice = useChoice();
  const { roundId, communeId, villageId, setChoice } = choice;
  // F1 on any box: the guidance for its field in the round's rule-set period (issue 15).
  const guidance = useFieldGuidance(roundId);
  const setRoundId = useCallback((id: number) => setChoice({ roundId: id }), [setChoice]);
  const setCommuneId = useCallback((id: number | null) => setChoice({ communeId: id }), [setChoice]);
  const setVillageId = useCallback((id: number | null) => setChoice({ villageId: id }), [setChoice]);
  /** Why a key did nothing (Alt+N with no commune chosen). */
  const [keyHint, setKeyHint] = useState<string | null>(null);
  const [householdId, setHouseholdId] = useState<number | null>(null);
  const [code, setCode] = useState<string | null>(null);
  const [raw, setRaw] = useState<RawForm>(EMPTY);
  /** A stored household's version the form on screen is based on, and the form as read at it (null: a new household). */
  const [version, setVersion] = useState<number | null>(null);
  const [base, setBase] = useState<RawForm | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [dirty, setDirty] = useState(false);
  const [locked, setLocked] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [serverIssues, setServerIssues] = useState<Record<string, string>>({});
  const [preview, setPreview] = useState<PreviewOutput | null>(null);
  const [savedWarnings, setSavedWarnings] = useState<EntryWarning[]>([]);
  const [busy, setBusy] = useState(false);
  const [query, setQuery] = useState('');
  /** The draft key of the blank form on screen: each new household its own ("new:<round>:<id>"). */
  const [newKey, setNewKey] = useState(() => newDraftKey(roundId));
  /** Bumped when drafts may have changed (the list asks again). */
  const [draftsChanged, setDraftsChanged] = useState(0);
  /** The income worksheet's dialog is open (2027 on: income is B1's main box). */
  const [incomeOpen, setIncomeOpen] = useState(false);
  /** Why the worksheet did not open (a household not saved yet). */
  const [incomeHint, setIncomeHint] = useState<string | null>(null);
  const firstBox = useRef<HTMLDivElement>(null);

  const layoutValue = useApiValue('entry.layout', { roundId });
  const layout: EntryLayout | undefined = layoutValue.value;
  const communes = useApiValue('units.communes', { roundId });
  const chosenCommune = communes.value?.find((c) => c.id === communeId);
  const communeName = chosenCommune ? unitName(chosenCommune) : '…';

  const draftKey = communeId === null ? null : householdId !== null ? householdDraftKey(householdId) : newKey;
  // The commune's lock (its recognition decision): a new household cannot be saved either.
  // (A keyer may not read the commune's workflow, which lists households beyond their villages: the core refuses a locked save anyway.)
  const { user } = useSession();
  const workflow = useApiValue('workflow.status', communeId === null || !roleMay(user.role, 'workflow.status') ? null : { roundId, communeId });
  const lastDecision = workflow.value?.decisions.at(-1);
  const readOnly = locked || (workflow.value?.locked ?? false);
  const lockReason = !readOnly ? null : workflow.value?.locked && lastDecision ? t.save.lockedByDecision(formatDateVi(lastDecision.signedOn)) : workflow.value?.locked ? t.save.roundLocked : t.save.locked;
  const parsed = useMemo(() => (layout && communeId !== null ? parseRaw(raw, layout, { communeId, villageId }) : null), [raw, layout, communeId, villageId]);
  const errors = { ...serverIssues, ...(parsed?.errors ?? {}) };
  const draftBody: DraftBody | null = useMemo(
    () => (communeId === null ? null : { raw, communeId, villageId, ...(version !== null ? { version } : {}), ...(base ? { base } : {}) }),
    [raw, communeId, villageId, version, base],
  );
  const drafts = useDraftSaver(draftKey, roundId, householdId, draftBody, dirty && !readOnly);
  const draftSavedAt = drafts.savedAt;
  useEffect(() => setDraftsChanged((n) => n + 1), [draftSavedAt]);

  /** Focuses the form's first box once it is on screen (the layout may still be loading). */
  const focusFirst = () => {
    let tries = 0;
    const attempt = () => {
      const first = firstBox.current?.querySelector<HTMLInputElement>('[data-entry]');
      // Selected, not only focused: a restored draft's value is replaced by what is typed ("1", not "11").
      if (first) {
        first.focus();
        first.select();
      }
      else if (tries++ < 40) setTimeout(attempt, 50);
    };
    setTimeout(attempt, 0);
  };

  /** Opens a household (or a blank form), restoring its draft when there is one. */
  const open = useCallback(
    async (id: number | null, place?: { communeId: number; villageId: number | null }) => {
      setSaveError(null);
      setServerIssues({});
      setPreview(null);
      setConflict(null);
      let next: RawForm = EMPTY;
      let nextVersion: number | null = null;
      let nextBase: RawForm | null = null;
      let nextLocked = false;
      let warnings: EntryWarning[] = [];
      let nextCommune = place?.communeId ?? communeId;
      let nextVillage = place ? place.villageId : villageId;
      if (id !== null) {
        const f = await call('entry.form', { householdId: id });
        next = toRaw(f.form);
        nextVersion = f.version;
        nextBase = next;
        nextLocked = f.locked;
        warnings = f.warnings;
        nextCommune = f.form.communeId;
        nextVillage = f.form.villageId;
        // A household opened from another screen may be in another round than the one shown.
        if (f.roundId !== roundId) setRoundId(f.roundId);
        setCode(f.code);
      } else {
        setCode(null);
        // A new household of a village starts with the village's area (villages.list: its default).
        if (nextCommune !== null && nextVillage !== null) {
          const villageRows = await call('villages.list', { communeId: nextCommune }).catch(() => []);
          next = blankForm(villageRows.find((v) => v.id === nextVillage)?.area);
        }
      }
      // A household's own draft is restored; a blank form is a new household with a draft of its own.
      let restored: string | null = null;
      if (id !== null) {
        const draft = await call('entry.drafts.get', { key: householdDraftKey(id) });
        if (draft && !nextLocked) {
          const body = draft.body as DraftBody;
          next = body.raw;
          // The draft stays based on the version it was typed on: saved over a newer one, it is merged.
          if (body.version !== undefined && body.version !== nextVersion) {
            nextVersion = body.version;
            nextBase = body.base ?? null;
          }
          restored = t.save.draftRestored(timeOf(draft.savedAt));
        }
      } else setNewKey(newDraftKey(roundId));
      setHouseholdId(id);
      setCommuneId(nextCommune);
      setVillageId(nextVillage);
      setRaw(next);
      setVersion(nextVersion);
      setBase(nextBase);
      setLocked(nextLocked);
      setSavedWarnings(warnings);
      setDirty(false);
      setNotice(nextLocked ? t.save.locked : restored);
      focusFirst();
    },
    [communeId, villageId, roundId, setRoundId, setCommuneId, setVillageId],
  );

  /** Opens a draft from the list: its household (or its new household), with the values as typed. */
  const openDraft = useCallback(
    async (d: DraftRow, body: DraftBody) => {
      await open(d.householdId, { communeId: body.communeId, villageId: body.villageId });
      if (d.householdId === null) setNewKey(d.key);
      else if (body.version !== undefined) {
        setVersion(body.version);
        setBase(body.base ?? null);
      }
      setRaw(body.raw);
      setCommuneId(body.communeId);
      setVillageId(body.villageId);
      setNotice(t.drafts.opened(dateTimeVi(d.savedAt)));
    },
    [open, setCommuneId, setVillageId],
  );

  // A household sent from another screen (the review table): open it once, on arrival.
  const targetTaken = useRef<number | null>(null);
  useEffect(() => {
    if (target === null || targetTaken.current === target) return;
    targetTaken.current = target;
    onTargetOpened?.();
    open(target).catch((e: unknown) => setSaveError(e instanceof ApiCallError ? messages.errorMessage(e.code) : String(e)));
  }, [target, open, onTargetOpened]);

  // Live class and warnings while keying.
  useEffect(() => {
    if (!parsed || locked) return;
    const timer = setTimeout(() => {
      call('entry.preview', { roundId, householdId, form: parsed.form }).then(
        (p) => {
          setPreview(p);
          setServerIssues({});
        },
        (e: unknown) => {
          if (e instanceof ApiCallError && e.code === 'INVALID_INPUT') setServerIssues(Object.fromEntries(e.issues.map((i) => [screenPath(i.path), i.message])));
        },
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [parsed, roundId, householdId, locked]);

  const change = useCallback((name: string, value: string) => {
    setRaw((r) => {
      const fields = { ...r.fields, [name]: value };
      return { fields, rows: rowsFor({ fields, rows: r.rows }) };
    });
    setDirty(true);
  }, []);

  /**
   * Saves the form on screen (or a merged form, on the version it is based on); resolves with the
   * saved household's id, or null when refused. Refused because someone else saved the household
   * since it was read (CONFLICT): the typed values are kept as the draft, and the two versions are
   * shown side by side to merge (MergePanel).
   */
  const save = useCallback(
    async (merged?: { raw: RawForm; version: number; base: RawForm }): Promise<number | null> => {
      if (!layout || communeId === null || readOnly) return null;
      const form = merged ? parseRaw(merged.raw, layout, { communeId, villageId }) : parsed;
      if (!form) return null;
      const wrong = Object.keys(form.errors);
      if (wrong.length > 0) {
        setSaveError(t.save.blocked(wrong.length));
        document.querySelector<HTMLInputElement>(`.entry-form [name="${wrong[0]}"]`)?.focus();
        return null;
      }
      const typed = merged?.raw ?? raw;
      const basedOn = merged?.version ?? version;
      const typedBase = merged?.base ?? base;
      setBusy(true);
      // No draft may reach the server after the save (it would come back as a draft of what was saved).
      await drafts.hold();
      let kept = false;
      try {
        const out = await call('entry.save', { roundId, householdId, ...(householdId !== null && basedOn !== null ? { version: basedOn } : {}), form: form.form });
        if (householdId === null && draftKey) await call('entry.drafts.delete', { key: draftKey });
        setDraftsChanged((n) => n + 1);
        const f = await call('entry.form', { householdId: out.householdId });
        const stored = toRaw(f.form);
        setHouseholdId(out.householdId);
        setCode(out.code);
        setRaw(stored);
        setVersion(f.version);
        setBase(stored);
        setConflict(null);
        setSavedWarnings(out.warnings);
        setPreview(out);
        setDirty(false);
        setSaveError(null);
        setServerIssues({});
        setNotice(t.save.saved(out.code, timeOf(new Date().toISOString())));
        kept = true;
        return out.householdId;
      } catch (e) {
        if (e instanceof ApiCallError && e.code === 'CONFLICT' && householdId !== null) {
          // Keep what was typed (the server kept the values sent; this keeps them exactly as typed).
          if (draftKey) {
            const body: DraftBody = { raw: typed, communeId, villageId, ...(basedOn !== null ? { version: basedOn } : {}), ...(typedBase ? { base: typedBase } : {}) };
            await call('entry.drafts.save', { key: draftKey, roundId, householdId, body }).catch(() => undefined);
            setDraftsChanged((n) => n + 1);
          }
          const f = await call('entry.form', { householdId });
          const theirs = toRaw(f.form);
          const fields = conflictFields(typed, theirs, typedBase);
          setRaw(typed);
          setVersion(basedOn);
          setBase(typedBase);
          setConflict({
            message: e.issues.find((i) => i.path === 'version')?.message ?? t.conflict.fallback,
            theirs,
            version: f.version,
            fields,
            choices: Object.fromEntries(fields.map((x) => [x.path, x.choice])),
          });
          setSaveError(null);
          setNotice(null);
        } else if (e instanceof ApiCallError) {
          setServerIssues(Object.fromEntries(e.issues.map((i) => [screenPath(i.path), i.message])));
          setSaveError(messages.errorMessage(e.code));
        } else setSaveError(String(e));
        return null;
      } finally {
        if (!kept) drafts.resume();
        setBusy(false);
      }
    },
    [layout, parsed, raw, version, base, communeId, villageId, readOnly, roundId, householdId, draftKey, drafts],
  );

  /** The merged form (the newer saved one, with the officer's value where chosen), on the newer version. */
  const mergedForm = useCallback((c: Conflict) => ({ raw: mergeRaw(raw, c.theirs, c.choices), version: c.version, base: c.theirs }), [raw]);

  /** Puts the merged form on screen, to keep editing before saving. */
  const applyMerge = useCallback(() => {
    if (!conflict) return;
    const m = mergedForm(conflict);
    setRaw(m.raw);
    setVersion(m.version);
    setBase(m.base);
    setConflict(null);
    setDirty(true);
    setNotice(t.conflict.merged);
    focusFirst();
  }, [conflict, mergedForm]);

  const saveAndNext = useCallback(async () => {
    const id = await save();
    if (id === null) return;
    const next = await call('entry.next', { householdId: id });
    await open(next.householdId);
    if (next.householdId === null) setNotice(t.save.lastOfVillage);
  }, [save, open]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    guidance.onKeyDown(e);
    if (e.defaultPrevented) return;
    if (e.key === 's' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void save();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void saveAndNext();
    } else if (e.key === 'Enter' && target.matches('[data-entry]')) {
      e.preventDefault();
      focusNext(target, e.shiftKey);
    }
  };

  // Alt+N from anywhere on the screen (nothing may have the focus yet); with no commune chosen it
  // cannot make a household, and says so instead of doing nothing.
  useEffect(() => {
    const onAltN = (e: globalThis.KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.code !== 'KeyN') return;
      e.preventDefault();
      if (communeId === null) setKeyHint(t.newNeedsCommune);
      else void open(null);
    };
    window.addEventListener('keydown', onAltN);
    return () => window.removeEventListener('keydown', onAltN);
  }, [communeId, open]);

  const byIncome = layout?.method === 'income';
  /** Opens the income worksheet: only for a saved household (it is stored with the household). */
  // The household on the screen now, for the window's Alt+T listener: a key pressed between a render
  // and the effect that re-registers the listener must not open the household shown before (Alt+N, then Alt+T).
  const householdShown = useRef(householdId);
  useLayoutEffect(() => {
    householdShown.current = householdId;
  }, [householdId]);
  const openIncome = useCallback(() => {
    if (householdShown.current === null) {
      setIncomeHint(t.income.saveFirst);
      return;
    }
    setIncomeHint(null);
    setIncomeOpen(true);
  }, []);
  const closeIncome = useCallback(() => setIncomeOpen(false), []);
  // Closed, the worksheet gives the focus back to the income box, in the commit that removes it
  // (not in a timer: a key pressed meanwhile, Alt+T again, would open the worksheet and the late
  // focus move would then take its focus away, so that its Esc reached the form instead).
  const incomeWasOpen = useRef(false);
  useLayoutEffect(() => {
    if (incomeWasOpen.current && !incomeOpen) document.querySelector<HTMLInputElement>('.entry-form [name="a.monthlyIncome"]')?.focus();
    incomeWasOpen.current = incomeOpen;
  }, [incomeOpen]);

  // Alt+T from anywhere on the screen: the income worksheet (the income rule of 2027, and the middle-income track before).
  useEffect(() => {
    if (communeId === null) return;
    const onAltT = (e: globalThis.KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.code !== 'KeyT') return;
      e.preventDefault();
      openIncome();
    };
    window.addEventListener('keydown', onAltT);
    return () => window.removeEventListener('keydown', onAltT);
  }, [communeId, openIncome]);

  /**
   * The worksheet was saved: its result is the household's monthly income. The form takes it; saved
   * on the version the screen holds, the form moves to the new version (its other typed values
   * kept); saved on a newer one after a refusal, typed values stay on their version (merged at save).
   */
  const incomeSaved = useCallback(
    async (out: IncomeSaveOutput, basedOnScreen: boolean) => {
      closeIncome();
      const value = String(out.result.monthlyPerCapita);
      const withIncome = (r: RawForm): RawForm => ({ ...r, fields: { ...r.fields, 'a.monthlyIncome': value } });
      const f = await call('entry.form', { householdId: out.householdId });
      const stored = toRaw(f.form);
      if (!dirty) {
        setRaw(stored);
        setVersion(f.version);
        setBase(stored);
      } else {
        setRaw(withIncome);
        if (basedOnScreen) {
          setVersion(f.version);
          setBase(stored);
        }
      }
      setSavedWarnings(f.warnings);
      setNotice(t.income.saved(formatNumberVi(out.result.monthlyPerCapita)));
    },
    [closeIncome, dirty],
  );

  const find = async () => {
    const q = query.trim();
    if (!q) return;
    const list = await call('households.list', { roundId, search: q, limit: 1, ...(communeId !== null ? { communeId } : {}) });
    const first = list.rows[0];
    if (!first) setNotice(t.notFound(q));
    else await open(first.id);
  };

  const f = raw.fields;
  const field = (name: string, label: string, extra: Partial<Parameters<typeof Field>[0]> = {}) => (
    <Field name={name} label={label} value={f[name] ?? ''} onChange={change} error={errors[name]} readOnly={readOnly} {...extra} />
  );
  const warningsByPath = new Map<string, string>();
  for (const w of preview?.warnings ?? savedWarnings) {
    const p = screenPath(w.path);
    if (!warningsByPath.has(p)) warningsByPath.set(p, w.message);
  }
  const warnings = preview?.warnings ?? savedWarnings;
  const rows = rowsFor(raw);
  const headName = f['m.0.fullName'] ?? '';

  return (
    <div className="entry" onKeyDown={onKeyDown}>
      {guidance.panel}
      <header className="entry-bar">
        <RoundPicker rounds={rounds} label={t.round} className="field field-round" />
        <CommunePicker
          className="field"
          label={t.commune}
          empty={t.chooseCommune}
          onChosen={() => {
            setKeyHint(null);
            setHouseholdId(null);
            setRaw(EMPTY);
            setVersion(null);
            setBase(null);
            setConflict(null);
            setDirty(false);
            setNewKey(newDraftKey(roundId));
          }}
        />
        <VillagePicker className="field" label={t.village} empty={t.chooseVillage} onChosen={(v) => { if (communeId !== null) void open(null, { communeId, villageId: v }); }} />
        <label className="field field-search">
          <span>{t.openByCode}</span>
          <input aria-label={t.openByCode} placeholder={t.openPlaceholder} value={query} onChange={(e) => setQuery(e.target.value)} onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); void find(); } }} />
        </label>
        <Button disabled={communeId === null} onClick={() => void open(null)} title={communeId === null ? t.newNeedsCommune : 'Alt+N'}>
          {t.newHousehold}
        </Button>
        <p className="entry-keys">{t.keys}</p>
        {keyHint && communeId === null && (
          <p className="entry-key-hint" role="alert">
            {keyHint}
          </p>
        )}
      </header>

      <Drafts
        roundId={roundId}
        communes={communes.value ?? []}
        currentKey={draftKey}
        refresh={draftsChanged}
        onOpen={(d, body) => void openDraft(d, body).catch((e: unknown) => setSaveError(e instanceof ApiCallError ? messages.errorMessage(e.code) : String(e)))}
        onDiscarded={(key) => {
          if (key === draftKey) void open(null);
        }}
      />
      {conflict && layout && (
        <MergePanel
          message={conflict.message}
          fields={conflict.fields}
          choices={conflict.choices}
          layout={layout}
          busy={busy}
          onChoose={(path, choice) => setConflict((c) => (c ? { ...c, choices: { ...c.choices, [path]: choice } } : c))}
          onChooseAll={(choice) => setConflict((c) => (c ? { ...c, choices: Object.fromEntries(c.fields.map((x) => [x.path, choice])) } : c))}
          onSave={() => void save(mergedForm(conflict))}
          onEdit={applyMerge}
        />
      )}
      {incomeOpen && householdId !== null && (
        <IncomeWorksheet householdId={householdId} version={version} readOnly={readOnly} onClose={closeIncome} onSaved={(out, basedOnScreen) => void incomeSaved(out, basedOnScreen).catch((e: unknown) => setSaveError(e instanceof ApiCallError ? messages.errorMessage(e.code) : String(e)))} />
      )}
      {communeId === null || !layout ? (
        <p className="empty-state">{t.chooseCommune}</p>
      ) : (
        <div className="entry-body">
          <form className="entry-form" onSubmit={(e) => e.preventDefault()} aria-label={householdId ? t.editing(code ?? '', headName) : t.creating}>
            <p className="entry-heading">{householdId ? t.editing(code ?? '', headName) : t.creating}</p>

            <section className="paper" ref={firstBox} aria-label={t.mau.title}>
              <div className="paper-head">
                <p className="paper-nation">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br /><u>Độc lập - Tự do - Hạnh phúc</u></p>
                <h2>{t.mau.title}</h2>
                <p className="paper-sub">{t.mau.subtitle}</p>
              </div>
              <div className="paper-line">
                {field('request.kind', t.mau.kind, { codes: CODE_SETS.request, width: 'code' })}
                {field('request.receivedOn', t.mau.receivedOn, { width: 'date', placeholder: 'dd/mm/yyyy' })}
              </div>
              <p className="paper-to">{t.mau.to(communeName)}</p>
              <div className="paper-line">
                {field('m.0.fullName', t.mau.headName, { width: 'long', warning: warningsByPath.get('m.0.fullName') })}
                {field('m.0.sex', t.mau.sex, { codes: CODE_SETS.sex, width: 'code' })}
              </div>
              <div className="paper-line">
                {field('m.0.birthDate', t.mau.birthDate, { width: 'date', placeholder: 'dd/mm/yyyy' })}
                {field('m.0.ethnicity', t.mau.ethnicity, { width: 'short' })}
              </div>
              <div className="paper-line">
                {field('m.0.idNumber', t.mau.idNumber, { width: 'short', warning: warningsByPath.get('m.0.idNumber') })}
                {field('m.0.idIssuedOn', t.mau.idIssuedOn, { width: 'date' })}
                {field('request.idIssuedBy', t.mau.idIssuedBy, { width: 'short' })}
              </div>
              <div className="paper-line">{field('address', t.mau.address, { width: 'full' })}</div>
              <div className="paper-line">{field('currentAddress', t.mau.currentAddress, { width: 'full' })}</div>

              <h3>{t.roster.title}</h3>
              <p className="hint">{t.roster.hint}</p>
              <div className="roster-wrap">
              <table className="roster">
                <thead>
                  <tr>
                    <th>{t.roster.seq}</th>
                    {MEMBER_FIELDS.map((k) => (
                      <th key={k} title={MEMBER_CODES[k]?.map((o) => `${o.code}: ${o.label}`).join('\n')}>
                        {memberLabel(k)}
                        {MEMBER_CODES[k] && <small>{MEMBER_CODES[k]!.length <= 3 ? ` (${MEMBER_CODES[k]!.map((o) => `${o.code}: ${o.label}`).join('; ')})` : ` (1–${MEMBER_CODES[k]!.length})`}</small>}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {Array.from({ length: rows }, (_, i) => {
                    // The empty row at the end takes a new member: only its name box is a Tab stop
                    // until a name is typed, so Tab goes on to the next part of the paper.
                    const unused = i > 0 && MEMBER_FIELDS.every((k) => (f[`m.${i}.${k}`] ?? '').trim() === '');
                    return (
                    <tr key={i} className={unused ? 'roster-unused' : undefined}>
                      <td className="roster-seq">{String(i + 1).padStart(2, '0')}</td>
                      {MEMBER_FIELDS.map((k) => {
                        const name = `m.${i}.${k}`;
                        const headShown = i === 0 && HEAD_COLUMNS.includes(k);
                        return (
                          <td key={k}>
                            {headShown ? (
                              <span className="roster-copy">{f[name] ?? ''}</span>
                            ) : (
                              <Field name={name} label={`Thành viên ${i + 1}: ${memberLabel(k)}`} hideLabel value={f[name] ?? ''} onChange={change} error={errors[name]} warning={warningsByPath.get(name)} codes={MEMBER_CODES[k]} width={MEMBER_CODES[k] ? 'code' : k === 'birthDate' || k === 'idIssuedOn' ? 'date' : k === 'fullName' ? 'long' : 'short'} readOnly={readOnly} skipTab={unused && k !== 'fullName'} />
                            )}
                          </td>
                        );
                      })}
                    </tr>
                    );
                  })}
                </tbody>
              </table>
              </div>
              <div className="paper-line">{field('request.reason', t.mau.reason, { width: 'full' })}</div>
              {householdId !== null && (
                <PrintRequest roundId={roundId} communeId={communeId} householdId={householdId} kind={CODE_SETS.request.find((o) => o.code === f['request.kind'])?.value ?? null} dirty={dirty} />
              )}
            </section>

            <section className="paper" aria-label={t.household.title}>
              <h2>{t.household.title}</h2>
              <div className="paper-line">
                {field('area', t.household.area(layout.areaLabels), { codes: areaCodes(layout.areaLabels), width: 'code' })}
                {FLAG_FIELDS.map((k) => (
                  <span key={k}>{field(`flags.${k}`, `${t.household[k]} (${t.household.yesNo})`, { codes: CODE_SETS.yesNo, width: 'code' })}</span>
                ))}
              </div>
              <div className="paper-line">{field('reviewer', t.household.reviewer, { width: 'long' })}</div>
            </section>

            <section className="paper" aria-label={t.phieuA.title}>
              <h2>{t.phieuA.title}</h2>
              {layout.screening ? (
                layout.screening.items.map((item) => <div key={item.id} className="paper-line">{field(`a.screening.${item.id}`, item.label, { codes: CODE_SETS.yesNo, width: 'code' })}</div>)
              ) : (
                <p className="paper-missing">{t.phieuA.none(layout.ruleSet.title)}</p>
              )}
            </section>

            <section className="paper" aria-label={t.phieuB.title}>
              <h2>{t.phieuB.title}</h2>
              <h3>{byIncome ? t.phieuB.b1Income : t.phieuB.b1}</h3>
              {byIncome && (
                <>
                  <div className="paper-line income-box">
                    {field('a.monthlyIncome', t.phieuB.incomeMain, { width: 'short', warning: warningsByPath.get('a.monthlyIncome') })}
                    {layout.incomeLines ? (
                      <span className="hint income-lines-hint" data-income-lines="">{t.phieuB.incomeLines(layout.incomeLines.rural, layout.incomeLines.urban, layout.areaLabels)}</span>
                    ) : (
                      <span className="hint">{t.phieuB.incomeNoLines}</span>
                    )}
                    <span className="income-open">
                      <button type="button" className="entry-button" title={t.income.openTitle} aria-keyshortcuts={t.income.key} onClick={openIncome}>
                        {t.income.open}
                      </button>
                      <small className="hint">{t.income.key}</small>
                    </span>
                  </div>
                  {incomeHint && householdId === null && (
                    <p className="entry-key-hint" role="alert">
                      {incomeHint}
                    </p>
                  )}
                  <p className="hint">{t.phieuB.byIncomeHint}</p>
                </>
              )}
              {layout.b1 ? (
                <>
                  {field('a.b1Region', layout.b1.regions.map((r) => `${r.id}: ${r.label}`).join('; '), { width: 'short' })}
                  {layout.b1.items.map((item) => (
                    <div key={item.id} className="paper-line">{field(`a.b1.${item.id}`, `${item.label} (${item.options.map((o) => `${o.id}: ${o.label}`).join('; ')})`, { width: 'code' })}</div>
                  ))}
                  {preview?.b1Sum !== null && preview?.b1Sum !== undefined && <p className="hint">{t.phieuB.b1Sum(preview.b1Sum)}</p>}
                </>
              ) : (
                <p className="hint">{t.phieuB.noTable}</p>
              )}
              <div className="paper-line">
                {field('a.scoreA', t.phieuB.scoreA, { width: 'short', warning: warningsByPath.get('a.scoreA') })}
                {layout.cutoff && <span className="hint">{t.phieuB.cutoff(layout.cutoff.rural, layout.cutoff.urban, layout.areaLabels)}</span>}
              </div>
              <h3>{t.phieuB.b2}</h3>
              <table className="b2">
                <thead>
                  <tr>
                    <th>{t.phieuB.number}</th>
                    <th>{t.phieuB.dimension}</th>
                    <th>{t.phieuB.answer} <small>({codeHint(CODE_SETS.deprived)})</small></th>
                  </tr>
                </thead>
                <tbody>
                  {layout.b2.map((item) => (
                    <tr key={item.id}>
                      <td>{item.number}. {item.label}</td>
                      <td className="muted">{item.dimension}</td>
                      <td>
                        <Field name={`a.b2.${item.id}`} label={`Chỉ số ${item.number}: ${item.label}`} hideLabel value={f[`a.b2.${item.id}`] ?? ''} onChange={change} error={errors[`a.b2.${item.id}`]} warning={warningsByPath.get(`a.b2.${item.id}`)} codes={CODE_SETS.deprived} width="code" readOnly={readOnly} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <div className="paper-line">
                {field('a.housingAreaM2', t.phieuB.housingArea, { width: 'short' })}
                {!byIncome && field('a.monthlyIncome', t.phieuB.income, { width: 'short' })}
                {/* The middle-income track (mức sống trung bình) measures income too: the same worksheet, by Alt+T (no Tab stop, so the paper's order is kept). */}
                {!byIncome && (
                  <button type="button" className="entry-button" tabIndex={-1} title={t.income.openTitle} aria-keyshortcuts={t.income.key} onClick={openIncome}>
                    {t.income.open} <small className="hint">{t.income.key}</small>
                  </button>
                )}
              </div>
              {!byIncome && incomeHint && householdId === null && (
                <p className="entry-key-hint" role="alert">
                  {incomeHint}
                </p>
              )}
              <fieldset className="causes">
                <legend>{t.phieuB.causes}</legend>
                {CAUSES.map((c) => (
                  <label key={c} className="cause">
                    <input
                      type="checkbox"
                      name={causeField(c)}
                      data-entry=""
                      checked={f[causeField(c)] === '1'}
                      disabled={readOnly}
                      onChange={(e) => change(causeField(c), e.target.checked ? '1' : '')}
                    />
                    {causeTitle(c)}
                  </label>
                ))}
                <p className="hint">{t.phieuB.causesHint}</p>
              </fieldset>
            </section>
          </form>

          <aside className="entry-live" aria-live="polite">
            <h2>{t.live.title}</h2>
            {preview?.result ? (
              <div className="live-result">
                <StatusBadge status={preview.result.status} label={preview.result.statusLabel} />
                <span className="live-transition">{preview.result.transitionLabel}</span>
                <p className="explanation">{preview.result.explanation}</p>
              </div>
            ) : (
              <div className="live-result">
                <StatusBadge status={null} label={t.live.pending} />
                {preview && preview.missing.length > 0 && (
                  <ul className="live-missing" aria-label={t.live.missing}>
                    {preview.missing.map((m) => <li key={m}>{m}</li>)}
                  </ul>
                )}
              </div>
            )}
            {preview?.screening && (
              <p className={preview.screening.excluded ? 'live-screening excluded' : 'live-screening'} role="status">
                <strong>{t.live.screening}</strong>
                {preview.screening.explanation}
              </p>
            )}
            {!readOnly && Object.keys(errors).length > 0 && (
              <>
                <h3>{t.live.errors}</h3>
                <ul className="live-errors">
                  {Object.entries(errors).map(([p, m]) => <li key={p}>{m}</li>)}
                </ul>
              </>
            )}
            <h3>{t.live.warnings}</h3>
            {warnings.length ? (
              <ul className="live-warnings">
                {warnings.map((w, i) => <li key={i}>{w.message}</li>)}
              </ul>
            ) : (
              <p className="muted">{t.live.none}</p>
            )}
            <div className="entry-actions">
              <button type="button" className="entry-button" disabled={readOnly || busy} title={lockReason ?? 'Ctrl+S'} aria-describedby={lockReason ? 'entry-lock-reason' : undefined} onClick={() => void save()}>
                {t.save.button}
              </button>
              <button type="button" className="entry-button" disabled={readOnly || busy} title={lockReason ?? 'Ctrl+Enter'} aria-describedby={lockReason ? 'entry-lock-reason' : undefined} onClick={() => void saveAndNext()}>
                {t.save.buttonNext}
              </button>
              {lockReason && <p id="entry-lock-reason" className="entry-lock-reason">{lockReason}</p>}
            </div>
            <div className="entry-status">
              {busy && <p>{t.save.saving}</p>}
              {saveError && <p className="error-text" role="alert">{saveError}</p>}
              {notice && <p className="entry-notice">{notice}</p>}
              {draftSavedAt && dirty && <p className="muted">{t.save.draftSaved(timeOf(draftSavedAt))}</p>}
            </div>
          </aside>
        </div>
      )}
    </div>
  );
}
