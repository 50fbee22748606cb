/**
 * Across the 1/7/2025 reform (issue 11, items 4–5): households of old Bình Thủy (30490) and Bình
 * Chánh (30499), keyed in a 2024 round on the old map, are carried to a 2026 round on the new map
 * by the app's own services: each is in the new Bình Mỹ (30487), in the village of its old name
 * (kept apart when both old communes had a village of that name), its 2026 record tied to its 2024
 * one (history, transition, the previous record), and the 2026 documents are those of the new map.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { loadContext } from '../../electron/core/documents/context';
import { previousRecord, householdRecord } from '../../electron/core/documents/records';
import { renderDocument } from '../../electron/core/documents/render';
import { transitionTables, TRANSITION_WIDTH } from '../../electron/core/documents/queries';
import { insertHouseholds } from '../../electron/core/households/write';
import { classifyRound } from '../../electron/core/rounds/classify';
import { createRound } from '../../electron/core/rounds/rounds';
import { addVillage, loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { apiOf } from '../fixtures/api';
import { b2, household, member } from '../fixtures/small-db';
import { reclassified, RESOURCES, tempDir } from '../helpers';
import { pdfText, squash } from './documents-pdf';

const dir = tempDir('rasoat-reform-');
let core: Core;
let services: Services;
const { call, send } = apiOf(() => services);
const sqlite = () => core.db.sqlite;

const OLD = '2024-09-01';
const NEW = '2026-01-01';
const POOR = ['water', 'sanitation', 'housingQuality'];
let round2024: number;
let round2026: number;
let binhMyNew: number;
const oldVillages: Record<string, number> = {};

/** 2024 households: [code, old commune code, old village key, score A, deprivations]. */
const HOUSEHOLDS: [string, string, string, number, string[]][] = [
  ['30490-00001', '30490', 'thuy-hoa', 120, POOR],
  ['30490-00002', '30490', 'thuy-hoa', 200, []],
  ['30490-00003', '30490', 'thuy-thoi', 118, POOR],
  ['30499-00001', '30499', 'chanh-hoa', 125, POOR],
  ['30499-00002', '30499', 'chanh-1', 130, ['water']],
  ['30487-00001', '30487', 'my-hung', 110, POOR],
];
/** Old village → the name of its village in the new Bình Mỹ. */
const EXPECTED_VILLAGE: Record<string, string> = {
  'thuy-hoa': 'Bình Hòa (Bình Thủy cũ)',
  'chanh-hoa': 'Bình Hoà (Bình Chánh cũ)',
  'thuy-thoi': 'Bình Thới',
  'chanh-1': 'Bình Chánh 1',
  'my-hung': 'Bình Hưng',
};

const rowsOf = (roundId: number) =>
  sqlite()
    .prepare(
      `SELECT h.id, h.code, c.code AS communeCode, c.valid_from AS communeFrom, v.name AS village, v.parent_id AS villageParent, h.commune_id AS communeId
       FROM households h JOIN units c ON c.id = h.commune_id LEFT JOIN units v ON v.id = h.village_id WHERE h.round_id = ? ORDER BY h.code`,
    )
    .all(roundId) as { id: number; code: string; communeCode: string; communeFrom: string; village: string; villageParent: number; communeId: number }[];

beforeAll(async () => {
  core = new Core({ dbPath: path.join(dir, 'rasoat.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã' });
  services = createServices(core);
  loadUnits(sqlite(), readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  const at = (code: string) => unitIdAt(sqlite(), code, OLD)!;
  // "Bình Hòa" in both old communes (written with the old and the new tone-mark placement).
  oldVillages['thuy-hoa'] = addVillage(sqlite(), at('30490'), '30490-01', 'Bình Hòa', 'ap');
  oldVillages['thuy-thoi'] = addVillage(sqlite(), at('30490'), '30490-02', 'Bình Thới', 'ap');
  oldVillages['chanh-hoa'] = addVillage(sqlite(), at('30499'), '30499-01', 'Bình Hoà', 'ap');
  oldVillages['chanh-1'] = addVillage(sqlite(), at('30499'), '30499-02', 'Bình Chánh 1', 'ap');
  oldVillages['my-hung'] = addVillage(sqlite(), at('30487'), '30487-01', 'Bình Hưng', 'ap');
  round2024 = createRound(
    sqlite(),
    { year: 2024, kind: 'periodic', title: 'Rà soát định kỳ năm 2024', ruleSetId: 'vn-2022-2026', unitMapDate: OLD, referenceDate: OLD, scopeUnitId: at('889') },
    'test',
  );
  insertHouseholds(
    sqlite(),
    round2024,
    HOUSEHOLDS.map(([code, commune, village, score, deprived]) =>
      household(code, at(commune), oldVillages[village]!, score, deprived, [member(1, `Chủ hộ ${code}`, { idNumber: `0890800${code.slice(-5)}` }), member(2, `Con ${code}`)]),
    ),
  );
  classifyRound(sqlite(), core.registry, round2024, { actor: 'test' });
  binhMyNew = unitIdAt(sqlite(), '30487', NEW)!;
  const started = await call('rounds.start', { fromRoundId: round2024, year: 2026, title: 'Rà soát định kỳ năm 2026', ruleSetId: 'vn-2022-2026', unitMapDate: NEW, referenceDate: NEW });
  round2026 = started.roundId;
  expect(started.households).toBe(HOUSEHOLDS.length);
});

afterAll(async () => {
  await core.jobs.close();
  core.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('a 2026 round from a 2024 round on the old map', () => {
  it('puts every household in the new Bình Mỹ (30487), in the village named as its old one', () => {
    const rows = rowsOf(round2026);
    expect(rows.map((r) => r.code)).toEqual(HOUSEHOLDS.map(([code]) => code).sort());
    for (const r of rows) {
      expect(r.communeId, r.code).toBe(binhMyNew);
      expect(r.villageParent, r.code).toBe(binhMyNew);
      const village = HOUSEHOLDS.find(([code]) => code === r.code)![2];
      expect(r.village, r.code).toBe(EXPECTED_VILLAGE[village]);
    }
    // Two old villages of the same name stay two villages.
    expect(new Set(rows.map((r) => r.village)).size).toBe(5);
  });

  it('remembers each old village → new village, and the round covers the province of the new map', () => {
    const map = sqlite()
      .prepare('SELECT m.old_village_id AS old, v.name, v.parent_id AS parent FROM reform_village_map m JOIN units v ON v.id = m.new_village_id')
      .all() as { old: number; name: string; parent: number }[];
    expect(map).toHaveLength(5);
    for (const [key, id] of Object.entries(oldVillages)) expect(map.find((m) => m.old === id)?.name, key).toBe(EXPECTED_VILLAGE[key]);
    const scope = sqlite().prepare('SELECT u.code FROM rounds r JOIN units u ON u.id = r.scope_unit_id WHERE r.id = ?').pluck().get(round2026);
    expect(scope).toBe('91');
  });

  it('shows the new communes on the review screen, with the households in Bình Mỹ', async () => {
    const communes = await call('units.communes', { roundId: round2026 });
    expect(communes.map((c) => c.code).sort()).toEqual(['30463', '30469', '30478', '30481', '30487']);
    expect(communes.find((c) => c.code === '30487')?.householdCount).toBe(HOUSEHOLDS.length);
    // Each village of the new Bình Mỹ counts the households moved into it.
    const villages = await call('units.villages', { roundId: round2026, communeId: binhMyNew });
    const perVillage = new Map<string, number>();
    for (const r of rowsOf(round2026)) perVillage.set(r.village, (perVillage.get(r.village) ?? 0) + 1);
    expect(new Map(villages.filter((v) => v.householdCount > 0).map((v) => [v.name, v.householdCount]))).toEqual(perVillage);
  });

  it('ties each 2026 household to its 2024 one: history, transition and the previous record', async () => {
    // 2026: the same answers keyed again.
    for (const [code, , , score, deprived] of HOUSEHOLDS) {
      const id = rowsOf(round2026).find((r) => r.code === code)!.id;
      const { form } = await call('entry.form', { householdId: id });
      await call('entry.save', { roundId: round2026, householdId: id, form: { ...form, answers: { ...form.answers, scoreA: score, b2: b2(deprived) } } });
    }
    await reclassified(send, { roundId: round2026 });
    const results = sqlite()
      .prepare(
        `SELECT h.code, r.status, r.transition, p.status AS before FROM households h JOIN results r ON r.household_id = h.id
         JOIN households o ON o.code = h.code AND o.round_id = ? JOIN results p ON p.household_id = o.id WHERE h.round_id = ?`,
      )
      .all(round2024, round2026) as { code: string; status: string; transition: string | null; before: string }[];
    expect(results).toHaveLength(HOUSEHOLDS.length);
    for (const r of results) {
      expect(r.status, r.code).toBe(r.before);
      expect(r.transition, r.code).toBe('same'); // null would mean "no earlier record"
    }
    for (const h of rowsOf(round2026)) {
      const prev = previousRecord(sqlite(), householdRecord(sqlite(), h.id));
      expect(prev?.year, h.code).toBe(2024);
      expect(prev?.code, h.code).toBe(h.code);
    }
  });
});

describe('the 2026 documents follow the new map', () => {
  it('offers the province and its new communes, not the abolished district', async () => {
    const units = await call('documents.units', { roundId: round2026 });
    expect(units[0]).toMatchObject({ code: '91', fullName: 'Tỉnh An Giang', level: 'province' });
    expect(units.slice(1).map((u) => u.code).sort()).toEqual(['30463', '30469', '30478', '30481', '30487']);
    expect(units.map((u) => u.fullName)).not.toContain('Huyện Châu Phú');
  });

  it('the decision is headed by the new Bình Mỹ, of An Giang, with no district', async () => {
    const out = await renderDocument({ dbPath: core.options.dbPath, resourcesDir: RESOURCES, roundId: round2026, unitId: binhMyNew }, 'M02');
    const file = path.join(dir, 'M02-2026.pdf');
    fs.writeFileSync(file, out.pdf);
    const t = squash(pdfText(file));
    expect(t).toContain('ỦY BAN NHÂN DÂN XÃ BÌNH MỸ');
    expect(t).toContain('An Giang');
    expect(t).not.toMatch(/huyện|Châu Phú/iu);
  });

  it('a unit of the old map asked for a 2026 document is read on the round’s map', () => {
    const oldBinhThuy = unitIdAt(sqlite(), '30490', OLD)!;
    const ctx = loadContext(sqlite(), round2026, oldBinhThuy);
    expect(ctx.commune?.id).toBe(binhMyNew);
    expect(ctx.province?.code).toBe('91');
    expect(ctx.district).toBeNull();
    const district = loadContext(sqlite(), round2026, unitIdAt(sqlite(), '889', OLD)!);
    expect(district.unit.code).toBe('91');
    expect(district.communes.map((c) => c.code).sort()).toEqual(['30463', '30469', '30478', '30481', '30487']);
  });
});

describe('the 2026 report tables count the old communes’ households in the new one', () => {
  it('a 2024 poor household of old Bình Thủy that no 2026 household continues is a "khác giảm" of Bình Mỹ', () => {
    const at = (code: string) => unitIdAt(sqlite(), code, OLD)!;
    // Keyed late in 2024, after the 2026 round was started: nothing in 2026 continues it.
    insertHouseholds(sqlite(), round2024, [household('30490-00099', at('30490'), oldVillages['thuy-thoi']!, 100, POOR, [member(1, 'Chủ hộ đã đi'), member(2, 'Vợ chủ hộ đã đi')])]);
    classifyRound(sqlite(), core.registry, round2024, { actor: 'test' });
    const poor2024 = sqlite()
      .prepare("SELECT COUNT(*) FROM households h JOIN results r ON r.household_id = h.id WHERE h.round_id = ? AND r.status = 'poor'")
      .pluck()
      .get(round2024) as number;
    expect(poor2024).toBeGreaterThan(1);
    const poor = transitionTables(sqlite(), round2026, [binhMyNew]).poor.get(binhMyNew)!;
    // Column 0: the poor at the start (every 2024 poor household of the three old communes); 3: other decreases.
    expect(poor[0]).toBe(poor2024);
    expect(poor[3]).toBe(1);
    expect(poor[TRANSITION_WIDTH + 3]).toBe(2);
  });
});
