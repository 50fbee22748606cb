// Everything a document prints about its issuer: the round, the unit chain on the round's map
// date, the officials stored in settings, and the workflow records when they exist.
import type BetterSqlite3 from 'better-sqlite3';
import { OfficialsSchema, type Officials } from '../../../shared/api/documents';
import type { LegalBasis } from '../../../shared/documents/legal-bases';
import type { RuleSet } from '../../../shared/engine/ruleset';
import { hasDistrictLevel, unitFullName } from '../../../shared/domain/units';
import { AppError } from '../errors';
import { getRound, type RoundRow } from '../rounds/rounds';
import { communesInScope } from '../units/scope';
import { unitOnMap } from '../reform/map';
import { writeAudit } from '../db/audit';
import { writeTransaction } from '../db/write-transaction';
import { unitNotFound } from '../units/not-found';

export interface UnitRow {
  id: number;
  code: string;
  name: string;
  type: string;
  level: 'province' | 'district' | 'commune' | 'village';
  parent_id: number | null;
}

export interface DocContext {
  round: RoundRow;
  /** The unit the document is for: a commune, or a district (province after 1/7/2025) for reports. */
  unit: UnitRow;
  commune: UnitRow | null;
  /** Null when the round's map has no district level (after 1/7/2025). */
  district: UnitRow | null;
  province: UnitRow | null;
  /** The communes covered (one for a commune document), in Vietnamese order. */
  communes: UnitRow[];
  officials: Officials;
  hasDistrict: boolean;
  /** The date printed on the date line: the decision's date when recorded, else blank. */
  signedOn: string | null;
  decision: { number: string | null; signedOn: string | null; signerName: string | null; signerTitle: string | null } | null;
}

/** How a document is printed beyond its round and unit: filled-in forms, and the round's rule set. */
export interface DocOptions {
  /** Filled in from the records (Mẫu 01 / 04: this round's; Phiếu A / B: last round's) rather than blank. */
  prefill: boolean;
  householdId: number | null;
  villageId: number | null;
  /** The round's rule set: Phiếu A prints its items, Phiếu B its B1 table, Mẫu 03 its years. */
  ruleSet: RuleSet | null;
  /** The legal bases the decision, certificate, report and notice cite (resources/documents/legal-bases.json). */
  legalBases: LegalBasis[];
}

export const PLAIN: DocOptions = { prefill: false, householdId: null, villageId: null, ruleSet: null, legalBases: [] };

/** The date that decides which legal bases apply: the recorded decision's, else the round's reference date. */
export const legalDate = (ctx: DocContext): string => ctx.decision?.signedOn ?? ctx.round.reference_date;

export const officialsKey = (communeId: number): string => `documents.officials:${communeId}`;

export function readOfficials(sqlite: BetterSqlite3.Database, communeId: number): Officials {
  const row = sqlite.prepare('SELECT value FROM settings WHERE key = ?').get(officialsKey(communeId)) as { value: string } | undefined;
  let stored: unknown = {};
  try {
    stored = row ? JSON.parse(row.value) : {};
  } catch {
    stored = {}; // a hand-edited setting that is not JSON prints as blanks rather than failing the document
  }
  const parsed = OfficialsSchema.safeParse(stored);
  return parsed.success ? parsed.data : OfficialsSchema.parse({});
}

/** Records the commune's officials and signers (audited: who changed which, from what to what). */
export function writeOfficials(sqlite: BetterSqlite3.Database, communeId: number, patch: Partial<Officials>, actor: string): Officials {
  return writeTransaction(sqlite, () => {
    const before = readOfficials(sqlite, communeId);
    const next = OfficialsSchema.parse({ ...before, ...patch });
    sqlite
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(officialsKey(communeId), JSON.stringify(next));
    const changed = (Object.keys(next) as (keyof Officials)[]).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(next[k]));
    writeAudit(
      sqlite,
      changed.map((field) => ({ actor, entity: 'officials', entityId: communeId, action: 'update', field, oldValue: before[field], newValue: next[field] })),
    );
    return next;
  });
}

/**
 * The one row a query finds, or null when it finds none. The workflow's tables exist in every
 * database (all migrations run on open), so a query that fails is an error: it propagates and
 * the document fails rather than printing blanks.
 */
export function rowOrNull<T>(sqlite: BetterSqlite3.Database, sql: string, ...params: unknown[]): T | null {
  return (sqlite.prepare(sql).get(...params) as T | undefined) ?? null;
}

function unitById(sqlite: BetterSqlite3.Database, id: number | null): UnitRow | null {
  if (id === null) return null;
  return (sqlite.prepare('SELECT id, code, name, type, level, parent_id FROM units WHERE id = ?').get(id) as UnitRow | undefined) ?? null;
}

/** The unit with this code on the round's map date (codes are reused across map changes). */
export function unitByCode(sqlite: BetterSqlite3.Database, code: string, date: string): UnitRow | null {
  return (
    (sqlite
      .prepare(
        `SELECT id, code, name, type, level, parent_id FROM units
         WHERE code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY level = 'village'`,
      )
      .get(code, date, date) as UnitRow | undefined) ?? null
  );
}

/** The periodic round of a year (else the first round of that year). */
export function roundIdByYear(sqlite: BetterSqlite3.Database, year: number): number | null {
  const row = sqlite.prepare("SELECT id FROM rounds WHERE year = ? ORDER BY kind != 'periodic', id LIMIT 1").get(year) as { id: number } | undefined;
  return row?.id ?? null;
}

/** The communes a document for this unit covers on the round's map (the one rule: units/scope.ts). */
export function communesUnder(sqlite: BetterSqlite3.Database, unitId: number, date: string): UnitRow[] {
  return communesInScope(sqlite, unitId, date);
}

export function loadContext(sqlite: BetterSqlite3.Database, roundId: number, unitId: number): DocContext {
  const round = getRound(sqlite, roundId);
  const asked = unitById(sqlite, unitId);
  if (!asked) throw unitNotFound(unitId);
  if (asked.level === 'village') throw new AppError('INVALID_INPUT', `Đơn vị mã ${asked.code} là thôn, ấp, tổ dân phố: tài liệu được lập cho một xã hoặc một huyện, hãy chọn lại đơn vị.`);
  // The issuer as the register has it on the round's map date: a unit of another map (an old
  // commune or district asked for a 2026 document) is read as the unit covering it then.
  const unit = unitById(sqlite, unitOnMap(sqlite, asked.id, round.unit_map_date) ?? asked.id) ?? asked;
  const chain: UnitRow[] = [];
  for (let u: UnitRow | null = unit; u; u = unitById(sqlite, u.parent_id)) chain.push(u);
  const commune = chain.find((u) => u.level === 'commune') ?? null;
  const hasDistrict = hasDistrictLevel(round.unit_map_date);
  const district = hasDistrict ? (chain.find((u) => u.level === 'district') ?? null) : null;
  const province = chain.find((u) => u.level === 'province') ?? null;
  const communes = commune ? [commune] : communesUnder(sqlite, unit.id, round.unit_map_date);
  const decision = commune
    ? rowOrNull<{ number: string | null; signedOn: string | null; signerName: string | null; signerTitle: string | null }>(
        sqlite,
        'SELECT number, signed_on AS signedOn, signer_name AS signerName, signer_title AS signerTitle FROM decisions WHERE round_id = ? AND commune_id = ? ORDER BY id DESC LIMIT 1',
        round.id,
        commune.id,
      )
    : null;
  return {
    round,
    unit,
    commune,
    district,
    province,
    communes,
    officials: commune ? readOfficials(sqlite, commune.id) : OfficialsSchema.parse({}),
    hasDistrict,
    signedOn: decision?.signedOn ?? null,
    decision,
  };
}

/** "xã Bình Mỹ" as it is written inside a sentence. */
export const inSentence = (u: { type: string; name: string }): string => {
  const full = unitFullName(u.type, u.name);
  return full.charAt(0).toLowerCase() + full.slice(1);
};
