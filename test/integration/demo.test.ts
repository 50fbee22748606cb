/**
 * The synthetic demo district, built into real SQLite files: its shape (rounds, units, codes),
 * its realism (shares, names, ID numbers, rosters agreeing with the forms) and its determinism.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CAUSES } from '../../shared/domain/causes';
import type { Member } from '../../shared/domain/household';
import { deriveIndicators } from '../../shared/engine/derive';
import { openDatabase, type Db } from '../../electron/core/db/connection';
import { buildDemo, type DemoSummary } from '../../electron/core/demo/generate';
import { loadRuleSets } from '../../electron/core/rulesets/load';
import { readUnitFile } from '../../electron/core/units/units';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const registry = loadRuleSets([path.join(ROOT, 'resources', 'standards')]);
const unitFile = readUnitFile(path.join(ROOT, 'resources', 'units', 'an-giang-chau-phu.json'));
const ruleSet = registry.require('vn-2022-2026');
const HOUSEHOLDS = 2000;

let tmp: string;
let db: Db;
let summary: DemoSummary;
const progress: [number, number][] = [];

function build(name: string, seed: number, onProgress?: (done: number, total: number) => void): { db: Db; summary: DemoSummary } {
  const opened = openDatabase(path.join(tmp, name));
  return { db: opened, summary: buildDemo(opened.sqlite, registry, unitFile, { households: HOUSEHOLDS, seed, onProgress }) };
}

const all = <T>(sql: string, ...params: unknown[]): T[] => db.sqlite.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]): T => db.sqlite.prepare(sql).get(...params) as T;
const roundId = (year: number): number => one<{ id: number }>('SELECT id FROM rounds WHERE year = ?', year).id;

/** Everything a user could see of a district, without ids or timestamps. */
function content(d: Db): string {
  const q = (sql: string): unknown[] => d.sqlite.prepare(sql).raw().all();
  return JSON.stringify([
    q(`SELECT r.year, h.code, c.code, v.code, v.name, h.address, h.area, h.ethnic_minority, h.no_working_capacity, h.merit_person,
         h.female_head, h.head_name, h.head_sort, h.head_id_number, h.member_count, h.search_text
       FROM households h JOIN rounds r ON r.id = h.round_id JOIN units c ON c.id = h.commune_id LEFT JOIN units v ON v.id = h.village_id
       ORDER BY r.year, h.code`),
    q(`SELECT r.year, h.code, m.seq, m.person_key, m.full_name, m.sex, m.birth_date, m.id_number, m.relation, m.ethnicity,
         m.health_insurance, m.schooling, m.education, m.employment, m.disability, m.working_capacity, m.nutrition
       FROM members m JOIN households h ON h.id = m.household_id JOIN rounds r ON r.id = h.round_id ORDER BY r.year, h.code, m.seq`),
    q(`SELECT r.year, h.code, a.score_a, a.b2, a.monthly_income, res.status, res.transition, res.deprived
       FROM households h JOIN rounds r ON r.id = h.round_id JOIN answers a ON a.household_id = h.id
       LEFT JOIN results res ON res.household_id = h.id ORDER BY r.year, h.code`),
    q(`SELECT r.year, h.code, c.cause FROM household_causes c JOIN households h ON h.id = c.household_id JOIN rounds r ON r.id = h.round_id
       ORDER BY r.year, h.code, c.cause`),
  ]);
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rasoat-'));
  ({ db, summary } = build('demo.sqlite', 1, (done, total) => progress.push([done, total])));
});

afterAll(() => {
  db?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the demo district', () => {
  it('ends with the very indexes the migrations make (they are rebuilt after the bulk load)', () => {
    const fresh = openDatabase(path.join(tmp, 'fresh.sqlite'));
    const indexes = (d: Db) => d.sqlite.prepare("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
    expect(indexes(db)).toEqual(indexes(fresh));
    expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
    fresh.close();
  });

  it('has the 2022 and 2023 periodic rounds of Châu Phú on the map before 1/7/2025, and 2025 of An Giang on the new map, under vn-2022-2026', () => {
    const rounds = all<{ year: number; kind: string; title: string; rule_set_id: string; unit_map_date: string; reference_date: string; code: string }>(
      `SELECT r.year, r.kind, r.title, r.rule_set_id, r.unit_map_date, r.reference_date, u.code
       FROM rounds r JOIN units u ON u.id = r.scope_unit_id ORDER BY r.year`,
    );
    expect(rounds).toEqual([
      { year: 2022, kind: 'periodic', title: 'Rà soát định kỳ năm 2022', rule_set_id: 'vn-2022-2026', unit_map_date: '2022-09-01', reference_date: '2022-09-01', code: '889' },
      { year: 2023, kind: 'periodic', title: 'Rà soát định kỳ năm 2023', rule_set_id: 'vn-2022-2026', unit_map_date: '2023-09-01', reference_date: '2023-09-01', code: '889' },
      { year: 2025, kind: 'periodic', title: 'Rà soát định kỳ năm 2025', rule_set_id: 'vn-2022-2026', unit_map_date: '2025-10-01', reference_date: '2025-10-01', code: '91' },
    ]);
    expect(summary.rounds.map((r) => r.year)).toEqual([2022, 2023, 2025]);
    expect(summary.rounds[1]!.households).toBe(HOUSEHOLDS);
    expect(summary.households).toBe(HOUSEHOLDS);
    expect(one<{ n: number }>('SELECT COUNT(*) n FROM households WHERE round_id = ?', roundId(2023)).n).toBe(HOUSEHOLDS);
    expect(summary.members).toBe(one<{ n: number }>('SELECT SUM(member_count) n FROM households WHERE round_id = ?', roundId(2023)).n);
  });

  it('spreads the households over the 13 communes, each with 6 to 14 ấp or khóm, codes derived from the commune code', () => {
    const communes = all<{ code: string; type: string; households: number; villages: number }>(
      `SELECT c.code, c.type, COUNT(*) households,
         (SELECT COUNT(*) FROM units v WHERE v.parent_id = c.id AND v.level = 'village') villages
       FROM households h JOIN units c ON c.id = h.commune_id WHERE h.round_id = ? GROUP BY c.id ORDER BY c.code`,
      roundId(2023),
    );
    expect(communes).toHaveLength(13);
    expect(summary.communes).toBe(13);
    for (const c of communes) {
      expect(c.villages).toBeGreaterThanOrEqual(6);
      expect(c.villages).toBeLessThanOrEqual(14);
      // 3,000–7,000 households for 60,000: proportionally 100–233 for 2,000.
      expect(c.households).toBeGreaterThanOrEqual(100);
      expect(c.households).toBeLessThanOrEqual(233);
    }
    expect(summary.villages).toBe(communes.reduce((n, c) => n + c.villages, 0));

    // The villages of the old map (those of the new map: demo-2025.test.ts).
    const villages = all<{ code: string; name: string; type: string; commune: string; communeType: string }>(
      `SELECT v.code, v.name, v.type, c.code commune, c.type communeType FROM units v JOIN units c ON c.id = v.parent_id
       WHERE v.level = 'village' AND c.valid_to IS NOT NULL`,
    );
    expect(villages).toHaveLength(summary.villages);
    for (const v of villages) {
      expect(v.code).toMatch(new RegExp(`^${v.commune}-\\d{2}$`, 'u'));
      expect(v.type).toBe(v.communeType === 'thi_tran' ? 'khom' : 'ap');
      expect(v.name).not.toMatch(/^(Ấp|Khóm|Tổ)\b/u); // the type word comes from the unit type
    }
    expect(villages.map((v) => v.name)).toContain('Châu Long 1');

    // On the old map; in 2025 a household keeps its code in the commune its old commune became.
    const badCodes = all<{ code: string }>(
      `SELECT h.code FROM households h JOIN rounds r ON r.id = h.round_id JOIN units c ON c.id = h.commune_id JOIN units v ON v.id = h.village_id
       WHERE r.year < 2025 AND (h.code NOT GLOB '[0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9]' OR substr(h.code, 1, 5) <> c.code OR v.parent_id <> c.id)`,
    );
    expect(badCodes).toEqual([]);
    const areas = all<{ type: string; area: string }>(
      'SELECT DISTINCT c.type, h.area FROM households h JOIN rounds r ON r.id = h.round_id JOIN units c ON c.id = h.commune_id WHERE r.year < 2025 ORDER BY c.type',
    );
    expect(areas).toEqual([
      { type: 'thi_tran', area: 'urban' },
      { type: 'xa', area: 'rural' },
    ]);
  });

  it('has about 4.2 members per household, 1 to 9, head first then spouse, children, parents, grandchildren', () => {
    const sizes = one<{ avg: number; min: number; max: number }>(
      'SELECT AVG(member_count) avg, MIN(member_count) min, MAX(member_count) max FROM households WHERE round_id = ?',
      roundId(2023),
    );
    expect(sizes.avg).toBeGreaterThan(3.9);
    expect(sizes.avg).toBeLessThan(4.5);
    expect([sizes.min, sizes.max]).toEqual([1, 9]);
    const rank: Record<string, number> = { head: 0, spouse: 1, child: 2, parent: 3, grandchild: 4 };
    const rows = all<{ household_id: number; seq: number; relation: string }>('SELECT household_id, seq, relation FROM members ORDER BY household_id, seq');
    const badOrder = new Set<number>();
    rows.forEach((r, i) => {
      const prev = rows[i - 1];
      const first = prev?.household_id !== r.household_id;
      const ok = first
        ? r.relation === 'head' && r.seq === 1
        : r.seq === prev.seq + 1 && r.relation !== 'head' && rank[r.relation]! >= rank[prev.relation]!;
      if (!ok) badOrder.add(r.household_id);
    });
    expect([...badOrder]).toEqual([]);
  });

  it('has plausible shares in 2023: 3–5 % poor, 4–7 % near-poor, a few middle-income households', () => {
    const share = Object.fromEntries(
      all<{ status: string; share: number }>(
        `SELECT res.status, COUNT(*) * 1.0 / ? share FROM households h JOIN results res ON res.household_id = h.id
         WHERE h.round_id = ? GROUP BY res.status`,
        HOUSEHOLDS,
        roundId(2023),
      ).map((r) => [r.status, r.share]),
    );
    expect(share.poor).toBeGreaterThanOrEqual(0.03);
    expect(share.poor).toBeLessThanOrEqual(0.05);
    expect(share.near_poor).toBeGreaterThanOrEqual(0.04);
    expect(share.near_poor).toBeLessThanOrEqual(0.07);
    expect(share.middle_income).toBeGreaterThan(0);
    expect(share.middle_income).toBeLessThan(0.015);
  });

  it('classifies every household of every round, with the rule set id and version recorded', () => {
    for (const year of [2022, 2023, 2025]) {
      const rows = all<{ rule_set_id: string | null; rule_set_version: string | null }>(
        `SELECT res.rule_set_id, res.rule_set_version FROM households h LEFT JOIN results res ON res.household_id = h.id WHERE h.round_id = ?`,
        roundId(year),
      );
      expect(rows.length).toBeGreaterThan(1900);
      expect(rows.filter((r) => r.rule_set_id !== 'vn-2022-2026' || r.rule_set_version !== ruleSet.version)).toEqual([]);
    }
  });

  it('answers all 12 indicators for every household, score A around 100–250, and poor households have 3 or more deprivations', () => {
    const ids = ruleSet.indicators.value!.map((i) => i.id);
    expect(ids).toHaveLength(12);
    const rows = all<{ code: string; area: string; score_a: number; b2: string; status: string; deprivation_count: number }>(
      `SELECT h.code, h.area, a.score_a, a.b2, res.status, res.deprivation_count
       FROM households h JOIN answers a ON a.household_id = h.id JOIN results res ON res.household_id = h.id`,
    );
    const cutoff = ruleSet.scoreA.value!.cutoff;
    for (const r of rows) {
      const b2 = JSON.parse(r.b2) as Record<string, unknown>;
      expect(Object.keys(b2).sort()).toEqual([...ids].sort());
      expect(Object.values(b2).every((v) => typeof v === 'boolean')).toBe(true);
      expect(r.score_a).toBeGreaterThanOrEqual(80);
      expect(r.score_a).toBeLessThanOrEqual(250);
      const within = r.score_a <= cutoff[r.area as 'rural' | 'urban'];
      if (r.status === 'poor') expect(r.deprivation_count).toBeGreaterThanOrEqual(3);
      expect(within).toBe(r.status === 'poor' || r.status === 'near_poor');
    }
    // Both bounds are inclusive: some households sit exactly on the cut-off.
    expect(rows.some((r) => r.score_a === cutoff[r.area as 'rural' | 'urban'])).toBe(true);
  });

  it('records one to three causes of poverty for the poor and near-poor households, each cause somewhere, none for the others', () => {
    const rows = all<{ status: string; causes: number }>(
      `SELECT res.status, (SELECT COUNT(*) FROM household_causes c WHERE c.household_id = h.id) causes
       FROM households h JOIN results res ON res.household_id = h.id WHERE h.round_id = ?`,
      roundId(2023),
    );
    const poorish = rows.filter((r) => r.status === 'poor' || r.status === 'near_poor');
    expect(poorish.length).toBeGreaterThan(100);
    // The forms are drawn for a status the classification almost always confirms.
    expect(poorish.filter((r) => r.causes >= 1 && r.causes <= 3).length / poorish.length).toBeGreaterThan(0.97);
    expect(rows.filter((r) => r.status !== 'poor' && r.status !== 'near_poor' && r.causes > 0).length / rows.length).toBeLessThan(0.01);
    const used = all<{ cause: string }>('SELECT DISTINCT cause FROM household_causes ORDER BY cause').map((r) => r.cause);
    expect(used).toEqual([...CAUSES].sort());
  });

  it('shows every kind of change between 2022 and 2023, and households that came or went', () => {
    const transitions = new Set(
      all<{ transition: string | null }>(
        'SELECT DISTINCT res.transition FROM households h JOIN results res ON res.household_id = h.id WHERE h.round_id = ?',
        roundId(2023),
      ).map((r) => r.transition),
    );
    for (const t of ['same', 'new', 'exited_to_near_poor', 'exited_above_near_poor', 'near_poor_to_poor', 'exited_near_poor', null]) {
      expect(transitions, `transition ${t}`).toContain(t);
    }
    const only = (year: number, other: number): number =>
      one<{ n: number }>(
        'SELECT COUNT(*) n FROM households h WHERE h.round_id = ? AND NOT EXISTS (SELECT 1 FROM households o WHERE o.round_id = ? AND o.code = h.code)',
        roundId(year),
        roundId(other),
      ).n;
    expect(only(2023, 2022)).toBeGreaterThan(5); // new households
    expect(only(2022, 2023)).toBeGreaterThan(5); // gone households
  });

  it('keeps people from round to round: same personKey, name and ID number, one year older', () => {
    const pairs = all<{ a_name: string; b_name: string; a_id: string | null; b_id: string | null; a_birth: string; b_birth: string }>(
      `SELECT a.full_name a_name, b.full_name b_name, a.id_number a_id, b.id_number b_id, a.birth_date a_birth, b.birth_date b_birth
       FROM members a JOIN households ha ON ha.id = a.household_id
       JOIN households hb ON hb.code = ha.code AND hb.round_id = ? JOIN members b ON b.household_id = hb.id AND b.person_key = a.person_key
       WHERE ha.round_id = ?`,
      roundId(2023),
      roundId(2022),
    );
    expect(pairs.length).toBeGreaterThan(7500);
    for (const p of pairs) {
      expect(p.b_name).toBe(p.a_name);
      expect(p.b_birth).toBe(p.a_birth);
      if (p.a_id !== null) expect(p.b_id).toBe(p.a_id);
    }
    const sameComposition = one<{ n: number }>(
      `SELECT COUNT(*) n FROM households a JOIN households b ON b.code = a.code AND b.round_id = ? WHERE a.round_id = ? AND a.member_count = b.member_count`,
      roundId(2023),
      roundId(2022),
    ).n;
    expect(sameComposition / HOUSEHOLDS).toBeGreaterThan(0.9);
  });

  it('writes Vietnamese names in NFC, with many "Nguyễn Văn …" heads, some "Đào …" and "… Đức"', () => {
    const names = all<{ full_name: string }>('SELECT full_name FROM members').map((r) => r.full_name);
    expect(names.filter((n) => n !== n.normalize('NFC'))).toEqual([]);
    const heads = all<{ head_name: string }>('SELECT head_name FROM households WHERE round_id = ?', roundId(2023)).map((r) => r.head_name);
    expect(heads.filter((h) => h.startsWith('Nguyễn Văn ')).length / heads.length).toBeGreaterThan(0.08);
    expect(heads.some((h) => h.startsWith('Đào '))).toBe(true);
    expect(names.some((n) => n.endsWith(' Đức'))).toBe(true);
  });

  it('has Khmer, Chăm and Hoa households, flagged by the head, and female heads flagged by sex', () => {
    const rows = all<{ ethnicity: string; sex: string; ethnic_minority: number; female_head: number; full_name: string }>(
      `SELECT m.ethnicity, m.sex, h.ethnic_minority, h.female_head, m.full_name FROM households h
       JOIN members m ON m.household_id = h.id AND m.relation = 'head' WHERE h.round_id = ?`,
      roundId(2023),
    );
    const share = (eth: string): number => rows.filter((r) => r.ethnicity === eth).length / rows.length;
    expect(share('Khmer')).toBeGreaterThan(0.01);
    expect(share('Chăm')).toBeGreaterThan(0.004);
    expect(share('Hoa')).toBeGreaterThan(0.004);
    expect(share('Kinh')).toBeGreaterThan(0.9);
    for (const r of rows) {
      expect(r.ethnic_minority).toBe(r.ethnicity === 'Kinh' ? 0 : 1);
      expect(r.female_head).toBe(r.sex === 'female' ? 1 : 0);
      if (r.ethnicity === 'Khmer') expect(r.full_name).toMatch(/^(Chau|Néang) /u);
    }
    const flags = one<{ noWork: number; merit: number }>(
      'SELECT AVG(no_working_capacity) noWork, AVG(merit_person) merit FROM households WHERE round_id = ?',
      roundId(2023),
    );
    expect(flags.noWork).toBeGreaterThan(0.002);
    expect(flags.noWork).toBeLessThan(0.03);
    expect(flags.merit).toBeGreaterThan(0.002);
    expect(flags.merit).toBeLessThan(0.03);
  });

  it('gives 12-digit ID numbers, unique in the district, agreeing with birth year, century and sex', () => {
    const rows = all<{ id_number: string | null; birth_date: string; sex: string; person_key: string }>(
      'SELECT DISTINCT m.id_number, m.birth_date, m.sex, m.person_key FROM members m',
    );
    const numbered = rows.filter((r) => r.id_number !== null);
    const owners = new Map<string, string>();
    const problems: string[] = [];
    for (const r of numbered) {
      const id = r.id_number!;
      const year = Number(r.birth_date.slice(0, 4));
      const centurySex = (Math.floor(year / 100) - 19) * 2 + (r.sex === 'female' ? 1 : 0);
      if (!/^\d{12}$/u.test(id)) problems.push(`${id}: not 12 digits`);
      if (id.slice(4, 6) !== r.birth_date.slice(2, 4)) problems.push(`${id}: born ${r.birth_date}`);
      if (id[3] !== String(centurySex)) problems.push(`${id}: digit 4 for a ${r.sex} born ${year}`);
      if ((owners.get(id) ?? r.person_key) !== r.person_key) problems.push(`${id}: dealt twice`);
      owners.set(id, r.person_key);
    }
    expect(problems).toEqual([]);
    expect(numbered.filter((r) => r.id_number!.startsWith('089')).length / numbered.length).toBeGreaterThan(0.85);
    const yearOnly = rows.filter((r) => /^\d{4}$/u.test(r.birth_date)).length / rows.length;
    expect(yearOnly).toBeGreaterThan(0.01);
    expect(yearOnly).toBeLessThan(0.06);
    expect(rows.some((r) => r.id_number === null)).toBe(true);
  });

  it('keeps the member rosters agreeing with the B2 answers for the derivable indicators', () => {
    for (const [year, referenceDate] of [[2022, '2022-09-01'], [2023, '2023-09-01'], [2025, '2025-10-01']] as const) {
      const households = all<{ id: number; b2: string }>(
        'SELECT h.id, a.b2 FROM households h JOIN answers a ON a.household_id = h.id WHERE h.round_id = ?',
        roundId(year),
      );
      const members = new Map<number, Member[]>();
      for (const m of all<Record<string, string | number | null>>(
        'SELECT m.* FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ? ORDER BY m.household_id, m.seq',
        roundId(year),
      )) {
        const bool = (v: string | number | null | undefined): boolean | null => (v === null || v === undefined ? null : v === 1);
        const member = {
          seq: m.seq,
          fullName: m.full_name,
          sex: m.sex,
          birthDate: m.birth_date,
          idNumber: m.id_number,
          relation: m.relation,
          ethnicity: m.ethnicity,
          healthInsurance: bool(m.health_insurance),
          schooling: m.schooling,
          education: m.education,
          employment: m.employment,
          disability: bool(m.disability),
          workingCapacity: bool(m.working_capacity),
          nutrition: m.nutrition,
        } as Member;
        const list = members.get(m.household_id as number) ?? [];
        list.push(member);
        members.set(m.household_id as number, list);
      }
      const disagreements: Record<string, number> = {};
      for (const h of households) {
        const b2 = JSON.parse(h.b2) as Record<string, boolean>;
        for (const [id, derived] of Object.entries(deriveIndicators(ruleSet, members.get(h.id)!, referenceDate))) {
          if (derived !== null && derived !== b2[id]) disagreements[id] = (disagreements[id] ?? 0) + 1;
        }
      }
      // Only the odd health-insurance card the form missed, on purpose: the app flags it.
      expect(Object.keys(disagreements).filter((id) => id !== 'healthInsurance')).toEqual([]);
      expect((disagreements.healthInsurance ?? 0) / households.length).toBeLessThan(0.01);
    }
  });

  it('reports progress up to the total', () => {
    expect(progress.length).toBeGreaterThan(4);
    const [done, total] = progress[progress.length - 1]!;
    expect(done).toBe(total);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
  });

  it('builds only into an empty database', () => {
    expect(() => buildDemo(db.sqlite, registry, unitFile, { households: HOUSEHOLDS, seed: 1 })).toThrow(/tệp dữ liệu trống/u);
    expect(one<{ n: number }>('SELECT COUNT(*) n FROM rounds').n).toBe(3);
  });

  it('is deterministic: the same seed gives the same data, another seed other data', () => {
    const again = build('again.sqlite', 1);
    const other = build('other.sqlite', 2);
    try {
      expect(again.summary).toEqual(summary);
      const base = content(db);
      expect(content(again.db) === base).toBe(true);
      expect(content(other.db) === base).toBe(false);
      expect(other.summary.households).toBe(HOUSEHOLDS);
    } finally {
      again.db.close();
      other.db.close();
    }
  });
});
