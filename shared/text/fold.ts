/**
 * Search folding: lower case, no diacritics, đ → d. Unicode decomposition alone leaves đ/Đ
 * untouched (they are letters of their own, not d + mark), so they are mapped explicitly.
 */
export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/gu, 'd')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** True when every word of the folded query occurs, in order, in the folded text. */
export function foldedIncludes(text: string, query: string): boolean {
  return fold(text).includes(fold(query));
}
