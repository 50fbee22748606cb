import type BetterSqlite3 from 'better-sqlite3';
import type { IncomeSaveOutput, IncomeView, incomeInputs } from '../../../shared/api/income';
import { computeIncome, EXCLUDED_SOURCES, INCOME_SOURCE_LABELS, INCOME_SOURCES, IncomeWorksheetSchema, type IncomeWorksheet } from '../../../shared/engine/income';
import type { ServicesFor } from '../api/services';
import type { Core } from '../core';
import { writeAudit, type AuditEntry } from '../db/audit';
import { nowIso } from '../db/connection';
import { writeTransaction } from '../db/write-transaction';
import { assertVersion, raiseVersion, versionOf } from '../households/version';
import type { RuleSetRegistry } from '../rulesets/load';
import { classifyHousehold } from './classify-one';
import { assertEditable } from './locks';
import { householdNotFound } from '../households/not-found';

interface WorksheetRow {
  period: string;
  members: number;
  lines: string;
  monthly_per_capita: number;
  updated_at: string;
  updated_by: string;
}

const SOURCES = INCOME_SOURCES.map((id) => ({ id, label: INCOME_SOURCE_LABELS[id], counted: !EXCLUDED_SOURCES.includes(id) }));

function householdOf(sqlite: BetterSqlite3.Database, householdId: number): { round_id: number; commune_id: number; member_count: number } {
  const h = sqlite.prepare('SELECT round_id, commune_id, member_count FROM households WHERE id = ?').get(householdId) as
    | { round_id: number; commune_id: number; member_count: number }
    | undefined;
  if (!h) throw householdNotFound(householdId);
  return h;
}

function worksheetOf(row: WorksheetRow): IncomeWorksheet {
  return IncomeWorksheetSchema.parse({ period: row.period, members: row.members, lines: JSON.parse(row.lines) as unknown });
}

/** The household's worksheet, its result and the stored monthly income. */
export function getIncome(sqlite: BetterSqlite3.Database, householdId: number): IncomeView {
  const h = householdOf(sqlite, householdId);
  const row = sqlite.prepare('SELECT period, members, lines, monthly_per_capita, updated_at, updated_by FROM income_worksheets WHERE household_id = ?').get(householdId) as
    | WorksheetRow
    | undefined;
  const monthly = sqlite.prepare('SELECT monthly_income FROM answers WHERE household_id = ?').pluck().get(householdId) as number | null | undefined;
  const worksheet = row ? worksheetOf(row) : null;
  return {
    householdId,
    memberCount: h.member_count,
    worksheet,
    result: worksheet ? computeIncome(worksheet) : null,
    monthlyIncome: monthly ?? null,
    sources: SOURCES,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
    version: versionOf(sqlite, householdId),
  };
}

/**
 * Saves the worksheet, sets answers.monthly_income to its result and classifies the household
 * again, in one write transaction: refused in a locked round or commune, or on a stale version;
 * every change audited with its old and new value.
 */
export function saveIncome(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  householdId: number,
  worksheet: IncomeWorksheet,
  actor: string,
  basedOn?: number,
): IncomeSaveOutput {
  const result = computeIncome(worksheet);
  return writeTransaction(sqlite, (): IncomeSaveOutput => {
    const h = householdOf(sqlite, householdId);
    const round = assertEditable(sqlite, h.round_id, h.commune_id);
    assertVersion(sqlite, householdId, basedOn);
    const now = nowIso();
    const audit: AuditEntry[] = [];
    const old = sqlite.prepare('SELECT period, members, lines, monthly_per_capita, updated_at, updated_by FROM income_worksheets WHERE household_id = ?').get(householdId) as
      | WorksheetRow
      | undefined;
    const oldSheet = old ? worksheetOf(old) : null;
    if (JSON.stringify(oldSheet) !== JSON.stringify(worksheet)) {
      sqlite
        .prepare(
          `INSERT INTO income_worksheets (household_id, period, members, lines, net_income, excluded, monthly_per_capita, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (household_id) DO UPDATE SET period = excluded.period, members = excluded.members, lines = excluded.lines,
             net_income = excluded.net_income, excluded = excluded.excluded, monthly_per_capita = excluded.monthly_per_capita,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(householdId, worksheet.period, worksheet.members, JSON.stringify(worksheet.lines), result.netIncome, result.excluded, result.monthlyPerCapita, now, actor);
      audit.push({ actor, entity: 'household', entityId: householdId, action: old ? 'update' : 'create', field: 'income_worksheet', oldValue: oldSheet, newValue: worksheet });
    }
    const oldIncome = sqlite.prepare('SELECT monthly_income FROM answers WHERE household_id = ?').pluck().get(householdId) as number | null | undefined;
    if ((oldIncome ?? null) !== result.monthlyPerCapita) {
      if (oldIncome === undefined) {
        sqlite.prepare('INSERT INTO answers (household_id, monthly_income, updated_at) VALUES (?, ?, ?)').run(householdId, result.monthlyPerCapita, now);
      } else sqlite.prepare('UPDATE answers SET monthly_income = ?, updated_at = ? WHERE household_id = ?').run(result.monthlyPerCapita, now, householdId);
      audit.push({ actor, entity: 'household', entityId: householdId, action: 'update', field: 'answers.monthly_income', oldValue: oldIncome ?? null, newValue: result.monthlyPerCapita });
    }
    if (audit.length > 0) raiseVersion(sqlite, householdId);
    const oldStatus = sqlite.prepare('SELECT status FROM results WHERE household_id = ?').pluck().get(householdId) as string | undefined;
    const ev = classifyHousehold(sqlite, registry, round, householdId);
    if ((oldStatus ?? null) !== (ev.decision?.status ?? null)) {
      audit.push({ actor, entity: 'household', entityId: householdId, action: 'classify', field: 'status', oldValue: oldStatus ?? null, newValue: ev.decision?.status ?? null });
    }
    writeAudit(sqlite, audit);
    return { householdId, result, version: versionOf(sqlite, householdId), classification: ev.live, missing: ev.missing };
  });
}

/** The handlers of this area's calls (shared/api/income.ts). */
export function incomeServices(core: Core): ServicesFor<keyof typeof incomeInputs> {
  const sqlite = () => core.db.sqlite;
  return {
    'income.get': ({ householdId }) => getIncome(sqlite(), householdId),
    'income.save': ({ householdId, version, worksheet }) => saveIncome(sqlite(), core.registry, householdId, worksheet, core.actor, version),
  };
}
