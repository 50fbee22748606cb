/**
 * A roster whose relations contradict the ages (two heads, a head of 13, a "child" older than
 * the head, a spouse 45 years apart) is saved as keyed (nothing is refused or lost), with each
 * doubt stored as a warning of the record, listed for review and given back with the form.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdFormInput } from '../../shared/entry/form';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'roster.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ Lan' });
  services = createServices(core);
  seeded = seedSmall(core);
});
afterAll(() => core.close());

const { call } = apiOf(() => services);

const B2_NONE = {
  employment: false, dependants: false, nutrition: false, healthInsurance: false, adultEducation: false, childSchooling: false,
  housingQuality: false, housingArea: false, water: false, sanitation: false, telecom: false, informationDevices: false,
};
const person = (seq: number, fullName: string, relation: string, birthDate: string, over: Record<string, unknown> = {}) => ({
  seq, fullName, sex: 'male' as const, birthDate, idNumber: null, relation, ethnicity: 'Kinh',
  healthInsurance: true, schooling: null, education: 'lower_secondary' as const, employment: 'self_employed' as const,
  disability: false, workingCapacity: true, nutrition: null, ...over,
});

function doubtful(): HouseholdFormInput {
  return {
    communeId: seeded.communeId,
    villageId: seeded.villageId,
    address: 'Tổ 7, ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    members: [
      person(1, 'Đỗ Văn Nhỏ', 'head', '2010-02-01'), // 13 on 1/9/2023
      person(2, 'Đỗ Văn Lớn', 'head', '1970-01-01'), // a second head
      person(3, 'Mai Thị Xa', 'spouse', '1965-06-01', { sex: 'female' }), // 58 vs 13: 45 apart
      person(4, 'Đỗ Văn Già', 'child', '1990-01-01'), // a "child" of 33, older than the head
    ],
    answers: { scoreA: 130, b2: { ...B2_NONE, water: true, sanitation: true, employment: true } },
  } as HouseholdFormInput;
}

describe('roster doubts are warnings saved with the record, never refusals', () => {
  it('the save succeeds, keeps the roster as keyed, and stores each warning', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: doubtful() });
    expect(out.created).toBe(true);
    expect(out.result?.status).toBe('poor');
    const codes = out.warnings.map((w) => [w.code, w.path]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ['ROSTER_HEADS', 'members.1.relation'],
        ['ROSTER_HEAD_AGE', 'members.0.birthDate'],
        ['ROSTER_SPOUSE_GAP', 'members.2.birthDate'],
        ['ROSTER_CHILD_OLDER', 'members.3.birthDate'],
      ]),
    );

    const stored = core.db.sqlite
      .prepare("SELECT code, path, message FROM household_warnings WHERE household_id = ? AND code LIKE 'ROSTER_%' ORDER BY id")
      .all(out.householdId) as { code: string; path: string; message: string }[];
    expect(stored).toEqual(out.warnings.filter((w) => w.code.startsWith('ROSTER_')));
    expect(stored.find((w) => w.code === 'ROSTER_CHILD_OLDER')?.message).toBe(
      'Đỗ Văn Già (33 tuổi) ghi là con của chủ hộ nhưng lớn tuổi hơn chủ hộ Đỗ Văn Nhỏ (13 tuổi): hãy kiểm tra ngày sinh của hai người hoặc quan hệ với chủ hộ.',
    );

    const listed = await call('entry.warnings', { roundId: seeded.roundId });
    expect(listed.filter((w) => w.householdId === out.householdId && w.code.startsWith('ROSTER_')).map((w) => w.code).sort()).toEqual(
      ['ROSTER_CHILD_OLDER', 'ROSTER_HEADS', 'ROSTER_HEAD_AGE', 'ROSTER_SPOUSE_GAP'],
    );
    const back = await call('entry.form', { householdId: out.householdId });
    expect(back.form.members.map((m) => [m.fullName, m.relation, m.birthDate])).toEqual([
      ['Đỗ Văn Nhỏ', 'head', '2010-02-01'],
      ['Đỗ Văn Lớn', 'head', '1970-01-01'],
      ['Mai Thị Xa', 'spouse', '1965-06-01'],
      ['Đỗ Văn Già', 'child', '1990-01-01'],
    ]);
    expect(back.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['ROSTER_HEADS', 'ROSTER_HEAD_AGE', 'ROSTER_SPOUSE_GAP', 'ROSTER_CHILD_OLDER']));
  });

  it('correcting the roster clears its warnings on the next save', async () => {
    const first = await call('entry.save', { roundId: seeded.roundId, form: doubtful() });
    const form = doubtful();
    form.members = [
      person(1, 'Đỗ Văn Lớn', 'head', '1970-01-01'),
      person(2, 'Mai Thị Xa', 'spouse', '1972-06-01', { sex: 'female' }),
      person(3, 'Đỗ Văn Nhỏ', 'child', '2010-02-01', { schooling: 'attending', education: 'primary' }),
    ] as HouseholdFormInput['members'];
    const out = await call('entry.save', { roundId: seeded.roundId, householdId: first.householdId, form });
    expect(out.warnings.filter((w) => w.code.startsWith('ROSTER_'))).toEqual([]);
    const left = core.db.sqlite.prepare("SELECT COUNT(*) FROM household_warnings WHERE household_id = ? AND code LIKE 'ROSTER_%'").pluck().get(first.householdId);
    expect(left).toBe(0);
  });
});
