import type BetterSqlite3 from 'better-sqlite3';
import { ID_BYTES_SPAN, markIds } from './id-bytes';

/**
 * The households of a round outside its large class and transition, in name order (migration 21).
 *
 * A page deep inside "neither poor nor near poor" (most of a round) or "same as before" (most of
 * a round again) sorted by class or transition walked the round in name order testing each
 * household against the other classes' set (read.ts notIn): at a million households, the page in
 * the middle 176–190 ms, 0.4 µs for each of 400,000 households. The round's name index can be
 * counted along without a test at about 0.02 µs a household: the k-th household of the large
 * group is the k-th of the round not among the others, and the others before a name are counted
 * on this table, which holds them in name order (read.ts bulkGroupPage). Only the others are
 * kept: 112,000 and 64,000 of a million households, filled in 0.7 s; every household of the round
 * in name order for each kind (and score B, whose scores are more evenly spread) cost 2.2 s a
 * kind, too much for a classification's 10 s.
 *
 * One row a household and kind: (round, kind, value, head_sort, household). Kind 1: the class of
 * the result; kind 2: its transition ('' for none); each but the round's large value
 * (NAME_ORDER_BULK: the most results when the round was last filled, "neither" and "same" in a
 * later round, none in a first one: every value in name order cost 2.2 s a kind). Kept exact
 * by the triggers below on every write of a result (one household's classification, an import)
 * or of a household's name, or a household's removal; a whole-round classification drops them and
 * refills the round in one sorted pass (fillNameOrder), which appends to the b-tree instead of
 * writing all over it (row by row, a name-ordered index cost 19 s more a classification of a
 * million households).
 */
export const NAME_ORDER = 'results_by_name';

/** Each round's large value of each kind (migration 21), the one NAME_ORDER leaves out. */
export const NAME_ORDER_BULK = 'results_by_name_bulk';

/**
 * Each round's results by class and transition ('' none), kept exact by the same triggers and
 * refilled with NAME_ORDER (migration 21): a sort by class or transition needs each group's size,
 * and counting the large class on results_round_status read its 888,000 entries at a million
 * households (25 ms of the page in the middle, for every request).
 */
export const RESULT_COUNTS = 'result_counts';

/** A kind of row of NAME_ORDER: the value of result `r` it stores, and when it has one (always, unless said). */
interface OrderKind {
  kind: number;
  value: (r: string) => string;
  has?: (r: string) => string;
}
export const ORDER_KINDS = {
  status: { kind: 1, value: (r) => `${r}.status` },
  transition: { kind: 2, value: (r) => `COALESCE(${r}.transition, '')` },
  // Score B as text (the column's type): a result without one has no row (migration 26).
  scoreB: { kind: 3, value: (r) => `CAST(${r}.score_b AS TEXT)`, has: (r) => `${r}.score_b IS NOT NULL` },
} as const satisfies Record<string, OrderKind>;
/** Every kind the triggers keep (migration 26); migration 21 made them for the first two. */
const KINDS: readonly OrderKind[] = Object.values(ORDER_KINDS);
/** The kinds fillNameOrder fills in one sorted statement (score B is filled apart: fillScoreOrder). */
const NAME_KINDS: readonly OrderKind[] = [ORDER_KINDS.status, ORDER_KINDS.transition];
/** Whether result `r` has a row of kind `k`: a result of a round, with a value of the kind, not the round's large one. */
const kept = (k: OrderKind, r: string): string =>
  `${r}.round_id IS NOT NULL${k.has ? ` AND ${k.has(r)}` : ''} AND ${k.value(r)} IS NOT (SELECT b.value FROM ${NAME_ORDER_BULK} b WHERE b.round_id = ${r}.round_id AND b.kind = ${k.kind})`;

/** The triggers that keep NAME_ORDER and RESULT_COUNTS exact (dropped by a classification, which refills the round). */
export const NAME_ORDER_TRIGGERS = ['results_by_name_insert', 'results_by_name_update', 'results_by_name_delete', 'households_by_name_delete', 'households_by_name_sort'];

/** Adds the rows of result `r` (new or old) of household `id` named `sort`, for a result with its round. */
const insertRows = (kinds: readonly OrderKind[], r: string, sort: string): string =>
  kinds
    .map(
      (k) => `INSERT INTO ${NAME_ORDER} (round_id, kind, value, head_sort, household_id)
      SELECT ${r}.round_id, ${k.kind}, ${k.value(r)}, ${sort}, ${r}.household_id WHERE ${kept(k, r)};`,
    )
    .join('\n');
/** Removes the rows of result `r` of household `id` named `sort` (a seek each: the whole key is known; none for a value NULL). */
const deleteRows = (kinds: readonly OrderKind[], r: string, sort: string): string =>
  kinds
    .map((k) => `DELETE FROM ${NAME_ORDER} WHERE round_id = ${r}.round_id AND kind = ${k.kind} AND value = ${k.value(r)} AND head_sort = ${sort} AND household_id = ${r}.household_id;`)
    .join('\n');
/** Result `r` counted (+1) or no longer (-1) in RESULT_COUNTS. */
const count = (r: string, by: 1 | -1): string =>
  by > 0
    ? `INSERT INTO ${RESULT_COUNTS} (round_id, status, transition, n) SELECT ${r}.round_id, ${r}.status, ${ORDER_KINDS.transition.value(r)}, 1 WHERE ${r}.round_id IS NOT NULL
         ON CONFLICT DO UPDATE SET n = n + 1;`
    : `UPDATE ${RESULT_COUNTS} SET n = n - 1 WHERE round_id = ${r}.round_id AND status = ${r}.status AND transition = ${ORDER_KINDS.transition.value(r)};`;
const nameOf = (r: string): string => `(SELECT h.head_sort FROM households h WHERE h.id = ${r}.household_id)`;
/** The rows of household `old`, by its result, read by id (each value a constant: a seek of the key). */
const rowsOfHousehold = (k: OrderKind, sort: string): string => {
  const of = (column: string): string => `(SELECT ${column} FROM results r WHERE r.household_id = old.id)`;
  return `WHERE round_id = ${of('r.round_id')} AND kind = ${k.kind} AND value = ${of(k.value('r'))} AND head_sort = ${sort} AND household_id = old.id`;
};
/** The results' columns the rows of `kinds` are made from (a change of any other leaves them). */
const COLUMNS_OF: Record<number, string> = { [ORDER_KINDS.status.kind]: 'status', [ORDER_KINDS.transition.kind]: 'transition', [ORDER_KINDS.scoreB.kind]: 'score_b' };

/** The triggers that keep NAME_ORDER's rows of `kinds` and RESULT_COUNTS exact (NAME_ORDER_TRIGGERS): migration 21 made them for its two kinds, 26 for the three. */
const nameOrderTriggers = (kinds: readonly OrderKind[]): string => {
  const columns = ['round_id', ...kinds.map((k) => COLUMNS_OF[k.kind]!)];
  return `
  CREATE TRIGGER results_by_name_insert AFTER INSERT ON results WHEN new.round_id IS NOT NULL BEGIN
    ${insertRows(kinds, 'new', nameOf('new'))}
    ${count('new', 1)}
  END;
  CREATE TRIGGER results_by_name_update AFTER UPDATE OF ${columns.join(', ')} ON results
    WHEN ${columns.map((c) => `old.${c} IS NOT new.${c}`).join(' OR ')} BEGIN
    ${deleteRows(kinds, 'old', nameOf('old'))}
    ${insertRows(kinds, 'new', nameOf('new'))}
    ${count('old', -1)}
    ${count('new', 1)}
  END;
  -- (A result removed with its household: the household's trigger below has removed its rows, the name no longer found.)
  CREATE TRIGGER results_by_name_delete AFTER DELETE ON results BEGIN
    ${deleteRows(kinds, 'old', nameOf('old'))}
    ${count('old', -1)}
  END;
  CREATE TRIGGER households_by_name_delete BEFORE DELETE ON households BEGIN
    ${kinds.map((k) => `DELETE FROM ${NAME_ORDER} ${rowsOfHousehold(k, 'old.head_sort')};`).join('\n')}
  END;
  CREATE TRIGGER households_by_name_sort AFTER UPDATE OF head_sort ON households WHEN old.head_sort IS NOT new.head_sort BEGIN
    ${kinds.map((k) => `UPDATE ${NAME_ORDER} SET head_sort = new.head_sort ${rowsOfHousehold(k, 'old.head_sort')};`).join('\n')}
  END;
`;
};

/** The table and its triggers (migration 21: a class and a transition). */
export const NAME_ORDER_SCHEMA = `
  CREATE TABLE ${NAME_ORDER} (
    round_id INTEGER NOT NULL, kind INTEGER NOT NULL, value TEXT NOT NULL, head_sort TEXT NOT NULL, household_id INTEGER NOT NULL,
    PRIMARY KEY (round_id, kind, value, head_sort, household_id)
  ) WITHOUT ROWID;
  CREATE TABLE ${NAME_ORDER_BULK} (round_id INTEGER NOT NULL, kind INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (round_id, kind)) WITHOUT ROWID;
  CREATE TABLE ${RESULT_COUNTS} (
    round_id INTEGER NOT NULL, status TEXT NOT NULL, transition TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (round_id, status, transition)
  ) WITHOUT ROWID;
  ${nameOrderTriggers(NAME_KINDS)}
`;

/** The triggers again, for every kind (migration 26: score B's rows too). */
export const NAME_ORDER_TRIGGERS_26 = `
  ${NAME_ORDER_TRIGGERS.map((t) => `DROP TRIGGER ${t};`).join('\n')}
  ${nameOrderTriggers(KINDS)}
`;

/**
 * Fills NAME_ORDER (a class and a transition) and RESULT_COUNTS for a round from its results, replacing what they held: each kind's large value
 * (the most results) chosen anew and left out, the rest sorted first, so that it is appended to
 * the table's b-tree in order. The households' names are read by id from the list's covering
 * index (households_list, migration 19), once for a household with rows of both kinds: one walk
 * of the round's results, each household outside both large values read once and given its one
 * or two rows, one sort. Measured at a million households (of which 112,000 not "neither", 64,000
 * not "same", 146,000 not both), in a transaction rolled back (test/bench/classify-refill-probe.ts):
 * a statement a kind, 0.61 s of CPU (each kind walked the round and read its households' names:
 * 176,000 lookups); one statement, 0.5 s. Score B's rows: fillScoreOrder.
 */
export function fillNameOrder(sqlite: BetterSqlite3.Database, roundId: number): void {
  const ofKinds = `round_id = ? AND kind IN (${NAME_KINDS.map((k) => k.kind).join(', ')})`;
  for (const table of [NAME_ORDER, NAME_ORDER_BULK]) sqlite.prepare(`DELETE FROM ${table} WHERE ${ofKinds}`).run(roundId);
  sqlite.prepare(`DELETE FROM ${RESULT_COUNTS} WHERE round_id = ?`).run(roundId);
  // Each kind's value counts, from one walk of results_round_status in its order (no sort): RESULT_COUNTS.
  const counts = sqlite
    .prepare(`SELECT ${NAME_KINDS.map((k) => `${k.value('r')} AS k${k.kind}`).join(', ')}, COUNT(*) AS n FROM results r WHERE r.round_id = ? GROUP BY r.status, r.transition`)
    .all(roundId) as Record<string, string | number>[];
  const addCount = sqlite.prepare(`INSERT INTO ${RESULT_COUNTS} (round_id, status, transition, n) VALUES (?, ?, ?, ?)`);
  for (const c of counts) addCount.run(roundId, c[`k${ORDER_KINDS.status.kind}`], c[`k${ORDER_KINDS.transition.kind}`], c.n);
  // Each kind's large value (none in a round without results: no rows either).
  const bulks = NAME_KINDS.map((k) => {
    const of = new Map<string, number>();
    for (const c of counts) of.set(c[`k${k.kind}`] as string, (of.get(c[`k${k.kind}`] as string) ?? 0) + Number(c.n));
    return [...of].sort((a, b) => b[1] - a[1])[0]?.[0];
  });
  if (bulks.some((b) => b === undefined)) return;
  fillSorted(sqlite, roundId, NAME_KINDS, bulks as string[]);
}

/**
 * The rows of `kinds` for a round (each kind's large value `bulks[i]`, recorded in NAME_ORDER_BULK
 * here and left out), from one walk of its results, each one's name read by id, sorted.
 */
function fillSorted(sqlite: BetterSqlite3.Database, roundId: number, kinds: readonly OrderKind[], bulks: readonly string[]): void {
  const addBulk = sqlite.prepare(`INSERT INTO ${NAME_ORDER_BULK} (round_id, kind, value) VALUES (?, ?, ?)`);
  kinds.forEach((k, i) => addBulk.run(roundId, k.kind, bulks[i]));
  // (The large values bound, rather than looked up for each result as the triggers do. CROSS JOIN
  // keeps SQLite's order: the name read for each result, then its kinds; joined the other way it
  // was read once a row. A value NULL — no score B — has no row.)
  const valueOf = `CASE k.kind ${kinds.map((k) => `WHEN ${k.kind} THEN ${k.value('r')}`).join(' ')} END`;
  sqlite
    .prepare(
      `INSERT INTO ${NAME_ORDER} (round_id, kind, value, head_sort, household_id)
       SELECT r.round_id, k.kind, ${valueOf}, h.head_sort, h.id
       FROM results r CROSS JOIN households h INDEXED BY households_list ON h.id = r.household_id
         CROSS JOIN (${kinds.map((k) => `SELECT ${k.kind} AS kind, @bulk${k.kind} AS bulk`).join(' UNION ALL ')}) k ON ${valueOf} IS NOT NULL AND ${valueOf} IS NOT k.bulk
       WHERE r.round_id = @roundId AND NOT (${kinds.map((k) => `${k.value('r')} IS @bulk${k.kind}`).join(' AND ')})
       ORDER BY 1, 2, 3, 4, 5`,
    )
    .run({ roundId, ...Object.fromEntries(kinds.map((k, i) => [`bulk${k.kind}`, bulks[i]])) });
}

/**
 * Each round's results by score B (the results without one left out), kept exact by the triggers
 * below and refilled by a classification with NAME_ORDER (migration 23, fillScoreCounts): the
 * whole round sorted by score B needs the scores' sizes from the list's end to its page, and
 * counting them on results_round_score_b read up to 1.8 million entries at a million households
 * (44 ms of the page in the middle ascending, more descending: the households without a score are
 * the round less those with one). The refill is one GROUP BY along that index (about 50 ms).
 */
export const SCORE_COUNTS = 'result_score_counts';

/** The triggers that keep SCORE_COUNTS exact (dropped by a classification with NAME_ORDER_TRIGGERS: LIST_ORDER_TRIGGERS). */
export const SCORE_COUNT_TRIGGERS = ['result_score_counts_insert', 'result_score_counts_update', 'result_score_counts_delete'];

/** Result `r` counted (+1) or no longer (-1) in SCORE_COUNTS, when it has a round and a score. */
const countScore = (r: string, by: 1 | -1): string =>
  by > 0
    ? `INSERT INTO ${SCORE_COUNTS} (round_id, score_b, n) SELECT ${r}.round_id, ${r}.score_b, 1 WHERE ${r}.round_id IS NOT NULL AND ${r}.score_b IS NOT NULL
         ON CONFLICT DO UPDATE SET n = n + 1;`
    : `UPDATE ${SCORE_COUNTS} SET n = n - 1 WHERE round_id = ${r}.round_id AND score_b = ${r}.score_b;`;

/** The table and its triggers (migration 23). */
export const SCORE_COUNTS_SCHEMA = `
  CREATE TABLE ${SCORE_COUNTS} (round_id INTEGER NOT NULL, score_b INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (round_id, score_b)) WITHOUT ROWID;
  CREATE TRIGGER result_score_counts_insert AFTER INSERT ON results WHEN new.round_id IS NOT NULL AND new.score_b IS NOT NULL BEGIN
    ${countScore('new', 1)}
  END;
  CREATE TRIGGER result_score_counts_update AFTER UPDATE OF round_id, score_b ON results
    WHEN old.round_id IS NOT new.round_id OR old.score_b IS NOT new.score_b BEGIN
    ${countScore('old', -1)}
    ${countScore('new', 1)}
  END;
  CREATE TRIGGER result_score_counts_delete AFTER DELETE ON results WHEN old.round_id IS NOT NULL AND old.score_b IS NOT NULL BEGIN
    ${countScore('old', -1)}
  END;
`;

/** Fills SCORE_COUNTS for a round from its results, replacing what it held: one walk of results_round_score_b in its order (no sort; SQLite picks it: not named, as a demo classifies with the indexes dropped). */
export function fillScoreCounts(sqlite: BetterSqlite3.Database, roundId: number): void {
  sqlite.prepare(`DELETE FROM ${SCORE_COUNTS} WHERE round_id = ?`).run(roundId);
  sqlite
    .prepare(
      `INSERT INTO ${SCORE_COUNTS} (round_id, score_b, n)
       SELECT round_id, score_b, COUNT(*) FROM results WHERE round_id = ? AND score_b IS NOT NULL GROUP BY score_b`,
    )
    .run(roundId);
}

/**
 * Fills score B's rows of NAME_ORDER (kind 3, migration 26) for a round, replacing what it held,
 * from SCORE_COUNTS (fillScoreCounts first): the score of the most results left out
 * (NAME_ORDER_BULK), every other score's households in name order, for a page deep inside a score
 * of the round sorted by score B (read.ts scorePages). Those are most of the round (at a million
 * households 582,000: 418,000 of score 10 left out), too many to read each one's name by id and
 * sort as fillSorted does: measured in a transaction rolled back (test/bench/score-name-fill-probe.ts,
 * load 1), 1.4 s of CPU. Here the others' ids are read by score into one byte an id (their score's
 * place among them: id-bytes.ts), and the round's name index (households_round_sort) walked once,
 * each household given its score's row by its byte: each score's rows come in name order, appended
 * to its stretch of the table (no sort, no read by id). 0.63–0.68 s of CPU (the walk 0.16–0.2 s).
 * Ids past ID_BYTES_SPAN, or more scores than a byte holds: fillSorted.
 */
export function fillScoreOrder(sqlite: BetterSqlite3.Database, roundId: number): void {
  const k = ORDER_KINDS.scoreB;
  for (const table of [NAME_ORDER, NAME_ORDER_BULK]) sqlite.prepare(`DELETE FROM ${table} WHERE round_id = ? AND kind = ?`).run(roundId, k.kind);
  // The scores by their results, most first (a round without a score: no rows, none left out).
  const scores = sqlite
    .prepare(`SELECT score_b AS x, CAST(score_b AS TEXT) AS v FROM ${SCORE_COUNTS} WHERE round_id = ? AND n > 0 ORDER BY n DESC, score_b`)
    .all(roundId) as { x: number; v: string }[];
  if (scores.length === 0) return;
  const [bulk, ...others] = scores;
  const hi = Number(sqlite.prepare('SELECT MAX(id) FROM households').pluck().get() ?? 0);
  if (hi >= ID_BYTES_SPAN || others.length > 255) {
    fillSorted(sqlite, roundId, [k], [bulk!.v]);
    return;
  }
  sqlite.prepare(`INSERT INTO ${NAME_ORDER_BULK} (round_id, kind, value) VALUES (?, ?, ?)`).run(roundId, k.kind, bulk!.v);
  if (others.length === 0) return;
  // The others' ids, a score at a time (results_round_score_b in its order; a demo classifies with
  // the results' indexes dropped: not named), each id's byte its score's place among them, 1 on.
  const bytes = Buffer.alloc(Math.max(1, hi));
  const place = new Map(others.map((o, i) => [o.x, i + 1]));
  const read = sqlite
    .prepare(`SELECT score_b AS x, CAST(group_concat(household_id) AS BLOB) AS ids FROM results WHERE round_id = ? AND score_b IN (${others.map(() => '?').join(', ')}) GROUP BY score_b`)
    .all(roundId, ...others.map((o) => o.x)) as { x: number; ids: Buffer }[];
  for (const r of read) markIds(bytes, r.ids, place.get(r.x)!);
  const byte = (i: number): string => `x'${i.toString(16).padStart(2, '0')}'`;
  sqlite
    .prepare(
      `INSERT INTO ${NAME_ORDER} (round_id, kind, value, head_sort, household_id)
       SELECT * FROM (
         SELECT h.round_id AS round_id, ${k.kind} AS kind, CASE substr(@bytes, h.id, 1) ${others.map((_, i) => `WHEN ${byte(i + 1)} THEN @v${i + 1}`).join(' ')} END AS value,
           h.head_sort AS head_sort, h.id AS household_id
         FROM households h INDEXED BY households_round_sort WHERE h.round_id = @roundId
       ) WHERE value IS NOT NULL`,
    )
    .run({ roundId, bytes, ...Object.fromEntries(others.map((o, i) => [`v${i + 1}`, o.v])) });
}

/** The triggers a classification drops while it writes the round's results, and the refill after (classify.ts). */
export const LIST_ORDER_TRIGGERS = [...NAME_ORDER_TRIGGERS, ...SCORE_COUNT_TRIGGERS];
export function fillListOrder(sqlite: BetterSqlite3.Database, roundId: number): void {
  fillNameOrder(sqlite, roundId);
  fillScoreCounts(sqlite, roundId);
  fillScoreOrder(sqlite, roundId);
}
