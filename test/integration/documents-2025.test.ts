/**
 * A round after 1/7/2025 (no district level): no district header, no district consultation, the
 * province as the superior; and names typed in decomposed Unicode come out of the PDF composed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { writeOfficials } from '../../electron/core/documents/context';
import { renderDocument } from '../../electron/core/documents/render';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import type { DocumentId } from '../../shared/api/documents';
import { household, member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-docs25-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES });
let roundId: number;
let communeId: number;

// "Trần Thị Hường" and "Nguyễn Văn Dũng" as Unikey's "Unicode tổ hợp" types them.
const NFD_WIFE = 'Trần Thị Hường'.normalize('NFD');
const NFD_HEAD = 'Nguyễn Văn Dũng'.normalize('NFD');

beforeAll(() => {
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  const provinceId = unitIdAt(sqlite, '91', '2025-09-01')!;
  communeId = unitIdAt(sqlite, '30487', '2025-09-01')!;
  const villageId = addVillage(sqlite, communeId, '30487-01', 'Bình Hưng', 'ap');
  roundId = createRound(
    sqlite,
    { year: 2025, kind: 'periodic', title: 'Rà soát định kỳ năm 2025', ruleSetId: 'vn-2022-2026', unitMapDate: '2025-09-01', referenceDate: '2025-09-01', scopeUnitId: provinceId },
    'test',
  );
  const [first] = insertHouseholds(sqlite, roundId, [
    household('30487-00001', communeId, villageId, 120, ['employment', 'water', 'sanitation', 'healthInsurance'], [
      member(1, 'Nguyễn Văn Dũng', { idNumber: '089080000123' }),
      member(2, 'Trần Thị Hường', { sex: 'female', relation: 'spouse', healthInsurance: false, idNumber: '089180000456' }),
    ]),
    household('30487-00002', communeId, villageId, 135, ['water'], [member(1, 'Đào Thị Ấn', { sex: 'female' })]),
    household('30487-00003', communeId, villageId, 190, [], [member(1, 'Lê Văn Tám')]),
  ]);
  classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
  // Stored as typed, bypassing the service boundary's NFC: the PDF layer must compose them itself.
  sqlite.prepare('UPDATE households SET head_name = ? WHERE id = ?').run(NFD_HEAD, first);
  sqlite.prepare('UPDATE members SET full_name = ? WHERE household_id = ? AND seq = 1').run(NFD_HEAD, first);
  sqlite.prepare('UPDATE members SET full_name = ? WHERE household_id = ? AND seq = 2').run(NFD_WIFE, first);
  writeOfficials(sqlite, communeId, { chairman: 'Phạm Văn Chánh'.normalize('NFD') }, 'cán bộ xã');
});

afterAll(() => {
  core.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function text(doc: DocumentId, asExtracted = false): Promise<string> {
  const out = await renderDocument({ dbPath: core.options.dbPath, resourcesDir: RESOURCES, roundId, unitId: communeId }, doc);
  const file = path.join(tmp, `${doc}.pdf`);
  fs.writeFileSync(file, out.pdf);
  return squash(pdfText(file, { asExtracted }));
}

describe('the officials and signers', () => {
  it('are audited: who changed which, from what to what', () => {
    const sqlite = core.db.sqlite;
    writeOfficials(sqlite, communeId, { chairman: 'Nguyễn Văn Mới' }, 'văn thư');
    const rows = sqlite.prepare("SELECT actor, field, old_value, new_value FROM audit WHERE entity = 'officials' AND entity_id = ? ORDER BY id").all(communeId);
    expect(rows).toEqual([
      { actor: 'cán bộ xã', field: 'chairman', old_value: JSON.stringify(''), new_value: JSON.stringify('Phạm Văn Chánh'.normalize('NFD')) },
      { actor: 'văn thư', field: 'chairman', old_value: JSON.stringify('Phạm Văn Chánh'.normalize('NFD')), new_value: JSON.stringify('Nguyễn Văn Mới') },
    ]);
    writeOfficials(sqlite, communeId, { chairman: 'Phạm Văn Chánh'.normalize('NFD') }, 'văn thư');
  });
});

describe('a round after 1/7/2025', () => {
  it('the decision has no district consultation and reports to the province', async () => {
    const t = await text('M02');
    expect(t).toContain('XÃ BÌNH MỸ');
    expect(t).not.toMatch(/huyện/iu);
    expect(t).not.toContain('Căn cứ ý kiến của Chủ tịch');
    expect(t).toContain('UBND tỉnh An Giang (báo cáo)');
    expect(t).toContain('Xã Bình Mỹ, tỉnh An Giang');
    expect(t).toContain('Bình Mỹ, ngày …… tháng …… năm 2025');
  });

  it('the report, notice and lists name no district either', async () => {
    for (const doc of ['BC', 'TB', 'LK', 'P1'] as const) {
      const t = await text(doc);
      expect(t, doc).not.toMatch(/huyện/iu);
    }
    expect(await text('BC')).toContain('Kính gửi: Chủ tịch Ủy ban nhân dân tỉnh An Giang.');
  });
});

describe('names typed in decomposed Unicode', () => {
  it('are extracted from the PDF as the composed names', async () => {
    const lk = await text('LK', true);
    expect(lk).toContain('Nguyễn Văn Dũng');
    expect(lk).toContain('Trần Thị Hường');
    expect(lk).not.toContain(NFD_WIFE);
    const m02 = await text('M02', true);
    expect(m02).toContain('Nguyễn Văn Dũng');
    expect(m02).toContain('Phạm Văn Chánh'); // the chairman from settings, under the signature
    const m03 = await text('M03', true);
    expect(m03).toContain('Hộ gia đình ông/bà: Nguyễn Văn Dũng');
  });
});
