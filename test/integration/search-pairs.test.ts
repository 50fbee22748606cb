// The word-pair index household_search_pairs (migration 20, households/search-index.ts): a search
// of two words or more asks it. It must find exactly what the names hold (words in order, next to
// each other, across members' names, the last one a word prefix: namesFound, the folded LIKE over
// households.search_text), and every writer must leave it equal to what the names give: its
// pairs are made in TypeScript (SQL cannot split words), so each write path is tried here. So is
// the index of the words by round, household_search_words (migration 24), which a search of one
// word asks: made with the pairs, by the same writers, it must find what the names hold.
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../shared/api/auth';
import type { ApiMethod } from '../../shared/api/contract';
import type { Envelope } from '../../shared/api/envelope';
import type { JobStatus } from '../../shared/api/jobs';
import { dispatch } from '../../electron/core/api/dispatch';
import { createServices, type Services } from '../../electron/core/api/services';
import { Core } from '../../electron/core/core';
import { buildDemo } from '../../electron/core/demo/generate';
import { importHouseholdList } from '../../electron/core/excel/import';
import { saveUpload } from '../../electron/core/excel/uploads';
import { listHouseholds } from '../../electron/core/households/read';
import { pairSearchQuery, searchPairsOf, searchWords, searchWordsOf, wordSearchQuery } from '../../electron/core/households/search-index';
import { SEARCH_MIGRATIONS_3, SEARCH_MIGRATIONS_4 } from '../../electron/core/households/search-migrations';
import { indexSearchPairs } from '../../electron/core/households/write';
import { setupOffice } from '../../electron/core/units/office';
import { ensureRegister } from '../../electron/core/units/register';
import { readUnitFile } from '../../electron/core/units/units';
import { fold } from '../../shared/text/fold';
import { apiOf } from '../fixtures/api';
import { seedSmall } from '../fixtures/small-db';
import { namesFound, namesFoundSql } from './name-search-oracle';
import { RESOURCES, tempDir } from '../helpers';

const dir = tempDir('rasoat-pairs-');
const UNITS = () => readUnitFile(path.join(RESOURCES, 'units', 'an-giang-chau-phu.json'));

/** What the pair index holds, household by household: its tokens in order (read back through fts5vocab). */
function pairIndex(sqlite: BetterSqlite3.Database): Map<number, string> {
  sqlite.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.pair_terms USING fts5vocab(main, household_search_pairs, instance)');
  const held = new Map<number, string[]>();
  for (const r of sqlite.prepare('SELECT doc, term FROM temp.pair_terms ORDER BY doc, offset').all() as { doc: number; term: string }[]) {
    let list = held.get(r.doc);
    if (!list) held.set(r.doc, (list = []));
    list.push(r.term);
  }
  return new Map([...held].map(([id, t]) => [id, t.join(' ')]));
}

/** What the names give: each household's pairs from its stored search text and round (none for fewer than two words). */
function pairsOfNames(sqlite: BetterSqlite3.Database): Map<number, string> {
  const rows = sqlite.prepare('SELECT id, round_id, search_text FROM households ORDER BY id').all() as { id: number; round_id: number; search_text: string }[];
  return new Map(rows.map((h) => [h.id, searchPairsOf(h.round_id, h.search_text)] as const).filter(([, p]) => p !== ''));
}

/** What the word index holds, household by household: its tokens (no positions there: in the order of their bytes). */
function wordIndex(sqlite: BetterSqlite3.Database): Map<number, string> {
  sqlite.exec('CREATE VIRTUAL TABLE IF NOT EXISTS temp.word_terms USING fts5vocab(main, household_search_words, instance)');
  const held = new Map<number, string[]>();
  for (const r of sqlite.prepare('SELECT doc, term FROM temp.word_terms').all() as { doc: number; term: string }[]) {
    let list = held.get(r.doc);
    if (!list) held.set(r.doc, (list = []));
    list.push(r.term);
  }
  return new Map([...held].map(([id, t]) => [id, t.sort().join(' ')]));
}

/** What the names give the word index: each household's words under its round, likewise sorted (none without a word). */
function wordsOfNames(sqlite: BetterSqlite3.Database): Map<number, string> {
  const rows = sqlite.prepare('SELECT id, round_id, search_text FROM households ORDER BY id').all() as { id: number; round_id: number; search_text: string }[];
  return new Map(rows.map((h) => [h.id, searchWordsOf(h.round_id, h.search_text).split(' ').sort().join(' ')] as const).filter(([, w]) => w !== ''));
}

/** Both indexes made in TypeScript hold exactly what the names give (a token missing, stale or left over fails). */
const expectCurrent = (sqlite: BetterSqlite3.Database, step: string): void => {
  expect({ step, index: pairIndex(sqlite) }).toEqual({ step, index: pairsOfNames(sqlite) });
  expect({ step, words: wordIndex(sqlite) }).toEqual({ step, words: wordsOfNames(sqlite) });
};

describe('the pair index finds what the names hold', () => {
  let core: Core;
  let rounds: number[];
  beforeAll(() => {
    core = new Core({ dbPath: path.join(dir, 'same.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
    buildDemo(core.db.sqlite, core.registry, UNITS(), { households: 500, seed: 17 });
    rounds = core.db.sqlite.prepare('SELECT id FROM rounds ORDER BY id').pluck().all() as number[];
    // Texts that are not plain words (punctuation, a doubled space, an empty name, letters outside ASCII, "_"), as a writer may store them.
    const odd = ['nguyen-van an', 'le thi |  | nguyen van', 'tran thi|hoa binh', 'pham (nguyen) van duc', 'ñguyen van ø', 'nguyen_van_duc', 'thi', ''];
    const ids = core.db.sqlite.prepare('SELECT id FROM households WHERE round_id = ? ORDER BY id LIMIT ?').pluck().all(rounds[1], odd.length) as number[];
    odd.forEach((t, i) => {
      core.db.sqlite.prepare('UPDATE households SET search_text = ? WHERE id = ?').run(t, ids[i]);
      indexSearchPairs(core.db.sqlite, ids[i]!);
    });
  }, 300_000);
  afterAll(() => core?.close());

  it('for searches of two to four words cut anywhere in the last one, in every round, the pair index gives the households whose names hold them', () => {
    const sqlite = core.db.sqlite;
    const texts = sqlite.prepare('SELECT search_text FROM households WHERE id % 7 = 0 OR search_text GLOB ? ').pluck().all('*[^a-z |]*') as string[];
    const searches = new Set<string>(['nguyen van', 'nguyen van d', 'Nguyễn Văn Đức', 'thi hoa', 'van an', 'hoa binh', 'nguyen van duc', 'thi h', 'ñguyen v', 'van ø']);
    texts.forEach((t, i) => {
      const words = searchWords(t);
      const n = 2 + (i % 3);
      if (words.length < n) return;
      const from = i % (words.length - n + 1);
      const picked = words.slice(from, from + n);
      const last = picked[n - 1]!;
      picked[n - 1] = last.slice(0, 1 + (i % last.length));
      searches.add(picked.join(' '));
    });
    expect(searches.size).toBeGreaterThan(50);
    let found = 0;
    for (const round of rounds) {
      for (const s of searches) {
        const words = searchWords(fold(s));
        const byWords = namesFound(sqlite, round, s);
        const byPairs = sqlite.prepare('SELECT rowid FROM household_search_pairs WHERE household_search_pairs MATCH ? ORDER BY rowid').pluck().all(pairSearchQuery(round, words));
        expect({ round, s, ids: byPairs }).toEqual({ round, s, ids: byWords });
        found += byPairs.length;
      }
    }
    expect(found).toBeGreaterThan(500);
  });

  it('for one-word searches of one letter to the whole word, in every round, the word index gives the households whose names hold the word', () => {
    const sqlite = core.db.sqlite;
    const texts = sqlite.prepare('SELECT search_text FROM households WHERE id % 5 = 0 OR search_text GLOB ? ').pluck().all('*[^a-z |]*') as string[];
    const searches = new Set<string>(['duc', 'an', 'a', 'Đức', 'ng', 'nguyen', 'ñ', 'ø', 'thi', 'zz', '9']);
    texts.forEach((t, i) => {
      const words = searchWords(t);
      if (words.length === 0) return;
      const w = words[i % words.length]!;
      searches.add(w.slice(0, 1 + (i % w.length)));
    });
    expect(searches.size).toBeGreaterThan(40);
    let found = 0;
    for (const round of rounds) {
      for (const s of searches) {
        const [word] = searchWords(fold(s));
        const byText = namesFound(sqlite, round, s);
        const byWords = sqlite.prepare('SELECT rowid FROM household_search_words WHERE household_search_words MATCH ? ORDER BY rowid').pluck().all(wordSearchQuery(round, word!));
        expect({ round, s, ids: byWords }).toEqual({ round, s, ids: byText });
        found += byWords.length;
      }
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('the list of a two-word search, found from the pair index or walked with its LIKE test (a broad one), is the list of the households whose names hold them', async () => {
    const sqlite = core.db.sqlite;
    const round = rounds[1]!;
    for (const [search, cap] of [['nguyen van', 5], ['nguyen van', 100_000], ['thi h', 5], ['van an', 100_000]] as const) {
      const want = sqlite
        .prepare(`SELECT h.id FROM households h WHERE h.round_id = ? AND ${namesFoundSql(sqlite, round, search)} ORDER BY h.head_sort, h.id`)
        .pluck()
        .all(round) as number[];
      expect(want.length).toBeGreaterThan(5);
      const got: number[] = [];
      for (let offset = 0; ; offset += 50) {
        const page = await listHouseholds(core.db.kysely, { roundId: round, search, sort: 'name', dir: 'asc', offset, limit: 50 }, { countCap: cap });
        got.push(...page.rows.map((r) => r.id));
        if (page.rows.length < 50) break;
      }
      expect({ search, cap, got }).toEqual({ search, cap, got: want });
    }
  }, 120_000);

  it('a found list counts its households and adds up its totals row in the page’s own pass; a page past its end still counts them', async () => {
    const sqlite = core.db.sqlite;
    const round = rounds[1]!;
    const rows = sqlite
      .prepare(
        `SELECT h.member_count AS m, res.status AS s FROM households h LEFT JOIN results res ON res.household_id = h.id
         WHERE h.round_id = ? AND h.id IN (SELECT rowid FROM household_search_pairs WHERE household_search_pairs MATCH ?)`,
      )
      .all(round, pairSearchQuery(round, ['nguyen', 'van'])) as { m: number; s: string | null }[];
    expect(rows.length).toBeGreaterThan(10);
    const byStatus = { poor: 0, near_poor: 0, neither: 0, middle_income: 0, unclassified: 0 };
    for (const r of rows) byStatus[(r.s ?? 'unclassified') as keyof typeof byStatus]++;
    const want = { households: rows.length, members: rows.reduce((n, r) => n + r.m, 0), byStatus };
    for (const offset of [0, rows.length - 1, rows.length, rows.length + 50]) {
      const page = await listHouseholds(core.db.kysely, { roundId: round, search: 'nguyen van', sort: 'name', dir: 'asc', offset, limit: 20, totals: true });
      expect({ offset, total: page.total, rows: page.rows.length, totals: page.totals }).toEqual({ offset, total: rows.length, rows: Math.max(0, Math.min(20, rows.length - offset)), totals: want });
    }
  });

  it('the demo fills it as the names give (and migrations 20 and 24 build the same indexes from a database made before them)', () => {
    const sqlite = core.db.sqlite;
    expectCurrent(sqlite, 'demo and odd texts');
    const before = pairIndex(sqlite);
    sqlite.exec('DROP TRIGGER households_search_pairs_update; DROP TRIGGER households_search_pairs_delete; DROP TABLE household_search_pairs; DROP TABLE temp.pair_terms');
    sqlite.transaction(() => SEARCH_MIGRATIONS_3.find((m) => m.version === 20)!.up(sqlite))();
    expect(pairIndex(sqlite)).toEqual(before);
    expect(sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'households_search_pairs_%'").pluck().get()).toBe(2);
    const words = wordIndex(sqlite);
    expect(words.size).toBeGreaterThan(1000);
    sqlite.exec('DROP TRIGGER households_search_words_update; DROP TRIGGER households_search_words_delete; DROP TABLE household_search_words; DROP TABLE temp.word_terms');
    sqlite.transaction(() => SEARCH_MIGRATIONS_4.find((m) => m.version === 24)!.up(sqlite))();
    expect(wordIndex(sqlite)).toEqual(words);
    expect(sqlite.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'households_search_words_%'").pluck().get()).toBe(2);
  });
});

describe('every writer leaves the pair index equal to what the names give', () => {
  let core: Core;
  let services: Services;
  let seed: ReturnType<typeof seedSmall>;
  beforeAll(() => {
    core = new Core({ dbPath: path.join(dir, 'paths.sqlite'), resourcesDir: RESOURCES, actor: 'cán bộ xã', backupDir: path.join(dir, 'backups') });
    seed = seedSmall(core);
    services = createServices(core);
  });
  afterAll(async () => {
    await core?.jobs.close();
    core?.close();
  });
  const { call } = apiOf(() => services);
  const found = async (search: string): Promise<number[]> =>
    (await call('households.list', { roundId: seed.roundId, search, limit: 50, offset: 0, sort: 'name', dir: 'asc' })).rows.map((r) => r.id);

  it('insertHouseholds (the seed), entry save of a stored household and of a new one, household update', async () => {
    const sqlite = core.db.sqlite;
    expectCurrent(sqlite, 'seed');
    const id = seed.householdIds[0]!;
    const { form } = await call('entry.form', { householdId: id });
    const renamed = { ...form, members: form.members.map((m, i) => (i === 1 ? { ...m, fullName: 'Trần Thị Quỳnh Hoa' } : m)) };
    await call('entry.save', { roundId: seed.roundId, householdId: id, form: renamed });
    expectCurrent(sqlite, 'entry save, a member renamed');
    expect(await found('Dũng Trần Thị Quỳnh')).toEqual([id]);
    expect(await found('tran thi huong')).toEqual([]);
    const created = await call('entry.save', { roundId: seed.roundId, householdId: null, form: { ...renamed, code: undefined, members: renamed.members.map(({ id: _id, ...m }) => m) } });
    expectCurrent(sqlite, 'entry save, a new household');
    expect((await found('thi quynh hoa')).sort()).toEqual([id, created.householdId].sort());
    await call('households.update', { householdId: id, changes: { address: 'Tổ 9' } });
    expectCurrent(sqlite, 'household update');
  });

  it('Excel import: a new household, and a stored one whose names change', async () => {
    const sqlite = core.db.sqlite;
    const file = path.join(dir, 'pairs.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Bình Mỹ');
    ws.addRow(['Mã hộ', 'Họ và tên', 'Ngày sinh', 'Giới tính', 'Quan hệ với chủ hộ', 'Ấp', 'Điểm B1']);
    ws.addRow(['30487-00090', 'Võ Văn Mới', '01/02/1970', 'Nam', 'Chủ hộ', 'Bình Hưng', 150]);
    ws.addRow(['30487-00003', 'Lê Văn Tám Mươi', '01/05/1980', 'Nam', 'Chủ hộ', 'Bình Hưng', 190]);
    await wb.xlsx.writeFile(file);
    const s = await importHouseholdList(sqlite, { file, roundId: seed.roundId, unitCode: '30487', actor: 'test', backupDir: path.join(dir, 'backups'), dryRun: false });
    expect(s.households).toMatchObject({ created: 1, updated: 1 });
    expectCurrent(sqlite, 'Excel import');
    expect(await found('tam muoi')).toEqual([seed.householdIds[2]!]);
    expect(await found('van tam le')).toEqual([]);
  });

  it('a new round started from this one, then deleted', async () => {
    const sqlite = core.db.sqlite;
    const started = await call('rounds.start', {
      fromRoundId: seed.roundId,
      year: 2024,
      kind: 'periodic',
      title: 'Rà soát định kỳ năm 2024',
      ruleSetId: 'vn-2022-2026',
      unitMapDate: '2024-09-01',
      referenceDate: '2024-09-01',
    });
    const copied = sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(started.roundId) as number;
    expect(copied).toBeGreaterThan(3);
    expectCurrent(sqlite, 'round start');
    await call('rounds.delete', { roundId: started.roundId });
    expect(sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ?').pluck().get(started.roundId)).toBe(0);
    expectCurrent(sqlite, 'round deleted');
  });

  it('a writer that changes search_text without indexing the pairs again leaves the household unfound by pairs, never found by its old names', async () => {
    const sqlite = core.db.sqlite;
    const id = seed.householdIds[2]!;
    const words = searchWords(sqlite.prepare('SELECT search_text FROM households WHERE id = ?').pluck().get(id) as string);
    const old = words.slice(0, 2).join(' ');
    // A word of its old names that no other household of the round has (one word: the word index's search).
    const own = words.find((w) => !/moi/u.test(w) && sqlite.prepare('SELECT COUNT(*) FROM households WHERE round_id = ? AND search_text LIKE ?').pluck().get(seed.roundId, `%${w}%`) === 1)!;
    expect(own).toBeDefined();
    expect(await found(old)).toContain(id);
    expect(await found(own)).toEqual([id]);
    sqlite.prepare("UPDATE households SET search_text = 'ho moi ten moi' WHERE id = ?").run(id);
    expect(pairIndex(sqlite).has(id)).toBe(false);
    expect(wordIndex(sqlite).has(id)).toBe(false);
    expect(await found(old)).not.toContain(id);
    expect(await found(own)).toEqual([]);
    expect(await found('moi')).not.toContain(id);
    indexSearchPairs(sqlite, id);
    expectCurrent(sqlite, 'indexed again');
    expect(await found('ten moi')).toEqual([id]);
    expect(await found('moi')).toContain(id);
  });
});

describe('the exchange import leaves the pair index equal to what the names give', () => {
  const PASS = 'mat-khau-goi-cap-tu';
  let a: Core;
  let b: Core;
  beforeAll(() => {
    a = new Core({ dbPath: path.join(dir, 'xa.sqlite'), resourcesDir: RESOURCES, actor: 'test', backupDir: path.join(dir, 'backups-a') });
    buildDemo(a.db.sqlite, a.registry, UNITS(), { households: 120, seed: 5 });
    b = new Core({ dbPath: path.join(dir, 'tinh.sqlite'), resourcesDir: RESOURCES, actor: 'test', backupDir: path.join(dir, 'backups-b') });
    ensureRegister(b.db.sqlite, RESOURCES, 'test');
    setupOffice(b.db.sqlite, '91', 'test');
  }, 240_000);
  afterAll(async () => {
    await a?.jobs.close();
    await b?.jobs.close();
    a?.close();
    b?.close();
  });

  const officer = { userId: 901, name: 'canbo', fullName: 'canbo', role: 'officer' as Role, villageIds: [] };
  async function callAs<T>(core: Core, method: ApiMethod, input: unknown): Promise<T> {
    const e = (await dispatch(createServices(core), method, input, { caller: officer })) as Envelope<T>;
    if (!e.ok) throw new Error(`${e.error.code}: ${e.error.message}`);
    return e.value;
  }
  async function carry(): Promise<void> {
    const s = a.db.sqlite;
    const roundId = s.prepare('SELECT id FROM rounds WHERE year = 2025').pluck().get() as number;
    const communeId = s.prepare(`SELECT id FROM units WHERE code = '30487' AND level = 'commune' AND valid_from = '2025-07-01'`).pluck().get() as number;
    const started = await callAs<JobStatus>(a, 'jobs.start', { kind: 'exchange.export', input: { roundId, communeId, passphrase: PASS } });
    const job = await a.jobs.wait(started.id);
    expect(job.state, job.error?.message).toBe('done');
    const upload = saveUpload(b.options.dbPath, fs.readFileSync(a.jobs.file(job.id).path));
    await callAs(b, 'exchange.import', { upload, passphrase: PASS });
  }

  it('new households, then a member renamed in the commune', async () => {
    await carry();
    expect(b.db.sqlite.prepare('SELECT COUNT(*) FROM households').pluck().get()).toBeGreaterThan(10);
    expectCurrent(b.db.sqlite, 'exchange import, new households');
    const s = a.db.sqlite;
    const m = s
      .prepare(
        `SELECT m.id, h.code FROM members m JOIN households h ON h.id = m.household_id JOIN rounds r ON r.id = h.round_id JOIN units c ON c.id = h.commune_id
         WHERE r.year = 2025 AND c.code = '30487' AND m.seq = 2 LIMIT 1`,
      )
      .get() as { id: number; code: string };
    s.prepare("UPDATE members SET full_name = 'Xa Văn Lạ' WHERE id = ?").run(m.id);
    s.prepare("UPDATE households SET updated_at = '2099-01-01T00:00:00.000Z' WHERE code = ?").run(m.code);
    await carry();
    expectCurrent(b.db.sqlite, 'exchange import, a member renamed');
    const renamed = b.db.sqlite.prepare("SELECT COUNT(*) FROM households WHERE search_text LIKE '%xa van la%'").pluck().get();
    expect(renamed).toBe(1);
  }, 240_000);
});

describe('the demo drawn in a helper thread (demo/draw-ahead.ts) fills the pair index as the names give', () => {
  it('every household of the three rounds, its pairs as its names give', () => {
    const core = new Core({ dbPath: path.join(dir, 'ahead.sqlite'), resourcesDir: RESOURCES, actor: 'test' });
    try {
      buildDemo(core.db.sqlite, core.registry, UNITS(), { households: 400, seed: 23, drawAhead: true });
      expect(pairsOfNames(core.db.sqlite).size).toBeGreaterThan(1000);
      expectCurrent(core.db.sqlite, 'demo drawn ahead');
    } finally {
      core.close();
    }
  }, 300_000);
});
