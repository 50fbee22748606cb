import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExcelImportResult } from '../../shared/api/excel';
import { MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE_MESSAGE } from '../../shared/api/files';
import { Core } from '../../electron/core/core';
import { uploadDirFor } from '../../electron/core/excel/uploads';
import { createHost } from '../../electron/host/http';
import { sessionCookie } from '../fixtures/session';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

/**
 * Files through the local HTTP host (the browser and LAN transport): uploads stream to the data
 * folder with the one size limit counted on the way, and a job's files stream back from disk.
 */

let core: Core;
let server: http.Server;
let base: string;
let seeded: ReturnType<typeof seedSmall>;
/** Signed in (fixtures/session.ts): without a session every door answers 401 (auth-host.test.ts). */
let cookie: string;

beforeAll(async () => {
  const dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Rà soát hộ nghèo</title>');
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  seeded = seedSmall(core);
  server = createHost({ core, rendererDir });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cookie = await sessionCookie(core, base);
});
afterAll(async () => {
  server.close();
  await core.jobs.close();
  core.close();
});

interface Answer {
  ok: boolean;
  value?: { upload: string; size: number };
  error?: { code: string; message: string };
}

const upload = (body: BodyInit, headers: Record<string, string> = {}) =>
  fetch(`${base}/files/uploads?name=${encodeURIComponent('danh sách.xlsx')}`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/octet-stream', ...headers },
    body,
    duplex: 'half',
  } as RequestInit);

/** A body of `total` bytes sent in 1 MB chunks, without a Content-Length (chunked). */
function chunked(total: number, byte = 0x61): ReadableStream<Uint8Array> {
  let sent = 0;
  const chunk = new Uint8Array(1024 * 1024).fill(byte);
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const n = Math.min(chunk.length, total - sent);
      controller.enqueue(n === chunk.length ? chunk : chunk.subarray(0, n));
      sent += n;
    },
  });
}

async function stillAnswers(): Promise<void> {
  const res = await fetch(`${base}/api/rounds.list`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: '{}' });
  expect(((await res.json()) as Answer).ok).toBe(true);
}

const uploadsOnDisk = () => (fs.existsSync(uploadDirFor(core.options.dbPath)) ? fs.readdirSync(uploadDirFor(core.options.dbPath)) : []);

async function runJob<K extends 'excel.export' | 'excel.import'>(kind: K, input: Record<string, unknown>) {
  const res = await fetch(`${base}/api/jobs.start`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ kind, input }) });
  const started = (await res.json()) as { ok: boolean; value: { id: string } };
  expect(started.ok).toBe(true);
  return core.jobs.wait(started.value.id);
}

describe('uploads through the HTTP host', () => {
  it('takes a 20 MB file, streamed, and hands back an upload id holding the same bytes', async () => {
    const bytes = crypto.randomBytes(20 * 1024 * 1024);
    const res = await upload(bytes);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body).toEqual({ ok: true, value: { upload: expect.stringMatching(/^[a-f0-9]{32}$/u), size: bytes.length } });
    const stored = fs.readFileSync(path.join(uploadDirFor(core.options.dbPath), `${body.value!.upload}.xlsx`));
    expect(stored.equals(bytes)).toBe(true);
  });

  it('takes a chunked body (no Content-Length) and counts it', async () => {
    const res = await upload(chunked(3 * 1024 * 1024 + 5));
    expect(((await res.json()) as Answer).value?.size).toBe(3 * 1024 * 1024 + 5);
  });

  it('refuses a body over the limit, declared up front, with 413 and a Vietnamese message, and keeps answering', async () => {
    const before = uploadsOnDisk();
    const res = await upload(Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x62));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', message: UPLOAD_TOO_LARGE_MESSAGE }) });
    expect(UPLOAD_TOO_LARGE_MESSAGE).toMatch(/^Tệp quá lớn: .*120 MB/u);
    expect(uploadsOnDisk()).toEqual(before);
    await stillAnswers();
  });

  it('stops a chunked body as it passes the limit (413), leaves no partial file, and keeps answering', async () => {
    const before = uploadsOnDisk();
    const res = await upload(chunked(MAX_UPLOAD_BYTES + 3 * 1024 * 1024));
    expect(res.status).toBe(413);
    expect(((await res.json()) as Answer).error?.message).toBe(UPLOAD_TOO_LARGE_MESSAGE);
    await new Promise((r) => setTimeout(r, 100));
    expect(uploadsOnDisk()).toEqual(before);
    await stillAnswers();
  });

  it('refuses an empty file, another content type, and another origin', async () => {
    const empty = await upload(new Uint8Array(0));
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Answer).error?.message).toMatch(/^Tệp rỗng/u);
    // A cross-site form can only post a "simple" content type; the upload door takes octet-stream.
    expect((await upload(new Uint8Array(5), { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await upload(new Uint8Array(5), { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('feeds an import job: the upload id is the job input, through the contract', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Bình Mỹ');
    ws.addRow(['STT hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Số CCCD', 'Dân tộc']);
    ws.addRow([1, 'Đặng Văn Mười', '02/02/1975', 'Nam', 'Chủ hộ', '089075123456', 'Kinh']);
    const res = await upload(Buffer.from(await wb.xlsx.writeBuffer()));
    const { value } = (await res.json()) as Answer;
    const final = await runJob('excel.import', { roundId: seeded.roundId, unitId: seeded.communeId, upload: value!.upload, dryRun: true });
    expect(final.state).toBe('done');
    const result = final.result as ExcelImportResult;
    expect(result.households.created).toBe(1);
  });
});

describe("a job's files through the HTTP host", () => {
  it('streams a finished export from disk with its type and name', async () => {
    const final = await runJob('excel.export', { roundId: seeded.roundId, unitId: seeded.communeId, doc: 'DS' });
    expect(final.state).toBe('done');
    const info = await fetch(`${base}/api/jobs.output`, { method: 'POST', headers: { cookie, 'content-type': 'application/json' }, body: JSON.stringify({ jobId: final.id }) });
    const meta = (await info.json()) as { ok: boolean; value: { name: string; mime: string; size: number } };
    expect(meta.value).toEqual({ name: 'DS-30487-2023.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: expect.any(Number) });
    expect(meta.value).not.toHaveProperty('base64');
    const res = await fetch(`${base}/files/jobs/${final.id}/${encodeURIComponent(meta.value.name)}`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(meta.value.mime);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="DS-30487-2023.xlsx"; filename*=UTF-8''DS-30487-2023.xlsx`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.length).toBe(meta.value.size);
    const saved = path.join(tempDir(), meta.value.name);
    fs.writeFileSync(saved, bytes);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    expect(wb.worksheets[0]!.getRow(2).getCell(6).value).toBe('Nguyễn Văn Dũng');
  });

  it('streams a file larger than base64 in JSON could ever carry, without holding it in memory', async () => {
    const final = await runJob('excel.export', { roundId: seeded.roundId, unitId: seeded.communeId, doc: 'DS' });
    // 450 MB: its base64 (600 M characters) is longer than the longest string V8 can make.
    const size = 450 * 1024 * 1024;
    const big = path.join(core.jobs.outDirOf(final.id), 'ho-so-lon.pdf');
    const fd = fs.openSync(big, 'w');
    fs.writeSync(fd, Buffer.from('%PDF-1.7\n'), 0, 9, 0);
    fs.writeSync(fd, Buffer.from('%%EOF\n'), 0, 6, size - 6);
    fs.closeSync(fd);
    const res = await fetch(`${base}/files/jobs/${final.id}/ho-so-lon.pdf`, { headers: { cookie } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-length')).toBe(String(size));
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="ho-so-lon.pdf"/u);
    const start = process.memoryUsage().rss;
    let peak = start;
    let received = 0;
    const hash = crypto.createHash('sha256');
    const reader = res.body!.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      hash.update(value);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(received).toBe(size);
    const onDisk = crypto.createHash('sha256');
    for await (const chunk of fs.createReadStream(big)) onDisk.update(chunk as Buffer);
    expect(hash.digest('hex')).toBe(onDisk.digest('hex'));
    expect(peak - start).toBeLessThan(200 * 1024 * 1024);
  });

  it('answers 404 in Vietnamese for a file the job did not write, an unknown job, and a name that climbs out', async () => {
    const final = await runJob('excel.export', { roundId: seeded.roundId, unitId: seeded.communeId, doc: 'DS' });
    for (const target of [`${final.id}/khong-co.xlsx`, `zzzz-00000000/a.xlsx`, `${final.id}/..%2f..%2frasoat.sqlite`, `${final.id}/%E0`]) {
      const res = await fetch(`${base}/files/jobs/${target}`, { headers: { cookie } });
      expect([400, 404]).toContain(res.status);
      expect(((await res.json()) as Answer).error?.message).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u);
    }
    await stillAnswers();
  });
});
