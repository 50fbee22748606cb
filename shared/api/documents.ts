// Contract entries of the official documents (issue: PDF forms, lists, reports, dossier).
import { z } from 'zod';
import { Id } from './common';

/** Document ids as in spec/documents.md (inventory). */
export const DOCUMENT_IDS = ['M01', 'M02', 'M03', 'M04', 'P1', 'PA', 'PB', 'P5', 'TB', 'BC', 'LK', 'QTB', 'DTB', 'GTB'] as const;
export type DocumentId = (typeof DOCUMENT_IDS)[number];

/**
 * Forms that can be printed filled in: Mẫu 01 / 04 for one household (from this round's record);
 * Phiếu A / B for one household, a village or the whole commune (from last round's record).
 */
export const PREFILLABLE: Readonly<Partial<Record<DocumentId, 'household' | 'households'>>> = {
  M01: 'household',
  M04: 'household',
  PA: 'households',
  PB: 'households',
};

/** Order of the approval dossier (spec/documents.md, "The approval dossier"). */
export const DOSSIER_ORDER: readonly DocumentId[] = ['P1', 'P5', 'TB', 'BC', 'M02', 'LK'];

const officialFields = {
  chairman: z.string().max(120),
  viceChairman: z.string().max(120),
  /** "TM" = the chairman signs for the people's committee; "KT" = the vice-chairman signs for the chairman. */
  signAs: z.enum(['TM', 'KT']),
  /** Công chức phụ trách giảm nghèo (deputy head of the review board). */
  povertyOfficer: z.string().max(120),
  /** Place name printed on the date line ("Bình Mỹ"); the commune's name when empty. */
  placeName: z.string().max(80),
};

/** Who signs and how the commune's header reads; unset fields print as dotted blanks. */
export const OfficialsSchema = z.object({
  chairman: officialFields.chairman.default(''),
  viceChairman: officialFields.viceChairman.default(''),
  signAs: officialFields.signAs.default('TM'),
  povertyOfficer: officialFields.povertyOfficer.default(''),
  placeName: officialFields.placeName.default(''),
});
/** A change to the officials: only the fields given are replaced (no defaults here). */
export const OfficialsPatchSchema = z.object(officialFields).partial().strict();
export type Officials = z.output<typeof OfficialsSchema>;

const Target = { roundId: Id, unitId: Id };

export const documentInputs = {
  /** The units a round's documents can be printed for: its whole scope (district or province), then its communes. */
  'documents.units': z.object({ roundId: Id }),
  /** The documents that can be printed for a round and a commune (or a district, for BC and LK). */
  'documents.list': z.object({ ...Target }),
  'documents.officials.get': z.object({ communeId: Id }),
  'documents.officials.set': z.object({ communeId: Id, officials: OfficialsPatchSchema }),
} as const;

export const documentJobInputs = {
  /** One document as a PDF (output: <ID>.pdf). */
  'documents.render': z.object({
    ...Target,
    doc: z.enum(DOCUMENT_IDS),
    /** Filled in (see PREFILLABLE) rather than blank. */
    prefill: z.boolean().default(false),
    /** The household of a filled-in form; for Phiếu A / B, else the village's or the commune's households. */
    householdId: Id.nullable().default(null),
    villageId: Id.nullable().default(null),
  }),
  /** The approval dossier: dossier.pdf plus each document separately. */
  'documents.dossier': z.object({ ...Target }),
} as const;

export interface DocumentListItem {
  id: DocumentId;
  title: string;
  /** Why it cannot be printed for this unit (e.g. a decision needs a commune), or null. */
  unavailable: string | null;
  /** Whether it can be printed filled in, and for what: one household, or also a village / the commune. */
  prefill: 'household' | 'households' | null;
}

export interface DocumentUnit {
  id: number;
  code: string;
  /** "Huyện Châu Phú", "Xã Bình Mỹ". */
  fullName: string;
  level: 'province' | 'district' | 'commune';
}

export interface DocumentOutputs {
  'documents.units': DocumentUnit[];
  'documents.list': DocumentListItem[];
  'documents.officials.get': Officials;
  'documents.officials.set': Officials;
}

/** Result of a document job: the files written in the job's folder. */
export interface DocumentJobResult {
  files: { name: string; pages: number; doc: DocumentId | 'dossier' }[];
}

/** Each document job's result, by kind (see shared/api/jobs.ts). */
export interface DocumentJobOutputs {
  'documents.render': DocumentJobResult;
  'documents.dossier': DocumentJobResult;
}
