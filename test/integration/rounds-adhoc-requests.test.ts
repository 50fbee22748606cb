/**
 * An ad hoc round (rà soát thường xuyên) holds only the requesting households (issue 15, item 5):
 * started from an earlier round it copies the households with an open request (Mẫu 01 / 04) of
 * its communes and nothing else; a periodic round still copies every household. Accepting a
 * request puts its household into the ad hoc round (copied, audited) under the one lock rule.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { insertHouseholds } from '../../electron/core/households/write';
import { createRoundFor, planRound } from '../../electron/core/rounds/create';
import { OFFICE_SETTING } from '../../electron/core/units/office';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { apiOf } from '../fixtures/api';
import { household, member } from '../fixtures/small-db';
import { RESOURCES, tempDir } from '../helpers';

function officeDb(): { core: Core; communeId: number; r2025: number; ids: number[] } {
  const core = new Core({ dbPath: path.join(tempDir('rasoat-adhoc-'), 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã' });
  const sqlite = core.db.sqlite;
  loadUnits(sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  const communeId = unitIdAt(sqlite, '30487', '2025-09-01')!;
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(OFFICE_SETTING, String(communeId));
  const r2025 = createRoundFor(sqlite, core.registry, { year: 2025, kind: 'periodic' }, 'test').roundId;
  const noVillage = (h: ReturnType<typeof household>) => ({ ...h, villageId: null });
  const ids = insertHouseholds(sqlite, r2025, [
    noVillage(household('30487-00001', communeId, 0, 120, ['water', 'sanitation', 'employment'], [member(1, 'Nguyễn Văn Một'), member(2, 'Trần Thị Hai', { sex: 'female', relation: 'spouse' })])),
    noVillage(household('30487-00002', communeId, 0, 130, ['water'], [member(1, 'Lê Văn Ba')])),
    noVillage(household('30487-00003', communeId, 0, 160, [], [member(1, 'Phạm Thị Bốn', { sex: 'female' })])),
    noVillage(household('30487-00004', communeId, 0, 170, [], [member(1, 'Võ Văn Năm')])),
  ]);
  return { core, communeId, r2025, ids };
}

const codesIn = (core: Core, roundId: number): string[] => core.db.sqlite.prepare('SELECT code FROM households WHERE round_id = ? ORDER BY code').pluck().all(roundId) as string[];

describe('an ad hoc round holds only the requesting households', () => {
  it('copies the households with an open request, not the commune, and links those requests', async () => {
    const { core, communeId, r2025, ids } = officeDb();
    try {
      const { call } = apiOf(() => createServices(core));
      const base = { communeId, receivedBy: 'Cán bộ LĐ-TB&XH', receivedOn: '2026-03-02' };
      const a = await call('requests.add', { ...base, householdId: ids[2]!, form: 'M01', purpose: 'poverty', reason: 'Chồng mất, không còn lao động' });
      const b = await call('requests.add', { ...base, householdId: ids[0]!, form: 'M04', purpose: 'exit' });
      const c = await call('requests.add', { ...base, householdId: ids[3]!, form: 'M01', purpose: 'poverty' });
      await call('requests.refuse', { requestId: c.id, settledOn: '2026-03-10', reasons: ['Hộ có thu nhập cao hơn chuẩn'] });

      const req = { year: 2026, kind: 'adhoc' as const, referenceDate: '2026-03-16', fromRoundId: r2025 };
      // The plan says what will be copied: the two households with an open request, not four.
      expect(planRound(core.db.sqlite, core.registry, req).from).toMatchObject({ roundId: r2025, households: 2 });
      const made = createRoundFor(core.db.sqlite, core.registry, req, 'test');
      expect(made.households).toBe(2);
      expect(made.members).toBe(3);
      expect(codesIn(core, made.roundId)).toEqual(['30487-00001', '30487-00003']);
      // The open requests now name the round; the refused one does not.
      const rows = await call('requests.list', { communeId, today: '2026-03-16' });
      expect(rows.find((r) => r.id === a.id)!.roundId).toBe(made.roundId);
      expect(rows.find((r) => r.id === b.id)!.roundId).toBe(made.roundId);
      expect(rows.find((r) => r.id === c.id)!.roundId).toBeNull();
      const copy = core.db.sqlite.prepare(`SELECT new_value FROM audit WHERE entity = 'round' AND entity_id = ? AND action = 'copy'`).pluck().get(made.roundId) as string;
      expect(JSON.parse(copy)).toMatchObject({ fromRoundId: r2025, households: 2, requestsOnly: true });
    } finally {
      core.close();
    }
  });

  it('starts empty with no open request; a periodic round still copies every household', () => {
    const { core, r2025 } = officeDb();
    try {
      const adhoc = createRoundFor(core.db.sqlite, core.registry, { year: 2026, kind: 'adhoc', referenceDate: '2026-04-16', fromRoundId: r2025 }, 'test');
      expect(adhoc.households).toBe(0);
      expect(codesIn(core, adhoc.roundId)).toEqual([]);
      const periodic = createRoundFor(core.db.sqlite, core.registry, { year: 2026, kind: 'periodic', fromRoundId: r2025 }, 'test');
      expect(periodic.households).toBe(4);
    } finally {
      core.close();
    }
  });

  it('accepting a request copies its household into the ad hoc round, audited, refused in a locked round', async () => {
    const { core, communeId, r2025, ids } = officeDb();
    try {
      const { call, send } = apiOf(() => createServices(core));
      const adhoc = createRoundFor(core.db.sqlite, core.registry, { year: 2026, kind: 'adhoc', referenceDate: '2026-05-15' }, 'test');
      expect(adhoc.households).toBe(0);
      const q = await call('requests.add', { communeId, householdId: ids[1]!, form: 'M01', purpose: 'poverty', receivedOn: '2026-05-04', receivedBy: 'Cán bộ xã' });
      // A periodic round is not where a monthly request goes.
      const wrong = await send('requests.accept', { requestId: q.id, roundId: r2025, settledOn: '2026-05-15' });
      expect(wrong.ok).toBe(false);
      if (!wrong.ok) expect(wrong.error.issues?.[0]?.message).toContain('là đợt định kỳ');
      // A locked round refuses (the one lock rule).
      core.db.sqlite.prepare('UPDATE rounds SET locked = 1 WHERE id = ?').run(adhoc.roundId);
      const locked = await send('requests.accept', { requestId: q.id, roundId: adhoc.roundId, settledOn: '2026-05-15' });
      expect(locked.ok).toBe(false);
      if (!locked.ok) expect(locked.error.code).toBe('ROUND_LOCKED');
      expect(codesIn(core, adhoc.roundId)).toEqual([]);
      core.db.sqlite.prepare('UPDATE rounds SET locked = 0 WHERE id = ?').run(adhoc.roundId);

      const done = await call('requests.accept', { requestId: q.id, roundId: adhoc.roundId, settledOn: '2026-05-15' });
      expect(done).toMatchObject({ status: 'accepted', settledOn: '2026-05-15', roundId: adhoc.roundId, copied: true, overdue: false, settledLate: false });
      expect(codesIn(core, adhoc.roundId)).toEqual(['30487-00002']);
      const audit = core.db.sqlite.prepare(`SELECT actor, action, old_value, new_value, unit_id FROM audit WHERE entity = 'adhoc_request' AND entity_id = ? ORDER BY id`).all(q.id) as {
        actor: string;
        action: string;
        old_value: string | null;
        new_value: string;
        unit_id: number;
      }[];
      expect(audit.map((r) => r.action)).toEqual(['create', 'accept']);
      expect(audit[1]!.actor).toBe('cán bộ xã');
      expect(audit[1]!.unit_id).toBe(communeId);
      expect(JSON.parse(audit[1]!.old_value!)).toMatchObject({ status: 'open' });
      expect(JSON.parse(audit[1]!.new_value)).toMatchObject({ status: 'accepted', roundId: adhoc.roundId, copied: true });
      // Settled once only.
      const again = await send('requests.refuse', { requestId: q.id, settledOn: '2026-05-16', reasons: ['x'] });
      expect(again.ok).toBe(false);
      if (!again.ok) expect(again.error.issues?.[0]?.message).toMatch(/đã được giải quyết ngày 15\/05\/2026/u);
    } finally {
      core.close();
    }
  });
});
