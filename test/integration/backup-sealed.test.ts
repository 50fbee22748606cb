import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupSealState, listBackups, setBackupPassphrase, tableChecksums } from '../../electron/core/backup/backup';
import { openSealedFile, sealFile, deriveKey } from '../../electron/core/backup/sealed';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, tempDir } from '../helpers';

// Issue 12, point 7: backups sealed with the office passphrase (AES-256-GCM, scrypt), restored with
// the right passphrase and refused with a wrong one; files readable by their owner only.

const PASSPHRASE = 'Ủy ban xã Bình Mỹ 2026';

describe('a sealed file', () => {
  const dir = tempDir('rasoat-sealed-');
  const source = path.join(dir, 'plain.bin');
  const content = Buffer.concat([Buffer.from('Nguyễn Văn An 079123456789\n'), Buffer.alloc(3 * 1024 * 1024 + 17, 7)]);
  fs.writeFileSync(source, content);
  const sealed = path.join(dir, 'sealed.enc');
  sealFile(source, sealed, deriveKey(PASSPHRASE), 'backup', { reason: 'manual' });

  it('holds nothing in the clear and opens again, byte for byte, with the passphrase', () => {
    const bytes = fs.readFileSync(sealed);
    expect(bytes.includes(Buffer.from('079123456789'))).toBe(false);
    expect(bytes.includes(Buffer.from('Nguyễn'))).toBe(false);
    const out = path.join(dir, 'opened.bin');
    expect(openSealedFile(sealed, out, PASSPHRASE, 'backup')).toEqual({ reason: 'manual' });
    expect(fs.readFileSync(out).equals(content)).toBe(true);
  });

  it('is refused with a wrong passphrase, and nothing is written', () => {
    const out = path.join(dir, 'wrong.bin');
    expect(() => openSealedFile(sealed, out, 'ủy ban xã bình mỹ 2026', 'backup')).toThrow(/Mật khẩu không đúng/u);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('is refused when any part is changed or cut off, and nothing is written', () => {
    const bytes = fs.readFileSync(sealed);
    const cases: [string, Buffer][] = [
      ['a byte of the body', Buffer.from(bytes.map((b, i) => (i === 2000 ? b ^ 1 : b)))],
      ['the last byte (the tag)', Buffer.from(bytes.map((b, i) => (i === bytes.length - 1 ? b ^ 0x80 : b)))],
      ['cut short', bytes.subarray(0, bytes.length - 1000)],
      ['cut inside the header', bytes.subarray(0, 30)],
      ['the kind in the header', Buffer.from(bytes.toString('latin1').replace('"kind":"backup"', '"kind":"backuq"'), 'latin1')],
    ];
    for (const [what, changed] of cases) {
      const file = path.join(dir, `changed-${what.replace(/\W+/gu, '-')}.enc`);
      fs.writeFileSync(file, changed);
      const out = path.join(dir, 'out.bin');
      expect(() => openSealedFile(file, out, PASSPHRASE, 'backup'), what).toThrow(/bị hỏng hoặc đã bị sửa|không phải bản sao lưu/u);
      expect(fs.existsSync(out), what).toBe(false);
    }
  });
});

describe('sealed backups of the office database', () => {
  it('are sealed once the passphrase is set, restore with it, and are refused without it or with a wrong one, the data untouched', () => {
    const dir = tempDir('rasoat-sealed-core-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'quantri' });
    try {
      seedSmall(core);
      expect(backupSealState(core.db.sqlite)).toBeNull();
      expect(core.backup('manual').encrypted).toBe(false);

      setBackupPassphrase(core.db.sqlite, PASSPHRASE, 'quantri');
      expect(backupSealState(core.db.sqlite)).toMatchObject({ setBy: 'quantri' });
      const audit = core.db.sqlite.prepare("SELECT actor, action, old_value, new_value FROM audit WHERE entity = 'backup'").all();
      expect(audit).toEqual([{ actor: 'quantri', action: 'passphrase_set', old_value: null, new_value: null }]);

      const before = tableChecksums(core.db.sqlite);
      const sealed = core.backup('manual');
      expect(sealed.encrypted).toBe(true);
      expect(sealed.name).toMatch(/^rasoat-\d{8}-\d{9}-manual\.sqlite\.enc$/u);
      const bytes = fs.readFileSync(sealed.file);
      expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
      expect(bytes.includes(Buffer.from('households'))).toBe(false);
      expect(listBackups(core.backupDir).map((b) => [b.name, b.encrypted])).toContainEqual([sealed.name, true]);
      // No clear copy is left beside it.
      expect(fs.readdirSync(core.backupDir).filter((n) => n.includes('partial'))).toEqual([]);

      // The data changes after the backup …
      core.db.sqlite.prepare("UPDATE households SET address = 'đổi sau sao lưu'").run();
      const changed = tableChecksums(core.db.sqlite);
      expect(changed).not.toEqual(before);

      // … a restore without the passphrase, or with a wrong one, is refused and changes nothing.
      expect(() => core.restore(sealed.file)).toThrow(/được mã hoá: hãy nhập mật khẩu sao lưu/u);
      expect(() => core.restore(sealed.file, 'sai mật khẩu')).toThrow(/Mật khẩu không đúng/u);
      expect(tableChecksums(core.db.sqlite)).toEqual(changed);

      // With it, the data is the backup's again (the before-restore backup is sealed too).
      core.restore(sealed.file, PASSPHRASE);
      const restored = tableChecksums(core.db.sqlite);
      for (const table of Object.keys(before)) {
        if (table === 'audit' || table === 'settings') continue;
        expect(restored[table], table).toEqual(before[table]);
      }
      const beforeRestore = listBackups(core.backupDir).find((b) => b.reason === 'before-restore')!;
      expect(beforeRestore.encrypted).toBe(true);

      // An unsealed copy stays possible when asked for.
      expect(core.backup('manual', true).encrypted).toBe(false);
    } finally {
      core.close();
    }
  });

  it.runIf(process.platform !== 'win32')('leaves the database, its backups and the backup folder readable by their owner only', () => {
    const dir = tempDir('rasoat-modes-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    fs.writeFileSync(dbPath, '');
    fs.chmodSync(dbPath, 0o644);
    const core = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      seedSmall(core);
      const plain = core.backup('manual');
      setBackupPassphrase(core.db.sqlite, PASSPHRASE, 'quantri');
      const sealed = core.backup('manual');
      const mode = (file: string): number => fs.statSync(file).mode & 0o777;
      expect(mode(dbPath)).toBe(0o600);
      expect(mode(`${dbPath}-wal`) & 0o077).toBe(0);
      expect(mode(core.backupDir)).toBe(0o700);
      expect(mode(plain.file) & 0o077).toBe(0);
      expect(mode(sealed.file) & 0o077).toBe(0);
    } finally {
      core.close();
    }
  });

  it('are restored by the command line with --passphrase-file, and refused in one Vietnamese line without it', () => {
    const dir = tempDir('rasoat-sealed-cli-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES });
    let file: string;
    try {
      seedSmall(core);
      setBackupPassphrase(core.db.sqlite, PASSPHRASE, 'quantri');
      file = core.backup('manual').file;
      core.db.sqlite.prepare('DELETE FROM households WHERE id = (SELECT MAX(id) FROM households)').run();
    } finally {
      core.close();
    }
    const cli = (...extra: string[]) =>
      runCli(['restore', '--db', dbPath, '--from', file, ...extra], { dataDir: dir });
    const refused = cli();
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(refused.stderr).toMatch(/được mã hoá: hãy nhập mật khẩu sao lưu/u);
    const passFile = path.join(dir, 'mk.txt');
    fs.writeFileSync(passFile, `${PASSPHRASE}\n`);
    const restored = cli('--passphrase-file', passFile);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const after = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      expect(after.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    } finally {
      after.close();
    }
  });
});
