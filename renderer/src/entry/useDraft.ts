import { useEffect, useRef, useState } from 'react';
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

/**
 * Saves the form as typed, a moment after each change, in the database's draft table (it
 * survives closing the window and a crash). `dirty` is false until the officer types.
 */
export function useDraftSaver(key: string | null, roundId: number, householdId: number | null, body: DraftBody | null, dirty: boolean): string | null {
  const [savedAt, setSavedAt] = useState<string | null>(null);
  const latest = useRef(body);
  latest.current = body;
  useEffect(() => {
    if (!key || !dirty || !body) return;
    const timer = setTimeout(() => {
      call('entry.drafts.save', { key, roundId, householdId, body: latest.current }).then(
        (r) => setSavedAt(r.savedAt),
        () => setSavedAt(null),
      );
    }, DRAFT_DELAY_MS);
    return () => clearTimeout(timer);
  }, [key, roundId, householdId, body, dirty]);
  return savedAt;
}
