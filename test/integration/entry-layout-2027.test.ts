/**
 * The entry screen's layout follows the round's rule set (issue 15 items 1, 2, 4): a 2027 round
 * (vn-2027-2030) is classified by income, shows its income lines and the period's area words
 * ("đô thị"), and lists household waste, not information devices; a 2025 round keeps score A and
 * "thành thị".
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { createRound } from '../../electron/core/rounds/rounds';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { apiOf } from '../fixtures/api';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let round2027 = 0;
let round2025 = 0;
beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir('rasoat-layout-2027-'), 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  services = createServices(core);
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  round2027 = createRound(
    sqlite,
    { year: 2027, kind: 'periodic', title: 'Rà soát định kỳ năm 2027', ruleSetId: 'vn-2027-2030', unitMapDate: '2027-09-01', referenceDate: '2027-09-01', scopeUnitId: unitIdAt(sqlite, '91', '2027-09-01')! },
    'test',
  );
  round2025 = createRound(
    sqlite,
    { year: 2025, kind: 'periodic', title: 'Rà soát định kỳ năm 2025', ruleSetId: 'vn-2022-2026', unitMapDate: '2025-09-01', referenceDate: '2025-09-01', scopeUnitId: unitIdAt(sqlite, '91', '2025-09-01')! },
    'test',
  );
});
afterAll(() => core.close());
const { call } = apiOf(() => services);

describe('entry.layout carries the rule set’s method, income lines and area words', () => {
  it('2027: by income, lines 2,200,000 / 2,800,000, "đô thị", waste and no information devices', async () => {
    const layout = await call('entry.layout', { roundId: round2027 });
    expect(layout.ruleSet.id).toBe('vn-2027-2030');
    expect(layout.method).toBe('income');
    expect(layout.incomeLines).toEqual({ rural: 2_200_000, urban: 2_800_000 });
    expect(layout.areaLabels).toEqual({ rural: 'nông thôn', urban: 'đô thị' });
    const ids = layout.b2.map((i) => i.id);
    expect(ids).toContain('waste');
    expect(ids).not.toContain('informationDevices');
  });

  it('2025: by score A, "thành thị", the income lines of 2022–2026', async () => {
    const layout = await call('entry.layout', { roundId: round2025 });
    expect(layout.ruleSet.id).toBe('vn-2022-2026');
    expect(layout.method).toBe('scoreA');
    expect(layout.areaLabels).toEqual({ rural: 'nông thôn', urban: 'thành thị' });
    expect(layout.incomeLines).toEqual({ rural: 1_500_000, urban: 2_000_000 });
    expect(layout.b2.map((i) => i.id)).toContain('informationDevices');
  });
});
