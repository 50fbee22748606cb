/**
 * A 2027 round (rule set vn-2027-2030, Nghị định 351/2025): households keyed with their monthly
 * income per person and the 2027 indicators are classified by the income rule, and the report's
 * tables 4–7 and Phiếu B list the round's indicators: household waste, not information devices.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { loadContext } from '../../electron/core/documents/context';
import { renderDocument } from '../../electron/core/documents/render';
import { reportTables } from '../../electron/core/documents/report';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const tmp = tempDir('rasoat-report-2027-');
const core = new Core({ dbPath: path.join(tmp, 'rasoat.sqlite'), resourcesDir: RESOURCES });
const IDS_2027 = ['employment', 'dependants', 'nutrition', 'healthInsurance', 'adultEducation', 'childSchooling', 'housingQuality', 'housingArea', 'water', 'sanitation', 'telecom', 'waste'];
const b2 = (deprived: string[]) => Object.fromEntries(IDS_2027.map((id) => [id, deprived.includes(id)]));
let roundId = 0;
let communeId = 0;

beforeAll(() => {
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  communeId = unitIdAt(sqlite, '30487', '2027-09-01')!;
  const villageId = addVillage(sqlite, communeId, '30487-27', 'Ấp Hai Bảy', 'ap');
  roundId = createRound(
    sqlite,
    { year: 2027, kind: 'periodic', title: 'Rà soát định kỳ năm 2027', ruleSetId: 'vn-2027-2030', unitMapDate: '2027-09-01', referenceDate: '2027-09-01', scopeUnitId: unitIdAt(sqlite, '91', '2027-09-01')! },
    'test',
  );
  const hh = (n: number, income: number | null, deprived: string[]) => ({
    code: `30487-27-${n}`,
    communeId,
    villageId,
    address: `Tổ ${n}`,
    area: 'rural' as const,
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    members: [member(1, `Hộ ${n}`)],
    answers: { scoreA: null, b2: b2(deprived), monthlyIncome: income },
  });
  insertHouseholds(sqlite, roundId, [
    hh(1, 2_000_000, ['employment', 'waste', 'water']), // poor (≤ 2,200,000, 3 deprivations)
    hh(2, 2_200_000, ['waste', 'telecom', 'sanitation', 'housingArea']), // poor at the line
    hh(3, 2_100_000, ['waste']), // near-poor
    hh(4, 2_200_001, ['waste', 'water', 'employment']), // neither: over the line
    hh(5, null, ['waste']), // no income yet: not classified
  ]);
  classifyRound(sqlite, core.registry, roundId, { actor: 'test' });
});
afterAll(() => core.close());

describe('a 2027 round classified by income', () => {
  it('each household by its income and deprivations, the one without income left unclassified', () => {
    const rows = core.db.sqlite
      .prepare('SELECT h.code, r.status, r.deprivation_count FROM households h LEFT JOIN results r ON r.household_id = h.id WHERE h.round_id = ? ORDER BY h.code')
      .all(roundId) as { code: string; status: string | null; deprivation_count: number | null }[];
    expect(rows.map((r) => [r.code, r.status, r.deprivation_count])).toEqual([
      ['30487-27-1', 'poor', 3],
      ['30487-27-2', 'poor', 4],
      ['30487-27-3', 'near_poor', 1],
      ['30487-27-4', 'neither', 3],
      ['30487-27-5', null, null],
    ]);
  });
});

describe('report tables 4–7 follow the round\'s rule set', () => {
  it('waste is a column, information devices is not, and the counts are the households\'', () => {
    const tables = reportTables(core.db.sqlite, loadContext(core.db.sqlite, roundId, communeId));
    const [t4, t5, t6, t7] = tables.slice(3, 7);
    for (const t of [t4!, t5!, t6!, t7!]) {
      const titles = JSON.stringify(t.columns);
      expect(titles).toContain('12. Xử lý rác thải');
      expect(titles).toContain('11. Dịch vụ viễn thông, dịch vụ số');
      expect(titles).not.toContain('Phương tiện tiếp cận thông tin');
    }
    // Table 4 (poor): 2 households, 7 deprivations; waste (column 12) in both, water in one.
    const poor = t4!.figures.get(communeId)!;
    expect(poor.slice(0, 2)).toEqual([2, 7]);
    expect(poor[2 + IDS_2027.indexOf('waste')]).toBe(2);
    expect(poor[2 + IDS_2027.indexOf('water')]).toBe(1);
    expect(poor).toHaveLength(2 + 12);
    // Table 6 (near-poor): 1 household deprived of waste only.
    const near = t6!.figures.get(communeId)!;
    expect(near.slice(0, 2)).toEqual([1, 1]);
    expect(near[2 + IDS_2027.indexOf('waste')]).toBe(1);
  });

  it('the printed report (BC) shows waste in tables 4–7 and no information devices', async () => {
    const out = await renderDocument({ dbPath: core.options.dbPath, resourcesDir: RESOURCES, roundId, unitId: communeId }, 'BC');
    const file = path.join(tmp, 'BC-2027.pdf');
    fs.writeFileSync(file, out.pdf);
    const text = squash(pdfText(file));
    expect(text.split('Xử lý rác thải').length - 1).toBeGreaterThanOrEqual(4);
    expect(text).not.toContain('Phương tiện tiếp cận thông tin');
    expect(text).not.toContain('thông tin');
  });

  it('Phiếu B of 2027 lists the waste indicator and not information devices', async () => {
    const out = await renderDocument({ dbPath: core.options.dbPath, resourcesDir: RESOURCES, roundId, unitId: communeId }, 'PB');
    const file = path.join(tmp, 'PB-2027.pdf');
    fs.writeFileSync(file, out.pdf);
    const text = squash(pdfText(file));
    expect(text).toContain('Xử lý rác thải sinh hoạt');
    expect(text).not.toContain('Phương tiện phục vụ tiếp cận thông tin');
  });
});
