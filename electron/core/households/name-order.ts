import type BetterSqlite3 from 'better-sqlite3';
import { ID_BYTES_SPAN, markIds, parseIds } from './id-bytes';

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

/** A kind of row of NAME_ORDER: the value of result `r` it stores. */
interface OrderKind {
  kind: number;
  value: (r: string) => string;
}
export const ORDER_KINDS = {
  status: { kind: 1, value: (r) => `${r}.status` },
  transition: { kind: 2, value: (r) => `COALESCE(${r}.transition, '')` },
} as const satisfies Record<string, OrderKind>;
const KINDS: OrderKind[] = Object.values(ORDER_KINDS);
/** Whether result `r` has a row of kind `k`: a result of a round, its value not the round's large one. */
const kept = (k: OrderKind, r: string): string =>
  `${r}.round_id IS NOT NULL AND ${k.value(r)} IS NOT (SELECT b.value FROM ${NAME_ORDER_BULK} b WHERE b.round_id = ${r}.round_id AND b.kind = ${k.kind})`;

/** The triggers that keep NAME_ORDER and RESULT_COUNTS exact (dropped by a classification, which refills the round). */
export const NAME_ORDER_TRIGGERS = ['results_by_name_insert', 'results_by_name_update', 'results_by_name_delete', 'households_by_name_delete', 'households_by_name_sort'];

/** Adds the rows of result `r` (new or old) of household `id` named `sort`, for a result with its round. */
const insertRows = (r: string, sort: string): string =>
  KINDS.map(
    (k) => `INSERT INTO ${NAME_ORDER} (round_id, kind, value, head_sort, household_id)
      SELECT ${r}.round_id, ${k.kind}, ${k.value(r)}, ${sort}, ${r}.household_id WHERE ${kept(k, r)};`,
  ).join('\n');
/** Removes the rows of result `r` of household `id` named `sort` (a seek each: the whole key is known). */
const deleteRows = (r: string, sort: string): string =>
  KINDS.map(
    (k) => `DELETE FROM ${NAME_ORDER} WHERE round_id = ${r}.round_id AND kind = ${k.kind} AND value = ${k.value(r)} AND head_sort = ${sort} AND household_id = ${r}.household_id;`,
  ).join('\n');
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

/** The table and its triggers (migration 21). */
export const NAME_ORDER_SCHEMA = `
  CREATE TABLE ${NAME_ORDER} (
    round_id INTEGER NOT NULL, kind INTEGER NOT NULL, value TEXT NOT NULL, head_sort TEXT NOT NULL, household_id INTEGER NOT NULL,
    PRIMARY KEY (round_id, kind, value, head_sort, household_id)
  ) WITHOUT ROWID;
  CREATE TABLE ${NAME_ORDER_BULK} (round_id INTEGER NOT NULL, kind INTEGER NOT NULL, value TEXT NOT NULL, PRIMARY KEY (round_id, kind)) WITHOUT ROWID;
  CREATE TABLE ${RESULT_COUNTS} (
    round_id INTEGER NOT NULL, status TEXT NOT NULL, transition TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (round_id, status, transition)
  ) WITHOUT ROWID;
  CREATE TRIGGER results_by_name_insert AFTER INSERT ON results WHEN new.round_id IS NOT NULL BEGIN
    ${insertRows('new', nameOf('new'))}
    ${count('new', 1)}
  END;
  CREATE TRIGGER results_by_name_update AFTER UPDATE OF round_id, status, transition ON results
    WHEN old.round_id IS NOT new.round_id OR old.status IS NOT new.status OR old.transition IS NOT new.transition BEGIN
    ${deleteRows('old', nameOf('old'))}
    ${insertRows('new', nameOf('new'))}
    ${count('old', -1)}
    ${count('new', 1)}
  END;
  -- (A result removed with its household: the household's trigger below has removed its rows, the name no longer found.)
  CREATE TRIGGER results_by_name_delete AFTER DELETE ON results BEGIN
    ${deleteRows('old', nameOf('old'))}
    ${count('old', -1)}
  END;
  CREATE TRIGGER households_by_name_delete BEFORE DELETE ON households BEGIN
    ${KINDS.map((k) => `DELETE FROM ${NAME_ORDER} ${rowsOfHousehold(k, 'old.head_sort')};`).join('\n')}
  END;
  CREATE TRIGGER households_by_name_sort AFTER UPDATE OF head_sort ON households WHEN old.head_sort IS NOT new.head_sort BEGIN
    ${KINDS.map((k) => `UPDATE ${NAME_ORDER} SET head_sort = new.head_sort ${rowsOfHousehold(k, 'old.head_sort')};`).join('\n')}
  END;
`;

/**
 * Fills NAME_ORDER and RESULT_COUNTS for a round from its results, replacing what they held: each kind's large value
 * (the most results) chosen anew and left out, the rest sorted first, so that it is appended to
 * the table's b-tree in order. The households' names are read by id from the list's covering
 * index (households_list, migration 19), once for a household with rows of both kinds: one walk
 * of the round's results, each household outside both large values read once and given its one
 * or two rows, one sort. Measured at a million households (of which 112,000 not "neither", 64,000
 * not "same", 146,000 not both), in a transaction rolled back (test/bench/classify-refill-probe.ts):
 * a statement a kind, 0.61 s of CPU (each kind walked the round and read its households' names:
 * 176,000 lookups); one statement, 0.5 s. Score B (its scores more evenly spread: 582,000
 * households outside its largest) would cost 1.2 s more: left out.
 */
export function fillNameOrder(sqlite: BetterSqlite3.Database, roundId: number): void {
  for (const table of [NAME_ORDER, NAME_ORDER_BULK, RESULT_COUNTS]) sqlite.prepare(`DELETE FROM ${table} WHERE round_id = ?`).run(roundId);
  // Each kind's value counts, from one walk of results_round_status in its order (no sort): RESULT_COUNTS.
  const counts = sqlite
    .prepare(`SELECT ${KINDS.map((k) => `${k.value('r')} AS k${k.kind}`).join(', ')}, COUNT(*) AS n FROM results r WHERE r.round_id = ? GROUP BY r.status, r.transition`)
    .all(roundId) as Record<string, string | number>[];
  const addCount = sqlite.prepare(`INSERT INTO ${RESULT_COUNTS} (round_id, status, transition, n) VALUES (?, ?, ?, ?)`);
  for (const c of counts) addCount.run(roundId, c[`k${ORDER_KINDS.status.kind}`], c[`k${ORDER_KINDS.transition.kind}`], c.n);
  // Each kind's large value (none in a round without results: no rows either).
  const bulks = KINDS.map((k) => {
    const of = new Map<string, number>();
    for (const c of counts) of.set(c[`k${k.kind}`] as string, (of.get(c[`k${k.kind}`] as string) ?? 0) + Number(c.n));
    return [...of].sort((a, b) => b[1] - a[1])[0]?.[0];
  });
  if (bulks.some((b) => b === undefined)) return;
  const addBulk = sqlite.prepare(`INSERT INTO ${NAME_ORDER_BULK} (round_id, kind, value) VALUES (?, ?, ?)`);
  KINDS.forEach((k, i) => addBulk.run(roundId, k.kind, bulks[i]));
  // (The large values bound, rather than looked up for each result as the triggers do. CROSS JOIN
  // keeps SQLite's order: the name read for each result, then its kinds; joined the other way it
  // was read once a row.)
  const valueOf = `CASE k.kind ${KINDS.map((k) => `WHEN ${k.kind} THEN ${k.value('r')}`).join(' ')} END`;
  sqlite
    .prepare(
      `INSERT INTO ${NAME_ORDER} (round_id, kind, value, head_sort, household_id)
       SELECT r.round_id, k.kind, ${valueOf}, h.head_sort, h.id
       FROM results r CROSS JOIN households h INDEXED BY households_list ON h.id = r.household_id
         CROSS JOIN (${KINDS.map((k) => `SELECT ${k.kind} AS kind, @bulk${k.kind} AS bulk`).join(' UNION ALL ')}) k ON ${valueOf} IS NOT k.bulk
       WHERE r.round_id = @roundId AND NOT (${KINDS.map((k) => `${k.value('r')} IS @bulk${k.kind}`).join(' AND ')})
       ORDER BY 1, 2, 3, 4, 5`,
    )
    .run({ roundId, ...Object.fromEntries(KINDS.map((k, i) => [`bulk${k.kind}`, bulks[i]])) });
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
 * Each round's households with a score B counted by score and by stretch of the round's name
 * order (migration 26), for a page deep inside a score of the round sorted by score B (read.ts
 * scorePages): the stretches' counts of the score, added from the name order's start, give the
 * stretch its page begins in, and the page is walked from that stretch's first name testing each
 * household's score (a round cut in about SCORE_BUCKETS_A_ROUND stretches: at a million
 * households, a thousand households each). At a million households the page in the middle read
 * score 10's 418,000 ids into one byte an id and walked 280,000 households of the round testing
 * each (62–63 ms).
 *
 * SCORE_BOUNDS holds where each stretch begins, a name and an id (the first one '' and 0, before
 * any name), chosen by the round's refill at even steps of its name order and fixed until the
 * next one; SCORE_BUCKETS a count for each stretch and score, kept exact by the triggers
 * below on every write of a result or of a household's name, or a household's removal (a household
 * written after the refill counts in the stretch its name falls in: stretches grow, never stale).
 * A round never refilled has no stretches (counted by none: scorePages reads the score's ids).
 * The whole order by score in the results_by_name way (every score's households in name order,
 * the commonest left out) cost 1.1 s more CPU a first classification at a million households: these
 * are a few thousand rows.
 */
export const SCORE_BOUNDS = 'score_name_bounds';
export const SCORE_BUCKETS = 'score_name_counts';
/** About how many stretches a round's name order is cut in when filled (each at least SCORE_BUCKET_MIN households): at a million households, a thousand households each. */
export const SCORE_BUCKETS_A_ROUND = 1000;
const SCORE_BUCKET_MIN = 16;

/** The triggers that keep SCORE_BUCKETS exact (dropped by a classification with the others: LIST_ORDER_TRIGGERS). */
export const SCORE_BUCKET_TRIGGERS = ['score_name_insert', 'score_name_update', 'score_name_delete', 'households_score_name_delete', 'households_score_name_sort'];

/**
 * Result `r` (its round and score; none without a score) of a household named `name`, id `id`,
 * counted `by` (+1, -1) in its score and the stretch its name falls in (the last bound at or
 * before it: a seek backwards; none when the name is NULL, the household gone).
 */
const countInStretch = (round: string, score: string, name: string, id: string, by: 1 | -1): string =>
  `INSERT INTO ${SCORE_BUCKETS} (round_id, score_b, head_sort, household_id, n)
     SELECT b.round_id, ${score}, b.head_sort, b.household_id, ${by} FROM ${SCORE_BOUNDS} b
     WHERE b.round_id = ${round} AND ${score} IS NOT NULL AND (b.head_sort, b.household_id) <= (${name}, ${id})
     ORDER BY b.head_sort DESC, b.household_id DESC LIMIT 1
   ON CONFLICT DO UPDATE SET n = n + excluded.n;`;
/** The result of household `old` (read by id), counted `by` under the name `name`. */
const resultInStretch = (name: string, by: 1 | -1): string => {
  const of = (column: string): string => `(SELECT r.${column} FROM results r WHERE r.household_id = old.id)`;
  return countInStretch(of('round_id'), of('score_b'), name, 'old.id', by);
};

/** The tables and their triggers (migration 26). */
export const SCORE_BUCKETS_SCHEMA = `
  CREATE TABLE ${SCORE_BOUNDS} (round_id INTEGER NOT NULL, head_sort TEXT NOT NULL, household_id INTEGER NOT NULL, PRIMARY KEY (round_id, head_sort, household_id)) WITHOUT ROWID;
  CREATE TABLE ${SCORE_BUCKETS} (
    round_id INTEGER NOT NULL, score_b INTEGER NOT NULL, head_sort TEXT NOT NULL, household_id INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (round_id, score_b, head_sort, household_id)
  ) WITHOUT ROWID;
  CREATE TRIGGER score_name_insert AFTER INSERT ON results WHEN new.round_id IS NOT NULL AND new.score_b IS NOT NULL BEGIN
    ${countInStretch('new.round_id', 'new.score_b', nameOf('new'), 'new.household_id', 1)}
  END;
  CREATE TRIGGER score_name_update AFTER UPDATE OF round_id, score_b ON results
    WHEN old.round_id IS NOT new.round_id OR old.score_b IS NOT new.score_b BEGIN
    ${countInStretch('old.round_id', 'old.score_b', nameOf('old'), 'old.household_id', -1)}
    ${countInStretch('new.round_id', 'new.score_b', nameOf('new'), 'new.household_id', 1)}
  END;
  -- (A result removed with its household: the household's trigger below has taken it away, the name no longer found.)
  CREATE TRIGGER score_name_delete AFTER DELETE ON results WHEN old.round_id IS NOT NULL AND old.score_b IS NOT NULL BEGIN
    ${countInStretch('old.round_id', 'old.score_b', nameOf('old'), 'old.household_id', -1)}
  END;
  CREATE TRIGGER households_score_name_delete BEFORE DELETE ON households BEGIN
    ${resultInStretch('old.head_sort', -1)}
  END;
  CREATE TRIGGER households_score_name_sort AFTER UPDATE OF head_sort ON households WHEN old.head_sort IS NOT new.head_sort BEGIN
    ${resultInStretch('old.head_sort', -1)}
    ${resultInStretch('new.head_sort', 1)}
  END;
`;

/**
 * Fills SCORE_BOUNDS and SCORE_BUCKETS for a round, replacing what they held: the round's ids in
 * name order (households_round_sort, read as one text), its scores as one byte an id (their place
 * among the scores: id-bytes.ts), a bound at each step of the name order, each stretch's
 * households counted by score in memory. Measured at a million households, in a transaction
 * rolled back (test/bench/score-name-fill-probe.ts, load 2): 0.24–0.32 s of CPU, where every
 * score's households in name order as rows of results_by_name (kind 3, the commonest left out)
 * cost 0.6 s appended along the name index, 1.3 s sorted (a first classification 1.1 s more CPU).
 * A first classification of the 1M round (test/bench/run.ts --steps classify), alone, alternated
 * with the code before: 8.68–10.11 s (median 9.40, five runs) before, 8.73–10.23 s (median 8.98,
 * six runs) with this fill: its cost is within the runs' spread. Without stretches (scorePages
 * reads the score's ids): ids past ID_BYTES_SPAN, more scores than a byte holds.
 */
export function fillScoreBuckets(sqlite: BetterSqlite3.Database, roundId: number): void {
  for (const table of [SCORE_BOUNDS, SCORE_BUCKETS]) sqlite.prepare(`DELETE FROM ${table} WHERE round_id = ?`).run(roundId);
  const hi = Number(sqlite.prepare('SELECT MAX(id) FROM households').pluck().get() ?? 0);
  if (hi >= ID_BYTES_SPAN) return;
  // Each score's ids (the results' indexes are dropped while a demo classifies: none named; without
  // them, at a million households, 0.55–0.63 s rather than 0.24–0.32, the results sorted by score).
  const scores = sqlite
    .prepare('SELECT score_b AS x, CAST(group_concat(household_id) AS BLOB) AS ids FROM results WHERE round_id = ? AND score_b IS NOT NULL GROUP BY score_b')
    .all(roundId) as { x: number; ids: Buffer }[];
  if (scores.length > 255) return;
  const bytes = Buffer.alloc(Math.max(1, hi));
  scores.forEach((s, i) => markIds(bytes, s.ids, i + 1));
  // The round in name order (a subquery walked in its index's order, read as one text).
  const text = sqlite
    .prepare(`SELECT CAST(group_concat(id) AS BLOB) FROM (SELECT h.id FROM households h INDEXED BY households_round_sort WHERE h.round_id = ? ORDER BY h.head_sort, h.id)`)
    .pluck()
    .get(roundId) as Buffer | null;
  const ids = parseIds(text);
  const size = Math.max(SCORE_BUCKET_MIN, Math.ceil(ids.length / SCORE_BUCKETS_A_ROUND));
  const addBound = sqlite.prepare(`INSERT INTO ${SCORE_BOUNDS} (round_id, head_sort, household_id) VALUES (?, ?, ?)`);
  const addCount = sqlite.prepare(`INSERT INTO ${SCORE_BUCKETS} (round_id, score_b, head_sort, household_id, n) VALUES (?, ?, ?, ?, ?)`);
  const nameOfId = sqlite.prepare('SELECT head_sort FROM households WHERE id = ?').pluck();
  const counts = new Array<number>(scores.length + 1);
  for (let start = 0; start < ids.length; start += size) {
    // The first stretch from before any name ('', 0): a household named first later falls in it.
    const bound = start === 0 ? { name: '', id: 0 } : { name: nameOfId.get(ids[start]) as string, id: ids[start]! };
    addBound.run(roundId, bound.name, bound.id);
    counts.fill(0);
    for (let i = start; i < Math.min(ids.length, start + size); i++) counts[bytes[ids[i]! - 1]!]!++;
    scores.forEach((s, j) => {
      if (counts[j + 1]! > 0) addCount.run(roundId, s.x, bound.name, bound.id, counts[j + 1]);
    });
  }
}

/** The triggers a classification drops while it writes the round's results, and the refill after (classify.ts). */
export const LIST_ORDER_TRIGGERS = [...NAME_ORDER_TRIGGERS, ...SCORE_COUNT_TRIGGERS, ...SCORE_BUCKET_TRIGGERS];
export function fillListOrder(sqlite: BetterSqlite3.Database, roundId: number): void {
  fillNameOrder(sqlite, roundId);
  fillScoreCounts(sqlite, roundId);
  fillScoreBuckets(sqlite, roundId);
}
