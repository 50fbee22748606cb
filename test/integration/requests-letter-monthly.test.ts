/**
 * The monthly review's papers (issue 15, item 5): the refusal letter gives the reasons (a PDF of
 * the documents' machinery, read back with pdftotext), and the monthly report of changes, due on
 * the 5th of the next month (procedure data), counts the requests and the households that entered
 * or left the poor and near-poor lists in the ad hoc rounds of the month — the same figures on
 * screen (requests.monthly) and on paper.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRoundFor } from '../../electron/core/rounds/create';
import { renderMonthlyReport, renderRefusalLetter } from '../../electron/core/requests/render';
import { OFFICE_SETTING } from '../../electron/core/units/office';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { apiOf } from '../fixtures/api';
import { household, member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-monthly-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã' });
const { call, send } = apiOf(() => createServices(core));
let communeId = 0;
let adhocId = 0;

const noVillage = (h: ReturnType<typeof household>) => ({ ...h, villageId: null });

beforeAll(() => {
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  communeId = unitIdAt(sqlite, '30487', '2025-09-01')!;
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(OFFICE_SETTING, String(communeId));
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`documents.officials:${communeId}`, JSON.stringify({ chairman: 'Huỳnh Văn Chủ', placeName: 'Bình Mỹ' }));
  // 2025: one poor, one near-poor, one neither.
  const r2025 = createRoundFor(sqlite, core.registry, { year: 2025, kind: 'periodic' }, 'test').roundId;
  insertHouseholds(sqlite, r2025, [
    noVillage(household('30487-00001', communeId, 0, 120, ['water', 'sanitation', 'employment'], [member(1, 'Nguyễn Văn Một'), member(2, 'Trần Thị Hai', { sex: 'female', relation: 'spouse' })])),
    noVillage(household('30487-00002', communeId, 0, 130, ['water'], [member(1, 'Lê Văn Ba')])),
    noVillage(household('30487-00003', communeId, 0, 170, [], [member(1, 'Phạm Thị Bốn', { sex: 'female' })])),
  ]);
  classifyRound(sqlite, core.registry, r2025, { actor: 'test' });
  // March 2026 ad hoc round: the poor household escaped above near-poor, the near-poor one fell to
  // poor, the third became near-poor; a household of April is not March's.
  adhocId = createRoundFor(sqlite, core.registry, { year: 2026, kind: 'adhoc', referenceDate: '2026-03-16' }, 'test').roundId;
  insertHouseholds(sqlite, adhocId, [
    noVillage(household('30487-00001', communeId, 0, 190, [], [member(1, 'Nguyễn Văn Một'), member(2, 'Trần Thị Hai', { sex: 'female', relation: 'spouse' })])),
    noVillage(household('30487-00002', communeId, 0, 130, ['water', 'sanitation', 'employment'], [member(1, 'Lê Văn Ba')])),
    noVillage(household('30487-00003', communeId, 0, 130, ['water'], [member(1, 'Phạm Thị Bốn', { sex: 'female' })])),
  ]);
  classifyRound(sqlite, core.registry, adhocId, { actor: 'test' });
  const april = createRoundFor(sqlite, core.registry, { year: 2026, kind: 'adhoc', referenceDate: '2026-04-15' }, 'test').roundId;
  insertHouseholds(sqlite, april, [noVillage(household('30487-00009', communeId, 0, 100, ['water', 'sanitation', 'employment'], [member(1, 'Đỗ Văn Chín')]))]);
  classifyRound(sqlite, core.registry, april, { actor: 'test' });
});
afterAll(() => core.close());

describe('the refusal letter', () => {
  it('names the household, the request and every reason; only a refused request has one', async () => {
    const q = await call('requests.add', {
      communeId,
      headName: 'Nguyễn Thị Mười',
      address: 'Tổ 3, ấp Bình Hưng',
      form: 'M01',
      purpose: 'middle_income',
      receivedOn: '2026-03-03',
      receivedBy: 'Trần Văn Cán',
    });
    await expect(renderRefusalLetter(core.options.dbPath, RESOURCES, q.id, '2026-03-10')).rejects.toThrow(/^Đơn đề nghị mã số \d+ đang ở trạng thái «Đang giải quyết»: chỉ in thông báo trả lời cho đơn đã được trả lời không đồng ý/u);
    await call('requests.refuse', {
      requestId: q.id,
      settledOn: '2026-03-12',
      reasons: ['Thu nhập bình quân 3.100.000 đồng/người/tháng, cao hơn mức sống trung bình ở nông thôn', 'Hộ không làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp'],
    });
    const out = await renderRefusalLetter(core.options.dbPath, RESOURCES, q.id, '2026-03-12');
    expect(out.pages).toBe(1);
    const file = path.join(tmp, out.name);
    fs.writeFileSync(file, out.pdf);
    const text = squash(pdfText(file));
    expect(text).toContain('THÔNG BÁO');
    expect(text).toContain('Về việc trả lời đơn đề nghị xác định hộ có mức sống trung bình');
    expect(text).toContain('Kính gửi: Ông/bà Nguyễn Thị Mười, Tổ 3, ấp Bình Hưng');
    expect(text).toContain('Giấy đề nghị xác định hộ có mức sống trung bình (Mẫu số 01)');
    expect(text).toContain('nộp ngày 03/03/2026');
    expect(text).toContain('1. Thu nhập bình quân 3.100.000 đồng/người/tháng, cao hơn mức sống trung bình ở nông thôn');
    expect(text).toContain('2. Hộ không làm nông nghiệp, lâm nghiệp, ngư nghiệp, diêm nghiệp');
    expect(text).toContain('Bình Mỹ, ngày 12 tháng 3 năm 2026');
    expect(text).toContain('Huỳnh Văn Chủ');
    expect(text).toContain('quyền khiếu nại');
  });
});

describe('the monthly report of changes', () => {
  it('counts the month\'s entries and exits and the requests; due on the 5th of the next month', async () => {
    const f = await call('requests.monthly', { unitId: communeId, month: '2026-03' });
    expect(f).toMatchObject({ month: '2026-03', unitName: 'Xã Bình Mỹ', dueOn: '2026-04-05', required: true });
    expect(f.rounds.map((r) => r.id)).toEqual([adhocId]);
    expect(f.entered).toEqual({ poor: 1, nearPoor: 1, poorPeople: 1, nearPoorPeople: 1 });
    expect(f.left).toEqual({ poor: 1, nearPoor: 1, poorPeople: 2, nearPoorPeople: 1 });
    expect(f.rows.map((r) => [r.headName, r.change])).toEqual([
      ['Lê Văn Ba', expect.stringMatching(/nghèo/iu)],
      ['Nguyễn Văn Một', expect.stringMatching(/thoát nghèo/iu)],
      ['Phạm Thị Bốn', expect.stringMatching(/cận nghèo/iu)],
    ]);
    expect(f.requests).toMatchObject({ received: 1, refused: 1, accepted: 0, open: 0, overdue: 0 });
    // April holds only April's household; December's report is not one the law asks for.
    const april = await call('requests.monthly', { unitId: communeId, month: '2026-04' });
    expect(april.entered.poor).toBe(1);
    expect(april.left.poor).toBe(0);
    expect((await call('requests.monthly', { unitId: communeId, month: '2026-12' })).required).toBe(false);
    const bad = await send('requests.monthly', { unitId: communeId, month: '2026-13' });
    expect(bad.ok).toBe(false);
  });

  it('prints the same figures', async () => {
    const out = await renderMonthlyReport(core.options.dbPath, RESOURCES, communeId, '2026-03');
    const file = path.join(tmp, out.name);
    fs.writeFileSync(file, out.pdf);
    expect(out.name).toBe('bao-cao-thang-2026-03.pdf');
    const text = squash(pdfText(file));
    expect(text).toContain('BÁO CÁO');
    expect(text).toContain('Kết quả rà soát hộ nghèo, hộ cận nghèo thường xuyên tháng 3 năm 2026');
    expect(text).toContain('hạn báo cáo: ngày 05/04/2026');
    expect(text).toContain('Hộ nghèo: tăng 1 hộ, 1 nhân khẩu, giảm 1 hộ, 2 nhân khẩu.');
    expect(text).toContain('Hộ cận nghèo: tăng 1 hộ, 1 nhân khẩu, giảm 1 hộ, 1 nhân khẩu.');
    expect(text).toContain('Nhận trong tháng: 1 đơn');
    expect(text).toContain('trả lời không đồng ý: 1 đơn');
    for (const name of ['Nguyễn Văn Một', 'Lê Văn Ba', 'Phạm Thị Bốn']) expect(text).toContain(name);
    expect(text).not.toContain('Đỗ Văn Chín');
  });
});
