import type { RoundRow } from '../rounds/rounds';
import { randomUUID } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import path from 'node:path';
import type { Core } from '../core';
import { householdCounts, logBulkRead } from '../db/audit';
import { nowIso, schemaVersionOf } from '../db/connection';
import { getOffice } from '../units/office';
import { communesInScope } from '../units/scope';
import { APP_VERSION } from '../version';
import { PACKAGE_FORMAT, PACKAGE_FORMAT_VERSION, writePackage, type PackageManifest, packageRefusal } from './format';
import { readCommuneParts } from './read';

export interface ExportRequest {
  roundYear: number;
  /** The commune's code (5 digits), on the round's map. */
  unitCode: string;
  out: string;
  passphrase: string;
  /** Several rounds in the year (ad-hoc ones): which, by its reference date. */
  referenceDate?: string;
}

export interface ExportResult {
  file: string;
  manifest: PackageManifest;
}



/** The round of a year: the periodic one, else the only one, else the one of the reference date. */
export function roundOfYear(sqlite: BetterSqlite3.Database, year: number, referenceDate?: string): RoundRow {
  const rows = sqlite.prepare('SELECT * FROM rounds WHERE year = ? ORDER BY kind DESC, id').all(year) as RoundRow[];
  const hits = referenceDate ? rows.filter((r) => r.reference_date === referenceDate) : rows.filter((r) => r.kind === 'periodic');
  const pick = hits[0] ?? (rows.length === 1 ? rows[0] : undefined);
  if (!pick) {
    throw packageRefusal(
      rows.length === 0
        ? `Không có đợt rà soát nào năm ${year} trong dữ liệu này: xem các đợt bằng lệnh round list.`
        : `Năm ${year} có ${rows.length} đợt rà soát: hãy chọn đợt theo ngày tính tuổi.`,
    );
  }
  return pick;
}

/**
 * Writes the package of one commune of one round (issue 13): every table's rows of that commune
 * and round (format.ts, read.ts), sealed with the passphrase. Logged as a bulk read of personal
 * data (who took which households out, into which file).
 */
export function exportPackage(core: Core, req: ExportRequest): ExportResult {
  const sqlite = core.db.sqlite;
  if (req.passphrase.length < 8) throw packageRefusal('Mật khẩu của gói phải có ít nhất 8 ký tự: gói chứa dữ liệu cá nhân.');
  const round = roundOfYear(sqlite, req.roundYear, req.referenceDate);
  const commune = communesInScope(sqlite, round.scope_unit_id, round.unit_map_date).find((c) => c.code === req.unitCode.trim());
  if (!commune) {
    throw packageRefusal(`Đợt rà soát năm ${round.year} không có xã mã ${req.unitCode} (theo bản đồ ngày ${round.unit_map_date}): kiểm tra lại mã xã bằng lệnh units find.`);
  }
  const office = getOffice(sqlite);
  if (!office) throw packageRefusal('Dữ liệu này chưa thiết lập đơn vị (xã hoặc tỉnh) nên chưa xuất gói được: hãy chạy lệnh setup trước.');
  const unit = sqlite.prepare('SELECT code, name, type, valid_from AS validFrom FROM units WHERE id = ?').get(commune.id) as PackageManifest['unit'];
  const parts = readCommuneParts(sqlite, round.id, commune.id);
  const baseline = sentBaseline(sqlite, round.id, commune.id, office.code);
  const manifest: Omit<PackageManifest, 'parts'> = {
    format: PACKAGE_FORMAT,
    formatVersion: PACKAGE_FORMAT_VERSION,
    packageId: randomUUID(),
    app: { version: APP_VERSION, schemaVersion: schemaVersionOf(sqlite) },
    ruleSet: { id: round.rule_set_id, version: core.registry.get(round.rule_set_id)?.version ?? null },
    round: { year: round.year, kind: round.kind, referenceDate: round.reference_date, unitMapDate: round.unit_map_date, title: round.title },
    unit,
    office: { code: office.code, name: office.fullName, level: office.level },
    createdAt: nowIso(),
    createdBy: core.actor,
    ...(baseline ? { baseline } : {}),
  };
  const out = path.resolve(req.out);
  const full = writePackage(out, manifest, parts, req.passphrase);
  const counts = householdCounts(sqlite, round.id, commune.id);
  // A bulk read of personal data: who took which commune's data, when, how much.
  logBulkRead(sqlite, {
    actor: core.actor,
    kind: 'package',
    action: 'export',
    unitId: commune.id,
    roundId: round.id,
    what: 'package',
    file: path.basename(out),
    households: counts.households,
    people: counts.people,
    detail: { packageId: manifest.packageId, unit: unit.code },
  });
  return { file: out, manifest: full };
}

/**
 * The baselines this office holds with the office it last received the commune's package from
 * (not itself): carried in the package so that the receiver, when it is that office, knows the
 * data both last had in common (FORMAT.md, "Import rules").
 */
function sentBaseline(sqlite: BetterSqlite3.Database, roundId: number, communeId: number, ownCode: string): PackageManifest['baseline'] | null {
  const peer = sqlite
    .prepare('SELECT office_code FROM exchange_packages WHERE round_id = ? AND commune_id = ? AND office_code <> ? ORDER BY received_at DESC, id DESC LIMIT 1')
    .pluck()
    .get(roundId, communeId, ownCode) as string | undefined;
  if (peer === undefined) return null;
  const rows = sqlite
    .prepare(
      `SELECT b.household_code, b.digest FROM exchange_baselines b JOIN households h ON h.round_id = b.round_id AND h.code = b.household_code
       WHERE b.office_code = ? AND b.round_id = ? AND h.commune_id = ? ORDER BY b.household_code`,
    )
    .raw()
    .all(peer, roundId, communeId) as [string, string][];
  return { office: peer, households: Object.fromEntries(rows) };
}
