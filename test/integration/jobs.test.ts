import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { dispatch } from '../../electron/core/api/dispatch';
import { Core } from '../../electron/core/core';
import { RESOURCES, tempDir } from '../helpers';

const core = new Core({ dbPath: path.join(tempDir(), 'rasoat.sqlite'), resourcesDir: RESOURCES });
const services = createServices(core);
afterAll(() => core.close());

describe('long jobs in a worker thread', () => {
  it('runs to the end with progress, and the main thread stays responsive', async () => {
    let maxGap = 0;
    let last = Date.now();
    const timer = setInterval(() => {
      const now = Date.now();
      maxGap = Math.max(maxGap, now - last);
      last = now;
    }, 5);
    const started = await dispatch(services, 'jobs.start', { kind: 'test.count', input: { to: 3_000_000 } });
    // 3 million checks of the cancel flag: CPU-bound work, all in the worker
    expect(started).toEqual({ ok: true, value: expect.objectContaining({ state: 'running', kind: 'test.count' }) });
    const id = (started as { value: { id: string } }).value.id;
    const seen: number[] = [];
    const poll = setInterval(() => seen.push(core.jobs.status(id).done), 20);
    const final = await core.jobs.wait(id);
    clearInterval(poll);
    clearInterval(timer);
    expect(final.state).toBe('done');
    expect(final.result).toEqual({ counted: 3_000_000 });
    expect(final.message).toBe('Đã đếm 3000000/3000000');
    expect(new Set(seen).size).toBeGreaterThan(1); // progress moved while it ran
    expect(maxGap).toBeLessThan(200);
  });

  it('can be cancelled', async () => {
    const { id } = core.jobs.start('test.count', { to: 100_000, delayMs: 1 });
    await new Promise((r) => setTimeout(r, 100));
    core.jobs.cancel(id);
    const final = await core.jobs.wait(id);
    expect(final.state).toBe('cancelled');
    expect(final.done).toBeLessThan(100_000);
  });

  it('refuses a bad input before starting a worker', async () => {
    const r = await dispatch(services, 'jobs.start', { kind: 'test.count', input: { to: -1 } });
    expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT' }) });
    const unknown = await dispatch(services, 'jobs.start', { kind: 'rm.rf', input: {} });
    expect(unknown).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT' }) });
  });

  it('answers NOT_FOUND for an unknown job', async () => {
    expect(await dispatch(services, 'jobs.status', { jobId: 'nope' })).toEqual({ ok: false, error: expect.objectContaining({ code: 'NOT_FOUND' }) });
  });
});
