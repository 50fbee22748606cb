import { useCallback, useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import type { GuidanceView } from '../../../shared/api/guidance';
import { findGuidance, type FoundGuidance } from '../../../shared/guidance/lookup';
import { ApiCallError, call } from '../api';
import { GuidancePanel } from './GuidancePanel';

/** The id of the box that has the focus: its data-field, else its name, else its id (the entry screen's field ids). */
export function fieldIdOf(el: Element | null): string | null {
  if (!(el instanceof HTMLElement)) return null;
  return el.dataset.field || el.getAttribute('name') || el.id || null;
}

export interface FieldGuidance {
  /** Put on the screen's container: F1 opens the focused box's guidance, Esc closes it. */
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void;
  /** Opens the guidance of a box by its id (a help button beside a box). */
  show: (fieldId: string) => void;
  /** The panel, to render once in the screen (nothing while closed). */
  panel: ReactNode;
}

interface Shown {
  fieldId: string;
  found: FoundGuidance | null;
  /** The element to give the focus back to on close. */
  from: HTMLElement | null;
}

/**
 * F1 on any box of the entry screen: the guidance of that box for the round's rule-set period
 * (guidance.get, asked once per round when F1 is first pressed).
 */
export function useFieldGuidance(roundId: number | null): FieldGuidance {
  const [book, setBook] = useState<{ roundId: number; view: GuidanceView } | null>(null);
  const [error, setError] = useState<ApiCallError | null>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  const asked = useRef<Promise<GuidanceView> | null>(null);
  const askedFor = useRef<number | null>(null);

  useEffect(() => {
    // Another round may be of another period: its guidance is asked again.
    setShown(null);
    setError(null);
    asked.current = null;
    askedFor.current = null;
  }, [roundId]);

  const load = useCallback((): Promise<GuidanceView> | null => {
    if (roundId === null) return null;
    if (!asked.current || askedFor.current !== roundId) {
      askedFor.current = roundId;
      asked.current = call('guidance.get', { roundId });
      asked.current.then(
        (view) => setBook({ roundId, view }),
        (e: unknown) => {
          asked.current = null;
          setError(e instanceof ApiCallError ? e : new ApiCallError('guidance.get', 'INTERNAL', String(e)));
        },
      );
    }
    return asked.current;
  }, [roundId]);

  const open = useCallback(
    (fieldId: string, from: HTMLElement | null) => {
      const pending = load();
      if (!pending) return;
      setError(null);
      setShown({ fieldId, found: null, from });
      void pending.then(
        (view) => setShown((s) => (s && s.fieldId === fieldId ? { ...s, found: findGuidance(view.entries, fieldId) } : s)),
        () => undefined,
      );
    },
    [load],
  );

  const shownRef = useRef<Shown | null>(null);
  shownRef.current = shown;
  const close = useCallback(() => {
    const from = shownRef.current?.from ?? null;
    setShown(null);
    from?.focus();
  }, []);

  const onKeyDown = useCallback(
    (e: KeyboardEvent<HTMLElement>) => {
      if (e.key === 'F1') {
        e.preventDefault();
        const el = (e.target instanceof HTMLElement ? e.target : null) ?? (document.activeElement as HTMLElement | null);
        const id = fieldIdOf(el);
        if (id) open(id, el);
      } else if (e.key === 'Escape' && shown) {
        e.preventDefault();
        close();
      }
    },
    [open, close, shown],
  );

  const show = useCallback((fieldId: string) => open(fieldId, document.activeElement as HTMLElement | null), [open]);

  const view = book && book.roundId === roundId ? book.view : null;
  const panel = shown && roundId !== null ? <GuidancePanel roundId={roundId} fieldId={shown.fieldId} found={shown.found} view={view} error={error} onClose={close} /> : null;
  return { onKeyDown, show, panel };
}
