import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { call } from '../api';
import type { DraftBody } from '../../../shared/entry/draft';

export type { DraftBody } from '../../../shared/entry/draft';

const DRAFT_DELAY_MS = 400;

/**
 * The draft key of a new, unsaved household: its own, so that a second new household never
 * overwrites the first's draft ("new:<round>:<id>"; a saved household's is "household:<id>").
 * Drafts live in the database's draft table, so they stay with the database they were typed for.
 */
export function newDraftKey(roundId: number): string {
  const id = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
  return `new:${roundId}:${id}`;
}

/** The draft saver of the entry form (useDraftSaver). */
export interface DraftSaver {
  /** When the last draft was kept, as the server says. */
  savedAt: string | null;
  /**
   * Before the household is saved: no draft is sent from now on, and one already sent is waited
   * for. A draft that reached the server after the save would bring back, as a draft, the values
   * the save has just stored and cleared its draft of (the save deletes the household's draft).
   */
  hold(): Promise<void>;
  /** After a save that failed: drafts are sent again (the typed values are still to be kept). */
  resume(): void;
}

/**
 * Saves the form as typed, a moment after each change, in the database's draft table (it
 * survives closing the window and a crash). `dirty` is false until the officer types. While a
 * save holds it (DraftSaver.hold), a draft due is tried again a moment later: a save that stores
 * the household makes the form clean (no draft then), one that fails resumes the drafts. A change
 * of `dirty` (the save done, typing again) ends the hold too.
 */
export function useDraftSaver(key: string | null, roundId: number, householdId: number | null, body: DraftBody | null, dirty: boolean): DraftSaver {
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const latest = useRef(body);
  latest.current = body;
  const held = useRef(false);
  const inFlight = useRef<Promise<void> | null>(null);
  // Declared before the saver's effect: the hold ends before a draft is next due.
  useEffect(() => {
    held.current = false;
  }, [dirty]);
  useEffect(() => {
    if (!key || !dirty || !body) return;
    let timer: ReturnType<typeof setTimeout>;
    const due = () => {
      if (held.current) {
        timer = setTimeout(due, DRAFT_DELAY_MS);
        return;
      }
      const sent = call('entry.drafts.save', { key, roundId, householdId, body: latest.current }).then(
        (r) => setSavedAt(r.savedAt),
        () => setSavedAt(null),
      );
      inFlight.current = sent;
      void sent.then(() => {
        if (inFlight.current === sent) inFlight.current = null;
      });
    };
    timer = setTimeout(due, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key, roundId, householdId, body, dirty]);
  const hold = useCallback(async () => {
    held.current = true;
    await inFlight.current;
  }, []);
  const resume = useCallback(() => {
    held.current = false;
  }, []);
  return useMemo(() => ({ savedAt, hold, resume }), [savedAt, hold, resume]);
}
