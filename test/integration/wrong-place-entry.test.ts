/**
 * Input that refers to the wrong place (issue 10, item 7): entry.save given a village of another
 * commune, or a district or village where a commune belongs; rounds.start given a rule set the
 * app does not have. The core refuses each with a Vietnamese message on its field, and writes
 * nothing (every table's checksum is the same after).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput } from '../../shared/api/contract';
import type { HouseholdFormInput } from '../../shared/entry/form';
import { createServices, type Services } from '../../electron/core/api/services';
import { tableChecksums } from '../../electron/core/backup/backup';
import { Core } from '../../electron/core/core';
import { startRound } from '../../electron/core/entry/rounds';
import { AppError } from '../../electron/core/errors';
import { addVillage, unitIdAt } from '../../electron/core/units/units';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
/** Khánh Hòa (30466): another commune of the same district, with a village of its own. */
let otherCommuneId: number;
let otherVillageId: number;
let districtId: number;
/** A commune that exists only on the map after 1/7/2025 (not on the round's map of 2023). */
let laterCommuneId: number;

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir('rasoat-wrong-place-'), 'wrong-place.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ Lan' });
  services = createServices(core);
  seeded = seedSmall(core);
  const sqlite = core.db.sqlite;
  otherCommuneId = unitIdAt(sqlite, '30466', '2023-09-01')!;
  otherVillageId = addVillage(sqlite, otherCommuneId, '30466-01', 'Khánh An', 'ap');
  districtId = unitIdAt(sqlite, '889', '2023-09-01')!;
  laterCommuneId = sqlite
    .prepare(`SELECT id FROM units WHERE level = 'commune' AND valid_from > '2023-09-01' ORDER BY id LIMIT 1`)
    .pluck()
    .get() as number;
});
afterAll(() => core.close());

const { send, call } = apiOf(() => services);
const checksums = () => JSON.stringify(tableChecksums(core.db.sqlite));

const person = (seq: number, fullName: string, over: Record<string, unknown> = {}) => ({
  seq, fullName, sex: 'male' as const, birthDate: '1975-04-02', idNumber: null, relation: 'head' as const, ethnicity: 'Kinh',
  healthInsurance: true, schooling: 'not_attending' as const, education: 'lower_secondary' as const, employment: 'self_employed' as const,
  disability: false, workingCapacity: true, nutrition: null, ...over,
});
function form(over: Partial<HouseholdFormInput> = {}): HouseholdFormInput {
  return {
    communeId: seeded.communeId,
    villageId: seeded.villageId,
    address: 'Tổ 2, ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    members: [person(1, 'Huỳnh Văn Nơi')],
    answers: { scoreA: 150, b2: {} },
    ...over,
  };
}

/** Sends a save that must be refused; returns its issues by path, having checked nothing was written. */
async function refused(input: ApiInput<'entry.save'>): Promise<Record<string, string>> {
  const before = checksums();
  const out = await send('entry.save', input);
  expect(out.ok).toBe(false);
  expect(checksums()).toBe(before);
  if (out.ok) return {};
  expect(out.error.code).toBe('INVALID_INPUT');
  return Object.fromEntries((out.error.issues ?? []).map((i) => [i.path, i.message]));
}

describe('entry.save refuses a place that is not the household’s', () => {
  it('a village of another commune', async () => {
    const issues = await refused({ roundId: seeded.roundId, form: form({ villageId: otherVillageId }) });
    expect(issues['form.villageId']).toMatch(/^Ấp Khánh An không thuộc Xã Bình Mỹ \(mà thuộc Xã Khánh Hòa\).*chọn lại/u);
  });

  it('a district in place of a commune', async () => {
    const issues = await refused({ roundId: seeded.roundId, form: form({ communeId: districtId, villageId: null }) });
    expect(issues['form.communeId']).toMatch(/^Huyện Châu Phú không phải là xã.*chọn xã/u);
  });

  it('a village in place of a commune', async () => {
    const issues = await refused({ roundId: seeded.roundId, form: form({ communeId: seeded.villageId, villageId: null }) });
    expect(issues['form.communeId']).toMatch(/^Ấp Bình Hưng không phải là xã.*chọn xã/u);
  });

  it('a commune that is not on the round’s map, or an id that names no unit', async () => {
    const later = await refused({ roundId: seeded.roundId, form: form({ communeId: laterCommuneId, villageId: null }) });
    expect(later['form.communeId']).toMatch(/không có trên bản đồ hành chính ngày 01\/09\/2023 của đợt rà soát/u);
    const none = await refused({ roundId: seeded.roundId, form: form({ communeId: 999_999, villageId: null }) });
    expect(none['form.communeId']).toMatch(/^Không có xã nào mang mã số 999999/u);
    const noVillage = await refused({ roundId: seeded.roundId, form: form({ villageId: 999_999 }) });
    expect(noVillage['form.villageId']).toMatch(/^Không có thôn\/ấp nào mang mã số 999999/u);
  });

  it('a commune of the district that the round does not cover (its scope)', async () => {
    // A round scoped to Bình Mỹ alone: Khánh Hòa, though a real commune on the map, is not in it.
    const sqlite = core.db.sqlite;
    const roundId = Number(
      sqlite
        .prepare(`INSERT INTO rounds (year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, locked, created_at) VALUES (2023, 'adhoc', 'Đợt bổ sung', 'vn-2022-2026', '2023-09-01', '2023-09-01', ?, 0, '2023-10-01T00:00:00Z')`)
        .run(seeded.communeId).lastInsertRowid,
    );
    const issues = await refused({ roundId, form: form({ communeId: otherCommuneId, villageId: otherVillageId }) });
    expect(issues['form.communeId']).toMatch(/^Xã Khánh Hòa không thuộc phạm vi của đợt rà soát/u);
  });

  it('an edit that moves a stored household into another commune’s village', async () => {
    const id = seeded.householdIds[0]!;
    const { form: stored } = await call('entry.form', { householdId: id });
    const issues = await refused({ roundId: seeded.roundId, householdId: id, form: { ...stored, villageId: otherVillageId } });
    expect(issues['form.villageId']).toMatch(/không thuộc Xã Bình Mỹ/u);
    const districtAsCommune = await refused({ roundId: seeded.roundId, householdId: id, form: { ...stored, communeId: districtId, villageId: null } });
    expect(districtAsCommune['form.communeId']).toMatch(/không phải là xã/u);
  });

  it('still saves the right place (the checks refuse only what is wrong)', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: form() });
    expect(out.created).toBe(true);
    const noVillage = await call('entry.save', { roundId: seeded.roundId, form: form({ villageId: null, members: [person(1, 'Huỳnh Văn Khác')] }) });
    expect(noVillage.created).toBe(true);
  });
});

describe('rounds.start refuses a rule set the app does not have', () => {
  it('an unknown rule set id: nothing is written, the message names the field and the rule sets there are', async () => {
    const before = checksums();
    const out = await send('rounds.start', {
      fromRoundId: seeded.roundId, year: 2024, title: 'Rà soát định kỳ năm 2024', ruleSetId: 'vn-2099-khong-co', unitMapDate: '2024-09-01', referenceDate: '2024-09-01',
    });
    expect(out.ok).toBe(false);
    expect(checksums()).toBe(before);
    if (out.ok) return;
    expect(out.error.code).toBe('INVALID_INPUT');
    expect(out.error.issues).toEqual([
      { path: 'ruleSetId', message: expect.stringMatching(/^Bộ tiêu chí "vn-2099-khong-co" không có trong ứng dụng.*vn-2022-2026/u) },
    ]);
  });

  it('asked with the app’s rule sets, refuses one that only an old round still names, and writes nothing', () => {
    const sqlite = core.db.sqlite;
    sqlite
      .prepare(`INSERT INTO rounds (year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, locked, created_at) VALUES (2019, 'periodic', 'Đợt cũ', 'vn-2016-2020-da-go', '2019-09-01', '2019-09-01', ?, 0, '2019-10-01T00:00:00Z')`)
      .run(districtId);
    const input = { fromRoundId: seeded.roundId, year: 2025, kind: 'periodic' as const, title: 'Rà soát 2025', ruleSetId: 'vn-2016-2020-da-go', unitMapDate: '2024-09-01', referenceDate: '2024-09-01' };
    const before = checksums();
    let error: unknown;
    try {
      startRound(sqlite, input, 'test', core.registry);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).issues?.[0]).toEqual({ path: 'ruleSetId', message: expect.stringMatching(/^Bộ tiêu chí "vn-2016-2020-da-go" không có trong ứng dụng: chọn một bộ có sẵn \(.*vn-2022-2026 «Chuẩn nghèo đa chiều quốc gia/u) });
    expect(checksums()).toBe(before);
  });

  it('a known rule set still starts the round', async () => {
    const out = await call('rounds.start', {
      fromRoundId: seeded.roundId, year: 2024, title: 'Rà soát định kỳ năm 2024', ruleSetId: 'vn-2022-2026', unitMapDate: '2024-09-01', referenceDate: '2024-09-01',
    });
    expect(out.households).toBeGreaterThan(0);
  });
});
