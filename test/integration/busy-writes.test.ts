/**
 * Writes while another connection writes (issue 10, "database is locked"): every write
 * transaction takes the write lock first (BEGIN IMMEDIATE) and waits for an import's batch
 * committed by another process; a save that still cannot get the lock is refused in Vietnamese
 * (code BUSY) and its values stay in their draft; two imports at once both land, the second on
 * the data the first wrote.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/api/envelope';
import { ERROR_MESSAGES } from '../../shared/messages';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { importHouseholdList } from '../../electron/core/excel/import';
import { saveUpload } from '../../electron/core/excel/uploads';
import { JobRunner } from '../../electron/core/jobs/runner';
import { seedSmall } from '../fixtures/small-db';
import { REPO, RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

const dir = tempDir('rasoat-busy-');
const dbPath = path.join(dir, 'rasoat.sqlite');
let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;

beforeAll(() => {
  core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'cán bộ Lan' });
  services = createServices(core);
  seeded = seedSmall(core);
});
afterAll(() => core.close());

const { send, call } = apiOf(() => services);

/** Another process holding the write lock for holdMs (an import's batch); resolves once it holds it. */
async function holdWriteLock(holdMs: number): Promise<{ child: ChildProcess; committed: Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/fixtures/busy-holder.ts'), dbPath, String(holdMs)], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (c: Buffer) => (err += c.toString('utf8')));
  const seen = (word: string): Promise<void> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (out.includes(word)) resolve();
      };
      child.stdout!.on('data', (c: Buffer) => {
        out += c.toString('utf8');
        check();
      });
      child.once('exit', () => (out.includes(word) ? resolve() : reject(new Error(`holder exited before "${word}":\n${out}\n${err}`))));
      check();
    });
  const locked = seen('locked');
  const committed = seen('committed');
  await locked;
  return { child, committed };
}

/** A household list of n households (codes 30487-2xxxx), each a head and a child. */
async function workbook(file: string, n: number, first = 0): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Bình Mỹ');
  ws.getRow(1).values = ['Mã hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Số CCCD', 'Dân tộc', 'Ấp'];
  let r = 2;
  for (let i = first; i < first + n; i++) {
    const code = `30487-${String(20000 + i)}`;
    ws.getRow(r++).values = [code, `Trần Văn Hộ ${i}`, '1970', 'Nam', 'Chủ hộ', `0890700${String(i).padStart(5, '0')}`, 'Kinh', 'Bình Hưng'];
    ws.getRow(r++).values = [code, `Trần Thị Con ${i}`, '2005', 'Nữ', 'Con', null, 'Kinh', 'Bình Hưng'];
  }
  await wb.xlsx.writeFile(file);
}

const countImported = (): number =>
  core.db.sqlite.prepare(`SELECT COUNT(*) FROM households WHERE round_id = ? AND code LIKE '30487-2%'`).pluck().get(seeded.roundId) as number;

describe('a save while an import commits from another process', () => {
  it('a new household, an edit of a keyed one and a field change each wait for the lock and are saved', async () => {
    const form = await call('entry.form', { householdId: seeded.householdIds[0]! });
    const edited = { ...form.form, address: 'Tổ 9, ấp Bình Hưng' };
    const newForm = { ...form.form, code: '30487-09001', members: form.form.members.map(({ id: _id, ...m }) => ({ ...m, idNumber: null })) };

    let holder = await holdWriteLock(700);
    const edit = await send('entry.save', { roundId: seeded.roundId, householdId: seeded.householdIds[0]!, form: edited });
    await holder.committed;
    expect(edit.ok ? 'saved' : `${edit.error.code} ${edit.error.message}`).toBe('saved');

    holder = await holdWriteLock(700);
    const created = await send('entry.save', { roundId: seeded.roundId, householdId: null, form: newForm });
    await holder.committed;
    expect(created.ok ? 'saved' : `${created.error.code} ${created.error.message}`).toBe('saved');

    holder = await holdWriteLock(700);
    const update = await send('households.update', { householdId: seeded.householdIds[1]!, changes: { address: 'Tổ 3' } });
    await holder.committed;
    expect(update.ok ? 'saved' : `${update.error.code} ${update.error.message}`).toBe('saved');

    expect((await call('entry.form', { householdId: seeded.householdIds[0]! })).form.address).toBe('Tổ 9, ấp Bình Hưng');
  });

  it("an import's own write waits for another import's batch", async () => {
    const file = path.join(dir, 'wait.xlsx');
    await workbook(file, 5, 100);
    const holder = await holdWriteLock(700);
    const summary = await importHouseholdList(core.db.sqlite, {
      file,
      roundId: seeded.roundId,
      unitCode: '30487',
      dryRun: false,
      actor: 'test',
    });
    await holder.committed;
    expect(summary.imported).toBe(true);
    expect(core.db.sqlite.prepare(`SELECT COUNT(*) FROM households WHERE code LIKE '30487-201%'`).pluck().get()).toBe(5);
  });
});

describe('a save that cannot get the lock', () => {
  it('is refused in Vietnamese (BUSY), and the values typed stay in their draft', async () => {
    const householdId = seeded.householdIds[2]!;
    const key = `household:${householdId}`;
    const form = await call('entry.form', { householdId });
    const typed = { ...form.form, address: 'Địa chỉ vừa gõ' };
    await call('entry.drafts.save', { key, roundId: seeded.roundId, householdId, body: { typed } });

    const other = new BetterSqlite3(dbPath);
    other.exec('BEGIN IMMEDIATE');
    const timeout = core.db.sqlite.pragma('busy_timeout', { simple: true }) as number;
    core.db.sqlite.pragma('busy_timeout = 200'); // the lock is held in this very thread: no use waiting long
    let refused: Envelope<unknown>;
    try {
      refused = await send('entry.save', { roundId: seeded.roundId, householdId, form: typed });
    } finally {
      core.db.sqlite.pragma(`busy_timeout = ${timeout}`);
      other.exec('ROLLBACK');
      other.close();
    }
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('BUSY');
    expect(refused.error.message).toContain(ERROR_MESSAGES.BUSY);
    expect(ERROR_MESSAGES.BUSY).toMatch(/thử lại/u);
    expect(ERROR_MESSAGES.BUSY).toMatch(/bản nháp/u);
    // The draft is still there, with what was typed.
    const draft = await call('entry.drafts.get', { key });
    expect(draft?.body).toEqual({ typed: JSON.parse(JSON.stringify(typed)) });
    expect((await call('entry.form', { householdId })).form.address).not.toBe('Địa chỉ vừa gõ');
    // Once the lock is free, the same save goes through and the draft is gone.
    await call('entry.save', { roundId: seeded.roundId, householdId, form: typed });
    expect(await call('entry.drafts.get', { key })).toBeNull();
  });
});

describe('two imports at once', () => {
  it('an import planned before another one wrote the same households plans again, creating each household once', async () => {
    const file = path.join(dir, 'replan.xlsx');
    await workbook(file, 4, 200);
    // Between this import's planning and its write, another import (another connection) writes
    // the same households.
    const other = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'other' });
    let interleaved = false;
    try {
      const summary = await importHouseholdList(core.db.sqlite, {
        file,
        roundId: seeded.roundId,
        unitCode: '30487',
        dryRun: false,
        actor: 'test',
        onProgress: (_done, _total, message) => {
          if (message === 'Đang ghi vào CSDL' && !interleaved) {
            interleaved = true;
            other.db.sqlite
              .prepare(
                `INSERT INTO households (round_id, code, commune_id, village_id, address, area, ethnic_minority, no_working_capacity,
                   merit_person, female_head, head_name, head_sort, head_id_number, member_count, search_text, review_state, created_at, updated_at)
                 VALUES (?, '30487-20200', ?, ?, '', 'rural', 0, 0, 0, 0, 'Trần Văn Hộ 200', 'tran van ho 200', NULL, 0, '', 'listed', '', '')`,
              )
              .run(seeded.roundId, seeded.communeId, seeded.villageId);
            other.db.sqlite
              .prepare(`INSERT INTO audit (at, actor, entity, entity_id, action) VALUES ('', 'other', 'household', NULL, 'import-create')`)
              .run();
          }
        },
      });
      expect(interleaved).toBe(true);
      expect(summary.imported).toBe(true);
      expect(summary.households).toMatchObject({ created: 3, updated: 1 });
    } finally {
      other.close();
    }
    const codes = core.db.sqlite.prepare(`SELECT code, COUNT(*) AS n FROM households WHERE code LIKE '30487-202%' GROUP BY code`).all();
    expect(codes).toHaveLength(4);
    expect(codes.every((c) => (c as { n: number }).n === 1)).toBe(true);
  });

  it('two import jobs of the same list, each in its own worker, both finish and each household is written once', async () => {
    const file = path.join(dir, 'twice.xlsx');
    await workbook(file, 300, 1000);
    const bytes = fs.readFileSync(file);
    const before = countImported();
    const input = (upload: string) => ({ roundId: seeded.roundId, unitId: seeded.communeId, upload, dryRun: false });
    // Two at once (the app's runner may let only one run on a small machine).
    const jobs = new JobRunner({ dbPath: () => dbPath, resourcesDir: RESOURCES, exportsDir: path.join(dir, 'exports'), actor: () => 'test', maxRunning: 2 });
    const a = jobs.start('excel.import', input(saveUpload(dbPath, bytes)));
    const b = jobs.start('excel.import', input(saveUpload(dbPath, bytes)));
    expect([a.state, b.state]).toEqual(['running', 'running']);
    const [sa, sb] = await Promise.all([jobs.wait(a.id), jobs.wait(b.id)]);
    await jobs.close();
    expect([sa.state, sa.error?.message ?? '']).toEqual(['done', '']);
    expect([sb.state, sb.error?.message ?? '']).toEqual(['done', '']);
    expect(countImported() - before).toBe(300);
    const twice = core.db.sqlite.prepare(`SELECT code FROM households WHERE code LIKE '30487-2%' GROUP BY round_id, code HAVING COUNT(*) > 1`).all();
    expect(twice).toEqual([]);
  });
});
