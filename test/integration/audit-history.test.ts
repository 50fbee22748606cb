/**
 * Issue 12, points 4 and 5, through the contract: two signed-in users change a household; every
 * audit row names the one who acted, carries the household's unit, and the household's change
 * history reads in Vietnamese (the form's labels, the member's name, values as labels, the user's
 * full name, dd/mm/yyyy hh:mm).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HouseholdFormInput } from '../../shared/entry/form';
import { createServices, type Services } from '../../electron/core/api/services';
import { asCaller, type Caller } from '../../electron/core/auth/caller';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { SYNTHETIC_SCREENING } from '../fixtures/synthetic-rules';
import { confirmPendingRuleSets } from '../fixtures/rulesets-confirmed';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

const dir = tempDir();
let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
const { call } = apiOf(() => services);

/** A user as the sign-in would make them (the users table gives the full name to the history). */
function user(name: string, fullName: string): Caller {
  const now = new Date().toISOString();
  const id = Number(
    core.db.sqlite
      .prepare("INSERT INTO users (name, full_name, role, password_hash, created_at, updated_at) VALUES (?, ?, 'officer', 'x', ?, ?)")
      .run(name, fullName, now, now).lastInsertRowid,
  );
  return { userId: id, name, fullName, role: 'officer', villageIds: [] };
}
let lan: Caller;
let binh: Caller;

beforeAll(() => {
  const rs = JSON.parse(fs.readFileSync(path.join(RESOURCES, 'standards', 'vn-2022-2026.json'), 'utf8'));
  rs.version = '2022.1+phieu-a-gia-lap';
  rs.screening = SYNTHETIC_SCREENING;
  fs.mkdirSync(path.join(dir, 'standards'));
  fs.writeFileSync(path.join(dir, 'standards', 'vn-2022-2026.json'), JSON.stringify(rs));
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'cli' });
  confirmPendingRuleSets(core);
  services = createServices(core);
  seeded = seedSmall(core);
  lan = user('lan.nt', 'Nguyễn Thị Lan');
  binh = user('binh.tv', 'Trần Văn Bình');
});
afterAll(() => core.close());

const B2_NONE = {
  employment: false, dependants: false, nutrition: false, healthInsurance: false, adultEducation: false, childSchooling: false,
  housingQuality: false, housingArea: false, water: false, sanitation: false, telecom: false, informationDevices: false,
};
const person = (seq: number, fullName: string, over: Record<string, unknown> = {}) => ({
  seq, fullName, sex: 'male' as const, birthDate: '1975-04-02', idNumber: null, relation: 'child' as const, ethnicity: 'Kinh',
  healthInsurance: true, schooling: 'not_attending' as const, education: 'lower_secondary' as const, employment: 'self_employed' as const,
  disability: false, workingCapacity: true, nutrition: null, ...over,
});
function form(): HouseholdFormInput {
  return {
    communeId: seeded.communeId,
    villageId: seeded.villageId,
    address: 'Tổ 5, ấp Bình Hưng',
    currentAddress: 'Tổ 5, ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    request: { kind: 'mau01', receivedOn: '2023-09-05', reason: 'Mất việc làm', idIssuedBy: '' },
    reviewer: '',
    members: [
      person(1, 'Võ Văn Hùng', { relation: 'head', idNumber: '089075001234' }),
      person(2, 'Lâm Thị Mai', { sex: 'female', relation: 'spouse', birthDate: '1978-11-20' }),
    ],
    answers: { scoreA: 128, b2: { ...B2_NONE, water: true, sanitation: true, dependants: true }, screening: { A1: false, A2: false, A3: false } },
  } as HouseholdFormInput;
}

describe('two users change a household: the audit and the history in Vietnamese', () => {
  let id: number;
  it('each audit row names the signed-in user who made the change, and the household\'s village', async () => {
    const created = await asCaller(lan, () => call('entry.save', { roundId: seeded.roundId, form: form() }));
    id = created.householdId;
    expect(created.result?.status).toBe('poor');
    const back = await call('entry.form', { householdId: id });
    const edited = {
      ...back.form,
      members: back.form.members.map((m) => (m.seq === 2 ? { ...m, employment: 'unemployed' as const } : m)),
      answers: { ...back.form.answers, scoreA: 150, screening: { A1: false, A2: true, A3: false } },
    };
    const out = await asCaller(binh, () => call('entry.save', { roundId: seeded.roundId, householdId: id, form: edited }));
    expect(out.result?.status).toBe('neither');

    const rows = core.db.sqlite
      .prepare("SELECT actor, entity, action, field, unit_id FROM audit WHERE (entity = 'household' AND entity_id = ?) OR (entity = 'member' AND entity_id IN (SELECT id FROM members WHERE household_id = ?)) ORDER BY id")
      .all(id, id) as { actor: string; entity: string; action: string; field: string | null; unit_id: number | null }[];
    expect(rows.filter((r) => r.action === 'create').map((r) => r.actor)).toEqual(['lan.nt']);
    expect(rows.filter((r) => r.field === 'employment').map((r) => r.actor)).toEqual(['binh.tv']);
    expect(rows.filter((r) => r.field === 'answers.score_a').map((r) => r.actor)).toEqual(['binh.tv']);
    expect(new Set(rows.map((r) => r.actor))).toEqual(new Set(['lan.nt', 'binh.tv']));
    // The unit of each row: the household's village, with no unit given by the writer.
    expect(rows.every((r) => r.unit_id === seeded.villageId)).toBe(true);
  });

  it('the history reads the Phiếu A item, the member\'s field and the status in Vietnamese, with full names and dd/mm/yyyy hh:mm', async () => {
    const history = await call('households.history', { householdId: id });
    const a2 = history.find((h) => h.field === 'answers.screening.A2');
    expect(a2).toMatchObject({ what: 'Phiếu A – A2. Hộ có nhà kiên cố', oldText: 'Không', newText: 'Có', who: 'Trần Văn Bình', actor: 'binh.tv' });
    const job = history.find((h) => h.field === 'employment');
    expect(job).toMatchObject({
      what: 'Thành viên Lâm Thị Mai – Việc làm',
      memberName: 'Lâm Thị Mai',
      oldText: 'Tự làm (nông nghiệp, buôn bán…)',
      newText: 'Thất nghiệp (có khả năng, muốn làm việc nhưng không có việc)',
      who: 'Trần Văn Bình',
    });
    expect(history.find((h) => h.field === 'answers.score_a')).toMatchObject({ what: 'Phiếu B1 – Tổng điểm A', oldText: '128', newText: '150' });
    expect(history.filter((h) => h.field === 'status').at(-1)).toMatchObject({ what: 'Kết quả phân loại', oldText: 'Hộ nghèo', newText: 'Không nghèo, không cận nghèo' });
    expect(history.find((h) => h.action === 'create')).toMatchObject({ who: 'Nguyễn Thị Lan', what: 'Hộ', newText: expect.stringMatching(/chủ hộ Võ Văn Hùng, 2 thành viên$/u) });
    for (const h of history) {
      expect(h.when).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/u);
      // No raw column names or codes reach the screen.
      expect(`${h.what} ${h.oldText} ${h.newText}`).not.toMatch(/answers\.|score_a|near_poor|neither|unemployed|self_employed|\bnull\b/u);
    }
  });
});
