// The legal bases ("Căn cứ …") the documents cite: data, not code, because which texts apply
// changes with the standard's period and the 2025 reform, and several are still to verify
// (reference/legal-2026.md). Shipped in resources/documents/legal-bases.json; an administrator's
// copy beside the database replaces it.
import { z } from 'zod';
import { DOCUMENT_IDS, type DocumentId } from '../api/documents';
import { ProvenanceSchema } from '../engine/ruleset';

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u);

export const LegalBasisSchema = z.object({
  id: z.string().min(1),
  /** As cited after "Căn cứ ", without the closing semicolon. */
  cite: z.string().min(1),
  /** The procedure's texts as a report or notice names them ("Quyết định số 24/2021/QĐ-TTg ngày …"); none for the others. */
  short: z.string().min(1).optional(),
  /** Applies to rounds under these rule sets only (all when absent). */
  ruleSets: z.array(z.string()).optional(),
  /** Applies to documents dated from / until these dates (the decision's date, else the round's reference date). */
  from: IsoDate.optional(),
  until: IsoDate.optional(),
  /** The documents that open with it as a "Căn cứ" line. */
  documents: z.array(z.enum(DOCUMENT_IDS)),
  status: z.enum(['confirmed', 'to_verify']),
  provenance: ProvenanceSchema,
});
export type LegalBasis = z.infer<typeof LegalBasisSchema>;

export const LegalBasesSchema = z.object({
  version: z.string().min(1),
  bases: z.array(LegalBasisSchema).min(1),
});
export type LegalBases = z.infer<typeof LegalBasesSchema>;

/** The bases that apply to a round's document of a given date, in the file's order. */
export function applicableBases(bases: readonly LegalBasis[], at: { ruleSetId: string; date: string }): LegalBasis[] {
  return bases.filter(
    (b) => (!b.ruleSets || b.ruleSets.includes(at.ruleSetId)) && (!b.from || b.from <= at.date) && (!b.until || at.date <= b.until),
  );
}

/** "Căn cứ …;" lines of a document. */
export function citationsFor(bases: readonly LegalBasis[], at: { ruleSetId: string; date: string }, doc: DocumentId): string[] {
  return applicableBases(bases, at)
    .filter((b) => b.documents.includes(doc))
    .map((b) => `Căn cứ ${b.cite};`);
}

/** The review procedure's texts as a report or notice names them, joined ("X và Y"); null when none applies. */
export function procedureTexts(bases: readonly LegalBasis[], at: { ruleSetId: string; date: string }): string | null {
  const shorts = applicableBases(bases, at).flatMap((b) => (b.short ? [b.short] : []));
  if (shorts.length === 0) return null;
  return shorts.length === 1 ? shorts[0]! : `${shorts.slice(0, -1).join(', ')} và ${shorts.at(-1)!}`;
}
