import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';
import { REGISTER_TYPE_SLUGS } from '../../../shared/domain/units';
import { viSortKey } from '../../../shared/text/collate';
import { cleanText } from '../../../shared/text/normalize';
import { writeAudit } from '../db/audit';
import { nowIso } from '../db/connection';
import { writeTransaction } from '../db/write-transaction';
import { AppError } from '../errors';

/**
 * The national unit register as data (issue 11): a folder with a manifest (register.json) naming
 * each map's CSV file with its validity dates and expected counts, and each old → new table with
 * its effective date (resources/units/register/README.md). The shipped folder is loaded on setup;
 * an administrator may load a newer folder. A folder is read and checked whole before anything is
 * written; it is loaded in one transaction; the same content (sha256) twice is a no-op.
 */

export const REGISTER_MANIFEST = 'register.json';

/** The shipped register in the app's resources. */
export const shippedRegisterDir = (resourcesDir: string): string => path.join(resourcesDir, 'units', 'register');

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, 'ngày dạng YYYY-MM-DD');
const Counts = z.object({ province: z.number().int().min(0), district: z.number().int().min(0), commune: z.number().int().min(0) });
const ManifestSchema = z.object({
  version: z.string().min(1).max(60),
  title: z.string().optional(),
  maps: z
    .array(z.object({ file: z.string().min(1), stateOf: IsoDate, validFrom: IsoDate, validTo: IsoDate.nullable(), counts: Counts }))
    .min(1),
  merges: z.array(z.object({ file: z.string().min(1), from: z.string().min(1), to: z.string().min(1), effective: IsoDate, rows: z.number().int().min(0) })),
});
export type RegisterManifest = z.infer<typeof ManifestSchema>;

export type RegisterLevel = 'province' | 'district' | 'commune';
const LEVELS: readonly RegisterLevel[] = ['province', 'district', 'commune'];
const LEVEL_LABEL: Record<RegisterLevel, string> = { province: 'tỉnh', district: 'huyện', commune: 'xã' };
const CODE_LENGTH: Record<RegisterLevel, number> = { province: 2, district: 3, commune: 5 };
const CODE_PATTERN: Record<RegisterLevel, RegExp> = { province: /^\d{2}$/u, district: /^\d{3}$/u, commune: /^\d{5}$/u };

export interface RegisterUnit {
  code: string;
  level: RegisterLevel;
  type: string;
  name: string;
  parentCode: string | null;
}

export interface RegisterMap {
  file: string;
  validFrom: string;
  validTo: string | null;
  units: RegisterUnit[];
}

export interface RegisterMerge {
  file: string;
  effective: string;
  from: RegisterMap;
  to: RegisterMap;
  rows: { oldCode: string; newCode: string; divided: boolean }[];
}

export interface RegisterProblem {
  file: string;
  line: number | null;
  message: string;
}

export interface Register {
  dir: string;
  version: string;
  sha256: string;
  maps: RegisterMap[];
  merges: RegisterMerge[];
  counts: RegisterCounts;
}

export interface RegisterCounts {
  /** Per map, in the manifest's order. */
  maps: { file: string; validFrom: string; validTo: string | null; province: number; district: number; commune: number }[];
  mapRows: number;
}

/** "file, dòng 12: message" */
export const problemLine = (p: RegisterProblem): string => `${p.file}${p.line ? `, dòng ${p.line}` : ''}: ${p.message}`;

/** A register folder that cannot be loaded: every problem found, one Vietnamese line each. */
export class RegisterInvalidError extends AppError {
  constructor(readonly problems: RegisterProblem[]) {
    const shown = problems.slice(0, 20).map(problemLine);
    super(
      'INVALID_INPUT',
      `Danh mục đơn vị không nạp được (${problems.length} lỗi, không ghi gì vào CSDL): ${shown.join('; ')}${problems.length > 20 ? `; … và ${problems.length - 20} lỗi khác` : ''}`,
      problems.slice(0, 200).map((p) => ({ path: p.line ? `${p.file}:${p.line}` : p.file, message: p.message })),
    );
  }
}

/** RFC 4180 lines: fields split on commas, "quoted" fields may hold commas and doubled quotes. */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let field = '';
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) {
          field += line.slice(i);
          i = line.length;
          break;
        }
        field += line.slice(i, q);
        if (line[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      out.push(field);
      const comma = line.indexOf(',', i);
      if (comma < 0) return out;
      i = comma + 1;
    } else {
      const comma = line.indexOf(',', i);
      if (comma < 0) {
        out.push(line.slice(i));
        return out;
      }
      out.push(line.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** The rows of a CSV file as objects keyed by its header, with each row's line number; the header must be exactly `header`. */
function readCsv(file: string, text: string, header: readonly string[], problems: RegisterProblem[]): { line: number; cells: Record<string, string> }[] {
  const lines = text.replace(/^\ufeff/u, '').split(/\r?\n/u);
  const head = parseCsvLine(lines[0] ?? '').map((h) => h.trim());
  if (head.join(',') !== header.join(',')) {
    problems.push({ file, line: 1, message: `dòng tiêu đề phải là "${header.join(',')}" (đang là "${head.join(',')}")` });
    return [];
  }
  const rows: { line: number; cells: Record<string, string> }[] = [];
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const fields = parseCsvLine(raw);
    if (fields.length !== header.length) {
      problems.push({ file, line: i + 1, message: `cần ${header.length} cột, có ${fields.length}` });
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((h, k) => (cells[h] = cleanText(fields[k]!)));
    rows.push({ line: i + 1, cells });
  }
  return rows;
}

const UNIT_HEADER = ['code', 'level', 'type', 'name', 'parent_code'] as const;
const MERGE_HEADER = ['old_commune_code', 'new_commune_code', 'divided'] as const;

function readMap(dir: string, entry: RegisterManifest['maps'][number], problems: RegisterProblem[]): RegisterMap {
  const file = entry.file;
  const units: RegisterUnit[] = [];
  const text = fs.readFileSync(path.join(dir, file), 'utf8');
  const rows = readCsv(file, text, UNIT_HEADER, problems);
  const byCode = new Map<string, RegisterUnit & { line: number }>();
  for (const { line, cells } of rows) {
    const level = cells.level as RegisterLevel;
    if (!LEVELS.includes(level)) {
      problems.push({ file, line, message: `cấp "${cells.level}" không có (chỉ có province, district, commune)` });
      continue;
    }
    const code = cells.code!;
    if (!CODE_PATTERN[level].test(code)) {
      problems.push({ file, line, message: `mã "${code}" của ${LEVEL_LABEL[level]} phải gồm đúng ${CODE_LENGTH[level]} chữ số (giữ các số 0 đầu)` });
      continue;
    }
    const type = REGISTER_TYPE_SLUGS[level][cells.type!];
    if (!type) {
      problems.push({ file, line, message: `loại "${cells.type}" không dùng cho cấp ${LEVEL_LABEL[level]} (có: ${Object.keys(REGISTER_TYPE_SLUGS[level]).join(', ')})` });
      continue;
    }
    if (!cells.name) {
      problems.push({ file, line, message: `mã ${code}: thiếu tên` });
      continue;
    }
    if (byCode.has(code)) {
      problems.push({ file, line, message: `mã ${code} trùng với dòng ${byCode.get(code)!.line}` });
      continue;
    }
    const unit = { code, level, type, name: cells.name, parentCode: cells.parent_code || null };
    byCode.set(code, { ...unit, line });
    units.push(unit);
  }
  const hasDistricts = entry.counts.district > 0;
  for (const u of byCode.values()) {
    if (u.level === 'province') {
      if (u.parentCode) problems.push({ file, line: u.line, message: `tỉnh ${u.code} không có cấp trên (cột parent_code phải để trống)` });
      continue;
    }
    const parentLevel: RegisterLevel = u.level === 'district' || !hasDistricts ? 'province' : 'district';
    const parent = u.parentCode ? byCode.get(u.parentCode) : undefined;
    if (!u.parentCode) problems.push({ file, line: u.line, message: `mã ${u.code}: thiếu mã ${LEVEL_LABEL[parentLevel]} cấp trên (parent_code)` });
    else if (!parent) problems.push({ file, line: u.line, message: `mã ${u.code}: cấp trên ${u.parentCode} không có trong tệp` });
    else if (parent.level !== parentLevel) {
      problems.push({ file, line: u.line, message: `mã ${u.code}: cấp trên ${u.parentCode} là ${LEVEL_LABEL[parent.level]}, phải là ${LEVEL_LABEL[parentLevel]}` });
    }
  }
  for (const level of LEVELS) {
    const n = units.filter((u) => u.level === level).length;
    if (n !== entry.counts[level]) {
      problems.push({ file, line: null, message: `có ${n.toLocaleString('vi-VN')} ${LEVEL_LABEL[level]}, register.json ghi ${entry.counts[level].toLocaleString('vi-VN')}` });
    }
  }
  return { file, validFrom: entry.validFrom, validTo: entry.validTo, units };
}

function readMerge(dir: string, entry: RegisterManifest['merges'][number], maps: RegisterMap[], problems: RegisterProblem[]): RegisterMerge | null {
  const file = entry.file;
  const from = maps.find((m) => m.file === entry.from);
  const to = maps.find((m) => m.file === entry.to);
  if (!from || !to) {
    problems.push({ file: REGISTER_MANIFEST, line: null, message: `bảng ${file}: "from"/"to" phải là tệp trong "maps"` });
    return null;
  }
  const oldCommunes = new Set(from.units.filter((u) => u.level === 'commune').map((u) => u.code));
  const newCommunes = new Set(to.units.filter((u) => u.level === 'commune').map((u) => u.code));
  const rows: RegisterMerge['rows'] = [];
  const seen = new Map<string, { line: number; divided: boolean; newCode: string }[]>();
  for (const { line, cells } of readCsv(file, fs.readFileSync(path.join(dir, file), 'utf8'), MERGE_HEADER, problems)) {
    const oldCode = cells.old_commune_code!;
    const newCode = cells.new_commune_code!;
    let bad = false;
    if (!oldCommunes.has(oldCode)) {
      problems.push({ file, line, message: `xã cũ ${oldCode} không có trong ${from.file}` });
      bad = true;
    }
    if (!newCommunes.has(newCode)) {
      problems.push({ file, line, message: `xã mới ${newCode} không có trong ${to.file}` });
      bad = true;
    }
    if (cells.divided !== '0' && cells.divided !== '1') {
      problems.push({ file, line, message: `cột divided phải là 0 hoặc 1 (đang là "${cells.divided}")` });
      bad = true;
    }
    if (bad) continue;
    const divided = cells.divided === '1';
    const before = seen.get(oldCode) ?? [];
    if (before.some((r) => r.newCode === newCode)) {
      problems.push({ file, line, message: `dòng ${oldCode} → ${newCode} lặp lại` });
      continue;
    }
    before.push({ line, divided, newCode });
    seen.set(oldCode, before);
    rows.push({ oldCode, newCode, divided });
  }
  for (const [oldCode, list] of seen) {
    if (list.length > 1 && list.some((r) => !r.divided)) {
      problems.push({ file, line: list.find((r) => !r.divided)!.line, message: `xã cũ ${oldCode} có ${list.length} xã mới: mỗi dòng của nó phải có divided = 1` });
    } else if (list.length === 1 && list[0]!.divided) {
      problems.push({ file, line: list[0]!.line, message: `xã cũ ${oldCode} chỉ có một xã mới: divided phải là 0` });
    }
  }
  const missing = [...oldCommunes].filter((c) => !seen.has(c));
  if (missing.length > 0) {
    problems.push({ file, line: null, message: `${missing.length} xã cũ không có xã mới (ví dụ ${missing.slice(0, 5).join(', ')}): mỗi xã cũ cần ít nhất một dòng` });
  }
  if (rows.length !== entry.rows) problems.push({ file, line: null, message: `có ${rows.length.toLocaleString('vi-VN')} dòng, register.json ghi ${entry.rows.toLocaleString('vi-VN')}` });
  return { file, effective: entry.effective, from, to, rows };
}

/**
 * Reads and checks a register folder whole; throws RegisterInvalidError with every problem found
 * (codes, levels, types, parents, the counts the manifest states, the old → new table).
 */
export function readRegister(dir: string): Register {
  const problems: RegisterProblem[] = [];
  const manifestFile = path.join(dir, REGISTER_MANIFEST);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new RegisterInvalidError([{ file: dir, line: null, message: 'không phải một thư mục danh mục đơn vị (cần thư mục có register.json và các tệp CSV)' }]);
  }
  if (!fs.existsSync(manifestFile)) {
    throw new RegisterInvalidError([{ file: REGISTER_MANIFEST, line: null, message: `thiếu tệp mô tả ${REGISTER_MANIFEST} trong ${dir} (xem resources/units/register/README.md)` }]);
  }
  const hash = crypto.createHash('sha256');
  const manifestBytes = fs.readFileSync(manifestFile);
  let manifest: RegisterManifest;
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(manifestBytes.toString('utf8')));
    if (!parsed.success) {
      throw new RegisterInvalidError(parsed.error.issues.map((i) => ({ file: REGISTER_MANIFEST, line: null, message: `${i.path.join('.') || '(gốc)'}: ${i.message}` })));
    }
    manifest = parsed.data;
  } catch (e) {
    if (e instanceof RegisterInvalidError) throw e;
    throw new RegisterInvalidError([{ file: REGISTER_MANIFEST, line: null, message: `không phải JSON hợp lệ (${(e as Error).message})` }]);
  }
  hash.update(manifestBytes);
  const files = [...manifest.maps.map((m) => m.file), ...manifest.merges.map((m) => m.file)];
  for (const f of files) {
    if (path.basename(f) !== f) problems.push({ file: REGISTER_MANIFEST, line: null, message: `tệp "${f}" phải nằm ngay trong thư mục danh mục` });
    else if (!fs.existsSync(path.join(dir, f))) problems.push({ file: f, line: null, message: 'không tìm thấy tệp' });
  }
  if (problems.length > 0) throw new RegisterInvalidError(problems);
  for (const f of files) hash.update(`\0${f}\0`).update(fs.readFileSync(path.join(dir, f)));
  manifest.maps.forEach((m) => {
    if (m.validTo !== null && m.validTo < m.validFrom) problems.push({ file: REGISTER_MANIFEST, line: null, message: `${m.file}: validTo ${m.validTo} trước validFrom ${m.validFrom}` });
  });
  const maps = manifest.maps.map((m) => readMap(dir, m, problems));
  const merges = manifest.merges.map((m) => readMerge(dir, m, maps, problems)).filter((m): m is RegisterMerge => m !== null);
  for (const merge of merges) {
    if (merge.from.validTo === null || merge.from.validTo >= merge.effective || merge.to.validFrom !== merge.effective) {
      problems.push({ file: REGISTER_MANIFEST, line: null, message: `bảng ${merge.file}: ${merge.from.file} phải hết hiệu lực trước ${merge.effective} và ${merge.to.file} có hiệu lực từ ngày đó` });
    }
  }
  if (problems.length > 0) throw new RegisterInvalidError(problems);
  const count = (m: RegisterMap, level: RegisterLevel) => m.units.filter((u) => u.level === level).length;
  return {
    dir,
    version: manifest.version,
    sha256: hash.digest('hex'),
    maps,
    merges,
    counts: {
      maps: maps.map((m) => ({ file: m.file, validFrom: m.validFrom, validTo: m.validTo, province: count(m, 'province'), district: count(m, 'district'), commune: count(m, 'commune') })),
      mapRows: merges.reduce((n, m) => n + m.rows.length, 0),
    },
  };
}

export interface RegisterLoadResult {
  status: 'loaded' | 'unchanged';
  version: string;
  sha256: string;
  counts: RegisterCounts;
  /** Units added, units whose name, type, parent or end date changed, old → new rows added or changed. */
  inserted: number;
  updated: number;
  mapRowsWritten: number;
}

/** The register version recorded with this content, if loaded before. */
function loadedVersion(sqlite: BetterSqlite3.Database, sha256: string): { version: string } | undefined {
  return sqlite.prepare('SELECT version FROM register_versions WHERE sha256 = ?').get(sha256) as { version: string } | undefined;
}

/** Whether any register version has been loaded into this database. */
export function registerLoaded(sqlite: BetterSqlite3.Database): boolean {
  return sqlite.prepare('SELECT 1 FROM register_versions LIMIT 1').get() !== undefined;
}

/**
 * Writes a checked register into the database, in one transaction: each unit keyed by (code,
 * valid_from), so a unit already there (the demo's, or a previous version's) is the same row,
 * updated (and audited field by field) when its name, type, parent or end date changed; the old →
 * new tables into unit_map with their divided marker; a register_versions row (who, when, sha256)
 * and an audit row. The same content twice writes nothing.
 */
export function loadRegister(sqlite: BetterSqlite3.Database, register: Register, actor: string): RegisterLoadResult {
  const base = { version: register.version, sha256: register.sha256, counts: register.counts };
  if (loadedVersion(sqlite, register.sha256)) return { ...base, status: 'unchanged', inserted: 0, updated: 0, mapRowsWritten: 0 };
  const find = sqlite.prepare('SELECT id, name, type, level, parent_id, valid_to FROM units WHERE code = ? AND valid_from = ?');
  const insert = sqlite.prepare(
    `INSERT INTO units (code, name, type, level, parent_id, valid_from, valid_to, name_sort) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const update = sqlite.prepare('UPDATE units SET name = ?, type = ?, level = ?, parent_id = ?, valid_to = ?, name_sort = ? WHERE id = ?');
  const findMap = sqlite.prepare('SELECT effective_date, divided FROM unit_map WHERE old_unit_id = ? AND new_unit_id = ?');
  const insertMap = sqlite.prepare('INSERT INTO unit_map (old_unit_id, new_unit_id, effective_date, divided) VALUES (?, ?, ?, ?)');
  const updateMap = sqlite.prepare('UPDATE unit_map SET effective_date = ?, divided = ? WHERE old_unit_id = ? AND new_unit_id = ?');
  return writeTransaction(sqlite, () => {
    if (loadedVersion(sqlite, register.sha256)) return { ...base, status: 'unchanged' as const, inserted: 0, updated: 0, mapRowsWritten: 0 };
    let inserted = 0;
    let updated = 0;
    let mapRowsWritten = 0;
    const changes: Parameters<typeof writeAudit>[1][number][] = [];
    const idsByMap = new Map<RegisterMap, Map<string, number>>();
    for (const map of register.maps) {
      const ids = new Map<string, number>();
      idsByMap.set(map, ids);
      for (const level of LEVELS) {
        for (const u of map.units) {
          if (u.level !== level) continue;
          const parentId = u.parentCode ? ids.get(u.parentCode)! : null;
          const row = find.get(u.code, map.validFrom) as
            | { id: number; name: string; type: string; level: string; parent_id: number | null; valid_to: string | null }
            | undefined;
          if (!row) {
            ids.set(u.code, Number(insert.run(u.code, u.name, u.type, u.level, parentId, map.validFrom, map.validTo, viSortKey(u.name)).lastInsertRowid));
            inserted++;
            continue;
          }
          ids.set(u.code, row.id);
          const now = { name: u.name, type: u.type, level: u.level, parent_id: parentId, valid_to: map.validTo };
          const fields = (Object.keys(now) as (keyof typeof now)[]).filter((k) => row[k] !== now[k]);
          if (fields.length === 0) continue;
          update.run(u.name, u.type, u.level, parentId, map.validTo, viSortKey(u.name), row.id);
          updated++;
          for (const field of fields) changes.push({ actor, entity: 'units', entityId: row.id, action: 'register_update', field, oldValue: row[field], newValue: now[field] });
        }
      }
    }
    for (const merge of register.merges) {
      const oldIds = idsByMap.get(merge.from)!;
      const newIds = idsByMap.get(merge.to)!;
      for (const r of merge.rows) {
        const oldId = oldIds.get(r.oldCode)!;
        const newId = newIds.get(r.newCode)!;
        const divided = r.divided ? 1 : 0;
        const row = findMap.get(oldId, newId) as { effective_date: string; divided: number } | undefined;
        if (!row) insertMap.run(oldId, newId, merge.effective, divided);
        else if (row.effective_date !== merge.effective || row.divided !== divided) updateMap.run(merge.effective, divided, oldId, newId);
        else continue;
        mapRowsWritten++;
      }
    }
    const loadedAt = nowIso();
    const info = sqlite
      .prepare('INSERT INTO register_versions (version, sha256, source, loaded_at, loaded_by, counts) VALUES (?, ?, ?, ?, ?, ?)')
      .run(register.version, register.sha256, path.resolve(register.dir), loadedAt, actor, JSON.stringify(register.counts));
    changes.push({
      actor,
      entity: 'register_versions',
      entityId: Number(info.lastInsertRowid),
      action: 'load',
      newValue: { version: register.version, sha256: register.sha256, source: path.resolve(register.dir), inserted, updated, mapRowsWritten, counts: register.counts },
    });
    writeAudit(sqlite, changes);
    return { ...base, status: 'loaded' as const, inserted, updated, mapRowsWritten };
  });
}

/** The latest register version loaded, or null. */
export function latestRegisterVersion(sqlite: BetterSqlite3.Database): { version: string; sha256: string; loadedAt: string; loadedBy: string } | null {
  const row = sqlite
    .prepare('SELECT version, sha256, loaded_at AS loadedAt, loaded_by AS loadedBy FROM register_versions ORDER BY id DESC LIMIT 1')
    .get() as { version: string; sha256: string; loadedAt: string; loadedBy: string } | undefined;
  return row ?? null;
}

/** Loads the shipped register unless a register is already loaded (setup, the first search). */
export function ensureRegister(sqlite: BetterSqlite3.Database, resourcesDir: string, actor: string): RegisterLoadResult | null {
  if (registerLoaded(sqlite)) return null;
  return loadRegister(sqlite, readRegister(shippedRegisterDir(resourcesDir)), actor);
}
