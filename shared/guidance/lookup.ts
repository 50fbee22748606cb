// Finding the guidance of a box: pure, used by F1 on the entry screen and by the handbook.
import { CAUSES, causeCode, CAUSE_LABELS } from '../domain/causes';
import { CODE_SETS } from '../entry/codes';
import { GUIDANCE_FORMS, type GuidanceBook, type GuidanceCodeSet, type GuidanceEntry, type GuidanceForm } from './schema';

/**
 * The keys a box's guidance may be found under, most precise first: the field id itself, with a
 * member row's index left out ("m.3.sex" → "m.sex"), then each shorter prefix ("a.screening.car"
 * → "a.screening"). An empty or unknown id gives no keys.
 */
export function guidanceKeys(fieldId: string): string[] {
  const id = fieldId.trim().replace(/^m\.\d+\./u, 'm.');
  if (!/^[A-Za-z0-9.]+$/u.test(id)) return [];
  const parts = id.split('.');
  const keys: string[] = [];
  for (let n = parts.length; n >= 1; n--) {
    const key = parts.slice(0, n).join('.');
    if (key !== 'm' && key !== 'a' && key !== 'flags' && key !== 'request') keys.push(key);
  }
  return keys;
}

export interface FoundGuidance {
  key: string;
  entry: GuidanceEntry;
}

/** The guidance of a box, or null when the book has none for it. */
export function findGuidance(entries: Readonly<Record<string, GuidanceEntry>>, fieldId: string): FoundGuidance | null {
  for (const key of guidanceKeys(fieldId)) {
    const entry = entries[key];
    if (entry) return { key, entry };
  }
  return null;
}

/** The book for a rule set: the one naming it, else the one whose period holds the rule set's start date. */
export function bookFor<B extends Pick<GuidanceBook, 'ruleSets' | 'period'>>(books: readonly B[], ruleSet: { id: string; validFrom: string }): B | null {
  return books.find((b) => b.ruleSets.includes(ruleSet.id)) ?? books.find((b) => b.period.from <= ruleSet.validFrom && ruleSet.validFrom <= b.period.to) ?? null;
}

/** A code as it is typed, and what it means. */
export interface GuidanceCode {
  code: string;
  label: string;
}

/**
 * The codes of a code set, read from the code sets themselves (shared/entry/codes.ts, the causes
 * of poverty); `areaLabels` gives the period's words for the areas ("đô thị" from 2027).
 */
export function codesOf(set: GuidanceCodeSet | null, areaLabels?: { rural: string; urban: string }): GuidanceCode[] {
  if (set === null) return [];
  if (set === 'causes') return CAUSES.map((c) => ({ code: String(causeCode(c)), label: CAUSE_LABELS[c] }));
  if (set === 'area' && areaLabels) return CODE_SETS.area.map((o) => ({ code: o.code, label: capitalise(areaLabels[o.value]) }));
  return CODE_SETS[set].map((o) => ({ code: o.code, label: o.label }));
}

const capitalise = (s: string): string => s.charAt(0).toLocaleUpperCase('vi') + s.slice(1);

/** The entries of a book grouped by form, in the handbook's order (Phiếu A, B1, B2, members…), each group in the book's order. */
export function entriesByForm(entries: Readonly<Record<string, GuidanceEntry>>): { form: GuidanceForm; entries: FoundGuidance[] }[] {
  return GUIDANCE_FORMS.map((form) => ({
    form,
    entries: Object.entries(entries)
      .filter(([, e]) => e.form === form)
      .map(([key, entry]) => ({ key, entry })),
  })).filter((g) => g.entries.length > 0);
}
