import type { RawForm } from './raw';

/**
 * A draft of the entry screen (entry_drafts.body): the form as typed, where it is, and for a
 * stored household the version it was read at and the form as read then ("base"), so that a
 * draft saved before someone else saved the household is merged, never saved over their change.
 */
export interface DraftBody {
  raw: RawForm;
  communeId: number;
  villageId: number | null;
  /** The household's version the typed values are based on (absent: a new household, or an older draft). */
  version?: number;
  /** The household's form as it was read at `version` (what the officer changed is what differs from it). */
  base?: RawForm;
}

/** The draft key of a stored household (a new household's is "new:<round>:<id>"). */
export const householdDraftKey = (householdId: number): string => `household:${householdId}`;
