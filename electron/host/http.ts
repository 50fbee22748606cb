import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { HTTP_API_PREFIX } from '../../shared/api/contract';
import { fail } from '../../shared/api/envelope';
import { dispatch } from '../core/api/dispatch';
import type { Services } from '../core/api/services';

const MAX_BODY = 5 * 1024 * 1024;
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

export interface HostOptions {
  services: Services;
  rendererDir: string;
}

function send(res: http.ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const sendJson = (res: http.ServerResponse, status: number, value: unknown): void =>
  send(res, status, JSON.stringify(value), 'application/json; charset=utf-8');

/**
 * The local HTTP host: the same renderer and the same core as the desktop app, for a browser on
 * this PC (tests) or, when the user turns LAN mode on, for the office's other PCs. Calls arrive
 * as POST /api/<method> with a JSON body and answer with the contract's envelope.
 */
export function createHost({ services, rendererDir }: HostOptions): http.Server {
  return http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      handleApi(services, url.pathname.slice(HTTP_API_PREFIX.length), req, res);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'Method not allowed', 'text/plain; charset=utf-8');
      return;
    }
    serveStatic(rendererDir, url.pathname, res);
  });
}

function handleApi(services: Services, method: string, req: http.IncomingMessage, res: http.ServerResponse): void {
  if (req.method !== 'POST') {
    sendJson(res, 405, fail('INVALID_INPUT', 'API calls are POST requests'));
    return;
  }
  // A JSON content type forces a CORS preflight, which this host never grants: another web site
  // open in the same browser cannot call the API.
  if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
    sendJson(res, 415, fail('INVALID_INPUT', 'Content-Type must be application/json'));
    return;
  }
  const origin = req.headers.origin;
  if (origin && new URL(origin).host !== req.headers.host) {
    sendJson(res, 403, fail('INVALID_INPUT', 'Cross-origin calls are refused'));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  req.on('data', (c: Buffer) => {
    size += c.length;
    if (size > MAX_BODY) {
      sendJson(res, 413, fail('INVALID_INPUT', 'Request body too large'));
      req.destroy();
      return;
    }
    chunks.push(c);
  });
  req.on('end', () => {
    if (res.headersSent) return;
    let input: unknown;
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      input = text ? JSON.parse(text) : {};
    } catch {
      sendJson(res, 400, fail('INVALID_INPUT', 'Body is not valid JSON'));
      return;
    }
    void dispatch(services, decodeURIComponent(method), input).then((envelope) => sendJson(res, 200, envelope));
  });
}

function serveStatic(root: string, pathname: string, res: http.ServerResponse): void {
  const rel = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  const file = path.resolve(root, `.${rel}`);
  if (!file.startsWith(path.resolve(root) + path.sep)) {
    send(res, 403, 'Forbidden', 'text/plain; charset=utf-8');
    return;
  }
  fs.readFile(file, (err, data) => {
    if (err) {
      send(res, 404, 'Không tìm thấy / Not found', 'text/plain; charset=utf-8');
      return;
    }
    send(res, 200, data, TYPES[path.extname(file)] ?? 'application/octet-stream');
  });
}
