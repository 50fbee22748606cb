/**
 * The demo's fast bulk load (households/write.ts many rows a statement, households/bulk-load.ts
 * counting household_counts once at the end, the build's journal and cache settings in
 * demo/generate.ts) changes how the rows are written, never what is written:
 * - the same seed gives exactly the rows the one-row-a-statement build gave (checksums of the
 *   rows of a 2,000-household demo, taken from the build before the change);
 * - the tables kept by triggers (household_counts, households.score_a) end exactly as the triggers
 *   would have made them, row by row, and the word indexes as the writer of one household makes
 *   them (write.ts indexSearchPairs);
 * - the finished file is an ordinary WAL database that passes integrity_check, and a failed
 *   build leaves it empty.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, PAGE_SIZE, type Db } from '../../electron/core/db/connection';
import { buildDemo } from '../../electron/core/demo/generate';
import { loadHouseholdsInBulk } from '../../electron/core/households/bulk-load';
import { indexSearchPairs } from '../../electron/core/households/write';
import { registry as loadRuleSets, RESOURCES, tempDir } from '../helpers';
import { readUnitFile } from '../../electron/core/units/units';

const registry = loadRuleSets();
const unitFile = readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json'));
const tmp = tempDir('rasoat-bulk-');

function build(name: string, households: number, seed: number, onProgress?: (done: number, total: number) => void): Db {
  const db = openDatabase(path.join(tmp, name));
  buildDemo(db.sqlite, registry, unitFile, { households, seed, onProgress });
  return db;
}

/** The rows of each table, without ids that are not the demo's own or timestamps, in a fixed order. */
function checksums(db: Db): Record<string, string> {
  const q = (sql: string): unknown[] => db.sqlite.prepare(sql).raw().all();
  const parts: Record<string, unknown[]> = {
    households: q(`SELECT r.year, h.code, c.code, v.code, v.name, h.address, h.area, h.ethnic_minority, h.no_working_capacity, h.merit_person,
         h.female_head, h.head_name, h.head_sort, h.head_id_number, h.member_count, h.search_text, h.review_state, h.score_a
       FROM households h JOIN rounds r ON r.id = h.round_id JOIN units c ON c.id = h.commune_id LEFT JOIN units v ON v.id = h.village_id
       ORDER BY r.year, h.code`),
    members: q(`SELECT r.year, h.code, m.seq, m.person_key, m.full_name, m.sex, m.birth_date, m.id_number, m.relation, m.ethnicity,
         m.health_insurance, m.schooling, m.education, m.employment, m.disability, m.working_capacity, m.nutrition
       FROM members m JOIN households h ON h.id = m.household_id JOIN rounds r ON r.id = h.round_id ORDER BY r.year, h.code, m.seq`),
    answers: q(`SELECT r.year, h.code, a.screening, a.score_a, a.b1_items, a.b2, a.monthly_income
       FROM households h JOIN rounds r ON r.id = h.round_id JOIN answers a ON a.household_id = h.id ORDER BY r.year, h.code`),
    results: q(`SELECT r.year, h.code, res.status, res.score_b, res.deprivation_count, res.deprived, res.transition, res.refer_to_review,
         res.rule_set_id, res.rule_set_version, res.unverified, res.local
       FROM households h JOIN rounds r ON r.id = h.round_id JOIN results res ON res.household_id = h.id ORDER BY r.year, h.code`),
    causes: q(`SELECT r.year, h.code, c.cause FROM household_causes c JOIN households h ON h.id = c.household_id JOIN rounds r ON r.id = h.round_id
       ORDER BY r.year, h.code, c.cause`),
    counts: q(`SELECT r.year, c.code, v.code, hc.households, hc.members FROM household_counts hc JOIN rounds r ON r.id = hc.round_id
       JOIN units c ON c.id = hc.commune_id LEFT JOIN units v ON v.id = hc.village_id ORDER BY 1, 2, 3`),
    units: q('SELECT code, name, type, level, parent_id FROM units ORDER BY id'),
    rounds: q('SELECT year, kind, title, rule_set_id, unit_map_date, reference_date, scope_unit_id FROM rounds ORDER BY year'),
  };
  return Object.fromEntries(
    Object.entries(parts).map(([k, rows]) => [k, `${rows.length} ${crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex').slice(0, 16)}`]),
  );
}

/** Every (token, household, position) of the word indexes, pairs and words (fts5vocab reads the index itself; words: no positions). */
function searchIndex(db: Db): string {
  db.sqlite.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_pairs USING fts5vocab(main, household_search_pairs, instance)');
  db.sqlite.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_words USING fts5vocab(main, household_search_words, instance)');
  const rows = ['search_pairs', 'search_words'].map((t) => db.sqlite.prepare(`SELECT term, doc, offset FROM temp.${t} ORDER BY term, doc, offset`).raw().all());
  return crypto.createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

describe('the demo’s bulk load', () => {
  it('writes exactly the rows the one-row-a-statement build wrote for the same seed (2,000 households, seed 1)', () => {
    const db = build('same.sqlite', 2000, 1);
    try {
      // Taken from the build before the bulk load was changed (households/write.ts one row a statement,
      // household_counts by trigger, WAL throughout).
      expect(checksums(db)).toEqual({
        households: '5993 dcb1eb07326f41b7',
        members: '25885 2038a6b3f8ccbe02',
        answers: '5993 b1b3779090b04523',
        results: '5993 c00de48c5cd92194',
        causes: '1183 ccc96a34ca6d5351',
        counts: '366 07cf3bfc44eb379a',
        units: '265 9dc93f6be19fdb9a',
        rounds: '3 3f704775525fccb9',
      });
    } finally {
      db.close();
    }
  });

  it('leaves household_counts and households.score_a as the triggers would have, row by row, and the word indexes as the one-household writer', () => {
    const bulk = build('bulk.sqlite', 900, 4);
    // The same rows written one at a time into a database whose triggers all fire: households
    // without their score A (answers_score_a_insert writes it), then the answers.
    const replay = openDatabase(path.join(tmp, 'replay.sqlite'));
    try {
      const r = replay.sqlite;
      r.pragma('foreign_keys = OFF'); // units and rounds are not copied: only the triggers are compared
      r.exec(`ATTACH DATABASE '${path.join(tmp, 'bulk.sqlite')}' AS bulk`);
      const columns = (r.prepare('SELECT name FROM pragma_table_info(?)').pluck().all('households') as string[]).filter((c) => c !== 'score_a');
      const insertHousehold = r.prepare(`INSERT INTO households (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM bulk.households WHERE id = ?`);
      const insertAnswers = r.prepare('INSERT INTO answers SELECT * FROM bulk.answers WHERE household_id = ?');
      const ids = r.prepare('SELECT id FROM bulk.households ORDER BY id').pluck().all() as number[];
      r.transaction(() => {
        for (const id of ids) {
          insertHousehold.run(id);
          insertAnswers.run(id);
          // The word indexes as entry save makes them (no trigger indexes an insert).
          indexSearchPairs(r, id);
        }
      })();
      r.exec('DETACH DATABASE bulk');
      expect(ids.length).toBeGreaterThan(2500);

      const counts = (d: Db): unknown[] => d.sqlite.prepare('SELECT * FROM household_counts ORDER BY round_id, commune_id, village_id').raw().all();
      expect(counts(bulk).length).toBeGreaterThan(100);
      expect(counts(bulk)).toEqual(counts(replay));
      const scores = (d: Db): [number, number | null][] => d.sqlite.prepare('SELECT id, score_a FROM households ORDER BY id').raw().all() as [number, number | null][];
      expect(scores(replay).filter(([, s]) => s !== null).length).toBe(ids.length);
      expect(scores(bulk)).toEqual(scores(replay));
      expect(searchIndex(bulk)).toBe(searchIndex(replay));
    } finally {
      bulk.close();
      replay.close();
    }
  });

  it('without its per-row insert triggers, still gives the new households their answers’ score A and their counts, and puts the triggers back', () => {
    // A load that writes a household without its score A (not as insertHouseholds does) and then
    // its answers: answers_score_a_insert would have copied the answer's score A to the household.
    const db = build('bulk-triggers.sqlite', 300, 5);
    try {
      const s = db.sqlite;
      const triggers = (): unknown[] => s.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").all();
      const before = triggers();
      const model = s.prepare('SELECT round_id, commune_id, village_id FROM households ORDER BY id LIMIT 1').get() as { round_id: number; commune_id: number; village_id: number };
      const countOf = (): { households: number; members: number } =>
        s.prepare('SELECT households, members FROM household_counts WHERE round_id = ? AND commune_id = ? AND village_id = ?').get(model.round_id, model.commune_id, model.village_id) as {
          households: number;
          members: number;
        };
      const counted = countOf();
      const id = s.transaction(() =>
        loadHouseholdsInBulk(s, () => {
          const { lastInsertRowid } = s
            .prepare(
              `INSERT INTO households (round_id, code, commune_id, village_id, area, member_count, created_at, updated_at)
               VALUES (?, 'BULK-1', ?, ?, 'rural', 3, '2025-01-01', '2025-01-01')`,
            )
            .run(model.round_id, model.commune_id, model.village_id);
          s.prepare("INSERT INTO answers (household_id, score_a, updated_at) VALUES (?, 61.5, '2025-01-01')").run(lastInsertRowid);
          return Number(lastInsertRowid);
        }),
      )();
      expect(s.prepare('SELECT score_a FROM households WHERE id = ?').pluck().get(id)).toBe(61.5);
      expect(countOf()).toEqual({ households: counted.households + 1, members: counted.members + 3 });
      expect(triggers()).toEqual(before);
      expect(before.map((t) => (t as { name: string }).name)).toEqual(expect.arrayContaining(['household_counts_insert', 'answers_score_a_insert']));
    } finally {
      db.close();
    }
  });

  it('hands back an ordinary WAL database that passes integrity_check, with the connection’s settings as they were', () => {
    const db = openDatabase(path.join(tmp, 'settings.sqlite'));
    try {
      const settings = (): unknown[] => ['journal_mode', 'synchronous', 'cache_size', 'foreign_keys', 'threads'].map((p) => db.sqlite.pragma(p, { simple: true }));
      const before = settings();
      buildDemo(db.sqlite, registry, unitFile, { households: 300, seed: 9 });
      expect(settings()).toEqual(before);
      expect(before[0]).toBe('wal');
      expect(before[3]).toBe(1); // the build turns the foreign key checks off for its fresh file, and back on
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.sqlite.pragma('foreign_key_check')).toEqual([]);
      // Every result carries its household's round, and the triggers the build went without are back.
      expect(db.sqlite.prepare('SELECT COUNT(*) FROM results r JOIN households h ON h.id = r.household_id WHERE r.round_id IS NOT h.round_id').pluck().get()).toBe(0);
      expect(db.sqlite.prepare('SELECT COUNT(*) FROM results').pluck().get()).toBeGreaterThan(800);
      const triggers = db.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all();
      expect(triggers).toEqual(expect.arrayContaining(['results_round', 'answers_score_a_insert', 'household_counts_insert']));
      // The file's pages are the build's (a new file's 4 KiB before it): written once, kept.
      expect(db.sqlite.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    } finally {
      db.close();
    }
    // Opened again, as the app opens it: the same file, in WAL, with its households.
    const again = openDatabase(path.join(tmp, 'settings.sqlite'));
    try {
      expect(again.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(again.sqlite.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
      expect(again.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBeGreaterThan(800);
    } finally {
      again.close();
    }
  });

  it('classifies its rounds with the households’ indexes built: a head’s ID number is looked up in households_head_id alone, not by reading every household', () => {
    // Perf: with the indexes still dropped for the load, each chunk of a round whose codes had no
    // earlier result read the whole households table (1.2 s a chunk at 200,000 households a
    // round; a million-household build spent most of its time there). With the round in the
    // index (migration 18), the lookup reads no household row: 2.5 times less CPU a chunk.
    const db = openDatabase(path.join(tmp, 'plans.sqlite'));
    try {
      const prepare = db.sqlite.prepare.bind(db.sqlite);
      const plans: string[] = [];
      db.sqlite.prepare = ((source: string) => {
        if (/\.head_id_number IN \(SELECT value FROM json_each/u.test(source)) {
          // The lookup's parameters, named (@values, @year) or in order (the values, the year).
          const params = /@values\b/u.test(source) ? [{ values: '[]', year: 0 }] : ['[]', 0];
          const steps = prepare(`EXPLAIN QUERY PLAN ${source}`).all(...params) as { detail: string }[];
          plans.push(steps.map((s) => s.detail).join(' | '));
        }
        return prepare(source);
      }) as typeof db.sqlite.prepare;
      buildDemo(db.sqlite, registry, unitFile, { households: 300, seed: 9 });
      expect(plans.length).toBeGreaterThan(0);
      for (const plan of plans) {
        expect(plan).toMatch(/COVERING INDEX households_head_id/u);
        expect(plan).not.toMatch(/SCAN p\b/u);
      }
    } finally {
      db.close();
    }
  });

  it('leaves the database empty, in WAL and whole, when the build fails half-way', () => {
    const db = openDatabase(path.join(tmp, 'failed.sqlite'));
    try {
      expect(() =>
        buildDemo(db.sqlite, registry, unitFile, {
          households: 2000,
          seed: 2,
          onProgress: (done) => {
            if (done > 3000) throw new Error('stopped half-way');
          },
        }),
      ).toThrow(/stopped half-way/u);
      const count = (table: string): unknown => db.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
      for (const table of ['rounds', 'households', 'members', 'answers', 'household_counts']) expect(count(table)).toBe(0);
      expect(db.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.sqlite.pragma('integrity_check', { simple: true })).toBe('ok');
      // The indexes and triggers dropped for the load are all back.
      const fresh = openDatabase(path.join(tmp, 'fresh.sqlite'));
      const schema = (d: Db): unknown[] => d.sqlite.prepare("SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name").all();
      expect(schema(db)).toEqual(schema(fresh));
      fresh.close();
    } finally {
      db.close();
    }
  });
});
