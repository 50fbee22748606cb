/**
 * No lost update (issue 12 point 6), with two clients: two officers, each signed in as a user of
 * the users table, call the contract through dispatch (the one door of both transports), each
 * call run as its own caller (electron/core/auth/caller.ts, as the transports do once signed in).
 * Both open the same household; A saves; B's save, based on the version B read, is refused with
 * CONFLICT naming A (full name) and the time; B's typed values are kept in the draft; B merges
 * field by field (shared/entry/merge.ts, as the entry screen does) and saves on the new version.
 * Nothing of either is lost.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput, ApiMethod, ApiOutput } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import type { EntryLayout, FormOutput } from '../../shared/api/entry';
import { HouseholdFormSchema, type HouseholdForm, type HouseholdFormInput } from '../../shared/entry/form';
import { conflictFields, mergeRaw, type MergeChoice } from '../../shared/entry/merge';
import { parseRaw, toRaw, type RawForm } from '../../shared/entry/raw';
import { dateTimeVi } from '../../shared/entry/when';
import { dispatch } from '../../electron/core/api/dispatch';
import { createServices, type Services } from '../../electron/core/api/services';
import { asCaller, type Caller } from '../../electron/core/auth/caller';
import { Core } from '../../electron/core/core';
import { AppError } from '../../electron/core/errors';
import { updateHousehold } from '../../electron/core/households/update';
import { seedSmall } from '../fixtures/small-db';
import { reclassified, RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;

/** A user of the office (the users table: the audit trail names them by full name). */
function addUser(name: string, fullName: string): Caller {
  const now = new Date().toISOString();
  const id = Number(
    core.db.sqlite
      .prepare('INSERT INTO users (name, full_name, role, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(name, fullName, 'officer', 'scrypt$test', now, now).lastInsertRowid,
  );
  return { userId: id, name, fullName, role: 'officer', villageIds: [] };
}

/** One client: every call goes through dispatch as its signed-in user. */
function client(who: Caller) {
  const send = <M extends ApiMethod>(method: M, input: ApiInput<M>) =>
    asCaller(who, () => dispatch(services, method, input)) as Promise<Envelope<ApiOutput<M>>>;
  async function call<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> {
    const e = await send(method, input);
    if (!e.ok) throw new Error(`${method}: ${e.error.code} ${e.error.message} ${JSON.stringify(e.error.issues)}`);
    return e.value;
  }
  return { send, call };
}

let A: ReturnType<typeof client>;
let B: ReturnType<typeof client>;
let layout: EntryLayout;

beforeAll(async () => {
  core = new Core({ dbPath: path.join(tempDir(), 'lost-update.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  services = createServices(core);
  seeded = seedSmall(core);
  A = client(addUser('lan', 'Nguyễn Thị Lan'));
  B = client(addUser('binh', 'Trần Văn Bình'));
  layout = await A.call('entry.layout', { roundId: seeded.roundId });
});
afterAll(async () => {
  await core.jobs.close();
  core.close();
});

const B2_NONE = {
  employment: false, dependants: false, nutrition: false, healthInsurance: false, adultEducation: false, childSchooling: false,
  housingQuality: false, housingArea: false, water: false, sanitation: false, telecom: false, informationDevices: false,
};
const person = (seq: number, fullName: string, over: Record<string, unknown> = {}) => ({
  seq, fullName, sex: 'male' as const, birthDate: '1975-04-02', idNumber: null, idIssuedOn: null as string | null, relation: 'child' as const, ethnicity: 'Kinh',
  healthInsurance: true, schooling: 'not_attending' as const, education: 'lower_secondary' as const, employment: 'self_employed' as const,
  disability: false, workingCapacity: true, nutrition: null, ...over,
});
const keyed = (): HouseholdFormInput => ({
  communeId: seeded.communeId,
  villageId: seeded.villageId,
  address: 'Tổ 5, ấp Bình Hưng',
  area: 'rural',
  flags: { ethnicMinority: false, noWorkingCapacity: false, meritPerson: false, femaleHead: false },
  reviewer: 'Phạm Văn Bảy',
  members: [
    person(1, 'Võ Văn Hùng', { relation: 'head', idNumber: '089075001234' }),
    person(2, 'Lâm Thị Mai', { sex: 'female', relation: 'spouse', birthDate: '1978-11-20' }),
  ],
  answers: { scoreA: 128, b2: { ...B2_NONE, water: true } },
});

/** What a screen sends after the officer typed: the form as read, changed. */
const edit = (f: FormOutput, change: (form: HouseholdForm) => HouseholdForm): HouseholdForm => change(structuredClone(f.form));
const parsedForm = (raw: RawForm): HouseholdForm => {
  const p = parseRaw(raw, layout, { communeId: seeded.communeId, villageId: seeded.villageId });
  expect(p.errors).toEqual({});
  return HouseholdFormSchema.parse(p.form);
};

describe('two officers save the same household', () => {
  it('nothing of either is lost: A saves, B is refused naming A and the time, keeps the draft, merges and saves', async () => {
    const created = await A.call('entry.save', { roundId: seeded.roundId, form: keyed() });
    const id = created.householdId;
    const draftKey = `household:${id}`;

    // Both open the household: the form carries the version it was read at.
    const readA = await A.call('entry.form', { householdId: id });
    const readB = await B.call('entry.form', { householdId: id });
    expect(readA.version).toBeGreaterThanOrEqual(1);
    expect(readB.version).toBe(readA.version);

    // A: a new address, the income, the spouse's ID number.
    const formA = edit(readA, (f) => ({
      ...f,
      address: 'Tổ 6, ấp Bình Hưng',
      answers: { ...f.answers, monthlyIncome: 1_500_000 },
      members: f.members.map((m) => (m.seq === 2 ? { ...m, idNumber: '089178004321' } : m)),
    }));
    // B: another address, the reviewer, the spouse's ethnicity, a third member; B's screen keeps it as a draft while typing.
    const formB = edit(readB, (f) => ({
      ...f,
      address: 'Số 12, tổ 5, ấp Bình Hưng',
      reviewer: 'Huỳnh Thị Cúc',
      members: [...f.members.map((m) => (m.seq === 2 ? { ...m, ethnicity: 'Khmer' } : m)), person(3, 'Võ Thị Ngọc', { sex: 'female', birthDate: '2009-03-03' })],
    }));
    const rawB = toRaw(formB);
    await B.call('entry.drafts.save', { key: draftKey, roundId: seeded.roundId, householdId: id, body: { raw: rawB, communeId: seeded.communeId, villageId: seeded.villageId, version: readB.version } });

    const savedA = await A.call('entry.save', { roundId: seeded.roundId, householdId: id, version: readA.version, form: formA });
    expect(savedA.version).toBe(readA.version + 1);

    // B's save, based on the version B read, is refused: who changed it and when.
    const refused = await B.send('entry.save', { roundId: seeded.roundId, householdId: id, version: readB.version, form: formB });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('CONFLICT');
    const lastByA = core.db.sqlite
      .prepare(`SELECT at, actor FROM audit WHERE entity = 'household' AND entity_id = ? AND action = 'update' ORDER BY id DESC LIMIT 1`)
      .get(id) as { at: string; actor: string };
    expect(lastByA.actor).toBe('lan');
    const why = refused.error.issues?.find((i) => i.path === 'version')?.message ?? '';
    expect(why).toContain('Nguyễn Thị Lan');
    expect(why).toContain(dateTimeVi(lastByA.at));
    expect(why).toMatch(/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/u);
    expect(why).toContain(readA.code);

    // Nothing of B was written; A's save stands.
    const afterRefusal = await B.call('entry.form', { householdId: id });
    expect(afterRefusal.version).toBe(savedA.version);
    expect(afterRefusal.form.address).toBe('Tổ 6, ấp Bình Hưng');
    expect(afterRefusal.form.reviewer).toBe('Phạm Văn Bảy');
    expect(afterRefusal.form.members).toHaveLength(2);

    // B's typed values are still in the draft, with the version they were based on.
    const draft = await B.call('entry.drafts.get', { key: draftKey });
    expect(draft).not.toBeNull();
    const kept = draft!.body as { raw: RawForm; version: number };
    expect(kept.version).toBe(readB.version);
    expect(parsedForm(kept.raw)).toEqual(parsedForm(rawB));

    // B merges field by field: the newer values beside B's; both changed the address (B keeps A's),
    // the rest only one of them changed (each kept by default).
    const theirs = toRaw(afterRefusal.form);
    const base = toRaw(readB.form);
    const fields = conflictFields(kept.raw, theirs, base);
    const byPath = Object.fromEntries(fields.map((f) => [f.path, f]));
    expect(byPath.address).toMatchObject({ mine: 'Số 12, tổ 5, ấp Bình Hưng', theirs: 'Tổ 6, ấp Bình Hưng', both: true, choice: 'mine' });
    expect(byPath.reviewer).toMatchObject({ mine: 'Huỳnh Thị Cúc', theirs: 'Phạm Văn Bảy', both: false, choice: 'mine' });
    expect(byPath['a.monthlyIncome']).toMatchObject({ mine: '', theirs: '1500000', both: false, choice: 'theirs' });
    expect(byPath['m.1.idNumber']).toMatchObject({ mine: '', theirs: '089178004321', choice: 'theirs' });
    expect(byPath['m.1.ethnicity']).toMatchObject({ mine: 'Khmer', theirs: 'Kinh', choice: 'mine' });
    expect(byPath['m.2.fullName']).toMatchObject({ mine: 'Võ Thị Ngọc', theirs: '', choice: 'mine' });
    const choices: Record<string, MergeChoice> = { ...Object.fromEntries(fields.map((f) => [f.path, f.choice])), address: 'theirs' };
    const merged = parsedForm(mergeRaw(kept.raw, theirs, choices));

    const savedB = await B.call('entry.save', { roundId: seeded.roundId, householdId: id, version: afterRefusal.version, form: merged });
    expect(savedB.version).toBe(afterRefusal.version + 1);

    // Nothing of either is lost, field by field.
    const final = (await A.call('entry.form', { householdId: id })).form;
    expect(final.address).toBe('Tổ 6, ấp Bình Hưng'); // A's (B chose it)
    expect(final.answers.monthlyIncome).toBe(1_500_000); // A's
    expect(final.members.find((m) => m.seq === 2)?.idNumber).toBe('089178004321'); // A's
    expect(final.reviewer).toBe('Huỳnh Thị Cúc'); // B's
    expect(final.members.find((m) => m.seq === 2)?.ethnicity).toBe('Khmer'); // B's
    expect(final.members.map((m) => m.fullName)).toEqual(['Võ Văn Hùng', 'Lâm Thị Mai', 'Võ Thị Ngọc']); // B's new member
    expect(final.answers.scoreA).toBe(128); // neither changed it
    // The merged save removes the draft; both saves are in the audit trail under their users.
    expect(await B.call('entry.drafts.get', { key: draftKey })).toBeNull();
    const actors = core.db.sqlite.prepare(`SELECT DISTINCT actor FROM audit WHERE entity = 'household' AND entity_id = ? AND action = 'update'`).pluck().all(id);
    expect(actors.sort()).toEqual(['binh', 'lan']);
  });

  it('a refused save with no draft of the screen keeps the typed values as the draft (the server writes it)', async () => {
    const id = seeded.householdIds[0]!;
    const readA = await A.call('entry.form', { householdId: id });
    const readB = await B.call('entry.form', { householdId: id });
    await A.call('entry.save', { roundId: seeded.roundId, householdId: id, version: readA.version, form: { ...readA.form, reviewer: 'Nguyễn Thị Lan' } });
    const formB = { ...readB.form, address: 'Ấp Bình Hưng, số 40' };
    const refused = await B.send('entry.save', { roundId: seeded.roundId, householdId: id, version: readB.version, form: formB });
    expect(refused.ok ? null : refused.error.code).toBe('CONFLICT');
    const draft = await B.call('entry.drafts.get', { key: `household:${id}` });
    const kept = draft!.body as { raw: RawForm; version: number; communeId: number; villageId: number | null };
    expect(kept).toMatchObject({ version: readB.version, communeId: readB.form.communeId, villageId: readB.form.villageId });
    expect(parsedForm(kept.raw).address).toBe('Ấp Bình Hưng, số 40');
  });

  it('every save raises the version; households.update (the core function) checks it too', async () => {
    // households.update through the contract forwards its `version` once electron/core/api/services.ts
    // passes it on (see the report); here the core function, as each user.
    const id = seeded.householdIds[1]!;
    const lan = { userId: 0, name: 'lan', fullName: 'Nguyễn Thị Lan', role: 'officer' as const, villageIds: [] };
    const binh = { ...lan, name: 'binh', fullName: 'Trần Văn Bình' };
    const update = (who: Caller, version: number, address: string) => asCaller(who, () => updateHousehold(core.db.sqlite, id, { address }, core.actor, version));
    const v0 = (await A.call('entry.form', { householdId: id })).version;
    expect(update(lan, v0, 'Tổ 1').changed).toEqual(['address']);
    const v1 = (await A.call('entry.form', { householdId: id })).version;
    expect(v1).toBe(v0 + 1);
    // Nothing changed: nothing to raise.
    expect(update(lan, v1, 'Tổ 1').changed).toEqual([]);
    expect((await A.call('entry.form', { householdId: id })).version).toBe(v1);
    let refusal: unknown;
    try {
      update(binh, v0, 'Tổ 2');
    } catch (e) {
      refusal = e;
    }
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).code).toBe('CONFLICT');
    expect((refusal as AppError).issues?.[0]?.message).toContain('Nguyễn Thị Lan');
    expect((await A.call('entry.form', { householdId: id })).form.address).toBe('Tổ 1');
    // An entry save on the version households.update left is accepted.
    const f = await B.call('entry.form', { householdId: id });
    const saved = await B.call('entry.save', { roundId: seeded.roundId, householdId: id, version: f.version, form: { ...f.form, reviewer: 'Huỳnh Thị Cúc' } });
    expect(saved.version).toBe(v1 + 1);
  });

  it('classifying the round is derived data: it does not raise the version', async () => {
    const id = seeded.householdIds[2]!;
    const v0 = (await A.call('entry.form', { householdId: id })).version;
    await reclassified(A.send, { roundId: seeded.roundId });
    expect((await A.call('entry.form', { householdId: id })).version).toBe(v0);
  });
});
