import type BetterSqlite3 from 'better-sqlite3';
import { orderedCauses, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
import { fold } from '../../../shared/text/fold';
import { cleanText } from '../../../shared/text/normalize';
import { autoBackup } from '../backup/backup';
import { writeAudit, type AuditEntry } from '../db/audit';
import { nowIso } from '../db/connection';
import { AppError } from '../errors';
import { writeCauses } from '../households/causes';
import { HouseholdCodes, householdSummary, memberInserter, memberRow, newPersonKey, type MemberRow, type StoredMemberRow } from '../households/rows';
import { raiseVersion } from '../households/version';
import { insertHouseholds, writeHouseholdSummary, type NewHousehold } from '../households/write';
import { HouseholdIndex } from '../rounds/matching';
import { assertEditable } from '../entry/locks';
import { assertUnlocked, getRound, type RoundRow } from '../rounds/rounds';
import { addVillage } from '../units/units';
import { nextVillageCode, villageArea } from '../units/villages';
import { defaultAreaOf } from '../../../shared/domain/units';
import { splitVillageName, villageTextKey } from '../../../shared/domain/villages';
import { unitOnMap } from '../reform/map';
import { oldCommunesNamed, placeOnNewMap, type OldCommune } from '../reform/old-commune';
import { HouseholdAssembler, type ImportedHousehold, type ImportedMember } from './assemble';
import type { Area, RuleSet } from '../../../shared/engine/ruleset';
import { answerColumns, ruleSetForList } from './answers';
import { foldHeader } from './columns';
import { readSheets, type Problem, type SheetFooter } from './read';
import { writeTransaction } from '../db/write-transaction';
import type { HouseholdPlace } from '../db/schema';

export interface ImportOptions {
  file: string;
  roundId: number;
  /** A commune's code, or a district's (then each row names its commune in "Mã xã"). */
  unitCode: string;
  dryRun: boolean;
  actor: string;
  /** Where the before-import backup goes (none when omitted: tests). */
  backupDir?: string;
  maxRows?: number;
  onProgress?: (done: number, total: number, message: string) => void;
  /** Throws to stop (a job's cancel). */
  checkCancelled?: () => void;
  /**
   * The round's rule set, whose Phiếu B2 indicators and Phiếu A items the list may carry; when
   * omitted, the rule set's snapshot kept in the database (null: no answer columns are read).
   */
  ruleSet?: RuleSet | null;
}

export interface ImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  /** True when the changes were written (not a dry run, no blocking error). */
  imported: boolean;
  dryRun: boolean;
  refused: boolean;
  households: ImportCounts;
  members: ImportCounts & { removed: number };
  villagesCreated: string[];
  sheets: { name: string; headerRow: number; columns: string[]; ignoredColumns: string[] }[];
  skippedSheets: string[];
  rows: number;
  errors: number;
  warnings: number;
  /** Every problem (errors first), by sheet, row and column. */
  problems: Problem[];
  /** The households that would change, with what changes (the first 1,000), for the preview. */
  changes: { sheet: string; row: number; code: string; action: 'create' | 'update'; fields: string[] }[];
  /** sheet → rows with blocking errors (for the error workbook). */
  errorRows: Record<string, number[]>;
  backupFile: string | null;
}

/** A members row as stored (the schema's own type). */
type StoredMember = StoredMemberRow;
interface StoredHousehold extends HouseholdPlace {
  head_name: string;
  head_id_number: string | null;
  score_a: number | null;
  /** answers.b2 / answers.screening as stored (JSON), or null. */
  b2: string | null;
  screening: string | null;
  has_answers: number;
  /** Causes of poverty, ";"-separated ids, or null. */
  causes: string | null;
}

const MEMBER_FIELDS = [
  ['full_name', 'fullName'],
  ['sex', 'sex'],
  ['birth_date', 'birthDate'],
  ['id_number', 'idNumber'],
  ['relation', 'relation'],
  ['ethnicity', 'ethnicity'],
  ['health_insurance', 'healthInsurance'],
  ['schooling', 'schooling'],
  ['education', 'education'],
  ['employment', 'employment'],
  ['disability', 'disability'],
  ['working_capacity', 'workingCapacity'],
  ['nutrition', 'nutrition'],
] as const;
type MemberColumn = (typeof MEMBER_FIELDS)[number][0] & keyof MemberRow;

/** What changes, as the preview says it. */
const FIELD_LABELS: Record<string, string> = {
  village_id: 'thôn/ấp',
  address: 'địa chỉ',
  area: 'khu vực',
  ethnic_minority: 'hộ DTTS',
  no_working_capacity: 'hộ không có người có khả năng lao động',
  merit_person: 'hộ có người có công',
  female_head: 'chủ hộ là nữ',
  causes: 'nguyên nhân nghèo',
  score_a: 'điểm B1',
  b2: 'Phiếu B2',
  screening: 'Phiếu A',
  full_name: 'họ tên',
  sex: 'giới tính',
  birth_date: 'ngày sinh',
  id_number: 'số định danh',
  relation: 'quan hệ với chủ hộ',
  ethnicity: 'dân tộc',
  health_insurance: 'BHYT',
  schooling: 'đi học',
  education: 'trình độ',
  employment: 'việc làm',
  disability: 'khuyết tật',
  working_capacity: 'khả năng lao động',
  nutrition: 'dinh dưỡng',
  seq: 'thứ tự',
};
const label = (column: string): string => FIELD_LABELS[column] ?? column;

const bit = (v: boolean | null): number | null => (v === null ? null : v ? 1 : 0);
/**
 * Which village a name on the sheet is: villageTextKey, the one rule of shared/domain/villages.ts
 * (kind, case and tone-mark placement ignored; other diacritics kept: Bình Thành ≠ Bình Thạnh).
 * The same without diacritics (đ → d), for sheets typed without them; used only when it names one
 * village. Both with the kind split off and as written: "To Chau" may be Tô Châu, not a tổ "Châu".
 */
const villageFolds = (name: string): string[] => [...new Set([fold(villageTextKey(name)), fold(name)])];

interface VillageIndex {
  exact: Map<string, number>;
  folded: Map<string, number | null>;
}
function findVillage(index: VillageIndex, name: string): number | undefined {
  const key = villageTextKey(name);
  const exact = index.exact.get(key);
  if (exact !== undefined) return exact;
  // Folded matching only for a name written without diacritics ("Binh Thanh"), never for a
  // different spelling with them ("Bình Thạnh" is not "Bình Thành").
  if (fold(key) !== key) return undefined;
  for (const folded of villageFolds(name)) {
    const id = index.folded.get(folded);
    if (id !== undefined) return id ?? undefined;
  }
  return undefined;
}

/** An imported member as the domain's member (what the sheet does not say: unknown). */
function memberOf(m: ImportedMember, seq: number): Member {
  return {
    seq,
    fullName: m.fullName,
    sex: m.sex,
    birthDate: m.birthDate ?? null,
    idNumber: m.idNumber ?? null,
    relation: m.relation,
    ethnicity: m.ethnicity ?? '',
    healthInsurance: m.healthInsurance ?? null,
    schooling: m.schooling ?? null,
    education: m.education ?? null,
    employment: m.employment ?? null,
    disability: m.disability ?? null,
    workingCapacity: m.workingCapacity ?? null,
    nutrition: m.nutrition ?? null,
  };
}

/**
 * Column values of an imported member as stored (households/rows.ts: the one mapping);
 * undefined where the sheet has no such column (what is stored is kept).
 */
function memberValues(m: ImportedMember): Record<MemberColumn, string | number | null | undefined> {
  const row = memberRow(memberOf(m, 1));
  return Object.fromEntries(MEMBER_FIELDS.map(([column, field]) => [column, m[field] === undefined ? undefined : row[column]])) as Record<MemberColumn, string | number | null | undefined>;
}

const birthYear = (d: string | null | undefined): string => (d ? d.slice(0, 4) : '');

/** The round a CLI names by year (the periodic one first). */
export function roundIdOfYear(sqlite: BetterSqlite3.Database, year: number): number {
  const row = sqlite.prepare(`SELECT id FROM rounds WHERE year = ? ORDER BY kind = 'periodic' DESC, id LIMIT 1`).get(year) as { id: number } | undefined;
  if (!row) throw new AppError('NOT_FOUND', `Không có đợt rà soát năm ${year}`);
  return row.id;
}

/** The communes a unit code covers on the round's map date: the commune itself, or those under a district/province. */
export function communesOf(
  sqlite: BetterSqlite3.Database,
  round: RoundRow,
  unitCode: string,
): { unitLevel: string; communes: Map<string, { id: number; type: string }>; oldCommune: OldCommune | null } {
  const date = round.unit_map_date;
  let unit = sqlite
    .prepare('SELECT id, level FROM units WHERE code = ? AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)')
    .get(unitCode, date, date) as { id: number; level: string } | undefined;
  // A unit of an older map (last year's lists, keyed before 1/7/2025): read as the unit covering it on the round's map (reform/map.ts).
  let oldCommune: OldCommune | null = null;
  if (!unit) {
    const old = sqlite
      .prepare(`SELECT id, code, name, type, level FROM units WHERE code = ? AND level != 'village' AND valid_to IS NOT NULL AND valid_to < ? ORDER BY valid_to DESC LIMIT 1`)
      .get(unitCode, date) as (OldCommune & { level: string }) | undefined;
    const onMap = old ? unitOnMap(sqlite, old.id, date) : undefined;
    if (old && onMap !== undefined) {
      unit = sqlite.prepare('SELECT id, level FROM units WHERE id = ?').get(onMap) as { id: number; level: string };
      if (old.level === 'commune') oldCommune = { id: old.id, code: old.code, name: old.name, type: old.type };
    }
  }
  if (!unit || unit.level === 'village') throw new AppError('NOT_FOUND', `Không có đơn vị hành chính mã ${unitCode} vào ngày ${date}`);
  const rows = sqlite
    .prepare(
      `WITH RECURSIVE down(id) AS (SELECT ? UNION ALL SELECT u.id FROM units u JOIN down ON u.parent_id = down.id)
       SELECT u.id, u.code, u.type FROM units u JOIN down ON down.id = u.id
       WHERE u.level = 'commune' AND u.valid_from <= ? AND (u.valid_to IS NULL OR u.valid_to >= ?)`,
    )
    .all(unit.id, date, date) as { id: number; code: string; type: string }[];
  return { unitLevel: unit.level, communes: new Map(rows.map((r) => [r.code, { id: r.id, type: r.type }])), oldCommune };
}

interface PlannedUpdate {
  stored: StoredHousehold;
  h: ImportedHousehold;
  householdChanges: { column: string; old: unknown; next: unknown }[];
  villageName: string | null;
  members: { stored: StoredMember | null; m: ImportedMember; seq: number; changes: { column: MemberColumn; old: unknown; next: unknown }[] }[];
  removed: StoredMember[];
  scoreA: { old: number | null; next: number | null } | null;
  /** Phiếu B2 / Phiếu A answers that change (stored answers merged with the sheet's). */
  answerChanges: { column: AnswerForm; old: Answers | null; next: Answers }[];
}

type AnswerForm = 'b2' | 'screening';
type Answers = Record<string, boolean | null>;
const ANSWER_FORMS: readonly AnswerForm[] = ['b2', 'screening'];
/** The same answers, an unanswered id and an absent one being alike. */
function sameAnswers(a: Answers, b: Answers): boolean {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].every((k) => (a[k] ?? null) === (b[k] ?? null));
}
/** Answers as stored: null when nothing is answered. */
const storedAnswers = (a: Answers | undefined): Answers | null => (a && Object.values(a).some((v) => v !== null) ? a : null);

/**
 * Imports a household list: reads and checks the whole file, matches each household (by code,
 * else by its head's ID number, else by the head's name and birth date in the commune) and, unless
 * a dry run or a blocking error, writes every change in one transaction after a backup.
 */
export async function importHouseholdList(sqlite: BetterSqlite3.Database, o: ImportOptions): Promise<ImportSummary> {
  let backupFile: string | null = null;
  for (let attempt = 1; ; attempt++) {
    try {
      return await importOnce(sqlite, o, backupFile);
    } catch (e) {
      if (!(e instanceof StalePlan)) throw e;
      backupFile = e.backupFile;
      if (attempt >= MAX_PLANS) {
        throw new AppError(
          'BUSY',
          `Dữ liệu của đợt liên tục thay đổi trong lúc nhập (${attempt} lần đối chiếu), nên chưa ghi gì. Hãy chờ các thao tác khác (nhập tệp khác, lưu phiếu) xong rồi nhập lại.`,
        );
      }
    }
  }
}

/** Times an import plans again when another write landed between its planning and its own write. */
const MAX_PLANS = 3;

/** Another connection wrote since the import planned: the plan (create or update each household) may be wrong. */
class StalePlan extends Error {
  constructor(readonly backupFile: string | null) {
    super('The data changed since the import was planned');
  }
}

/**
 * What the import's plan was made from: every change is audited, so a new audit row (or a new
 * household of the round) means another connection wrote meanwhile.
 */
function changeStamp(sqlite: BetterSqlite3.Database, roundId: number): string {
  return sqlite
    .prepare(
      `SELECT (SELECT COALESCE(MAX(id), 0) FROM audit) || ':' || (SELECT COUNT(*) FROM households WHERE round_id = ?) || ':' || (SELECT COALESCE(MAX(id), 0) FROM households)`,
    )
    .pluck()
    .get(roundId) as string;
}

async function importOnce(sqlite: BetterSqlite3.Database, o: ImportOptions, backupTaken: string | null): Promise<ImportSummary> {
  const round = getRound(sqlite, o.roundId);
  if (!o.dryRun) assertUnlocked(round);
  const answerCols = answerColumns(ruleSetForList(sqlite, round.rule_set_id, o.ruleSet));
  const { unitLevel, communes, oldCommune } = communesOf(sqlite, round, o.unitCode);
  const communeById = new Map([...communes].map(([code, c]) => [c.id, { code, ...c }]));
  const into = new Set(communeById.keys());

  const households: ImportedHousehold[] = [];
  const assembler = new HouseholdAssembler((h) => households.push(h));
  const read = await readSheets(file(o), (row, layout) => assembler.add(row, layout), {
    ...(o.maxRows ? { maxRows: o.maxRows } : {}),
    onProgress: (done, total) => o.onProgress?.(done, total * 2, 'Đang đọc tệp'),
    ...(o.checkCancelled ? { cancelled: o.checkCancelled } : {}),
    answerColumns: answerCols,
  });
  assembler.flush();
  for (const f of read.footers) reportFooter(assembler, f);
  if (answerCols.length === 0) {
    // Answer columns the round's rule set is not known to read: said, never dropped in silence.
    for (const l of read.layouts) {
      const answers = l.unknownHeaders.filter((t) => /^(phieu )?(b2|a)\b/u.test(foldHeader(t)));
      if (answers.length > 0) {
        assembler.rowProblem(
          'warning',
          l.sheet,
          l.headerRow,
          `Chưa có bộ tiêu chí ${round.rule_set_id} (danh mục chỉ số Phiếu B2, câu hỏi Phiếu A) nên các cột ${answers.map((t) => `"${t}"`).join(', ')} không được đọc: nạp bộ tiêu chí hoặc phân loại đợt một lần rồi nhập lại`,
        );
      }
    }
  }
  if (read.layouts.length === 0) {
    if (read.skippedSheets.length === 0) throw new AppError('INVALID_INPUT', 'Tệp không có dữ liệu: trang tính trống');
    throw new AppError(
      'INVALID_INPUT',
      `Không tìm thấy dòng tiêu đề (cần các cột như "Họ và tên", "Giới tính", "Ngày sinh", "Quan hệ với chủ hộ" trong 20 dòng đầu) ở trang: ${read.skippedSheets.join(', ')}`,
    );
  }
  if (households.length === 0) throw new AppError('INVALID_INPUT', 'Tệp có dòng tiêu đề nhưng không có dòng dữ liệu nào');

  // What is stored: the round's households, their answers' score A. The stamp first: a write
  // landing between it and the reads below makes the import plan again rather than write a stale plan.
  const stamp = changeStamp(sqlite, round.id);
  const storedRows = sqlite
    .prepare(
      `SELECT h.id, h.code, h.commune_id, h.village_id, h.address, h.area, h.ethnic_minority, h.no_working_capacity, h.merit_person,
         h.female_head, h.head_name, h.head_id_number, a.score_a, a.b2, a.screening, a.household_id IS NOT NULL AS has_answers,
         (SELECT group_concat(c.cause, ';') FROM household_causes c WHERE c.household_id = h.id) AS causes
       FROM households h LEFT JOIN answers a ON a.household_id = h.id WHERE h.round_id = ?`,
    )
    .all(round.id) as StoredHousehold[];
  // Which stored household a sheet's household is: the matching rule of rounds/matching.ts (its
  // code, else its head's ID number), then, for a household written without a code, its head's
  // name and year of birth in the commune when they name one household only.
  const index = new HouseholdIndex<StoredHousehold>();
  for (const s of storedRows) index.add(s.code, s.head_id_number, s);
  const headOf = sqlite.prepare(`SELECT birth_date FROM members WHERE household_id = ? AND relation = 'head' LIMIT 1`).pluck();
  let byHeadName: Map<string, StoredHousehold | null> | null = null;
  const headNameKey = (communeId: number, name: string, birth: string | null | undefined): string => `${communeId}|${fold(name)}|${birthYear(birth)}`;
  const membersOf = sqlite.prepare('SELECT * FROM members WHERE household_id = ? ORDER BY seq');
  const villageRows = sqlite.prepare(`SELECT id, name FROM units WHERE level = 'village' AND parent_id = ?`);
  const villagesByCommune = new Map<number, VillageIndex>();
  const villagesOf = (communeId: number): VillageIndex => {
    let m = villagesByCommune.get(communeId);
    if (!m) {
      m = { exact: new Map(), folded: new Map() };
      for (const v of villageRows.all(communeId) as { id: number; name: string }[]) {
        m.exact.set(villageTextKey(v.name), v.id);
        for (const f of villageFolds(v.name)) m.folded.set(f, m.folded.has(f) && m.folded.get(f) !== v.id ? null : v.id);
      }
      villagesByCommune.set(communeId, m);
    }
    return m;
  };

  const creates: { h: ImportedHousehold; communeId: number; villageName: string | null; villageId: number | null }[] = [];
  const updates: PlannedUpdate[] = [];
  let unchangedHouseholds = 0;
  const memberCounts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
  const newVillages = new Map<string, { communeId: number; name: string }>();
  const matchedIds = new Map<number, ImportedHousehold>();
  const fileCodes = new Map<string, ImportedHousehold>();
  const fileIds = new Map<string, { h: ImportedHousehold; row: number }>();

  o.onProgress?.(1, 2, 'Đang đối chiếu với dữ liệu đã có');
  let n = 0;
  for (const h of households) {
    if (++n % 5000 === 0) {
      o.checkCancelled?.();
      o.onProgress?.(households.length + n, households.length * 2, 'Đang đối chiếu với dữ liệu đã có');
    }
    if (h.members.length === 0) continue;
    const first = h.rows[0]!;
    // The commune.
    let communeId: number | undefined;
    // An old commune (a list of before 1/7/2025): its new commune, the household's village named as its old one (reform/old-commune.ts).
    const placeOld = (old: OldCommune): void => {
      const placed = placeOnNewMap(sqlite, old, h.village, round.unit_map_date, into);
      if (!placed.ok) assembler.householdProblem(h, 'error', first, h.communeCode ? 'communeCode' : 'village', placed.message);
      else {
        communeId = placed.communeId;
        if (placed.village !== undefined) h.village = placed.village;
      }
    };
    if (h.communeCode) {
      const c = communes.get(h.communeCode.replace(/^0+(?=\d{5})/u, ''));
      if (c) communeId = c.id;
      else {
        const olds = oldCommunesNamed(sqlite, h.communeCode, round.unit_map_date, into);
        if (olds.length === 1) placeOld(olds[0]!);
        else if (olds.length > 1) {
          assembler.householdProblem(h, 'error', first, 'communeCode', `"${h.communeCode}" là tên của nhiều xã cũ (mã ${olds.map((x) => x.code).join(', ')}): ghi mã xã thay cho tên`);
        } else assembler.householdProblem(h, 'error', first, 'communeCode', `Mã xã ${h.communeCode} không thuộc đơn vị ${o.unitCode}`);
      }
    } else if (oldCommune) placeOld(oldCommune);
    else if (unitLevel === 'commune') communeId = [...communes.values()][0]!.id;
    else assembler.householdProblem(h, 'error', first, 'communeCode', `Nhập cho cả ${unitLevel === 'district' ? 'huyện' : 'tỉnh'}: mỗi hộ cần có Mã xã`);
    // Duplicates inside the file.
    if (h.code) {
      const other = fileCodes.get(h.code);
      if (other) assembler.householdProblem(h, 'error', first, 'householdCode', `Mã hộ ${h.code} trùng với hộ ở dòng ${other.rows[0]}`);
      else fileCodes.set(h.code, h);
    }
    for (const m of h.members) {
      if (!m.idNumber) continue;
      const other = fileIds.get(m.idNumber);
      if (other && other.h !== h) assembler.householdProblem(h, 'error', m.row, 'idNumber', `Số định danh ${m.idNumber} trùng với người ở dòng ${other.row} (hộ khác)`);
      else fileIds.set(m.idNumber, { h, row: m.row });
    }
    if (communeId === undefined) continue;
    // The village.
    let villageId: number | null | undefined;
    let villageName: string | null = null;
    if (h.present.has('village')) {
      if (!h.village) villageId = null;
      else {
        const v = findVillage(villagesOf(communeId), h.village);
        if (v !== undefined) villageId = v;
        else {
          villageName = cleanText(h.village);
          const key = `${communeId}|${villageTextKey(villageName)}`;
          if (!newVillages.has(key)) {
            newVillages.set(key, { communeId, name: villageName });
            assembler.householdProblem(h, 'warning', first, 'village', `Thôn/ấp "${villageName}" chưa có trong danh sách của xã: sẽ được thêm`);
          }
        }
      }
    }
    // The stored household it is.
    const head = h.members.find((m) => m.relation === 'head') ?? h.members[0]!;
    let stored = index.find(h.code ?? '', head.idNumber ?? null)?.[0];
    if (!stored && !h.code) {
      if (!byHeadName) {
        byHeadName = new Map();
        for (const s of storedRows) {
          const key = headNameKey(s.commune_id, s.head_name, headOf.get(s.id) as string | null);
          byHeadName.set(key, byHeadName.has(key) ? null : s);
        }
      }
      stored = byHeadName.get(headNameKey(communeId, head.fullName, head.birthDate)) ?? undefined;
    }
    if (stored && stored.commune_id !== communeId) {
      assembler.householdProblem(h, 'error', first, h.code ? 'householdCode' : 'idNumber', `Hộ này đã có ở xã khác (mã hộ ${stored.code}): không chuyển xã khi nhập`);
      continue;
    }
    if (stored) {
      const twice = matchedIds.get(stored.id);
      if (twice) {
        assembler.householdProblem(h, 'error', first, h.code ? 'householdCode' : 'idNumber', `Hộ ở dòng ${twice.rows[0]} và hộ này cùng là hộ ${stored.code} đã có`);
        continue;
      }
      matchedIds.set(stored.id, h);
      const plan = planUpdate(stored, h, membersOf.all(stored.id) as StoredMember[], villageId, villageName);
      if (plan) {
        updates.push(plan);
        for (const m of plan.members) {
          if (!m.stored) memberCounts.created++;
          else if (m.changes.length > 0 || m.stored.seq !== m.seq) memberCounts.updated++;
          else memberCounts.unchanged++;
        }
        memberCounts.removed += plan.removed.length;
      } else {
        unchangedHouseholds++;
        memberCounts.unchanged += h.members.length;
      }
    } else {
      creates.push({ h, communeId, villageName, villageId: villageId ?? null });
      memberCounts.created += h.members.length;
    }
  }

  // Every commune the import would write into must be open: the one lock rule (entry/locks.ts).
  const writing = new Map<number, ImportedHousehold[]>();
  const writes = (communeId: number, h: ImportedHousehold): void => {
    const list = writing.get(communeId);
    if (list) list.push(h);
    else writing.set(communeId, [h]);
  };
  for (const c of creates) writes(c.communeId, c.h);
  for (const u of updates) writes(u.stored.commune_id, u.h);
  for (const [communeId, hs] of writing) {
    const message = lockedMessage(sqlite, round, communeId, communeById.get(communeId)?.code ?? String(communeId));
    if (message) assembler.householdProblem(hs[0]!, 'error', hs[0]!.rows[0]!, hs[0]!.layout.columns.communeCode ? 'communeCode' : null, `${message} (${hs.length} hộ của xã trong tệp)`);
  }

  const problems = [...assembler.problems.filter((p) => p.level === 'error'), ...assembler.problems.filter((p) => p.level === 'warning')];
  const errors = problems.filter((p) => p.level === 'error').length;
  const summary: ImportSummary = {
    imported: false,
    dryRun: o.dryRun,
    refused: errors > 0,
    households: { created: creates.length, updated: updates.length, unchanged: unchangedHouseholds },
    members: memberCounts,
    villagesCreated: [...newVillages.values()].map((v) => `${communeById.get(v.communeId)?.code ?? ''} ${v.name}`),
    sheets: read.layouts.map((l) => ({
      name: l.sheet,
      headerRow: l.headerRow,
      columns: Object.keys(l.columns),
      ignoredColumns: l.unknownHeaders,
    })),
    skippedSheets: [...read.skippedSheets, ...read.emptySheets],
    rows: read.dataRows,
    errors,
    warnings: problems.length - errors,
    problems,
    errorRows: Object.fromEntries([...assembler.errorRows].map(([s, rows]) => [s, [...rows].sort((a, b) => a - b)])),
    changes: [
      ...updates.slice(0, 1000).map((u) => ({
        sheet: u.h.sheet,
        row: u.h.rows[0]!,
        code: u.stored.code,
        action: 'update' as const,
        fields: [
          ...u.householdChanges.map((c) => label(c.column)),
          ...(u.scoreA ? [label('score_a')] : []),
          ...u.answerChanges.map((c) => label(c.column)),
          ...u.members.flatMap((m) =>
            !m.stored
              ? [`thêm ${m.m.fullName}`]
              : [...m.changes.map((c) => `${m.m.fullName}: ${label(c.column)}`), ...(m.stored.seq !== m.seq ? [`${m.m.fullName}: ${label('seq')}`] : [])],
          ),
          ...u.removed.map((r) => `bỏ ${r.full_name}`),
        ],
      })),
      ...creates.slice(0, Math.max(0, 1000 - updates.length)).map((c) => ({
        sheet: c.h.sheet,
        row: c.h.rows[0]!,
        code: c.h.code ?? '',
        action: 'create' as const,
        fields: c.h.members.map((m) => `thêm ${m.fullName}`),
      })),
    ],
    backupFile: null,
  };
  if (o.dryRun || errors > 0) return summary;
  if (creates.length === 0 && updates.length === 0) {
    summary.imported = true;
    return summary;
  }

  o.checkCancelled?.();
  o.onProgress?.(households.length * 2, households.length * 2, 'Đang ghi vào CSDL');
  if (o.backupDir) summary.backupFile = backupTaken ?? autoBackup(sqlite, o.backupDir, 'before-import').file;
  // The rows to write are in memory already: a small page cache keeps the import within its
  // memory budget (SQLite spills to the WAL as it goes); the usual cache comes back after.
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma('cache_size = -8192');
  try {
    commit(sqlite, round, o.actor, creates, updates, newVillages, communeById, () => {
      if (changeStamp(sqlite, round.id) !== stamp) throw new StalePlan(summary.backupFile);
    });
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
  summary.imported = true;
  return summary;
}

const file = (o: ImportOptions): string => o.file;

/** "11, 13–16, 20". */
function rowRanges(rows: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < rows.length; ) {
    let j = i;
    while (j + 1 < rows.length && rows[j + 1] === rows[j]! + 1) j++;
    out.push(j > i ? `${rows[i]}–${rows[j]}` : String(rows[i]));
    i = j + 1;
  }
  return out.join(', ');
}

/** What was left under a sheet's table goes into the preview: listed (a warning), a person there refused. */
function reportFooter(assembler: HouseholdAssembler, f: SheetFooter): void {
  if (f.rows.length > 0) {
    const shown = f.texts.slice(0, 20).map((t) => `"${t.length > 80 ? `${t.slice(0, 79)}…` : t}"`);
    assembler.rowProblem(
      'warning',
      f.sheet,
      f.rows[0]!,
      `Các dòng dưới bảng không nhập vì là dòng tổng cộng, ghi chú, ngày tháng hoặc chữ ký (dòng ${rowRanges(f.rows)}): ${shown.join('; ')}${f.texts.length > 20 ? '; …' : ''}`,
    );
  }
  for (const p of f.people) {
    assembler.rowProblem(
      'error',
      f.sheet,
      p.row,
      `Dòng ${p.row} nằm dưới phần ghi chú, chữ ký của bảng nhưng có thông tin một người${p.name ? ` ("${p.name}")` : ''}: chuyển dòng này lên trong bảng (trên các dòng tổng cộng, ghi chú) rồi nhập lại`,
    );
  }
}

/**
 * Why the import may not write into a commune, in Vietnamese, or null when it may: asks the one
 * lock rule (assertEditable: the round's lock, then the commune's recognition decision).
 */
function lockedMessage(sqlite: BetterSqlite3.Database, round: RoundRow, communeId: number, communeCode: string): string | null {
  try {
    assertEditable(sqlite, round.id, communeId);
    return null;
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'ROUND_LOCKED') throw e;
    return getRound(sqlite, round.id).locked
      ? `Đợt rà soát năm ${round.year} đã khoá sau khi công nhận: không nhập được. Cần mở khoá đợt trước khi nhập`
      : `Xã ${communeCode} đã khoá sau quyết định công nhận kết quả rà soát năm ${round.year}: không nhập được vào xã này. Muốn sửa, mở khoá xã (ghi rõ lý do) ở màn hình Quy trình rồi nhập lại`;
  }
}

function planUpdate(stored: StoredHousehold, h: ImportedHousehold, storedMembers: StoredMember[], villageId: number | null | undefined, villageName: string | null): PlannedUpdate | null {
  const changes: PlannedUpdate['householdChanges'] = [];
  const cmp = (column: string, old: unknown, next: unknown): void => {
    if (next !== undefined && old !== next) changes.push({ column, old, next });
  };
  if (villageName) changes.push({ column: 'village_id', old: stored.village_id, next: null });
  else cmp('village_id', stored.village_id, villageId);
  cmp('address', stored.address, h.address === undefined ? undefined : cleanText(h.address));
  cmp('area', stored.area, h.area);
  cmp('ethnic_minority', stored.ethnic_minority, h.flags.ethnicMinority === undefined ? undefined : bit(h.flags.ethnicMinority));
  cmp('no_working_capacity', stored.no_working_capacity, h.flags.noWorkingCapacity === undefined ? undefined : bit(h.flags.noWorkingCapacity));
  cmp('merit_person', stored.merit_person, h.flags.meritPerson === undefined ? undefined : bit(h.flags.meritPerson));
  cmp('female_head', stored.female_head, h.flags.femaleHead === undefined ? undefined : bit(h.flags.femaleHead));
  if (h.causes !== undefined) {
    const old = orderedCauses((stored.causes?.split(';') ?? []) as Cause[]);
    if (old.join(';') !== h.causes.join(';')) changes.push({ column: 'causes', old, next: h.causes });
  }
  const scoreA = h.scoreA !== undefined && h.scoreA !== stored.score_a ? { old: stored.score_a, next: h.scoreA } : null;
  const answerChanges: PlannedUpdate['answerChanges'] = [];
  for (const form of ANSWER_FORMS) {
    const fromSheet = h.answers[form];
    if (!fromSheet) continue;
    const text = stored[form];
    const old = text ? (JSON.parse(text) as Answers) : null;
    const next = { ...(old ?? {}), ...fromSheet };
    if (!sameAnswers(old ?? {}, next)) answerChanges.push({ column: form, old, next });
  }

  // Members: by ID number, else by name and birth year, else by name.
  const left = new Set(storedMembers);
  const take = (pred: (s: StoredMember) => boolean): StoredMember | null => {
    for (const s of left) if (pred(s)) return left.delete(s), s;
    return null;
  };
  const members: PlannedUpdate['members'] = h.members.map((m, i) => {
    const values = memberValues(m);
    const name = fold(m.fullName);
    const s =
      (m.idNumber ? take((x) => x.id_number === m.idNumber) : null) ??
      // The same name and full date of birth: the same person, even if the ID number was corrected.
      (m.birthDate && m.birthDate.length === 10 ? take((x) => fold(x.full_name) === name && x.birth_date === m.birthDate) : null) ??
      take((x) => fold(x.full_name) === name && birthYear(x.birth_date) === birthYear(m.birthDate) && (!x.id_number || !m.idNumber)) ??
      take((x) => fold(x.full_name) === name && (!x.id_number || !m.idNumber));
    const mc: PlannedUpdate['members'][number]['changes'] = [];
    if (s) {
      for (const [column] of MEMBER_FIELDS) {
        const next = values[column];
        if (next !== undefined && s[column] !== next) mc.push({ column, old: s[column], next });
      }
    }
    return { stored: s, m, seq: i + 1, changes: mc };
  });
  const removed = [...left];
  const membersChanged = removed.length > 0 || members.some((x) => !x.stored || x.changes.length > 0 || x.stored.seq !== x.seq);
  if (changes.length === 0 && !scoreA && answerChanges.length === 0 && !membersChanged) return null;
  return { stored, h, householdChanges: changes, villageName, members, removed, scoreA, answerChanges };
}

function toNewHousehold(h: ImportedHousehold, communeId: number, villageId: number | null, code: string, defaultArea: Area): NewHousehold {
  const members = h.members.map((m, i) => ({ ...memberOf(m, i + 1), personKey: newPersonKey() }));
  const head = members[0]!;
  const b2 = storedAnswers(h.answers.b2);
  const screening = storedAnswers(h.answers.screening);
  const scoreA = h.scoreA ?? null;
  const answers = scoreA !== null || b2 || screening ? { scoreA, b2, screening, monthlyIncome: null } : undefined;
  return {
    code,
    communeId,
    villageId,
    address: h.address ?? '',
    area: h.area ?? defaultArea,
    flags: {
      ethnicMinority: h.flags.ethnicMinority ?? (head.ethnicity !== '' && fold(head.ethnicity) !== 'kinh'),
      noWorkingCapacity: h.flags.noWorkingCapacity ?? false,
      meritPerson: h.flags.meritPerson ?? false,
      femaleHead: h.flags.femaleHead ?? head.sex === 'female',
    },
    members,
    ...(answers ? { answers } : {}),
    ...(h.causes?.length ? { causes: h.causes } : {}),
  };
}

function commit(
  sqlite: BetterSqlite3.Database,
  round: RoundRow,
  actor: string,
  creates: { h: ImportedHousehold; communeId: number; villageId: number | null; villageName: string | null }[],
  updates: PlannedUpdate[],
  newVillages: Map<string, { communeId: number; name: string }>,
  communeById: Map<number, { code: string; type: string }>,
  assertPlanCurrent: () => void,
): void {
  const now = nowIso();
  writeTransaction(sqlite, () => {
    // First, under the write lock: the data the plan was made from is still what is stored.
    assertPlanCurrent();
    // Checked again inside the write transaction: a decision recorded since the preview locks the commune.
    const communes = new Set([...creates.map((c) => c.communeId), ...updates.map((u) => u.stored.commune_id)]);
    for (const communeId of communes) {
      const message = lockedMessage(sqlite, round, communeId, communeById.get(communeId)?.code ?? String(communeId));
      if (message) throw new AppError('ROUND_LOCKED', message);
    }
    const audit: AuditEntry[] = [];
    // New villages first.
    const villageIds = new Map<string, number>();
    for (const [key, v] of newVillages) {
      const commune = communeById.get(v.communeId)!;
      // Its kind split off its name as on the villages screen ("Tổ dân phố 3": a tổ dân phố named
      // 3; no kind written: an ấp), and the one code rule (units/villages.ts): each village is
      // written before the next code is asked.
      const { type, name } = splitVillageName(v.name, 'ap');
      const code = nextVillageCode(sqlite, v.communeId);
      const id = addVillage(sqlite, v.communeId, code, name, type);
      villageIds.set(key, id);
      audit.push({ actor, entity: 'unit', entityId: id, action: 'create', newValue: { code, type, name, parent: commune.code, source: 'import' } });
    }
    const villageOf = (communeId: number, name: string | null, fallback: number | null): number | null =>
      name ? (villageIds.get(`${communeId}|${villageTextKey(name)}`) ?? fallback) : fallback;

    // New households: codes as written, else the commune's next code (households/rows.ts: the one rule).
    const codes = new HouseholdCodes(sqlite);
    for (const c of creates) if (c.h.code) codes.reserve(cleanText(c.h.code));
    const news = creates.map((c) => {
      const code = c.h.code ? cleanText(c.h.code) : codes.next(c.communeId);
      const villageId = villageOf(c.communeId, c.villageName, c.villageId);
      // The village's area (set on the villages screen), else the commune type's default.
      const area = (villageId !== null ? villageArea(sqlite, villageId) : null) ?? defaultAreaOf(communeById.get(c.communeId)!.type);
      return toNewHousehold(c.h, c.communeId, villageId, code, area);
    });
    const ids = insertHouseholds(sqlite, round.id, news);
    ids.forEach((id, i) => audit.push({ actor, entity: 'household', entityId: id, action: 'import-create', newValue: { code: news[i]!.code, members: news[i]!.members.length } }));

    // Updates.
    const negateSeq = sqlite.prepare('UPDATE members SET seq = -seq WHERE household_id = ?');
    const deleteMember = sqlite.prepare('DELETE FROM members WHERE id = ?');
    const insertMember = memberInserter(sqlite);
    const setSeq = sqlite.prepare('UPDATE members SET seq = ? WHERE id = ?');
    const upsertScore = sqlite.prepare(
      `INSERT INTO answers (household_id, score_a, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (household_id) DO UPDATE SET score_a = excluded.score_a, updated_at = excluded.updated_at`,
    );
    const dropResult = sqlite.prepare('DELETE FROM results WHERE household_id = ?');
    const membersNow = sqlite.prepare('SELECT full_name AS fullName, relation, id_number AS idNumber FROM members WHERE household_id = ? ORDER BY seq');
    for (const u of updates) {
      const hid = u.stored.id;
      for (const c of u.householdChanges) {
        const value = c.column === 'village_id' && u.villageName ? villageOf(u.stored.commune_id, u.villageName, null) : c.next;
        if (c.column === 'causes') writeCauses(sqlite, hid, value as Cause[]);
        else sqlite.prepare(`UPDATE households SET ${c.column} = ? WHERE id = ?`).run(value, hid);
        audit.push({ actor, entity: 'household', entityId: hid, action: 'import-update', field: c.column, oldValue: c.old, newValue: value });
      }
      negateSeq.run(hid);
      for (const r of u.removed) {
        deleteMember.run(r.id);
        audit.push({ actor, entity: 'member', entityId: r.id, action: 'import-delete', oldValue: { householdId: hid, name: r.full_name, idNumber: r.id_number } });
      }
      for (const pm of u.members) {
        if (pm.stored) {
          setSeq.run(pm.seq, pm.stored.id);
          for (const c of pm.changes) {
            sqlite.prepare(`UPDATE members SET ${c.column} = ? WHERE id = ?`).run(c.next, pm.stored.id);
            audit.push({ actor, entity: 'member', entityId: pm.stored.id, action: 'import-update', field: c.column, oldValue: c.old, newValue: c.next });
          }
        } else {
          const row = memberRow(memberOf(pm.m, pm.seq));
          const mid = insertMember(hid, newPersonKey(), row);
          audit.push({ actor, entity: 'member', entityId: mid, action: 'import-create', newValue: { householdId: hid, ...row } });
        }
      }
      if (u.scoreA) {
        upsertScore.run(hid, u.scoreA.next, now);
        audit.push({ actor, entity: 'household', entityId: hid, action: 'import-update', field: 'score_a', oldValue: u.scoreA.old, newValue: u.scoreA.next });
      }
      for (const c of u.answerChanges) {
        sqlite
          .prepare(
            `INSERT INTO answers (household_id, ${c.column}, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (household_id) DO UPDATE SET ${c.column} = excluded.${c.column}, updated_at = excluded.updated_at`,
          )
          .run(hid, JSON.stringify(c.next), now);
        audit.push({ actor, entity: 'household', entityId: hid, action: 'import-update', field: c.column, oldValue: c.old, newValue: c.next });
      }
      const summary = householdSummary(membersNow.all(hid) as Pick<Member, 'fullName' | 'relation' | 'idNumber'>[]);
      writeHouseholdSummary(sqlite, hid, summary, now);
      // A change of the household's data (households/version.ts): a form opened before the import is merged, not saved over it.
      raiseVersion(sqlite, hid);
      // The classification no longer matches the household: it is computed again by the next classify.
      if (dropResult.run(hid).changes > 0) audit.push({ actor, entity: 'household', entityId: hid, action: 'import-update', field: 'result', newValue: null });
    }
    writeAudit(sqlite, audit);
  });
}
