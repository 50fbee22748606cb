import type BetterSqlite3 from 'better-sqlite3';
import type { ClassifySummary } from '../../../shared/api/contract';
import { assertUsable, classifyLocal, decide, type Assessment, type Decision } from '../../../shared/engine/classify';
import type { RuleSet, Status } from '../../../shared/engine/ruleset';
import type { HistoryEntry } from '../../../shared/engine/transition';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import type { RuleSetRegistry } from '../rulesets/load';
import { recordSnapshot } from '../rulesets/snapshots';
import { HouseholdIndex } from './matching';
import { assertEditable, lockedCommunes } from '../entry/locks';
import { writeTransaction } from '../db/write-transaction';
import { assertUnlocked, getRound, type RoundRow } from './rounds';

interface AnswerRow {
  id: number;
  code: string;
  head_id_number: string | null;
  area: 'rural' | 'urban';
  score_a: number | null;
  b2: string | null;
  monthly_income: number | null;
}

/** The assessment of a household from its keyed answers, or null when Phiếu B is incomplete. */
export function assessmentOf(ruleSet: RuleSet, row: AnswerRow, history: HistoryEntry[]): Assessment | null {
  const ids = (ruleSet.indicators.value ?? []).map((i) => i.id);
  const a: Assessment = { id: row.code, area: row.area, history };
  if (row.monthly_income !== null) a.monthlyIncomePerCapita = row.monthly_income;
  if (row.score_a !== null) {
    const b2 = row.b2 ? (JSON.parse(row.b2) as Record<string, boolean | null>) : {};
    const deprivations: Record<string, boolean> = {};
    for (const id of ids) {
      const v = b2[id];
      if (typeof v !== 'boolean') return null; // an unanswered B2 item: not yet classifiable
      deprivations[id] = v;
    }
    a.scoreA = row.score_a;
    a.deprivations = deprivations;
  }
  return a.scoreA === undefined && a.monthlyIncomePerCapita === undefined ? null : a;
}

/**
 * Earlier results of the round's households, oldest first, matched by household code, else by
 * the head's ID number (spec/standard.md §5).
 */
export function historyFor(sqlite: BetterSqlite3.Database, round: RoundRow): (row: AnswerRow) => HistoryEntry[] {
  const earlier = sqlite
    .prepare(
      `SELECT h.code, h.head_id_number, r.year, res.status
       FROM rounds r JOIN households h ON h.round_id = r.id JOIN results res ON res.household_id = h.id
       WHERE r.year < ? ORDER BY r.year, r.id`,
    )
    .raw()
    .all(round.year) as [string, string | null, number, Status][];
  const index = new HouseholdIndex<HistoryEntry>();
  for (const [code, headId, year, status] of earlier) index.add(code, headId, { round: year, status });
  return (row) => [...(index.find(row.code, row.head_id_number) ?? [])];
}

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

/**
 * Classifies every household of a round (or of one commune) under the round's rule set and
 * stores the results with the rule set's id and version. Households whose Phiếu B is not
 * complete are skipped and keep no result.
 */
export function classifyRound(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  roundId: number,
  options: { communeId?: number; actor: string },
): ClassifySummary {
  const round = options.communeId ? assertEditable(sqlite, roundId, options.communeId) : getRound(sqlite, roundId);
  assertUnlocked(round);
  // A commune recognised by its decision keeps its results until it is reopened.
  const locked = lockedCommunes(sqlite, roundId);
  const ruleSet = registry.require(round.rule_set_id);
  assertUsable(ruleSet, ['scoreA', 'deprivation', 'indicators']);
  const locals = localRuleSetsFor(sqlite, registry, round);
  const history = historyFor(sqlite, round);
  const scope = (options.communeId ? 'AND h.commune_id = ?' : '') + (locked.length ? ` AND h.commune_id NOT IN (${locked.join(',')})` : '');
  const params = options.communeId ? [roundId, options.communeId] : [roundId];

  // Old results of the scope go, new ones are inserted: cheaper than a replace row by row.
  const clear = sqlite.prepare(`DELETE FROM results WHERE household_id IN (SELECT h.id FROM households h WHERE h.round_id = ? ${scope})`);
  const insert = sqlite.prepare(
    `INSERT INTO results (household_id, status, score_b, deprivation_count, deprived, transition, refer_to_review,
       rule_set_id, rule_set_version, unverified, local, computed_at, round_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const byStatus: Record<Status, number> = { poor: 0, near_poor: 0, neither: 0, middle_income: 0 };
  let classified = 0;
  let skipped = 0;
  // The answers are read under the write lock, so that a save between the read and the write
  // cannot be overwritten by a result computed from its older answers.
  writeTransaction(sqlite, () => {
    const rows = (
      sqlite
        .prepare(
          `SELECT h.id, h.code, h.head_id_number, h.area, a.score_a, a.b2, a.monthly_income
           FROM households h LEFT JOIN answers a ON a.household_id = h.id WHERE h.round_id = ? ${scope}`,
        )
        .raw()
        .all(...params) as [number, string, string | null, 'rural' | 'urban', number | null, string | null, number | null][]
    )
      .map(([id, code, head_id_number, area, score_a, b2, monthly_income]): AnswerRow => ({ id, code, head_id_number, area, score_a, b2, monthly_income }))
      // In id order: the results are then appended to their table's b-tree rather than inserted all over it.
      .sort((a, b) => a.id - b.id);
    recordSnapshot(sqlite, ruleSet);
    clear.run(...params);
    const now = nowIso();
    const unverifiedCache = new Map<string, string>();
    for (const row of rows) {
      const assessment = assessmentOf(ruleSet, row, history(row));
      if (!assessment) {
        skipped++;
        continue;
      }
      const d: Decision = decide(ruleSet, assessment);
      const unverifiedKey = d.unverified.join(',');
      let unverified = unverifiedCache.get(unverifiedKey);
      if (unverified === undefined) unverifiedCache.set(unverifiedKey, (unverified = JSON.stringify(d.unverified)));
      insert.run(
        row.id,
        d.status,
        d.scoreB ?? null,
        d.deprivationCount ?? null,
        JSON.stringify(d.deprived ?? []),
        d.transition,
        d.referToReview ? 1 : 0,
        d.ruleSet.id,
        d.ruleSet.version,
        unverified,
        locals.length ? JSON.stringify(locals.map((l) => classifyLocal(l, assessment))) : '[]',
        now,
        roundId,
      );
      byStatus[d.status]++;
      classified++;
    }
    writeAudit(sqlite, [
      {
        actor: options.actor,
        entity: 'round',
        entityId: roundId,
        action: 'classify',
        newValue: { communeId: options.communeId ?? null, classified, skipped, lockedCommunes: locked, byStatus, ruleSet: `${ruleSet.id}@${ruleSet.version}` },
      },
    ]);
  });
  return { classified, skipped, lockedCommunes: locked.length, byStatus, ruleSet: { id: ruleSet.id, version: ruleSet.version } };
}
