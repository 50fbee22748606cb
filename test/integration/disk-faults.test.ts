import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBackupToday, listBackups } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { runCli } from '../fixtures/entry-points';
import { HANDBOOK_FIXTURES, REPO, RESOURCES, tempDir } from '../helpers';

// Issue 10: a full disk or a read-only folder. The faults are real: a tiny tmpfs that fills up
// (ENOSPC) and the same tmpfs remounted read-only (EROFS, which stops root too; the tests run as
// root, so chmod would not). Mounting needs root, which the developers' machines and CI have.

const dir = tempDir('rasoat-disk-');
const small = path.join(dir, 'small'); // 64 KiB: a database copy does not fit
const ro = path.join(dir, 'ro');
const mounted: string[] = [];

function mount(target: string, size: string): void {
  fs.mkdirSync(target, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', target], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`these tests need to mount a small tmpfs (root): ${r.stderr}`);
  mounted.push(target);
}

const dbPath = path.join(dir, 'rasoat.sqlite');
let core: Core;
beforeAll(() => {
  mount(small, '64k');
  mount(ro, '1m');
  fs.mkdirSync(path.join(ro, 'backups'));
  expect(spawnSync('mount', ['-o', 'remount,ro', ro]).status).toBe(0);
  core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test' });
  seedSmall(core);
});
afterAll(() => {
  core?.close();
  for (const m of mounted.reverse()) spawnSync('umount', ['-l', m]);
});

/** The command line (`npm run -s cli -- …`), from its bundle when fresh: test/fixtures/entry-points.ts. */
const cli = (args: string[]) => runCli(args);

describe('a backup on a full disk', () => {
  it('fails saying the disk is full, and leaves no file that is or counts as a backup', () => {
    const backups = path.join(small, 'backups');
    const c = new Core({ dbPath, resourcesDir: RESOURCES, backupDir: backups });
    try {
      let error: unknown = null;
      try {
        c.backup('manual');
      } catch (e) {
        error = e;
      }
      expect(listBackups(backups)).toEqual([]);
      expect(hasBackupToday(backups)).toBe(false);
      expect(fs.readdirSync(backups)).toEqual([]); // no partial file left either
      expect(error).toEqual(expect.objectContaining({ code: 'DISK_FULL', message: expect.stringMatching(/ổ đĩa đầy/u) }));
    } finally {
      c.close();
    }
  });

  it('into a read-only folder, says the folder is read-only', () => {
    const c = new Core({ dbPath, resourcesDir: RESOURCES, backupDir: path.join(ro, 'backups') });
    try {
      expect(() => c.backup('manual')).toThrow(expect.objectContaining({ message: expect.stringMatching(/thư mục chỉ đọc/u) }));
    } finally {
      c.close();
    }
  });
});

describe('a PDF written from the command line', () => {
  it('on a full disk: no 0-byte or cut-off file, and the message says the disk is full', () => {
    const out = path.join(small, 'bc.pdf');
    const r = cli(['document', '--db', dbPath, '--round', '2023', '--unit', '889', '--doc', 'BC', '--out', out]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ổ đĩa đầy/u);
    expect(r.stderr).not.toMatch(/khôi phục từ bản sao lưu/u);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/u);
    expect(fs.readdirSync(small).filter((n) => n !== 'backups')).toEqual([]);
  }, 60_000);

  it('into a read-only folder: the message says the folder is read-only', () => {
    const r = cli(['document', '--db', dbPath, '--round', '2023', '--unit', '889', '--doc', 'BC', '--out', path.join(ro, 'bc.pdf')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/thư mục chỉ đọc/u);
    expect(fs.readdirSync(ro)).toEqual(['backups']);
  }, 60_000);
});

describe('the command line into a closed pipe', () => {
  it('stops quietly when the reader goes away (| head -1)', () => {
    const cases = JSON.parse(fs.readFileSync(path.join(HANDBOOK_FIXTURES, 'engine-cases.json'), 'utf8')) as { input: unknown }[];
    const many = path.join(dir, 'many.json');
    fs.writeFileSync(many, JSON.stringify(Array.from({ length: 200 }, () => cases.map((c) => c.input)).flat()));
    const r = spawnSync('bash', ['-c', `set -o pipefail; npm run -s cli -- classify --rules vn-2022-2026 '${many}' | head -1`], { cwd: REPO, encoding: 'utf8' });
    expect(r.stdout).toBe('[\n');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 60_000);
});
