import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, verifyPassword } from '../../electron/core/auth/passwords';
import { roleOf } from '../../electron/core/auth/users';

describe('password hashes (scrypt, salted per password)', () => {
  it('verifies the right password only, with a different salt each time', async () => {
    const a = await hashPassword('mật khẩu dài 1');
    const b = await hashPassword('mật khẩu dài 1');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/u);
    expect(a).not.toBe(b);
    expect(await verifyPassword('mật khẩu dài 1', a)).toBe(true);
    expect(await verifyPassword('mật khẩu dài 1'.normalize('NFD'), a)).toBe(true); // the same text typed decomposed
    expect(await verifyPassword('mật khẩu dài 2', a)).toBe(false);
    expect(needsRehash(a)).toBe(false);
  });

  it('matches nothing with a malformed or too costly stored hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', `scrypt$${2 ** 30}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=`)).toBe(false);
    expect(needsRehash('scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=')).toBe(true);
  });
});

describe('role names on the command line', () => {
  it('takes English and Vietnamese, with or without diacritics', () => {
    expect(['admin', 'quantri', 'Quản trị', 'quản-trị', 'officer', 'cán bộ', 'canbo', 'keyer', 'nhập liệu', 'leader', 'lãnh đạo', 'viewer', 'xem'].map(roleOf)).toEqual([
      'admin', 'admin', 'admin', 'admin', 'officer', 'officer', 'officer', 'keyer', 'keyer', 'leader', 'leader', 'viewer', 'viewer',
    ]);
    expect(roleOf('root')).toBeNull();
  });
});
