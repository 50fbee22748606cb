import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import type { RoundSummary } from '../../../shared/api/contract';

/**
 * The round, commune and village the officer chose: one choice for every tab (issue 14), kept
 * in sessionStorage so that a reload of the page keeps it too. A screen reads it through the
 * pickers (RoundPicker, UnitPicker) and changes it through them.
 */
export interface Choice {
  roundId: number;
  communeId: number | null;
  villageId: number | null;
}

interface ChoiceContextValue extends Choice {
  /** A new round: its communes differ, so the commune and village are forgotten. */
  setRound: (roundId: number) => void;
  /** A new commune: the village is forgotten. */
  setCommune: (communeId: number | null) => void;
  setVillage: (villageId: number | null) => void;
  /** Several at once (a household opened from another round or commune). */
  setChoice: (choice: Partial<Choice>) => void;
}

const STORAGE_KEY = 'rasoat.choice';

/** The latest round is where the officer works; older ones are for looking back. */
export function latestRound(rounds: readonly RoundSummary[]): RoundSummary {
  return rounds.reduce((a, b) => (b.year > a.year || (b.year === a.year && b.id > a.id) ? b : a));
}

function readStored(): Partial<Choice> {
  try {
    const text = window.sessionStorage.getItem(STORAGE_KEY);
    const value: unknown = text ? JSON.parse(text) : null;
    if (!value || typeof value !== 'object') return {};
    const v = value as Record<string, unknown>;
    const id = (x: unknown): number | null => (typeof x === 'number' && Number.isInteger(x) ? x : null);
    return { ...(id(v.roundId) !== null ? { roundId: id(v.roundId)! } : {}), communeId: id(v.communeId), villageId: id(v.villageId) };
  } catch {
    // A storage the browser refuses (private mode, quota): the choice lives only in memory.
    return {};
  }
}

function store(choice: Choice): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // See readStored: nothing to keep it in, the choice still holds for this page.
  }
}

const ChoiceContext = createContext<ChoiceContextValue | null>(null);

interface ProviderProps {
  rounds: readonly RoundSummary[];
  /** Where a user starts when nothing was chosen yet (a keyer: their first village). */
  initial?: Partial<Choice>;
  children: ReactNode;
}

export function ChoiceProvider({ rounds, initial, children }: ProviderProps) {
  const [choice, setChoiceState] = useState<Choice>(() => {
    const stored = readStored();
    const known = stored.roundId !== undefined && rounds.some((r) => r.id === stored.roundId);
    if (known) return { roundId: stored.roundId!, communeId: stored.communeId ?? null, villageId: stored.villageId ?? null };
    return { roundId: latestRound(rounds).id, communeId: initial?.communeId ?? null, villageId: initial?.villageId ?? null };
  });
  // A round removed (a restore) falls back to the latest.
  const roundId = rounds.some((r) => r.id === choice.roundId) ? choice.roundId : latestRound(rounds).id;

  const update = useCallback((next: (c: Choice) => Choice) => {
    setChoiceState((c) => {
      const n = next(c);
      if (n.roundId === c.roundId && n.communeId === c.communeId && n.villageId === c.villageId) return c;
      store(n);
      return n;
    });
  }, []);
  const setRound = useCallback((id: number) => update((c) => (c.roundId === id ? c : { roundId: id, communeId: null, villageId: null })), [update]);
  const setCommune = useCallback((id: number | null) => update((c) => (c.communeId === id ? c : { ...c, communeId: id, villageId: null })), [update]);
  const setVillage = useCallback((id: number | null) => update((c) => ({ ...c, villageId: id })), [update]);
  const setChoice = useCallback((part: Partial<Choice>) => update((c) => ({ ...c, ...part })), [update]);

  const value = useMemo<ChoiceContextValue>(
    () => ({ roundId, communeId: roundId === choice.roundId ? choice.communeId : null, villageId: roundId === choice.roundId ? choice.villageId : null, setRound, setCommune, setVillage, setChoice }),
    [roundId, choice, setRound, setCommune, setVillage, setChoice],
  );
  return <ChoiceContext.Provider value={value}>{children}</ChoiceContext.Provider>;
}

/** The shared choice (the shell provides it to every screen). */
export function useChoice(): ChoiceContextValue {
  const value = useContext(ChoiceContext);
  if (!value) throw new Error('useChoice outside ChoiceProvider');
  return value;
}

/** Keeps a screen's own state (filters, search, sort) for the session: going back to the tab finds it as left. */
export function useSessionState<T>(key: string, initial: () => T): [T, (next: T | ((prev: T) => T)) => void] {
  const storageKey = `rasoat.screen.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const text = window.sessionStorage.getItem(storageKey);
      return text ? ({ ...initial(), ...(JSON.parse(text) as object) } as T) : initial();
    } catch {
      return initial();
    }
  });
  const set = useCallback(
    (next: T | ((prev: T) => T)) =>
      setValue((prev) => {
        const n = typeof next === 'function' ? (next as (p: T) => T)(prev) : next;
        try {
          window.sessionStorage.setItem(storageKey, JSON.stringify(n));
        } catch {
          // No storage: the state holds while the screen is shown.
        }
        return n;
      }),
    [storageKey],
  );
  return [value, set];
}
