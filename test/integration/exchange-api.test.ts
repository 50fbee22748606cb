// Issue 13 on the contract: the exchange package's calls through the one door (dispatch) as a
// signed-in caller: export as a long job (file in the job's folder), the uploaded package's
// preview and import with field choices; refusals in one Vietnamese line with nothing written; the
// passphrase nowhere in the audit; the permission table (viewer refused, leader exports only).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/api/auth';
import type { ApiMethod } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import type { ExchangeImportResult, ExchangePreview } from '../../shared/api/exchange';
import type { JobStatus } from '../../shared/api/jobs';
import { dispatch } from '../../electron/core/api/dispatch';
import { createServices, type Services } from '../../electron/core/api/services';
import type { Caller } from '../../electron/core/auth/caller';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { saveUpload } from '../../electron/core/excel/uploads';
import { updateHousehold } from '../../electron/core/households/update';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

const PASS = 'mat-khau-goi-api-2025';
const UNIT = '30487';
const dir = tempDir('rasoat-exchange-api-');
let a: Core;
let b: Core;
let sa: Services;
let sb: Services;

const caller = (role: Role, name = `goi.${role}`): Caller => ({ userId: 900 + role.length, name, fullName: name, role, villageIds: [] });
async function callAs<T>(services: Services, role: Role, method: ApiMethod, input: unknown, name?: string): Promise<Envelope<T>> {
  return (await dispatch(services, method, input, { caller: caller(role, name) })) as Envelope<T>;
}
function value<T>(e: Envelope<T>): T {
  if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
  return e.value;
}
const ids = (core: Core) => {
  const s = core.db.sqlite;
  const roundId = s.prepare('SELECT id FROM rounds WHERE year = 2025').pluck().get() as number;
  const communeId = s.prepare(`SELECT id FROM units WHERE code = ? AND level = 'commune' AND valid_from = '2025-07-01'`).pluck().get(UNIT) as number;
  return { roundId, communeId };
};

/** Exports through jobs.start as the officer, waits, and uploads the file into `to` (returns its upload id). */
async function exportAndUpload(to: Core): Promise<{ upload: string; job: JobStatus }> {
  const { roundId, communeId } = ids(a);
  const started = value(await callAs<JobStatus>(sa, 'officer', 'jobs.start', { kind: 'exchange.export', input: { roundId, communeId, passphrase: PASS } }));
  const job = await a.jobs.wait(started.id);
  expect(job.state, job.error?.message).toBe('done');
  const file = a.jobs.file(job.id).path;
  return { upload: saveUpload(to.options.dbPath, fs.readFileSync(file)), job };
}

beforeAll(() => {
  a = new Core({ dbPath: path.join(dir, 'a.sqlite'), resourcesDir: RESOURCES, actor: 'test', backupDir: path.join(dir, 'backups-a') });
  buildDemo(a.db.sqlite, a.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 120, seed: 5 });
  b = new Core({ dbPath: path.join(dir, 'b.sqlite'), resourcesDir: RESOURCES, actor: 'test', backupDir: path.join(dir, 'backups-b') });
  ensureRegister(b.db.sqlite, RESOURCES, 'test');
  setupOffice(b.db.sqlite, '91', 'test');
  sa = createServices(a);
  sb = createServices(b);
}, 240_000);

afterAll(async () => {
  await a?.jobs.close();
  await b?.jobs.close();
  a?.close();
  b?.close();
});

describe('exchange calls', () => {
  it('exports as a job (the package in the job folder, named by commune and year), previews and imports it; the passphrase is in no audit row', async () => {
    const { upload, job } = await exportAndUpload(b);
    expect(job.kind === 'exchange.export' && job.result?.name).toBe(`goi-${UNIT}-2025.pkg`);
    expect(job.kind === 'exchange.export' && job.result!.households).toBeGreaterThan(0);

    const preview = value(await callAs<ExchangePreview>(sb, 'officer', 'exchange.preview', { upload, fileName: 'goi-binh-my.pkg', passphrase: PASS }));
    expect(preview.unit.code).toBe(UNIT);
    expect(preview.fileName).toBe('goi-binh-my.pkg');
    expect(preview.counts.new).toBe(preview.households.length);
    expect(preview.households.every((h) => h.village !== '')).toBe(true);

    const r = value(await callAs<ExchangeImportResult>(sb, 'officer', 'exchange.import', { upload, passphrase: PASS }, 'canbo.tinh'));
    expect(r).toMatchObject({ imported: true, alreadyImported: false, forced: false });
    expect(r.backupName).toMatch(/before-import/u);
    // The upload has served: it is removed.
    expect(fs.existsSync(path.join(dir, 'imports', `${upload}.xlsx`))).toBe(false);

    for (const core of [a, b]) {
      const leaked = core.db.sqlite.prepare(`SELECT COUNT(*) FROM audit WHERE COALESCE(old_value, '') || COALESCE(new_value, '') || COALESCE(field, '') LIKE ?`).pluck().get(`%${PASS}%`);
      expect(leaked).toBe(0);
    }
    // The export is in A's audit (a bulk read by the officer), the import in B's (by the officer who imported).
    expect(a.db.sqlite.prepare(`SELECT COUNT(*) FROM audit WHERE actor = 'goi.officer' AND new_value LIKE '%package%'`).pluck().get()).toBeGreaterThan(0);
    expect(b.db.sqlite.prepare(`SELECT COUNT(*) FROM audit WHERE actor = 'canbo.tinh' AND entity = 'package'`).pluck().get()).toBe(1);
  }, 120_000);

  it('refuses a wrong passphrase, a damaged file and a missing passphrase in one Vietnamese line naming the chosen file, with the database untouched', async () => {
    const { upload } = await exportAndUpload(b);
    const before = tableChecksums(b.db.sqlite);
    const wrong = await callAs(sb, 'officer', 'exchange.preview', { upload, fileName: 'goi-xa.pkg', passphrase: 'khong-dung-mat-khau' });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.error.message).toMatch(/^Mật khẩu không đúng nên không mở được tệp goi-xa\.pkg\./u);
    expect(!wrong.ok && wrong.error.message.split('\n')).toHaveLength(1);
    const wrongImport = await callAs(sb, 'officer', 'exchange.import', { upload, fileName: 'goi-xa.pkg', passphrase: 'khong-dung-mat-khau' });
    expect(!wrongImport.ok && wrongImport.error.message).toMatch(/^Mật khẩu không đúng/u);

    const bytes = fs.readFileSync(path.join(path.dirname(b.options.dbPath), 'imports', `${upload}.xlsx`));
    const cut = saveUpload(b.options.dbPath, bytes.subarray(0, bytes.length - 100));
    const damaged = await callAs(sb, 'officer', 'exchange.import', { upload: cut, fileName: 'goi-cut.pkg', passphrase: PASS });
    expect(!damaged.ok && damaged.error.message).toMatch(/goi-cut\.pkg.*bị hỏng hoặc đã bị sửa/u);

    const empty = await callAs(sb, 'officer', 'exchange.preview', { upload, passphrase: '' });
    expect(!empty.ok && empty.error.issues?.[0]?.message).toMatch(/^Hãy nhập mật khẩu của gói/u);
    const short = await callAs(sa, 'officer', 'jobs.start', { kind: 'exchange.export', input: { ...ids(a), passphrase: 'ngan' } });
    expect(!short.ok && short.error.issues?.[0]?.message).toMatch(/ít nhất 8 ký tự/u);
    expect(tableChecksums(b.db.sqlite)).toEqual(before);
  }, 120_000);

  it('resolves a conflict by the choices sent, field by field, and audits each choice under the caller', async () => {
    const code = a.db.sqlite.prepare('SELECT code FROM households WHERE round_id = ? AND commune_id = ? AND merit_person = 0 ORDER BY code LIMIT 1').pluck().get(ids(a).roundId, ids(a).communeId) as string;
    const idIn = (core: Core) => core.db.sqlite.prepare('SELECT id FROM households WHERE code = ? AND round_id = ?').pluck().get(code, ids(core).roundId) as number;
    updateHousehold(a.db.sqlite, idIn(a), { address: 'Địa chỉ sửa ở A', meritPerson: true }, 'xa');
    updateHousehold(b.db.sqlite, idIn(b), { address: 'Địa chỉ sửa ở B' }, 'tinh');
    const { upload } = await exportAndUpload(b);
    const preview = value(await callAs<ExchangePreview>(sb, 'officer', 'exchange.preview', { upload, passphrase: PASS }));
    const h = preview.households.find((x) => x.code === code)!;
    expect(h.status).toBe('conflict');
    expect(h.fields.map((f) => [f.label, f.oursText, f.theirsText])).toEqual([
      ['Nơi thường trú', 'Địa chỉ sửa ở B', 'Địa chỉ sửa ở A'],
      ['Hộ có người có công', 'Không', 'Có'],
    ]);
    const r = value(
      await callAs<ExchangeImportResult>(sb, 'officer', 'exchange.import', { upload, passphrase: PASS, choices: { [code]: { address: 'theirs', merit_person: 'ours' } } }, 'canbo.chon'),
    );
    expect(r.choices).toEqual({ theirs: 1, ours: 1 });
    const row = b.db.sqlite.prepare('SELECT address, merit_person FROM households WHERE id = ?').get(idIn(b));
    expect(row).toEqual({ address: 'Địa chỉ sửa ở A', merit_person: 0 });
    const audited = b.db.sqlite
      .prepare(`SELECT actor, field, json_extract(new_value, '$.chosen') AS chosen FROM audit WHERE action = 'exchange_choice' AND entity_id = ? ORDER BY field`)
      .all(idIn(b));
    expect(audited).toEqual([
      { actor: 'canbo.chon', field: 'address', chosen: 'theirs' },
      { actor: 'canbo.chon', field: 'merit_person', chosen: 'ours' },
    ]);
  }, 120_000);

  it('says an older package is older, refuses it without force (telling of the button), imports it when forced', async () => {
    const { roundId, communeId } = ids(a);
    const started = value(await callAs<JobStatus>(sa, 'officer', 'jobs.start', { kind: 'exchange.export', input: { roundId, communeId, passphrase: PASS } }));
    const older = a.jobs.file((await a.jobs.wait(started.id)).id).path;
    const olderBytes = fs.readFileSync(older);
    // A newer one imported first.
    const { upload: newer } = await exportAndUpload(b);
    value(await callAs(sb, 'officer', 'exchange.import', { upload: newer, passphrase: PASS }));
    const upload = saveUpload(b.options.dbPath, olderBytes);
    const preview = value(await callAs<ExchangePreview>(sb, 'officer', 'exchange.preview', { upload, passphrase: PASS }));
    expect(preview.older?.message).toMatch(/cũ hơn gói đã nhập trước đây.*“Vẫn nhập”/u);
    const before = tableChecksums(b.db.sqlite);
    const refused = await callAs(sb, 'officer', 'exchange.import', { upload, passphrase: PASS });
    expect(!refused.ok && refused.error.message).toMatch(/cũ hơn gói đã nhập.*Chỉ bấm “Vẫn nhập” khi chắc chắn cần nhập gói này\.$/u);
    expect(!refused.ok && refused.error.message).not.toMatch(/--force/u);
    expect(tableChecksums(b.db.sqlite)).toEqual(before);
    const forced = value(await callAs<ExchangeImportResult>(sb, 'officer', 'exchange.import', { upload, passphrase: PASS, force: true }));
    expect(forced).toMatchObject({ imported: true, forced: true });
  }, 180_000);

  it('imports several uploaded packages as one job: one backup, a damaged one refused in one line naming its file, the others imported', async () => {
    const c = new Core({ dbPath: path.join(dir, 'c.sqlite'), resourcesDir: RESOURCES, actor: 'test', backupDir: path.join(dir, 'backups-c') });
    try {
      ensureRegister(c.db.sqlite, RESOURCES, 'test');
      setupOffice(c.db.sqlite, '91', 'test');
      const sc = createServices(c);
      const { roundId } = ids(a);
      const uploads: string[] = [];
      const households: number[] = [];
      for (const code of [UNIT, '30463']) {
        const communeId = a.db.sqlite.prepare(`SELECT id FROM units WHERE code = ? AND level = 'commune' AND valid_from = '2025-07-01'`).pluck().get(code) as number;
        const started = value(await callAs<JobStatus>(sa, 'officer', 'jobs.start', { kind: 'exchange.export', input: { roundId, communeId, passphrase: PASS } }));
        const job = await a.jobs.wait(started.id);
        expect(job.state, job.error?.message).toBe('done');
        uploads.push(saveUpload(c.options.dbPath, fs.readFileSync(a.jobs.file(job.id).path)));
        households.push(a.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ? AND commune_id = ?').pluck().get(roundId, communeId) as number);
      }
      const uploaded = (u: string) => path.join(path.dirname(c.options.dbPath), 'imports', `${u}.xlsx`);
      const bytes = fs.readFileSync(uploaded(uploads[0]!));
      const cut = saveUpload(c.options.dbPath, bytes.subarray(0, bytes.length - 100));
      const packages = [
        { upload: uploads[0]!, fileName: 'xa-1.pkg' },
        { upload: cut, fileName: 'xa-hong.pkg' },
        { upload: uploads[1]!, fileName: 'xa-2.pkg' },
      ];
      const started = value(await callAs<JobStatus>(sc, 'officer', 'jobs.start', { kind: 'exchange.importBatch', input: { packages, passphrase: PASS } }, 'canbo.tinh'));
      const job = await c.jobs.wait(started.id);
      expect(job.state, job.error?.message).toBe('done');
      const r = job.kind === 'exchange.importBatch' ? job.result! : null;
      expect(r).toMatchObject({ imported: 2, alreadyImported: 0, refused: 1, skipped: [] });
      expect(r!.items.map((i) => [i.fileName, i.ok, i.unit?.code ?? null])).toEqual([
        ['xa-1.pkg', true, UNIT],
        ['xa-hong.pkg', false, null],
        ['xa-2.pkg', true, '30463'],
      ]);
      expect(r!.items[1]!.error).toMatch(/xa-hong\.pkg.*bị hỏng hoặc đã bị sửa/u);
      expect(r!.items[1]!.error!.split('\n')).toHaveLength(1);
      // One backup for the batch, in the backup folder; the two communes' households all in.
      expect(r!.backupName).toMatch(/before-import/u);
      // (The job's own Core keeps C's backups in the default folder; A's and B's are in backups-a, backups-b.)
      const backups = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('backups-') && path.basename(f).includes('before-import'));
      expect(backups.map((f) => path.basename(f))).toEqual([r!.backupName]);
      expect(c.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBe(households[0]! + households[1]!);
      expect(c.db.sqlite.prepare(`SELECT COUNT(*) FROM audit WHERE actor = 'canbo.tinh' AND entity = 'package'`).pluck().get()).toBe(2);
      // The uploads that served are removed; the damaged one stays for the officer to see again.
      expect(uploads.map((u) => fs.existsSync(uploaded(u)))).toEqual([false, false]);
      expect(fs.existsSync(uploaded(cut))).toBe(true);
    } finally {
      await c.jobs.close();
      c.close();
    }
  }, 180_000);

  it('refuses the viewer every exchange call and the keyer too; lets the leader export but not import', async () => {
    const { roundId, communeId } = ids(a);
    const upload = saveUpload(b.options.dbPath, Buffer.from('khong phai goi'));
    for (const role of ['viewer', 'keyer'] as const) {
      const p = await callAs(sb, role, 'exchange.preview', { upload, passphrase: PASS });
      expect(!p.ok && p.error.code).toBe('FORBIDDEN');
      const i = await callAs(sb, role, 'exchange.import', { upload, passphrase: PASS });
      expect(!i.ok && i.error.code).toBe('FORBIDDEN');
      const e = await callAs(sa, role, 'jobs.start', { kind: 'exchange.export', input: { roundId, communeId, passphrase: PASS } });
      expect(!e.ok && e.error.code).toBe('FORBIDDEN');
    }
    const viewer = await callAs(sb, 'viewer', 'exchange.import', { upload, passphrase: PASS });
    expect(!viewer.ok && viewer.error.message).toMatch(/^Vai trò "Xem" không được nhập gói dữ liệu trao đổi\./u);
    const leaderImport = await callAs(sb, 'leader', 'exchange.import', { upload, passphrase: PASS });
    expect(!leaderImport.ok && leaderImport.error.code).toBe('FORBIDDEN');
    const leaderExport = await callAs<JobStatus>(sa, 'leader', 'jobs.start', { kind: 'exchange.export', input: { roundId, communeId, passphrase: PASS } });
    expect(leaderExport.ok).toBe(true);
    expect((await a.jobs.wait(value(leaderExport).id)).state).toBe('done');
  }, 120_000);
});
