/**
 * Work sent over the network is bounded (issue 10): the bytes of request bodies received at once
 * over all connections have a budget; over it the host answers 503 with Retry-After and a
 * Vietnamese "busy, try again later", and takes the request once the budget has room again.
 */
import fs from 'node:fs';
import type http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { UPLOAD_LIMITS, uploadDirFor } from '../../electron/core/excel/uploads';
import { createHost } from '../../electron/host/http';
import { sessionCookie } from '../fixtures/session';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let server: http.Server;
let port: number;
const BUDGET = 1_000_000;
/** Signed in (fixtures/session.ts): without a session the doors answer 401 before any budget is spent on the body. */
let cookie: string;

beforeAll(async () => {
  const dir = tempDir('rasoat-limits-host-');
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Rà soát hộ nghèo</title>');
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  seedSmall(core);
  server = createHost({ core, rendererDir, maxBodyBytesInFlight: BUDGET });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  cookie = await sessionCookie(core, `http://127.0.0.1:${port}`);
});
afterAll(() => {
  server.close();
  core.close();
});

const upload = (bytes: number) =>
  fetch(`http://127.0.0.1:${port}/files/uploads`, { method: 'POST', headers: { cookie, 'content-type': 'application/octet-stream' }, body: new Uint8Array(bytes).fill(7) });

describe('the budget of request bodies in flight', () => {
  it('refuses a body past the budget with 503, Retry-After and a Vietnamese message, and takes it once the first one is in', async () => {
    // A slow client: declares 800 kB and sends 1 kB of it.
    const size = 800_000;
    const slow = net.connect(port, '127.0.0.1');
    let answer = '';
    slow.on('data', (c: Buffer) => (answer += c.toString('utf8')));
    await new Promise<void>((resolve) => slow.on('connect', resolve));
    slow.write(`POST /files/uploads HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`);
    slow.write(Buffer.alloc(1000, 1));
    await new Promise((r) => setTimeout(r, 100));

    const refused = await upload(300_000);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/u);
    const body = (await refused.json()) as { ok: boolean; error: { code: string; message: string } };
    expect(body).toEqual({ ok: false, error: expect.objectContaining({ code: 'BUSY' }) });
    expect(body.error.message).toMatch(/Máy chủ đang bận.*thử lại sau/u);

    // A small call still fits beside the slow upload.
    const small = await fetch(`http://127.0.0.1:${port}/api/rounds.list`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
    expect(small.status).toBe(200);

    // The slow client finishes: its upload is taken, and the budget is free again.
    slow.write(Buffer.alloc(size - 1000, 1));
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (answer.includes('\r\n\r\n{')) {
          clearInterval(check);
          resolve();
        }
      }, 10);
    });
    slow.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 200 /u);
    const again = await upload(300_000);
    expect(again.status).toBe(200);
  });

  it('an upload past the quota of waiting uploads is refused with 429 and the Vietnamese reason', async () => {
    const up = uploadDirFor(core.options.dbPath);
    fs.mkdirSync(up, { recursive: true });
    const have = fs.readdirSync(up).length;
    const fillers = Array.from({ length: UPLOAD_LIMITS.files - have }, (_, i) => path.join(up, `${String(i).padStart(32, 'f')}.xlsx`));
    for (const f of fillers) fs.writeFileSync(f, 'x');
    try {
      const refused = await upload(1000);
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body.error.code).toBe('LIMIT_REACHED');
      expect(body.error.message).toMatch(/tệp tải lên đang chờ nhập/u);
    } finally {
      for (const f of fillers) fs.rmSync(f);
    }
    expect((await upload(1000)).status).toBe(200);
  });
});
