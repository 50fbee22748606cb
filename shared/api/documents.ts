// Contract entries of the official documents (issue: PDF forms, lists, reports, dossier).
// Filled in by the documents work; empty until then.

/** Input schemas of the documents' calls (merged into the contract). */
export const documentInputs = {} as const;
/** Input schemas of the documents' long jobs (merged into jobInputs). */
export const documentJobInputs = {} as const;
/** Outputs of the documents' calls. */
export type DocumentOutputs = Record<never, never>;
