/**
 * The queue of a divided commune (issue 11, item 4): an old commune split between two new ones
 * (a synthetic unit file, test/fixtures/reform-divided-units.json). Its households wait, by
 * village, until the officer assigns each village to one new commune; the assignment copies them
 * into the round, and the choice is remembered for the next round. No household is dropped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { insertHouseholds } from '../../electron/core/households/write';
import { createRound } from '../../electron/core/rounds/rounds';
import { OFFICE_SETTING } from '../../electron/core/units/office';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { apiOf } from '../fixtures/api';
import { household, member } from '../fixtures/small-db';
import { REPO, tempDir } from '../helpers';

const dir = tempDir('rasoat-reform-queue-');
let core: Core;
let services: Services;
const { call, send } = apiOf(() => services);
const sqlite = () => core.db.sqlite;

const OLD = '2024-09-01';
const NEW = '2026-01-01';
let round2024: number;
const v: Record<string, number> = {};
const u: Record<string, number> = {};

const START = { year: 2026, title: 'Rà soát định kỳ năm 2026', ruleSetId: 'vn-2022-2026', unitMapDate: NEW, referenceDate: NEW } as const;
const placed = (roundId: number) =>
  sqlite()
    .prepare(
      `SELECT h.code, c.code AS commune, v.name AS village FROM households h JOIN units c ON c.id = h.commune_id
       LEFT JOIN units v ON v.id = h.village_id WHERE h.round_id = ? ORDER BY h.code`,
    )
    .all(roundId) as { code: string; commune: string; village: string | null }[];

beforeAll(() => {
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: path.join(REPO, 'resources'), actor: 'cán bộ xã' });
  services = createServices(core);
  loadUnits(sqlite(), readUnitFile(path.join(REPO, 'test', 'fixtures', 'reform-divided-units.json')));
  for (const code of ['998', '99901', '99902']) u[code] = unitIdAt(sqlite(), code, OLD)!;
  for (const code of ['97', '99910', '99920']) u[code] = unitIdAt(sqlite(), code, NEW)!;
  v.chiaMot = addVillage(sqlite(), u['99901']!, '99901-01', 'Thôn Một', 'thon');
  v.chiaHai = addVillage(sqlite(), u['99901']!, '99901-02', 'Thôn Hai', 'thon');
  v.gopMot = addVillage(sqlite(), u['99902']!, '99902-01', 'Thôn Một', 'thon');
  round2024 = createRound(
    sqlite(),
    { year: 2024, kind: 'periodic', title: 'Rà soát định kỳ năm 2024', ruleSetId: 'vn-2022-2026', unitMapDate: OLD, referenceDate: OLD, scopeUnitId: u['998']! },
    'test',
  );
  const hh = (code: string, commune: string, village: number) => household(code, u[commune]!, village, 120, ['water'], [member(1, `Chủ hộ ${code}`)]);
  insertHouseholds(sqlite(), round2024, [
    hh('99901-00001', '99901', v.chiaMot),
    hh('99901-00002', '99901', v.chiaMot),
    hh('99901-00003', '99901', v.chiaHai),
    hh('99902-00001', '99902', v.gopMot),
  ]);
});

afterAll(() => {
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a divided commune', () => {
  let round2026: number;

  it('keeps its households waiting, by village, and copies the merged commune’s', async () => {
    const started = await call('rounds.start', { fromRoundId: round2024, ...START });
    round2026 = started.roundId;
    expect(started).toMatchObject({ households: 1, waiting: 3 });
    expect(placed(round2026)).toEqual([{ code: '99902-00001', commune: '99910', village: 'Thôn Một' }]);
    const queue = await call('reform.queue', { roundId: round2026 });
    expect(queue.total).toBe(3);
    expect(queue.outside).toEqual([]);
    expect(queue.waiting.map((w) => [w.oldCommune.fullName, w.oldVillage?.fullName, w.households, w.candidates.map((c) => c.fullName)])).toEqual([
      ['Xã Cũ Chia', 'Thôn Hai', 1, ['Xã Mới Đông', 'Xã Mới Tây']],
      ['Xã Cũ Chia', 'Thôn Một', 2, ['Xã Mới Đông', 'Xã Mới Tây']],
    ]);
  });

  it('moves a village’s households where the officer assigns it, kept apart from a village of the same name', async () => {
    const one = await call('reform.assign', { roundId: round2026, oldCommuneId: u['99901']!, oldVillageId: v.chiaMot!, newCommuneId: u['99910']! });
    expect(one).toMatchObject({ copied: 2, outside: false, newVillage: { fullName: 'Thôn Một (Cũ Chia cũ)' } });
    const two = await call('reform.assign', { roundId: round2026, oldCommuneId: u['99901']!, oldVillageId: v.chiaHai!, newCommuneId: u['99920']! });
    expect(two).toMatchObject({ copied: 1, newVillage: { fullName: 'Thôn Hai' } });
    expect(placed(round2026)).toEqual([
      { code: '99901-00001', commune: '99910', village: 'Thôn Một (Cũ Chia cũ)' },
      { code: '99901-00002', commune: '99910', village: 'Thôn Một (Cũ Chia cũ)' },
      { code: '99901-00003', commune: '99920', village: 'Thôn Hai' },
      { code: '99902-00001', commune: '99910', village: 'Thôn Một' },
    ]);
    expect(await call('reform.queue', { roundId: round2026 })).toMatchObject({ total: 0, waiting: [], outside: [] });
    const audit = sqlite().prepare(`SELECT actor FROM audit WHERE action = 'reform_assign'`).pluck().all();
    expect(audit).toEqual(['cán bộ xã', 'cán bộ xã']);
  });

  it('assigns a village once, and refuses a commune the old one was not divided into', async () => {
    const again = await send('reform.assign', { roundId: round2026, oldCommuneId: u['99901']!, oldVillageId: v.chiaMot!, newCommuneId: u['99920']! });
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.error.issues?.[0]?.message).toContain('đã được giao cho Xã Mới Đông');
    const merged = await send('reform.assign', { roundId: round2026, oldCommuneId: u['99902']!, oldVillageId: v.gopMot!, newCommuneId: u['99910']! });
    expect(merged.ok).toBe(false);
    if (!merged.ok) expect(merged.error.issues?.[0]?.message).toContain('không bị chia');
  });

  it('remembers the choice for the next round: nothing waits', async () => {
    const next = await call('rounds.start', { fromRoundId: round2024, ...START, kind: 'adhoc', title: 'Rà soát đột xuất năm 2026' });
    expect(next).toMatchObject({ households: 4, waiting: 0 });
    expect(placed(next.roundId)).toEqual(placed(round2026));
  });

  it('keeps households of a commune outside the office’s unit in the queue, shown, never dropped', async () => {
    // A commune office (Mới Tây): households that went to Mới Đông are not its own.
    sqlite().prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(OFFICE_SETTING, String(u['99920']));
    const round = await call('rounds.start', { fromRoundId: round2024, ...START, year: 2027, title: 'Rà soát định kỳ năm 2027' });
    expect(round).toMatchObject({ households: 1, waiting: 3 });
    expect(placed(round.roundId)).toEqual([{ code: '99901-00003', commune: '99920', village: 'Thôn Hai' }]);
    const queue = await call('reform.queue', { roundId: round.roundId });
    expect(queue.waiting).toEqual([]);
    expect(queue.outside.map((o) => [o.oldVillage?.fullName, o.newCommune?.fullName, o.households])).toEqual([
      ['Thôn Một', 'Xã Mới Đông', 2],
      ['Thôn Một', 'Xã Mới Đông', 1],
    ]);
  });
});
