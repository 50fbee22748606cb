import { describe, expect, it } from 'vitest';
import { viSortKey } from '../../shared/text/collate';
import { fold } from '../../shared/text/fold';
import { formatDateVi, formatNumberVi } from '../../shared/text/format';
import { cleanText, hasInvisible, nfcDeep } from '../../shared/text/normalize';

describe('search folding', () => {
  it('removes diacritics and case, and folds đ/Đ to d', () => {
    expect(fold('Nguyễn Văn Dũng')).toBe('nguyen van dung');
    expect(fold('ĐÀO Thị Đức')).toBe('dao thi duc');
  });
  it('folds decomposed input (typed with a combining-mark keyboard) the same as composed', () => {
    const nfd = 'Nguyễn Thị Hường'.normalize('NFD');
    expect(fold(nfd)).toBe(fold('Nguyễn Thị Hường'));
  });
  it('collapses spaces', () => {
    expect(fold('  Lê   Văn\tTám ')).toBe('le van tam');
  });
});

describe('NFC at the boundary', () => {
  it('normalises every string of a nested value', () => {
    const nfd = 'Hường'.normalize('NFD');
    expect(nfcDeep({ a: [nfd], b: { c: nfd }, n: 1 })).toEqual({ a: ['Hường'], b: { c: 'Hường' }, n: 1 });
  });
  it('cleans spaces', () => {
    expect(cleanText(' Trần  Văn   Ba ')).toBe('Trần Văn Ba');
  });
  it('removes zero-width characters and bidi controls (never part of a Vietnamese name), and says when there were some', () => {
    // ZWSP, ZWNJ, ZWJ, word joiner, BOM; LRM, RLM, ALM; LRE…RLO; LRI…PDI; soft hyphen.
    const invisible = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u200e', '\u200f', '\u061c', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u00ad'];
    for (const c of invisible) {
      expect(cleanText(`Ng${c}uyễn${c} Văn ${c}An${c}`)).toBe('Nguyễn Văn An');
      expect(hasInvisible(`An${c}`)).toBe(true);
    }
    // Between a letter and its combining tone mark: removed before composing, so the letter still composes.
    expect(cleanText('Nguye\u0302\u200b\u0303n')).toBe('Nguyễn');
    expect(cleanText('\u202e\u200b \u2066')).toBe('');
    expect(hasInvisible('Nguyễn Văn An')).toBe(false);
  });
});

describe('Vietnamese sort key agrees with Intl.Collator("vi")', () => {
  const collator = new Intl.Collator('vi');
  const byKey = (a: string, b: string) => (viSortKey(a) < viSortKey(b) ? -1 : viSortKey(a) > viSortKey(b) ? 1 : 0);
  it('orders letters as the Vietnamese alphabet: a ă â … d đ … o ô ơ … u ư', () => {
    const words = ['Đào', 'Dung', 'Ân', 'Anh', 'Ăn', 'An', 'Ơn', 'Ôn', 'On', 'Ưng', 'Ung', 'Ê', 'E'];
    expect([...words].sort(byKey)).toEqual([...words].sort(collator.compare));
  });
  it('orders tones: none, huyền, hỏi, ngã, sắc, nặng', () => {
    const words = ['Dụng', 'Dúng', 'Dũng', 'Dủng', 'Dùng', 'Dung'];
    expect([...words].sort(byKey)).toEqual(['Dung', 'Dùng', 'Dủng', 'Dũng', 'Dúng', 'Dụng']);
  });
  it('matches the collator on 3,000 random names', () => {
    const family = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Võ', 'Vũ', 'Đặng', 'Bùi', 'Đỗ', 'Đào', 'Dương', 'Lý', 'Châu', 'Ông', 'Ưng', 'Âu'];
    const middle = ['Văn', 'Thị', 'Hữu', 'Minh', 'Ngọc', 'Thanh', 'Đức', 'Quốc', 'Mỹ', 'Ánh'];
    const given = ['Dũng', 'Dung', 'Dụng', 'Hường', 'Hương', 'Hưởng', 'Ấn', 'An', 'Ân', 'Ăn', 'Đức', 'Tâm', 'Tám', 'Tấm', 'Phước', 'Lộc', 'Lợi', 'Lời', 'Ý', 'Y', 'Yến'];
    let seed = 7;
    const pick = <T>(xs: T[]): T => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return xs[seed % xs.length]!;
    };
    const names = Array.from({ length: 3000 }, () => {
      const n = `${pick(family)} ${pick(middle)} ${pick(given)}`;
      return pick([0, 1, 2]) === 0 ? n.toLowerCase() : n;
    });
    const expected = [...names].sort(collator.compare);
    const actual = [...names].sort(byKey);
    expect(actual).toEqual(expected);
  });
});

describe('Vietnamese number and date formats', () => {
  it('groups thousands with dots', () => {
    expect(formatNumberVi(2_250_000)).toBe('2.250.000');
    expect(formatNumberVi(140)).toBe('140');
  });
  it('writes dates as dd/mm/yyyy', () => {
    expect(formatDateVi('2023-02-05')).toBe('05/02/2023');
    expect(formatDateVi('1985')).toBe('1985');
  });
});
