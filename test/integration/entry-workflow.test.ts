/**
 * A commune of the demo district carried through the round's workflow (spec/review-process.md):
 * list, score, village meetings (one below 50 % refused and re-reviewed), posting, a complaint
 * whose re-check changes a class, the district's opinion, recognition locking the commune, a
 * refused edit, reopening with a reason; then the next year's round copied from this one.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from '../../shared/messages';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

let core: Core;
let services: Services;
let roundId: number;
let communeId: number;
let villages: { id: number; name: string; householdCount: number }[];
let complained: number;

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'workflow.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã' });
  buildDemo(core.db.sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: 800, seed: 7 });
  services = createServices(core);
});
afterAll(() => core.close());

const { send, call } = apiOf(() => services);
const audit = (action: string) => core.db.sqlite.prepare('SELECT * FROM audit WHERE action = ? ORDER BY id').all(action) as { actor: string; field: string; new_value: string }[];

describe('a commune through the whole review', () => {
  it('builds the list to review: last round’s poor and near-poor', async () => {
    const rounds = await call('rounds.list', {});
    roundId = rounds.find((r) => r.year === 2023)!.id;
    const communes = await call('units.communes', { roundId });
    communeId = communes.find((c) => c.name === 'Bình Mỹ')!.id;
    villages = await call('units.villages', { roundId, communeId });
    const out = await call('workflow.buildList', { roundId, communeId });
    const expected = core.db.sqlite
      .prepare(
        `SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND h.commune_id = ? AND EXISTS (
           SELECT 1 FROM households p JOIN rounds r ON r.id = p.round_id JOIN results s ON s.household_id = p.id
           WHERE p.code = h.code AND r.year = 2022 AND s.status IN ('poor', 'near_poor'))`,
      )
      .pluck()
      .get(roundId, communeId) as number;
    expect(out.listed).toBe(expected);
    expect(out.listed).toBeGreaterThan(0);
  });

  it('scoring the listed households (their forms saved) moves them to "scored"', async () => {
    const listed = core.db.sqlite.prepare("SELECT id FROM households WHERE round_id = ? AND commune_id = ? AND review_state = 'listed'").pluck().all(roundId, communeId) as number[];
    for (const id of listed) {
      const { form } = await call('entry.form', { householdId: id });
      await call('entry.save', { roundId, householdId: id, form });
    }
    const status = await call('workflow.status', { roundId, communeId });
    expect(status.byState.scored).toBe(listed.length);
    expect(status.byState.listed ?? 0).toBe(0);
  });

  it('a village meeting with 40 % agreeing cannot be recorded as agreed; recorded, it sends the village back to re-review', async () => {
    const v = villages[0]!;
    const meeting = { roundId, villageId: v.id, heldOn: '2023-10-10', place: 'Nhà văn hoá ấp', chair: 'Trần Văn Tư', secretary: 'Lê Thị Năm', attendeesCount: 30, householdsPresent: 25, householdsListed: 28, agreedCount: 12 };
    const refused = await send('workflow.meeting', { ...meeting, outcome: 'agreed' });
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.error.code).toBe('INVALID_INPUT');
      expect(refused.error.issues?.[0]).toEqual({ path: 'agreedCount', message: 'Chỉ 40 % người dự họp đồng ý (12/30), dưới 50 %: không thể ghi là đã thống nhất. Thôn phải rà soát lại và họp lại.' });
    }
    const recorded = await call('workflow.meeting', meeting);
    expect(recorded).toMatchObject({ outcome: 're_review', agreedPercent: 40, presentPercent: 89.3 });
    const again = await call('workflow.meeting', { ...meeting, heldOn: '2023-10-17', agreedCount: 21, outcome: 'agreed' });
    expect(again).toMatchObject({ outcome: 'agreed', agreedPercent: 70, householdsMoved: recorded.householdsMoved });
    for (const other of villages.slice(1)) {
      await call('workflow.meeting', { ...meeting, villageId: other.id, agreedCount: 15 }); // exactly 50 %: agreed
    }
    const status = await call('workflow.status', { roundId, communeId });
    expect(status.byState.scored ?? 0).toBe(0);
    expect(status.byState.re_review ?? 0).toBe(0);
    expect(status.meetings.map((m) => m.outcome)).toEqual(['re_review', 'agreed', ...villages.slice(1).map(() => 'agreed')]);
  });

  it('posting, then a complaint whose re-check changes the household’s class', async () => {
    const posted = await call('workflow.posting', { roundId, communeId, fromDate: '2023-10-20', toDate: '2023-10-24', places: 'Nhà văn hoá ấp; trụ sở UBND xã; đài truyền thanh xã' });
    expect(posted.householdsPosted).toBeGreaterThan(0);
    complained = core.db.sqlite
      .prepare("SELECT h.id FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND h.commune_id = ? AND r.status = 'poor' AND h.review_state = 'posted' LIMIT 1")
      .pluck()
      .get(roundId, communeId) as number;
    const c = await call('workflow.complaint', { roundId, householdId: complained, receivedOn: '2023-10-22', content: 'Hộ đã có xe máy, nhà kiên cố; đề nghị xem lại điểm B1' });
    const { form } = await call('entry.form', { householdId: complained });
    await call('entry.save', { roundId, householdId: complained, form: { ...form, answers: { ...form.answers, scoreA: 190 } } });
    const r = await call('workflow.recheck', { complaintId: c.id, recheckedOn: '2023-10-25', result: 'Phúc tra: điểm B1 đúng là 190, hộ không thuộc hộ nghèo' });
    expect(r).toEqual({ id: c.id, statusBefore: 'poor', statusAfter: 'neither', changed: true });
  });

  it('recognition needs the district’s opinion (a round before 1/7/2025), then locks the commune', async () => {
    const decision = { roundId, communeId, number: '125/QĐ-UBND', signedOn: '2023-12-05', signerName: 'Nguyễn Văn Mười', signerTitle: 'Chủ tịch' };
    const early = await send('workflow.decision', decision);
    expect(!early.ok && early.error.issues?.[0]?.message).toBe('Chưa ghi ý kiến của Chủ tịch UBND cấp huyện: chưa thể công nhận.');
    await call('workflow.districtOpinion', { roundId, communeId, receivedOn: '2023-11-20', number: '88/UBND-LĐTBXH', content: 'Thống nhất kết quả rà soát' });
    const done = await call('workflow.decision', decision);
    expect(done.recognised).toBeGreaterThan(0);
    const status = await call('workflow.status', { roundId, communeId });
    expect(status.locked).toBe(true);
    // The reference as copied from the paper: the number alone is kept (the decision prints "Số: 125/QĐ-UBND").
    expect(status.decisions).toEqual([{ id: done.id, number: '125', signedOn: '2023-12-05', signerName: 'Nguyễn Văn Mười', signerTitle: 'Chủ tịch' }]);
  });

  it('a locked commune refuses an edit until reopened with a reason (audited)', async () => {
    const { form } = await call('entry.form', { householdId: complained });
    const refused = await send('entry.save', { roundId, householdId: complained, form: { ...form, address: 'Tổ 9' } });
    expect(!refused.ok && refused.error.code).toBe('ROUND_LOCKED');
    expect(ERROR_MESSAGES.ROUND_LOCKED).toMatch(/đã khoá/u);
    const update = await send('households.update', { householdId: complained, changes: { address: 'Tổ 9' } });
    expect(!update.ok && update.error.code).toBe('ROUND_LOCKED');
    const short = await send('workflow.reopen', { roundId, communeId, reason: 'sai' });
    expect(!short.ok && short.error.issues?.[0]?.message).toBe('Hãy ghi rõ lý do mở lại (ít nhất 5 ký tự).');
    expect(await call('workflow.reopen', { roundId, communeId, reason: 'Sửa ngày sinh của thành viên theo giấy khai sinh' })).toEqual({ reopened: true });
    const reopened = audit('reopen').at(-1)!;
    expect(reopened.actor).toBe('cán bộ xã');
    expect(JSON.parse(reopened.new_value)).toEqual({ reason: 'Sửa ngày sinh của thành viên theo giấy khai sinh' });
    const saved = await call('entry.save', { roundId, householdId: complained, form: { ...form, address: 'Tổ 9' } });
    expect(saved.changed).toContain('address');
  });
});

describe('year over year', () => {
  it('a new round copies households and members with their identity, less the member who died', async () => {
    const head = core.db.sqlite.prepare("SELECT m.id, m.household_id, m.person_key FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ? AND h.member_count >= 3 AND m.seq = 3 LIMIT 1").get(roundId) as { id: number; household_id: number; person_key: string };
    const locked = (await call('workflow.status', { roundId, communeId })).locked;
    expect(locked).toBe(false);
    await call('entry.events.record', { householdId: head.household_id, kind: 'died', occurredOn: '2023-11-02', memberId: head.id, note: 'Giấy chứng tử số 12' });
    expect((await call('entry.events.list', { householdId: head.household_id }))[0]).toMatchObject({ kind: 'died', personKey: head.person_key });
    const before = core.db.sqlite.prepare('SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ?').pluck().get(roundId) as number;
    const started = await call('rounds.start', { fromRoundId: roundId, year: 2024, title: 'Rà soát định kỳ năm 2024', ruleSetId: 'vn-2022-2026', unitMapDate: '2024-09-01', referenceDate: '2024-09-01' });
    expect(started.members).toBe(before - 1);
    const copied = core.db.sqlite.prepare('SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ? AND m.person_key = ?').pluck().get(started.roundId, head.person_key);
    expect(copied).toBe(0);
    // the complained household, keyed in 2024, shows its transition against 2023
    const code = core.db.sqlite.prepare('SELECT code FROM households WHERE id = ?').pluck().get(complained) as string;
    const id2024 = core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? AND code = ?').pluck().get(started.roundId, code) as number;
    const { form } = await call('entry.form', { householdId: id2024 });
    const keyed = await call('entry.save', { roundId: started.roundId, householdId: id2024, form: { ...form, answers: { ...form.answers, scoreA: 120, b2: Object.fromEntries(Object.keys((await call('entry.form', { householdId: complained })).form.answers.b2).map((k, i) => [k, i < 4])) } } });
    expect(keyed.result).toMatchObject({ status: 'poor', transition: 'fell_back' });
  });
});
