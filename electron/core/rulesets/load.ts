import type BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { RuleSetSchema, type RuleSet } from '../../../shared/engine/ruleset';
import { AppError } from '../errors';

/** Parses and validates one rule-set file; a bad file is refused with the paths at fault. */
export function parseRuleSet(text: string, source: string): RuleSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('RULESET_INVALID', `${source}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = RuleSetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'RULESET_INVALID',
      `${source}: not a valid rule set`,
      parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    );
  }
  return parsed.data;
}

/** Where rule sets are read from: the shipped ones, then the administrator's beside the database. */
export function ruleSetDirs(resourcesDir: string, dbPath: string): string[] {
  return [path.join(resourcesDir, 'standards'), path.join(path.dirname(path.resolve(dbPath)), 'standards')];
}

export interface RuleSetRegistry {
  get(id: string): RuleSet | undefined;
  require(id: string): RuleSet;
  all(): RuleSet[];
}

/**
 * Loads every rule set from the folders given, in order: a later folder (the administrator's
 * own, in the data folder) replaces a shipped rule set of the same id.
 */
export function loadRuleSets(dirs: readonly string[]): RuleSetRegistry {
  const byId = new Map<string, RuleSet>();
  for (const dir of dirs) {
    if (!fs.existsSync(dir)) continue;
    for (const name of fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
      const file = path.join(dir, name);
      const rs = parseRuleSet(fs.readFileSync(file, 'utf8'), file);
      byId.set(rs.id, rs);
    }
  }
  return {
    get: (id) => byId.get(id),
    require(id) {
      const rs = byId.get(id);
      if (!rs) throw new AppError('NOT_FOUND', `Unknown rule set "${id}". Known: ${[...byId.keys()].join(', ')}`);
      return rs;
    },
    all: () => [...byId.values()],
  };
}

/**
 * The rule set a round names, as the app uses it for that database (shipped, or the
 * administrator's copy beside the database), or null when neither folder has it.
 */
export function roundRuleSet(sqlite: BetterSqlite3.Database, resourcesDir: string, dbPath: string, roundId: number): RuleSet | null {
  const id = sqlite.prepare('SELECT rule_set_id FROM rounds WHERE id = ?').pluck().get(roundId) as string | undefined;
  return id === undefined ? null : (loadRuleSets(ruleSetDirs(resourcesDir, dbPath)).get(id) ?? null);
}
