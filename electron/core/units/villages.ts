import type BetterSqlite3 from 'better-sqlite3';
import { MAX_VILLAGE_NAME, MAX_VILLAGES_AT_ONCE, type VillagePlanResult, type VillagePlanRow, type VillageRow } from '../../../shared/api/villages';
import { AREA_LABELS } from '../../../shared/glossary';
import { defaultAreaOf } from '../../../shared/domain/units';
import {
  VILLAGE_TYPE_LABELS,
  VILLAGE_TYPES,
  areaOfLabel,
  splitVillageName,
  villageCodeOf,
  villageFullName,
  villageNameKey,
  villageTypeOf,
  type VillageType,
} from '../../../shared/domain/villages';
import type { Area } from '../../../shared/engine/ruleset';
import { cleanText } from '../../../shared/text/normalize';
import { writeAudit, type AuditEntry } from '../db/audit';
import { writeTransaction } from '../db/write-transaction';
import { foldHeader } from '../excel/columns';
import { HEADER_ROWS, findHeaderRow, readUploadedSheet } from '../excel/sheet-rows';
import { cellFault } from '../excel/values';
import { addVillage } from './units';
import { unitNotFound } from './not-found';

/**
 * A commune's villages and residential groups (issue 11): listed, added one by one, pasted or
 * imported from a workbook, each with the area (nông thôn / thành thị) a new household of it
 * gets by default. Every way in goes through planVillages: one rule for names, kinds, codes,
 * areas and duplicates; nothing is added while a row has a problem.
 */

/** The village's default area, kept in settings (no table of its own: one value a village). */
export const villageAreaKey = (villageId: number): string => `village.area.${villageId}`;

interface CommuneRow {
  id: number;
  code: string;
  name: string;
  type: string;
  level: string;
  valid_from: string;
}

function communeOf(sqlite: BetterSqlite3.Database, communeId: number): CommuneRow {
  const row = sqlite.prepare('SELECT id, code, name, type, level, valid_from FROM units WHERE id = ?').get(communeId) as CommuneRow | undefined;
  if (!row || row.level !== 'commune') throw unitNotFound(communeId, 'commune');
  return row;
}

/**
 * The area a new household of this village gets: the one set for the village, else the default
 * of its commune's type (xã → nông thôn; phường, thị trấn → thành thị). Null for no village.
 */
export function villageArea(sqlite: BetterSqlite3.Database, villageId: number): Area | null {
  const row = sqlite
    .prepare(
      `SELECT c.type AS communeType, s.value AS area FROM units v JOIN units c ON c.id = v.parent_id
       LEFT JOIN settings s ON s.key = ? WHERE v.id = ? AND v.level = 'village'`,
    )
    .get(villageAreaKey(villageId), villageId) as { communeType: string; area: string | null } | undefined;
  if (!row) return null;
  return row.area === 'rural' || row.area === 'urban' ? row.area : defaultAreaOf(row.communeType);
}

interface StoredVillage {
  id: number;
  code: string;
  type: string;
  name: string;
}

/** The villages of a commune, in Vietnamese order, with their area and households in the latest round. */
export function listVillages(sqlite: BetterSqlite3.Database, communeId: number): VillageRow[] {
  const commune = communeOf(sqlite, communeId);
  const rows = sqlite
    .prepare(
      `SELECT v.id, v.code, v.type, v.name, s.value AS area,
         (SELECT COUNT(*) FROM households h WHERE h.village_id = v.id
            AND h.round_id = (SELECT r.id FROM rounds r ORDER BY r.year DESC, r.id DESC LIMIT 1)) AS householdCount
       FROM units v LEFT JOIN settings s ON s.key = 'village.area.' || v.id
       WHERE v.parent_id = ? AND v.level = 'village' ORDER BY v.name_sort, v.code`,
    )
    .all(communeId) as (StoredVillage & { area: string | null; householdCount: number })[];
  const fallback = defaultAreaOf(commune.type);
  return rows.map((r) => ({
    id: r.id,
    code: r.code,
    type: r.type,
    name: r.name,
    fullName: villageFullName(r.type, r.name),
    area: r.area === 'rural' || r.area === 'urban' ? r.area : fallback,
    householdCount: Number(r.householdCount),
  }));
}

/** Sets the village's default area (audited: who, when, old, new). */
export function setVillageArea(sqlite: BetterSqlite3.Database, villageId: number, area: Area, actor: string): VillageRow {
  const village = sqlite.prepare(`SELECT parent_id FROM units WHERE id = ? AND level = 'village'`).get(villageId) as { parent_id: number } | undefined;
  if (!village) throw unitNotFound(villageId, 'village');
  writeTransaction(sqlite, () => {
    const old = villageArea(sqlite, villageId);
    if (old === area) return;
    sqlite
      .prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
      .run(villageAreaKey(villageId), area);
    writeAudit(sqlite, [{ actor, entity: 'unit', entityId: villageId, action: 'update', field: 'area', oldValue: old, newValue: area }]);
  });
  return listVillages(sqlite, village.parent_id).find((v) => v.id === villageId)!;
}

/** A village as written in a paste or a sheet, before it is checked: texts only ('' when absent). */
export interface VillageEntry {
  line: number;
  code: string;
  name: string;
  type: string;
  area: string;
  /** A problem found while reading (a cell Excel could not compute, several columns without a header). */
  problem?: string;
}

/** Where villages come from, for the audit trail. */
export type VillageSource = 'add' | 'paste' | 'import' | 'cli';

export interface AddVillagesOptions {
  defaultType: VillageType;
  /** The area of villages whose row names none; else the commune type's default. */
  defaultArea?: Area | undefined;
  preview: boolean;
  actor: string;
  source: VillageSource;
  /** Takes a backup before villages are written (imports and pastes); returns its file. */
  backup?: (() => string) | undefined;
  /** A problem of the whole paste or file, when its reader found one: nothing is added. */
  message?: string | null;
}

const TYPE_LIST = VILLAGE_TYPES.map((t) => VILLAGE_TYPE_LABELS[t]).join(', ');

/**
 * The codes of a commune's new villages: "<commune code>-NN", the first free NN from 01 on the
 * commune's map (the one rule for it: the villages screen, the CLI, the Excel import and the
 * reform's new villages all ask it). `reserve` and `next` hold codes planned but not yet written.
 */
export function villageCodes(
  sqlite: BetterSqlite3.Database,
  commune: Pick<CommuneRow, 'code' | 'valid_from'>,
): { taken: (code: string) => boolean; next: () => string; reserve: (code: string) => void } {
  const exists = sqlite.prepare('SELECT 1 FROM units WHERE code = ? AND valid_from = ?').pluck();
  const reserved = new Set<string>();
  let k = 1;
  const taken = (code: string): boolean => reserved.has(code) || exists.get(code, commune.valid_from) !== undefined;
  return {
    taken,
    reserve: (code) => void reserved.add(code),
    next: () => {
      let code = villageCodeOf(commune.code, k);
      while (taken(code)) code = villageCodeOf(commune.code, ++k);
      reserved.add(code);
      return code;
    },
  };
}

/** The code of the next village added to the commune now (villageCodes): "30487-01", "30487-02"… */
export function nextVillageCode(sqlite: BetterSqlite3.Database, communeId: number): string {
  return villageCodes(sqlite, communeOf(sqlite, communeId)).next();
}

/** Checks each entry against the commune's villages and the entries before it; every problem in Vietnamese. */
function planVillages(sqlite: BetterSqlite3.Database, commune: CommuneRow, entries: readonly VillageEntry[], o: AddVillagesOptions): VillagePlanRow[] {
  const existing = sqlite
    .prepare(`SELECT id, code, type, name FROM units WHERE parent_id = ? AND level = 'village'`)
    .all(commune.id) as StoredVillage[];
  const byName = new Map<string, string>(existing.map((v) => [villageNameKey(v.name), villageFullName(v.type, v.name)]));
  const byCode = new Map<string, string>(existing.map((v) => [v.code, villageFullName(v.type, v.name)]));
  const seenName = new Map<string, number>();
  const seenCode = new Map<string, number>();
  const codes = villageCodes(sqlite, commune);
  const areaDefault = o.defaultArea ?? defaultAreaOf(commune.type);

  const rows = entries.map((e) => {
    const problems: string[] = e.problem ? [e.problem] : [];
    let type: VillageType = o.defaultType;
    const typeText = cleanText(e.type);
    const nameText = cleanText(e.name);
    let name = nameText;
    if (typeText) {
      const named = villageTypeOf(typeText);
      if (named) {
        type = named;
        // "Ấp Bình Thạnh" under Loại "Ấp": the kind is not part of the name.
        const split = splitVillageName(nameText, named);
        if (split.type === named) name = split.name;
      } else {
        problems.push(`Loại "${typeText}" không rõ: hãy ghi một trong các loại ${TYPE_LIST}.`);
      }
    } else {
      ({ type, name } = splitVillageName(nameText, o.defaultType));
    }
    if (!e.problem) {
      if (!name) problems.push('Thiếu tên thôn, ấp: hãy ghi tên vào cột Tên, hoặc xoá dòng này.');
      else if (name.length > MAX_VILLAGE_NAME) problems.push(`Tên dài quá ${MAX_VILLAGE_NAME} ký tự: hãy ghi tên ngắn gọn như trên các văn bản của xã.`);
    }

    let area = areaDefault;
    const areaText = cleanText(e.area);
    if (areaText) {
      const named = areaOfLabel(areaText);
      if (named) area = named;
      else problems.push(`Khu vực "${areaText}" không rõ: hãy ghi Nông thôn hoặc Thành thị (hoặc để trống để lấy khu vực mặc định: ${AREA_LABELS[areaDefault]}).`);
    }

    const fullName = name ? villageFullName(type, name) : '';
    if (name) {
      const key = villageNameKey(name);
      const stored = byName.get(key);
      const before = seenName.get(key);
      if (stored) {
        problems.push(`Xã đã có ${stored}: không thêm trùng tên. Nếu đây là một thôn, ấp khác, hãy ghi tên phân biệt (ví dụ "${name} 2").`);
      } else if (before !== undefined) {
        problems.push(`Trùng tên với dòng ${before}: mỗi thôn, ấp chỉ ghi một lần; hãy xoá một trong hai dòng.`);
      } else {
        seenName.set(key, e.line);
      }
    }

    const code = cleanText(e.code);
    if (code) {
      const before = seenCode.get(code);
      if (byCode.has(code) || (before === undefined && codes.taken(code))) {
        problems.push(`Mã "${code}" đã dùng cho ${byCode.get(code) ?? 'một đơn vị khác'}: hãy ghi mã khác, hoặc để trống để ứng dụng tự đặt mã.`);
      } else if (before !== undefined) {
        problems.push(`Mã "${code}" trùng với dòng ${before}: hãy ghi mã khác, hoặc để trống để ứng dụng tự đặt mã.`);
      } else {
        seenCode.set(code, e.line);
        codes.reserve(code);
      }
    }
    return { e, code, type, name, fullName, area, problems };
  });
  // Codes are given to the rows without one only after every written code is reserved.
  return rows.map((r) => ({
    line: r.e.line,
    code: r.code || (r.problems.length === 0 ? codes.next() : ''),
    type: r.type,
    name: r.name,
    fullName: r.fullName,
    area: r.area,
    problem: r.problems.length > 0 ? r.problems.join(' ') : null,
  }));
}

/**
 * Adds villages to a commune: checks every entry (planVillages), and unless a preview, a problem
 * or nothing to add, takes a backup (when asked) and writes them all in one transaction, audited.
 */
export function addVillages(sqlite: BetterSqlite3.Database, communeId: number, entries: readonly VillageEntry[], o: AddVillagesOptions): VillagePlanResult {
  const commune = communeOf(sqlite, communeId);
  const result = (rows: VillagePlanRow[], added: boolean, message: string | null, backupFile: string | null): VillagePlanResult => ({
    preview: o.preview,
    added,
    rows,
    problems: rows.filter((r) => r.problem !== null).length,
    message,
    backupFile,
  });
  if (o.message) return result([], false, o.message, null);
  if (entries.length === 0) return result([], false, 'Chưa có thôn, ấp nào để thêm: hãy ghi hoặc dán mỗi thôn, ấp một dòng.', null);
  if (entries.length > MAX_VILLAGES_AT_ONCE) {
    return result([], false, `Có ${entries.length} dòng, nhiều hơn ${MAX_VILLAGES_AT_ONCE} thôn, ấp một lần: hãy kiểm tra lại đúng danh sách của một xã.`, null);
  }
  const planned = planVillages(sqlite, commune, entries, o);
  if (o.preview || planned.some((r) => r.problem !== null)) return result(planned, false, null, null);

  const backupFile = o.backup ? o.backup() : null;
  // Planned again under the write lock: another window may have added a village since.
  const written = writeTransaction(sqlite, () => {
    const rows = planVillages(sqlite, commune, entries, o);
    if (rows.some((r) => r.problem !== null)) return { rows, added: false };
    const setArea = sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
    const audit: AuditEntry[] = [];
    for (const r of rows) {
      const id = addVillage(sqlite, commune.id, r.code, r.name, r.type);
      setArea.run(villageAreaKey(id), r.area);
      audit.push({
        actor: o.actor,
        entity: 'unit',
        entityId: id,
        action: 'create',
        newValue: { code: r.code, type: r.type, name: r.name, area: r.area, parent: commune.code, source: o.source },
      });
    }
    writeAudit(sqlite, audit);
    return { rows, added: true };
  });
  return result(written.rows, written.added, null, backupFile);
}

/** "Mã", "Tên thôn, ấp", "Loại", "Khu vực": which column is which (0-based), or null without a name column. */
function headerColumns(cells: readonly string[]): { code?: number; name: number; type?: number; area?: number } | null {
  const cols: { code?: number; name?: number; type?: number; area?: number } = {};
  cells.forEach((cell, i) => {
    const h = foldHeader(cell);
    if (cols.name === undefined && /^ten\b/u.test(h)) cols.name = i;
    else if (cols.code === undefined && /^ma\b/u.test(h)) cols.code = i;
    else if (cols.type === undefined && /^loai\b/u.test(h)) cols.type = i;
    else if (cols.area === undefined && /^khu vuc\b/u.test(h)) cols.area = i;
  });
  return cols.name === undefined ? null : { ...cols, name: cols.name };
}

type Columns = NonNullable<ReturnType<typeof headerColumns>>;
const entryOf = (line: number, cells: readonly string[], cols: Columns, problem?: string): VillageEntry => ({
  line,
  code: cols.code !== undefined ? (cells[cols.code] ?? '') : '',
  name: cells[cols.name] ?? '',
  type: cols.type !== undefined ? (cells[cols.type] ?? '') : '',
  area: cols.area !== undefined ? (cells[cols.area] ?? '') : '',
  ...(problem ? { problem } : {}),
});

/** A list's numbering or bullet in front of a pasted name ("1. ", "2) ", "- ", "• "). */
const BULLET = /^(?:\d{1,4}[.)]|[-•*–])\s+/u;

/**
 * Pasted villages: one a line ("Ấp Bình Thạnh"; numbering and bullets from Word are dropped), or
 * a table copied from Excel whose first line is its header (Mã, Tên, Loại, Khu vực). Blank lines
 * are skipped; lines are numbered as pasted.
 */
export function parsePastedVillages(text: string): { entries: VillageEntry[]; message: string | null } {
  const lines = text.split(/\r\n|\r|\n/u);
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  if (firstIndex < 0) return { entries: [], message: null };
  const header = headerColumns(lines[firstIndex]!.split('\t'));
  const entries: VillageEntry[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '' || (header && i === firstIndex)) return;
    const cells = line.split('\t').map((c) => cleanText(c));
    if (header) {
      if (cells.every((c) => c === '')) return;
      entries.push(entryOf(i + 1, cells, header));
      return;
    }
    const filled = cells.filter((c) => c !== '');
    const problem =
      filled.length > 1
        ? `Dòng có ${filled.length} cột: hãy dán kèm dòng tiêu đề (Mã, Tên, Loại, Khu vực) của bảng, hoặc chỉ dán cột tên.`
        : undefined;
    entries.push(entryOf(i + 1, [filled.join(' ').replace(BULLET, '')], { name: 0 }, problem));
  });
  return { entries, message: null };
}

/**
 * The villages of a workbook's first sheet, under a header row naming at least a Tên column
 * (Mã, Loại, Khu vực optional); rows are numbered as in Excel. A cell Excel could not compute is
 * the row's problem.
 */
export async function readVillageWorkbook(file: string): Promise<{ entries: VillageEntry[]; message: string | null }> {
  const sheet = await readUploadedSheet(file, { noSheetMessage: 'Tệp Excel không có trang tính nào.' });
  if ('message' in sheet) return { entries: [], message: sheet.message };
  const header = findHeaderRow(sheet.rows, headerColumns);
  if (!header) {
    return {
      entries: [],
      message: `Trang tính đầu tiên ("${sheet.sheetName}") không có dòng tiêu đề với cột Tên trong ${HEADER_ROWS} dòng đầu: hãy đặt các cột Mã (không bắt buộc), Tên, Loại (không bắt buộc), Khu vực (không bắt buộc) rồi chọn lại tệp.`,
    };
  }
  const cols = header.columns;
  const entries: VillageEntry[] = [];
  for (const r of sheet.rows.slice(header.at + 1)) {
    const cells = r.cells;
    const fault = r.raw.map((v, i) => ({ i, f: cellFault(v) })).find((x) => x.f !== null && Object.values(cols).includes(x.i));
    if (cells.every((c) => c === '') && !fault) continue;
    entries.push(entryOf(r.n, cells, cols, fault?.f ? `${fault.f.what}: ${fault.f.fix}.` : undefined));
  }
  return { entries, message: null };
}
