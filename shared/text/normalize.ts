/**
 * Characters nobody types in a Vietnamese name, code or address and nobody sees: zero-width
 * space, non-joiner and joiner, word joiner, byte-order mark, soft hyphen, and the bidi controls
 * (LRM, RLM, ALM, LRE…RLO, LRI…PDI) that can show a text in another order than it is stored.
 * Pasted from web pages, chat apps and PDFs, they make two equal names differ (search, matching,
 * duplicates) and can disguise a value; the text boundary removes them.
 */
const INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/gu;
const HAS_INVISIBLE = /[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/u;

/** Text that crosses a boundary (IPC, HTTP, files, CLI) is stored in NFC with tidy spaces. */
export function nfc(value: string): string {
  return value.normalize('NFC');
}

/** True when the text has a character cleanText removes (zero-width or bidi control): the caller says so. */
export function hasInvisible(value: string): boolean {
  return HAS_INVISIBLE.test(value);
}

/** NFC, zero-width characters and bidi controls removed, trimmed, inner runs of white space collapsed to one space. */
export function cleanText(value: string): string {
  return nfc(HAS_INVISIBLE.test(value) ? value.replace(INVISIBLE, '') : value)
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Deeply NFC-normalises every string of a JSON-like value (objects, arrays, strings). */
export function nfcDeep<T>(value: T): T {
  if (typeof value === 'string') return nfc(value) as T;
  if (Array.isArray(value)) return value.map((v) => nfcDeep(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = nfcDeep(v);
    return out as T;
  }
  return value;
}
