import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput } from '../../shared/api/contract';
import type { JobStatus } from '../../shared/api/jobs';
import { createServices } from '../../electron/core/api/services';
import { dispatchAsAdmin as dispatch } from '../fixtures/api';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { unitByCode } from '../../electron/core/documents/context';
import { JobRunner } from '../../electron/core/jobs/runner';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

// The job machinery through a real job of the contract: the Excel export of a demo district.
const dir = tempDir();
const core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES });
const services = createServices(core);
let roundId: number;
let districtId: number;
let households: number;

beforeAll(() => {
  buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 1200, seed: 5 });
  roundId = (core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').get() as { id: number }).id;
  districtId = unitByCode(core.db.sqlite, '889', '2023-09-01')!.id;
  households = core.db.sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(roundId) as number;
}, 120_000);
afterAll(async () => {
  await core.jobs.close();
  core.close();
});

const exportInput = () => ({ roundId, unitId: districtId, doc: 'DS' as const });

describe('long jobs in a worker thread', () => {
  it('runs to the end with progress and a typed result, and the main thread stays responsive', async () => {
    let maxGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const started = await dispatch(services, 'jobs.start', { kind: 'excel.export', input: exportInput() });
    expect(started).toEqual({ ok: true, value: expect.objectContaining({ state: 'running', kind: 'excel.export' }) });
    const id = (started as { value: { id: string } }).value.id;
    const seen: number[] = [];
    const poll = setInterval(() => seen.push(core.jobs.status(id).done), 20);
    const final = await core.jobs.wait(id);
    clearInterval(poll);
    clearInterval(timer);
    expect(final.state).toBe('done');
    // The kind says what the result is: no cast.
    if (final.kind !== 'excel.export' || !final.result) throw new Error(`unexpected ${final.kind}`);
    expect(final.result.households).toBe(households);
    expect(final.result.name).toBe('DS-889-2023.xlsx');
    expect(final.message).toMatch(new RegExp(`^Đã ghi ${households} hộ, \\d+ nhân khẩu$`, 'u'));
    expect(new Set(seen).size).toBeGreaterThan(1); // progress moved while it ran
    expect(maxGap).toBeLessThan(200);
  });

  it('can be cancelled', async () => {
    const { id, state } = core.jobs.start('excel.export', exportInput());
    expect(state).toBe('running');
    await new Promise((r) => setTimeout(r, 50));
    core.jobs.cancel(id);
    const final = await core.jobs.wait(id);
    expect(final.state).toBe('cancelled');
    expect(final.result).toBeNull();
    expect(final.done).toBeLessThan(households);
  });

  it('refuses a bad input before starting a worker: the kind picks the input schema', async () => {
    const wrongShape = await dispatch(services, 'jobs.start', { kind: 'excel.export', input: { roundId, unitId: districtId, doc: 'M01' } });
    expect(wrongShape).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: 'input.doc' })] }) });
    const unknown = await dispatch(services, 'jobs.start', { kind: 'rm.rf', input: {} });
    expect(unknown).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT' }) });
    // The machinery's old test job is not part of the shipped contract.
    const testJob = await dispatch(services, 'jobs.start', { kind: 'test.count', input: { to: 3 } });
    expect(testJob).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT' }) });
    expect(() => core.jobs.start('excel.export', { roundId: -1 })).toThrow(/^Dữ liệu gửi cho công việc excel\.export chưa hợp lệ \(input\./u);
  });

  it('types jobs.start by kind (checked by tsc)', () => {
    const good: ApiInput<'jobs.start'> = { kind: 'documents.render', input: { roundId: 1, unitId: 2, doc: 'M02' } };
    // @ts-expect-error: an Excel export has no document M01
    const bad: ApiInput<'jobs.start'> = { kind: 'excel.export', input: { roundId: 1, unitId: 2, doc: 'M01' } };
    // @ts-expect-error: a job status's result is the kind's result
    const wrong: JobStatus<'excel.import'>['result'] = { files: [] };
    expect([good.kind, bad.kind, wrong]).toEqual(['documents.render', 'excel.export', { files: [] }]);
  });

  it('answers NOT_FOUND for an unknown job and INVALID_INPUT for a malformed id', async () => {
    expect(await dispatch(services, 'jobs.status', { jobId: 'zzzz-00000000' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
    expect(await dispatch(services, 'jobs.status', { jobId: '../nope' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT' }) });
  });
});

describe('the queue', () => {
  it('runs jobs past the limit one after another (queued, then running), and cancels a queued job at once', async () => {
    const runner = new JobRunner({ dbPath: () => core.options.dbPath, resourcesDir: RESOURCES, exportsDir: path.join(dir, 'queue'), actor: () => 'test', maxRunning: 1 });
    try {
      const first = runner.start('excel.export', exportInput());
      const second = runner.start('excel.export', { ...exportInput(), doc: 'LK' });
      const third = runner.start('excel.export', exportInput());
      expect([first.state, second.state, third.state]).toEqual(['running', 'queued', 'queued']);
      expect(second.message).toMatch(/^Đang chờ/u);
      expect(runner.cancel(third.id).state).toBe('cancelled');
      const startedAfter: string[] = [];
      const watch = setInterval(() => {
        if (runner.status(second.id).state === 'running' && !startedAfter.length) startedAfter.push(runner.status(first.id).state);
      }, 5);
      const [a, b, c] = await Promise.all([runner.wait(first.id), runner.wait(second.id), runner.wait(third.id)]);
      clearInterval(watch);
      expect([a.state, b.state, c.state]).toEqual(['done', 'done', 'cancelled']);
      expect(startedAfter).toEqual(['done']); // the second ran once the first was done
      expect(b.finishedAt! >= a.finishedAt!).toBe(true);
      expect(c.result).toBeNull();
    } finally {
      await runner.close();
    }
  });
});
