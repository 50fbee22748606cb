/**
 * Vietnamese collation as a plain sort key, so that SQLite (which cannot load a custom
 * collation through better-sqlite3) can ORDER BY an indexed column and agree with
 * Intl.Collator('vi'): letters first (a ă â b c d đ e ê … with the modified letters as letters
 * of their own), then tones (none, huyền, hỏi, ngã, sắc, nặng), then case (lower first).
 * test/unit/collate.test.ts checks the agreement with Intl.Collator on random names.
 */
const ALPHABET = 'aăâbcdđeêfghijklmnoôơpqrstuưvwxyz';
const TONES: Record<string, number> = {
  '\u0300': 1, // huyền
  '\u0309': 2, // hỏi
  '\u0303': 3, // ngã
  '\u0301': 4, // sắc
  '\u0323': 5, // nặng
};
// Modifiers that make a letter of its own in the Vietnamese alphabet.
const LETTER_MARKS: Record<string, string> = {
  'a\u0306': 'ă',
  'a\u0302': 'â',
  'e\u0302': 'ê',
  'o\u0302': 'ô',
  'o\u031b': 'ơ',
  'u\u031b': 'ư',
};
const PRIMARY_BASE = 0x30; // primary weights start here; 0x01 separates the levels
const DIGIT_BASE = 0x20;

function primaryOf(letter: string): string {
  if (letter === ' ') return '\u0002';
  const i = ALPHABET.indexOf(letter);
  if (i >= 0) return String.fromCharCode(PRIMARY_BASE + 0x10 + i);
  if (letter >= '0' && letter <= '9') return String.fromCharCode(DIGIT_BASE + letter.charCodeAt(0) - 48);
  // Punctuation and anything else: after the space, before digits and letters.
  return '\u0003' + letter;
}

export function viSortKey(value: string): string {
  const decomposed = value.normalize('NFD').replace(/\s+/gu, ' ').trim();
  let primary = '';
  let secondary = '';
  let tertiary = '';
  for (let i = 0; i < decomposed.length; i++) {
    const ch = decomposed[i]!;
    if (/\p{M}/u.test(ch)) continue; // marks are consumed with their base letter below
    const lower = ch.toLowerCase();
    const upper = ch !== lower;
    let letter = lower === 'đ' ? 'đ' : lower;
    let tone = 0;
    let j = i + 1;
    while (j < decomposed.length && /\p{M}/u.test(decomposed[j]!)) {
      const mark = decomposed[j]!;
      const combined = LETTER_MARKS[letter + mark];
      if (combined) letter = combined;
      else if (TONES[mark]) tone = TONES[mark];
      j++;
    }
    primary += primaryOf(letter);
    secondary += String.fromCharCode(0x30 + tone);
    tertiary += upper ? '1' : '0';
  }
  return `${primary}\u0001${secondary}\u0001${tertiary}`;
}

const collator = new Intl.Collator('vi');
/** Comparator for in-memory sorting with the same order as viSortKey. */
export const viCompare = (a: string, b: string): number => collator.compare(a, b);
