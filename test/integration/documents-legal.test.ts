/**
 * The legal bases the documents cite follow the round: the 2015 local-government law before the
 * reform of 1/7/2025 and the 2025 law after it; Nghị định 351/2025 from 2026; the 2022-2025
 * procedure (Quyết định 24/2021, Thông tư 07/2021) only under its standard. They are data
 * (resources/documents/legal-bases.json), and an administrator's copy beside the database
 * replaces them; a malformed copy is refused with the place of the fault.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { renderDocument } from '../../electron/core/documents/render';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import type { DocumentId } from '../../shared/api/documents';
import { household, member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-legal-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES });
const rounds = new Map<string, { roundId: number; communeId: number }>();

const LAW_2015 = 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015';
const LAW_2025 = 'Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;';
const ND_07 = 'Căn cứ Nghị định số 07/2021/NĐ-CP ngày 27 tháng 01 năm 2021';
const ND_351 = 'Căn cứ Nghị định số 351/2025/NĐ-CP ngày 30 tháng 12 năm 2025';
const QD_24 = 'Căn cứ Quyết định số 24/2021/QĐ-TTg';
const TT_07 = 'Căn cứ Thông tư số 07/2021/TT-BLĐTBXH';

beforeAll(() => {
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  const make = (name: string, year: number, ruleSetId: string, mapDate: string, referenceDate: string, scopeCode: string): void => {
    const communeId = unitIdAt(sqlite, '30487', mapDate)!;
    const villageId = addVillage(sqlite, communeId, `30487-${name}`, `Ấp ${name}`, 'ap');
    const roundId = createRound(
      sqlite,
      { year, kind: 'periodic', title: `Rà soát ${name}`, ruleSetId, unitMapDate: mapDate, referenceDate, scopeUnitId: unitIdAt(sqlite, scopeCode, mapDate)! },
      'test',
    );
    insertHouseholds(sqlite, roundId, [
      household(`30487-${name}-1`, communeId, villageId, 120, ['employment', 'water', 'sanitation'], [member(1, `Nguyễn Văn ${name}`)]),
    ]);
    if (ruleSetId === 'vn-2022-2026') classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
    rounds.set(name, { roundId, communeId });
  };
  make('2023', 2023, 'vn-2022-2026', '2023-09-01', '2023-09-01', '889');
  make('2025', 2025, 'vn-2022-2026', '2025-09-01', '2025-09-01', '91');
  make('2026', 2026, 'vn-2022-2026', '2026-09-01', '2026-09-01', '91');
  make('2027', 2027, 'vn-2027-2030', '2027-09-01', '2027-09-01', '91');
});

afterAll(() => core.close());

async function text(name: string, doc: DocumentId): Promise<string> {
  const r = rounds.get(name)!;
  const out = await renderDocument({ dbPath: core.options.dbPath, resourcesDir: RESOURCES, roundId: r.roundId, unitId: r.communeId }, doc);
  const file = path.join(tmp, `${name}-${doc}.pdf`);
  fs.writeFileSync(file, out.pdf);
  // Without spaces: a justified line may stretch "07/2021/TT-BLĐTBXH" so that the extracted text splits it.
  return squash(pdfText(file)).replace(/\s+/gu, '');
}
const bare = (s: string): string => s.replace(/\s+/gu, '');

describe('the decision’s and the certificate’s legal bases', () => {
  it('2023: the 2015 law, Nghị định 07/2021 and the 2022-2025 procedure', async () => {
    const t = await text('2023', 'M02');
    for (const s of [LAW_2015, ND_07, QD_24, TT_07]) expect(t).toContain(bare(s));
    for (const s of [LAW_2025, ND_351]) expect(t).not.toContain(bare(s));
  });

  it('after 1/7/2025: the 2025 law instead of the 2015 one', async () => {
    const t = await text('2025', 'M02');
    for (const s of [LAW_2025, ND_07, QD_24]) expect(t).toContain(bare(s));
    for (const s of [LAW_2015, ND_351]) expect(t).not.toContain(bare(s));
  });

  it('2026 (the standard extended): Nghị định 351/2025 beside Nghị định 07/2021, on the decision and the certificate', async () => {
    for (const doc of ['M02', 'M03'] as const) {
      const t = await text('2026', doc);
      for (const s of [LAW_2025, ND_07, ND_351]) expect(t, doc).toContain(bare(s));
      expect(t).not.toContain(bare(LAW_2015));
    }
  });

  it('2027 (new standard, procedure not yet known): no 2022-2025 procedure is cited, the report says so in general words', async () => {
    const t = await text('2027', 'M02');
    for (const s of [LAW_2025, ND_351]) expect(t).toContain(bare(s));
    for (const s of [ND_07, QD_24, TT_07]) expect(t).not.toContain(bare(s));
    expect(await text('2027', 'BC')).toContain(bare('Thực hiện quy định về rà soát hộ nghèo, hộ cận nghèo hằng năm, Ủy ban nhân dân'));
    expect(await text('2026', 'BC')).toContain(
      bare(
        'Thực hiện Quyết định số 24/2021/QĐ-TTg ngày 16 tháng 7 năm 2021 của Thủ tướng Chính phủ và Thông tư số 07/2021/TT-BLĐTBXH ngày 18 tháng 7 năm 2021 của Bộ trưởng Bộ Lao động - Thương binh và Xã hội, Ủy ban nhân dân',
      ),
    );
  });
});

describe('an administrator’s copy of the legal bases', () => {
  const own = path.join(tmp, 'documents', 'legal-bases.json');
  afterAll(() => fs.rmSync(own, { force: true }));

  it('replaces the shipped file', async () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(RESOURCES, 'documents', 'legal-bases.json'), 'utf8'));
    shipped.bases.push({
      id: 'quyet-dinh-tinh',
      cite: 'Quyết định số 99/2026/QĐ-UBND ngày 01 tháng 8 năm 2026 của Ủy ban nhân dân tỉnh An Giang (ví dụ kiểm thử)',
      from: '2026-01-01',
      documents: ['M02'],
      status: 'to_verify',
      provenance: { document: 'kiểm thử' },
    });
    fs.mkdirSync(path.dirname(own), { recursive: true });
    fs.writeFileSync(own, JSON.stringify(shipped));
    expect(await text('2026', 'M02')).toContain(bare('Căn cứ Quyết định số 99/2026/QĐ-UBND ngày 01 tháng 8 năm 2026'));
    expect(await text('2023', 'M02')).not.toContain('99/2026/QĐ-UBND');
  });

  it('is refused, with the file and the place of the fault, when malformed', async () => {
    fs.writeFileSync(own, JSON.stringify({ version: '1', bases: [{ id: 'x', cite: '', documents: ['M02'], status: 'confirmed', provenance: { document: 'x' } }] }));
    await expect(text('2026', 'M02')).rejects.toThrow(/Tệp căn cứ pháp lý .*legal-bases\.json sai ở bases\.0\.cite/u);
    fs.writeFileSync(own, '{ not json');
    await expect(text('2026', 'M02')).rejects.toThrow(/Không đọc được tệp căn cứ pháp lý/u);
  });
});
