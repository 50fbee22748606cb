/**
 * Rounds from nothing (issue 11, item 3): a round for the office chosen by its reference date
 * (rule set, map), refused in Vietnamese without an office or when it exists already (core, API
 * and command line, never SQLite's text), several ad-hoc rounds a year, deletion of a round with
 * no recorded work (a backup first, everything of the round gone, audited) and refusal of one
 * with work; `round list`.
 */
import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';
import * as roundCommands from '../../electron/host/commands/rounds';
import { CliError } from '../../electron/host/args';
import { createServices } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { MIGRATIONS } from '../../electron/core/db/migrations';
import { ROUND_MIGRATIONS } from '../../electron/core/rounds/migrations';

/** The migrations before this area's (the schema with one round a year and kind). */
const BEFORE_ROUND_MIGRATIONS = MIGRATIONS.slice(0, MIGRATIONS.indexOf(ROUND_MIGRATIONS[0]!));
import { insertHouseholds, type NewHousehold } from '../../electron/core/households/write';
import { wordSearchQuery } from '../../electron/core/households/search-index';
import { createRoundFor, planRound } from '../../electron/core/rounds/create';
import { deleteRound, roundWork } from '../../electron/core/rounds/delete';
import { OFFICE_SETTING } from '../../electron/core/units/office';
import { loadUnits, readUnitFile, unitIdAt } from '../../electron/core/units/units';
import { household, member } from '../fixtures/small-db';
import { runCli } from '../fixtures/entry-points';
import { RESOURCES, tempDir } from '../helpers';
import { apiOf } from '../fixtures/api';

/**
 * A database set up for an office (until units/setup.ts exists): the An Giang register excerpt
 * loaded and the office recorded, as setup does. `office` is a code valid on 1/7/2025.
 */
function officeDb(office: '30487' | '91' | null): Core {
  const core = new Core({
    dbPath: path.join(tempDir('rasoat-rounds-'), 'rasoat.sqlite'),
    resourcesDir: RESOURCES,
    actor: 'cán bộ xã',
  });
  loadUnits(core.db.sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
  if (office) core.db.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(OFFICE_SETTING, String(unitIdAt(core.db.sqlite, office, '2025-07-01')));
  return core;
}

/** The real command line, in a process of its own (slow: used once per refusal kind). */
function cli(args: string[]) {
  const r = runCli(args);
  return { status: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** The `round` command in this process: what it prints, and a refusal as cli.ts prints it (one line, its exit code). */
async function round(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
  try {
    const status = await roundCommands.commands.round!(args);
    return { status, stdout: lines.map((l) => `${l}\n`).join(''), stderr: '' };
  } catch (e) {
    if (!(e instanceof CliError)) throw e;
    return { status: e.exitCode, stdout: lines.join('\n'), stderr: `${e.message}\n` };
  } finally {
    spy.mockRestore();
  }
}

/** A household keyed without a village (the register excerpt has none). */
const noVillage = (h: NewHousehold): NewHousehold => ({ ...h, villageId: null });

const issueText = (e: unknown): string => JSON.stringify((e as { issues?: unknown }).issues ?? (e as Error).message);

describe('a round from nothing', () => {
  it('is refused in Vietnamese while no office is set up', () => {
    const core = officeDb(null);
    try {
      expect(() => createRoundFor(core.db.sqlite, core.registry, { year: 2026, kind: 'periodic' }, 'test')).toThrow(/^Chưa thiết lập đơn vị \(xã, phường, đặc khu hoặc tỉnh\) cho dữ liệu này/u);
      try {
        planRound(core.db.sqlite, core.registry, { year: 2026, kind: 'periodic' });
      } catch (e) {
        expect(issueText(e)).toContain('Chưa thiết lập đơn vị');
        expect(issueText(e)).toContain('setup --db');
      }
      expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get()).toBe(0);
    } finally {
      core.close();
    }
  });

  it('takes the rule set in force on its reference date: 2026 → vn-2022-2026, 2027 → vn-2027-2030', () => {
    const core = officeDb('30487');
    try {
      const r2026 = createRoundFor(core.db.sqlite, core.registry, { year: 2026, kind: 'periodic' }, 'test');
      expect(r2026.plan).toMatchObject({
        title: 'Rà soát định kỳ năm 2026',
        referenceDate: '2026-09-01',
        unitMapDate: '2026-09-01',
        hasDistrict: false,
        ruleSet: { id: 'vn-2022-2026' },
        scope: { code: '30487', fullName: 'Xã Bình Mỹ' },
        communes: 1,
        from: null,
      });
      const r2027 = createRoundFor(core.db.sqlite, core.registry, { year: 2027, kind: 'periodic' }, 'test');
      expect(r2027.plan.ruleSet.id).toBe('vn-2027-2030');
      const rows = core.db.sqlite.prepare('SELECT year, rule_set_id, reference_date, unit_map_date, scope_unit_id FROM rounds ORDER BY year').all();
      const binhMy = unitIdAt(core.db.sqlite, '30487', '2026-01-01');
      expect(rows).toEqual([
        { year: 2026, rule_set_id: 'vn-2022-2026', reference_date: '2026-09-01', unit_map_date: '2026-09-01', scope_unit_id: binhMy },
        { year: 2027, rule_set_id: 'vn-2027-2030', reference_date: '2027-09-01', unit_map_date: '2027-09-01', scope_unit_id: binhMy },
      ]);
      // A reference date typed in 2026 picks the 2026 rule set whatever the year's default.
      expect(planRound(core.db.sqlite, core.registry, { year: 2027, kind: 'adhoc', referenceDate: '2027-01-01' }).ruleSet.id).toBe('vn-2027-2030');
      expect(core.db.sqlite.prepare(`SELECT COUNT(*) FROM audit WHERE entity = 'round' AND action = 'create'`).pluck().get()).toBe(2);
    } finally {
      core.close();
    }
  });

  it('uses the map in force on its date: before 1/7/2025 the old communes the office took in', () => {
    const core = officeDb('30487');
    try {
      const sqlite = core.db.sqlite;
      // A 2025 periodic round is dated 01/09/2025: the new map, one commune.
      expect(planRound(sqlite, core.registry, { year: 2025, kind: 'periodic' })).toMatchObject({ unitMapDate: '2025-09-01', hasDistrict: false, communes: 1 });
      // An ad-hoc round of March 2025: the old map (Bình Mỹ, Bình Thủy, Bình Chánh before the merger).
      expect(planRound(sqlite, core.registry, { year: 2025, kind: 'adhoc', referenceDate: '2025-03-15' })).toMatchObject({
        unitMapDate: '2025-03-15',
        hasDistrict: true,
        communes: 3,
        title: 'Rà soát thường xuyên ngày 15/03/2025',
      });
      // The map date typed apart from the reference date.
      expect(planRound(sqlite, core.registry, { year: 2024, kind: 'periodic', mapDate: '2024-09-01' })).toMatchObject({ hasDistrict: true, communes: 3, ruleSet: { id: 'vn-2022-2026' } });
      // A map on which the office has no commune at all is refused in Vietnamese.
      try {
        planRound(sqlite, core.registry, { year: 2024, kind: 'periodic', mapDate: '1990-01-01' });
        expect.unreachable();
      } catch (e) {
        expect(issueText(e)).toContain('không có xã nào thuộc Xã Bình Mỹ');
      }
    } finally {
      core.close();
    }
  });

  it('a province office covers all its communes', () => {
    const core = officeDb('91');
    try {
      expect(planRound(core.db.sqlite, core.registry, { year: 2026, kind: 'periodic' })).toMatchObject({ scope: { code: '91', fullName: 'Tỉnh An Giang' }, communes: 5 });
      expect(planRound(core.db.sqlite, core.registry, { year: 2024, kind: 'periodic' })).toMatchObject({ hasDistrict: true, communes: 13 });
    } finally {
      core.close();
    }
  });
});

describe('the same round twice', () => {
  it('is refused in Vietnamese by the core and the API, never with SQLite’s text', async () => {
    const core = officeDb('30487');
    try {
      createRoundFor(core.db.sqlite, core.registry, { year: 2026, kind: 'periodic' }, 'test');
      let refusal = '';
      try {
        createRoundFor(core.db.sqlite, core.registry, { year: 2026, kind: 'periodic', title: 'Lần hai' }, 'test');
      } catch (e) {
        refusal = issueText(e);
      }
      expect(refusal).toMatch(/Đã có đợt rà soát định kỳ năm 2026 \(«Rà soát định kỳ năm 2026», tạo ngày \d\d\/\d\d\/\d{4}\): mở đợt đó, hoặc chọn loại thường xuyên/u);
      expect(refusal).not.toMatch(/UNIQUE|constraint|SQLITE/iu);

      const { send } = apiOf(() => createServices(core));
      for (const method of ['rounds.plan', 'rounds.create'] as const) {
        const env = await send(method, { year: 2026, kind: 'periodic' });
        expect(env.ok).toBe(false);
        if (env.ok) continue;
        expect(env.error.code).toBe('INVALID_INPUT');
        expect(env.error.issues?.[0]?.message).toMatch(/^Đã có đợt rà soát định kỳ năm 2026/u);
        expect(JSON.stringify(env.error)).not.toMatch(/UNIQUE|constraint/iu);
      }
      // The API creates an ad-hoc round of the same year, named by its date.
      const adhoc = await send('rounds.create', { year: 2026, kind: 'adhoc', referenceDate: '2026-03-16' });
      expect(adhoc.ok && adhoc.value.plan.title).toBe('Rà soát thường xuyên ngày 16/03/2026');
      expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get()).toBe(2);
    } finally {
      core.close();
    }
  });

  it('is refused on every path: a round copied from an earlier one (rounds.start) too', async () => {
    const core = officeDb('30487');
    try {
      const { r2024 } = twoRounds(core); // 2026 started from 2024
      const env = await apiOf(() => createServices(core)).send('rounds.start', {
        fromRoundId: r2024,
        year: 2026,
        kind: 'periodic',
        title: 'Rà soát lần hai',
        ruleSetId: 'vn-2022-2026',
        unitMapDate: '2026-09-01',
        referenceDate: '2026-09-01',
      });
      expect(env.ok).toBe(false);
      if (env.ok) return;
      expect(env.error.code).toBe('INVALID_INPUT');
      expect(env.error.issues?.[0]?.message).toMatch(/^Đã có đợt rà soát định kỳ năm 2026 \(«Rà soát định kỳ năm 2026»/u);
      expect(JSON.stringify(env.error)).not.toMatch(/UNIQUE|constraint/iu);
      expect(core.db.sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get()).toBe(2);
    } finally {
      core.close();
    }
  });

  it('is refused in Vietnamese by the command line, in one line', async () => {
    const core = officeDb('30487');
    const db = core.options.dbPath;
    core.close();
    const first = await round(['create', '--db', db, '--year', '2026']);
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Đã tạo đợt: «Rà soát định kỳ năm 2026» (định kỳ, năm 2026)');
    expect(first.stdout).toContain('Bộ tiêu chí: vn-2022-2026');
    expect(first.stdout).toContain('Bản đồ đơn vị hành chính: 01/09/2026 (bản đồ mới, không còn cấp huyện)');
    expect(first.stdout).toContain('Phạm vi: Xã Bình Mỹ (30487), 1 xã');
    const again = cli(['round', 'create', '--db', db, '--year', '2026', '--kind', 'periodic']);
    expect(again.status).toBe(1);
    expect(again.stdout).toBe('');
    expect(again.stderr.trim().split('\n')).toHaveLength(1);
    expect(again.stderr).toMatch(/^Đã có đợt rà soát định kỳ năm 2026 \(«Rà soát định kỳ năm 2026», tạo ngày [\d/]+\): mở đợt đó, hoặc chọn loại thường xuyên \(đột xuất\)\./u);
    expect(again.stderr).not.toMatch(/UNIQUE|constraint/iu);
    const badKind = await round(['create', '--db', db, '--year', '2026', '--kind', 'monthly']);
    expect(badKind.status).toBe(2);
    expect(badKind.stderr).toContain('--kind phải là periodic (định kỳ) hoặc adhoc (thường xuyên)');
  });

  it('several ad-hoc rounds a year (monthly), but not two on the same day', () => {
    const core = officeDb('30487');
    try {
      const sqlite = core.db.sqlite;
      createRoundFor(sqlite, core.registry, { year: 2026, kind: 'adhoc', referenceDate: '2026-02-16' }, 'test');
      createRoundFor(sqlite, core.registry, { year: 2026, kind: 'adhoc', referenceDate: '2026-03-16' }, 'test');
      let refusal = '';
      try {
        createRoundFor(sqlite, core.registry, { year: 2026, kind: 'adhoc', referenceDate: '2026-03-16', title: 'Khác' }, 'test');
      } catch (e) {
        refusal = issueText(e);
      }
      expect(refusal).toMatch(/Đã có đợt rà soát thường xuyên ngày 16\/03\/2026 \(«Rà soát thường xuyên ngày 16\/03\/2026»/u);
      expect(sqlite.prepare(`SELECT COUNT(*) FROM rounds WHERE kind = 'adhoc'`).pluck().get()).toBe(2);
      // The unique indexes are the last guard behind the check.
      const insert = sqlite.prepare(`INSERT INTO rounds (year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, locked, created_at) SELECT year, kind, 'x', rule_set_id, unit_map_date, reference_date, scope_unit_id, 0, created_at FROM rounds WHERE reference_date = '2026-03-16'`);
      expect(() => insert.run()).toThrow(/UNIQUE/u);
    } finally {
      core.close();
    }
  });
});

describe('the rounds migration', () => {
  it('keeps every round, its households and the rows that go with a round (reform queue) when the constraint changes', () => {
    const dir = tempDir('rasoat-rounds-mig-');
    const dbPath = path.join(dir, 'rasoat.sqlite');
    expect(BEFORE_ROUND_MIGRATIONS.length).toBeGreaterThan(0);
    const before = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test', migrations: BEFORE_ROUND_MIGRATIONS });
    loadUnits(before.db.sqlite, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')));
    const sqlite = before.db.sqlite;
    const old = unitIdAt(sqlite, '30490', '2024-09-01')!;
    sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(OFFICE_SETTING, String(unitIdAt(sqlite, '30487', '2025-07-01')));
    // The rounds are made by today's code, whose audit rows carry a unit (migration 12): the column
    // is lent to the old schema for the seeding, and taken back before the upgrade.
    sqlite.exec('ALTER TABLE audit ADD COLUMN unit_id INTEGER');
    const r2024 = createRoundFor(sqlite, before.registry, { year: 2024, kind: 'periodic' }, 'test').roundId;
    const r2026 = createRoundFor(sqlite, before.registry, { year: 2026, kind: 'periodic' }, 'test').roundId;
    sqlite.exec('ALTER TABLE audit DROP COLUMN unit_id');
    // Today's insertHouseholds fills the word-pair index (migration 20) and the index of words
    // (migration 24): they are lent for the seeding and taken back before the upgrade. (The old
    // household_search stays as this schema has it: migration 17 rebuilds it, 25 drops it.)
    sqlite.exec(`CREATE VIRTUAL TABLE household_search_pairs USING fts5(pairs, content = '', contentless_delete = 1)`);
    sqlite.exec(`CREATE VIRTUAL TABLE household_search_words USING fts5(words, content = '', contentless_delete = 1)`);
    const [h] = insertHouseholds(sqlite, r2024, [noVillage(household('30490-00001', old, 0, 100, [], [member(1, 'Lê Văn Một')]))]);
    sqlite.exec('DROP TABLE household_search_pairs; DROP TABLE household_search_words');
    sqlite
        .prepare(`INSERT INTO reform_pending (round_id, household_id, from_round_id, old_commune_id, old_village_id, reason, new_commune_id, created_at) VALUES (?, ?, ?, ?, 0, 'divided', NULL, 'x')`)
        .run(r2026, h, r2024, old);
    before.close();
    const after = new Core({ dbPath, resourcesDir: RESOURCES, actor: 'test' });
    try {
      const s = after.db.sqlite;
      expect(s.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
      expect(s.prepare('SELECT id, year FROM rounds ORDER BY id').all()).toEqual([{ id: r2024, year: 2024 }, { id: r2026, year: 2026 }]);
      expect(s.prepare('SELECT round_id FROM households').pluck().all()).toEqual([r2024]);
      expect(s.prepare('SELECT round_id, household_id FROM reform_pending').all()).toEqual([{ round_id: r2026, household_id: h }]);
      expect(s.pragma('foreign_key_check')).toEqual([]);
      expect(s.prepare("SELECT name FROM sqlite_master WHERE name IN ('household_search', 'households_search_update', 'households_search_delete')").pluck().all()).toEqual([]);
      expect(s.prepare('SELECT rowid FROM household_search_words WHERE household_search_words MATCH ?').pluck().all(wordSearchQuery(r2024, 'mot'))).toEqual([h]);
      expect(fs.readdirSync(after.backupDir).some((n) => n.includes('before-migration'))).toBe(true);
    } finally {
      after.close();
    }
  });
});

/** A 2024 round on the old map with two households of old communes, and a 2026 round started from it. */
function twoRounds(core: Core): { r2024: number; r2026: number } {
  const sqlite = core.db.sqlite;
  const r2024 = createRoundFor(sqlite, core.registry, { year: 2024, kind: 'periodic' }, 'test').roundId;
  insertHouseholds(sqlite, r2024, [
    noVillage(household('30487-00001', unitIdAt(sqlite, '30487', '2024-09-01')!, 0, 100, [], [member(1, 'Nguyễn Văn Một'), member(2, 'Trần Thị Hai', { sex: 'female', relation: 'spouse' })])),
    noVillage(household('30490-00002', unitIdAt(sqlite, '30490', '2024-09-01')!, 0, 120, [], [member(1, 'Lê Văn Ba')])),
  ]);
  const made = createRoundFor(sqlite, core.registry, { year: 2026, kind: 'periodic', fromYear: 2024 }, 'test');
  expect(made.plan.from).toMatchObject({ roundId: r2024, households: 2 });
  expect(made.households).toBe(2);
  return { r2024, r2026: made.roundId };
}

describe('deleting a round', () => {
  it('deletes a round with no recorded work (households only copied): backup first, everything of it gone, audited', async () => {
    const core = officeDb('30487');
    try {
      const sqlite = core.db.sqlite;
      const { r2024, r2026 } = twoRounds(core);
      const ids = sqlite.prepare('SELECT id FROM households WHERE round_id = ?').pluck().all(r2026) as number[];
      expect(ids).toHaveLength(2);
      expect(roundWork(sqlite, r2026)).toMatchObject({ householdsKeyed: 0, answers: 0, results: 0, workflow: 0, events: 0, drafts: 0, roundActions: 0, other: {} });
      const overview = await apiOf(() => createServices(core)).call('rounds.overview', {});
      expect(overview.find((r) => r.id === r2026)).toMatchObject({ households: 2, deleteRefusal: null, scope: { fullName: 'Xã Bình Mỹ' } });

      const { call } = apiOf(() => createServices(core));
      const deleted = await call('rounds.delete', { roundId: r2026 });
      expect(deleted).toMatchObject({ roundId: r2026, year: 2026, households: 2, members: 3 });
      // The backup was taken before: it still has the round and its households.
      expect(fs.existsSync(deleted.backupFile)).toBe(true);
      expect(path.dirname(deleted.backupFile)).toBe(core.backupDir);
      const copy = new BetterSqlite3(deleted.backupFile, { readonly: true });
      expect(copy.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(r2026)).toBe(2);
      copy.close();
      // Everything of the round is gone: the row, households, members, counts, search rows.
      expect(sqlite.prepare('SELECT COUNT(*) FROM rounds WHERE id = ?').pluck().get(r2026)).toBe(0);
      expect(sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(r2026)).toBe(0);
      expect(sqlite.prepare(`SELECT COUNT(*) FROM members WHERE household_id IN (${ids.join(',')})`).pluck().get()).toBe(0);
      expect(sqlite.prepare('SELECT COUNT(*) FROM household_counts WHERE round_id = ?').pluck().get(r2026)).toBe(0);
      const kept = sqlite.prepare('SELECT id FROM households WHERE round_id = ?').pluck().all(r2024) as number[];
      for (const index of ['household_search_words', 'household_search_pairs']) {
        expect(sqlite.prepare(`SELECT COUNT(*) FROM ${index} WHERE rowid IN (${ids.join(',')})`).pluck().get()).toBe(0);
        expect(sqlite.prepare(`SELECT COUNT(*) FROM ${index} WHERE rowid IN (${kept.join(',')})`).pluck().get()).toBe(2); // 2024's stay
      }
      expect(sqlite.pragma('foreign_key_check')).toEqual([]);
      // The earlier round is untouched.
      expect(sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(r2024)).toBe(2);
      const audit = sqlite.prepare(`SELECT actor, old_value, new_value FROM audit WHERE entity = 'round' AND entity_id = ? AND action = 'delete'`).all(r2026) as { actor: string; old_value: string; new_value: string }[];
      expect(audit).toHaveLength(1);
      expect(audit[0]!.actor).toBe('cán bộ xã');
      expect(JSON.parse(audit[0]!.old_value)).toMatchObject({ year: 2026, title: 'Rà soát định kỳ năm 2026', households: 2, members: 3 });
      expect(JSON.parse(audit[0]!.new_value)).toEqual({ backupFile: deleted.backupFile });
      // The year is free again.
      expect(createRoundFor(sqlite, core.registry, { year: 2026, kind: 'periodic' }, 'test').roundId).toBeGreaterThan(0);
    } finally {
      core.close();
    }
  });

  it('refuses a round with recorded work, naming what was recorded, and takes no backup', async () => {
    const core = officeDb('30487');
    try {
      const sqlite = core.db.sqlite;
      const { r2024, r2026 } = twoRounds(core);
      const [h1, h2] = sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY code').pluck().all(r2026) as number[];
      const { send } = apiOf(() => createServices(core));
      const refusalOf = async (roundId: number): Promise<string> => {
        const env = await send('rounds.delete', { roundId });
        expect(env.ok).toBe(false);
        return env.ok ? '' : (env.error.issues?.[0]?.message ?? env.error.message);
      };
      // A household keyed by hand (audited), answers, and an event.
      sqlite.prepare(`INSERT INTO audit (at, actor, entity, entity_id, action, field, old_value, new_value) VALUES ('x', 'a', 'household', ?, 'update', 'address', '""', '"Ấp 1"')`).run(h1);
      sqlite.prepare(`INSERT INTO answers (household_id, screening, score_a, b1_items, b2, monthly_income, updated_at) VALUES (?, NULL, 120, NULL, NULL, NULL, 'x')`).run(h2);
      sqlite.prepare(`INSERT INTO household_events (round_id, household_id, kind, person_key, occurred_on, related_household_id, note, created_at) VALUES (?, ?, 'born', NULL, '2026-01-02', NULL, '', 'x')`).run(r2026, h2);
      const refusal = await refusalOf(r2026);
      expect(refusal).toBe(
        'Không xoá đợt «Rà soát định kỳ năm 2026»: đợt này đã có 1 hộ đã nhập, sửa hoặc nhập từ Excel; phiếu A/B của 1 hộ; 1 biến động nhân khẩu. Chỉ xoá được đợt chưa ghi công việc gì; dữ liệu đã ghi được giữ nguyên.',
      );
      // A workflow record alone.
      const { roundId: r2027 } = createRoundFor(sqlite, core.registry, { year: 2027, kind: 'periodic' }, 'test');
      sqlite.prepare(`INSERT INTO postings (round_id, commune_id, from_date, to_date, places, created_at) VALUES (?, ?, '2027-10-01', '2027-10-05', 'UBND xã', 'x')`).run(r2027, unitIdAt(sqlite, '30487', '2027-01-01'));
      expect(await refusalOf(r2027)).toContain('1 bước của quy trình');
      // The 2024 round: its households were copied into 2026, which refers to them only by code, so no
      // work there; but one result is work.
      sqlite.prepare(`INSERT INTO results (household_id, status, score_b, deprivation_count, deprived, transition, refer_to_review, rule_set_id, rule_set_version, unverified, local, computed_at) SELECT id, 'poor', 3, 3, '[]', NULL, 0, 'vn-2022-2026', '1', '[]', '[]', 'x' FROM households WHERE round_id = ? LIMIT 1`).run(r2024);
      expect(await refusalOf(r2024)).toContain('kết quả phân loại của 1 hộ');
      // Nothing was deleted, and no backup was taken for a refused delete.
      expect(sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get()).toBe(3);
      expect(fs.existsSync(core.backupDir) ? fs.readdirSync(core.backupDir).filter((n) => n.endsWith('.sqlite')) : []).toEqual([]);
      expect(() => deleteRound(sqlite, 999, 'test', () => ({ file: '' }))).toThrow(/^Không có đợt rà soát mã số 999: đợt có thể vừa bị xoá/u);
    } finally {
      core.close();
    }
  });

  it('by the command line: round delete, round list', async () => {
    const core = officeDb('30487');
    const db = core.options.dbPath;
    twoRounds(core);
    createRoundFor(core.db.sqlite, core.registry, { year: 2026, kind: 'adhoc', referenceDate: '2026-03-16' }, 'test');
    core.close();

    const list = await round(['list', '--db', db]);
    expect(list.status).toBe(0);
    expect(list.stdout.trimEnd().split('\n')).toEqual([
      'Năm   Loại          Tên đợt                               Bản đồ      Bộ tiêu chí   Phạm vi             Số hộ  Khoá',
      '2026  định kỳ       Rà soát định kỳ năm 2026              01/09/2026  vn-2022-2026  Xã Bình Mỹ (30487)  2      chưa',
      '2026  thường xuyên  Rà soát thường xuyên ngày 16/03/2026  16/03/2026  vn-2022-2026  Xã Bình Mỹ (30487)  0      chưa',
      '2024  định kỳ       Rà soát định kỳ năm 2024              01/09/2024  vn-2022-2026  Xã Bình Mỹ (30487)  2      chưa',
    ]);

    const ambiguous = await round(['delete', '--db', db, '--year', '2026']);
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toMatch(/^Năm 2026 có 2 đợt: .*chọn một bằng --kind/u);
    const gone = await round(['delete', '--db', db, '--year', '2026', '--kind', 'periodic']);
    expect(gone.stderr).toBe('');
    expect(gone.status).toBe(0);
    expect(gone.stdout).toContain('Đã xoá đợt: «Rà soát định kỳ năm 2026» (2 hộ, 3 nhân khẩu)');
    const backup = /Bản sao lưu trước khi xoá: (.+)$/mu.exec(gone.stdout)![1]!;
    expect(fs.existsSync(backup)).toBe(true);
    const none = await round(['delete', '--db', db, '--year', '2025']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/^Không có đợt rà soát năm 2025/u);
    const after = await round(['list', '--db', db]);
    expect(after.stdout.trimEnd().split('\n').map((l) => l.split(/\s{2,}/u).slice(0, 3))).toEqual([
      ['Năm', 'Loại', 'Tên đợt'],
      ['2026', 'thường xuyên', 'Rà soát thường xuyên ngày 16/03/2026'],
      ['2024', 'định kỳ', 'Rà soát định kỳ năm 2024'],
    ]);
  });
});
