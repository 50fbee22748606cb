/**
 * Issue 13, item 4: the province's recomputation sums score A again from the Phiếu B1 items
 * (the one rule, scoreB1 through b1Sum) when the commune summed it from items, shows a stored
 * score A that disagrees as a mismatch with both values, classifies with the recomputed sum,
 * and writes nothing. The point table is the synthetic one of test/fixtures/excel.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdFormInput } from '../../shared/entry/form';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { writeB1Template } from '../../electron/core/excel/ruletables';
import { saveUpload } from '../../electron/core/excel/uploads';
import { recomputeCommune } from '../../electron/core/exchange/province';
import { SYNTHETIC_B1_ROWS } from '../fixtures/excel/b1-synthetic';
import { apiOf } from '../fixtures/api';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
const dir = tempDir('rasoat-recompute-b1-');
const { call } = apiOf(() => services);

beforeAll(async () => {
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'quản trị' });
  services = createServices(core);
  seeded = seedSmall(core);
  const file = path.join(dir, 'b1.xlsx');
  await writeB1Template(file, SYNTHETIC_B1_ROWS);
  await call('excel.ruleTable.load', {
    ruleSetId: 'vn-2022-2026',
    part: 'b1PointTable',
    upload: saveUpload(core.options.dbPath, fs.readFileSync(file)),
    document: 'Bảng điểm giả lập để kiểm thử (không phải văn bản của tỉnh)',
    date: '2026-11-01',
    verified: false,
    synthetic: true,
  });
});
afterAll(() => core.close());

const B2 = {
  employment: true, dependants: false, nutrition: false, healthInsurance: true, adultEducation: false, childSchooling: false,
  housingQuality: true, housingArea: false, water: false, sanitation: false, telecom: false, informationDevices: false,
};
const form = (): HouseholdFormInput =>
  ({
    communeId: seeded.communeId,
    villageId: seeded.villageId,
    address: 'Tổ 3, ấp Bình Hưng',
    currentAddress: 'Tổ 3, ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    request: null,
    reviewer: 'Phạm Văn Bảy',
    members: [
      {
        seq: 1, fullName: 'Huỳnh Văn Tư', sex: 'male', birthDate: '1970-01-01', idNumber: null, relation: 'head', ethnicity: 'Kinh',
        healthInsurance: false, schooling: null, education: 'primary', employment: 'wage_no_contract', disability: false, workingCapacity: true, nutrition: null,
      },
    ],
    // base 100, 5+ people 0, makeshift house −10, no motorbike 0: score A 90 (synthetic points, rural column)
    answers: { scoreA: null, b1Items: { 'B1.1': '3', 'B1.2': '3', 'B1.3': '2' }, b1Region: 'rural', b2: B2 },
  }) as HouseholdFormInput;

const mismatchOf = (code: string) => recomputeCommune(core.db.sqlite, core.registry, seeded.roundId, seeded.communeId).mismatches.find((m) => m.code === code);

describe('recomputing a score A summed from the B1 items', () => {
  it('agrees with a sum the app made, and shows a stored sum that disagrees, classifying with the recomputed one', async () => {
    const saved = await call('entry.save', { roundId: seeded.roundId, form: form() });
    const code = (core.db.sqlite.prepare('SELECT code FROM households WHERE id = ?').pluck().get(saved.householdId) as string);
    expect(saved.result?.status).toBe('poor');
    expect(mismatchOf(code)).toBeUndefined();

    // The commune's database says 150 where its own items sum to 90 (a hand edit, or a bug there).
    core.db.sqlite.prepare('UPDATE answers SET score_a = 150 WHERE household_id = ?').run(saved.householdId);
    const before = core.db.sqlite.prepare('SELECT a.score_a, r.status, r.score_b FROM answers a JOIN results r USING (household_id) WHERE household_id = ?').get(saved.householdId);
    const m = mismatchOf(code);
    // Only score A differs: classified with the recomputed 90 the household stays poor, as stored.
    expect(m?.fields).toEqual([{ field: 'scoreA', label: 'Điểm A (tổng các câu Phiếu B1)', stored: 150, computed: 90 }]);
    // Shown, never replaced.
    expect(core.db.sqlite.prepare('SELECT a.score_a, r.status, r.score_b FROM answers a JOIN results r USING (household_id) WHERE household_id = ?').get(saved.householdId)).toEqual(before);
  });
});
