/**
 * Monthly-review requests (issue 15, item 5): a Mẫu 01 / 04 received on a date is settled within
 * the procedure's days (resources/procedure/adhoc-review.json, data with its provenance, not
 * code); the deadline and the days left are shown, an open request past it is flagged overdue,
 * one settled after it is flagged late. Wrong input is refused in Vietnamese.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { loadProcedure, monthlyReportDue, PROCEDURE_FILE, settleDeadline } from '../../electron/core/requests/procedure';
import { OFFICE_SETTING } from '../../electron/core/units/office';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { apiOf } from '../fixtures/api';
import { RESOURCES, tempDir } from '../helpers';

const core = new Core({ dbPath: path.join(tempDir('rasoat-requests-'), 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã' });
const { call, send } = apiOf(() => createServices(core));
let communeId = 0;

beforeAll(() => {
  loadUnits(core.db.sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  communeId = unitIdAt(core.db.sqlite, '30487', '2026-01-01')!;
  core.db.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(OFFICE_SETTING, String(communeId));
});
afterAll(() => core.close());

const NEW = { headName: 'Nguyễn Thị Mười', address: 'Tổ 3, ấp Bình Hưng', form: 'M01' as const, purpose: 'poverty' as const, receivedBy: 'Trần Văn Cán' };

describe('the deadline is data', () => {
  it('the shipped procedure: 15 days from receipt, with its provenance', () => {
    const p = loadProcedure(RESOURCES);
    expect(p.settleDays).toBe(15);
    expect(p.countFrom).toBe('received');
    expect(p.provenance.documents.join(' ')).toContain('Quyết định số 24/2021/QĐ-TTg');
    expect(settleDeadline(p, '2027-01-20')).toBe('2027-02-04');
    expect(settleDeadline(p, '2027-12-25')).toBe('2028-01-09');
    // The monthly report of a month is due on the 5th of the next; the law asks for it February to September.
    expect(monthlyReportDue(p, '2027-03')).toEqual({ dueOn: '2027-04-05', required: true });
    expect(monthlyReportDue(p, '2027-12')).toEqual({ dueOn: '2028-01-05', required: false });
  });

  it('another file, other days: nothing is fixed in code', () => {
    const dir = tempDir('rasoat-procedure-');
    const json = JSON.parse(fs.readFileSync(path.join(RESOURCES, PROCEDURE_FILE), 'utf8')) as Record<string, unknown>;
    fs.mkdirSync(path.join(dir, 'procedure'));
    fs.writeFileSync(path.join(dir, PROCEDURE_FILE), JSON.stringify({ ...json, settleDays: 10, countFrom: 'review-start' }));
    const p = loadProcedure(dir);
    // Counted from the next review start (the 15th): received 03/03 → 15/03 + 10; received 20/03 → 15/04 + 10.
    expect(settleDeadline(p, '2027-03-03')).toBe('2027-03-25');
    expect(settleDeadline(p, '2027-03-20')).toBe('2027-04-25');
    const bad = tempDir('rasoat-procedure-bad-');
    fs.mkdirSync(path.join(bad, 'procedure'));
    fs.writeFileSync(path.join(bad, PROCEDURE_FILE), JSON.stringify({ ...json, settleDays: 'mười lăm' }));
    expect(() => loadProcedure(bad)).toThrow(/sai ở settleDays/u);
  });
});

describe('requests: deadline shown, overdue flagged', () => {
  it('days left count down to the deadline; the day after, the request is overdue', async () => {
    const q = await call('requests.add', { ...NEW, communeId, receivedOn: '2026-03-02' });
    expect(q).toMatchObject({ status: 'open', deadline: '2026-03-17', householdId: null, headName: 'Nguyễn Thị Mười', communeName: 'Xã Bình Mỹ' });
    const at = async (today: string) => (await call('requests.list', { communeId, today })).find((r) => r.id === q.id)!;
    expect(await at('2026-03-02')).toMatchObject({ daysLeft: 15, overdue: false });
    expect(await at('2026-03-17')).toMatchObject({ daysLeft: 0, overdue: false });
    expect(await at('2026-03-18')).toMatchObject({ daysLeft: -1, overdue: true });
    // Settled late: no longer overdue, but marked as settled after its deadline.
    const refused = await call('requests.refuse', { requestId: q.id, settledOn: '2026-03-20', reasons: ['Hộ không thuộc diện rà soát'] });
    expect(refused).toMatchObject({ status: 'refused', overdue: false, daysLeft: null, settledLate: true, refusalReasons: ['Hộ không thuộc diện rà soát'] });
    // Open requests come first, by deadline.
    const later = await call('requests.add', { ...NEW, headName: 'Lê Văn Sáu', communeId, receivedOn: '2026-03-10' });
    const earlier = await call('requests.add', { ...NEW, headName: 'Lê Văn Bảy', communeId, receivedOn: '2026-03-05' });
    const list = await call('requests.list', { communeId, today: '2026-03-21' });
    expect(list.map((r) => r.id)).toEqual([earlier.id, later.id, q.id]);
    expect(list.filter((r) => r.overdue).map((r) => r.id)).toEqual([earlier.id]);
    expect((await call('requests.list', { communeId, status: 'open', today: '2026-03-21' })).map((r) => r.id)).toEqual([earlier.id, later.id]);
    const audit = core.db.sqlite.prepare(`SELECT action, actor FROM audit WHERE entity = 'adhoc_request' AND entity_id = ? ORDER BY id`).all(q.id);
    expect(audit).toEqual([
      { action: 'create', actor: 'cán bộ xã' },
      { action: 'refuse', actor: 'cán bộ xã' },
    ]);
  });

  it('refuses wrong input in Vietnamese, saying how to fix it', async () => {
    const message = async (input: Parameters<typeof send<'requests.add'>>[1]): Promise<string> => {
      const e = await send('requests.add', input);
      expect(e.ok).toBe(false);
      return e.ok ? '' : (e.error.issues?.map((i) => i.message).join(' | ') ?? e.error.message);
    };
    expect(await message({ ...NEW, communeId, receivedOn: '2999-01-01' })).toContain('chưa tới');
    expect(await message({ ...NEW, communeId, receivedOn: '2026-03-01', form: 'M04' })).toContain('Mẫu số 04 là đề nghị thoát nghèo');
    expect(await message({ ...NEW, headName: '', communeId, receivedOn: '2026-03-01' })).toContain('ghi họ tên chủ hộ');
    expect(await message({ ...NEW, communeId, receivedOn: '2026-02-30' })).toContain('Ngày không có thật');
    const q = await call('requests.add', { ...NEW, communeId, receivedOn: '2026-03-01' });
    const early = await send('requests.refuse', { requestId: q.id, settledOn: '2026-02-28', reasons: ['x'] });
    expect(early.ok).toBe(false);
    if (!early.ok) expect(early.error.issues?.[0]?.message).toContain('trước ngày nhận đơn 01/03/2026');
    const none = await send('requests.refuse', { requestId: q.id, settledOn: '2026-03-05', reasons: [] });
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.issues?.[0]?.message).toContain('Ghi ít nhất một lý do');
  });
});
