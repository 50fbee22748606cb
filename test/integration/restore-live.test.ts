import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { listBackups } from '../../electron/core/backup/backup';
import { holdersOf, lockFileOf } from '../../electron/core/backup/holders';
import { Core } from '../../electron/core/core';
import { openDatabase } from '../../electron/core/db/connection';
import { saveUpload } from '../../electron/core/excel/uploads';
import { signInOverHttp } from '../fixtures/session';
import { seedSmall } from '../fixtures/small-db';
import { spawnCli } from '../fixtures/entry-points';
import { REPO, RESOURCES, tempDir } from '../helpers';

// Issue 10: a restore must never lose a write that was answered "ok". It copies the backup into
// the live database through SQLite (other connections see the new data, nothing writes into a
// deleted file) and it is refused while a job runs or another process holds the database.

const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
});

async function householdWorkbook(file: string, count: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bình Mỹ');
  ws.getRow(1).values = ['STT hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Số CCCD', 'Dân tộc', 'Ấp', 'Điểm B1'];
  for (let i = 0; i < count; i++) {
    ws.getRow(2 + i).values = [i + 1, `Hộ Nhập ${i}`, '01/01/1970', 'Nam', 'Chủ hộ', `0890700${String(i).padStart(5, '0')}`, 'Kinh', 'Bình Hưng', 150];
  }
  await wb.xlsx.writeFile(file);
}

describe('restore while an import job runs', () => {
  it('is refused in Vietnamese, and every household the import reported is in the database', async () => {
    const dir = tempDir('rasoat-restore-job-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test' });
    try {
      const seed = seedSmall(core);
      const backup = core.backup('manual');
      const book = path.join(dir, 'list.xlsx');
      await householdWorkbook(book, 400);
      const upload = saveUpload(dbPath, fs.readFileSync(book));
      const job = core.jobs.start('excel.import', { roundId: seed.roundId, unitId: seed.communeId, upload, dryRun: false });
      expect(['running', 'queued']).toContain(job.state);
      expect(() => core.restore(backup.file)).toThrow(expect.objectContaining({ code: 'BUSY', message: expect.stringMatching(/đang chạy/u) }));
      const done = await core.jobs.wait(job.id);
      expect(done.state).toBe('done');
      const created = (done.result as { households: { created: number } }).households.created;
      expect(created).toBe(400);
      const count = core.db.sqlite.prepare("SELECT COUNT(*) FROM households WHERE code <> '' AND round_id = ?").pluck().get(seed.roundId) as number;
      expect(count).toBe(3 + 400);
      // Once the job is over, the restore goes through.
      core.restore(backup.file);
      expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(3);
    } finally {
      await core.jobs.close();
      core.close();
    }
  }, 120_000);
});

describe('restore with another connection open in this process', () => {
  it('the other connection sees the restored data and its later writes are kept', () => {
    const dir = tempDir('rasoat-restore-conn-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test' });
    const other = openDatabase(dbPath);
    try {
      seedSmall(core);
      const backup = core.backup('manual');
      core.db.sqlite.prepare("UPDATE households SET address = 'sau sao lưu'").run();
      core.restore(backup.file);
      expect(other.sqlite.prepare("SELECT COUNT(*) FROM households WHERE address = 'sau sao lưu'").pluck().get()).toBe(0);
      other.sqlite.prepare("UPDATE households SET address = 'ghi sau khôi phục' WHERE code = '30487-00001'").run();
    } finally {
      other.close();
      core.close();
    }
    const reopened = openDatabase(dbPath, { readonly: true });
    try {
      expect(reopened.sqlite.prepare("SELECT address FROM households WHERE code = '30487-00001'").pluck().get()).toBe('ghi sau khôi phục');
      expect(reopened.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      reopened.close();
    }
  });
});

describe('the lock file beside the database', () => {
  it('names the live process while a Core is open, is removed on close, and a dead holder does not count', () => {
    const dir = tempDir('rasoat-restore-lock-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const core = new Core({ dbPath, resourcesDir: RESOURCES });
    expect(holdersOf(dbPath)).toContain(process.pid);
    core.close();
    expect(holdersOf(dbPath)).not.toContain(process.pid);
    // A holder killed without closing (power cut) leaves a stale entry: its PID is dead.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout);
    fs.mkdirSync(lockFileOf(dbPath), { recursive: true });
    fs.writeFileSync(path.join(lockFileOf(dbPath), `${deadPid}.pid`), `${deadPid}\n`);
    expect(holdersOf(dbPath)).toEqual([]);
    const again = new Core({ dbPath, resourcesDir: RESOURCES });
    try {
      seedSmall(again);
      const b = again.backup('manual');
      again.restore(b.file); // not refused: the stale holder is gone
    } finally {
      again.close();
    }
  });
});

describe('a CLI restore while the HTTP host runs', () => {
  it('is refused, and every write the host answered ok is in the database afterwards', async () => {
    const dir = tempDir('rasoat-restore-host-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    const host = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/fixtures/host-child.ts'), dir], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(host);
    const base = await new Promise<string>((resolve, reject) => {
      host.stdout!.on('data', (d: Buffer) => {
        const m = /http:\/\/\S+/u.exec(d.toString());
        if (m) resolve(m[0]);
      });
      host.on('exit', (code) => reject(new Error(`host exited ${code}`)));
    });
    // Signed in as the child host's administrator (host-child.ts).
    const cookie = await signInOverHttp(base, 'kiemthu.admin');
    const call = async (method: string, input: unknown) => {
      const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify(input) });
      return (await res.json()) as { ok: boolean; value?: unknown };
    };
    // A backup to restore from, made by the host.
    const made = await call('backups.create', {});
    expect(made.ok).toBe(true);
    const backupFile = (made.value as { file: string }).file;
    const peek = openDatabase(dbPath, { readonly: true });
    const ids = peek.sqlite.prepare('SELECT id FROM households ORDER BY id').pluck().all() as number[];
    peek.close();
    expect(ids.length).toBe(3);

    // Writes keep coming while the CLI tries to restore.
    const answered: string[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 2000; i++) {
        const address = `Địa chỉ ${i}`;
        const r = await call('households.update', { householdId: ids[i % ids.length], changes: { address } });
        if (r.ok) answered.push(address);
      }
    })();
    const cli = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawnCli(['restore', '--db', dbPath, '--from', backupFile]);
      let stderr = '';
      p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('exit', (code) => resolve({ code, stderr }));
    });
    writing = false;
    await writer;
    expect(cli.code).not.toBe(0);
    expect(cli.stderr).toMatch(/đang mở/u);
    expect(answered.length).toBeGreaterThan(0);
    // After the host stops, every answered write is there (the audit log has one row per changed field).
    host.kill('SIGTERM');
    await new Promise((r) => host.once('exit', r));
    const db = openDatabase(dbPath, { readonly: true });
    try {
      const audited = db.sqlite.prepare("SELECT new_value FROM audit WHERE field = 'address' ORDER BY id").pluck().all() as string[];
      expect(audited.map((v) => JSON.parse(v) as string)).toEqual(answered);
      const last = db.sqlite.prepare('SELECT address FROM households WHERE id = ?').pluck().get(ids[(answered.length - 1) % ids.length]);
      expect(last).toBe(answered.at(-1));
    } finally {
      db.close();
    }
    expect(listBackups(path.join(dir, 'backups')).every((b) => b.size > 0)).toBe(true);
  }, 120_000);
});
