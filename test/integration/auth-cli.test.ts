/**
 * The users on the command line (issue 12): user add / list / reset, with the password read from
 * a file (its final newline trimmed), role names in English or Vietnamese, Vietnamese messages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../../electron/core/auth/passwords';
import { openDatabase } from '../../electron/core/db/connection';
import { runCli } from '../fixtures/entry-points';
import { tempDir } from '../helpers';

/** The command line (`npm run -s cli -- …`), from its bundle when fresh: test/fixtures/entry-points.ts. */
const cli = (args: string[]) => runCli(args);

describe('npm run cli -- user …', () => {
  it('adds users (roles in English or Vietnamese), lists them, resets a password; refuses bad input in Vietnamese', async () => {
    const dir = tempDir('rasoat-cli-users-');
    const db = path.join(dir, 'rasoat.sqlite');
    const pw = path.join(dir, 'pw.txt');
    fs.writeFileSync(pw, 'mat-khau-quan-tri\n');
    const add = cli(['user', 'add', '--db', db, '--name', 'quantri', '--role', 'quản trị', '--password-file', pw, '--full-name', 'Nguyễn Văn Quản']);
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toMatch(/Đã thêm người dùng.*quantri \(Quản trị, Nguyễn Văn Quản\)/u);
    expect(cli(['user', 'add', '--db', db, '--name', 'lan.nt', '--role', 'officer', '--password-file', pw]).code).toBe(0);

    const list = cli(['user', 'list', '--db', db]);
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^lan\.nt\tCán bộ\tlan\.nt\tđang hoạt động$/u), expect.stringMatching(/^quantri\tQuản trị\tNguyễn Văn Quản\tđang hoạt động$/u)]);

    // The password is the file's text without its final newline.
    const peek = openDatabase(db, { readonly: true });
    const hash = peek.sqlite.prepare("SELECT password_hash FROM users WHERE name = 'quantri'").pluck().get() as string;
    peek.close();
    expect(await verifyPassword('mat-khau-quan-tri', hash)).toBe(true);
    expect(await verifyPassword('mat-khau-quan-tri\n', hash)).toBe(false);

    fs.writeFileSync(pw, 'mat-khau-tam-thoi\r\n');
    const reset = cli(['user', 'reset', '--db', db, '--name', 'LAN.NT', '--password-file', pw]);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toMatch(/Đã đặt lại mật khẩu của lan\.nt/u);
    expect(cli(['user', 'list', '--db', db]).stdout).toMatch(/lan\.nt\tCán bộ\tlan\.nt\tđang hoạt động, phải đổi mật khẩu/u);

    const dup = cli(['user', 'add', '--db', db, '--name', 'QUANTRI', '--role', 'xem', '--password-file', pw]);
    expect(dup.code).toBe(1);
    expect(dup.stderr).toMatch(/Tên đăng nhập "QUANTRI" đã có người dùng/u);
    const role = cli(['user', 'add', '--db', db, '--name', 'ai.do', '--role', 'root', '--password-file', pw]);
    expect(role.code).toBe(2);
    expect(role.stderr).toMatch(/^Vai trò "root" không rõ/u);
    fs.writeFileSync(pw, 'ngan\n');
    expect(cli(['user', 'add', '--db', db, '--name', 'ai.do', '--role', 'viewer', '--password-file', pw]).stderr).toMatch(/Mật khẩu phải có ít nhất 8 ký tự/u);
    expect(cli(['user', 'reset', '--db', db, '--name', 'khong.co', '--password-file', path.join(dir, 'khong-co.txt')]).stderr).toMatch(/Không tìm thấy tệp mật khẩu/u);
    for (const r of [dup, role]) expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/u);
  }, 180_000);
});
