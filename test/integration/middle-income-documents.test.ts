/**
 * The average-living-standard procedure (issue 15, item 7; Quyết định 24/2021, Điều 6): for the
 * households the engine classifies middle_income (income per person in the rule set's band), the
 * list, the commune chairman's decision with the list attached, and a certificate per household,
 * printed through the documents' machinery like the other documents. Read back as text, and the
 * decision's first page rendered to PNG (pdftoppm -r 60) for a look.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { renderDocument } from '../../electron/core/documents/render';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import type { DocumentId } from '../../shared/api/documents';
import { apiOf } from '../fixtures/api';
import { household, member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-middle-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES });
let roundId = 0;
let communeId = 0;

/** A household with its monthly income per person entered (the middle-income track measures it). */
const withIncome = (h: ReturnType<typeof household>, income: number) => ({ ...h, answers: { ...h.answers!, monthlyIncome: income } });

beforeAll(() => {
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  communeId = unitIdAt(sqlite, '30487', '2025-09-01')!;
  const villageId = addVillage(sqlite, communeId, '30487-01', 'Bình Hưng', 'ap');
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(`documents.officials:${communeId}`, JSON.stringify({ chairman: 'Huỳnh Văn Chủ', placeName: 'Bình Mỹ' }));
  roundId = createRound(
    sqlite,
    { year: 2025, kind: 'periodic', title: 'Rà soát định kỳ năm 2025', ruleSetId: 'vn-2022-2026', unitMapDate: '2025-09-01', referenceDate: '2025-09-01', scopeUnitId: communeId },
    'test',
  );
  insertHouseholds(sqlite, roundId, [
    withIncome(household('30487-00011', communeId, villageId, 160, [], [member(1, 'Trương Văn Lúa', { idNumber: '089080000111' }), member(2, 'Lý Thị Mạ', { sex: 'female', relation: 'spouse', birthDate: '1983-02-01' })]), 1_800_000),
    withIncome(household('30487-00012', communeId, villageId, 165, [], [member(1, 'Đặng Văn Cá')]), 2_100_000),
    // Above the band, and a poor household: neither is on these papers.
    withIncome(household('30487-00013', communeId, villageId, 200, [], [member(1, 'Hồ Văn Giàu')]), 4_000_000),
    household('30487-00014', communeId, villageId, 110, ['water', 'sanitation', 'employment'], [member(1, 'Mai Văn Nghèo')]),
  ]);
  classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
});
afterAll(() => core.close());

async function render(doc: DocumentId): Promise<{ file: string; text: string; pages: number }> {
  const out = await renderDocument({ dbPath: core.options.dbPath, resourcesDir: RESOURCES, roundId, unitId: communeId }, doc);
  const file = path.join(tmp, out.name);
  fs.writeFileSync(file, out.pdf);
  return { file, text: squash(pdfText(file)), pages: out.pages };
}

describe('the middle-income procedure prints', () => {
  it('classifies the two households in the band as middle_income', () => {
    const statuses = core.db.sqlite
      .prepare('SELECT h.code, r.status FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? ORDER BY h.code')
      .all(roundId);
    expect(statuses).toEqual([
      { code: '30487-00011', status: 'middle_income' },
      { code: '30487-00012', status: 'middle_income' },
      { code: '30487-00013', status: 'neither' },
      { code: '30487-00014', status: 'poor' },
    ]);
  });

  it('the decision recognises them, with the list attached', async () => {
    const { file, text, pages } = await render('QTB');
    expect(pages).toBe(2);
    expect(text).toContain('QUYẾT ĐỊNH');
    expect(text).toContain('Về việc công nhận hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình trên địa bàn xã Bình Mỹ năm 2025');
    expect(text).toContain('CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ BÌNH MỸ');
    expect(text).toContain('Căn cứ Quyết định số 24/2021/QĐ-TTg');
    expect(text).toContain('Điều 1. Công nhận 2 hộ làm nông nghiệp, lâm nghiệp, ngư nghiệp và diêm nghiệp có mức sống trung bình trên địa bàn xã Bình Mỹ năm 2025, với 3 nhân khẩu.');
    expect(text).toContain('Số: ……………/QĐ-UBND');
    expect(text).toContain('Huỳnh Văn Chủ');
    // The attached list: the two households with their income, totals; not the others.
    expect(text).toContain('DANH SÁCH HỘ LÀM NÔNG NGHIỆP, LÂM NGHIỆP, NGƯ NGHIỆP VÀ DIÊM NGHIỆP CÓ MỨC SỐNG TRUNG BÌNH NĂM 2025');
    expect(text).toContain('Kèm theo Quyết định số');
    expect(text).toMatch(/Trương Văn Lúa .*1\.800\.000/u);
    expect(text).toMatch(/Đặng Văn Cá .*2\.100\.000/u);
    expect(text).toContain('Tổng cộng: 2 hộ, 3 nhân khẩu.');
    expect(text).not.toContain('Hồ Văn Giàu');
    expect(text).not.toContain('Mai Văn Nghèo');
    // Looked at: the decision's first page as a PNG (pdftoppm -r 60).
    execFileSync('pdftoppm', ['-r', '60', '-f', '1', '-l', '2', '-png', file, path.join(tmp, 'qtb')]);
    const pngs = fs.readdirSync(tmp).filter((n) => n.startsWith('qtb') && n.endsWith('.png'));
    expect(pngs.length).toBe(2);
    if (process.env.RASOAT_KEEP_PNG) for (const n of pngs) fs.copyFileSync(path.join(tmp, n), path.join(process.env.RASOAT_KEEP_PNG, n));
  });

  it('the list alone, for posting, and one certificate per household', async () => {
    const list = await render('DTB');
    expect(list.text).toContain('ỦY BAN NHÂN DÂN');
    expect(list.text).toContain('Tổng cộng: 2 hộ, 3 nhân khẩu.');
    expect(list.text).not.toContain('Kèm theo Quyết định');
    const cert = await render('GTB');
    expect(cert.pages).toBe(2);
    expect(cert.text).toContain('GIẤY CHỨNG NHẬN');
    expect(cert.text).toContain('HỘ LÀM NÔNG NGHIỆP, LÂM NGHIỆP, NGƯ NGHIỆP VÀ DIÊM NGHIỆP CÓ MỨC SỐNG TRUNG BÌNH');
    expect(cert.text).toContain('/GCN-HMSTB');
    expect(cert.text).toContain('Hộ gia đình ông/bà: Trương Văn Lúa');
    expect(cert.text).toContain('Số CCCD/CMND: 089080000111');
    expect(cert.text).toContain('Thu nhập bình quân đầu người: 1.800.000 đồng/người/tháng');
    expect(cert.text).toMatch(/Lý Thị Mạ .*1983/u);
    expect(cert.text).toContain('Hộ gia đình ông/bà: Đặng Văn Cá');
    expect(cert.text).not.toContain('Hồ Văn Giàu');
  });

  it('the documents list offers them for a commune', async () => {
    const list = await apiOf(() => createServices(core)).call('documents.list', { roundId, unitId: communeId });
    expect(list.filter((d) => ['QTB', 'DTB', 'GTB'].includes(d.id)).map((d) => [d.id, d.unavailable])).toEqual([
      ['QTB', null],
      ['DTB', null],
      ['GTB', null],
    ]);
  });
});
