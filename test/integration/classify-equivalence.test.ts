import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { classifyHousehold } from '../../electron/core/entry/classify-one';
import { classifyRound } from '../../electron/core/rounds/classify';
import { getRound } from '../../electron/core/rounds/rounds';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

/**
 * The whole-round classification (read in chunks, history fetched per chunk, results written in
 * batches) gives every household exactly what the one-household path (entry save) gives it:
 * status, scores, deprived list, transition, flags, local results, or no result at all.
 * A demo of 3,000 households in two rounds, plus an older round for longer histories and the
 * cases the demo lacks: codes that changed (history by the head's ID number), two earlier
 * households with one head, an unanswered B2 item, income only, no answers, no head ID.
 */
const HOUSEHOLDS = 3000;
const COLUMNS = `household_id, status, score_b, deprivation_count, deprived, transition, refer_to_review,
  rule_set_id, rule_set_version, unverified, local, round_id`;

let core: Core;
let r2022: number;
let r2023: number;
let ids2023: number[];

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'rasoat.sqlite'), resourcesDir: RESOURCES });
  const sqlite = core.db.sqlite;
  const demo = buildDemo(sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: HOUSEHOLDS, seed: 5 });
  r2022 = demo.rounds.find((r) => r.year === 2022)!.id;
  r2023 = demo.rounds.find((r) => r.year === 2023)!.id;
  ids2023 = sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id').pluck().all(r2023) as number[];
  const at = (i: number) => ids2023[i]!;

  // An older round (2021), created after the others (a higher id), holding a copy of a third of
  // 2022's households with results of its own: histories of two entries ("fell back", "new").
  const scope = sqlite.prepare('SELECT scope_unit_id FROM rounds WHERE id = ?').pluck().get(r2022) as number;
  const r2021 = Number(
    sqlite
      .prepare(
        `INSERT INTO rounds (year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, created_at)
         VALUES (2021, 'periodic', '2021', 'vn-2022-2026', '2021-09-01', '2021-09-01', ?, 'now')`,
      )
      .run(scope).lastInsertRowid,
  );
  sqlite
    .prepare(
      `INSERT INTO households (round_id, code, commune_id, village_id, area, head_name, head_sort, head_id_number, member_count, created_at, updated_at)
       SELECT ?, code, commune_id, village_id, area, head_name, head_sort, head_id_number, member_count, created_at, updated_at
       FROM households WHERE round_id = ? AND id % 3 = 0`,
    )
    .run(r2021, r2022);
  sqlite
    .prepare(
      `INSERT INTO results (household_id, status, rule_set_id, rule_set_version, computed_at, round_id)
       SELECT id, CASE id % 4 WHEN 0 THEN 'poor' WHEN 1 THEN 'near_poor' WHEN 2 THEN 'neither' ELSE 'middle_income' END,
         'vn-2022-2026', '2022.1', 'now', round_id FROM households WHERE round_id = ?`,
    )
    .run(r2021);

  // Codes that changed since 2022: found by the head's ID number, or (no head ID) not at all.
  const recode = sqlite.prepare("UPDATE households SET code = code || '-moi' WHERE id = ?");
  for (let i = 0; i < HOUSEHOLDS; i += 37) recode.run(at(i));
  for (let i = 5; i < HOUSEHOLDS; i += 97) {
    recode.run(at(i));
    sqlite.prepare('UPDATE households SET head_id_number = NULL WHERE id = ?').run(at(i));
  }
  // Two 2022 households with one head, different results: the later one (by id) is the previous.
  const heads = sqlite.prepare('SELECT id, head_id_number FROM households WHERE round_id = ? AND head_id_number IS NOT NULL ORDER BY id LIMIT 40').all(r2022) as {
    id: number;
    head_id_number: string;
  }[];
  for (let i = 0; i + 1 < heads.length; i += 2) {
    sqlite.prepare('UPDATE households SET head_id_number = ? WHERE id = ?').run(heads[i]!.head_id_number, heads[i + 1]!.id);
    sqlite.prepare("UPDATE results SET status = 'poor' WHERE household_id = ?").run(heads[i]!.id);
    sqlite.prepare("UPDATE results SET status = 'neither' WHERE household_id = ?").run(heads[i + 1]!.id);
  }
  const twin = sqlite.prepare('SELECT head_id_number FROM households WHERE round_id = ? AND head_id_number IS NOT NULL ORDER BY id LIMIT 1').pluck().get(r2022) as string;
  sqlite.prepare("UPDATE households SET code = code || '-tach', head_id_number = ? WHERE id = ?").run(twin, at(11));

  // Answers the demo lacks: an unanswered B2 item, income only (in and out of the band), none at all.
  for (let i = 3; i < HOUSEHOLDS; i += 53) sqlite.prepare("UPDATE answers SET b2 = json_set(b2, '$.water', json('null')) WHERE household_id = ?").run(at(i));
  for (let i = 7; i < HOUSEHOLDS; i += 41) {
    sqlite.prepare('UPDATE answers SET score_a = NULL, monthly_income = ? WHERE household_id = ?').run([900_000, 1_600_000, 2_000_000, 3_000_000][i % 4], at(i));
  }
  for (let i = 9; i < HOUSEHOLDS; i += 89) sqlite.prepare('DELETE FROM answers WHERE household_id = ?').run(at(i));
  for (let i = 13; i < HOUSEHOLDS; i += 101) sqlite.prepare("UPDATE answers SET b2 = json_remove(b2, '$.sanitation') WHERE household_id = ?").run(at(i));

  // A local standard evaluated beside the national one.
  sqlite.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('local_rule_sets', ?)").run(JSON.stringify(['local-dong-nai-2022-2025']));
});
afterAll(() => core.close());

const rowsOf = (roundId: number) =>
  core.db.sqlite.prepare(`SELECT ${COLUMNS} FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?) ORDER BY household_id`).all(roundId);

describe('classifying a whole round gives each household what classifying it alone gives', () => {
  it('for every household of a demo round, in small chunks', () => {
    const sqlite = core.db.sqlite;
    const summary = classifyRound(sqlite, core.registry, r2023, { actor: 'test', chunkSize: 700 });
    const whole = rowsOf(r2023);
    // The cases above are all there.
    const transitions = new Set(whole.map((r) => (r as { transition: string | null }).transition));
    expect([...transitions].sort()).toEqual(
      expect.arrayContaining([null, 'exited_above_near_poor', 'exited_to_near_poor', 'fell_back', 'near_poor_to_poor', 'new', 'same']),
    );
    expect(summary.skipped).toBeGreaterThan(50);
    expect(whole.some((r) => (r as { refer_to_review: number }).refer_to_review === 1)).toBe(true);
    expect(whole.length).toBe(summary.classified);

    const round = getRound(sqlite, r2023);
    const one = sqlite.prepare(`SELECT ${COLUMNS} FROM results WHERE household_id = ?`);
    const alone = ids2023.map((id) => {
      classifyHousehold(sqlite, core.registry, round, id);
      return one.get(id);
    });
    expect(alone.filter((r) => r !== undefined)).toEqual(whole);
  });

  it('one commune alone, as in the whole round', () => {
    const sqlite = core.db.sqlite;
    classifyRound(sqlite, core.registry, r2023, { actor: 'test' });
    const whole = rowsOf(r2023);
    const communeId = sqlite.prepare('SELECT commune_id FROM households WHERE id = ?').pluck().get(ids2023[100]) as number;
    sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ? AND commune_id = ?)').run(r2023, communeId);
    classifyRound(sqlite, core.registry, r2023, { actor: 'test', communeId, chunkSize: 50 });
    expect(rowsOf(r2023)).toEqual(whole);
  });
});
