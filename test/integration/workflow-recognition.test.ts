/**
 * Issue 11, item 6: a workflow that drops no household. Recognition is refused while listed
 * households are unscored (no result, or answers changed after the result), naming each; last
 * year's poor and near-poor missing from this year's round are shown before the decision; the
 * Mẫu 01 requests are counted when the list is built; the decision number is the number alone,
 * so the decision never prints "45/QĐ-UBND/QĐ-UBND".
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { renderDocument } from '../../electron/core/documents/render';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-wfrec-');
let core: Core;
let services: Services;
let roundId: number;
let communeId: number;
let requested: { id: number; code: string };
let cleared: { id: number; code: string; headName: string; villageName: string };
let stale: { id: number; code: string; headName: string; villageName: string };
let gone: { code: string; headName: string; was: string };

beforeAll(() => {
  core = new Core({ dbPath: path.join(tmp, 'wf.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã' });
  buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 300, seed: 7 });
  services = createServices(core);
});
afterAll(() => core.close());

const { send, call } = apiOf(() => services);
const one = <T>(sql: string, ...params: unknown[]): T => core.db.sqlite.prepare(sql).get(...params) as T;

describe('building the list counts the Mẫu 01 requests', () => {
  it('a household that filed Mẫu 01 (already scored) is counted and included', async () => {
    const rounds = await call('rounds.list', {});
    roundId = rounds.find((r) => r.year === 2023)!.id;
    communeId = (await call('units.communes', { roundId })).find((c) => c.name === 'Bình Mỹ')!.id;
    // A household that was neither poor nor near-poor in 2022 files Mẫu 01; keyed before the list is built.
    requested = one(
      `SELECT h.id, h.code FROM households h WHERE h.round_id = ? AND h.commune_id = ? AND NOT EXISTS (
         SELECT 1 FROM households p JOIN rounds r ON r.id = p.round_id JOIN results s ON s.household_id = p.id
         WHERE p.code = h.code AND r.year = 2022 AND s.status IN ('poor', 'near_poor')) ORDER BY h.id LIMIT 1`,
      roundId,
      communeId,
    );
    const { form } = await call('entry.form', { householdId: requested.id });
    await call('entry.save', { roundId, householdId: requested.id, form: { ...form, request: { kind: 'mau01', receivedOn: '2023-09-05', reason: 'Chồng mất sức lao động', idIssuedBy: '' } } });
    const out = await call('workflow.buildList', { roundId, communeId });
    expect(out.mau01).toBe(1);
    expect(out.requests).toBe(1);
    expect(one<{ review_state: string }>('SELECT review_state FROM households WHERE id = ?', requested.id).review_state).not.toBe('not_listed');
    const status = await call('workflow.status', { roundId, communeId });
    expect(status.lists.at(-1)).toMatchObject({ listed: out.listed, requests: 1, mau01: 1, mau04: 0 });
    expect(status.lists.at(-1)!.at).toMatch(/^\d{4}-\d{2}-\d{2}/u);
  });
});

describe('recognition is refused while listed households are unscored', () => {
  it('names each unscored household (code, head, village) and refuses the decision', async () => {
    const listed = core.db.sqlite
      .prepare(
        `SELECT h.id, h.code, h.head_name AS headName, v.name AS villageName FROM households h JOIN units v ON v.id = h.village_id
         WHERE h.round_id = ? AND h.commune_id = ? AND h.review_state = 'listed' ORDER BY h.id LIMIT 2`,
      )
      .all(roundId, communeId) as typeof cleared[];
    [cleared, stale] = [listed[0]!, listed[1]!];
    // One household's Phiếu B is left incomplete (a B2 answer cleared): its result goes.
    const { form } = await call('entry.form', { householdId: cleared.id });
    const b2 = Object.keys(form.answers.b2);
    await call('entry.save', { roundId, householdId: cleared.id, form: { ...form, answers: { ...form.answers, b2: { ...form.answers.b2, [b2[0]!]: null } } } });
    // The other's answers were changed after its result was computed (as an import of answers leaves it, until the round is classified again).
    core.db.sqlite.prepare("UPDATE results SET computed_at = '2023-01-01T00:00:00.000Z' WHERE household_id = ?").run(stale.id);

    const status = await call('workflow.status', { roundId, communeId });
    expect(status.unscored.map((u) => ({ householdId: u.householdId, code: u.code, headName: u.headName, villageName: u.villageName }))).toEqual(
      expect.arrayContaining([
        { householdId: cleared.id, code: cleared.code, headName: cleared.headName, villageName: cleared.villageName },
        { householdId: stale.id, code: stale.code, headName: stale.headName, villageName: stale.villageName },
      ]),
    );
    expect(status.unscored.find((u) => u.householdId === cleared.id)?.reason).toBe('no_result');
    expect(status.unscored.find((u) => u.householdId === stale.id)?.reason).toBe('changed');

    await call('workflow.posting', { roundId, communeId, fromDate: '2023-10-20', toDate: '2023-10-24', places: 'Trụ sở UBND xã' });
    await call('workflow.districtOpinion', { roundId, communeId, receivedOn: '2023-11-20', number: '88/UBND-LĐTBXH', content: 'Thống nhất' });
    const refused = await send('workflow.decision', { roundId, communeId, number: '45', signedOn: '2023-12-05', signerName: 'Nguyễn Văn Mười', signerTitle: 'Chủ tịch' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('INVALID_INPUT');
    const message = refused.error.issues?.[0]?.message ?? '';
    expect(message).toMatch(new RegExp(`^Còn ${status.unscored.length} hộ trong danh sách rà soát chưa được chấm điểm`, 'u'));
    for (const h of [cleared, stale]) expect(message).toContain(`${h.code} – ${h.headName} (${h.villageName})`);
    expect(message).toMatch(/chưa thể công nhận/u);
    expect((await call('workflow.status', { roundId, communeId })).locked).toBe(false);
  });
});

describe('last year’s poor and near-poor missing from this year', () => {
  it('are listed with code, head, village and last status', async () => {
    // A 2022 poor or near-poor household of the commune that has no record in 2023 (as when this year's list was imported without it).
    const row = one<{ id: number; code: string; head_name: string; was: string }>(
      `SELECT h.id, h.code, h.head_name, s.status AS was FROM households h JOIN rounds r ON r.id = h.round_id
         JOIN households p ON p.code = h.code JOIN rounds pr ON pr.id = p.round_id AND pr.year = 2022 JOIN results s ON s.household_id = p.id
       WHERE r.year = 2023 AND h.commune_id = ? AND h.id NOT IN (?, ?, ?) AND s.status IN ('poor', 'near_poor') ORDER BY h.id LIMIT 1`,
      communeId,
      requested.id,
      cleared.id,
      stale.id,
    );
    gone = { code: row.code, headName: row.head_name, was: row.was };
    core.db.sqlite.prepare('DELETE FROM households WHERE id = ?').run(row.id);
    const status = await call('workflow.status', { roundId, communeId });
    expect(status.previousYear).toBe(2022);
    const missing = status.missing.find((m) => m.code === gone.code);
    expect(missing).toMatchObject({ code: gone.code, headName: gone.headName, status: gone.was });
    expect(missing!.villageName).not.toBe('');
    // Only that one: every other household of 2022's lists is in 2023.
    expect(status.missing.map((m) => m.code)).toEqual([gone.code]);
  });
});

describe('the decision number is the number alone', () => {
  it('refuses a number with another symbol, in Vietnamese', async () => {
    const r = await send('workflow.decision', { roundId, communeId, number: '45/QĐ-CT', signedOn: '2023-12-05', signerName: 'Nguyễn Văn Mười', signerTitle: 'Chủ tịch' });
    expect(!r.ok && r.error.issues?.[0]).toEqual({
      path: 'number',
      message: 'Số quyết định “45/QĐ-CT”: chỉ ghi phần số (ví dụ 45); phần “/QĐ-UBND” đã in sẵn sau số trên quyết định.',
    });
  });

  it('"45/QĐ-UBND" is stored as 45, and the decision prints "Số: 45/QĐ-UBND", never doubled', async () => {
    // Score the two households again (their forms saved complete): nothing is left unscored.
    for (const h of [cleared, stale]) {
      const { form } = await call('entry.form', { householdId: h.id });
      const b2 = Object.fromEntries(Object.entries(form.answers.b2).map(([k, v]) => [k, v ?? false]));
      await call('entry.save', { roundId, householdId: h.id, form: { ...form, answers: { ...form.answers, b2 } } });
    }
    expect((await call('workflow.status', { roundId, communeId })).unscored).toEqual([]);
    const done = await call('workflow.decision', { roundId, communeId, number: 'Số: 45/QĐ-UBND', signedOn: '2023-12-05', signerName: 'Nguyễn Văn Mười', signerTitle: 'Chủ tịch' });
    const status = await call('workflow.status', { roundId, communeId });
    expect(status.decisions).toEqual([expect.objectContaining({ id: done.id, number: '45', signedOn: '2023-12-05' })]);
    expect(status.locked).toBe(true);
    core.db.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const out = await renderDocument({ dbPath: core.options.dbPath, resourcesDir: RESOURCES, roundId, unitId: communeId }, 'M02');
    const file = path.join(tmp, 'M02.pdf');
    fs.writeFileSync(file, out.pdf);
    const text = squash(pdfText(file)).replace(/\/ /gu, '/');
    expect(text).toContain('Số: 45/QĐ-UBND');
    expect(text).not.toContain('QĐ-UBND/QĐ-UBND');
  });
});
