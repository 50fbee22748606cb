import { describe, expect, it } from 'vitest';
import { viSortKey } from '../../shared/text/collate';
import { fold } from '../../shared/text/fold';
import { formatDateVi, formatNumberVi } from '../../shared/text/format';
import { cleanText, nfcDeep } from '../../shared/text/normalize';

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
