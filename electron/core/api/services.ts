import path from 'node:path';
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../../shared/api/contract';
import { auditServices } from '../audit/services';
import { authServices } from '../auth/services';
import { documentServices } from '../documents/services';
import { entryServices } from '../entry/services';
import { excelServices } from '../excel/services';
import { exchangeServices } from '../exchange/services';
import { reformServices } from '../reform/services';
import { roundServices } from '../rounds/services';
import { unitServices } from '../units/services';
import { villageServices } from '../units/villages-services';
import { overviewServices } from '../overview/services';
import { requestServices } from '../requests/services';
import { incomeServices } from '../entry/income-services';
import { guidanceServices } from '../guidance/services';
import { provinceServices } from '../exchange/province-services';
import { publishedServices } from '../rulesets/published-services';
import { PART_LABELS, type RuleSetPartName } from '../../../shared/engine/ruleset';
import { backupEncryption, listBackups, setBackupPassphrase } from '../backup/backup';
import { confirmRuleSet } from '../rulesets/confirm';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import type { Core } from '../core';
import { getHousehold, listHouseholds } from '../households/read';
import { householdHistoryVi } from '../households/history';
import { householdCounts, logBulkRead, logListRead } from '../db/audit';
import { updateHousehold } from '../households/update';
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
    'households.list': async (input) => {
      const page = await listHouseholds(core.db.kysely, input);
      // The list shows heads' ID numbers: a bulk read of personal data, logged (at most once per user, round and unit every 10 minutes).
      logListRead(sqlite(), { actor: core.actor, roundId: input.roundId, unitId: input.villageId ?? input.communeId ?? null, rows: page.rows, total: page.total });
      return page;
    },
    'households.get': ({ householdId }) => getHousehold(core.db.kysely, core.db.sqlite, core.registry, householdId),
    'households.update': ({ householdId, version, changes }) => updateHousehold(sqlite(), householdId, changes, core.actor, version),
    'households.history': ({ householdId }) => householdHistoryVi(sqlite(), core.registry, householdId),
    'backups.list': () => listBackups(core.backupDir),
    'backups.create': ({ plain }) => {
      const made = core.backup('manual', plain ?? false);
      // A backup is every household's personal data in one file: logged (who, when, how many; sealed or not).
      logBulkRead(sqlite(), {
        actor: core.actor,
        kind: 'backup',
        // An unsealed copy asked for while backups are sealed is its own action: the audit shows it apart.
        action: plain ? 'backup_plain' : 'backup',
        unitId: null,
        what: 'sqlite',
        file: made.name,
        detail: { encrypted: made.encrypted },
        ...householdCounts(sqlite(), null, null),
      });
      return made;
    },
    'backups.restore': ({ name, passphrase }) => {
      const file = path.join(core.backupDir, name);
      core.restore(file, passphrase);
      // Logged in the data now in use (the restored backup's), so the restore is seen after it.
      logBulkRead(sqlite(), { actor: core.actor, kind: 'backup', action: 'restore', unitId: null, what: 'sqlite', file: name, ...householdCounts(sqlite(), null, null) });
      return listBackups(core.backupDir).find((b) => b.reason === 'before-restore')!;
    },
    'backups.encryption': () => backupEncryption(sqlite()),
    'backups.setPassphrase': ({ passphrase }) => {
      setBackupPassphrase(sqlite(), passphrase, core.actor);
      return backupEncryption(sqlite());
    },
    'jobs.start': ({ kind, input }) => core.jobs.start(kind, input),
    'jobs.status': ({ jobId }) => core.jobs.status(jobId),
    'jobs.cancel': ({ jobId }) => core.jobs.cancel(jobId),
    'jobs.output': ({ jobId, name }) => core.jobs.output(jobId, name),
    ...entryServices(core),
    ...documentServices(core),
    ...excelServices(core),
    ...exchangeServices(core),
    ...unitServices(core),
    ...roundServices(core),
    ...reformServices(core),
    ...villageServices(core),
    ...authServices(core),
    ...auditServices(core),
    ...overviewServices(core),
    ...requestServices(core),
    ...incomeServices(core),
    ...guidanceServices(core),
    ...provinceServices(core),
    ...publishedServices(core),
  };
}
