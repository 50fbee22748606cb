import path from 'node:path';
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../../shared/api/contract';
import { documentServices } from '../documents/services';
import { entryServices } from '../entry/services';
import { excelServices } from '../excel/services';
import { reformServices } from '../reform/services';
import { roundServices } from '../rounds/services';
import { unitServices } from '../units/services';
import { villageServices } from '../units/villages-services';
import { PART_LABELS, type RuleSetPartName } from '../../../shared/engine/ruleset';
import { listBackups } from '../backup/backup';
import { confirmRuleSet } from '../rulesets/confirm';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import type { Core } from '../core';
import { getHousehold, householdHistory, listHouseholds } from '../households/read';
import { updateHousehold } from '../households/update';
import { classifyRound } from '../rounds/classify';
import { listRounds } from '../rounds/list';
import { getRound } from '../rounds/rounds';
import { communesUnderScope, villagesOf } from '../units/units';
import { APP_VERSION } from '../version';

/**
 * Wires each area's services to the contract's methods. No SQL here: every query lives in its
 * feature's folder (households/, rounds/, units/…).
 */

/** The handlers of a set of methods: each area's services module returns ServicesFor<its methods>. */
export type ServicesFor<K extends ApiMethod> = { [M in K]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> | ApiOutput<M> };
export type Services = ServicesFor<ApiMethod>;

export function createServices(core: Core): Services {
  const sqlite = () => core.db.sqlite;
  return {
    'app.info': () => ({
      version: APP_VERSION,
      schemaVersion: LATEST_SCHEMA_VERSION,
      dbPath: core.options.dbPath,
      dataDir: core.options.dbPath.replace(/[\\/][^\\/]*$/u, ''),
      backupDir: core.backupDir,
    }),
    'ruleSets.list': () =>
      [...core.registry.all()]
        // national standards first, the newest period first; then the provinces'
        .sort((a, b) => (a.kind !== b.kind ? (a.kind === 'national' ? -1 : 1) : b.validFrom.localeCompare(a.validFrom) || a.id.localeCompare(b.id)))
        .map((rs) => ({
        id: rs.id,
        version: rs.version,
        kind: rs.kind,
        title: rs.title,
        ...(rs.province ? { province: rs.province } : {}),
        validFrom: rs.validFrom,
        validTo: rs.validTo,
        synthetic: rs.synthetic,
        basis: rs.provenance.document,
        parts: (Object.keys(PART_LABELS) as RuleSetPartName[]).map((name) => ({
          name,
          label: PART_LABELS[name],
          status: rs[name].status,
          document: rs[name].provenance.document,
          note: rs[name].provenance.note ?? null,
        })),
        ...(core.registry.confirmation(rs.id) ? { administrator: core.registry.confirmation(rs.id)! } : {}),
      })),
    'rulesets.pending': () => ({ pending: core.registry.pending(), problems: core.registry.problems() }),
    'rulesets.confirm': (input) => {
      const confirmed = confirmRuleSet(sqlite(), core.options.resourcesDir, core.options.dbPath, input, core.actor);
      core.reloadRuleSets();
      return confirmed;
    },
    'rounds.list': () => listRounds(core.db.kysely, sqlite()),
    'units.communes': ({ roundId }) => {
      const round = getRound(sqlite(), roundId);
      return communesUnderScope(sqlite(), round.scope_unit_id, roundId, round.unit_map_date);
    },
    'units.villages': ({ roundId, communeId }) => {
      getRound(sqlite(), roundId);
      return villagesOf(core.db.kysely, sqlite(), roundId, communeId);
    },
    'households.list': (input) => listHouseholds(core.db.kysely, input),
    'households.get': ({ householdId }) => getHousehold(core.db.kysely, core.db.sqlite, core.registry, householdId),
    'households.update': ({ householdId, changes }) => updateHousehold(sqlite(), householdId, changes, core.actor),
    'households.history': ({ householdId }) => householdHistory(core.db.kysely, sqlite(), householdId),
    'rounds.classify': ({ roundId, communeId }) =>
      classifyRound(sqlite(), core.registry, roundId, { ...(communeId ? { communeId } : {}), actor: core.actor }),
    'backups.list': () => listBackups(core.backupDir),
    'backups.create': () => core.backup('manual'),
    'backups.restore': ({ name }) => {
      const file = path.join(core.backupDir, name);
      core.restore(file);
      return listBackups(core.backupDir).find((b) => b.reason === 'before-restore')!;
    },
    'jobs.start': ({ kind, input }) => core.jobs.start(kind, input),
    'jobs.status': ({ jobId }) => core.jobs.status(jobId),
    'jobs.cancel': ({ jobId }) => core.jobs.cancel(jobId),
    'jobs.output': ({ jobId, name }) => core.jobs.output(jobId, name),
    ...entryServices(core),
    ...documentServices(core),
    ...excelServices(core),
    ...unitServices(core),
    ...roundServices(core),
    ...reformServices(core),
    ...villageServices(core),
  };
}
