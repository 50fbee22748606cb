import type BetterSqlite3 from 'better-sqlite3';
import fs from 'node:fs';
import type { RuleSet } from '../../../shared/engine/ruleset';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import { AppError } from '../errors';
import { loadAppRuleSets, sha256Of, type RuleSetConfirmation } from './load';

function record(
  sqlite: BetterSqlite3.Database,
  c: { id: string; version: string; sha256: string; file: string; how: RuleSetConfirmation['how']; actor: string },
  old: { version: string; source: string } | null,
): RuleSetConfirmation {
  const at = nowIso();
  sqlite.transaction(() => {
    sqlite
      .prepare(
        `INSERT INTO rule_set_confirmations (rule_set_id, version, sha256, file, how, confirmed_by, confirmed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (rule_set_id, sha256) DO UPDATE SET version = excluded.version, file = excluded.file, how = excluded.how,
           confirmed_by = excluded.confirmed_by, confirmed_at = excluded.confirmed_at`,
      )
      .run(c.id, c.version, c.sha256, c.file, c.how, c.actor, at);
    writeAudit(sqlite, [
      {
        actor: c.actor,
        entity: 'rule_set',
        entityId: null,
        action: c.how === 'confirmed' ? 'confirm' : 'load',
        field: c.id,
        oldValue: old,
        newValue: { version: c.version, sha256: c.sha256, file: c.file },
      },
    ]);
  })();
  return { file: c.file, sha256: c.sha256, version: c.version, how: c.how, confirmedBy: c.actor, confirmedAt: at };
}

/**
 * An administrator confirms in the app the pending copy they were shown: exactly the content of
 * that hash. A file changed since (another hash) is refused; nothing changes then. The caller
 * reloads the registry.
 */
export function confirmRuleSet(
  sqlite: BetterSqlite3.Database,
  resourcesDir: string,
  dbPath: string,
  input: { id: string; sha256: string },
  actor: string,
): RuleSetConfirmation & { id: string } {
  const registry = loadAppRuleSets(sqlite, resourcesDir, dbPath);
  const pending = registry.pending().find((p) => p.id === input.id && p.sha256 === input.sha256);
  if (!pending) {
    throw new AppError(
      'NOT_FOUND',
      `Không có bộ tiêu chí "${input.id}" đang chờ xác nhận với đúng nội dung đã xem: tệp có thể vừa bị sửa hoặc đã được xác nhận. Hãy tải lại danh sách, xem lại các thay đổi rồi xác nhận.`,
    );
  }
  const c = record(sqlite, { id: pending.id, version: pending.version, sha256: pending.sha256, file: pending.file, how: 'confirmed', actor }, pending.against);
  return { id: pending.id, ...c };
}

/**
 * A copy the app itself just wrote for an administrator (a table loaded from Excel in the app):
 * that action is the confirmation, recorded with who loaded it and when.
 */
export function recordLoadedInApp(sqlite: BetterSqlite3.Database, file: string, ruleSet: RuleSet, actor: string, previous: RuleSet | undefined): RuleSetConfirmation {
  const sha256 = sha256Of(fs.readFileSync(file));
  return record(
    sqlite,
    { id: ruleSet.id, version: ruleSet.version, sha256, file, how: 'loaded_in_app', actor },
    previous ? { version: previous.version, source: 'in use' } : null,
  );
}
