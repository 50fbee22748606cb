import type BetterSqlite3 from 'better-sqlite3';
import type { ClassifySummary } from '../../../shared/api/contract';
import { assertUsable } from '../../../shared/engine/classify';
import { roundParts, type RuleSet, type Status } from '../../../shared/engine/ruleset';
import { writeAudit, type AuditEntry } from '../db/audit';
import { nowIso } from '../db/connection';
import type { RuleSetRegistry } from '../rulesets/load';
import { recordSnapshot } from '../rulesets/snapshots';
import { assertEditable, lockedCommunes } from '../entry/locks';
import { writeTransaction } from '../db/write-transaction';
import { assertUnlocked, getRound, type RoundRow } from './rounds';
import { withCacheAtLeast } from '../db/cache';
import { withoutTriggers } from '../db/bulk';
import { fillListOrder, LIST_ORDER_TRIGGERS, RESULT_COUNTS } from '../households/name-order';
import { chunkDecider, RESULT_COLUMNS, type ChunkContext, type DecidedChunk } from './classify-decide';

export { assessmentOf, deprivationsOf, earlierResults, insertResultsSql, resultValues, usesDeprivations } from './classify-decide';
export type { AnswerRow, B2Answers, ChunkContext, DecidedChunk } from './classify-decide';

/** Local standards evaluated beside the national one: those of the round's province, and those chosen in settings. */
export function localRuleSetsFor(sqlite: BetterSqlite3.Database, registry: RuleSetRegistry, round: RoundRow): RuleSet[] {
  const setting = sqlite.prepare("SELECT value FROM settings WHERE key = 'local_rule_sets'").pluck().get() as string | undefined;
  const chosen = new Set<string>(setting ? (JSON.parse(setting) as string[]) : []);
  const province = sqlite
    .prepare(
      `WITH RECURSIVE up(id, code, level, parent_id) AS (
         SELECT id, code, level, parent_id FROM units WHERE id = ?
         UNION ALL SELECT u.id, u.code, u.level, u.parent_id FROM units u JOIN up ON u.id = up.parent_id)
       SELECT code FROM up WHERE level = 'province'`,
    )
    .pluck()
    .get(round.scope_unit_id) as string | undefined;
  return registry
    .all()
    .filter((rs) => rs.kind === 'local' && (chosen.has(rs.id) || (province !== undefined && rs.province === province)))
    .filter((rs) => rs.validFrom <= `${round.year}-12-31` && rs.validTo >= `${round.year}-01-01`);
}

/** Households read, classified and written at a time: memory stays that of one chunk, whatever the round's size. */
const CHUNK = 5_000;
/** The columns of a result but its household, as a classification's distinct rows hold them. */
const ROW_COLUMNS = RESULT_COLUMNS.split(',')
  .map((c) => c.trim())
  .slice(1);

/**
 * Runs `fn` with the connection's foreign key checks off. classifyRound writes results only for
 * households it has just read in the same write transaction, under the round it has just read,
 * so the two lookups SQLite would make for each result row (its household, its round: about a
 * fifth of the writing, measured) cannot fail. Inside another transaction SQLite ignores the
 * switch and the checks stay on. The setting is the connection's own, restored whatever happens.
 */
function withoutForeignKeyChecks<T>(sqlite: BetterSqlite3.Database, fn: () => T): T {
  const on = !sqlite.inTransaction && (sqlite.pragma('foreign_keys', { simple: true }) as number) === 1;
  if (on) sqlite.pragma('foreign_keys = OFF');
  try {
    return fn();
  } finally {
    if (on) sqlite.pragma('foreign_keys = ON');
  }
}

/**
 * The page cache (KiB) a classification needs at least: the app's own (64 MiB, db/connection.ts),
 * not more. Pages SQLite reads or writes are taken only as used, and on this kind of machine new
 * memory is dear (touching 64 MiB of it for the first time costs about a third of a second of CPU,
 * measured): with 256 MiB the households and answers read filled the cache with pages read once,
 * each in memory the process touched for the first time. The results written (about 140 MiB at a
 * million households) no longer all fit and spill to the WAL while the transaction runs, each page
 * about once, as the commit would write it. Measured at 1,000,000 households on the shared 2-core
 * machine (test/bench/classify-phases-probe.ts, first classification, runs alternated): CPU 20.5,
 * 16.5 s with 256 MiB; 15.3, 13.9, 12.0 s with 64 MiB (the results' insert itself no slower), peak
 * 530 → 340 MB; 32 MiB and 16 MiB were no better.
 */
const CLASSIFY_CACHE_KIB = 65_536;


/** Bits of a row number in a packed [household, row number] pair (decidedWriter), and the limits that keep the pair exact in a double. */
const PACKED_BITS = 20;
const PACKED = 2 ** PACKED_BITS;
const PACKED_HOUSEHOLDS = 2 ** (53 - PACKED_BITS);

/**
 * The one writing of decided chunks, in the order given (household order: the results are then
 * written along their table's b-tree rather than all over it). A round's results are a few
 * thousand distinct rows (classify-decide.ts): each is written once into a temporary table, and a
 * chunk's results are one upsert of [household, row number] pairs joined to it, instead of a
 * dozen values bound for each household. `finish` drops the temporary table. Call inside the
 * classification's write transaction.
 */
export function decidedWriter(sqlite: BetterSqlite3.Database): { write: (chunk: DecidedChunk) => void; finish: () => void; written: number; removed: number; rescored: number } {
  sqlite.exec(`DROP TABLE IF EXISTS temp.classify_rows; CREATE TEMP TABLE classify_rows (n INTEGER PRIMARY KEY, ${ROW_COLUMNS.join(', ')})`);
  const addRow = sqlite.prepare(`INSERT INTO temp.classify_rows VALUES (${Array(ROW_COLUMNS.length + 1).fill('?').join(', ')})`);
  // "WHERE true": an INSERT … SELECT with a join must end its SELECT so that ON CONFLICT is read as the upsert's.
  // A pair is given as one integer, household · 2^20 + row number (PACKED), when it fits in a double
  // exactly; else as the array [household, row number]. Measured at 250,000 households (test/bench/
  // classify-writer-ab-probe.ts): the writing about 8% less CPU than with arrays only.
  const upsertSql = (household: string, row: string): string =>
    `INSERT INTO results (${RESULT_COLUMNS})
     SELECT ${household}, ${ROW_COLUMNS.map((c) => `r.${c}`).join(', ')}
     FROM json_each(?) w CROSS JOIN temp.classify_rows r ON r.n = ${row} WHERE true
     ON CONFLICT (household_id) DO UPDATE SET ${ROW_COLUMNS.map((c) => `${c} = excluded.${c}`).join(', ')}`;
  const upsertPacked = sqlite.prepare(upsertSql(`w.value >> ${PACKED_BITS}`, `w.value & ${PACKED - 1}`));
  const upsertPairs = sqlite.prepare(upsertSql('w.value ->> 0', 'w.value ->> 1'));
  const upsert = (pairs: [number, number][]): number => {
    const packed: number[] = [];
    for (const [household, n] of pairs) {
      if (n >= PACKED || household < 0 || household >= PACKED_HOUSEHOLDS) return upsertPairs.run(JSON.stringify(pairs)).changes;
      packed.push(household * PACKED + n);
    }
    return upsertPacked.run(JSON.stringify(packed)).changes;
  };
  const remove = sqlite.prepare('DELETE FROM results WHERE household_id IN (SELECT value FROM json_each(?))');
  // The stored sum follows the table (answers.score_a; households.score_a follows it by its trigger).
  // updated_at stays: the answers the officer keyed did not change.
  const rescore = sqlite.prepare('UPDATE answers SET score_a = ? WHERE household_id = ?');
  const writer = {
    written: 0,
    removed: 0,
    rescored: 0,
    write(chunk: DecidedChunk): void {
      for (const { n, values } of chunk.rows) addRow.run(n, ...values);
      if (chunk.write.length > 0) writer.written += upsert(chunk.write);
      if (chunk.gone.length > 0) writer.removed += remove.run(JSON.stringify(chunk.gone)).changes;
      for (const [household, , score] of chunk.rescored) writer.rescored += rescore.run(score, household).changes;
    },
    finish(): void {
      sqlite.exec('DROP TABLE temp.classify_rows');
    },
  };
  return writer;
}

/** The trigger that gives a result written without its round its household's (migration 4); classifyRound writes each result's round. */
const RESULTS_ROUND_TRIGGER = 'results_round';

/**
 * What keeping the list's order tables costs, in CPU µs, measured at a million households a round
 * (test/bench/classify-commune-probe.ts, load 8-9): their triggers, a result written (each of the
 * largest commune's 106,000 results changed in class: 7-8 µs; written anew, about 2.5 µs), against
 * their refill, a result of the round (0.6-0.75 s for a million).
 */
const TRIGGERS_US_PER_WRITTEN = 7.5;
const REFILL_US_PER_RESULT = 0.7;

/**
 * Whether one commune's classification, of `households` households, drops the list order's
 * triggers and refills its whole round after (households/name-order.ts fillListOrder), rather than
 * keeping the tables exact by the triggers as it writes: the refill costs the round's results, the
 * triggers each result written, at most the commune's households (taken as all written, each one
 * moved: the dearest case). At a million households, the largest commune (106,000, every result
 * new) classified in 1.13-1.19 s CPU with the triggers, 1.56-1.75 s refilled; the smallest (56,000)
 * 0.72-0.81 s against 1.37-1.49 s; a commune whose few results changed no longer refills its round.
 */
export function listOrderRefilled(sqlite: BetterSqlite3.Database, roundId: number, households: number): boolean {
  const results = Number(sqlite.prepare(`SELECT COALESCE(SUM(n), 0) FROM ${RESULT_COUNTS} WHERE round_id = ?`).pluck().get(roundId));
  return households * TRIGGERS_US_PER_WRITTEN > results * REFILL_US_PER_RESULT;
}

/**
 * Classifies every household of a round (or of one commune) under the round's rule set and
 * stores the results with the rule set's id and version. Households whose Phiếu B is not
 * complete are skipped and keep no result. A score A the app summed from the Phiếu B1 items is
 * summed again with the rule set's table (storedScoreA, as one household's classification, the
 * preview of published values and the province's recomputation do): after a new point table is
 * published, classifying the round again follows it, and stores the new sum in answers.score_a
 * (audited, old and new), so that the list, the documents, the Excel files and a package to the
 * province show the score the household was classified by.
 *
 * A province's round (a million households) is read in one pass in household order, a chunk at a
 * time (chunkDecider: each distinct set of inputs decided once), and only what changed is written
 * (decidedWriter: each distinct result row bound once). A second classification with nothing
 * changed writes nothing but its audit row. Measured on the shared 2-core machine (CPU time; test/bench/
 * classify-phases-probe.ts): at 1,000,000 households the first classification 21.9 → 17.7 s, of
 * which the results upsert (its b-trees) a third, reading a third, deciding and the rest a third;
 * each of the results' three indexes about a seventh of the upsert (0.5-0.6 s of its 3.9 s at 1M), the
 * results_round trigger (left out: see below) a tenth. It runs in the app's 64 MiB page cache
 * (CLASSIFY_CACHE_KIB: a larger one cost a fifth more CPU in memory touched for the first time).
 * (Reading and deciding on a worker thread while this one writes was tried: at 200,000 households
 * on 2 cores it cost twice the CPU, the writer's connection losing the pages the worker read, and
 * gained no wall time.)
 */
export function classifyRound(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  roundId: number,
  options: {
    communeId?: number;
    actor: string;
    chunkSize?: number;
    /** After each chunk (a job's progress; a throw undoes the whole write). */
    onChunk?: (done: number, total: number) => void;
    /** How the list's order tables are kept (tests and probes): listOrderRefilled's choice otherwise. */
    listOrder?: 'refill' | 'triggers';
  },
): ClassifySummary {
  const round = options.communeId ? assertEditable(sqlite, roundId, options.communeId) : getRound(sqlite, roundId);
  assertUnlocked(round);
  // A commune recognised by its decision keeps its results until it is reopened.
  const locked = lockedCommunes(sqlite, roundId);
  const ruleSet = registry.require(round.rule_set_id);
  assertUsable(ruleSet, roundParts(ruleSet));
  const locals = localRuleSetsFor(sqlite, registry, round);
  const scope = (options.communeId ? 'AND h.commune_id = ?' : '') + (locked.length ? ` AND h.commune_id NOT IN (${locked.join(',')})` : '');
  const params = options.communeId ? [roundId, options.communeId] : [roundId];
  const chunkSize = options.chunkSize ?? CHUNK;
  // Read along (round, commune, code) (migration 22): its entries are the narrowest that start with
  // the round, and a commune's households, imported together, come nearly in id order, which the
  // sort below then finds mostly done (at a million households 260-310 -> 205-230 ms of CPU, read and sorted;
  // SQLite picked the round's (score A, name) index).
  const scopeIds = sqlite.prepare(`SELECT h.id FROM households h INDEXED BY households_round_commune_code WHERE h.round_id = ? ${scope}`).pluck();
  const ctx: ChunkContext = { ruleSet, locals, year: round.year, roundId, now: nowIso() };

  const byStatus: Record<Status, number> = { poor: 0, near_poor: 0, neither: 0, middle_income: 0 };
  // Each score A summed again with a new point table, audited with its old and new value.
  const rescoredAudit: AuditEntry[] = [];
  let classified = 0;
  let skipped = 0;

  // The answers are read under the write lock, so that a save between the read and the write
  // cannot be overwritten by a result computed from its older answers.
  let changed = false;
  const inWriteTransaction = (fn: () => void): void => withoutForeignKeyChecks(sqlite, () => withCacheAtLeast(sqlite, CLASSIFY_CACHE_KIB, () => writeTransaction(sqlite, fn)));
  /** Decides and writes the households `ids`, and the audit. */
  const write = (ids: Float64Array): void => {
    recordSnapshot(sqlite, ruleSet);
    const writer = decidedWriter(sqlite);
    const take = (chunk: DecidedChunk): void => {
      classified += chunk.classified;
      skipped += chunk.skipped;
      for (const s of Object.keys(byStatus) as Status[]) byStatus[s] += chunk.byStatus[s];
      writer.write(chunk);
      for (const [household, old, score] of chunk.rescored) {
        rescoredAudit.push({ actor: options.actor, entity: 'household', entityId: household, action: 'rescore', field: 'answers.score_a', oldValue: old, newValue: score });
      }
    };
    const decideChunk = chunkDecider(sqlite, ctx);
    const decideHere = (k: number): DecidedChunk => decideChunk(Array.from(ids.subarray(k * chunkSize, (k + 1) * chunkSize)));
    const chunks = Math.ceil(ids.length / chunkSize);
    for (let k = 0; k < chunks; k++) {
      take(decideHere(k));
      options.onChunk?.(Math.min((k + 1) * chunkSize, ids.length), ids.length);
    }
    writer.finish();
    changed = writer.written + writer.removed > 0;
    writeAudit(sqlite, [
      {
        actor: options.actor,
        entity: 'round',
        entityId: roundId,
        action: 'classify',
        newValue: {
          communeId: options.communeId ?? null,
          classified,
          skipped,
          written: writer.written,
          removed: writer.removed,
          rescored: writer.rescored,
          lockedCommunes: locked,
          byStatus,
          ruleSet: `${ruleSet.id}@${ruleSet.version}`,
        },
      },
      ...rescoredAudit,
    ]);
  };
  // The list's name order of the round's results and their score counts (households/name-order.ts):
  // refilled after the writing in one sorted pass rather than kept by their triggers a result at a
  // time (row by row, a name-ordered index cost 19 s more at a million households), only when a
  // result changed; for one commune only when it is large beside its round (listOrderRefilled).
  // The results_round trigger is dropped in either case: every result written here has its round.
  const withListOrder = (refilled: boolean, fn: () => void): void =>
    withoutTriggers(sqlite, refilled ? [...LIST_ORDER_TRIGGERS, RESULTS_ROUND_TRIGGER] : [RESULTS_ROUND_TRIGGER], fn, () => {
      if (refilled && changed) fillListOrder(sqlite, roundId);
    });
  inWriteTransaction(() => {
    // In id order: the results are then written along their table's b-tree rather than all over it.
    const ids = Float64Array.from(scopeIds.all(...params) as number[]).sort();
    const refilled = options.listOrder ? options.listOrder === 'refill' : options.communeId === undefined || listOrderRefilled(sqlite, roundId, ids.length);
    withListOrder(refilled, () => write(ids));
  });
  // One commune is classified only when it is not locked: the locked ones left out are the whole round's.
  return { classified, skipped, lockedCommunes: options.communeId ? 0 : locked.length, byStatus, ruleSet: { id: ruleSet.id, version: ruleSet.version } };
}
