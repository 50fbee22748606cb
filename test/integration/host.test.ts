import fs from 'node:fs';
import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdDetail, HouseholdList } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import { Core } from '../../electron/core/core';
import { insertHouseholds } from '../../electron/core/households/write';
import { createHost } from '../../electron/host/http';
import { sessionCookie } from '../fixtures/session';
import { household, member, seedSmall } from '../fixtures/small-db';
import { reclassified, RESOURCES, tempDir, type SendCall } from '../helpers';

let core: Core;
let server: http.Server;
let base: string;
let roundId: number;
let cookie: string;

beforeAll(async () => {
  const dir = tempDir();
  const rendererDir = path.join(dir, 'renderer');
  fs.mkdirSync(rendererDir);
  fs.writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Rà soát hộ nghèo</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'bí mật');
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  const seeded = seedSmall(core);
  roundId = seeded.roundId;
  // a name typed in decomposed Unicode (a combining-mark keyboard) is stored composed
  insertHouseholds(core.db.sqlite, roundId, [
    household('30487-00004', seeded.communeId, seeded.villageId, 110, ['water', 'sanitation', 'telecom'], [
      member(1, 'Nguyễn Văn Ấn'.normalize('NFD')),
    ]),
  ]);
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

async function call(method: string, input: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  // Signed in (fixtures/session.ts): every call without a session is 401 (auth-host.test.ts).
  const res = await fetch(`${base}/api/${method}`, { method: 'POST', headers: { cookie, ...headers }, body: JSON.stringify(input) });
  return { status: res.status, body: (await res.json()) as { ok: boolean; value?: unknown; error?: { code: string; issues?: unknown[] } } };
}
/** A call of the contract over HTTP, as the screens in a browser make it: its envelope. */
const send: SendCall = async (method, input) => (await call(method, input)).body as Envelope<never>;

describe('the local HTTP host', () => {
  it('answers a call with the envelope', async () => {
    const { body } = await call('rounds.list', {});
    expect(body.ok).toBe(true);
    expect(body.value).toEqual([expect.objectContaining({ year: 2023, ruleSetId: 'vn-2022-2026', householdCount: 4, hasDistrict: true })]);
  });

  it('refuses invalid input with INVALID_INPUT and the field at fault', async () => {
    const { body } = await call('households.list', { roundId: 'hai' });
    expect(body).toEqual({ ok: false, error: expect.objectContaining({ code: 'INVALID_INPUT', issues: [expect.objectContaining({ path: 'roundId' })] }) });
  });

  it('refuses an unknown method', async () => {
    expect((await call('db.dropEverything', {})).body.error?.code).toBe('UNKNOWN_METHOD');
  });

  it('has no direct classification of a whole round: only the job, which does not hold up the host', async () => {
    // rounds.classify ran a million households on the host's thread for seconds; rounds.reclassify is the job.
    const { status, body } = await call('rounds.classify', { roundId });
    expect(status).toBe(200);
    expect(body).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: expect.stringContaining('"rounds.classify"') } });
  });

  it('answers NOT_FOUND for a household that does not exist', async () => {
    expect((await call('households.get', { householdId: 999 })).body.error?.code).toBe('NOT_FOUND');
  });

  it('refuses calls that are not JSON (a cross-site form post cannot reach the core)', async () => {
    const { status, body } = await call('rounds.list', {}, { 'content-type': 'text/plain' });
    expect(status).toBe(415);
    expect(body.ok).toBe(false);
  });

  it('refuses calls from another origin', async () => {
    const { status } = await call('rounds.list', {}, { 'content-type': 'application/json', origin: 'http://evil.example' });
    expect(status).toBe(403);
  });

  it('serves the renderer with a CSP, and nothing outside it', async () => {
    const res = await fetch(`${base}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/u);
    expect(await res.text()).toMatch(/Rà soát hộ nghèo/u);
    const escape = await fetch(`${base}/..%2fsecret.txt`);
    expect([403, 404]).toContain(escape.status);
  });
});

describe('household list and detail through the contract', () => {
  it('finds "Nguyễn Văn …" when searching "nguyen van", including a name typed decomposed', async () => {
    const { body } = await call('households.list', { roundId, search: 'nguyen van' });
    const list = body.value as HouseholdList;
    expect(list.rows.map((r) => r.headName)).toEqual(['Nguyễn Văn Ấn', 'Nguyễn Văn Dũng']);
    expect(list.rows[0]!.headName).toBe('Nguyễn Văn Ấn'.normalize('NFC'));
    expect(list.total).toBe(2);
  });

  it('folds đ: "dao" finds "Đào Thị Ấn"; a member name finds its household', async () => {
    const dao = (await call('households.list', { roundId, search: 'dao' })).body.value as HouseholdList;
    expect(dao.rows.map((r) => r.headName)).toEqual(['Đào Thị Ấn']);
    const spouse = (await call('households.list', { roundId, search: 'TRAN THI HUONG' })).body.value as HouseholdList;
    expect(spouse.rows.map((r) => r.headName)).toEqual(['Nguyễn Văn Dũng']);
  });

  it('finds a household by its code or by a member\'s ID number (prefix)', async () => {
    const byId = (await call('households.list', { roundId, search: '08908000' })).body.value as HouseholdList;
    expect(byId.rows.map((r) => r.headName)).toEqual(['Nguyễn Văn Dũng']);
    const byCode = (await call('households.list', { roundId, search: '30487-00002' })).body.value as HouseholdList;
    expect(byCode.rows.map((r) => r.code)).toEqual(['30487-00002']);
    const none = (await call('households.list', { roundId, search: '999' })).body.value as HouseholdList;
    expect(none.total).toBe(0);
  });

  it('sorts names in Vietnamese order, both ways, and pages', async () => {
    const asc = (await call('households.list', { roundId, sort: 'name' })).body.value as HouseholdList;
    expect(asc.rows.map((r) => r.headName)).toEqual(['Đào Thị Ấn', 'Lê Văn Tám', 'Nguyễn Văn Ấn', 'Nguyễn Văn Dũng']);
    const desc = (await call('households.list', { roundId, sort: 'name', dir: 'desc', limit: 2, offset: 1 })).body.value as HouseholdList;
    expect(desc.rows.map((r) => r.headName)).toEqual(['Nguyễn Văn Ấn', 'Lê Văn Tám']);
    expect(desc.total).toBe(4);
  });

  it('classifies the round and filters by class', async () => {
    const summary = await reclassified(send, { roundId });
    expect(summary).toEqual(expect.objectContaining({ classified: 4, byStatus: { poor: 2, near_poor: 1, neither: 1, middle_income: 0 } }));
    const poor = (await call('households.list', { roundId, status: 'poor', sort: 'name' })).body.value as HouseholdList;
    expect(poor.rows.map((r) => [r.headName, r.scoreA, r.scoreB])).toEqual([
      ['Nguyễn Văn Ấn', 110, 30],
      ['Nguyễn Văn Dũng', 120, 40],
    ]);
  });

  it('opens a household with its members, answers, class and explanation', async () => {
    const list = (await call('households.list', { roundId, search: 'dung' })).body.value as HouseholdList;
    const detail = (await call('households.get', { householdId: list.rows[0]!.id })).body.value as HouseholdDetail;
    expect(detail.members.map((m) => [m.fullName, m.relation, m.age])).toEqual([
      ['Nguyễn Văn Dũng', 'head', 43],
      ['Trần Thị Hường', 'spouse', 43],
    ]);
    expect(detail.result).toEqual(
      expect.objectContaining({
        status: 'poor',
        statusLabel: 'Hộ nghèo',
        scoreB: 40,
        ruleSet: { id: 'vn-2022-2026', version: '2022.1' },
        explanation: expect.stringMatching(/^Hộ nghèo: điểm A 120 ≤ 140 \(nông thôn\) và thiếu hụt 4 chỉ số: /u),
      }),
    );
    expect(detail.indicators).toHaveLength(12);
    // the roster implies the health-insurance deprivation that B2 records
    expect(detail.indicators.find((i) => i.id === 'healthInsurance')).toEqual(expect.objectContaining({ answer: true, derived: true }));
    expect(detail.communeName).toBe('Xã Bình Mỹ');
    expect(detail.villageName).toBe('Ấp Bình Hưng');
  });
});
