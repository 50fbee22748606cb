import path from 'node:path';
import type { ApiMethod, ApiOutput, ApiParsedInput } from '../../../shared/api/contract';
import { documentServices } from '../documents/services';
import { entryServices } from '../entry/services';
import { excelServices } from '../excel/services';
import { PART_LABELS, type RuleSetPartName } from '../../../shared/engine/ruleset';
import { hasDistrictLevel, unitFullName } from '../../../shared/domain/units';
import { listBackups } from '../backup/backup';
import { LATEST_SCHEMA_VERSION } from '../db/migrations';
import type { Core } from '../core';
import { getHousehold, listHouseholds } from '../households/read';
import { updateHousehold } from '../households/update';
import { classifyRound } from '../rounds/classify';
import { getRound, type RoundRow } from '../rounds/rounds';
import { APP_VERSION } from '../version';

/** The handlers of a set of methods: each area's services module returns ServicesFor<its methods>. */
export type ServicesFor<K extends ApiMethod> = { [M in K]: (input: ApiParsedInput<M>) => Promise<ApiOutput<M>> | ApiOutput<M> };
export type Services = ServicesFor<ApiMethod>;

/** Units at the commune level under the round's scope, valid on its map date. */
const COMMUNES_SQL = `
  WITH RECURSIVE down(id) AS (
    SELECT ? UNION ALL SELECT u.id FROM units u JOIN down ON u.parent_id = down.id)
  SELECT u.id, u.code, u.name, u.type,
    (SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND h.commune_id = u.id) AS householdCount
  FROM units u JOIN down ON down.id = u.id
  WHERE u.level = 'commune' AND u.valid_from <= ? AND (u.valid_to IS NULL OR u.valid_to >= ?)
  ORDER BY u.name_sort`;

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
      })),
    'rounds.list': () => {
      const rows = sqlite()
        .prepare(
          `SELECT r.*, (SELECT COUNT(*) FROM households h WHERE h.round_id = r.id) AS household_count,
             (SELECT COUNT(*) FROM households h JOIN results res ON res.household_id = h.id WHERE h.round_id = r.id) AS classified_count
           FROM rounds r ORDER BY r.year DESC, r.id DESC`,
        )
        .all() as (RoundRow & { household_count: number; classified_count: number })[];
      return rows.map((r) => ({
        id: r.id,
        year: r.year,
        kind: r.kind,
        title: r.title,
        ruleSetId: r.rule_set_id,
        unitMapDate: r.unit_map_date,
        referenceDate: r.reference_date,
        locked: r.locked === 1,
        hasDistrict: hasDistrictLevel(r.unit_map_date),
        householdCount: r.household_count,
        classifiedCount: r.classified_count,
      }));
    },
    'units.communes': ({ roundId }) => {
      const round = getRound(sqlite(), roundId);
      const rows = sqlite()
        .prepare(COMMUNES_SQL)
        .all(round.scope_unit_id, roundId, round.unit_map_date, round.unit_map_date) as {
        id: number;
        code: string;
        name: string;
        type: string;
        householdCount: number;
      }[];
      return rows.map((r) => ({ ...r, fullName: unitFullName(r.type, r.name) }));
    },
    'units.villages': ({ roundId, communeId }) => {
      getRound(sqlite(), roundId);
      const rows = sqlite()
        .prepare(
          `SELECT u.id, u.code, u.name, u.type,
             (SELECT COUNT(*) FROM households h WHERE h.round_id = ? AND h.village_id = u.id) AS householdCount
           FROM units u WHERE u.parent_id = ? AND u.level = 'village' ORDER BY u.name_sort`,
        )
        .all(roundId, communeId) as { id: number; code: string; name: string; type: string; householdCount: number }[];
      return rows.map((r) => ({ ...r, fullName: unitFullName(r.type, r.name) }));
    },
    'households.list': (input) => listHouseholds(core.db.kysely, input),
    'households.get': ({ householdId }) => getHousehold(core.db.kysely, core.db.sqlite, core.registry, householdId),
    'households.update': ({ householdId, changes }) => updateHousehold(sqlite(), householdId, changes, core.actor),
    'households.history': ({ householdId }) =>
      (
        sqlite()
          .prepare(
            `SELECT at, actor, action, field, old_value, new_value FROM audit
             WHERE (entity = 'household' AND entity_id = ?)
                OR (entity = 'member' AND entity_id IN (SELECT id FROM members WHERE household_id = ?))
             ORDER BY id`,
          )
          .all(householdId, householdId) as { at: string; actor: string; action: string; field: string | null; old_value: string | null; new_value: string | null }[]
      ).map((r) => ({
        at: r.at,
        actor: r.actor,
        action: r.action,
        field: r.field,
        oldValue: r.old_value === null ? null : (JSON.parse(r.old_value) as unknown),
        newValue: r.new_value === null ? null : (JSON.parse(r.new_value) as unknown),
      })),
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
  };
}
