/**
 * Issue 12, point 4: the audit screen's call (audit.list): newest first, by user, by local dates
 * (inclusive, Vietnam's time), by unit (a commune includes its villages), by household; pages with
 * the total; each row read in Vietnamese with the user's full name; and the indexes do the
 * filtering (no full scan of the audit trail for a user or a date range).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { auditQuery } from '../../electron/core/audit/services';
import { asCaller, type Caller } from '../../electron/core/auth/caller';
import { updateUser } from '../../electron/core/auth/users';
import { Core } from '../../electron/core/core';
import { seedSmall } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

let core: Core;
let services: Services;
let seeded: ReturnType<typeof seedSmall>;
const { call } = apiOf(() => services);
let an: Caller;
let ba: Caller;

function user(name: string, fullName: string): Caller {
  const now = new Date().toISOString();
  const id = Number(
    core.db.sqlite
      .prepare("INSERT INTO users (name, full_name, role, password_hash, created_at, updated_at) VALUES (?, ?, 'officer', 'x', ?, ?)")
      .run(name, fullName, now, now).lastInsertRowid,
  );
  return { userId: id, name, fullName, role: 'officer', villageIds: [] };
}
/** Moves the rows written since `after` to an instant (the tests' clock). */
const stamp = (after: number, at: string): void => void core.db.sqlite.prepare('UPDATE audit SET at = ? WHERE id > ?').run(at, after);
const lastId = (): number => core.db.sqlite.prepare('SELECT COALESCE(MAX(id), 0) FROM audit').pluck().get() as number;

let h1: number;
let h2: number;
let otherVillage: number;
beforeAll(async () => {
  core = new Core({ dbPath: path.join(tempDir(), 'audit-list.sqlite'), resourcesDir: RESOURCES, actor: 'cli' });
  services = createServices(core);
  seeded = seedSmall(core);
  [h1, h2] = seeded.householdIds as [number, number];
  an = user('an.nv', 'Nguyễn Văn An');
  ba = user('ba.tt', 'Trần Thị Ba');
  // A second commune's village, whose rows a filter by Bình Mỹ must leave out.
  otherVillage = core.db.sqlite.prepare("SELECT id FROM units WHERE level = 'commune' AND id <> ? LIMIT 1").pluck().get(seeded.communeId) as number;
  let mark = lastId();
  // 05/02/2026 00:30 in Vietnam (04/02 17:30 UTC): An edits household 1.
  await asCaller(an, () => call('households.update', { householdId: h1, changes: { address: 'Tổ 9, ấp Bình Hưng', meritPerson: true } }));
  stamp(mark, '2026-02-04T17:30:00.000Z');
  mark = lastId();
  // 05/02/2026 23:59 in Vietnam: Ba edits household 2.
  await asCaller(ba, () => call('households.update', { householdId: h2, changes: { area: 'urban' } }));
  stamp(mark, '2026-02-05T16:59:00.000Z');
  mark = lastId();
  // 06/02/2026 00:00 in Vietnam: An edits household 2.
  await asCaller(an, () => call('households.update', { householdId: h2, changes: { femaleHead: true } }));
  stamp(mark, '2026-02-05T17:00:00.000Z');
  mark = lastId();
  // 07/02/2026: a row of another commune (a unit's row).
  core.db.sqlite
    .prepare("INSERT INTO audit (at, actor, entity, entity_id, action, field, old_value, new_value, unit_id) VALUES ('2026-02-07T02:00:00.000Z', 'ba.tt', 'unit', ?, 'update', 'area', '\"rural\"', '\"urban\"', ?)")
    .run(otherVillage, otherVillage);
});
afterAll(() => core.close());

describe('audit.list', () => {
  it('newest first, with the total, the full name and a Vietnamese text', async () => {
    const page = await call('audit.list', { from: '2026-02-01', to: '2026-02-28' });
    expect(page.total).toBe(5);
    expect(page.rows.map((r) => r.at)).toEqual([...page.rows.map((r) => r.at)].sort().reverse());
    const merit = page.rows.find((r) => r.field === 'merit_person')!;
    expect(merit).toMatchObject({ actor: 'an.nv', actorFullName: 'Nguyễn Văn An', unitId: seeded.villageId });
    expect(merit.text).toMatch(/^Hộ 30487-00001 \(.+\) – Sửa: Hộ có người có công: Không → Có$/u);
    const area = page.rows.find((r) => r.field === 'area' && r.entity === 'household')!;
    expect(area.text).toMatch(/Khu vực: Nông thôn → Thành thị$/u);
  });

  it('a bulk read reads in Vietnamese too: what, where, how many, which file', async () => {
    core.db.sqlite
      .prepare(
        `INSERT INTO audit (at, actor, entity, entity_id, action, field, old_value, new_value, unit_id)
         VALUES ('2026-03-01T02:00:00.000Z', 'ba.tt', 'backup', NULL, 'backup', 'sqlite', NULL, '{"households":3,"people":1250,"file":"rasoat-manual.sqlite"}', NULL)`,
      )
      .run();
    const page = await call('audit.list', { from: '2026-03-01', to: '2026-03-01' });
    expect(page.rows.map((r) => r.text)).toEqual(['Sao lưu: Bản sao lưu – mọi đơn vị: 3 hộ, 1.250 người, tệp rasoat-manual.sqlite']);
    expect(page.rows[0]!.actorFullName).toBe('Trần Thị Ba');
  });

  it('a change to a user names the user and the field as the users screen does, never a number or a column', async () => {
    updateUser(core.db.sqlite, an.userId, { role: 'leader' }, 'ba.tt', '2026-03-02T02:00:00.000Z');
    core.db.sqlite.prepare("UPDATE audit SET at = '2026-03-02T02:00:00.000Z' WHERE entity = 'user'").run();
    const page = await call('audit.list', { from: '2026-03-02', to: '2026-03-02' });
    expect(page.rows.map((r) => r.text)).toEqual(['Người dùng Nguyễn Văn An (an.nv): Sửa (Vai trò)']);
  });

  it('filters by user', async () => {
    const page = await call('audit.list', { actor: 'an.nv' });
    expect(page.total).toBe(3);
    expect(new Set(page.rows.map((r) => r.actor))).toEqual(new Set(['an.nv']));
  });

  it('filters by local dates, both ends included (Vietnam\'s day, not UTC\'s)', async () => {
    const day = await call('audit.list', { from: '2026-02-05', to: '2026-02-05' });
    expect(day.rows.map((r) => r.field).sort()).toEqual(['address', 'area', 'merit_person']);
    const next = await call('audit.list', { from: '2026-02-06', to: '2026-02-28' });
    expect(next.rows.map((r) => r.field).sort()).toEqual(['area', 'female_head']);
  });

  it('filters by unit: a commune includes its villages, another commune\'s rows are left out', async () => {
    const commune = await call('audit.list', { unitId: seeded.communeId, from: '2026-02-01' });
    expect(commune.total).toBe(4);
    const other = await call('audit.list', { unitId: otherVillage });
    expect(other.rows.map((r) => r.entity)).toEqual(['unit']);
  });

  it('filters by household, with paging', async () => {
    const all = await call('audit.list', { householdId: h2 });
    expect(all.total).toBe(2);
    const first = await call('audit.list', { householdId: h2, limit: 1 });
    const second = await call('audit.list', { householdId: h2, limit: 1, offset: 1 });
    expect(first.total).toBe(2);
    expect([first.rows[0]!.field, second.rows[0]!.field]).toEqual(['female_head', 'area']);
  });

  it('a user or a date range is found through an index, never a full scan of the audit trail', () => {
    const plan = (input: Parameters<typeof auditQuery>[0]): string => {
      const q = auditQuery(input);
      return (core.db.sqlite.prepare(`EXPLAIN QUERY PLAN ${q.rows}`).all(...q.params, 100, 0) as { detail: string }[]).map((r) => r.detail).join('\n');
    };
    const base = { offset: 0, limit: 100 };
    const byUser = plan({ ...base, actor: 'an.nv' });
    expect(byUser).toMatch(/SEARCH a USING INDEX audit_actor_at \(actor=\?/u);
    const byDates = plan({ ...base, from: '2026-02-01', to: '2026-02-28' });
    expect(byDates).toMatch(/SEARCH a USING INDEX audit_at \(at>\? AND at<\?\)/u);
    const byUnit = plan({ ...base, unitId: seeded.communeId });
    expect(byUnit).toMatch(/audit_unit_at/u);
    for (const p of [byUser, byDates, byUnit]) expect(p).not.toMatch(/SCAN a(?! USING)/u);
  });
});
