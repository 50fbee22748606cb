import type BetterSqlite3 from 'better-sqlite3';
import { RuleSetSchema, type RuleSet } from '../../../shared/engine/ruleset';
import { nowIso } from '../db/connection';
import { AppError } from '../errors';

/**
 * Records the rule set that is about to produce results. The same id and version must always
 * mean the same rules: a file changed without a new version number is refused.
 */
export function recordSnapshot(sqlite: BetterSqlite3.Database, ruleSet: RuleSet): void {
  const body = JSON.stringify(ruleSet);
  const existing = sqlite.prepare('SELECT body FROM rule_set_snapshots WHERE id = ? AND version = ?').pluck().get(ruleSet.id, ruleSet.version) as
    | string
    | undefined;
  if (existing === undefined) {
    sqlite.prepare('INSERT INTO rule_set_snapshots (id, version, body, first_used_at) VALUES (?, ?, ?, ?)').run(ruleSet.id, ruleSet.version, body, nowIso());
  } else if (existing !== body) {
    throw new AppError(
      'RULESET_INVALID',
      `Bộ tiêu chí ${ruleSet.id} phiên bản ${ruleSet.version} khác với bản cùng phiên bản đã dùng để phân loại trước đây: tệp đã bị sửa mà không đổi phiên bản. Hãy ghi một phiên bản mới (trường "version") vào tệp đã sửa rồi nạp lại, để các kết quả cũ vẫn theo bản cũ.`,
    );
  }
}

const cache = new Map<string, RuleSet>();

/** The rule set exactly as it was when it produced results. */
export function snapshotOf(sqlite: BetterSqlite3.Database, id: string, version: string): RuleSet | undefined {
  const body = sqlite.prepare('SELECT body FROM rule_set_snapshots WHERE id = ? AND version = ?').pluck().get(id, version) as string | undefined;
  if (body === undefined) return undefined;
  let rs = cache.get(body);
  if (!rs) cache.set(body, (rs = RuleSetSchema.parse(JSON.parse(body))));
  return rs;
}
