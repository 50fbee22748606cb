import fs from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { UnitSummary } from '../../../shared/api/contract';
import { unitFullName } from '../../../shared/domain/units';
import { allSync } from '../db/connection';
import type { Database } from '../db/schema';
import { viSortKey } from '../../../shared/text/collate';
import { cleanText } from '../../../shared/text/normalize';
import { AppError } from '../errors';
import { writeTransaction } from '../db/write-transaction';
import { communesInScope } from './scope';
import { unitNotFound } from './not-found';

const UnitFileSchema = z.object({
  id: z.string(),
  title: z.string(),
  units: z.array(
    z.object({
      code: z.string().min(1),
      name: z.string().min(1),
      type: z.string().min(1),
      level: z.enum(['province', 'district', 'commune', 'village']),
      parent: z.string().nullable(),
      validFrom: z.string(),
      validTo: z.string().nullable(),
    }),
  ),
  map: z.array(z.object({ old: z.string(), new: z.string(), effectiveDate: z.string() })),
});
export type UnitFile = z.infer<typeof UnitFileSchema>;

export function readUnitFile(file: string): UnitFile {
  const parsed = UnitFileSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new AppError('INVALID_INPUT', `Tệp danh mục đơn vị ${file} sai cấu trúc: hãy lấy lại tệp danh mục gốc đi kèm phần mềm. Chi tiết: ${parsed.error.message}`);
  return parsed.data;
}

/** The unit with this code valid on the date. */
export function unitIdAt(sqlite: BetterSqlite3.Database, code: string, date: string): number | undefined {
  const row = sqlite
    .prepare('SELECT id FROM units WHERE code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)')
    .get(code, date, date) as { id: number } | undefined;
  return row?.id;
}

/** Inserts the units and the old → new map of a unit file; units already present are kept. */
export function loadUnits(sqlite: BetterSqlite3.Database, data: UnitFile): void {
  const insert = sqlite.prepare(
    `INSERT OR IGNORE INTO units (code, name, type, level, parent_id, valid_from, valid_to, name_sort)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertMap = sqlite.prepare('INSERT OR IGNORE INTO unit_map (old_unit_id, new_unit_id, effective_date) VALUES (?, ?, ?)');
  writeTransaction(sqlite, () => {
    for (const u of data.units) {
      const parentId = u.parent ? unitIdAt(sqlite, u.parent, u.validFrom) : null;
      if (u.parent && parentId === undefined) throw new AppError('INVALID_INPUT', `Tệp danh mục đơn vị sai: đơn vị mã ${u.code} thuộc đơn vị mã ${u.parent}, nhưng đơn vị này không có hiệu lực ngày ${u.validFrom}. Hãy lấy lại tệp danh mục gốc.`);
      const name = cleanText(u.name);
      insert.run(u.code, name, u.type, u.level, parentId, u.validFrom, u.validTo, viSortKey(name));
    }
    for (const m of data.map) {
      const before = new Date(Date.parse(m.effectiveDate) - 86_400_000).toISOString().slice(0, 10);
      const oldId = unitIdAt(sqlite, m.old, before);
      const newId = unitIdAt(sqlite, m.new, m.effectiveDate);
      if (oldId === undefined || newId === undefined) throw new AppError('INVALID_INPUT', `Tệp danh mục đơn vị sai: dòng chuyển đổi ${m.old} → ${m.new} (từ ngày ${m.effectiveDate}) nêu một đơn vị không có trong danh mục. Hãy lấy lại tệp danh mục gốc.`);
      insertMap.run(oldId, newId, m.effectiveDate);
    }
  });
}

/** Adds a village (thôn, ấp…; no national code) under a commune and returns its id. */
export function addVillage(sqlite: BetterSqlite3.Database, communeId: number, code: string, name: string, type: string): number {
  const commune = sqlite.prepare('SELECT valid_from, valid_to FROM units WHERE id = ?').get(communeId) as
    | { valid_from: string; valid_to: string | null }
    | undefined;
  if (!commune) throw unitNotFound(communeId, 'commune');
  const clean = cleanText(name);
  const info = sqlite
    .prepare(
      `INSERT INTO units (code, name, type, level, parent_id, valid_from, valid_to, name_sort)
       VALUES (?, ?, ?, 'village', ?, ?, ?, ?)`,
    )
    .run(code, clean, type, communeId, commune.valid_from, commune.valid_to, viSortKey(clean));
  return Number(info.lastInsertRowid);
}

/** The communes a round covers (units/scope.ts), valid on its map date, with each one's households in the round. */
export function communesUnderScope(sqlite: BetterSqlite3.Database, scopeUnitId: number, roundId: number, mapDate: string): UnitSummary[] {
  // household_counts (migration 6) keeps these exact by triggers: no household is read.
  const count = sqlite.prepare('SELECT COALESCE(SUM(households), 0) FROM household_counts WHERE round_id = ? AND commune_id = ?').pluck();
  return communesInScope(sqlite, scopeUnitId, mapDate).map((u) => ({
    id: u.id,
    code: u.code,
    name: u.name,
    type: u.type,
    householdCount: Number(count.get(roundId, u.id)),
    fullName: unitFullName(u.type, u.name),
  }));
}

/** The villages of a commune, in Vietnamese order, with each one's households in the round. */
export function villagesOf(db: Kysely<Database>, sqlite: BetterSqlite3.Database, roundId: number, communeId: number): UnitSummary[] {
  const rows = allSync(
    sqlite,
    db
    .selectFrom('units as u')
    .select(['u.id', 'u.code', 'u.name', 'u.type'])
    .select((eb) =>
      // household_counts (migration 6) keeps these exact by triggers: no household is read.
      eb
        .selectFrom('household_counts as c')
        .whereRef('c.village_id', '=', 'u.id')
        .where('c.round_id', '=', roundId)
        .select((c) => c.fn.sum<number>('c.households').as('n'))
        .as('householdCount'),
    )
    .where('u.parent_id', '=', communeId)
    .where('u.level', '=', 'village')
    .orderBy('u.name_sort'),
  );
  return rows.map((r) => ({ ...r, householdCount: Number(r.householdCount ?? 0), fullName: unitFullName(r.type, r.name) }));
}
