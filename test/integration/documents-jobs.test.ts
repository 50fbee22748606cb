/**
 * The documents through their doors: long jobs in a worker thread (progress, output, cancel) and
 * the command line (document, dossier, one-line refusals).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { dispatchAsAdmin as dispatch } from '../fixtures/api';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { unitByCode } from '../../electron/core/documents/context';
import { readUnitFile } from '../../electron/core/units/units';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, tempDir } from '../helpers';

const tmp = tempDir('rasoat-docjobs-');
const dbPath = path.join(tmp, 'rasoat.sqlite');
let core: Core;
let roundId: number;
let communeId: number;
let districtId: number;

beforeAll(() => {
  core = new Core({ dbPath, resourcesDir: RESOURCES });
  buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 600, seed: 3 });
  roundId = (core.db.sqlite.prepare('SELECT id FROM rounds WHERE year = 2023').get() as { id: number }).id;
  communeId = unitByCode(core.db.sqlite, '30487', '2023-09-01')!.id;
  districtId = unitByCode(core.db.sqlite, '889', '2023-09-01')!.id;
}, 60_000);

afterAll(async () => {
  core?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('document jobs', () => {
  it('renders a document in a worker with progress, and returns it as a PDF', async () => {
    const services = createServices(core);
    const started = await dispatch(services, 'jobs.start', { kind: 'documents.render', input: { roundId, unitId: communeId, doc: 'M02' } });
    expect(started.ok).toBe(true);
    const id = (started as { value: { id: string } }).value.id;
    const final = await core.jobs.wait(id);
    expect(final.state).toBe('done');
    expect(final.message).toMatch(/^Đã dựng M02: \d+ trang$/u);
    if (final.kind !== 'documents.render') throw new Error(final.kind);
    expect(final.result?.files).toEqual([{ name: 'M02-2023-30487.pdf', pages: expect.any(Number), doc: 'M02' }]);
    // jobs.output says which file; its bytes stay on disk for the transports to stream.
    const out = await dispatch(services, 'jobs.output', { jobId: id });
    expect(out).toEqual({ ok: true, value: { name: 'M02-2023-30487.pdf', mime: 'application/pdf', size: expect.any(Number) } });
    const file = core.jobs.file(id);
    expect(fs.readFileSync(file.path).subarray(0, 5).toString()).toBe('%PDF-');
    expect(fs.statSync(file.path).size).toBe(file.size);
  });

  it('refuses a commune-only document for the district with a failed job, not a crash', async () => {
    const { id } = core.jobs.start('documents.render', { roundId, unitId: districtId, doc: 'P5' });
    const final = await core.jobs.wait(id);
    expect(final.state).toBe('failed');
    expect(final.error).toEqual({ code: 'INVALID_INPUT', message: expect.stringMatching(/chỉ in cho một xã/u) });
  });

  it('refuses an unknown document id before starting', () => {
    expect(() => core.jobs.start('documents.render', { roundId, unitId: communeId, doc: 'X9' })).toThrow(/chưa hợp lệ/u);
  });

  it('can cancel a dossier while it renders', async () => {
    const { id } = core.jobs.start('documents.dossier', { roundId, unitId: communeId });
    // Cancel once the first document is under way.
    for (let i = 0; i < 200 && core.jobs.status(id).done < 1 && core.jobs.status(id).state === 'running'; i++) await new Promise((r) => setTimeout(r, 25));
    core.jobs.cancel(id);
    const final = await core.jobs.wait(id);
    expect(final.state).toBe('cancelled');
    expect(fs.readdirSync(core.jobs.outDirOf(id)).some((f) => f.startsWith('0-'))).toBe(false); // no dossier was assembled
  });

  it('lists the documents, marking those only a commune prints', async () => {
    const services = createServices(core);
    const r = await dispatch(services, 'documents.list', { roundId, unitId: districtId });
    const items = (r as { value: { id: string; unavailable: string | null }[] }).value;
    expect(items.find((d) => d.id === 'BC')?.unavailable).toBeNull();
    expect(items.find((d) => d.id === 'M02')?.unavailable).toBe('Chỉ in cho một xã');
  });

  it('stores the officials per commune and reads them back', async () => {
    const services = createServices(core);
    const set = await dispatch(services, 'documents.officials.set', { communeId, officials: { chairman: 'Lê Văn Chánh', signAs: 'KT', viceChairman: 'Võ Thị Phó' } });
    expect(set).toEqual({ ok: true, value: expect.objectContaining({ chairman: 'Lê Văn Chánh', signAs: 'KT' }) });
    const again = await dispatch(services, 'documents.officials.set', { communeId, officials: { placeName: 'Bình Mỹ' } });
    expect(again).toEqual({ ok: true, value: expect.objectContaining({ chairman: 'Lê Văn Chánh', placeName: 'Bình Mỹ' }) });
    expect(await dispatch(services, 'documents.officials.get', { communeId })).toEqual(again);
  });
});

/** The command line (`npm run -s cli -- …`), from its bundle when fresh: test/fixtures/entry-points.ts. */
const cli = (args: string[]) => runCli(args);
const oneLine = (text: string) => {
  expect(text.trim().split('\n')).toHaveLength(1);
  expect(text).not.toMatch(/\n\s+at .+:\d+:\d+/u);
};

describe('the document and dossier commands', () => {
  it('prints one document to a file', () => {
    const out = path.join(tmp, 'cli', 'BC.pdf');
    const r = cli(['document', '--db', dbPath, '--round', '2023', '--unit', '889', '--doc', 'BC', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/BC\.pdf \(\d+ trang/u);
    expect(fs.readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('prints a filled-in form for a household (by its code) and Phiếu B for a village', () => {
    const h = core.db.sqlite
      .prepare('SELECT h.code, h.head_name FROM households h WHERE h.round_id = ? AND h.commune_id = ? ORDER BY h.id LIMIT 1')
      .get(roundId, communeId) as { code: string; head_name: string };
    const out = path.join(tmp, 'cli', 'M01-filled.pdf');
    const r = cli(['document', '--db', dbPath, '--round', '2023', '--unit', '30487', '--doc', 'M01', '--prefill', '--household', h.code, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(spawnSync('pdftotext', ['-raw', out, '-'], { encoding: 'utf8' }).stdout.normalize('NFC')).toContain(`Họ và tên: ${h.head_name}`);
    const village = core.db.sqlite.prepare("SELECT code FROM units WHERE parent_id = ? AND level = 'village' ORDER BY code LIMIT 1").pluck().get(communeId) as string;
    const pb = path.join(tmp, 'cli', 'PB-village.pdf');
    expect(cli(['document', '--db', dbPath, '--round', '2023', '--unit', '30487', '--doc', 'PB', '--prefill', '--village', village, '--out', pb]).code).toBe(0);
    const forms = spawnSync('pdftotext', ['-raw', pb, '-'], { encoding: 'utf8' }).stdout.split('PHIẾU B\n').length - 1;
    const households = core.db.sqlite
      .prepare('SELECT COUNT(*) FROM households h JOIN units v ON v.id = h.village_id WHERE h.round_id = ? AND v.code = ?')
      .pluck()
      .get(roundId, village) as number;
    expect(forms).toBe(households);
  }, 60_000);

  it('makes the dossier: one PDF and each document', () => {
    const dir = path.join(tmp, 'cli', 'dossier');
    const r = cli(['dossier', '--db', dbPath, '--round', '2023', '--unit', '30487', '--out', dir]);
    expect(r.code).toBe(0);
    expect(fs.readdirSync(dir).sort()).toEqual(['0-dossier-2023-30487.pdf', 'BC-2023-30487.pdf', 'LK-2023-30487.pdf', 'M02-2023-30487.pdf', 'P1-2023-30487.pdf', 'P5-2023-30487.pdf', 'TB-2023-30487.pdf']);
  }, 60_000);

  it.each([
    [['document', '--db', dbPath, '--round', '2023', '--unit', '30487', '--doc', 'X9', '--out', 'x.pdf'], /--doc/u],
    [['document', '--db', dbPath, '--round', '1999', '--unit', '30487', '--doc', 'M02', '--out', 'x.pdf'], /năm 1999/u],
    [['document', '--db', dbPath, '--round', '2023', '--unit', '99999', '--doc', 'M02', '--out', 'x.pdf'], /99999/u],
    [['document', '--db', dbPath, '--round', '2023', '--unit', '889', '--doc', 'M02', '--out', 'x.pdf'], /Tài liệu M02 chỉ in cho một xã: hãy chọn một xã/u],
    [['document', '--db', path.join(tmp, 'none.sqlite'), '--round', '2023', '--unit', '889', '--doc', 'BC', '--out', 'x.pdf'], /không tìm thấy/iu],
    [['dossier', '--db', dbPath, '--round', '2023', '--unit', '889', '--out', path.join(tmp, 'd2')], /một xã/u],
    [['document', '--db', dbPath, '--round', '2023', '--unit', '30487', '--doc', 'M01', '--prefill', '--out', 'x.pdf'], /Chọn một hộ để in M01 điền sẵn/u],
    [['document', '--db', dbPath, '--round', '2023', '--unit', '30487', '--doc', 'M02', '--prefill', '--out', 'x.pdf'], /M02 không có mẫu điền sẵn/u],
    [['document', '--db', dbPath, '--round', '2023', '--unit', '30487', '--doc', 'PB', '--prefill', '--village', 'NOPE', '--out', 'x.pdf'], /Không có thôn, ấp mã NOPE/u],
    [['document', '--db', dbPath, '--round', '2023', '--unit', '30487', '--doc', 'M04', '--prefill', '--household', '00000-99999', '--out', 'x.pdf'], /Không có hộ mã 00000-99999/u],
    [['document', '--db', dbPath, '--round', '2023', '--unit', '30487', '--doc', 'PB', '--household', '30487-00001', '--out', 'x.pdf'], /đi cùng --prefill/u],
  ])('refuses %j in one line with a non-zero exit', (args, message) => {
    const r = cli(args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(message);
    oneLine(r.stderr);
  });
});
