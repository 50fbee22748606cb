/**
 * Quotas on what callers can pile up (issue 10): jobs past the running limit queue with their
 * place, and a full queue refuses in Vietnamese; drafts and waiting uploads are capped per
 * database; uploads and job files older than a day are cleaned at start.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import { dispatchAsAdmin as dispatch } from '../fixtures/api';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { DRAFT_LIMITS } from '../../electron/core/entry/services';
import { receiveUpload, saveUpload, UPLOAD_LIMITS, uploadDirFor } from '../../electron/core/excel/uploads';
import { cleanOldFiles, exportsDirFor } from '../../electron/core/files-cleanup';
import { JobRunner } from '../../electron/core/jobs/runner';
import { AppError } from '../../electron/core/errors';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

const dir = tempDir('rasoat-limits-');
const dbPath = path.join(dir, 'rasoat.sqlite');
let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;

beforeAll(() => {
  core = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test' });
  services = createServices(core);
  seeded = seedSmall(core);
});
afterAll(() => core.close());

const send = <M extends ApiMethod>(method: M, input: ApiInput<M>) => dispatch(services, method, input) as Promise<Envelope<ApiOutput<M>>>;
const codeOf = (e: Envelope<unknown>): string => (e.ok ? 'ok' : e.error.code);

describe('the job queue', () => {
  it('tells each queued job its place, and refuses a job past the queue in Vietnamese', async () => {
    const runner = new JobRunner({ dbPath: () => dbPath, resourcesDir: RESOURCES, exportsDir: path.join(dir, 'queue'), actor: () => 'test', maxRunning: 1, maxQueued: 2 });
    const input = { roundId: seeded.roundId, unitId: seeded.communeId, doc: 'DS' as const };
    try {
      const first = runner.start('excel.export', input);
      const second = runner.start('excel.export', input);
      const third = runner.start('excel.export', input);
      expect([first.state, second.state, third.state]).toEqual(['running', 'queued', 'queued']);
      expect([first.queuePlace, second.queuePlace, third.queuePlace]).toEqual([null, 1, 2]);
      expect(third.message).toBe('Đang chờ: thứ 2 trong hàng đợi (1 công việc đang chạy)');
      let refused: unknown;
      try {
        runner.start('excel.export', input);
      } catch (e) {
        refused = e;
      }
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('LIMIT_REACHED');
      expect((refused as AppError).message).toMatch(/hàng đợi đã đầy/u);
      // The second leaves the queue: the third moves up.
      runner.cancel(second.id);
      expect(runner.status(third.id)).toMatchObject({ state: 'queued', queuePlace: 1, message: 'Đang chờ: thứ 1 trong hàng đợi (1 công việc đang chạy)' });
      const done = await runner.wait(third.id);
      expect(done).toMatchObject({ state: 'done', queuePlace: null });
    } finally {
      await runner.close();
    }
  });
});

describe('drafts', () => {
  it('a draft over the size limit is refused in Vietnamese', async () => {
    const big = { text: 'x'.repeat(DRAFT_LIMITS.bytes + 10) };
    const e = await send('entry.drafts.save', { key: 'new:1:1', roundId: seeded.roundId, householdId: null, body: big });
    expect(codeOf(e)).toBe('LIMIT_REACHED');
    expect(e.ok ? '' : e.error.message).toMatch(/Bản nháp quá lớn/u);
  });

  it('past the count limit a new draft is refused, while an existing one is still updated', async () => {
    const insert = core.db.sqlite.prepare('INSERT INTO entry_drafts (key, round_id, household_id, body, saved_at) VALUES (?, ?, NULL, ?, ?)');
    core.db.sqlite.transaction(() => {
      for (let i = 0; i < DRAFT_LIMITS.count; i++) insert.run(`new:${seeded.roundId}:f${i}`, seeded.roundId, '{}', '2026-01-01T00:00:00Z');
    })();
    const refused = await send('entry.drafts.save', { key: 'new:9:9', roundId: seeded.roundId, householdId: null, body: { a: 1 } });
    expect(codeOf(refused)).toBe('LIMIT_REACHED');
    expect(refused.ok ? '' : refused.error.message).toMatch(/bản nháp/u);
    const updated = await send('entry.drafts.save', { key: `new:${seeded.roundId}:f0`, roundId: seeded.roundId, householdId: null, body: { a: 2 } });
    expect(codeOf(updated)).toBe('ok');
    core.db.sqlite.prepare('DELETE FROM entry_drafts').run();
    expect(codeOf(await send('entry.drafts.save', { key: 'new:9:9', roundId: seeded.roundId, householdId: null, body: { a: 1 } }))).toBe('ok');
  });
});

describe('uploads waiting to be imported', () => {
  it('past the count or total size limit, a new upload is refused in Vietnamese, on both doors', async () => {
    const up = uploadDirFor(dbPath);
    fs.mkdirSync(up, { recursive: true });
    const fillers: string[] = [];
    for (let i = 0; i < UPLOAD_LIMITS.files; i++) {
      const f = path.join(up, `${String(i).padStart(32, 'a')}.xlsx`);
      fs.writeFileSync(f, 'x');
      fillers.push(f);
    }
    const tooMany = (() => {
      try {
        saveUpload(dbPath, new Uint8Array([1, 2, 3]));
        return null;
      } catch (e) {
        return e as AppError;
      }
    })();
    expect(tooMany?.code).toBe('LIMIT_REACHED');
    expect(tooMany?.message).toMatch(/tệp tải lên đang chờ nhập/u);
    await expect(receiveUpload(dbPath, (async function* () { yield new Uint8Array([1]); })())).rejects.toMatchObject({ code: 'LIMIT_REACHED' });
    for (const f of fillers) fs.rmSync(f);
    // One big waiting file takes the whole size budget.
    const big = path.join(up, `${'b'.repeat(32)}.xlsx`);
    fs.writeFileSync(big, '');
    fs.truncateSync(big, UPLOAD_LIMITS.bytes);
    expect(() => saveUpload(dbPath, new Uint8Array([1, 2, 3]))).toThrow(/dung lượng/u);
    fs.rmSync(big);
    expect(saveUpload(dbPath, new Uint8Array([1, 2, 3]))).toMatch(/^[a-f0-9]{32}$/u);
  });
});

describe('cleaning at start', () => {
  it('removes uploads and job folders older than a day, and keeps the recent ones', () => {
    const now = Date.now();
    const day = 86_400_000;
    const up = uploadDirFor(dbPath);
    const ex = exportsDirFor(dbPath);
    fs.mkdirSync(up, { recursive: true });
    fs.mkdirSync(path.join(ex, 'old-00000000'), { recursive: true });
    fs.mkdirSync(path.join(ex, 'new-00000000'), { recursive: true });
    fs.writeFileSync(path.join(ex, 'old-00000000', 'DS.xlsx'), 'x');
    fs.writeFileSync(path.join(ex, 'new-00000000', 'DS.xlsx'), 'x');
    const oldUpload = path.join(up, `${'c'.repeat(32)}.xlsx`);
    const oldPart = path.join(up, `${'d'.repeat(32)}.xlsx.part`);
    const newUpload = path.join(up, `${'e'.repeat(32)}.xlsx`);
    for (const f of [oldUpload, oldPart, newUpload]) fs.writeFileSync(f, 'x');
    const past = new Date(now - 2 * day);
    for (const f of [oldUpload, oldPart, path.join(ex, 'old-00000000', 'DS.xlsx'), path.join(ex, 'old-00000000')]) fs.utimesSync(f, past, past);
    const cleaned = cleanOldFiles(dbPath, now);
    expect(cleaned).toEqual({ uploads: 2, exports: 1 });
    expect([fs.existsSync(oldUpload), fs.existsSync(oldPart), fs.existsSync(newUpload)]).toEqual([false, false, true]);
    expect([fs.existsSync(path.join(ex, 'old-00000000')), fs.existsSync(path.join(ex, 'new-00000000'))]).toEqual([false, true]);
    expect(exportsDirFor(dbPath)).toBe(path.join(dir, 'exports'));
    // No folder yet: nothing to do, no error.
    expect(cleanOldFiles(path.join(tempDir(), 'none.sqlite'), now)).toEqual({ uploads: 0, exports: 0 });
  });
});
