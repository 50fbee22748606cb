/**
 * DNS rebinding (issue 10): a page of another site whose name was made to point at 127.0.0.1
 * reaches the host with Host and Origin both its own name, so the same-origin check alone lets
 * it through. The host answers only the names it was started for: 127.0.0.1 and localhost, and
 * in LAN mode this machine's own names and addresses.
 */
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { createHost } from '../../electron/host/http';
import { sessionCookie } from '../fixtures/session';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let local: http.Server;
let lan: http.Server;

const listen = async (server: http.Server): Promise<number> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
};
let localPort: number;
let lanPort: number;
/** Signed in (fixtures/session.ts): the names are checked before the session, and a session does not open a foreign name. */
let cookie: string;

beforeAll(async () => {
  const dir = tempDir('rasoat-rebind-');
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Rà soát hộ nghèo</title>');
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  seedSmall(core);
  local = createHost({ core, rendererDir });
  lan = createHost({ core, rendererDir, lan: true });
  localPort = await listen(local);
  lanPort = await listen(lan);
  cookie = await sessionCookie(core, `http://127.0.0.1:${localPort}`);
});
afterAll(() => {
  local.close();
  lan.close();
  core.close();
});

/** A raw request to the host on the loopback, with the Host and Origin a browser would send for `name`. */
function request(port: number, method: 'GET' | 'POST', target: string, name: string | null, origin?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const body = method === 'POST' ? '{}' : '';
    const headers: Record<string, string> = { cookie };
    if (origin) headers.origin = origin;
    if (method === 'POST') {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(body.length);
    }
    const req = http.request({ host: '127.0.0.1', port, method, path: target, headers, setHost: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    if (name !== null) req.setHeader('host', name);
    req.on('error', reject);
    req.end(body);
  });
}

describe('a page of another site, by DNS rebinding', () => {
  it('is refused (403, in Vietnamese) for the API, the page and its files', async () => {
    const evil = `evil.example:${localPort}`;
    const api = await request(localPort, 'POST', '/api/rounds.list', evil, `http://${evil}`);
    expect(api.status).toBe(403);
    expect(JSON.parse(api.body)).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', message: expect.stringMatching(/không phải địa chỉ của máy chủ này/u) }) });
    const page = await request(localPort, 'GET', '/', evil, undefined);
    expect(page.status).toBe(403);
    expect(page.body).not.toContain('Rà soát hộ nghèo</title>');
    expect((await request(localPort, 'GET', '/files/jobs/abc-00000000/x.pdf', evil, `http://${evil}`)).status).toBe(403);
    // A name that only starts like the host's own is another name.
    expect((await request(localPort, 'GET', '/', `127.0.0.1.evil.example:${localPort}`)).status).toBe(403);
    expect((await request(localPort, 'GET', '/', `localhost.evil.example:${localPort}`)).status).toBe(403);
  });

  it('a request without a Host (HTTP/1.0) is refused', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = net.connect(localPort, '127.0.0.1', () => socket.write('GET / HTTP/1.0\r\n\r\n'));
      let text = '';
      socket.on('data', (c: Buffer) => (text += c.toString('utf8')));
      socket.on('close', () => resolve(text));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 403 /u);
  });

  it('127.0.0.1 and localhost work', async () => {
    for (const name of [`127.0.0.1:${localPort}`, `localhost:${localPort}`, `LOCALHOST:${localPort}`]) {
      const api = await request(localPort, 'POST', '/api/rounds.list', name, `http://${name.toLowerCase()}`);
      expect([name, api.status]).toEqual([name, 200]);
      expect(JSON.parse(api.body).ok).toBe(true);
      expect((await request(localPort, 'GET', '/', name)).status).toBe(200);
    }
  });

  it("in local mode, this machine's LAN name is not one of the host's names", async () => {
    expect((await request(localPort, 'GET', '/', `${os.hostname()}:${localPort}`)).status).toBe(403);
  });

  it("in LAN mode, the machine's own names and addresses work, another site's name still does not", async () => {
    const addresses = Object.values(os.networkInterfaces())
      .flat()
      .filter((a) => a !== undefined)
      .map((a) => (a.family === 'IPv6' ? `[${a.address.replace(/%.*$/u, '')}]` : a.address));
    for (const name of [os.hostname(), ...addresses, '127.0.0.1', 'localhost']) {
      const got = await request(lanPort, 'POST', '/api/rounds.list', `${name}:${lanPort}`, `http://${name}:${lanPort}`);
      expect([name, got.status]).toEqual([name, 200]);
    }
    const evil = `evil.example:${lanPort}`;
    expect((await request(lanPort, 'POST', '/api/rounds.list', evil, `http://${evil}`)).status).toBe(403);
  });
});
