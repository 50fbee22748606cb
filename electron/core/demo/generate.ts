/**
 * The deterministic synthetic demo: Châu Phú (An Giang) reviewed in 2022 and 2023 on the map
 * before 1/7/2025, and in 2025 on the map of 1/7/2025 (its 13 communes became 5, in An Giang 91),
 * all under vn-2022-2026 (the rule set in force on each round's reference date). Built only
 * through the core's own functions (units, rounds, insertHouseholds, classifyRound), so the demo
 * exercises the real write paths; units are found by their codes in the database, whichever file
 * loaded them.
 *
 * Same seed and size, same data (apart from the created_at / computed_at timestamps): every
 * draw comes from seeded mulberry32 streams, never Math.random or the clock.
 */
import os from 'node:os';
import { dropSecondaryIndexes, withoutSecondaryIndexes } from '../db/bulk';
import { PAGE_SIZE } from '../db/connection';
import { loadHouseholdsInBulk } from '../households/bulk-load';
import type BetterSqlite3 from 'better-sqlite3';
import { defaultAreaOf } from '../../../shared/domain/units';
import { villageFullName } from '../../../shared/domain/villages';
import { setVillageArea } from '../units/villages';
import type { Area, RuleSet } from '../../../shared/engine/ruleset';
import { AppError } from '../errors';
import { insertHouseholds, lastHouseholdId, type NewHousehold } from '../households/write';
import { classifyRound } from '../rounds/classify';
import { createRound } from '../rounds/rounds';
import type { RuleSetRegistry } from '../rulesets/load';
import { addVillage, loadUnits, unitIdAt, type UnitFile } from '../units/units';
import { communesInScope } from '../units/scope';
import { HouseholdCodes } from '../households/rows';
import { newCommunesOf, villageOnNewMap } from '../reform/map';
import { nationalRuleSetOn } from '../../../shared/domain/round-plan';
import { IdNumbers, newHousehold, type GenContext, type HouseholdModel, type RoundSpec } from './households';
import { COMMUNE_PROFILES, planVillages, type CommuneProfile } from './places';
import { cumulative, mulberry32, subSeed, type Rng } from './random';
import {
  ETHNIC_POVERTY,
  FIRST_RATES_NEW,
  NEW_SHARE,
  STREAM,
  addressIn,
  communeCounts,
  demoStreams,
  drawCommunes,
  ethnicityIn,
  firstStatus,
  roundForms,
  type CommunePlace,
  type DrawPlan,
} from './draw';
import { DrawAhead } from './draw-ahead';
import { setupOffice } from '../units/office';

/** The demo database's office: the province of An Giang on the map of 1/7/2025. */
const DEMO_OFFICE = '91';

export interface DemoOptions {
  /** Households in the 2023 round; 2022 has a few that are gone by 2023 and lacks the new ones; 2025 likewise after 2023. */
  households: number;
  seed: number;
  /** Who the audit trail names for the rounds and classifications (default "demo"). */
  actor?: string;
  /** Work done so far and in all: every household inserted and every household classified counts one. */
  onProgress?: (done: number, total: number) => void;
  /** Each phase of the build as it ends, with its wall and CPU time (this process's user + system), for the bench. */
  onPhase?: (phase: DemoPhase, wallMs: number, cpuMs: number) => void;
  /** Draw the old communes in a helper thread (draw-ahead.ts) while this one writes; by default from DRAW_AHEAD_MIN households. Same data either way. */
  drawAhead?: boolean;
}

/** The phases of a build: units and rounds, drawing and inserting the households, building their indexes, classifying the rounds, the office and counts, the commit (and the journal back to WAL). */
export type DemoPhase = 'places' | 'load' | 'indexes' | 'classify' | 'finish' | 'commit';

export interface DemoSummary {
  rounds: { id: number; year: number; households: number }[];
  /** Households and members of the 2023 round (the last one on the old map). */
  households: number;
  members: number;
  /** Communes and villages of the old map (the 2022 and 2023 rounds). */
  communes: number;
  villages: number;
  /** Communes and villages of the new map (the 2025 round). */
  newCommunes: number;
  newVillages: number;
}

export const DEMO_RULE_SET = 'vn-2022-2026';
/** The tables the demo's households load writes, whose secondary indexes are built after it (db/bulk.ts). */
const LOADED_TABLES = ['households', 'members', 'answers', 'household_causes'];
/** The district of the old map (huyện Châu Phú) and the province of the new one (An Giang, 91). */
const DISTRICT_CODE = '889';
const PROVINCE_CODE_2025 = '91';
/**
 * 2022 and 2023 on the map before 1/7/2025 (province 89, district 889, 13 communes); 2025 on the
 * map of 1/7/2025, scoped to the province: Châu Phú's 13 communes became 5 (unit_map).
 */
const ROUNDS = [
  { year: 2022, title: 'Rà soát định kỳ năm 2022', date: '2022-09-01', scopeCode: DISTRICT_CODE },
  { year: 2023, title: 'Rà soát định kỳ năm 2023', date: '2023-09-01', scopeCode: DISTRICT_CODE },
  { year: 2025, title: 'Rà soát định kỳ năm 2025', date: '2025-10-01', scopeCode: PROVINCE_CODE_2025 },
] as const;
const OLD_MAP_DATE = ROUNDS[0].date;
const NEW_MAP_DATE = ROUNDS[2].date;
/**
 * A 64 MiB page cache while building keeps the random-order index inserts (names, ID numbers)
 * off the disk: measured 2–3 s less for 60,000 households. (256 MiB was tried: more memory, and no
 * gain shown.) The previous setting is put back. Negative means KiB, as SQLite counts.
 */
const BUILD_CACHE_KIB = -65_536;

/** A commune of the new map with its villages (each an old commune's village, moved). */
interface NewCommune {
  id: number;
  code: string;
  /** The profile of the old commune of the same code (or the first one it took in): who moves in. */
  profile: CommuneProfile;
  villages: { id: number; area: Area; weight: number; label: string }[];
  villageCdf: Float64Array;
}

/**
 * Fills an empty, migrated database with the demo district and classifies its rounds.
 *
 * Streaming: the households are drawn one old commune at a time, and each commune's households
 * are written for all three rounds before the next commune is drawn, so that only one commune's
 * people are ever held in memory (a province's million households a round do not fit in 2 GB
 * otherwise). Each round's households of a commune are one insert batch (households/write.ts,
 * which also fills the search index per batch); the rounds are classified once all are written.
 * From DRAW_AHEAD_MIN households the old communes are drawn (draw.ts) and mapped to rows in a
 * helper thread while this one writes them (draw-ahead.ts): the same rows, ids and search index.
 */
export function buildDemo(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  unitFile: UnitFile,
  options: DemoOptions,
): DemoSummary {
  const { households, seed } = options;
  if (!Number.isInteger(households) || households < COMMUNE_PROFILES.length) {
    throw new AppError('INVALID_INPUT', `Số hộ của dữ liệu mẫu phải là số nguyên từ ${COMMUNE_PROFILES.length} trở lên (mỗi xã mẫu ít nhất một hộ), không phải ${households}: hãy nhập lại số hộ.`);
  }
  if (!Number.isInteger(seed)) throw new AppError('INVALID_INPUT', `Hạt giống (seed) của dữ liệu mẫu phải là số nguyên, không phải ${seed}: hãy nhập lại.`);
  if ((sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get() as number) > 0) {
    throw new AppError('INVALID_INPUT', 'Dữ liệu mẫu chỉ được dựng vào một tệp dữ liệu trống, mà tệp này đã có đợt rà soát: hãy chọn một tệp mới (dữ liệu đang có không bị đụng đến).');
  }
  const actor = options.actor ?? 'demo';
  const ruleSets = ROUNDS.map((r) => {
    const rs = nationalRuleSetOn(registry.all(), r.date);
    if (!rs) throw new AppError('RULESET_INCOMPLETE', `Không có bộ quy tắc chuẩn nghèo quốc gia nào có hiệu lực ngày ${r.date}: hãy nạp bộ quy tắc của thời kỳ đó (mục Bộ quy tắc) rồi dựng lại dữ liệu mẫu.`);
    return rs;
  });
  const specs = ruleSets.map((rs, index) => roundSpec(rs, ROUNDS[index]!.date, index));

  let mark = { wall: performance.now(), cpu: process.cpuUsage() };
  const phaseEnded = (phase: DemoPhase): void => {
    const now = { wall: performance.now(), cpu: process.cpuUsage() };
    options.onPhase?.(phase, now.wall - mark.wall, (now.cpu.user + now.cpu.system - mark.cpu.user - mark.cpu.system) / 1000);
    mark = now;
  };

  const build = (): DemoSummary => {
    const { communes, newCommunes } = createPlaces(sqlite, unitFile, mulberry32(subSeed(seed, STREAM.places)));
    const roundIds = ROUNDS.map((r, i) =>
      createRound(
        sqlite,
        {
          year: r.year,
          kind: 'periodic',
          title: r.title,
          ruleSetId: ruleSets[i]!.id,
          unitMapDate: r.date,
          referenceDate: r.date,
          scopeUnitId: unitAt(sqlite, r.scopeCode, r.date),
        },
        actor,
      ),
    );
    checkScope(sqlite, roundIds[2]!, newCommunes);
    phaseEnded('places');

    const counts = communeCounts(communes, households);
    const total2022 = counts.reduce((n, c) => n + c.n2022, 0);
    // 2025: its households are known only once drawn; until then the total counts the most it can
    // have (every 2023 household, and 1 % new per new commune), and is made exact before classifying.
    const most2025 = Math.ceil(households * (1 + NEW_SHARE)) + newCommunes.length;
    let total = 2 * (total2022 + households + most2025);
    let done = 0;
    const progress = (n: number): void => {
      done += n;
      options.onProgress?.(done, total);
    };

    const streams = demoStreams(seed);
    const inRound = [0, 0, 0];
    let sinceReport = 0;
    /** A household drawn (here or by the drawing thread), counted in its round and reported a thousand at a time. */
    const drawn = (round: number, n = 1): void => {
      inRound[round]! += n;
      if ((sinceReport += n) >= 1000) {
        progress(sinceReport);
        sinceReport = 0;
      }
    };
    /** One round's households of one batch, drawn as they are written. */
    const write = (round: number, forms: Iterable<NewHousehold>): void => {
      insertHouseholds(sqlite, roundIds[round]!, forms);
    };

    // The load: households, members, answers and causes with their tables' secondary indexes
    // dropped and built once at its end (db/bulk.ts), household_counts counted once at its end
    // (households/bulk-load.ts). The indexes are back before the rounds are classified: the
    // matching rule looks heads up by households_head_id (without it, each chunk of a round read
    // every household).
    const load = (): void => {
      const plan: DrawPlan = { households, communes, counts, specs };
      // Per new commune: the households continuing into 2025.
      let continuing: Map<number, number>;
      const ahead =
        (options.drawAhead ?? households >= DRAW_AHEAD_MIN)
          ? DrawAhead.start({ plan, seed, roundIds, lastId: lastHouseholdId(sqlite) })
          : null;
      if (ahead) {
        try {
          const end = ahead.load(sqlite, (round, count) => drawn(round, count));
          continuing = new Map(end.continuing);
          // The drawing thread's streams go on here (the arrivals' ID numbers, forms and causes).
          streams.ctx.ids = IdNumbers.resume(end.ids);
          streams.forms[2] = mulberry32(end.forms2025);
          streams.causes[2] = mulberry32(end.causes2025);
        } finally {
          ahead.close();
        }
      } else {
        continuing = drawCommunes(plan, streams, write, drawn);
      }

      // New households of 2025, numbered by each new commune's next code (households/rows.ts).
      const arrivals: HouseholdModel[] = [];
      const arrivalRng = mulberry32(subSeed(seed, STREAM.arrivals2025));
      const arrivalCtx: GenContext = { rng: arrivalRng, ids: streams.ctx.ids };
      const codes = new HouseholdCodes(sqlite);
      const newIndex = new Map(newCommunes.map((n, i) => [n.id, i]));
      for (const n of newCommunes) {
        const count = Math.round((continuing.get(n.id) ?? 0) * NEW_SHARE);
        for (let k = 0; k < count; k++) {
          const vi = arrivalRng.weighted(n.villageCdf);
          const h = newHousehold(arrivalCtx, {
            code: codes.next(n.id),
            commune: newIndex.get(n.id)!,
            village: vi,
            address: addressIn(arrivalRng, n.villages[vi]!.area, n.villages[vi]!.label),
            ethnicity: ethnicityIn(arrivalRng, n.profile.minorities),
            refYear: 2025,
          });
          h.status = [null, null, firstStatus(arrivalRng, n.profile.poverty * ETHNIC_POVERTY[h.persons[0]!.ethnicity], FIRST_RATES_NEW)];
          arrivals.push(h);
        }
      }
      write(
        2,
        roundForms(streams, 2, specs[2]!, arrivals, (h) => {
          const n = newCommunes[h.commune]!;
          const v = n.villages[h.village]!;
          return { communeId: n.id, villageId: v.id, area: v.area };
        }, drawn),
      );
      progress(sinceReport);
      arrivals.length = 0;
    };
    const rebuildIndexes = dropSecondaryIndexes(sqlite, LOADED_TABLES);
    loadHouseholdsInBulk(sqlite, load);
    phaseEnded('load');
    rebuildIndexes();
    phaseEnded('indexes');

    total = 2 * (inRound[0]! + inRound[1]! + inRound[2]!);
    // The results' own indexes (results_round_status, results_round_score_b) are built once, after
    // the three rounds. (classifyRound writes each result with its round, without the results_round
    // trigger: rounds/classify.ts.)
    withoutSecondaryIndexes(sqlite, ['results'], () =>
      roundIds.forEach((id, i) => {
        classifyRound(sqlite, registry, id, { actor });
        progress(inRound[i]!);
      }),
    );
    phaseEnded('classify');

    // The demo's office: the province of the new map its rounds belong to (an office sees them all).
    setupOffice(sqlite, DEMO_OFFICE, actor);

    const members = sqlite
      .prepare('SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ?')
      .pluck()
      .get(roundIds[1]) as number;
    phaseEnded('finish');
    return {
      rounds: ROUNDS.map((r, i) => ({ id: roundIds[i]!, year: r.year, households: inRound[i]! })),
      households: inRound[1]!,
      members,
      communes: communes.length,
      villages: communes.reduce((n, c) => n + c.villages.length, 0),
      newCommunes: newCommunes.length,
      newVillages: newCommunes.reduce((n, c) => n + c.villages.length, 0),
    };
  };

  // All or nothing: a failed build leaves the database empty (inner transactions become savepoints).
  const summary = withBuildSettings(sqlite, () => sqlite.transaction(build)());
  phaseEnded('commit');
  return summary;
}

/**
 * From this many households a round the old communes are drawn in a helper thread (draw-ahead.ts)
 * while this one writes: below it, starting the thread (a second or so under tsx) costs more than
 * it saves.
 */
export const DRAW_AHEAD_MIN = 20_000;

/**
 * The connection's settings while the demo is built, put back afterwards. They suit the demo's
 * file only: a new, throwaway database built from nothing (the CLI removes the old file first;
 * buildDemo refuses a database that has rounds), which a failed or interrupted build simply
 * builds again; the app's own writes never run with them.
 * - journal_mode MEMORY instead of the WAL: the build writes a new database in one transaction;
 *   through the WAL every page is written twice (the log, then the checkpoint into the file), in
 *   MEMORY once, and the transaction can still roll back (pages beyond the file's old end need no
 *   journal). The journal mode is left alone when it cannot change (another connection has the
 *   database open).
 * - synchronous OFF: no fsync; a crash in the middle can leave a damaged half-built file, which is
 *   built again.
 * - the build's page cache (BUILD_CACHE_KIB).
 * - foreign_keys OFF: every row the build writes refers to the units, rounds and households it
 *   has just written itself (the ids come back from the core's own functions), so SQLite's
 *   lookup of the parent row for each household, member, answer and cause cannot fail (about 4 %
 *   of the load's CPU, measured at 100,000 households). The switch only takes effect outside a
 *   transaction, as here (buildDemo opens its transaction inside). The test suite checks the
 *   finished file with foreign_key_check (demo-bulk-load.test.ts).
 * - threads: SQLite's sorter may sort with helper threads while the build creates the indexes it
 *   dropped for the load (db/bulk.ts), on the machine's other cores (wall time; same work).
 * - the file's page size, PAGE_SIZE (db/connection.ts; kept: it is the file's), for a file an older app made, when the
 *   journal could leave the WAL (a page size cannot change in WAL mode).
 * A finished build is handed back in WAL mode with the connection's settings as openDatabase made them.
 */
function withBuildSettings<T>(sqlite: BetterSqlite3.Database, build: () => T): T {
  const saved = {
    cache_size: sqlite.pragma('cache_size', { simple: true }) as number,
    synchronous: sqlite.pragma('synchronous', { simple: true }) as number,
    foreign_keys: sqlite.pragma('foreign_keys', { simple: true }) as number,
    threads: sqlite.pragma('threads', { simple: true }) as number,
  };
  const journal = sqlite.pragma('journal_mode', { simple: true }) as string;
  let switched = false;
  if (journal === 'wal') {
    try {
      switched = sqlite.pragma('journal_mode = MEMORY', { simple: true }) === 'memory';
    } catch {
      switched = false; // another connection holds the database: stay in WAL
    }
  }
  // The file's pages (PAGE_SIZE): a file openDatabase created has them already; one an older app
  // made changes only through a VACUUM outside the WAL, cheap here, before the build (the file
  // holds the schema and little else: buildDemo refuses one with rounds).
  if (switched && sqlite.pragma('page_size', { simple: true }) !== PAGE_SIZE) {
    sqlite.pragma(`page_size = ${PAGE_SIZE}`);
    sqlite.exec('VACUUM');
  }
  sqlite.pragma(`cache_size = ${BUILD_CACHE_KIB}`);
  sqlite.pragma('synchronous = OFF');
  sqlite.pragma('foreign_keys = OFF');
  sqlite.pragma(`threads = ${Math.max(1, os.availableParallelism() - 1)}`);
  try {
    return build();
  } finally {
    sqlite.pragma(`cache_size = ${saved.cache_size}`);
    sqlite.pragma(`synchronous = ${saved.synchronous}`);
    sqlite.pragma(`foreign_keys = ${saved.foreign_keys}`);
    sqlite.pragma(`threads = ${saved.threads}`);
    if (switched) sqlite.pragma(`journal_mode = ${journal}`);
  }
}

/** The unit file's units, the demo's villages under each old commune, and the same villages on the new map. */
function createPlaces(sqlite: BetterSqlite3.Database, unitFile: UnitFile, rng: Rng): { communes: CommunePlace[]; newCommunes: NewCommune[] } {
  loadUnits(sqlite, unitFile);
  const unit = sqlite.prepare('SELECT code, name, type FROM units WHERE id = ?');
  const communes = COMMUNE_PROFILES.map((profile) => {
    const id = unitAt(sqlite, profile.code, OLD_MAP_DATE);
    const u = unit.get(id) as { name: string; type: string };
    const plans = planVillages(rng, profile);
    const villages = plans.map((plan) => {
      const villageId = addVillage(sqlite, id, plan.code, plan.name, plan.type);
      return { id: villageId, plan, label: villageLabel(plan.type, plan.name), next: { communeId: 0, villageId: 0, area: villageArea(plan.type) } };
    });
    return { id, name: u.name, area: defaultAreaOf(u.type), profile, villages, villageCdf: cumulative(plans.map((p) => p.weight)) };
  });

  // The new map: each old commune's new commune, and its villages moved there under their own
  // names (reform/map.ts, the rules the app itself follows across the reform: "Mỹ Hòa (Bình Thủy
  // cũ)" when two old communes both had a "Mỹ Hòa"; remembered for later rounds).
  const newOf = communes.map((c) => {
    const ids = newCommunesOf(sqlite, c.id, NEW_MAP_DATE);
    if (ids.length === 0) throw new AppError('INVALID_INPUT', `Danh mục đơn vị hành chính ${unitFile.id} không có xã mới nào thay cho xã mã ${c.profile.code} trên bản đồ ngày ${NEW_MAP_DATE}: hãy dùng danh mục kèm theo phần mềm.`);
    return ids;
  });
  const order = [...new Set(newOf.flat())].sort((a, b) => a - b);
  const newType = (id: number): string => (unit.get(id) as { type: string }).type;
  const newCommunes: NewCommune[] = order.map((id) => {
    const code = (unit.get(id) as { code: string }).code;
    // A divided commune (none in Châu Phú) sends its villages to its new communes in turn.
    const sources = communes.flatMap((c, ci) => c.villages.map((v, vi) => ({ c, v, target: newOf[ci]![vi % newOf[ci]!.length]! }))).filter((s) => s.target === id);
    const villages = sources.map((s) => {
      const villageId = villageOnNewMap(sqlite, s.v.id, id);
      const moved = unit.get(villageId) as { name: string; type: string };
      s.v.next = { communeId: id, villageId, area: s.v.next.area };
      // Kept as the village's own area, as an officer would set it: entry and imports default to it.
      if (s.v.next.area !== defaultAreaOf(newType(id))) setVillageArea(sqlite, villageId, s.v.next.area, 'demo');
      return { id: villageId, area: s.v.next.area, weight: s.v.plan.weight, label: villageLabel(moved.type, moved.name) };
    });
    const profile = (sources.find((s) => s.c.profile.code === code) ?? sources[0]!).c.profile;
    return { id, code, profile, villages, villageCdf: cumulative(villages.map((v) => v.weight)) };
  });
  return { communes, newCommunes };
}

/** The unit with this code on the date, by its code in the database (the unit file or the national register). */
function unitAt(sqlite: BetterSqlite3.Database, code: string, date: string): number {
  const id = unitIdAt(sqlite, code, date);
  if (id === undefined) throw new AppError('INVALID_INPUT', `Đơn vị hành chính mã ${code} không có hiệu lực ngày ${date} trong danh mục đã nạp: hãy dùng danh mục kèm theo phần mềm.`);
  return id;
}

/** The 2025 round covers its households' communes (units/scope.ts, the one rule for it). */
function checkScope(sqlite: BetterSqlite3.Database, roundId: number, newCommunes: readonly NewCommune[]): void {
  const round = sqlite.prepare('SELECT scope_unit_id, unit_map_date FROM rounds WHERE id = ?').get(roundId) as { scope_unit_id: number; unit_map_date: string };
  const covered = new Set(communesInScope(sqlite, round.scope_unit_id, round.unit_map_date).map((c) => c.id));
  const outside = newCommunes.filter((n) => !covered.has(n.id)).map((n) => n.code);
  if (outside.length > 0) throw new AppError('INVALID_INPUT', `Các xã ${outside.join(', ')} nằm ngoài phạm vi của đợt rà soát năm 2025: danh mục đơn vị hành chính đã nạp không khớp bản đồ sau 1/7/2025; hãy dùng danh mục kèm theo phần mềm.`);
}

/** A village's area on the new map: the khóm of a former thị trấn stay thành thị, the ấp nông thôn. */
const villageArea = (type: string): Area => (type === 'khom' ? 'urban' : 'rural');
/** "ấp Bình Thạnh" inside an address: the kind (shared/domain/villages.ts) in lower case, then the name. */
const villageLabel = (type: string, name: string): string => {
  const full = villageFullName(type, name);
  return full.slice(0, full.length - name.length).toLowerCase() + name;
};

function roundSpec(ruleSet: RuleSet, referenceDate: string, index: number): RoundSpec {
  const cutoff = ruleSet.scoreA.value?.cutoff;
  const middleBand = ruleSet.middleIncome.value;
  const indicatorIds = (ruleSet.indicators.value ?? []).map((i) => i.id);
  if (!cutoff || !middleBand || indicatorIds.length === 0) {
    throw new AppError('RULESET_INCOMPLETE', `Bộ quy tắc ${ruleSet.id} thiếu ngưỡng điểm A, khoảng thu nhập trung bình hoặc các chỉ số thiếu hụt: hãy nạp lại bộ quy tắc đầy đủ.`);
  }
  return { referenceDate, index, indicatorIds, cutoff, middleBand };
}
