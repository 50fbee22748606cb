/**
 * A keyer keys only their assigned villages (issue 12): the village of each call is resolved by
 * the core from the input (a household's village from the database, a list's village, a new
 * household's form), never from what the screen shows.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiInput, ApiMethod } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import { OUTSIDE_VILLAGES_MESSAGE } from '../../shared/api/permissions';
import { dispatch } from '../../electron/core/api/dispatch';
import { createServices, type Services } from '../../electron/core/api/services';
import type { Caller } from '../../electron/core/auth/caller';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
let inside: number;
let otherVillage: number;
let keyer: Caller;
let stranger: Caller;

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir('rasoat-keyer-'), 'keyer.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
  seeded = seedSmall(core);
  services = createServices(core);
  inside = core.db.sqlite.prepare('SELECT id FROM households WHERE village_id = ? ORDER BY id LIMIT 1').pluck().get(seeded.villageId) as number;
  // A second village of the same commune.
  otherVillage = Number(
    core.db.sqlite
      .prepare("INSERT INTO units (code, name, type, level, parent_id, valid_from, valid_to, name_sort) SELECT 'X-2', 'Ấp Khác', type, level, parent_id, valid_from, valid_to, 'ap khac' FROM units WHERE id = ?")
      .run(seeded.villageId).lastInsertRowid,
  );
  keyer = { userId: 201, name: 'nhap.lieu', fullName: 'Người nhập liệu', role: 'keyer', villageIds: [seeded.villageId] };
  // The same household is outside the villages of a keyer given another village.
  stranger = { ...keyer, userId: 202, name: 'nhap.khac', villageIds: [otherVillage] };
});
afterAll(() => core.close());

const as = <M extends ApiMethod>(caller: Caller, method: M, input: ApiInput<M>): Promise<Envelope<unknown>> => dispatch(services, method, input, { caller });
const outside = { ok: false, error: { code: 'FORBIDDEN', message: OUTSIDE_VILLAGES_MESSAGE } };

describe('a keyer', () => {
  it('reads and keys a household of their village, and is refused the same household from another village', async () => {
    for (const [method, input] of [
      ['households.get', { householdId: inside }],
      ['entry.form', { householdId: inside }],
      ['households.history', { householdId: inside }],
      ['entry.events.list', { householdId: inside }],
      ['households.update', { householdId: inside, changes: { address: 'Tổ 3' } }],
    ] as [ApiMethod, ApiInput<ApiMethod>][]) {
      expect([method, (await as(keyer, method, input)).ok]).toEqual([method, true]);
      expect([method, await as(stranger, method, input)]).toEqual([method, outside]);
    }
  });

  it('lists only their village: another village, or no village at all, is refused', async () => {
    const mine = await as(keyer, 'households.list', { roundId: seeded.roundId, villageId: seeded.villageId });
    expect(mine.ok && (mine.value as { total: number }).total).toBeGreaterThan(0);
    expect(await as(keyer, 'households.list', { roundId: seeded.roundId, villageId: otherVillage })).toEqual(outside);
    expect(await as(keyer, 'households.list', { roundId: seeded.roundId })).toEqual(outside);
    expect(await as(keyer, 'households.list', { roundId: seeded.roundId, communeId: seeded.communeId })).toEqual(outside);
  });

  it('saves a form only for their village: a household moved to another village, or a new one there, is refused', async () => {
    const read = await as(keyer, 'entry.form', { householdId: inside });
    const form = (read as { value: { form: ApiInput<'entry.save'>['form'] } }).value.form;
    expect(await as(keyer, 'entry.save', { roundId: seeded.roundId, householdId: inside, form: { ...form, villageId: otherVillage } })).toEqual(outside);
    expect(await as(keyer, 'entry.save', { roundId: seeded.roundId, householdId: null, form: { ...form, villageId: otherVillage } })).toEqual(outside);
    expect(await as(stranger, 'entry.save', { roundId: seeded.roundId, householdId: inside, form: { ...form, villageId: otherVillage } })).toEqual(outside);
    expect(await as(keyer, 'entry.preview', { roundId: seeded.roundId, householdId: inside, form })).toEqual(expect.objectContaining({ ok: true }));
  });

  it("keeps drafts to their villages: another village's draft is neither listed, read nor deleted", async () => {
    const officer: Caller = { userId: 203, name: 'can.bo', fullName: 'Cán bộ', role: 'officer', villageIds: [] };
    const body = { raw: {}, communeId: seeded.communeId, villageId: seeded.villageId };
    expect((await as(officer, 'entry.drafts.save', { key: 'draft:cua-thon', roundId: seeded.roundId, householdId: inside, body })).ok).toBe(true);
    expect((await as(officer, 'entry.drafts.save', { key: 'draft:moi-thon-khac', roundId: seeded.roundId, householdId: null, body: { ...body, villageId: otherVillage } })).ok).toBe(true);
    const mine = (await as(keyer, 'entry.drafts.list', { roundId: seeded.roundId })) as { value: { key: string }[] };
    expect(mine.value.map((d) => d.key)).toEqual(['draft:cua-thon']);
    const theirs = (await as(stranger, 'entry.drafts.list', { roundId: seeded.roundId })) as { value: { key: string }[] };
    expect(theirs.value.map((d) => d.key)).toEqual(['draft:moi-thon-khac']);
    expect(await as(keyer, 'entry.drafts.get', { key: 'draft:moi-thon-khac' })).toEqual(outside);
    expect(await as(keyer, 'entry.drafts.delete', { key: 'draft:moi-thon-khac' })).toEqual(outside);
    expect(await as(keyer, 'entry.drafts.save', { key: 'draft:k', roundId: seeded.roundId, householdId: null, body: { ...body, villageId: otherVillage } })).toEqual(outside);
    expect((await as(keyer, 'entry.drafts.get', { key: 'draft:cua-thon' })).ok).toBe(true);
  });

  it('is refused what is not entry: workflow, prints, backups', async () => {
    const e = await as(keyer, 'workflow.status', { roundId: seeded.roundId, communeId: seeded.communeId });
    expect(e).toEqual({ ok: false, error: expect.objectContaining({ code: 'FORBIDDEN', message: expect.stringMatching(/^Vai trò "Nhập liệu" không được xem tiến độ rà soát/u) }) });
  });
});
