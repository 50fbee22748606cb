/**
 * The demo's 2025 round on the map of 1/7/2025 (issue 11, item 8): Châu Phú's 13 communes became
 * Châu Phú, Mỹ Đức, Vĩnh Thạnh Trung, Thạnh Mỹ Tây and Bình Mỹ, in An Giang (91). Each 2025
 * household continues a 2023 household (same code, same people) moved to its new commune and to
 * the village of the old village's name, or is new; a few 2023 households are gone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../electron/core/db/connection';
import { buildDemo, type DemoSummary } from '../../electron/core/demo/generate';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { villageOnNewMap } from '../../electron/core/reform/map';
import { getOffice } from '../../electron/core/units/office';
import { villageArea } from '../../electron/core/units/villages';
import { communesUnderScope, readUnitFile } from '../../electron/core/units/units';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const HOUSEHOLDS = 2000;
const NEW_COMMUNES = ['30463', '30469', '30478', '30481', '30487'];

let tmp: string;
let db: Db;
let summary: DemoSummary;

const all = <T>(sql: string, ...params: unknown[]): T[] => db.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]): T => db.sqlite.prepare(sql).get(...params) as T;
const roundOf = (year: number): { id: number; scope_unit_id: number; unit_map_date: string } =>
  one('SELECT id, scope_unit_id, unit_map_date FROM rounds WHERE year = ?', year);

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-demo2025-'));
  db = openDatabase(path.join(tmp, 'demo.sqlite'));
  summary = buildDemo(
    db.sqlite,
    loadRuleSets([path.join(ROOT, 'resources', 'standards')]),
    readUnitFile(path.join(ROOT, 'resources', 'units', 'an-giang-chau-phu.json')),
    { households: HOUSEHOLDS, seed: 5 },
  );
});

afterAll(() => {
  db?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the demo’s 2025 round on the new map', () => {
  it('is a periodic round of the province An Giang (91) on the map after 1/7/2025, under the rule set valid then', () => {
    const r = one<{ year: number; kind: string; rule_set_id: string; unit_map_date: string; reference_date: string; code: string; level: string; valid_from: string }>(
      `SELECT r.year, r.kind, r.rule_set_id, r.unit_map_date, r.reference_date, u.code, u.level, u.valid_from
       FROM rounds r JOIN units u ON u.id = r.scope_unit_id WHERE r.year = 2025`,
    );
    expect(r).toMatchObject({ year: 2025, kind: 'periodic', rule_set_id: 'vn-2022-2026', code: '91', level: 'province', valid_from: '2025-07-01' });
    expect(r.unit_map_date >= '2025-07-01').toBe(true);
    expect(summary.rounds.map((x) => x.year)).toEqual([2022, 2023, 2025]);
    // The same size as the 2023 round, give or take the leavers and the new households.
    const n = summary.rounds[2]!.households;
    expect(n).toBe(one<{ n: number }>('SELECT COUNT(*) n FROM households WHERE round_id = ?', roundOf(2025).id).n);
    expect(Math.abs(n - HOUSEHOLDS)).toBeLessThan(HOUSEHOLDS * 0.05);
  });

  it('keeps the khóm of old thị trấn Cái Dầu thành thị on the new map, as each village’s own area', () => {
    const khom = db.sqlite
      .prepare(`SELECT v.id FROM units v JOIN units c ON c.id = v.parent_id WHERE v.level = 'village' AND v.type = 'khom' AND c.valid_from >= '2025-07-01'`)
      .pluck()
      .all() as number[];
    expect(khom.length).toBeGreaterThan(0);
    expect(new Set(khom.map((id) => villageArea(db.sqlite, id)))).toEqual(new Set(['urban']));
  });

  it('belongs to an office set up like a real one: the province An Giang (91) of the new map', () => {
    expect(getOffice(db.sqlite)).toMatchObject({ code: '91', level: 'province', fullName: 'Tỉnh An Giang' });
  });

  it('has every household in one of the 5 new communes, in a village of that commune; none in an old commune', () => {
    const rows = all<{ code: string; valid_from: string; parent_level: string; village_parent: number; commune_id: number }>(
      `SELECT c.code, c.valid_from, p.level parent_level, v.parent_id village_parent, h.commune_id
       FROM households h JOIN units c ON c.id = h.commune_id LEFT JOIN units p ON p.id = c.parent_id JOIN units v ON v.id = h.village_id
       WHERE h.round_id = ?`,
      roundOf(2025).id,
    );
    expect(rows.length).toBeGreaterThan(1900);
    expect([...new Set(rows.map((r) => r.code))].sort()).toEqual(NEW_COMMUNES);
    expect(rows.filter((r) => r.valid_from !== '2025-07-01' || r.parent_level !== 'province')).toEqual([]);
    expect(rows.filter((r) => r.village_parent !== r.commune_id)).toEqual([]);
  });

  it('continues 2023 households (same code, same people) or adds new ones; a few 2023 households are gone', () => {
    const [r2023, r2025] = [roundOf(2023).id, roundOf(2025).id];
    const codes2023 = new Set(all<{ code: string }>('SELECT code FROM households WHERE round_id = ?', r2023).map((r) => r.code));
    const rows = all<{ code: string; commune: string }>(
      'SELECT h.code, c.code commune FROM households h JOIN units c ON c.id = h.commune_id WHERE h.round_id = ?',
      r2025,
    );
    const fresh = rows.filter((r) => !codes2023.has(r.code));
    const gone = [...codes2023].filter((c) => !rows.some((r) => r.code === c));
    expect(fresh.length).toBeGreaterThan(5);
    expect(gone.length).toBeGreaterThan(5);
    // A new household is numbered by its new commune, above every number that commune's code ever carried.
    const highest = new Map<string, number>();
    for (const r of all<{ code: string }>('SELECT code FROM households WHERE round_id <> ?', r2025)) {
      const [prefix, no] = r.code.split('-') as [string, string];
      highest.set(prefix, Math.max(highest.get(prefix) ?? 0, Number(no)));
    }
    for (const f of fresh) {
      const [prefix, no] = f.code.split('-') as [string, string];
      expect(prefix).toBe(f.commune);
      expect(Number(no)).toBeGreaterThan(highest.get(prefix) ?? 0);
    }
    // The people go on: the same person keys, names and birth dates, a few born or gone.
    const pairs = one<{ same: number; households: number }>(
      `SELECT COUNT(*) households, SUM(a.member_count = b.member_count AND NOT EXISTS (
           SELECT 1 FROM members mb WHERE mb.household_id = b.id AND NOT EXISTS (
             SELECT 1 FROM members ma WHERE ma.household_id = a.id AND ma.person_key = mb.person_key AND ma.full_name = mb.full_name AND ma.birth_date IS mb.birth_date))) same
       FROM households a JOIN households b ON b.code = a.code AND b.round_id = ? WHERE a.round_id = ?`,
      r2025,
      r2023,
    );
    expect(pairs.households).toBe(rows.length - fresh.length);
    expect(pairs.same / pairs.households).toBeGreaterThan(0.85);
    const strangers = one<{ n: number }>(
      `SELECT COUNT(*) n FROM members mb JOIN households b ON b.id = mb.household_id JOIN households a ON a.code = b.code AND a.round_id = ?
       WHERE b.round_id = ? AND NOT EXISTS (SELECT 1 FROM members ma WHERE ma.household_id = a.id AND ma.person_key = mb.person_key)
         AND mb.birth_date < '2023-09-01'`,
      r2023,
      r2025,
    ).n;
    expect(strangers).toBe(0); // only babies born since 2023 are new in a continuing household
  });

  it('moves each continuing household to the commune its old commune became, into the village of the old village’s name', () => {
    const rows = all<{ code: string; old_commune: string; old_name: string; new_commune: string; mapped: string; old_village: string; new_village: string; old_type: string; new_type: string }>(
      `SELECT b.code, oc.code old_commune, oc.name old_name, nc.code new_commune,
         (SELECT u.code FROM unit_map m JOIN units u ON u.id = m.new_unit_id WHERE m.old_unit_id = a.commune_id) mapped,
         ov.name old_village, nv.name new_village, ov.type old_type, nv.type new_type
       FROM households a JOIN households b ON b.code = a.code AND b.round_id = ?
       JOIN units oc ON oc.id = a.commune_id JOIN units nc ON nc.id = b.commune_id
       JOIN units ov ON ov.id = a.village_id JOIN units nv ON nv.id = b.village_id
       WHERE a.round_id = ?`,
      roundOf(2025).id,
      roundOf(2023).id,
    );
    expect(rows.length).toBeGreaterThan(1900);
    expect(rows.filter((r) => r.new_commune !== r.mapped)).toEqual([]);
    expect(rows.filter((r) => r.new_village !== r.old_village && r.new_village !== `${r.old_village} (${r.old_name} cũ)`)).toEqual([]);
    expect(rows.filter((r) => r.new_type !== r.old_type)).toEqual([]);
    // The app's own rule across the reform (reform/map.ts) finds the same village for each old one.
    const moves = all<{ old_village: number; commune: number; village: number }>(
      `SELECT DISTINCT a.village_id old_village, b.commune_id commune, b.village_id village FROM households a
       JOIN households b ON b.code = a.code AND b.round_id = ? WHERE a.round_id = ?`,
      roundOf(2025).id,
      roundOf(2023).id,
    );
    expect(moves.filter((m) => villageOnNewMap(db.sqlite, m.old_village, m.commune) !== m.village)).toEqual([]);
    // Old Bình Thủy (30490) and Bình Chánh (30499) are in Bình Mỹ (30487).
    expect(new Set(rows.filter((r) => r.old_commune === '30490' || r.old_commune === '30499').map((r) => r.new_commune))).toEqual(new Set(['30487']));
  });

  it('keeps apart two villages of the same name from two old communes: "Ấp X (Bình Thủy cũ)"', () => {
    const villages = all<{ commune: string; name: string; n: number }>(
      `SELECT c.code commune, v.name, COUNT(*) n FROM units v JOIN units c ON c.id = v.parent_id
       WHERE v.level = 'village' AND c.valid_from = '2025-07-01' GROUP BY c.id, v.name`,
    );
    expect(villages.filter((v) => v.n > 1)).toEqual([]);
    expect(villages.some((v) => / \(.+ cũ\)$/u.test(v.name))).toBe(true);
    // Every old village has its place on the new map: as many villages on the new map as on the old.
    expect(summary.newVillages).toBe(villages.length);
    expect(summary.newVillages).toBe(summary.villages);
  });

  it('counts per new commune: the households of its old communes in 2023, less those gone, plus the new', () => {
    const [r2023, r2025] = [roundOf(2023).id, roundOf(2025).id];
    const rows = all<{ code: string; n2025: number; from2023: number; stayed: number; fresh: number }>(
      `SELECT nc.code,
         (SELECT COUNT(*) FROM households b WHERE b.round_id = $r2025 AND b.commune_id = nc.id) n2025,
         (SELECT COUNT(*) FROM households a JOIN unit_map m ON m.old_unit_id = a.commune_id WHERE a.round_id = $r2023 AND m.new_unit_id = nc.id) from2023,
         (SELECT COUNT(*) FROM households a JOIN unit_map m ON m.old_unit_id = a.commune_id
            WHERE a.round_id = $r2023 AND m.new_unit_id = nc.id AND EXISTS (SELECT 1 FROM households b WHERE b.round_id = $r2025 AND b.code = a.code)) stayed,
         (SELECT COUNT(*) FROM households b WHERE b.round_id = $r2025 AND b.commune_id = nc.id
            AND NOT EXISTS (SELECT 1 FROM households a WHERE a.round_id = $r2023 AND a.code = b.code)) fresh
       FROM units nc WHERE nc.level = 'commune' AND nc.valid_from = '2025-07-01' ORDER BY nc.code`,
      { r2023, r2025 },
    );
    expect(rows.map((r) => r.code)).toEqual(NEW_COMMUNES);
    for (const r of rows) {
      expect(r.n2025, r.code).toBe(r.stayed + r.fresh);
      expect(r.stayed, r.code).toBeLessThan(r.from2023);
      expect(r.from2023 - r.stayed, r.code).toBeLessThan(r.from2023 * 0.05);
    }
  });

  it('is seen on the review screen as the 5 new communes (communesUnderScope), with all its households', () => {
    const r = roundOf(2025);
    const communes = communesUnderScope(db.sqlite, r.scope_unit_id, r.id, r.unit_map_date);
    expect(communes.map((c) => c.code).sort()).toEqual(NEW_COMMUNES);
    expect(communes.map((c) => c.fullName).sort()).toEqual(['Xã Bình Mỹ', 'Xã Châu Phú', 'Xã Mỹ Đức', 'Xã Thạnh Mỹ Tây', 'Xã Vĩnh Thạnh Trung']);
    expect(communes.reduce((n, c) => n + c.householdCount, 0)).toBe(summary.rounds[2]!.households);
    // The old rounds still show the 13 old communes.
    const old = roundOf(2023);
    expect(communesUnderScope(db.sqlite, old.scope_unit_id, old.id, old.unit_map_date)).toHaveLength(13);
  });

  it('classifies the 2025 round, with transitions from 2023 found across the reform', () => {
    const rows = all<{ transition: string | null; n: number }>(
      `SELECT res.transition, COUNT(*) n FROM households h JOIN results res ON res.household_id = h.id WHERE h.round_id = ? GROUP BY 1`,
      roundOf(2025).id,
    );
    const byTransition = Object.fromEntries(rows.map((r) => [r.transition ?? 'none', r.n]));
    expect(rows.reduce((n, r) => n + r.n, 0)).toBe(summary.rounds[2]!.households);
    expect(byTransition.same).toBeGreaterThan(20);
    expect(byTransition.new).toBeGreaterThan(0);
  });
});
