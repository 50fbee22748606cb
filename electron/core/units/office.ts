import type BetterSqlite3 from 'better-sqlite3';
import type { OfficeView, SetupStatus } from '../../../shared/api/units';
import { OFFICE_COMMUNE_TYPES, UNIT_TYPE_LABELS, unitFullName } from '../../../shared/domain/units';
import { fold } from '../../../shared/text/fold';
import { formatDateVi } from '../../../shared/text/format';
import { writeAudit } from '../db/audit';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';
import { becameOf, localToday } from './find';
import { latestRegisterVersion } from './register';

/**
 * The office this database belongs to (issue 11): a commune (xã, phường, đặc khu) or a province
 * office, on today's map. Set once by setup (setupOffice); a round's scope is the office's unit.
 */
export interface Office {
  unitId: number;
  code: string;
  level: 'commune' | 'province';
  name: string;
  type: string;
  fullName: string;
}

export const OFFICE_SETTING = 'office.unit_id';

/** The office recorded by setup, or null when the database has not been set up. */
export function getOffice(sqlite: BetterSqlite3.Database): Office | null {
  const row = sqlite
    .prepare(
      `SELECT u.id, u.code, u.level, u.name, u.type FROM settings s JOIN units u ON u.id = CAST(s.value AS INTEGER)
       WHERE s.key = ?`,
    )
    .get(OFFICE_SETTING) as { id: number; code: string; level: string; name: string; type: string } | undefined;
  if (!row || (row.level !== 'commune' && row.level !== 'province')) return null;
  return { unitId: row.id, code: row.code, level: row.level, name: row.name, type: row.type, fullName: unitFullName(row.type, row.name) };
}

interface UnitRow {
  id: number;
  code: string;
  level: 'province' | 'district' | 'commune' | 'village';
  type: string;
  name: string;
  parent_id: number | null;
  valid_from: string;
  valid_to: string | null;
}

const unitById = (sqlite: BetterSqlite3.Database, id: number): UnitRow | undefined =>
  sqlite.prepare('SELECT id, code, level, type, name, parent_id, valid_from, valid_to FROM units WHERE id = ?').get(id) as UnitRow | undefined;

/** The province above a unit (itself for a province), or undefined. */
function provinceOf(sqlite: BetterSqlite3.Database, unit: UnitRow): UnitRow | undefined {
  let u: UnitRow | undefined = unit;
  while (u && u.level !== 'province') u = u.parent_id !== null ? unitById(sqlite, u.parent_id) : undefined;
  return u;
}

/** The office with its province's name, as the screens show it. */
export function officeView(sqlite: BetterSqlite3.Database): OfficeView | null {
  const office = getOffice(sqlite);
  if (!office) return null;
  const unit = unitById(sqlite, office.unitId)!;
  const province = office.level === 'commune' ? provinceOf(sqlite, unit) : undefined;
  return { ...office, provinceName: province ? unitFullName(province.type, province.name) : null };
}

/** Whether the database is set up: its office, the register version loaded, how many rounds it has. */
export function setupStatus(sqlite: BetterSqlite3.Database, today = localToday()): SetupStatus {
  const latest = latestRegisterVersion(sqlite);
  const countAt = sqlite.prepare(
    `SELECT COUNT(*) FROM units WHERE level = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)`,
  );
  return {
    office: officeView(sqlite),
    register: latest
      ? {
          version: latest.version,
          loadedAt: latest.loadedAt,
          provinces: Number(countAt.pluck().get('province', today, today)),
          communes: Number(countAt.pluck().get('commune', today, today)),
        }
      : null,
    roundCount: Number(sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get()),
  };
}

/** "xã Bình Thủy", "tỉnh An Giang": a unit's full name inside a sentence. */
const inSentence = (u: Pick<UnitRow, 'type' | 'name'>): string => {
  const full = unitFullName(u.type, u.name);
  const label = UNIT_TYPE_LABELS[u.type];
  return label && full.startsWith(label) ? label.toLowerCase() + full.slice(label.length) : full;
};
const withCode = (u: Pick<UnitRow, 'type' | 'name' | 'code'>): string => `${inSentence(u)} (${u.code})`;
const list = (items: string[]): string => (items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} và ${items[items.length - 1]}`);

/** How a refusal says which code to use: the API says "dùng mã 30487", the command line "dùng --unit 30487". */
export type CodeHint = (codes: readonly string[]) => string;
export const apiCodeHint: CodeHint = (codes) => `dùng mã ${codes.join(' hoặc ')}`;

/** A refused office code: the one-line Vietnamese reason, naming the unit(s) to use instead. */
export class OfficeRefusal extends AppError {
  constructor(
    message: string,
    readonly codes: readonly string[],
  ) {
    super('INVALID_INPUT', message, [{ path: 'unitCode', message }]);
    this.name = 'OfficeRefusal';
  }
}

const isOfficeUnit = (u: UnitRow): boolean => u.level === 'province' || (u.level === 'commune' && OFFICE_COMMUNE_TYPES.includes(u.type));

/**
 * The unit an office may be, by its code: valid today, a commune (xã, phường, đặc khu) or a
 * province; else an OfficeRefusal that names the right unit (an abolished commune: the new
 * commune(s) it became; an old district: its new communes; an old province: the new one).
 */
export function officeUnit(sqlite: BetterSqlite3.Database, unitCode: string, options: { today?: string; hint?: CodeHint } = {}): UnitRow {
  const today = options.today ?? localToday();
  const hint = options.hint ?? apiCodeHint;
  const code = unitCode.trim();
  if (!/^\d+$/u.test(code)) {
    const text = fold(code);
    const named = (
      sqlite
        .prepare(
          `SELECT id, code, level, type, name, parent_id, valid_from, valid_to FROM units
           WHERE level IN ('province', 'commune') AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY name_sort, code`,
        )
        .all(today, today) as UnitRow[]
    ).filter((u) => isOfficeUnit(u) && fold(u.name) === text);
    if (named.length > 0) {
      const shown = named.slice(0, 5).map((u) => {
        const p = u.level === 'commune' ? provinceOf(sqlite, u) : undefined;
        return `${inSentence(u)} (${u.code}${p ? `, ${inSentence(p)}` : ''})`;
      });
      throw new OfficeRefusal(`"${code}" không phải mã đơn vị; tên này là ${list(shown)}: ${hint(named.slice(0, 5).map((u) => u.code))}.`, named.map((u) => u.code));
    }
    throw new OfficeRefusal(`"${code}" không phải mã đơn vị (mã gồm 2 chữ số cho tỉnh, 5 chữ số cho xã): tìm mã theo tên bằng "units find".`, []);
  }
  const rows = sqlite
    .prepare(
      `SELECT id, code, level, type, name, parent_id, valid_from, valid_to FROM units
       WHERE code = ? AND level IN ('province', 'district', 'commune') ORDER BY valid_from DESC`,
    )
    .all(code) as UnitRow[];
  if (rows.length === 0) {
    throw new OfficeRefusal(
      `Không có đơn vị mã ${code} trong danh mục đơn vị hành chính (mã xã gồm 5 chữ số, mã tỉnh 2 chữ số): tìm mã theo tên bằng "units find".`,
      [],
    );
  }
  const current = rows.find((u) => u.valid_from <= today && (u.valid_to === null || u.valid_to >= today));
  if (current) {
    if (isOfficeUnit(current)) return current;
    throw new OfficeRefusal(`Mã ${code} là ${inSentence(current)}: văn phòng phải là một xã, phường, đặc khu hoặc một tỉnh.`, []);
  }
  const old = rows[0]!;
  const parent = old.parent_id !== null ? unitById(sqlite, old.parent_id) : undefined;
  const was = `Mã ${code} là ${inSentence(old)} cũ${parent ? ` (${inSentence(parent)})` : ''}`;
  const since = old.valid_to ? ` từ ${formatDateVi(nextDay(old.valid_to))}` : '';
  if (old.level === 'commune') {
    const next = becameOf(sqlite, [old.id]).get(old.id) ?? [];
    if (next.length === 0) throw new OfficeRefusal(`${was}, không còn${since} và không có đơn vị mới thay thế trong danh mục: tìm đơn vị bằng "units find".`, []);
    const verb = next.length > 1 ? 'đã chia vào' : 'đã nhập vào';
    throw new OfficeRefusal(`${was}, ${verb} ${list(next.map(withCode))}${since}: ${hint(next.map((n) => n.code))}.`, next.map((n) => n.code));
  }
  // An old district or province: the new units its communes became.
  const successors = sqlite
    .prepare(
      `WITH RECURSIVE down(id) AS (SELECT ? UNION ALL SELECT u.id FROM units u JOIN down ON u.parent_id = down.id)
       SELECT DISTINCT n.id, n.code, n.level, n.type, n.name, n.parent_id, n.valid_from, n.valid_to
       FROM unit_map m JOIN down ON down.id = m.old_unit_id JOIN units n ON n.id = m.new_unit_id ORDER BY n.name_sort, n.code`,
    )
    .all(old.id) as UnitRow[];
  if (old.level === 'province') {
    const provinces = new Map<number, UnitRow>();
    for (const s of successors) {
      const p = provinceOf(sqlite, s);
      if (p) provinces.set(p.id, p);
    }
    const ps = [...provinces.values()];
    if (ps.length === 0) throw new OfficeRefusal(`${was}, không còn${since}: tìm tỉnh mới bằng "units find".`, []);
    throw new OfficeRefusal(`${was}, đã nhập vào ${list(ps.map(withCode))}${since}: ${hint(ps.map((p) => p.code))}.`, ps.map((p) => p.code));
  }
  const shown = successors.slice(0, 8);
  const provinces = [...new Map(successors.map((s) => provinceOf(sqlite, s)).filter((p): p is UnitRow => p !== undefined).map((p) => [p.id, p])).values()];
  throw new OfficeRefusal(
    `${was}; cấp huyện không còn${since}: văn phòng là một xã mới của nó (${list(shown.map(withCode))}${successors.length > 8 ? ', …' : ''}) hoặc ${list(provinces.map(withCode))}: ${hint(shown.map((s) => s.code))}.`,
    successors.map((s) => s.code),
  );
}

const nextDay = (iso: string): string => new Date(Date.parse(`${iso}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export interface SetupResult {
  office: OfficeView;
  /** false when the same office was already recorded (nothing written). */
  changed: boolean;
  previous: Office | null;
}

/**
 * Records the office (issue 11): the unit must be a current commune (xã, phường, đặc khu) or
 * province (officeUnit's refusals otherwise). Once rounds exist, the office cannot be changed to
 * another unit (its rounds, households and documents belong to the first); the same unit again
 * is a no-op. Audited (old and new office).
 */
export function setupOffice(
  sqlite: BetterSqlite3.Database,
  unitCode: string,
  actor: string,
  options: { today?: string; hint?: CodeHint } = {},
): SetupResult {
  const unit = officeUnit(sqlite, unitCode, options);
  return writeTransaction(sqlite, () => {
    const previous = getOffice(sqlite);
    if (previous && previous.unitId === unit.id) return { office: officeView(sqlite)!, changed: false, previous };
    const rounds = Number(sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get());
    if (previous && rounds > 0) {
      throw new OfficeRefusal(
        `Cơ sở dữ liệu này đã là của ${inSentence(previous)} (${previous.code}) và có ${rounds} đợt rà soát: không đổi sang ${withCode(unit)} được; hãy dùng một tệp CSDL mới cho ${inSentence(unit)}.`,
        [previous.code],
      );
    }
    sqlite
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(OFFICE_SETTING, String(unit.id));
    const office = officeView(sqlite)!;
    const describe = (o: Office | OfficeView) => ({ unitId: o.unitId, code: o.code, fullName: o.fullName });
    writeAudit(sqlite, [
      {
        actor,
        entity: 'settings',
        entityId: null,
        action: previous ? 'office_change' : 'office_setup',
        field: OFFICE_SETTING,
        oldValue: previous ? describe(previous) : null,
        newValue: describe(office),
      },
    ]);
    return { office, changed: true, previous };
  });
}
