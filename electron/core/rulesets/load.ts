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

/** A rule-set file that was left out, and why (Vietnamese, then the technical detail). */
export interface RuleSetProblem {
  file: string;
  message: string;
}

export interface RuleSetRegistry {
  get(id: string): RuleSet | undefined;
  require(id: string): RuleSet;
  all(): RuleSet[];
  /** The files left out because they could not be read or are not valid rule sets. */
  problems(): RuleSetProblem[];
}

function problemOf(file: string, e: unknown): RuleSetProblem {
  const issues = e instanceof AppError && e.issues ? `: ${e.issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ')}` : '';
  return {
    file,
    message: `Bộ tiêu chí trong tệp ${file} bị lỗi nên không dùng; ứng dụng chạy tiếp với các bộ tiêu chí còn lại. Hãy nhờ quản trị viên sửa hoặc xoá tệp này. (${(e as Error).message}${issues})`,
  };
}

/**
 * Loads every rule set from the folders given, in order: a later folder (the administrator's
 * own, in the data folder) replaces a shipped rule set of the same id. A file that cannot be
 * read or is not a valid rule set is left out and reported by problems(): one bad file never
 * stops the app (nor a restore).
 */
export function loadRuleSets(dirs: readonly string[]): RuleSetRegistry {
  const byId = new Map<string, RuleSet>();
  const problems: RuleSetProblem[] = [];
  for (const dir of dirs) {
    let names: string[];
    try {
      if (!fs.existsSync(dir)) continue;
      names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    } catch (e) {
      problems.push(problemOf(dir, e));
      continue;
    }
    for (const name of names) {
      const file = path.join(dir, name);
      try {
        const rs = parseRuleSet(fs.readFileSync(file, 'utf8'), file);
        byId.set(rs.id, rs);
      } catch (e) {
        problems.push(problemOf(file, e));
      }
    }
  }
  return {
    problems: () => [...problems],
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
