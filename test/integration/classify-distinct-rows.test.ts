import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { classifyRound } from '../../electron/core/rounds/classify';
import { readUnitFile } from '../../electron/core/units/units';
import { RESOURCES, tempDir } from '../helpers';

/**
 * A round's classification decides each distinct set of inputs once and writes each chunk's
 * results as [household, distinct row] pairs joined to a temporary table (rounds/classify.ts,
 * classify-decide.ts). Whatever the chunking, and whether it starts from nothing or from results
 * already stored, it leaves exactly the rows a classification from nothing leaves; its audit row
 * counts what it wrote and removed; the temporary table does not outlive it, even when it fails.
 */
const HOUSEHOLDS = 1500;
const COLUMNS = `household_id, status, score_b, deprivation_count, deprived, transition, refer_to_review,
  rule_set_id, rule_set_version, unverified, local, round_id`;
type Row = { household_id: number } & Record<string, unknown>;

let core: Core;
let r2023: number;
let ids: number[];

beforeAll(() => {
  core = new Core({ dbPath: path.join(tempDir(), 'rasoat.sqlite'), resourcesDir: RESOURCES });
  const sqlite = core.db.sqlite;
  const demo = buildDemo(sqlite, core.registry, readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json')), { households: HOUSEHOLDS, seed: 11 });
  r2023 = demo.rounds.find((r) => r.year === 2023)!.id;
  ids = sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id').pluck().all(r2023) as number[];
  // A local standard beside the national one: its results ride in each row.
  sqlite.prepare("INSERT OR REPLACE INTO settings (key, value) VALUES ('local_rule_sets', ?)").run(JSON.stringify(['local-dong-nai-2022-2025']));
});
afterAll(() => core.close());

const rowsOf = (): Row[] =>
  core.db.sqlite.prepare(`SELECT ${COLUMNS} FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?) ORDER BY household_id`).all(r2023) as Row[];
const clear = (): void => {
  core.db.sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT id FROM households WHERE round_id = ?)').run(r2023);
};
const lastAudit = (): Record<string, unknown> =>
  JSON.parse(core.db.sqlite.prepare("SELECT new_value FROM audit WHERE entity = 'round' AND action = 'classify' ORDER BY id DESC LIMIT 1").pluck().get() as string) as Record<
    string,
    unknown
  >;
const tempTables = (): string[] => core.db.sqlite.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table'").pluck().all() as string[];

describe('a classification from distinct rows', () => {
  it('leaves the same rows whatever the chunk size, a row first met in one chunk reused in later ones', () => {
    const sqlite = core.db.sqlite;
    clear();
    const whole = classifyRound(sqlite, core.registry, r2023, { actor: 'test' });
    const once = rowsOf();
    expect(once.length).toBe(whole.classified);
    expect(lastAudit()).toEqual(expect.objectContaining({ written: whole.classified, removed: 0 }));
    // Far fewer distinct rows than households: the point of writing them once.
    const distinct = new Set(once.map((r) => JSON.stringify({ ...r, household_id: 0 })));
    expect(distinct.size).toBeLessThan(once.length / 3);
    for (const chunkSize of [1, 37, 500]) {
      clear();
      const s = classifyRound(sqlite, core.registry, r2023, { actor: 'test', chunkSize });
      expect(s).toEqual(whole);
      expect(rowsOf()).toEqual(once);
    }
    expect(tempTables()).not.toContain('classify_rows');
  });

  it('classified again after changes, leaves what a classification from nothing leaves, and counts what it wrote and removed', () => {
    const sqlite = core.db.sqlite;
    clear();
    classifyRound(sqlite, core.registry, r2023, { actor: 'test' });
    const before = new Map(rowsOf().map((r) => [r.household_id, r]));
    // Answers that change a result, one that makes a household unclassifiable, one saved again unchanged.
    const at = (i: number) => ids[i]!;
    for (let i = 0; i < ids.length; i += 17) sqlite.prepare('UPDATE answers SET score_a = CASE WHEN score_a > 150 THEN 100 ELSE 400 END WHERE household_id = ?').run(at(i));
    for (let i = 5; i < ids.length; i += 61) sqlite.prepare("UPDATE answers SET b2 = json_set(b2, '$.water', json('null')) WHERE household_id = ?").run(at(i));
    sqlite.prepare("UPDATE answers SET updated_at = '2999-01-01T00:00:00.000Z' WHERE household_id = ?").run(at(3));
    const summary = classifyRound(sqlite, core.registry, r2023, { actor: 'test', chunkSize: 101 });
    const again = rowsOf();
    const audit = lastAudit();

    clear();
    classifyRound(sqlite, core.registry, r2023, { actor: 'test' });
    expect(again).toEqual(rowsOf());

    const changed = again.filter((r) => JSON.stringify(before.get(r.household_id)) !== JSON.stringify(r) || r.household_id === at(3)).length;
    const removed = [...before.keys()].filter((id) => !again.some((r) => r.household_id === id)).length;
    expect(changed).toBeGreaterThan(50);
    expect(removed).toBeGreaterThan(10);
    expect(audit).toEqual(expect.objectContaining({ classified: summary.classified, skipped: summary.skipped, written: changed, removed }));
  });

  it('leaves no temporary table and no partial result when a write fails', () => {
    const sqlite = core.db.sqlite;
    clear();
    classifyRound(sqlite, core.registry, r2023, { actor: 'test' });
    const before = rowsOf();
    // Two poor households become "neither": the first is written, the last one's write is refused.
    const poor = before.filter((r) => r.status === 'poor').map((r) => r.household_id);
    const [first, last] = [poor[0]!, poor[poor.length - 1]!];
    for (const id of [first, last]) sqlite.prepare('UPDATE answers SET score_a = 999 WHERE household_id = ?').run(id);
    sqlite.exec(`CREATE TEMP TRIGGER refuse_one BEFORE UPDATE ON results WHEN new.household_id = ${last} BEGIN SELECT RAISE(ABORT, 'refused'); END`);
    try {
      expect(() => classifyRound(sqlite, core.registry, r2023, { actor: 'test', chunkSize: 200 })).toThrow(/refused/);
    } finally {
      sqlite.exec('DROP TRIGGER temp.refuse_one');
    }
    expect(rowsOf()).toEqual(before);
    expect(tempTables()).not.toContain('classify_rows');
    classifyRound(sqlite, core.registry, r2023, { actor: 'test' });
    for (const id of [first, last]) expect(rowsOf().find((r) => r.household_id === id)).toEqual(expect.objectContaining({ status: 'neither' }));
  });
});
