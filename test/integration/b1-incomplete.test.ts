/**
 * Item-level Phiếu B1 that cannot give score A (an item not answered, a region not in the
 * table) is saved as keyed with score A unknown and a warning naming what is missing; it is
 * never summed as if the missing points were 0 (which would make the household poor). The table
 * is the synthetic one of test/fixtures/excel, never an official table.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdFormInput } from '../../shared/entry/form';
import { saveUpload } from '../../electron/core/excel/uploads';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { writeB1Template } from '../../electron/core/excel/ruletables';
import { SYNTHETIC_B1_ROWS } from '../fixtures/excel/b1-synthetic';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
const dir = tempDir();

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
function form(b1Items: Record<string, string>, b1Region: string | null): HouseholdFormInput {
  return {
    communeId: seeded.communeId,
    villageId: seeded.villageId,
    address: 'Tổ 3, ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    members: [
      {
        seq: 1, fullName: 'Huỳnh Văn Tư', sex: 'male', birthDate: '1970-01-01', idNumber: null, relation: 'head', ethnicity: 'Kinh',
        healthInsurance: false, schooling: null, education: 'primary', employment: 'wage_no_contract', disability: false, workingCapacity: true, nutrition: null,
      },
    ],
    answers: { scoreA: null, b1Items, b1Region, b2: B2 },
  } as HouseholdFormInput;
}

describe('an incomplete item-level Phiếu B1', () => {
  it('an item not answered: saved, score A unknown (not the partial sum), warning names the item', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: form({ 'B1.1': '1', 'B1.2': '1' }, 'rural') });
    expect(out.b1Sum).toBeNull();
    expect(out.result?.status ?? null).toBeNull();
    const stored = await call('households.get', { householdId: out.householdId });
    expect(stored.scoreA).toBeNull();
    const w = out.warnings.find((x) => x.code === 'B1_INCOMPLETE');
    expect(w).toEqual({
      code: 'B1_INCOMPLETE',
      path: 'answers.scoreA',
      message: 'Phiếu B1 chưa đủ để tính điểm A: chưa ghi câu «Hộ có xe máy». Điểm A chưa tính: hãy ghi đủ các câu, hoặc ghi tổng điểm A trên phiếu.',
    });
    const listed = await call('entry.warnings', { roundId: seeded.roundId });
    expect(listed.some((x) => x.code === 'B1_INCOMPLETE' && x.householdId === out.householdId)).toBe(true);
    const back = await call('entry.form', { householdId: out.householdId });
    expect(back.form.answers.b1Items).toEqual({ 'B1.1': '1', 'B1.2': '1' });
  });

  it('a region not in the table: the items are not summed as zeros into a score A of 0', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: form({ 'B1.1': '1', 'B1.2': '1', 'B1.3': '1' }, 'mountain') });
    expect(out.b1Sum).toBeNull();
    const stored = await call('households.get', { householdId: out.householdId });
    expect(stored.scoreA).toBeNull();
    expect(stored.result?.status ?? null).toBeNull();
    expect(out.warnings.find((x) => x.code === 'B1_INCOMPLETE')?.message).toContain('vùng "mountain" không có trong bảng điểm (rural: ');
  });
});
