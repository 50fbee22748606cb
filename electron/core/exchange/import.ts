import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import type { ExchangePackageHeader } from '../../../shared/api/exchange';
import type { Cause } from '../../../shared/domain/causes';
import { viSortKey } from '../../../shared/text/collate';
import type { Core } from '../core';
import { writeAudit, type AuditEntry } from '../db/audit';
import { RowInserter } from '../db/bulk';
import { nowIso } from '../db/connection';
import { withCacheAtLeast } from '../db/cache';
import { writeTransaction } from '../db/write-transaction';
import { assertEditable } from '../entry/locks';
import { AppError } from '../errors';
import { householdSummary, MEMBER_COLUMNS, memberFromRow, memberInserter, type MemberRow, type StoredMemberRow } from '../households/rows';
import { raiseVersion } from '../households/version';
import { loadHouseholdsInBulk } from '../households/bulk-load';
import { insertHouseholds, writeHouseholdSummary, type NewHouseholdFromRows, type StoredMember } from '../households/write';
import { createRound, duplicateRound, type RoundRow } from '../rounds/rounds';
import { getOffice } from '../units/office';
import { isCommuneInScope } from '../units/scope';
import { parsePackageBytes, readPackage, type Package, type Row, packageRefusal } from './format';
import { PackageOpener } from './open-ahead';
import { eachHouseholdFields, ENTRY_COLUMNS, fieldsDigest, householdFields, householdGroups, newFields, readCommuneParts, RESULT_COLUMNS, type HouseholdFields, type HouseholdGroups } from './read';

/**
 * Importing an exchange package (issue 13): a preview per household, then one all-or-nothing
 * transaction after a backup. The rules:
 *  - new: the household is not in this database's round;
 *  - unchanged: both sides hold the same data;
 *  - changed: the sender changed it since the last package from that office (this side did not):
 *    the sender's data is taken;
 *  - kept: this side changed it and the sender did not: this side's data is kept;
 *  - conflict: both sides changed it since the last package from that office (or there was no
 *    earlier package and the two differ): resolved field by field by the choices given, this
 *    side's value kept by default; each choice is audited.
 * The same package twice changes nothing; a package older than one already imported from the same
 * office for the same commune and round is refused unless forced.
 */

export type HouseholdStatus = 'new' | 'changed' | 'unchanged' | 'kept' | 'conflict';
export type Side = 'ours' | 'theirs';
/** Per household code, per field: which side's value to keep (default: ours). */
export type FieldChoices = Record<string, Record<string, Side>>;

export interface FieldDiff {
  field: string;
  ours: unknown;
  theirs: unknown;
}
export interface HouseholdPreview {
  code: string;
  headName: string;
  status: HouseholdStatus;
  /** The fields that differ (changed, kept, conflict), both values. */
  fields: FieldDiff[];
}
export interface PackagePreview extends ExchangePackageHeader {
  /** An earlier-made package than one already imported from that office: refused unless forced. */
  older: { importedCreatedAt: string } | null;
  counts: Record<HouseholdStatus, number>;
  households: HouseholdPreview[];
}
export interface ImportResult {
  preview: PackagePreview;
  imported: boolean;
  backupFile: string | null;
}

/**
 * Processor and wall time of each phase of the imports this process ran, in milliseconds, summed
 * over its packages (the bench prints them: test/bench/package.ts). A few clock reads a package.
 */
export const importPhases: Record<string, { cpuMs: number; wallMs: number }> = {};
function timed<T>(phase: string, fn: () => T): T {
  const c0 = process.cpuUsage();
  const w0 = performance.now();
  try {
    return fn();
  } finally {
    const c = process.cpuUsage(c0);
    const p = (importPhases[phase] ??= { cpuMs: 0, wallMs: 0 });
    p.cpuMs += (c.user + c.system) / 1000;
    p.wallMs += performance.now() - w0;
  }
}

/** The page cache during an import, in KiB: 128 MiB. */
const IMPORT_CACHE_KIB = 131_072;
const parse = (v: string | undefined): unknown => (v === undefined ? undefined : (JSON.parse(v) as unknown));
/** Statements prepared once per connection (the import runs them once or more per household). */
const prepared = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
function stmt(sqlite: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  let cache = prepared.get(sqlite);
  if (!cache) prepared.set(sqlite, (cache = new Map()));
  let st = cache.get(sql);
  if (!st) cache.set(sql, (st = sqlite.prepare(sql)));
  return st;
}

interface Plan {
  pkg: Package;
  preview: PackagePreview;
  office: { unitId: number; code: string };
  round: RoundRow | null;
  communeId: number;
  ours: ReturnType<typeof readCommuneParts> | null;
  oursFields: Map<string, HouseholdFields>;
  /** The sender's fields of the households this side has too (the new ones need only their digest). */
  theirsFields: Map<string, HouseholdFields>;
  /** The digest of every household of the package (its baseline once imported). */
  theirsDigests: Map<string, string>;
  /** The package's rows by household code, part by part (made once: the plan and the import use them). */
  groups: HouseholdGroups;
}

function plan(sqlite: BetterSqlite3.Database, ruleSetExists: (id: string) => boolean, pkg: Package): Plan {
  const m = pkg.manifest;
  const office = getOffice(sqlite);
  if (!office) throw packageRefusal('Dữ liệu này chưa thiết lập đơn vị (xã hoặc tỉnh) nên chưa nhập gói được: hãy chạy lệnh setup trước.');
  const commune = sqlite
    .prepare(`SELECT id FROM units WHERE code = ? AND valid_from = ? AND level = 'commune'`)
    .pluck()
    .get(m.unit.code, m.unit.validFrom) as number | undefined;
  if (commune === undefined) {
    throw packageRefusal(`Danh mục đơn vị của dữ liệu này không có xã ${m.unit.name} (${m.unit.code}) của gói: hãy nạp danh mục đơn vị hành chính mới (units load) rồi nhập lại.`);
  }
  if (!isCommuneInScope(sqlite, commune, office.unitId, m.round.unitMapDate)) {
    throw packageRefusal(`Xã ${m.unit.name} (${m.unit.code}) không thuộc ${office.fullName} (${office.code}): gói này không nhập vào dữ liệu này được.`);
  }
  const round = duplicateRound(sqlite, { year: m.round.year, kind: m.round.kind, referenceDate: m.round.referenceDate, scopeUnitId: office.unitId });
  if (round && round.rule_set_id !== m.ruleSet.id) {
    throw packageRefusal(`Đợt rà soát năm ${m.round.year} ở đây dùng bộ tiêu chí ${round.rule_set_id}, gói dùng ${m.ruleSet.id}: không gộp được hai bộ tiêu chí khác nhau.`);
  }
  if (!round && !ruleSetExists(m.ruleSet.id)) throw packageRefusal(`Phần mềm này chưa có bộ tiêu chí ${m.ruleSet.id} của gói: hãy cập nhật phần mềm hoặc nạp bộ tiêu chí đó.`);
  const already = sqlite.prepare('SELECT 1 FROM exchange_packages WHERE package_id = ?').get(m.packageId) !== undefined;
  const latest = round
    ? (sqlite
        .prepare('SELECT MAX(created_at) FROM exchange_packages WHERE office_code = ? AND round_id = ? AND commune_id = ?')
        .pluck()
        .get(m.office.code, round.id, commune) as string | null)
    : null;
  const older = !already && latest !== null && latest > m.createdAt ? { importedCreatedAt: latest } : null;

  const ours = round ? readCommuneParts(sqlite, round.id, commune) : null;
  const oursFields = ours ? householdFields(ours) : new Map<string, HouseholdFields>();
  const theirsFields = new Map<string, HouseholdFields>();
  const theirsDigests = new Map<string, string>();
  const groups = householdGroups(pkg.parts);
  eachHouseholdFields(
    pkg.parts,
    (code, f) => {
      theirsDigests.set(code, fieldsDigest(f));
      if (oursFields.has(code)) theirsFields.set(code, f);
    },
    groups,
  );
  // The baseline of a household this side has (what the sender last sent here), by its whole key:
  // never every baseline of the office and round (at a province, a hundred communes' worth read
  // and held for each package); a new household has none to compare with.
  const baselineOf = round ? sqlite.prepare('SELECT digest FROM exchange_baselines WHERE office_code = ? AND round_id = ? AND household_code = ?').pluck() : null;
  // The sender's baselines with this office (the return path), when it carries them for this office.
  const carried = m.baseline && m.baseline.office === office.code ? m.baseline.households : {};
  const counts: Record<HouseholdStatus, number> = { new: 0, changed: 0, unchanged: 0, kept: 0, conflict: 0 };
  const households: HouseholdPreview[] = [];
  for (const h of pkg.parts.households) {
    const code = h.code as string;
    const mine = oursFields.get(code);
    let status: HouseholdStatus;
    const fields: FieldDiff[] = [];
    if (!mine) status = 'new';
    else {
      const theirs = theirsFields.get(code)!;
      const t = theirsDigests.get(code)!;
      const o = fieldsDigest(mine);
      // A common state: what the sender last sent here, or what this office last sent the sender.
      const base = round && baselineOf ? (baselineOf.get(m.office.code, round.id, code) as string | undefined) : undefined;
      const sent = carried[code];
      if (t === o) status = 'unchanged';
      else if (base === o || sent === o) status = 'changed';
      else if (base === t || sent === t) status = 'kept';
      else status = 'conflict';
      if (status !== 'unchanged') {
        for (const f of [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort()) {
          if (mine[f] !== theirs[f]) fields.push({ field: f, ours: parse(mine[f]) ?? null, theirs: parse(theirs[f]) ?? null });
        }
      }
    }
    counts[status]++;
    households.push({ code, headName: h.head_name as string, status, fields });
  }
  return {
    pkg,
    office,
    round,
    communeId: commune,
    ours,
    oursFields,
    theirsFields,
    theirsDigests,
    groups,
    preview: {
      packageId: m.packageId,
      office: { code: m.office.code, name: m.office.name },
      unit: { code: m.unit.code, name: m.unit.name },
      round: { year: m.round.year, kind: m.round.kind, referenceDate: m.round.referenceDate, exists: round !== null },
      createdAt: m.createdAt,
      createdBy: m.createdBy,
      alreadyImported: already,
      older,
      counts,
      households,
    },
  };
}

/** What importing the package would do, per household; nothing is written. */
export function previewPackage(core: Core, file: string, passphrase: string): PackagePreview {
  return previewOfPackage(core, readPackage(file, passphrase));
}

/** The preview of a package already opened (its caller needs its parts too: one decryption, not two). */
export function previewOfPackage(core: Core, pkg: Package): PackagePreview {
  return plan(core.db.sqlite, (id) => core.registry.get(id) !== undefined, pkg).preview;
}

/** How the refusal of an older package says it can be forced, and how it writes times. */
export interface OlderWords {
  force: string;
  time: (iso: string) => string;
}
/** The command line's words: its --force, and times as stored. */
export const CLI_OLDER_WORDS: OlderWords = { force: 'Nếu thật sự cần nhập, dùng --force.', time: (iso) => iso };

/** The refusal of an older package, in one Vietnamese line; the one statement of it (the screen's words passed in). */
export function olderMessage(p: Pick<PackagePreview, 'office' | 'createdAt' | 'older'>, words: OlderWords = CLI_OLDER_WORDS): string {
  return (
    `Gói này của ${p.office.name} lập lúc ${words.time(p.createdAt)}, cũ hơn gói đã nhập trước đây (lập lúc ${p.older ? words.time(p.older.importedCreatedAt) : ''}) ` +
    `cho cùng xã và đợt: chưa nhập để không ghi dữ liệu cũ đè lên dữ liệu mới. ${words.force}`
  );
}

/**
 * Imports the package: refused with nothing written when it is older than one already imported
 * (unless forced); the same package again changes nothing. Otherwise a backup first, then one
 * transaction.
 */
export function importPackage(
  core: Core,
  file: string,
  passphrase: string,
  options: { force?: boolean; choices?: FieldChoices; olderWords?: OlderWords } = {},
): ImportResult {
  return importOpened(core, readPackage(file, passphrase), options, () => core.backup('before-import').file);
}

/** A package's import in a batch: its preview's header and counts (not its households: a hundred packages' would be a million rows held). */
export interface BatchImport {
  preview: Omit<PackagePreview, 'households'>;
  imported: boolean;
  backupFile: string | null;
}
/** One package of a batch: imported (or already imported before: nothing changed), or refused with its one-line reason. */
export type BatchItem = { file: string; ok: true; result: BatchImport } | { file: string; ok: false; error: string; code: AppError['code'] };
export interface BatchResult {
  items: BatchItem[];
  /** The one backup taken before the first package that writes (null when none wrote). */
  backupFile: string | null;
  /** How long that backup took, in milliseconds. */
  backupMs: number;
}
export interface BatchOptions {
  force?: boolean;
  /** The words of the refusal of an older package (default: the command line's). */
  olderWords?: OlderWords;
  choices?: FieldChoices;
  /** Called after each package (done of total), e.g. a job's progress. */
  onProgress?: (done: number, total: number, item: BatchItem) => void;
  /** Asked before each package: true stops the batch there (the packages already committed stay). */
  cancelled?: () => boolean;
  /** Whether the batch drops the scattered indexes and builds them again at its end (BATCH_INDEXES_KEY); by default when its files make at least a quarter of the database's size. */
  dropIndexes?: boolean;
}

/**
 * A large batch (a province's hundred communes) goes in with the households' and members' scattered
 * indexes dropped, and builds them again once at its end: one sort per index instead of ten thousand
 * inserts a package into every part of it (by name, ID number, score… each commune's households fall
 * all over those indexes, so each package rewrote nearly every page of them, a cost that grew with
 * every commune merged). An index is scattered unless its first column (after the round) keeps a
 * commune's rows together (its commune, village, household or code): those stay, and the import's
 * own reads use them. UNIQUE indexes always stay (every constraint is still checked). The dropped
 * indexes' own SQL is kept in `settings` in the same transaction as the drop, so a batch cut short
 * (the program killed) leaves what restoreBatchIndexes needs to build them again.
 */
export const BATCH_INDEXES_KEY = 'exchange.batch_dropped_indexes';
const BATCH_TABLES = ['households', 'members'] as const;
const GROUPING_COLUMNS = new Set(['commune_id', 'village_id', 'household_id', 'code']);

/** True when the batch is large next to the database: its files make at least a quarter of the database's size (and it has several). */
function batchDropsIndexes(sqlite: BetterSqlite3.Database, files: readonly string[]): boolean {
  if (files.length < 2) return false;
  let bytes = 0;
  for (const f of files) {
    try {
      bytes += fs.statSync(f).size;
    } catch {
      // A missing file is refused with its own reason later.
    }
  }
  const dbBytes = (sqlite.pragma('page_count', { simple: true }) as number) * (sqlite.pragma('page_size', { simple: true }) as number);
  return bytes * 4 >= dbBytes;
}

/** The scattered secondary indexes of the households and members (see BATCH_INDEXES_KEY). */
export function scatteredIndexes(sqlite: BetterSqlite3.Database): { name: string; sql: string }[] {
  const indexes = sqlite
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
       AND tbl_name IN (${BATCH_TABLES.map(() => '?').join(', ')}) ORDER BY name`,
    )
    .all(...BATCH_TABLES) as { name: string; sql: string }[];
  const columns = sqlite.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').pluck();
  return indexes.filter((i) => {
    const cols = columns.all(i.name) as (string | null)[];
    const first = cols[0] === 'round_id' ? cols[1] : cols[0];
    return !(first !== null && first !== undefined && GROUPING_COLUMNS.has(first));
  });
}

/** Drops the scattered indexes, once a batch (call it inside the package's write transaction). */
function dropBatchIndexes(sqlite: BetterSqlite3.Database): void {
  if (sqlite.prepare('SELECT 1 FROM settings WHERE key = ?').get(BATCH_INDEXES_KEY) !== undefined) return;
  const dropped = scatteredIndexes(sqlite);
  if (dropped.length === 0) return;
  for (const i of dropped) sqlite.exec(`DROP INDEX "${i.name}"`);
  sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(BATCH_INDEXES_KEY, JSON.stringify(dropped));
}

/**
 * Builds again the indexes a batch dropped, each from its own SQL as the migrations made it (at the
 * batch's end, or when a batch was cut short: the next batch, and the startup check, call it).
 * Returns whether there were any.
 */
export function restoreBatchIndexes(sqlite: BetterSqlite3.Database): boolean {
  const kept = sqlite.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(BATCH_INDEXES_KEY) as string | undefined;
  if (kept === undefined) return false;
  writeTransaction(sqlite, () => {
    const exists = sqlite.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`);
    for (const i of JSON.parse(kept) as { name: string; sql: string }[]) if (exists.get(i.name) === undefined) sqlite.exec(i.sql);
    sqlite.prepare('DELETE FROM settings WHERE key = ?').run(BATCH_INDEXES_KEY);
  });
  return true;
}

/**
 * Imports several packages (a province's communes) in one go: ONE backup, taken before the first
 * package that writes anything, then each package all or nothing in its own transaction, under the
 * same rules as importPackage. A refused package (damaged, wrong passphrase, older, locked, of
 * another province…) is reported with its reason and leaves nothing; the others still go in. The
 * batch again changes nothing. A backup copies the whole database: once per batch, not once per
 * package (at a hundred communes a backup before each would copy the growing database a hundred times).
 */
export function importPackages(core: Core, files: readonly string[], passphrase: string, options: BatchOptions = {}): BatchResult {
  const sqlite = core.db.sqlite;
  // A batch cut short before (the program killed) left its indexes dropped: built again first.
  restoreBatchIndexes(sqlite);
  const dropIndexes = options.dropIndexes ?? batchDropsIndexes(sqlite, files);
  // The larger page cache for the whole batch (not set and dropped again around each package:
  // each package would start with a cold cache).
  return withCacheAtLeast(sqlite, IMPORT_CACHE_KIB, () => {
    try {
      return importEach(core, files, passphrase, options, dropIndexes);
    } finally {
      // The indexes dropped for the batch, built again (also when a package or the backup failed, or the batch was cancelled).
      timed('restore indexes', () => restoreBatchIndexes(sqlite));
    }
  });
}

function importEach(core: Core, files: readonly string[], passphrase: string, options: BatchOptions, dropIndexes: boolean): BatchResult {
  const items: BatchItem[] = [];
  let backupFile: string | null = null;
  let backupMs = 0;
  let backupError: unknown = null;
  const backupOnce = (): string => {
    if (backupFile === null) {
      const t0 = performance.now();
      try {
        backupFile = core.backup('before-import').file;
      } catch (e) {
        backupError = e;
        throw e;
      }
      backupMs = performance.now() - t0;
    }
    return backupFile;
  };
  // The next package opened in a helper thread while this one is written (a batch of a few or more).
  const opener = files.length >= OPEN_AHEAD_FROM ? new PackageOpener(passphrase) : null;
  opener?.ahead(files[0]!);
  try {
    for (let i = 0; i < files.length; i++) {
      if (options.cancelled?.()) break;
      const next = files[i + 1];
      const item = importOne(files[i]!, () => {
        try {
          return opener ? opener.take(files[i]!) : null;
        } finally {
          // The next one opened while this one is written (also when this one is refused).
          if (next !== undefined) opener?.ahead(next);
        }
      });
      items.push(item);
      options.onProgress?.(items.length, files.length, item);
    }
  } finally {
    opener?.close();
  }
  return { items, backupFile, backupMs };

  function importOne(file: string, opened: () => Buffer | null): BatchItem {
    let item: BatchItem;
    try {
      // Each package opened in turn (the next one ahead, at most): only one package's rows are held at a time.
      const pkg = timed('read', () => {
        const bytes = opened();
        return bytes ? parsePackageBytes(bytes, path.basename(file)) : readPackage(file, passphrase);
      });
      const { preview, imported, backupFile: backup } = importOpened(core, pkg, options, backupOnce, dropIndexes);
      const { households: _households, ...summary } = preview;
      void _households;
      item = { file, ok: true, result: { preview: summary, imported, backupFile: backup } };
    } catch (e) {
      // A refusal (AppError, nothing written: the transaction rolled back) is this package's; a
      // failed backup or a fault of the program stops the batch.
      if (!(e instanceof AppError) || e === backupError) throw e;
      item = { file, ok: false, error: e.issues?.length ? e.issues.map((i) => i.message).join(' ') : e.message, code: e.code };
    }
    return item;
  }
}

/** A batch of this many packages or more opens each next one in a helper thread (open-ahead.ts): below, the thread's start costs more than it saves. */
const OPEN_AHEAD_FROM = 3;

/** The import of a package already opened; `backup` is called once it is sure to write (its file is returned). */
function importOpened(
  core: Core,
  pkg: Package,
  options: { force?: boolean; choices?: FieldChoices; olderWords?: OlderWords },
  backup: () => string,
  dropIndexes = false,
): ImportResult {
  const sqlite = core.db.sqlite;
  // Another program's commit (another connection) moves data_version; this one's own code runs
  // without a break from the plan to the transaction (all synchronous), so an unmoved
  // data_version means the plan still holds and is not made twice.
  const version = (): unknown => sqlite.pragma('data_version', { simple: true });
  const planned = version();
  const first = timed('plan', () => plan(sqlite, (id) => core.registry.get(id) !== undefined, pkg));
  if (first.preview.alreadyImported) return { preview: first.preview, imported: false, backupFile: null };
  if (first.preview.older && !options.force) throw packageRefusal(olderMessage(first.preview, options.olderWords));
  if (first.round) {
    try {
      assertEditable(sqlite, first.round.id, first.communeId);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'ROUND_LOCKED') throw e;
      throw packageRefusal(
        `Phần của xã ${pkg.manifest.unit.name} (${pkg.manifest.unit.code}) trong đợt rà soát năm ${pkg.manifest.round.year} ở đây đã khoá (đã công nhận hoặc khoá đợt): ` +
          'chưa nhập gói. Nếu cần nhập, hãy mở lại phần của xã (ghi lý do) rồi nhập lại.',
      );
    }
  }
  const backupFile = backup();
  const actor = core.actor;
  // A commune's ten thousand households go into the province's indexes (names, ID numbers) in
  // random order: a larger page cache for the import keeps those pages off the disk. Put back after.
  let used = first;
  let imported = true;
  timed('transaction', () => withCacheAtLeast(sqlite, IMPORT_CACHE_KIB, () =>
    writeTransaction(sqlite, () => {
      // Inside the write lock: planned again only when another program wrote in between.
      if (version() !== planned) {
        used = plan(sqlite, (id) => core.registry.get(id) !== undefined, pkg);
        if (used.preview.alreadyImported) {
          imported = false;
          return;
        }
        if (used.preview.older && !options.force) throw packageRefusal(olderMessage(used.preview, options.olderWords));
      }
      // In this package's transaction: dropped with its rows, or not at all (a refusal rolls the drop back too).
      if (dropIndexes) dropBatchIndexes(sqlite);
      timed('apply', () => apply(sqlite, used, actor, options));
    }),
  ));
  return { preview: used.preview, imported, backupFile };
}

function apply(sqlite: BetterSqlite3.Database, p: Plan, actor: string, options: { force?: boolean; choices?: FieldChoices }): void {
  const m = p.pkg.manifest;
  const parts = p.pkg.parts;
  const now = nowIso();
  const audit: AuditEntry[] = [];
  const roundId =
    p.round?.id ??
    createRound(
      sqlite,
      { year: m.round.year, kind: m.round.kind, title: m.round.title, ruleSetId: m.ruleSet.id, unitMapDate: m.round.unitMapDate, referenceDate: m.round.referenceDate, scopeUnitId: p.office.unitId },
      actor,
    );
  const communeId = p.communeId;

  // Villages of the commune (the national register has none): added when missing, with their area.
  const villageIds = new Map<string, number>();
  const findVillage = sqlite.prepare(`SELECT id FROM units WHERE code = ? AND valid_from = ? AND parent_id = ? AND level = 'village'`).pluck();
  const insertVillage = sqlite.prepare(`INSERT INTO units (code, name, type, level, parent_id, valid_from, valid_to, name_sort) VALUES (?, ?, ?, 'village', ?, ?, ?, ?)`);
  for (const v of parts.villages) {
    let id = findVillage.get(v.code, v.validFrom, communeId) as number | undefined;
    if (id === undefined) {
      id = Number(insertVillage.run(v.code, v.name, v.type, communeId, v.validFrom, v.validTo ?? null, viSortKey(v.name as string)).lastInsertRowid);
      if (v.area) sqlite.prepare('INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)').run(`village.area.${id}`, v.area);
      audit.push({ actor, entity: 'unit', entityId: id, action: 'import', newValue: { code: v.code, name: v.name, type: v.type, package: m.packageId } });
    }
    villageIds.set(v.code as string, id);
  }
  const villageOf = (code: unknown): number | null => (code === null || code === undefined ? null : (villageIds.get(code as string) ?? null));

  const { members, answers, household_entry: entries, member_entry: memberEntries, causes, warnings, results } = p.groups;

  // New households: through the one bulk writer (households/write.ts, rows.ts mapping).
  const rowOf = new Map(parts.households.map((r) => [r.code as string, r]));
  const fresh = p.preview.households.filter((h) => h.status === 'new').map((h) => rowOf.get(h.code)!);
  const newHouseholds: NewHouseholdFromRows[] = fresh.map((h) => {
    const code = h.code as string;
    const a = answers.get(code)?.[0];
    return {
      code,
      communeId,
      villageId: villageOf(h.village),
      address: h.address as string,
      area: h.area as 'rural' | 'urban',
      flags: { ethnicMinority: h.ethnic_minority === 1, noWorkingCapacity: h.no_working_capacity === 1, meritPerson: h.merit_person === 1, femaleHead: h.female_head === 1 },
      reviewState: h.review_state as string,
      // The package's member rows as they come (rows.ts cleanMemberRow cleans them on the way in):
      // no domain object made for each of a commune's forty thousand members, nor a row again from it.
      memberRows: (members.get(code) ?? []) as unknown as StoredMember[],
      answers: a
        ? {
            scoreA: a.score_a as number | null,
            b2: parse((a.b2 as string | null) ?? undefined) as Record<string, boolean | null> | null,
            monthlyIncome: a.monthly_income as number | null,
            screening: parse((a.screening as string | null) ?? undefined) as Record<string, boolean | null> | null,
            b1Items: parse((a.b1_items as string | null) ?? undefined) as Record<string, string> | null,
          }
        : undefined,
      causes: (causes.get(code) ?? []).map((c) => c.cause as Cause),
      // Its own times, written with its rows (not rewritten after).
      createdAt: h.created_at as string,
      updatedAt: h.updated_at as string,
      answersUpdatedAt: a ? (a.updated_at as string | null) : null,
    };
  });
  // Without the per-row insert triggers, what they keep made exact once after (households/bulk-load.ts):
  // a commune's ten thousand households are a bulk load of new households like the demo's.
  const newIds = newHouseholds.length ? timed('apply: insertHouseholds', () => loadHouseholdsInBulk(sqlite, () => insertHouseholds(sqlite, roundId, newHouseholds))) : [];
  const idOf = new Map<string, number>(
    sqlite.prepare('SELECT code, id FROM households WHERE round_id = ? AND commune_id = ?').raw().all(roundId, communeId) as [string, number][],
  );
  timed('apply: fresh rows', () => writeFreshRows(sqlite, roundId, fresh, newIds, { entries, memberEntries, warnings, results }));
  fresh.forEach((h, i) => {
    // Its unit as the audit finds it (its village, else its commune: as just written), not looked up again row by row.
    const unitId = villageOf(h.village) ?? communeId;
    audit.push({ actor, entity: 'household', entityId: newIds[i]!, action: 'import', newValue: { code: h.code, package: m.packageId, office: m.office.code }, unitId });
  });

  // Changed and conflicting households: field by field.
  for (const h of p.preview.households) {
    if (h.status !== 'changed' && h.status !== 'conflict') continue;
    const id = idOf.get(h.code)!;
    const mine = p.oursFields.get(h.code)!;
    const theirs = p.theirsFields.get(h.code)!;
    const chosen = options.choices?.[h.code] ?? {};
    const target: HouseholdFields = Object.assign(newFields(), mine);
    let allTheirs = true;
    for (const d of h.fields) {
      const side: Side = h.status === 'changed' ? 'theirs' : (chosen[d.field] ?? 'ours');
      if (side === 'theirs') {
        if (theirs[d.field] === undefined) delete target[d.field];
        else target[d.field] = theirs[d.field]!;
      } else allTheirs = false;
      if (h.status === 'conflict') {
        audit.push({
          actor,
          entity: 'household',
          entityId: id,
          action: 'exchange_choice',
          field: d.field,
          oldValue: d.ours,
          newValue: { chosen: side, value: side === 'theirs' ? d.theirs : d.ours, ours: d.ours, theirs: d.theirs, package: m.packageId },
        });
      }
    }
    applyFields(sqlite, id, mine, target, villageOf, audit, actor, m.packageId);
    if (allTheirs) replaceDerived(sqlite, id, roundId, warnings.get(h.code) ?? [], results.get(h.code) ?? []);
  }

  // Events and complaints of every household of the package: those not yet here.
  const hasEvent = sqlite.prepare(
    'SELECT 1 FROM household_events WHERE round_id = ? AND household_id = ? AND kind = ? AND person_key IS ? AND occurred_on = ? AND note = ?',
  );
  const insEvent = sqlite.prepare(
    'INSERT INTO household_events (round_id, household_id, kind, person_key, occurred_on, related_household_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  for (const e of parts.events) {
    const hid = idOf.get(e.household as string)!;
    if (hasEvent.get(roundId, hid, e.kind, e.person_key, e.occurred_on, e.note)) continue;
    const related = e.related_household ? (idOf.get(e.related_household as string) ?? null) : null;
    insEvent.run(roundId, hid, e.kind, e.person_key, e.occurred_on, related, e.note, e.created_at);
  }
  const hasComplaint = sqlite.prepare('SELECT id FROM complaints WHERE round_id = ? AND household_id = ? AND received_on = ? AND content = ?').pluck();
  for (const c of parts.complaints) {
    const hid = idOf.get(c.household as string)!;
    const existing = hasComplaint.get(roundId, hid, c.received_on, c.content) as number | undefined;
    if (existing === undefined) {
      sqlite
        .prepare(
          'INSERT INTO complaints (round_id, household_id, received_on, content, result, rechecked_on, status_before, status_after, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
        )
        .run(roundId, hid, c.received_on, c.content, c.result, c.rechecked_on, c.status_before, c.status_after, c.created_at);
    } else mergeComplaint(sqlite, existing, c, audit, actor, communeId, m.packageId);
  }

  // The commune's workflow records: by their natural keys; the sender's record is the commune's own.
  const ENTITY: Record<string, string> = { village_meetings: 'village_meeting', postings: 'posting', district_opinions: 'district_opinion', decisions: 'decision', round_locks: 'round' };
  const upsert = (table: string, key: Record<string, unknown>, values: Record<string, unknown>): void => {
    const entity = ENTITY[table]!;
    const lockField = table === 'round_locks' ? `commune ${communeId}` : null;
    const keyCols = Object.keys(key);
    const found = sqlite
      .prepare(`SELECT * FROM ${table} WHERE ${keyCols.map((k) => `${k} IS ?`).join(' AND ')}`)
      .get(...keyCols.map((k) => key[k])) as Row | undefined;
    const cols = Object.keys(values);
    if (!found) {
      const all = { ...key, ...values };
      const names = Object.keys(all);
      const id = sqlite.prepare(`INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(...names.map((n) => all[n])).lastInsertRowid;
      audit.push({ actor, entity, entityId: lockField ? roundId : Number(id), action: 'import', field: lockField, newValue: all, unitId: communeId });
      return;
    }
    const differ = cols.filter((c) => found[c] !== values[c]);
    if (differ.length === 0) return;
    sqlite.prepare(`UPDATE ${table} SET ${differ.map((c) => `${c} = ?`).join(', ')} WHERE ${keyCols.map((k) => `${k} IS ?`).join(' AND ')}`).run(
      ...differ.map((c) => values[c]),
      ...keyCols.map((k) => key[k]),
    );
    for (const c of differ) audit.push({ actor, entity, entityId: lockField ? roundId : ((found.id as number | undefined) ?? null), action: 'import', field: lockField ? `${lockField} ${c}` : c, oldValue: found[c], newValue: values[c], unitId: communeId });
  };
  const rest = (r: Row, ...drop: string[]): Row => Object.fromEntries(Object.entries(r).filter(([k]) => !drop.includes(k)));
  for (const v of parts.village_meetings) upsert('village_meetings', { round_id: roundId, village_id: villageOf(v.village), held_on: v.held_on }, rest(v, 'village', 'held_on'));
  for (const r of parts.postings) upsert('postings', { round_id: roundId, commune_id: communeId, from_date: r.from_date }, rest(r, 'from_date'));
  for (const r of parts.district_opinions) upsert('district_opinions', { round_id: roundId, commune_id: communeId, number: r.number, received_on: r.received_on }, rest(r, 'number', 'received_on'));
  for (const r of parts.decisions) upsert('decisions', { round_id: roundId, commune_id: communeId, number: r.number }, rest(r, 'number'));
  for (const r of parts.round_locks) {
    const decision = r.decision ? (sqlite.prepare('SELECT id FROM decisions WHERE round_id = ? AND commune_id = ? AND number = ?').pluck().get(roundId, communeId, r.decision) as number) : null;
    upsert('round_locks', { round_id: roundId, commune_id: communeId }, { locked: r.locked, decision_id: decision, changed_at: r.changed_at, reason: r.reason });
  }
  const insSnapshot = sqlite.prepare('INSERT OR IGNORE INTO rule_set_snapshots (id, version, body, first_used_at) VALUES (?, ?, ?, ?)');
  for (const s of parts.rule_set_snapshots) insSnapshot.run(s.id, s.version, s.body, s.first_used_at);

  // The sender's audit trail of these households, each row once, pointing at this side's ids.
  const memberId = sqlite.prepare('SELECT id FROM members WHERE household_id = ? AND person_key = ?').pluck();
  const hasAudit = sqlite.prepare(
    'SELECT 1 FROM audit WHERE at = ? AND actor = ? AND entity = ? AND entity_id IS ? AND action = ? AND field IS ? AND old_value IS ? AND new_value IS ?',
  );
  const insAudit = sqlite.prepare(
    'INSERT INTO audit (at, actor, entity, entity_id, action, field, old_value, new_value, unit_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const recordId = (table: string, where: string, ...params: unknown[]): number | null =>
    (stmt(sqlite, `SELECT id FROM ${table} WHERE round_id = ? AND ${where}`).pluck().get(roundId, ...params) as number | undefined) ?? null;
  for (const a of parts.audit) {
    const ref = String(a.ref);
    let hid: number | null = null;
    let entityId: number | null = null;
    let field = a.field as string | null;
    if (a.entity === 'household' || a.entity === 'member') {
      const [code, personKey] = ref.split('/');
      hid = idOf.get(code!) ?? null;
      entityId = a.entity === 'member' ? (hid === null ? null : ((memberId.get(hid, personKey) as number | undefined) ?? null)) : hid;
    } else if (a.entity === 'village_meeting') {
      const [village, heldOn] = ref.split('|');
      entityId = recordId('village_meetings', 'village_id = ? AND held_on = ?', villageOf(village), heldOn);
    } else if (a.entity === 'posting') entityId = recordId('postings', 'commune_id = ? AND from_date = ?', communeId, ref);
    else if (a.entity === 'district_opinion') {
      const [number, receivedOn] = ref.split('|');
      entityId = recordId('district_opinions', 'commune_id = ? AND number = ? AND received_on = ?', communeId, number, receivedOn);
    } else if (a.entity === 'decision') entityId = recordId('decisions', 'commune_id = ? AND number = ?', communeId, ref);
    else if (a.entity === 'round') {
      entityId = roundId;
      field = `commune ${communeId}`;
    }
    if (hasAudit.get(a.at, a.actor, a.entity, entityId, a.action, field, a.old_value, a.new_value)) continue;
    const unit = hid === null ? communeId : (stmt(sqlite, 'SELECT COALESCE(village_id, commune_id) FROM households WHERE id = ?').pluck().get(hid) as number);
    insAudit.run(a.at, a.actor, a.entity, entityId, a.action, field, a.old_value, a.new_value, unit);
  }

  // The baseline of every household exchanged: the sender's data as this package holds it.
  const setBase = sqlite.prepare(
    `INSERT INTO exchange_baselines (office_code, round_id, household_code, digest, package_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (office_code, round_id, household_code) DO UPDATE SET digest = excluded.digest, package_id = excluded.package_id`,
  );
  timed('apply: baselines', () => {
    for (const [code, digest] of p.theirsDigests) setBase.run(m.office.code, roundId, code, digest, m.packageId);
  });
  const pkgRow = sqlite
    .prepare(
      `INSERT INTO exchange_packages (package_id, office_code, office_name, round_id, commune_id, format_version, created_at, created_by, households, forced, summary, received_at, received_by)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(m.packageId, m.office.code, m.office.name, roundId, communeId, m.formatVersion, m.createdAt, m.createdBy, parts.households.length, options.force && p.preview.older ? 1 : 0, JSON.stringify(p.preview.counts), now, actor);
  audit.push({
    actor,
    entity: 'package',
    entityId: Number(pkgRow.lastInsertRowid),
    action: p.preview.older ? 'import_forced' : 'import',
    field: 'package',
    newValue: { packageId: m.packageId, office: m.office.code, unit: m.unit.code, createdAt: m.createdAt, createdBy: m.createdBy, counts: p.preview.counts },
    unitId: communeId,
  });
  timed('apply: audit', () => writeAudit(sqlite, audit));
}

const COMPLAINT_ANSWER = ['result', 'rechecked_on', 'status_before', 'status_after'] as const;

/**
 * A complaint both sides hold (same household, received on, content): the sender's answer fills
 * what this side has not answered yet (the province's answer reaching the commune); an answer this
 * side has is never replaced by an empty one (an older package), and one that differs is kept,
 * with the sender's value in the audit trail (`exchange_kept`): nothing is lost.
 */
function mergeComplaint(sqlite: BetterSqlite3.Database, id: number, theirs: Row, audit: AuditEntry[], actor: string, communeId: number, packageId: string): void {
  const ours = stmt(sqlite, 'SELECT result, rechecked_on, status_before, status_after FROM complaints WHERE id = ?').get(id) as Row;
  for (const c of COMPLAINT_ANSWER) {
    const t = theirs[c] ?? null;
    const o = ours[c] ?? null;
    if (t === o || t === null) continue;
    if (o === null) {
      stmt(sqlite, `UPDATE complaints SET ${c} = ? WHERE id = ?`).run(t, id);
      audit.push({ actor, entity: 'complaint', entityId: id, action: 'import', field: c, oldValue: null, newValue: t, unitId: communeId });
    } else {
      audit.push({ actor, entity: 'complaint', entityId: id, action: 'exchange_kept', field: c, oldValue: o, newValue: { kept: o, theirs: t, package: packageId }, unitId: communeId });
    }
  }
}

const WARNINGS_SQL = 'INSERT INTO household_warnings (household_id, code, path, message, created_at)';
const RESULTS_SQL = `INSERT INTO results (household_id, ${RESULT_COLUMNS.join(', ')}, round_id)`;

/**
 * The rest of the new households' rows, many a statement (db/bulk.ts): entry details, members'
 * entry details, warnings and result. The new households have none of these rows yet. (Their own
 * times went in with their rows: insertHouseholds.)
 */
function writeFreshRows(
  sqlite: BetterSqlite3.Database,
  roundId: number,
  fresh: readonly Row[],
  ids: readonly number[],
  by: { entries: Map<string, Row[]>; memberEntries: Map<string, Row[]>; warnings: Map<string, Row[]>; results: Map<string, Row[]> },
): void {
  if (fresh.length === 0) return;
  const entry = new RowInserter(sqlite, `INSERT OR REPLACE INTO household_entry (household_id, ${ENTRY_COLUMNS.join(', ')})`, 1 + ENTRY_COLUMNS.length, 200);
  const warning = new RowInserter(sqlite, WARNINGS_SQL, 5, 200);
  const result = new RowInserter(sqlite, RESULTS_SQL, 2 + RESULT_COLUMNS.length, 200);
  const idByKey = new Map<string, number>();
  if (fresh.some((h) => by.memberEntries.has(h.code as string))) {
    const rows = sqlite
      .prepare('SELECT household_id, person_key, id FROM members WHERE household_id BETWEEN ? AND ?')
      .raw()
      .all(Math.min(...ids), Math.max(...ids)) as [number, string, number][];
    for (const [hid, key, id] of rows) idByKey.set(`${hid}\u0000${key}`, id);
  }
  const memberEntry = new RowInserter(sqlite, 'INSERT OR REPLACE INTO member_entry (member_id, id_issued_on)', 2, 1000);
  fresh.forEach((h, i) => {
    const id = ids[i]!;
    const code = h.code as string;
    const e = by.entries.get(code)?.[0];
    if (e) entry.add([id, ...ENTRY_COLUMNS.map((c) => e[c] ?? null)]);
    for (const r of by.memberEntries.get(code) ?? []) {
      const mid = idByKey.get(`${id}\u0000${r.person_key as string}`);
      if (mid !== undefined) memberEntry.add([mid, r.id_issued_on ?? null]);
    }
    for (const w of by.warnings.get(code) ?? []) warning.add([id, w.code, w.path, w.message, w.created_at]);
    const r = by.results.get(code)?.[0];
    if (r) result.add([id, ...RESULT_COLUMNS.map((c) => r[c] ?? null), roundId]);
  });
  for (const ins of [entry, memberEntry, warning, result]) ins.flush();
}

/** Warnings and the result are the sender's computation of the sender's data: taken with it. */
function replaceDerived(sqlite: BetterSqlite3.Database, householdId: number, roundId: number, warnings: readonly Row[], results: readonly Row[]): void {
  stmt(sqlite, 'DELETE FROM household_warnings WHERE household_id = ?').run(householdId);
  const w = stmt(sqlite, `${WARNINGS_SQL} VALUES (?, ?, ?, ?, ?)`);
  for (const r of warnings) w.run(householdId, r.code, r.path, r.message, r.created_at);
  stmt(sqlite, 'DELETE FROM results WHERE household_id = ?').run(householdId);
  const r = results[0];
  if (r) stmt(sqlite, `${RESULTS_SQL} VALUES (?, ${RESULT_COLUMNS.map(() => '?').join(', ')}, ?)`).run(householdId, ...RESULT_COLUMNS.map((c) => r[c] ?? null), roundId);
}

const HOUSEHOLD_FIELD_COLUMNS = new Set(['address', 'area', 'ethnic_minority', 'no_working_capacity', 'merit_person', 'female_head', 'review_state']);

/** Brings a household from its fields `from` to `to` (each change audited with old and new), then its summary and version. */
function applyFields(
  sqlite: BetterSqlite3.Database,
  householdId: number,
  from: HouseholdFields,
  to: HouseholdFields,
  villageOf: (code: unknown) => number | null,
  audit: AuditEntry[],
  actor: string,
  packageId: string,
): void {
  const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => from[k] !== to[k]);
  if (keys.length === 0) return;
  const value = (f: HouseholdFields, k: string): unknown => (f[k] === undefined ? undefined : (JSON.parse(f[k]!) as unknown));
  const insertMember = memberInserter(sqlite);
  const memberChanges: { key: string; row: Row | undefined }[] = [];
  for (const k of keys) {
    const v = value(to, k);
    if (k === 'village') stmt(sqlite, 'UPDATE households SET village_id = ? WHERE id = ?').run(villageOf(v), householdId);
    else if (HOUSEHOLD_FIELD_COLUMNS.has(k)) stmt(sqlite, `UPDATE households SET ${k} = ? WHERE id = ?`).run(v ?? null, householdId);
    else if (k.startsWith('answers.')) {
      stmt(sqlite, 'INSERT OR IGNORE INTO answers (household_id, updated_at) VALUES (?, ?)').run(householdId, nowIso());
      stmt(sqlite, `UPDATE answers SET ${k.slice(8)} = ?, updated_at = ? WHERE household_id = ?`).run(v ?? null, nowIso(), householdId);
    } else if (k.startsWith('entry.')) {
      stmt(sqlite, 'INSERT OR IGNORE INTO household_entry (household_id) VALUES (?)').run(householdId);
      stmt(sqlite, `UPDATE household_entry SET ${k.slice(6)} = ? WHERE household_id = ?`).run(v ?? null, householdId);
    } else if (k === 'causes') {
      stmt(sqlite, 'DELETE FROM household_causes WHERE household_id = ?').run(householdId);
      for (const c of (v as string[] | undefined) ?? []) stmt(sqlite, 'INSERT INTO household_causes (household_id, cause) VALUES (?, ?)').run(householdId, c);
    } else if (k.startsWith('member.')) memberChanges.push({ key: k.slice(7), row: v as Row | undefined });
    audit.push({ actor, entity: 'household', entityId: householdId, action: 'import', field: k, oldValue: value(from, k) ?? null, newValue: v ?? null });
  }
  if (memberChanges.length > 0) {
    // Seats (seq) move: the changed members step aside first, so that no two share a seat meanwhile.
    const idOf = stmt(sqlite, 'SELECT id FROM members WHERE household_id = ? AND person_key = ?').pluck();
    for (const c of memberChanges) {
      const id = idOf.get(householdId, c.key) as number | undefined;
      if (id !== undefined) stmt(sqlite, 'UPDATE members SET seq = -seq - 1000000 WHERE id = ?').run(id);
    }
    for (const c of memberChanges) {
      const id = idOf.get(householdId, c.key) as number | undefined;
      if (!c.row) {
        if (id !== undefined) stmt(sqlite, 'DELETE FROM members WHERE id = ?').run(id);
        continue;
      }
      const row = Object.fromEntries(MEMBER_COLUMNS.map((col) => [col, c.row![col] ?? null])) as MemberRow;
      let mid = id;
      if (mid === undefined) mid = insertMember(householdId, c.key, row);
      else stmt(sqlite, `UPDATE members SET ${MEMBER_COLUMNS.map((col) => `${col} = ?`).join(', ')} WHERE id = ?`).run(...MEMBER_COLUMNS.map((col) => row[col]), mid);
      if ('id_issued_on' in c.row) stmt(sqlite, 'INSERT OR REPLACE INTO member_entry (member_id, id_issued_on) VALUES (?, ?)').run(mid, c.row.id_issued_on ?? null);
      else stmt(sqlite, 'DELETE FROM member_entry WHERE member_id = ?').run(mid);
    }
    const stored = stmt(sqlite, 'SELECT * FROM members WHERE household_id = ? ORDER BY seq').all(householdId) as StoredMemberRow[];
    writeHouseholdSummary(sqlite, householdId, householdSummary(stored.map(memberFromRow)));
  }
  stmt(sqlite, 'UPDATE households SET updated_at = ? WHERE id = ?').run(nowIso(), householdId);
  raiseVersion(sqlite, householdId);
  audit.push({ actor, entity: 'household', entityId: householdId, action: 'import', field: 'package', newValue: packageId });
}
