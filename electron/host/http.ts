import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { HTTP_API_PREFIX, HTTP_JOB_FILE_PREFIX, HTTP_UPLOAD_PATH } from '../../shared/api/channels';
import { fail, ok, type Envelope, type ErrorCode } from '../../shared/api/envelope';
import { MAX_JSON_BODY_BYTES, MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE } from '../../shared/api/files';
import { API_METHODS, type ApiMethod } from '../../shared/api/contract';
import { isPublic, roleMayUpload, UPLOAD_FORBIDDEN_MESSAGE } from '../../shared/api/permissions';
import { ERROR_MESSAGES } from '../../shared/messages';
import { dispatch } from '../core/api/dispatch';
import type { Caller } from '../core/auth/caller';
import { authOf, configureAuth, type Auth, type AuthOptions, type SessionSlot } from '../core/auth/sessions';
import { createServices, type Services } from '../core/api/services';
import type { Core } from '../core/core';
import { AppError } from '../core/errors';
import { checkUploadQuota, receiveUpload, UploadTooLarge } from '../core/excel/uploads';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.json': 'application/json; charset=utf-8',
};
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-src 'self' blob:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
};
const TEXT = 'text/plain; charset=utf-8';
/** Deeper JSON than any call of the contract needs is refused before it reaches the (recursive) core. */
const MAX_JSON_DEPTH = 64;

/** The host's own answers, in Vietnamese only (officers read them): what is wrong, and what to do. */
const SAY = {
  badPath: 'Địa chỉ yêu cầu không hợp lệ (mã hoá sai). Hãy mở lại ứng dụng từ trang chủ.',
  notFound: 'Không tìm thấy trang này. Hãy mở lại ứng dụng từ trang chủ.',
  forbidden: 'Không được phép truy cập địa chỉ này. Hãy mở lại ứng dụng từ trang chủ.',
  method: 'Thao tác không được hỗ trợ ở địa chỉ này. Hãy mở lại ứng dụng từ trang chủ.',
  apiPost: 'Lệnh gọi phải là yêu cầu POST.',
  apiJson: 'Lệnh gọi phải gửi JSON (Content-Type: application/json).',
  uploadType: 'Tệp phải được gửi nguyên dạng (Content-Type: application/octet-stream).',
  crossOrigin: 'Yêu cầu đến từ trang web khác nên bị từ chối: hãy dùng ứng dụng tại chính địa chỉ của máy chủ.',
  notJson: 'Nội dung gửi đi không phải JSON hợp lệ.',
  tooDeep: 'Nội dung gửi đi lồng nhau quá sâu.',
  bodyTooLarge: `Nội dung lệnh gọi quá lớn (tối đa ${MAX_JSON_BODY_BYTES / 1024 / 1024} MB); tệp phải gửi qua cửa tải tệp.`,
  internal: 'Máy chủ gặp lỗi khi xử lý yêu cầu này; hãy thử lại.',
  foreignHost:
    'Địa chỉ đã gõ không phải địa chỉ của máy chủ này nên yêu cầu bị từ chối (có thể là một trang web khác đang giả danh). Hãy mở ứng dụng tại http://127.0.0.1:<cổng> trên máy này, hoặc bằng tên/địa chỉ IP của máy chủ trong mạng nội bộ.',
  unauthenticated: ERROR_MESSAGES.UNAUTHENTICATED,
  uploadForbidden: UPLOAD_FORBIDDEN_MESSAGE,
  jobForbidden: 'Không có tệp này trong các công việc của bạn (tệp của công việc do người khác bắt đầu chỉ người đó tải được).',
  firstAdminHere:
    'Quản trị viên đầu tiên phải được tạo trên chính máy chủ (mở https://127.0.0.1:<cổng> trên máy đó), hoặc bằng lệnh "npm run -s cli -- user add --role admin".',
  busy: 'Máy chủ đang bận (đang nhận nhiều dữ liệu cùng lúc), thử lại sau ít giây.',
};

/** Request bodies being received at once over all connections, in bytes (two largest uploads and some calls). */
export const MAX_BODY_BYTES_IN_FLIGHT = 2 * MAX_UPLOAD_BYTES + 2 * MAX_JSON_BODY_BYTES;
/** Seconds a client is told to wait before trying again when the host is busy. */
const RETRY_AFTER_SECONDS = 5;

export interface HostOptions {
  core: Core;
  rendererDir: string;
  /**
   * LAN mode (serve --lan): this machine's own names and addresses are the host's names too.
   * Otherwise only 127.0.0.1 and localhost are.
   */
  lan?: boolean;
  /** Bytes of request bodies received at once over all connections (default MAX_BODY_BYTES_IN_FLIGHT). */
  maxBodyBytesInFlight?: number;
  /** Serve over HTTPS with this key and certificate (LAN mode; certificate.ts); its fingerprint is shown on the sign-in page. */
  tls?: { keyPem: string; certPem: string; fingerprint: string };
  /** Sign-in options (tests: the clock, the idle time). */
  auth?: AuthOptions;
}

/** The session cookie: the token of an in-memory session (auth/sessions.ts), never readable by the page's scripts. */
export const SESSION_COOKIE = 'rasoat_session';

function cookieToken(req: http.IncomingMessage): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/u.test(value) ? value : null;
    }
  }
  return null;
}

/** Set-Cookie for a token (sign-in) or its removal (sign-out, a session that ended): HttpOnly, SameSite=Strict, Secure over HTTPS. */
function sessionCookie(token: string | null, secure: boolean): string {
  const flags = `Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
  return token ? `${SESSION_COOKIE}=${token}; ${flags}` : `${SESSION_COOKIE}=; ${flags}; Max-Age=0`;
}

/** What a request brings: its session (if live), and where a sign-in or sign-out is written back. */
interface Client {
  auth: Auth;
  lan: boolean;
  secure: boolean;
  token: string | null;
}

const isLoopback = (address: string | undefined): boolean => address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';

function callerOfRequest(client: Client): Caller | null {
  return client.auth.callerOf(client.token);
}

type Res = http.ServerResponse;

function send(res: Res, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.writeHead(status, { ...SECURITY_HEADERS, ...extra, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendJson(res: Res, status: number, value: Envelope<unknown>, extra: Record<string, string> = {}): void {
  let body: string;
  try {
    body = JSON.stringify(value);
  } catch (e) {
    console.error('[rasoat] an answer is not JSON:', e);
    status = 500;
    body = JSON.stringify(fail('INTERNAL', SAY.internal));
  }
  send(res, status, body, 'application/json; charset=utf-8', extra);
}

const sendFail = (res: Res, status: number, code: ErrorCode, message: string): void => sendJson(res, status, fail(code, message));

/**
 * Answers a request whose body is not wanted (a refusal, a limit): the rest of the body is read
 * and dropped, so that a client still sending gets the answer rather than a reset connection
 * (closing on it would lose the answer in its buffers). On a kept-alive connection the answer
 * goes at once; a client that asked to close after this request gets it once its body is in.
 */
function refuseBody(req: http.IncomingMessage, res: Res, status: number, code: ErrorCode, message: string, extra: Record<string, string> = {}): void {
  const answer = (): void => sendJson(res, status, fail(code, message), extra);
  req.resume();
  if (req.complete) answer();
  else if (!res.shouldKeepAlive) req.once('end', answer);
  else {
    // Answered, still dropping the body: the keep-alive timer (armed once an answer is sent)
    // must not cut the connection under a client that is still sending.
    res.once('finish', () => {
      if (req.complete) return;
      const idle = req.socket.timeout ?? 0;
      req.socket.setTimeout(0);
      req.once('end', () => req.socket.setTimeout(idle));
    });
    answer();
  }
}

/** decodeURIComponent that answers null for malformed percent-encoding instead of throwing. */
function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * Another web site open in the same browser cannot use the host: a call that says where it comes
 * from must come from this host's own page (an Origin that is not a URL, or "null", is foreign),
 * and the browser's own Sec-Fetch-Site must not say cross-site.
 */
function sameOrigin(req: http.IncomingMessage): boolean {
  const site = req.headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === new URL(`http://${req.headers.host ?? ''}`).host;
  } catch {
    return false;
  }
}

/**
 * The names a browser may reach this host by: 127.0.0.1 and localhost, and in LAN mode the
 * machine's name and its addresses. A page of another site that made its own name point at this
 * machine (DNS rebinding) sends its own name as Host, so it is refused even though its Origin
 * matches its Host. Addresses are read again when a name is not found (a new DHCP lease).
 */
class HostNames {
  private names: Set<string>;

  constructor(private readonly lan: boolean) {
    this.names = this.read();
  }

  private read(): Set<string> {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
    if (!this.lan) return names;
    const machine = os.hostname().toLowerCase();
    names.add(machine);
    names.add(`${machine}.local`);
    for (const list of Object.values(os.networkInterfaces())) {
      for (const a of list ?? []) names.add(a.family === 'IPv6' ? `[${a.address.replace(/%.*$/u, '').toLowerCase()}]` : a.address);
    }
    return names;
  }

  /** Whether the request's Host header names this host (any port: the socket already chose it). */
  accepts(header: string | undefined): boolean {
    if (!header) return false;
    let name: string;
    try {
      name = new URL(`http://${header}`).hostname;
    } catch {
      return false;
    }
    if (this.names.has(name)) return true;
    if (!this.lan) return false;
    this.names = this.read();
    return this.names.has(name);
  }
}

/**
 * Bytes of request bodies being received at once, over all connections: a request that declares
 * a body takes its size (at most the largest a door takes; a chunked one that much) until its
 * answer is sent; past the budget it is answered 503 with Retry-After.
 */
class BodyBudget {
  private inFlight = 0;

  constructor(private readonly max: number) {}

  /** Reserves the request's body, or answers false when the budget has no room for it. */
  take(req: http.IncomingMessage, res: Res): boolean {
    const length = req.headers['content-length'];
    const declared = length !== undefined ? Number(length) : req.headers['transfer-encoding'] ? MAX_UPLOAD_BYTES : 0;
    const size = Math.min(Number.isFinite(declared) && declared > 0 ? declared : 0, MAX_UPLOAD_BYTES);
    if (size === 0) return true;
    if (this.inFlight + size > this.max) return false;
    this.inFlight += size;
    res.once('close', () => (this.inFlight -= size));
    return true;
  }
}

/** Depth of a parsed JSON value, walked without recursion. */
function tooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (depth > MAX_JSON_DEPTH) return true;
    if (v !== null && typeof v === 'object') for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * The local HTTP host: the same renderer and the same core as the desktop app, for a browser on
 * this PC (tests) or, when the user turns LAN mode on, for the office's other PCs. Calls arrive
 * as POST /api/<method> with a JSON body and answer with the contract's envelope; files travel
 * apart, streamed: POST /files/uploads (the raw body) and GET /files/jobs/<id>/<name>.
 * No request can stop it: every failure inside a handler becomes an answer.
 */
export function createHost({ core, rendererDir, lan = false, maxBodyBytesInFlight = MAX_BODY_BYTES_IN_FLIGHT, tls, auth: authOptions }: HostOptions): http.Server | https.Server {
  const services = createServices(core);
  const root = path.resolve(rendererDir);
  const names = new HostNames(lan);
  const budget = new BodyBudget(maxBodyBytesInFlight);
  // One sign-in state per core, shared with every transport on it (the services read it too).
  const auth = authOptions ? configureAuth(core, authOptions) : authOf(core);
  if (tls) auth.certificateFingerprint = tls.fingerprint;
  const secure = tls !== undefined;
  const handle = (req: http.IncomingMessage, res: Res): void => {
    // A client that goes away mid-request must not take the host with it.
    req.on('error', () => res.destroy());
    res.on('error', () => res.destroy());
    try {
      if (!names.accepts(req.headers.host)) return refuseBody(req, res, 403, 'INVALID_INPUT', SAY.foreignHost);
      if (!budget.take(req, res)) return refuseBody(req, res, 503, 'BUSY', SAY.busy, { 'retry-after': String(RETRY_AFTER_SECONDS) });
      route(core, services, root, { auth, lan, secure, token: cookieToken(req) }, req, res);
    } catch (e) {
      console.error('[rasoat] request failed:', e);
      sendFail(res, 500, 'INTERNAL', SAY.internal);
    }
  };
  if (tls) return https.createServer({ key: tls.keyPem, cert: tls.certPem, minVersion: 'TLSv1.2' }, handle);
  return http.createServer(handle);
}

function route(core: Core, services: Services, root: string, client: Client, req: http.IncomingMessage, res: Res): void {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    refuseBody(req, res, 400, 'INVALID_INPUT', SAY.badPath);
    return;
  }
  const pathname = decode(url.pathname);
  if (pathname === null || pathname.includes('\0')) {
    if (pathname === null) refuseBody(req, res, 400, 'INVALID_INPUT', SAY.badPath);
    else refuseBody(req, res, 404, 'NOT_FOUND', SAY.notFound);
    return;
  }
  if (pathname.startsWith(HTTP_API_PREFIX)) handleApi(services, client, pathname.slice(HTTP_API_PREFIX.length), req, res);
  else if (pathname === HTTP_UPLOAD_PATH) handleUpload(core, client, req, res);
  else if (pathname.startsWith(HTTP_JOB_FILE_PREFIX)) handleJobFile(core, client, pathname.slice(HTTP_JOB_FILE_PREFIX.length), req, res);
  else if (req.method !== 'GET' && req.method !== 'HEAD') refuseBody(req, res, 405, 'INVALID_INPUT', SAY.method);
  else serveStatic(root, pathname, res);
}

/** The status of an envelope: 401 without a session, 403 refused by the role, else 200 (the envelope says the rest). */
const statusOf = (envelope: Envelope<unknown>): number =>
  envelope.ok ? 200 : envelope.error.code === 'UNAUTHENTICATED' ? 401 : envelope.error.code === 'FORBIDDEN' ? 403 : 200;

/** A file door without a live session: 401, and a dead cookie is cleared. */
function refuseUnauthenticated(client: Client, req: http.IncomingMessage, res: Res): void {
  refuseBody(req, res, 401, 'UNAUTHENTICATED', SAY.unauthenticated, client.token ? { 'set-cookie': sessionCookie(null, client.secure) } : {});
}

function handleApi(services: Services, client: Client, method: string, req: http.IncomingMessage, res: Res): void {
  // Without a live session only the sign-in page's calls are read at all.
  const open = (API_METHODS as string[]).includes(method) && isPublic(method as ApiMethod);
  if (!open && !callerOfRequest(client)) return refuseUnauthenticated(client, req, res);
  // On the LAN, the first administrator is created on the host PC itself, not by whoever reaches the page first.
  if (method === 'auth.setupFirstAdmin' && client.lan && !isLoopback(req.socket.remoteAddress)) return refuseBody(req, res, 403, 'FORBIDDEN', SAY.firstAdminHere);
  if (req.method !== 'POST') return refuseBody(req, res, 405, 'INVALID_INPUT', SAY.apiPost);
  // A JSON content type forces a CORS preflight, which this host never grants: another web site
  // open in the same browser cannot call the API.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return refuseBody(req, res, 415, 'INVALID_INPUT', SAY.apiJson);
  if (!sameOrigin(req)) return refuseBody(req, res, 403, 'INVALID_INPUT', SAY.crossOrigin);
  if (Number(req.headers['content-length'] ?? 0) > MAX_JSON_BODY_BYTES) return refuseBody(req, res, 413, 'INVALID_INPUT', SAY.bodyTooLarge);
  const chunks: Buffer[] = [];
  let size = 0;
  let refused = false;
  req.on('data', (c: Buffer) => {
    if (refused) return;
    size += c.length;
    if (size > MAX_JSON_BODY_BYTES) {
      refused = true;
      chunks.length = 0;
      refuseBody(req, res, 413, 'INVALID_INPUT', SAY.bodyTooLarge);
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (refused || res.headersSent) return;
    let input: unknown;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      input = text ? JSON.parse(text) : {};
    } catch {
      sendFail(res, 400, 'INVALID_INPUT', SAY.notJson);
      return;
    }
    if (tooDeep(input)) {
      sendFail(res, 400, 'INVALID_INPUT', SAY.tooDeep);
      return;
    }
    let written: { token: string | null } | null = null;
    const slot: SessionSlot = {
      token: client.token,
      set: (token) => (written = { token }),
    };
    dispatch(services, method, input, { auth: client.auth, slot }).then(
      (envelope) => {
        const extra: Record<string, string> = {};
        const w = written as { token: string | null } | null;
        if (w) extra['set-cookie'] = sessionCookie(w.token, client.secure);
        // A cookie whose session has ended is cleared (the browser stops sending it).
        else if (client.token && !envelope.ok && envelope.error.code === 'UNAUTHENTICATED') extra['set-cookie'] = sessionCookie(null, client.secure);
        sendJson(res, statusOf(envelope), envelope, extra);
      },
      (e: unknown) => {
        console.error(`[rasoat] ${method} failed:`, e);
        sendFail(res, 500, 'INTERNAL', SAY.internal);
      },
    );
  });
}

/** POST /files/uploads: the file is the raw body, streamed to the uploads folder and counted against MAX_UPLOAD_BYTES. */
function handleUpload(core: Core, client: Client, req: http.IncomingMessage, res: Res): void {
  if (req.method !== 'POST') return refuseBody(req, res, 405, 'INVALID_INPUT', SAY.method);
  const caller = callerOfRequest(client);
  if (!caller) return refuseUnauthenticated(client, req, res);
  // Only those who may use an upload (an import, a point table, a village list) may send one.
  if (!roleMayUpload(caller.role) || caller.mustChangePassword) return refuseBody(req, res, 403, 'FORBIDDEN', SAY.uploadForbidden);
  // octet-stream, like JSON, is not a type a cross-site form can post without a preflight.
  if (!(req.headers['content-type'] ?? '').startsWith('application/octet-stream')) return refuseBody(req, res, 415, 'INVALID_INPUT', SAY.uploadType);
  if (!sameOrigin(req)) return refuseBody(req, res, 403, 'INVALID_INPUT', SAY.crossOrigin);
  if (Number(req.headers['content-length'] ?? 0) > MAX_UPLOAD_BYTES) return refuseBody(req, res, 413, 'INVALID_INPUT', UPLOAD_TOO_LARGE_MESSAGE);
  try {
    checkUploadQuota(core.options.dbPath);
  } catch (e) {
    if (e instanceof AppError) return refuseBody(req, res, 429, e.code, e.message);
    throw e;
  }
  // Through a pass-through, so that stopping at the limit stops the copy, not the connection:
  // the client still reads the 413.
  const body = new PassThrough();
  req.pipe(body);
  receiveUpload(core.options.dbPath, body).then(
    (receipt) => sendJson(res, 200, ok(receipt)),
    (e: unknown) => {
      if (e instanceof UploadTooLarge) refuseBody(req, res, 413, 'INVALID_INPUT', e.message);
      else if (e instanceof AppError && e.code === 'LIMIT_REACHED') refuseBody(req, res, 429, e.code, e.message);
      else if (e instanceof AppError) sendJson(res, 400, fail(e.code, e.message, e.issues));
      else if (req.destroyed || req.readableAborted) res.destroy();
      else {
        console.error('[rasoat] upload failed:', e);
        sendFail(res, 500, 'INTERNAL', SAY.internal);
      }
    },
  );
}

/** RFC 6266: the ASCII fallback name, then the real one (Vietnamese) in UTF-8. */
function disposition(kind: 'inline' | 'attachment', name: string): string {
  const ascii = name.normalize('NFD').replace(/[\u0300-\u036f]/gu, '').replace(/đ/gu, 'd').replace(/Đ/gu, 'D').replace(/[^\x20-\x7e]|["\\]/gu, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** GET /files/jobs/<jobId>/<name>: a finished job's file, streamed from disk with its type and name. */
function handleJobFile(core: Core, client: Client, rest: string, req: http.IncomingMessage, res: Res): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuseBody(req, res, 405, 'INVALID_INPUT', SAY.method);
  const caller = callerOfRequest(client);
  if (!caller) return refuseUnauthenticated(client, req, res);
  if (!sameOrigin(req)) return refuseBody(req, res, 403, 'INVALID_INPUT', SAY.crossOrigin);
  const slash = rest.indexOf('/');
  const jobId = slash < 0 ? rest : rest.slice(0, slash);
  const name = slash < 0 ? undefined : rest.slice(slash + 1);
  if (caller.mustChangePassword || !client.auth.mayUseJob(caller, jobId)) return sendFail(res, 404, 'NOT_FOUND', SAY.jobForbidden);
  let file;
  try {
    file = core.jobs.file(jobId, name || undefined);
  } catch (e) {
    if (e instanceof AppError) return sendJson(res, e.code === 'NOT_FOUND' ? 404 : 400, fail(e.code, e.message, e.issues));
    throw e;
  }
  const stream = fs.createReadStream(file.path);
  stream.once('open', () => {
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': file.mime,
      'content-length': String(file.size),
      'content-disposition': disposition(file.mime === 'application/pdf' ? 'inline' : 'attachment', file.name),
    });
    if (req.method === 'HEAD') {
      stream.destroy();
      res.end();
      return;
    }
    pipeline(stream, res).catch(() => res.destroy());
  });
  stream.once('error', (e) => {
    if (!res.headersSent) sendFail(res, 404, 'NOT_FOUND', `Không đọc được tệp của công việc: ${e.message}`);
    else res.destroy();
  });
}

function serveStatic(root: string, pathname: string, res: Res): void {
  const rel = pathname === '/' ? '/index.html' : pathname;
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(root + path.sep)) {
    send(res, 403, SAY.forbidden, TEXT);
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      send(res, 404, SAY.notFound, TEXT);
      return;
    }
    send(res, 200, data, TYPES[path.extname(file)] ?? 'application/octet-stream');
  });
}
