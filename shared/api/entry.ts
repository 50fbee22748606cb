// Contract entries of data entry, review tables and the review workflow. Empty until that work lands.

export const entryInputs = {} as const;
export type EntryOutputs = Record<never, never>;
