/**
 * Data entry through the contract (dispatch, as both transports call it): a household keyed
 * from its forms, re-read, edited with an audit trail; each check's warning saved with the
 * record; refusals per field in Vietnamese; drafts.
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
  core = new Core({ dbPath: path.join(tempDir(), 'entry.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ Lan' });
  services = createServices(core);
  seeded = seedSmall(core);
});
afterAll(() => core.close());

const { send, call } = apiOf(() => services);

const B2_NONE = {
  employment: false, dependants: false, nutrition: false, healthInsurance: false, adultEducation: false, childSchooling: false,
  housingQuality: false, housingArea: false, water: false, sanitation: false, telecom: false, informationDevices: false,
};
const person = (seq: number, fullName: string, over: Record<string, unknown> = {}) => ({
  seq, fullName, sex: 'male' as const, birthDate: '1975-04-02', idNumber: null, relation: 'child' as const, ethnicity: 'Kinh',
  healthInsurance: true, schooling: 'not_attending' as const, education: 'lower_secondary' as const, employment: 'self_employed' as const,
  disability: false, workingCapacity: true, nutrition: null, ...over,
});

function mau01(over: Partial<HouseholdFormInput> = {}): HouseholdFormInput {
  return {
    communeId: seeded.communeId,
    villageId: seeded.villageId,
    address: 'Tổ 5, ấp Bình Hưng',
    currentAddress: 'Tổ 5, ấp Bình Hưng',
    area: 'rural',
    flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
    request: { kind: 'mau01', receivedOn: '2023-09-05', reason: 'Chồng bị tai nạn lao động, mất sức', idIssuedBy: '' },
    reviewer: 'Phạm Văn Bảy',
    members: [
      person(1, 'Võ Văn Hùng', { relation: 'head', idNumber: '089075001234', idIssuedOn: '2021-06-15' }),
      person(2, 'Lâm Thị Mai', { sex: 'female', relation: 'spouse', birthDate: '1978-11-20', idNumber: '089178004321' }),
      person(3, 'Võ Thị Ngọc', { sex: 'female', birthDate: '2009-03-03', schooling: 'attending' }),
      person(4, 'Võ Văn Phúc', { birthDate: '2012-07-30', schooling: 'attending', education: 'primary' }),
      person(5, 'Võ Văn Lộc', { birthDate: '2016', schooling: 'attending', education: null }),
    ],
    answers: { scoreA: 128, b2: { ...B2_NONE, water: true, sanitation: true, dependants: true } },
    ...over,
  };
}

describe('keying a household from its paper forms', () => {
  let id: number;
  it('a new household (head + 4 members, B1 total 128, three deprivations) is saved and classified poor', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: mau01() });
    id = out.householdId;
    expect(out.created).toBe(true);
    expect(out.code).toBe('30487-00004');
    expect(out.result?.status).toBe('poor');
    expect(out.result?.explanation).toMatch(/^Hộ nghèo: điểm A 128 ≤ 140 \(nông thôn\) và thiếu hụt 3 chỉ số/u);
    expect(out.warnings).toEqual([]);
  });

  it('re-reading the household gives back every keyed value', async () => {
    const back = await call('entry.form', { householdId: id });
    const sent = mau01();
    expect(back.reviewState).toBe('scored');
    expect(back.form.request).toEqual(sent.request);
    expect(back.form.reviewer).toBe('Phạm Văn Bảy');
    expect(back.form.members.map(({ id: _id, ...m }) => m)).toEqual(sent.members.map((m) => ({ idIssuedOn: null, ...m })));
    expect(back.form.answers).toMatchObject({ scoreA: 128, b2: sent.answers.b2 });
    const detail = await call('households.get', { householdId: id });
    expect(detail.result?.status).toBe('poor');
    expect(detail.members).toHaveLength(5);
  });

  it('an edit is audited field by field (who, old, new) and re-classifies the household', async () => {
    const back = await call('entry.form', { householdId: id });
    const form = { ...back.form, members: back.form.members.map((m) => (m.seq === 2 ? { ...m, employment: 'unemployed' as const } : m)), answers: { ...back.form.answers, scoreA: 150 } };
    const out = await call('entry.save', { roundId: seeded.roundId, householdId: id, form });
    expect(out.result?.status).toBe('neither');
    expect(out.changed).toEqual(expect.arrayContaining(['members.2.employment', 'answers.score_a']));
    const history = await call('households.history', { householdId: id });
    expect(history.find((h) => h.field === 'employment')).toMatchObject({ actor: 'cán bộ Lan', oldValue: 'self_employed', newValue: 'unemployed' });
    expect(history.find((h) => h.field === 'answers.score_a')).toMatchObject({ oldValue: 128, newValue: 150 });
    expect(history.filter((h) => h.field === 'status').at(-1)).toMatchObject({ oldValue: 'poor', newValue: 'neither' });
  });

  it('the next household of the village follows in name order', async () => {
    const next = await call('entry.next', { householdId: id });
    const list = await call('households.list', { roundId: seeded.roundId, villageId: seeded.villageId });
    const names = list.rows.map((r) => r.id);
    expect(next.householdId).toBe(names[names.indexOf(id) + 1] ?? null);
  });
});

describe('checks while keying: refused per field, or saved with a warning', () => {
  it('31/02, a negative area and letters in a number are refused with Vietnamese messages, nothing saved', async () => {
    const before = (await call('households.list', { roundId: seeded.roundId })).total;
    const form = mau01();
    const bad = await send('entry.save', {
      roundId: seeded.roundId,
      form: { ...form, members: [{ ...form.members[0]!, birthDate: '1975-02-31' }, ...form.members.slice(1)], answers: { ...form.answers, housingAreaM2: -12, monthlyIncome: '1tr' as unknown as number } },
    });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('INVALID_INPUT');
    const byPath = Object.fromEntries((bad.error.issues ?? []).map((i) => [i.path, i.message]));
    expect(byPath['form.members.0.birthDate']).toBe('Ngày sinh không có thật (ví dụ 31/02): hãy kiểm tra lại.');
    expect(byPath['form.answers.housingAreaM2']).toBe('Diện tích nhà ở không được âm.');
    expect(byPath['form.answers.monthlyIncome']).toBe('Thu nhập bình quân phải là một số.');
    expect((await call('households.list', { roundId: seeded.roundId })).total).toBe(before);
  });

  const cases: [string, (f: HouseholdFormInput) => HouseholdFormInput, string, RegExp][] = [
    ['an ID number whose 4th digit says a woman for a man', (f) => ({ ...f, members: [{ ...f.members[0]!, idNumber: '089175009999' }, ...f.members.slice(1)] }), 'ID_SEX', /Chữ số thứ 4 .* là của nữ, nhưng giới tính ghi là Nam/u],
    ['an ID number whose digits 5–6 are not the birth year', (f) => ({ ...f, members: [{ ...f.members[0]!, idNumber: '089076009999' }, ...f.members.slice(1)] }), 'ID_YEAR', /không khớp năm sinh 1975/u],
    ['an old 9-digit CMND', (f) => ({ ...f, members: [{ ...f.members[0]!, idNumber: '351234567' }, ...f.members.slice(1)] }), 'ID_OLD_CMND', /CMND cũ 9 số/u],
    ['the same ID number as a member of another household', (f) => ({ ...f, members: [{ ...f.members[0]!, idNumber: '089080000123', birthDate: '1980-05-01' }, ...f.members.slice(1)] }), 'DUP_ID', /đã có ở hộ 30487-00001 \(chủ hộ Nguyễn Văn Dũng\)/u],
    ['the same name and birth date as a person of another household', (f) => ({ ...f, members: [...f.members, person(6, 'Trần Thị Hường', { sex: 'female', relation: 'other', birthDate: '1980-05-01' })] }), 'DUP_PERSON', /trùng họ tên và ngày sinh/u],
    ['a child of 7 not at school while B2 says childSchooling is not deprived', (f) => ({ ...f, members: [...f.members.slice(0, 4), person(5, 'Võ Văn Lộc', { birthDate: '2016-01-10', schooling: 'not_attending', education: null })] }), 'B2_ROSTER', /«Tình trạng đi học của trẻ em» ghi không thiếu hụt, nhưng .*Võ Văn Lộc \(7 tuổi\)/u],
  ];
  for (const [what, change, code, message] of cases) {
    it(`${what}: the record is saved with its warning, and the warning is listed`, async () => {
      const out = await call('entry.save', { roundId: seeded.roundId, form: change(mau01({ address: what })) });
      const w = out.warnings.find((x) => x.code === code && message.test(x.message));
      expect(w?.message).toMatch(message);
      const listed = await call('entry.warnings', { roundId: seeded.roundId, communeId: seeded.communeId });
      expect(listed.filter((x) => x.householdId === out.householdId).map((x) => x.code)).toContain(code);
      const back = await call('entry.form', { householdId: out.householdId });
      expect(back.form.address).toBe(what);
      expect(back.warnings.map((x) => x.code)).toContain(code);
    });
  }
});

describe('drafts', () => {
  it('a half-keyed form is kept under its key until the household is saved', async () => {
    const body = { step: 'roster', fields: { 'members.1.fullName': 'Nguyễn Thị' } };
    await call('entry.drafts.save', { key: `new:${seeded.roundId}:${seeded.villageId}`, roundId: seeded.roundId, body });
    expect((await call('entry.drafts.get', { key: `new:${seeded.roundId}:${seeded.villageId}` }))?.body).toEqual(body);
    expect(await call('entry.drafts.list', { roundId: seeded.roundId })).toHaveLength(1);
    const id = seeded.householdIds[1]!;
    await call('entry.drafts.save', { key: `household:${id}`, roundId: seeded.roundId, householdId: id, body: { x: 1 } });
    const form = (await call('entry.form', { householdId: id })).form;
    await call('entry.save', { roundId: seeded.roundId, householdId: id, form });
    expect(await call('entry.drafts.get', { key: `household:${id}` })).toBeNull();
    expect(await call('entry.drafts.delete', { key: `new:${seeded.roundId}:${seeded.villageId}` })).toEqual({ deleted: true });
  });
});

describe('the form layout of a round', () => {
  it('has the twelve B2 indicators and says Phiếu A has no item list yet', async () => {
    const layout = await call('entry.layout', { roundId: seeded.roundId });
    expect(layout.b2.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(layout.screening).toBeNull();
    expect(layout.b1).toBeNull();
    expect(layout.cutoff).toEqual({ rural: 140, urban: 175 });
  });
});

describe('the review table: filters and totals', () => {
  it('filters by saved warnings, review state, transition and flags, with a totals row', async () => {
    const all = await call('households.list', { roundId: seeded.roundId, totals: true });
    expect(all.totals?.households).toBe(all.total);
    expect(all.totals?.members).toBe(all.rows.reduce((n, r) => n + r.memberCount, 0));
    expect(Object.values(all.totals!.byStatus).reduce((a, b) => a + b, 0)).toBe(all.total);
    const warned = await call('households.list', { roundId: seeded.roundId, warnings: true });
    expect(warned.total).toBeGreaterThan(0);
    expect(warned.rows.every((r) => r.warningCount > 0)).toBe(true);
    const clean = await call('households.list', { roundId: seeded.roundId, warnings: false });
    expect(clean.total + warned.total).toBe(all.total);
    const scored = await call('households.list', { roundId: seeded.roundId, reviewState: 'scored' });
    expect(scored.rows.every((r) => r.reviewState === 'scored')).toBe(true);
    expect(scored.total).toBeGreaterThan(0);
    const none = await call('households.list', { roundId: seeded.roundId, transition: 'none', totals: true });
    expect(none.total).toBe(all.total - all.totals!.byStatus.unclassified);
    const female = await call('households.list', { roundId: seeded.roundId, flags: { femaleHead: true } });
    expect(female.total).toBe(0);
    const byState = await call('households.list', { roundId: seeded.roundId, sort: 'reviewState', dir: 'desc' });
    expect(byState.rows.map((r) => r.reviewState)).toEqual([...byState.rows.map((r) => r.reviewState)].sort().reverse());
    for (const sort of ['commune', 'transition'] as const) expect((await call('households.list', { roundId: seeded.roundId, sort })).total).toBe(all.total);
  });
});

describe('causes of poverty (nguyên nhân nghèo)', () => {
  const causeAudit = (householdId: number) =>
    core.db.sqlite
      .prepare("SELECT actor, old_value, new_value FROM audit WHERE entity = 'household' AND entity_id = ? AND field = 'causes' ORDER BY id")
      .all(householdId) as { actor: string; old_value: string; new_value: string }[];
  let id: number;

  it('are saved with a new household and read back in the catalogue’s order', async () => {
    const out = await call('entry.save', { roundId: seeded.roundId, form: mau01({ address: 'Tổ 7, ấp Bình Hưng', causes: ['illness', 'capital'] }) });
    id = out.householdId;
    expect((await call('entry.form', { householdId: id })).form.causes).toEqual(['capital', 'illness']);
    const created = core.db.sqlite.prepare("SELECT new_value FROM audit WHERE entity = 'household' AND entity_id = ? AND action = 'create'").pluck().get(id) as string;
    expect(JSON.parse(created).causes).toEqual(['capital', 'illness']);
  });

  it('an edit of the causes is audited with the old and new lists; a repeated cause is stored once; saving them unchanged writes no audit row', async () => {
    const { form } = await call('entry.form', { householdId: id });
    const out = await call('entry.save', { roundId: seeded.roundId, householdId: id, form: { ...form, causes: ['land', 'capital', 'land'] } });
    expect(out.changed).toContain('causes');
    expect((await call('entry.form', { householdId: id })).form.causes).toEqual(['land', 'capital']);
    expect(core.db.sqlite.prepare('SELECT cause FROM household_causes WHERE household_id = ? ORDER BY cause').pluck().all(id)).toEqual(['capital', 'land']);
    const rows = causeAudit(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.actor).toBe('cán bộ Lan');
    expect(JSON.parse(rows[0]!.old_value)).toEqual(['capital', 'illness']);
    expect(JSON.parse(rows[0]!.new_value)).toEqual(['land', 'capital']);
    const again = await call('entry.save', { roundId: seeded.roundId, householdId: id, form: (await call('entry.form', { householdId: id })).form });
    expect(again.changed).not.toContain('causes');
    expect(causeAudit(id)).toHaveLength(1);
    const history = await call('households.history', { householdId: id });
    expect(history.find((h) => h.field === 'causes')).toMatchObject({ oldValue: ['capital', 'illness'], newValue: ['land', 'capital'] });
  });

  it('an unknown cause is refused with a Vietnamese message on its path, and the stored causes stay', async () => {
    const { form } = await call('entry.form', { householdId: id });
    const bad = await send('entry.save', { roundId: seeded.roundId, householdId: id, form: { ...form, causes: ['capital', 'drought' as 'land'] } });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('INVALID_INPUT');
    expect(bad.error.issues).toEqual([{ path: 'form.causes.1', message: 'Nguyên nhân nghèo không có trong danh mục: chọn trong các nguyên nhân 1–8.' }]);
    expect((await call('entry.form', { householdId: id })).form.causes).toEqual(['land', 'capital']);
    expect(causeAudit(id)).toHaveLength(1);
  });

  it('a form sent without causes has none (asked again each round), and clearing them is audited', async () => {
    const { form } = await call('entry.form', { householdId: id });
    const { causes: _dropped, ...withoutCauses } = form;
    await call('entry.save', { roundId: seeded.roundId, householdId: id, form: withoutCauses });
    expect((await call('entry.form', { householdId: id })).form.causes).toEqual([]);
    expect(JSON.parse(causeAudit(id).at(-1)!.new_value)).toEqual([]);
  });

  it('a new round copies the households but not their causes', async () => {
    const { form } = await call('entry.form', { householdId: id });
    await call('entry.save', { roundId: seeded.roundId, householdId: id, form: { ...form, causes: ['labour'] } });
    const started = await call('rounds.start', { fromRoundId: seeded.roundId, year: 2024, title: 'Rà soát định kỳ năm 2024', ruleSetId: 'vn-2022-2026', unitMapDate: '2024-09-01', referenceDate: '2024-09-01' });
    const copy = core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND code = (SELECT code FROM households WHERE id = ?)').pluck().get(started.roundId, id) as number;
    expect(copy).toBeGreaterThan(0);
    expect((await call('entry.form', { householdId: copy })).form.causes).toEqual([]);
    expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM household_causes c JOIN households h ON h.id = c.household_id WHERE h.round_id = ?').pluck().get(started.roundId)).toBe(0);
  });
});
