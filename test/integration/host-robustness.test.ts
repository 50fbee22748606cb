import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOverHttp } from '../fixtures/session';
import { REPO, tempDir } from '../helpers';

/**
 * The HTTP host must survive any request: each request of a corpus of bad ones (paths, headers,
 * bodies, methods, broken HTTP) goes to a host in a process of its own, over a raw socket, and
 * after each one the host must still answer a real call.
 */

let child: ChildProcess;
let port: number;
let exited: string | null = null;
let stderr = '';
/** Signed in (host-child.ts has an administrator): the corpus reaches the API's own checks, not only the 401. */
let cookie: string;

/** The request with the session cookie after its Host line (bytes without a Host line are sent as they are). */
function withSession(data: string | Buffer): string | Buffer {
  const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data, 'latin1');
  const head = bytes.subarray(0, 2048).toString('latin1');
  const m = /\r\nhost: [^\r]*\r\n/iu.exec(head);
  if (!m) return data;
  const at = m.index + m[0].length;
  return Buffer.concat([bytes.subarray(0, at), Buffer.from(`Cookie: ${cookie}\r\n`, 'latin1'), bytes.subarray(at)]);
}

beforeAll(async () => {
  child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO, 'test/fixtures/host-child.ts'), tempDir()], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
  child.once('exit', (code, signal) => (exited = `exit ${code ?? ''} ${signal ?? ''}\n${stderr}`));
  port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${out}\n${stderr}`)), 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /http:\/\/127\.0\.0\.1:(\d+)/u.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.once('exit', () => reject(new Error(`host exited:\n${out}\n${stderr}`)));
  });
  cookie = await signInOverHttp(`http://127.0.0.1:${port}`, 'kiemthu.admin');
});
afterAll(() => {
  child.kill('SIGTERM');
});

/** Writes raw bytes to the host and returns what it answered (possibly nothing) once it closes or goes quiet (`end` half-closes the connection first). */
function raw(data: string | Buffer, { end = false, quietMs = 400 } = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let timer: NodeJS.Timeout | undefined;
    const done = (): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const quiet = (): void => {
      clearTimeout(timer);
      timer = setTimeout(done, quietMs);
    };
    socket.on('data', (c: Buffer) => {
      answer += c.toString('latin1');
      quiet();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.on('connect', () => {
      // Quiet counts from when the last byte left, not from the start of a long body.
      socket.write(withSession(data), () => quiet());
      if (end) socket.end();
    });
  });
}

const statusOf = (answer: string): number | null => {
  const m = /^HTTP\/1\.1 (\d{3})/u.exec(answer);
  return m ? Number(m[1]) : null;
};

/** The host still answers a real call with the envelope. */
async function stillAnswers(): Promise<void> {
  expect(exited, 'the host process stopped').toBeNull();
  const res = await fetch(`http://127.0.0.1:${port}/api/rounds.list`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}',
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { ok: boolean }).ok).toBe(true);
}

const json = (pathname: string, body: string | Buffer, headers: Record<string, string> = {}): Buffer => {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  const head = Object.entries({ host: `127.0.0.1`, 'content-type': 'application/json', 'content-length': String(bytes.length), connection: 'close', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return Buffer.concat([Buffer.from(`POST ${pathname} HTTP/1.1\r\n${head}\r\n`, 'latin1'), bytes]);
};
const get = (target: string, headers = ''): string => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n${headers}\r\n`;

/** name, bytes, and the status expected when one is (null: any answer or none, as long as the host lives). */
const CORPUS: [string, string | Buffer, number | null][] = [
  // paths
  ['malformed percent-encoding in a static path', get('/%E0%A4%A'), 400],
  ['a lone percent sign', get('/%'), 400],
  ['malformed percent-encoding in an API method', json('/api/%E0%A4%A', '{}'), 400],
  ['a NUL byte in the path', get('/%00'), 404],
  ['a NUL byte in an API method', json('/api/rounds.list%00', '{}'), null],
  ['a directory', get('/assets'), 404],
  ['a directory with a trailing slash', get('/assets/'), 404],
  ['climbing out of the renderer folder', get('/..%2f..%2f..%2fetc%2fpasswd'), null],
  ['an encoded backslash climb', get('/..%5c..%5csecret'), null],
  ['many slashes', get('////'), null],
  ['an absolute-form target that is not a URL', get('http://[/'), 400],
  ['an asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', null],
  ['a very long path', get(`/${'a'.repeat(8000)}`), 404],
  ['a query string with malformed encoding', get('/?q=%E0%A4%A&x=%'), null],
  // headers
  ['an Origin that is not a URL', json('/api/rounds.list', '{}', { origin: 'not a url' }), 403],
  ['Origin: null (a sandboxed frame)', json('/api/rounds.list', '{}', { origin: 'null' }), 403],
  ['an empty Origin', json('/api/rounds.list', '{}', { origin: '' }), null],
  ['an Origin with a bad port', json('/api/rounds.list', '{}', { origin: 'http://127.0.0.1:99999' }), 403],
  ['two Origins', Buffer.concat([Buffer.from('POST /api/rounds.list HTTP/1.1\r\nHost: 127.0.0.1\r\nOrigin: http://a\r\nOrigin: http://b\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}')]), 403],
  ['a Host header that is not a host', json('/api/rounds.list', '{}', { host: '[::1', origin: 'http://[::1' }), null],
  ['no Host header (HTTP/1.0)', 'GET / HTTP/1.0\r\n\r\n', null],
  ['a header without a colon', 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBrokenHeader\r\n\r\n', 400],
  ['a header too large', get('/', `X-Big: ${'b'.repeat(70_000)}\r\n`), null],
  ['a content type with a strange charset', json('/api/rounds.list', '{}', { 'content-type': 'application/json; charset=utf-16' }), null],
  ['Expect: 100-continue', json('/api/rounds.list', '{}', { expect: '100-continue' }), null],
  ['an Upgrade to websocket', get('/api/rounds.list', 'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\n'), null],
  ['control bytes in a header value', Buffer.from('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: \x01\x02\x7f\r\nConnection: close\r\n\r\n', 'latin1'), null],
  // bodies
  ['a body that is not JSON', json('/api/rounds.list', '{'), 400],
  ['JSON null', json('/api/rounds.list', 'null'), null],
  ['a JSON string', json('/api/households.list', '"x"'), null],
  ['a JSON array', json('/api/households.list', '[1,2]'), null],
  ['a __proto__ key', json('/api/households.list', '{"__proto__":{"roundId":1},"constructor":{"prototype":{"x":1}}}'), null],
  ['deeply nested JSON', json('/api/households.list', `${'['.repeat(200_000)}${']'.repeat(200_000)}`), null],
  ['deeply nested objects', json('/api/households.list', `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`), null],
  ['invalid UTF-8', json('/api/households.list', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), null],
  ['a byte-order mark', json('/api/rounds.list', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{}')])), null],
  ['a huge number', json('/api/households.get', '{"householdId":1e999}'), null],
  ['a Content-Length that lies (longer than the body)', Buffer.from('POST /api/rounds.list HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{}'), null],
  ['a negative Content-Length', 'POST /api/rounds.list HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: -1\r\n\r\n{}', 400],
  ['a Content-Length that is not a number', 'POST /api/rounds.list HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: abc\r\n\r\n{}', 400],
  ['a broken chunked body', 'POST /api/rounds.list HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n', null],
  ['both chunked and Content-Length', 'POST /api/rounds.list HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\n{}\r\n0\r\n\r\n', null],
  ['a body over the size limit', json('/api/rounds.list', Buffer.alloc(130 * 1024 * 1024, 0x20)), 413],
  // methods
  ['an unknown method', 'BREW / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', null],
  ['DELETE on the API', 'DELETE /api/rounds.list HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n', 405],
  ['PUT on a static file', 'PUT /index.html HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx', 405],
  ['GET on the API', get('/api/rounds.list'), 405],
  ['CONNECT', 'CONNECT 127.0.0.1:443 HTTP/1.1\r\nHost: 127.0.0.1:443\r\n\r\n', null],
  ['a lowercase method', 'get / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', null],
  // not HTTP
  ['binary garbage', Buffer.from([0x00, 0x01, 0x02, 0xff, 0x0d, 0x0a, 0x0d, 0x0a]), null],
  ['an HTTP/0.9 request', 'GET /\r\n\r\n', null],
  ['a TLS hello', Buffer.from('16030100a5010000a10303', 'hex'), null],
  ['an empty connection', '', null],
];

describe('the HTTP host survives bad requests', () => {
  for (const [name, bytes, expected] of CORPUS) {
    it(name, async () => {
      const answer = await raw(bytes);
      if (expected !== null) expect(statusOf(answer), answer.slice(0, 300)).toBe(expected);
      if (statusOf(answer) !== null) expect(statusOf(answer)).toBeLessThan(500);
      await stillAnswers();
    });
  }

  it('a client that sends half a body and hangs up', async () => {
    await raw('POST /api/rounds.list HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":', { end: false, quietMs: 100 });
    await stillAnswers();
  });

  it('a client that hangs up before reading a large answer', async () => {
    await raw(get('/index.html'), { quietMs: 1 });
    await raw(json('/api/households.list', '{"roundId":1,"limit":1000}'), { quietMs: 1 });
    await stillAnswers();
  });

  it('many requests on one kept-alive connection, one of them bad', async () => {
    const one = get('/index.html').replace('Connection: close\r\n', '');
    const answer = await raw(one + get('/%E0').replace('Connection: close\r\n', '') + one);
    expect(answer.match(/HTTP\/1\.1 \d{3}/gu)).toEqual(['HTTP/1.1 200', 'HTTP/1.1 400', 'HTTP/1.1 200']);
    await stillAnswers();
  });
});
