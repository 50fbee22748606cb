/** Text that crosses a boundary (IPC, HTTP, files, CLI) is stored in NFC with tidy spaces. */
export function nfc(value: string): string {
  return value.normalize('NFC');
}

/** NFC, trimmed, inner runs of white space collapsed to one space. */
export function cleanText(value: string): string {
  return nfc(value).replace(/\s+/gu, ' ').trim();
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
