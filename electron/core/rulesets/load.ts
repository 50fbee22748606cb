import type BetterSqlite3 from 'better-sqlite3';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RuleSetSchema, type RuleSet } from '../../../shared/engine/ruleset';
import type { PendingRuleSetView, RuleSetConfirmationView } from '../../../shared/api/contract';
import { ruleSetDiff } from '../../../shared/engine/ruleset-diff';
import { AppError } from '../errors';

/** Parses and validates one rule-set file; a bad file is refused with the paths at fault. */
export function parseRuleSet(text: string, source: string): RuleSet {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new AppError('RULESET_INVALID', `Tệp bộ tiêu chí ${source} không phải JSON hợp lệ: hãy sửa chỗ sai trong tệp (thường là dấu phẩy hoặc dấu ngoặc) hoặc lấy lại tệp gốc, rồi nạp lại. Chi tiết: ${(e as Error).message}`);
  }
  const parsed = RuleSetSchema.safeParse(raw);
  if (!parsed.success) {
    throw new AppError(
      'RULESET_INVALID',
      `Tệp bộ tiêu chí ${source} sai cấu trúc ở ${parsed.error.issues.length} chỗ (${parsed.error.issues.slice(0, 3).map((i) => i.path.join('.') || '(gốc)').join(', ')}${parsed.error.issues.length > 3 ? ', …' : ''}): hãy sửa các mục đó hoặc lấy lại tệp gốc, rồi nạp lại.`,
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

/** An administrator's rule-set file in the data folder, read and hashed. */
export interface RuleSetFile {
  file: string;
  /** sha256 of the file's bytes: a confirmation names exactly this content. */
  sha256: string;
  ruleSet: RuleSet;
}

/** Who let an administrator copy in use, and when (a table loaded in the app, or a confirmation): the contract's shape. */
export type RuleSetConfirmation = RuleSetConfirmationView;

/** An administrator copy waiting for confirmation, with what it changes against the one in use (the contract's shape). */
export type PendingRuleSet = PendingRuleSetView;

export interface RuleSetRegistry {
  get(id: string): RuleSet | undefined;
  require(id: string): RuleSet;
  all(): RuleSet[];
  /** The files left out because they could not be read or are not valid rule sets. */
  problems(): RuleSetProblem[];
  /** Administrator copies not used because nobody confirmed exactly their content in the app. */
  pending(): PendingRuleSet[];
  /** The confirmation of the administrator copy in use for this id, if the one in use is such a copy. */
  confirmation(id: string): RuleSetConfirmation | undefined;
}

function problemOf(file: string, e: unknown): RuleSetProblem {
  const issues = e instanceof AppError && e.issues ? `: ${e.issues.slice(0, 5).map((i) => `${i.path} ${i.message}`).join('; ')}` : '';
  return {
    file,
    message: `Bộ tiêu chí trong tệp ${file} bị lỗi nên không dùng; ứng dụng chạy tiếp với các bộ tiêu chí còn lại. Hãy nhờ quản trị viên sửa hoặc xoá tệp này. (${(e as Error).message}${issues})`,
  };
}

export const sha256Of = (bytes: Buffer | string): string => createHash('sha256').update(bytes).digest('hex');

/** Every valid rule-set file of one folder (by name); a bad one is added to `problems` instead. */
function readFolder(dir: string, problems: RuleSetProblem[]): RuleSetFile[] {
  let names: string[];
  try {
    if (!fs.existsSync(dir)) return [];
    names = fs.readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
  } catch (e) {
    problems.push(problemOf(dir, e));
    return [];
  }
  const out: RuleSetFile[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    try {
      const bytes = fs.readFileSync(file);
      out.push({ file, sha256: sha256Of(bytes), ruleSet: parseRuleSet(bytes.toString('utf8'), file) });
    } catch (e) {
      problems.push(problemOf(file, e));
    }
  }
  return out;
}

type Confirmed = (id: string, sha256: string) => RuleSetConfirmation | undefined;

function buildRegistry(shipped: RuleSetFile[], admin: RuleSetFile[], confirmed: Confirmed | null, problems: RuleSetProblem[]): RuleSetRegistry {
  const byId = new Map<string, RuleSet>();
  const confirmations = new Map<string, RuleSetConfirmation>();
  for (const f of shipped) byId.set(f.ruleSet.id, f.ruleSet);
  const waiting: RuleSetFile[] = [];
  for (const f of admin) {
    const c = confirmed ? confirmed(f.ruleSet.id, f.sha256) : undefined;
    if (confirmed && !c) {
      waiting.push(f);
      continue;
    }
    byId.set(f.ruleSet.id, f.ruleSet);
    if (c) confirmations.set(f.ruleSet.id, { ...c, file: f.file });
  }
  const pending: PendingRuleSet[] = waiting.map((f) => {
    const inUse = byId.get(f.ruleSet.id);
    return {
      id: f.ruleSet.id,
      version: f.ruleSet.version,
      title: f.ruleSet.title,
      file: f.file,
      sha256: f.sha256,
      against: inUse ? { source: confirmations.has(f.ruleSet.id) ? 'data' : 'shipped', version: inUse.version } : null,
      changes: ruleSetDiff(inUse ?? {}, f.ruleSet),
    };
  });
  return {
    problems: () => [...problems],
    pending: () => [...pending],
    confirmation: (id) => confirmations.get(id),
    get: (id) => byId.get(id),
    require(id) {
      const rs = byId.get(id);
      if (!rs) throw new AppError('NOT_FOUND', `Không có bộ tiêu chí "${id}" (các bộ đang có: ${[...byId.keys()].join(', ') || 'không có bộ nào'}): hãy chọn một bộ tiêu chí trong danh sách, hoặc nhờ quản trị viên nạp bộ tiêu chí đó.`);
      return rs;
    },
    all: () => [...byId.values()],
  };
}

/**
 * Loads every rule set from the folders given, in order: a later folder replaces a rule set of
 * the same id. No confirmation is asked (tests, the CLI's classify without a database); the app
 * loads through loadAppRuleSets. A file that cannot be read or is not a valid rule set is left
 * out and reported by problems(): one bad file never stops the app (nor a restore).
 */
export function loadRuleSets(dirs: readonly string[]): RuleSetRegistry {
  const problems: RuleSetProblem[] = [];
  const files = dirs.flatMap((d) => readFolder(d, problems));
  return buildRegistry(files, [], null, problems);
}

/**
 * The rule sets the app uses for one database: the shipped ones, and an administrator copy from
 * the data folder only when that database records a confirmation of exactly its content (a copy
 * dropped or changed by hand waits in pending(), with its changes; the shipped one stays in use).
 */
export function loadAppRuleSets(sqlite: BetterSqlite3.Database, resourcesDir: string, dbPath: string): RuleSetRegistry {
  const [shippedDir, adminDir] = ruleSetDirs(resourcesDir, dbPath) as [string, string];
  const problems: RuleSetProblem[] = [];
  const shipped = readFolder(shippedDir, problems);
  const admin = readFolder(adminDir, problems);
  const hasTable = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'rule_set_confirmations'`).pluck().get() !== undefined;
  const lookup = hasTable
    ? sqlite.prepare(
        `SELECT file, sha256, version, how, confirmed_by AS confirmedBy, confirmed_at AS confirmedAt
           FROM rule_set_confirmations WHERE rule_set_id = ? AND sha256 = ? ORDER BY id DESC LIMIT 1`,
      )
    : null;
  return buildRegistry(shipped, admin, (id, sha) => (lookup ? (lookup.get(id, sha) as RuleSetConfirmation | undefined) : undefined), problems);
}

/**
 * The rule set a round names, as the app uses it for that database (shipped, or the
 * administrator's copy beside the database), or null when neither folder has it.
 */
export function roundRuleSet(sqlite: BetterSqlite3.Database, resourcesDir: string, dbPath: string, roundId: number): RuleSet | null {
  const id = sqlite.prepare('SELECT rule_set_id FROM rounds WHERE id = ?').pluck().get(roundId) as string | undefined;
  return id === undefined ? null : (loadAppRuleSets(sqlite, resourcesDir, dbPath).get(id) ?? null);
}
