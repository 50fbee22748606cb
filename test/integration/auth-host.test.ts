/**
 * The LAN host over HTTPS (issue 12): every call, job file and upload without a valid session is
 * 401 with the UNAUTHENTICATED envelope; the session cookie is HttpOnly, SameSite=Strict and
 * Secure and never in a body; auth.status gives the certificate's fingerprint; the certificate
 * is made once, kept in the data folder (key 0600) and checked by the client here against itself
 * (no verification switched off). `serve --lan` serves the sign-in page and nothing else without a session.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../../shared/api/contract';
import { isPublic } from '../../shared/api/permissions';
import { Core } from '../../electron/core/core';
import { certificateFiles, lanCertificate } from '../../electron/host/certificate';
import { createHost, SESSION_COOKIE } from '../../electron/host/http';
import { addTestUser, cookieOf } from '../fixtures/session';
import { seedSmall } from '../fixtures/small-db';
import { entryArgs } from '../fixtures/entry-points';
import { REPO, RESOURCES, tempDir } from '../helpers';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  peerFingerprint: string;
}

/** A request over HTTPS that trusts exactly this certificate (as a PC that checked the fingerprint would). */
function request(port: number, ca: string, method: string, target: string, body?: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: '127.0.0.1', port, method, path: target, ca, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers } }, (res) => {
      const peerFingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256;
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, peerFingerprint }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the host over HTTPS', () => {
  let core: Core;
  let server: ReturnType<typeof createHost>;
  let port: number;
  let dataDir: string;
  let cert: ReturnType<typeof lanCertificate>;
  const api = (method: string, input: unknown, headers: Record<string, string> = {}) => request(port, cert.certPem, 'POST', `/api/${method}`, JSON.stringify(input), headers);

  beforeAll(async () => {
    dataDir = tempDir('rasoat-https-');
    const rendererDir = path.join(dataDir, 'renderer');
    fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
    fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Rà soát hộ nghèo</title><script src="./assets/app.js"></script>');
    fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    core = new Core({ dbPath: path.join(dataDir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
    seedSmall(core);
    await addTestUser(core, 'officer', { name: 'lan.nt' });
    cert = lanCertificate(dataDir);
    server = createHost({ core, rendererDir, lan: true, tls: cert });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.close();
    core.close();
  });

  it('makes the certificate once, keeps it in the data folder with the key readable by the owner only', () => {
    expect(cert.created).toBe(true);
    const files = certificateFiles(dataDir);
    if (process.platform !== 'win32') expect(fs.statSync(files.key).mode & 0o777).toBe(0o600);
    const again = lanCertificate(dataDir);
    expect(again.created).toBe(false);
    expect(again.fingerprint).toBe(cert.fingerprint);
    const x509 = new crypto.X509Certificate(cert.certPem);
    expect(x509.fingerprint256).toBe(cert.fingerprint);
    expect(cert.fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/u);
    expect(x509.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect(x509.checkHost('localhost')).toBe('localhost');
    expect(x509.checkPrivateKey(crypto.createPrivateKey(cert.keyPem))).toBe(true);
  });

  it('answers 401 with the UNAUTHENTICATED envelope to every method without a session (and to a forged cookie)', async () => {
    const answered: string[] = [];
    for (const method of [...API_METHODS.filter((m) => !isPublic(m)), 'db.dropEverything']) {
      const res = await api(method, {});
      const body = JSON.parse(res.body) as { ok: boolean; error: { code: string; message: string } };
      if (res.status !== 401 || body.ok || body.error.code !== 'UNAUTHENTICATED' || !/đăng nhập/u.test(body.error.message)) answered.push(`${method}: ${res.status} ${res.body}`);
    }
    expect(answered).toEqual([]);
    const forged = await api('rounds.list', {}, { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` });
    expect(forged.status).toBe(401);
    expect(String(forged.headers['set-cookie'])).toMatch(/Max-Age=0/u);
  }, 120_000);

  it('answers 401 to a job file and an upload without a session', async () => {
    const file = await request(port, cert.certPem, 'GET', '/files/jobs/abcd-00000000/x.xlsx');
    expect(file.status).toBe(401);
    expect(JSON.parse(file.body)).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
    const upload = await request(port, cert.certPem, 'POST', '/files/uploads', 'PK', { 'content-type': 'application/octet-stream' });
    expect(upload.status).toBe(401);
    expect(JSON.parse(upload.body)).toEqual({ ok: false, error: expect.objectContaining({ code: 'UNAUTHENTICATED' }) });
  });

  it('sets the session cookie HttpOnly, SameSite=Strict, Secure on sign-in (never in the body) and clears it on sign-out', async () => {
    const login = await api('auth.login', { name: 'lan.nt', password: 'mat-khau-kiem-thu' });
    expect(login.status).toBe(200);
    const setCookie = String(login.headers['set-cookie']);
    const flags = setCookie.split(';').map((f) => f.trim());
    expect(flags).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Secure', 'Path=/']));
    const cookie = cookieOf(setCookie)!;
    const token = cookie.split('=')[1]!;
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    expect(login.body).not.toContain(token);
    expect(JSON.parse(login.body)).toEqual({ ok: true, value: expect.objectContaining({ name: 'lan.nt', role: 'officer' }) });
    expect((await api('rounds.list', {}, { cookie })).status).toBe(200);
    // An officer is refused an administrator's call: 403 with the envelope.
    const forbidden = await api('users.list', {}, { cookie });
    expect(forbidden.status).toBe(403);
    expect(JSON.parse(forbidden.body)).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/^Vai trò "Cán bộ" không được xem danh sách người dùng/u) }) });
    const logout = await api('auth.logout', {}, { cookie });
    expect(String(logout.headers['set-cookie'])).toMatch(new RegExp(`^${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Secure; Max-Age=0`, 'u'));
    expect((await api('rounds.list', {}, { cookie })).status).toBe(401);
  });

  it("gives the certificate's fingerprint in auth.status, the one the TLS connection presents", async () => {
    const res = await api('auth.status', {});
    const status = JSON.parse(res.body) as { value: { certificateFingerprint: string; user: unknown; needsFirstAdmin: boolean } };
    expect(status.value).toEqual(expect.objectContaining({ certificateFingerprint: cert.fingerprint, user: null, needsFirstAdmin: false }));
    expect(res.peerFingerprint).toBe(cert.fingerprint);
  });

  it('serves the sign-in page and its assets without a session', async () => {
    expect((await request(port, cert.certPem, 'GET', '/')).status).toBe(200);
    expect((await request(port, cert.certPem, 'GET', '/assets/app.js')).status).toBe(200);
  });
});

describe('npm run serve -- --lan', () => {
  let child: ChildProcess | undefined;
  afterAll(() => child?.kill('SIGTERM'));

  it('serves over HTTPS, prints the fingerprint, and without a session serves the sign-in page and nothing else', async () => {
    const renderer = path.join(REPO, 'out', 'renderer', 'index.html');
    expect(fs.existsSync(renderer), 'the renderer is built (npm run build)').toBe(true);
    const dir = tempDir('rasoat-serve-lan-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    child = spawn(process.execPath, entryArgs('serve', ['--lan', '--port', '0', '--db', dbPath]), { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr!.on('data', (c: Buffer) => (err += c.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 90_000);
      child!.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /https:\/\/127\.0\.0\.1:(\d+)/u.exec(out);
        if (m && /([0-9A-F]{2}:){31}[0-9A-F]{2}/u.test(out)) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
      child!.once('exit', (code) => reject(new Error(`serve exited ${code}: ${out} ${err}`)));
    });
    const files = certificateFiles(dir);
    const certPem = fs.readFileSync(files.cert, 'utf8');
    const fingerprint = new crypto.X509Certificate(certPem).fingerprint256;
    expect(out).toContain(fingerprint);
    if (process.platform !== 'win32') expect(fs.statSync(files.key).mode & 0o777).toBe(0o600);
    // The page and every asset it names.
    const page = await request(port, certPem, 'GET', '/');
    expect(page.status).toBe(200);
    expect(page.body).toMatch(/<title>Rà soát hộ nghèo<\/title>/u);
    const assets = [...page.body.matchAll(/(?:src|href)="\.?(\/assets\/[^"]+)"/gu)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const a of assets) expect([a, (await request(port, certPem, 'GET', a)).status]).toEqual([a, 200]);
    // Nothing else: the API (but the sign-in page's calls), job files, uploads; nothing outside the renderer.
    expect((await request(port, certPem, 'POST', '/api/households.list', '{"roundId":1}')).status).toBe(401);
    expect((await request(port, certPem, 'POST', '/api/backups.list', '{}')).status).toBe(401);
    expect((await request(port, certPem, 'GET', '/files/jobs/abcd-00000000/a.pdf')).status).toBe(401);
    expect((await request(port, certPem, 'POST', '/files/uploads', 'x', { 'content-type': 'application/octet-stream' })).status).toBe(401);
    expect([403, 404]).toContain((await request(port, certPem, 'GET', '/..%2frasoat.sqlite')).status);
    expect([403, 404]).toContain((await request(port, certPem, 'GET', '/lan-host-key.pem')).status);
    const status = JSON.parse((await request(port, certPem, 'POST', '/api/auth.status', '{}')).body) as { value: { certificateFingerprint: string; needsFirstAdmin: boolean } };
    expect(status.value).toEqual(expect.objectContaining({ certificateFingerprint: fingerprint, needsFirstAdmin: true }));
  }, 180_000);
});
