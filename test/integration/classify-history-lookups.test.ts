import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { classifyRound } from '../../electron/core/rounds/classify';
import { EARLIER_LOOKUPS, earlierByCodeSql } from '../../electron/core/rounds/classify-decide';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

/**
 * A round's classification reads each household's earlier results by code with one lookup (a
 * join) per earlier round while there are few of them (classify-decide.ts earlierByCodeSql), else with one
 * ordered read of all its code's rounds. Both give the same history, oldest first (by year, not
 * by the order the rounds were created in); households whose inputs differ only in their history,
 * or only in their area, are decided apart (each distinct set of inputs is decided once).
 */
const HOUSEHOLDS = 600;
const COLUMNS = `household_id, status, score_b, deprivation_count, deprived, transition, refer_to_review,
  rule_set_id, rule_set_version, unverified, local, round_id`;
type Row = { household_id: number; status: string; transition: string | null } & Record<string, unknown>;

let core: Core;
let r2022: number;
let r2023: number;
let scope: number;

const addRound = (year: number): number =>
  Number(
    core.db.sqlite
      .prepare(
        `INSERT INTO rounds (year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id, created_at)
         VALUES (?, 'periodic', ?, 'vn-2022-2026', ?, ?, ?, 'now')`,
      )
      .run(year, String(year), `${year}-09-01`, `${year}-09-01`, scope).lastInsertRowid,
  );

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'rasoat.sqlite'), resourcesDir: RESOURCES });
  const sqlite = core.db.sqlite;
  const demo = buildDemo(sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: HOUSEHOLDS, seed: 23 });
  r2022 = demo.rounds.find((r) => r.year === 2022)!.id;
  r2023 = demo.rounds.find((r) => r.year === 2023)!.id;
  scope = sqlite.prepare('SELECT scope_unit_id FROM rounds WHERE id = ?').pluck().get(r2022) as number;
  // An older round (2021) created after the others (a higher id), holding half of 2022's households with results of their own.
  const r2021 = addRound(2021);
  sqlite
    .prepare(
      `INSERT INTO households (round_id, code, commune_id, village_id, area, head_name, head_sort, head_id_number, member_count, created_at, updated_at)
       SELECT ?, code, commune_id, village_id, area, head_name, head_sort, head_id_number, member_count, created_at, updated_at
       FROM households WHERE round_id = ? AND id % 2 = 0`,
    )
    .run(r2021, r2022);
  sqlite
    .prepare(
      `INSERT INTO results (household_id, status, rule_set_id, rule_set_version, computed_at, round_id)
       SELECT id, CASE id % 3 WHEN 0 THEN 'poor' WHEN 1 THEN 'near_poor' ELSE 'neither' END, 'vn-2022-2026', '2022.1', 'now', round_id
       FROM households WHERE round_id = ?`,
    )
    .run(r2021);
});
afterAll(() => core.close());

const rowsOf = (): Row[] =>
  core.db.sqlite.prepare(`SELECT ${COLUMNS} FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?) ORDER BY household_id`).all(r2023) as Row[];
const clear = (): void => {
  core.db.sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)').run(r2023);
};
const historiesOf = (sql: { joins: string; expression: string }): [number, string | null][] =>
  core.db.sqlite.prepare(`SELECT h.id, ${sql.expression} FROM households h ${sql.joins} WHERE h.round_id = ? ORDER BY h.id`).raw().all(r2023) as [number, string | null][];

describe('earlier results by code, looked up round by round', () => {
  it('give the ordered read’s history for every household, oldest year first whatever the order the rounds were made in', () => {
    const lookups = earlierByCodeSql(core.db.sqlite, 2023, 2);
    const general = earlierByCodeSql(core.db.sqlite, 2023, 0);
    expect(lookups.joins).toContain('JOIN');
    expect(general.joins).toBe('');
    expect(general.expression).toContain('group_concat');
    const byLookups = historiesOf(lookups);
    expect(byLookups).toEqual(historiesOf(general));
    // The cases are there: two earlier results (2021 before 2022), one, none.
    const texts = byLookups.map(([, h]) => h);
    expect(texts.some((h) => h !== null && /^2021 \w+,2022 \w+$/.test(h))).toBe(true);
    expect(texts.some((h) => h !== null && /^2022 \w+$/.test(h))).toBe(true);
    expect(texts.some((h) => h === null)).toBe(true);
  });

  it('with one earlier round (one join, no list to join), give the ordered read’s history too', () => {
    // Seen from 2022, only 2021 is earlier: the households of 2023 read as a 2022 round would.
    const one = earlierByCodeSql(core.db.sqlite, 2022, 2);
    expect(one.joins.match(/JOIN households/g)).toHaveLength(1);
    expect(one.expression).not.toContain('concat_ws');
    const byJoin = historiesOf(one);
    expect(byJoin).toEqual(historiesOf(earlierByCodeSql(core.db.sqlite, 2022, 0)));
    expect(byJoin.some(([, h]) => h !== null && /^2021 \w+$/.test(h))).toBe(true);
    expect(byJoin.some(([, h]) => h === null)).toBe(true);
  });

  it('households whose inputs differ only in their history, or only in their area, get their own results', () => {
    const sqlite = core.db.sqlite;
    // Three 2023 households with the answers of a fourth: one previously poor, one previously
    // "neither" (2021 and 2022), one of the other area.
    const ids = sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id LIMIT 4 OFFSET 50').pluck().all(r2023) as number[];
    const [model, poorBefore, neitherBefore, otherArea] = ids as [number, number, number, number];
    for (const id of [poorBefore, neitherBefore, otherArea]) {
      sqlite
        .prepare(
          `UPDATE answers SET (score_a, b2, monthly_income) = (SELECT score_a, b2, monthly_income FROM answers WHERE household_id = ?)
           WHERE household_id = ?`,
        )
        .run(model, id);
    }
    // A score A between the rural and urban cut-offs (140 and 175) and four deprivations: poor in town, above the line in the countryside.
    sqlite
      .prepare(
        `UPDATE answers SET score_a = 150, b2 = json_set(b2, '$.employment', json('true'), '$.dependants', json('true'), '$.nutrition', json('true'),
           '$.healthInsurance', json('true')) WHERE household_id IN (?, ?, ?, ?)`,
      )
      .run(model, poorBefore, neitherBefore, otherArea);
    sqlite.prepare("UPDATE households SET area = 'urban' WHERE id IN (?, ?, ?)").run(model, poorBefore, neitherBefore);
    sqlite.prepare("UPDATE households SET area = 'rural' WHERE id = ?").run(otherArea);
    const earlier = sqlite.prepare(
      `UPDATE results SET status = ? WHERE household_id IN (SELECT p.id FROM households p JOIN households h ON h.code = p.code WHERE h.id = ? AND p.round_id != h.round_id)`,
    );
    const earlierCount = sqlite.prepare('SELECT count(*) FROM households p JOIN households h ON h.code = p.code JOIN results res ON res.household_id = p.id WHERE h.id = ? AND p.round_id != h.round_id').pluck();
    expect(earlierCount.get(poorBefore)).toBeGreaterThan(0);
    expect(earlierCount.get(neitherBefore)).toBeGreaterThan(0);
    earlier.run('poor', poorBefore);
    earlier.run('neither', neitherBefore);
    earlier.run('poor', otherArea);

    clear();
    classifyRound(sqlite, core.registry, r2023, { actor: 'test' });
    const byId = new Map(rowsOf().map((r) => [r.household_id, r]));
    expect(byId.get(poorBefore)).toEqual(expect.objectContaining({ status: 'poor', transition: 'same' }));
    expect(byId.get(neitherBefore)).toEqual(expect.objectContaining({ status: 'poor', transition: 'new' }));
    expect(byId.get(otherArea)).toEqual(expect.objectContaining({ transition: 'exited_above_near_poor' }));
    expect(byId.get(otherArea)!.status).not.toBe('poor');
  });

  it('with more earlier rounds than it looks up one by one, reads them in one and leaves the same results', () => {
    const sqlite = core.db.sqlite;
    expect(earlierByCodeSql(sqlite, 2023).joins).toContain('JOIN');
    clear();
    classifyRound(sqlite, core.registry, r2023, { actor: 'test' });
    const byLookups = rowsOf();
    for (let year = 2000; year <= 2000 + EARLIER_LOOKUPS; year++) addRound(year);
    expect(earlierByCodeSql(sqlite, 2023).expression).toContain('group_concat');
    clear();
    classifyRound(sqlite, core.registry, r2023, { actor: 'test', chunkSize: 97 });
    expect(rowsOf()).toEqual(byLookups);
  });
});
