/**
 * The deterministic synthetic demo district: Châu Phú (An Giang) on the map before 1/7/2025,
 * reviewed in 2022 and 2023 under vn-2022-2026. Built only through the core's own functions
 * (units, rounds, insertHouseholds, classifyRound), so the demo exercises the real write paths.
 *
 * Same seed and size, same data (apart from the created_at / computed_at timestamps): every
 * draw comes from seeded mulberry32 streams, never Math.random or the clock.
 */
import { withoutSecondaryIndexes } from '../db/bulk';
import type BetterSqlite3 from 'better-sqlite3';
import { UNIT_TYPE_LABELS, defaultAreaOf } from '../../../shared/domain/units';
import type { Area, RuleSet, Status } from '../../../shared/engine/ruleset';
import { AppError } from '../errors';
import { insertHouseholds, type NewHousehold } from '../households/write';
import { classifyRound } from '../rounds/classify';
import { createRound } from '../rounds/rounds';
import type { RuleSetRegistry } from '../rulesets/load';
import { addVillage, loadUnits, unitIdAt, type UnitFile } from '../units/units';
import { IdNumbers, ageOneYear, causesFor, formsOf, newHousehold, type GenContext, type HouseholdModel, type RoundSpec } from './households';
import type { Ethnicity } from './names';
import { COMMUNE_PROFILES, apportion, planVillages, type CommuneProfile, type VillagePlan } from './places';
import { cumulative, mulberry32, subSeed, type Rng } from './random';

export interface DemoOptions {
  /** Households in the latest round (2023); 2022 has a few that are gone by 2023 and lacks the new ones. */
  households: number;
  seed: number;
  /** Who the audit trail names for the rounds and classifications (default "demo"). */
  actor?: string;
  /** Work done so far and in all: every household inserted and every household classified counts one. */
  onProgress?: (done: number, total: number) => void;
}

export interface DemoSummary {
  rounds: { id: number; year: number }[];
  /** Households and members of the latest round (2023). */
  households: number;
  members: number;
  communes: number;
  villages: number;
}

export const DEMO_RULE_SET = 'vn-2022-2026';
const DISTRICT_CODE = '889';
const ROUNDS = [
  { year: 2022, title: 'Rà soát định kỳ năm 2022', date: '2022-09-01' },
  { year: 2023, title: 'Rà soát định kỳ năm 2023', date: '2023-09-01' },
] as const;
/** Both rounds use the map before 1/7/2025: province 89, district 889, 13 communes. */
const MAP_DATE = ROUNDS[0].date;

/** Shares of households only in 2023 (split off, moved in) and only in 2022 (died out, moved away). */
const NEW_SHARE = 0.01;
const GONE_SHARE = 0.008;

/** Status rates for a household seen for the first time, before the commune's and the ethnic group's factors. */
const FIRST_RATES_2022 = { poor: 0.05, near: 0.06, middle: 0.004 };
const FIRST_RATES_NEW = { poor: 0.06, near: 0.08, middle: 0.004 };
const ETHNIC_POVERTY: Record<Ethnicity, number> = { Kinh: 1, Khmer: 2.5, Chăm: 2.5, Hoa: 0.6 };

/** From 2022 to 2023 poverty falls slowly and a few fall into it: weights of poor, near-poor, middle, neither. */
const STATUS_ORDER: Status[] = ['poor', 'near_poor', 'middle_income', 'neither'];
const NEXT_STATUS: Record<Status, Float64Array> = {
  poor: cumulative([0.7, 0.18, 0, 0.12]),
  near_poor: cumulative([0.05, 0.65, 0, 0.3]),
  neither: cumulative([0.006, 0.013, 0.003, 0.978]),
  middle_income: cumulative([0, 0.05, 0.6, 0.35]),
};

/**
 * A 64 MiB page cache while building keeps the random-order index inserts (names, ID numbers)
 * off the disk: measured 2–3 s less for 60,000 households. The previous setting is put back.
 * Negative means KiB, as SQLite counts.
 */
const BUILD_CACHE_KIB = -65_536;

/** Independent PRNG streams, so that changing one part of the data leaves the others as they were. */
const STREAM = { places: 1, households: 2, forms2022: 3, nextYear: 4, forms2023: 5, causes2022: 6, causes2023: 7 } as const;

interface CommunePlace {
  id: number;
  area: Area;
  profile: CommuneProfile;
  villages: { id: number; plan: VillagePlan }[];
  villageCdf: Float64Array;
}

/** Fills an empty, migrated database with the demo district and classifies both rounds. */
export function buildDemo(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  unitFile: UnitFile,
  options: DemoOptions,
): DemoSummary {
  const { households, seed } = options;
  if (!Number.isInteger(households) || households < COMMUNE_PROFILES.length) {
    throw new AppError('INVALID_INPUT', `households must be an integer ≥ ${COMMUNE_PROFILES.length}, got ${households}`);
  }
  if (!Number.isInteger(seed)) throw new AppError('INVALID_INPUT', `seed must be an integer, got ${seed}`);
  if ((sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get() as number) > 0) {
    throw new AppError('INVALID_INPUT', 'The demo is built into an empty database only; this one already has rounds.');
  }
  const actor = options.actor ?? 'demo';
  const specs = roundSpecs(registry.require(DEMO_RULE_SET));

  const build = (): DemoSummary => {
    const { districtId, communes } = createPlaces(sqlite, unitFile, mulberry32(subSeed(seed, STREAM.places)));
    const roundIds = ROUNDS.map((r) =>
      createRound(
        sqlite,
        { year: r.year, kind: 'periodic', title: r.title, ruleSetId: DEMO_RULE_SET, unitMapDate: r.date, referenceDate: r.date, scopeUnitId: districtId },
        actor,
      ),
    );
    const district = firstYear(communes, households, mulberry32(subSeed(seed, STREAM.households)));

    const count2022 = district.models.length;
    const total = 2 * (count2022 + households);
    let done = 0;
    const progress = (n: number): void => {
      done += n;
      options.onProgress?.(done, total);
    };
    function* forms(round: RoundSpec, rng: Rng, causeRng: Rng): Generator<NewHousehold> {
      let sinceReport = 0;
      for (const h of district.models) {
        const status = h.status[round.index];
        if (!status) continue;
        const c = communes[h.commune]!;
        const form = formsOf(rng, h, status, round, { communeId: c.id, villageId: c.villages[h.village]!.id, area: c.area });
        // Causes from a stream of their own: the rest of the data is the same with or without them.
        form.causes = causesFor(causeRng, form, status);
        yield form;
        if (++sinceReport === 1000) {
          progress(sinceReport);
          sinceReport = 0;
        }
      }
      progress(sinceReport);
    }

    insertHouseholds(sqlite, roundIds[0]!, forms(specs[0]!, mulberry32(subSeed(seed, STREAM.forms2022)), mulberry32(subSeed(seed, STREAM.causes2022))));
    classifyRound(sqlite, registry, roundIds[0]!, { actor });
    progress(count2022);

    nextYear(district, communes, specs[1]!, mulberry32(subSeed(seed, STREAM.nextYear)));
    insertHouseholds(sqlite, roundIds[1]!, forms(specs[1]!, mulberry32(subSeed(seed, STREAM.forms2023)), mulberry32(subSeed(seed, STREAM.causes2023))));
    district.models.length = 0; // the database has it all now
    classifyRound(sqlite, registry, roundIds[1]!, { actor });
    progress(households);

    const members = sqlite
      .prepare('SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ?')
      .pluck()
      .get(roundIds[1]) as number;
    return {
      rounds: ROUNDS.map((r, i) => ({ id: roundIds[i]!, year: r.year })),
      households,
      members,
      communes: communes.length,
      villages: communes.reduce((n, c) => n + c.villages.length, 0),
    };
  };

  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`cache_size = ${BUILD_CACHE_KIB}`);
  try {
    // All or nothing: a failed build leaves the database empty (inner transactions become savepoints).
    // Indexes are built once at the end rather than row by row (electron/core/db/bulk.ts).
    return sqlite.transaction(() => withoutSecondaryIndexes(sqlite, ['households', 'members', 'answers', 'results', 'household_causes'], build))();
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
}

function roundSpecs(ruleSet: RuleSet): RoundSpec[] {
  const cutoff = ruleSet.scoreA.value?.cutoff;
  const middleBand = ruleSet.middleIncome.value;
  const indicatorIds = (ruleSet.indicators.value ?? []).map((i) => i.id);
  if (!cutoff || !middleBand || indicatorIds.length === 0) {
    throw new AppError('RULESET_INCOMPLETE', `${ruleSet.id} lacks score A cut-offs, the middle-income band or indicators`);
  }
  return ROUNDS.map((r, index) => ({ referenceDate: r.date, index, indicatorIds, cutoff, middleBand }));
}

/** The unit file's province, district and communes, and the demo's villages under each commune. */
function createPlaces(sqlite: BetterSqlite3.Database, unitFile: UnitFile, rng: Rng): { districtId: number; communes: CommunePlace[] } {
  loadUnits(sqlite, unitFile);
  const idOf = (code: string): number => {
    const id = unitIdAt(sqlite, code, MAP_DATE);
    if (id === undefined) throw new AppError('INVALID_INPUT', `${unitFile.id}: unit ${code} not valid on ${MAP_DATE}`);
    return id;
  };
  const unitType = sqlite.prepare('SELECT type FROM units WHERE id = ?').pluck();
  const districtId = idOf(DISTRICT_CODE);
  const communes = COMMUNE_PROFILES.map((profile) => {
    const id = idOf(profile.code);
    const plans = planVillages(rng, profile);
    return {
      id,
      area: defaultAreaOf(unitType.get(id) as string),
      profile,
      villages: plans.map((plan) => ({ id: addVillage(sqlite, id, plan.code, plan.name, plan.type), plan })),
      villageCdf: cumulative(plans.map((p) => p.weight)),
    };
  });
  return { districtId, communes };
}

interface District {
  ctx: GenContext;
  models: HouseholdModel[];
  /** Per commune: how many households appear in 2023 and the first free number for them. */
  arrivals: { count: number; firstNo: number }[];
}

/**
 * The district as of 2022: `households2023` split over the communes by size, each commune's
 * households numbered village by village (as communes number them), a few marked as gone by 2023.
 */
function firstYear(communes: readonly CommunePlace[], households2023: number, rng: Rng): District {
  const ctx: GenContext = { rng, ids: new IdNumbers(rng.pick(ID_MULTIPLIERS), rng.int(1_000_000)) };
  const perCommune = apportion(households2023, communes.map((c) => c.profile.weight));
  const models: HouseholdModel[] = [];
  const arrivals = communes.map((c, ci) => {
    const n2023 = perCommune[ci]!;
    const fresh = Math.round(n2023 * NEW_SHARE);
    const gone = Math.round(n2023 * GONE_SHARE);
    const n2022 = n2023 - fresh + gone;
    const goneAt = sampleIndexes(rng, n2022, gone);
    let no = 0;
    apportion(n2022, c.villages.map((v) => v.plan.weight)).forEach((count, vi) => {
      for (let k = 0; k < count; k++) {
        const h = makeHousehold(ctx, c, ci, vi, ++no, 2022);
        h.status[0] = firstStatus(rng, c.profile.poverty * ETHNIC_POVERTY[h.persons[0]!.ethnicity], FIRST_RATES_2022);
        h.status[1] = goneAt.has(no - 1) ? null : h.status[0];
        models.push(h);
      }
    });
    return { count: fresh, firstNo: n2022 + 1 };
  });
  return { ctx, models, arrivals };
}

/** One year on: statuses move, babies are born, old people die, grown children leave, new households appear. */
function nextYear(district: District, communes: readonly CommunePlace[], round: RoundSpec, rng: Rng): void {
  const ctx: GenContext = { rng, ids: district.ctx.ids };
  for (const h of district.models) {
    if (!h.status[1]) continue;
    h.status[1] = STATUS_ORDER[rng.weighted(NEXT_STATUS[h.status[0]!])]!;
    ageOneYear(ctx, h, round.referenceDate);
  }
  district.arrivals.forEach(({ count, firstNo }, ci) => {
    const c = communes[ci]!;
    for (let k = 0; k < count; k++) {
      const h = makeHousehold(ctx, c, ci, rng.weighted(c.villageCdf), firstNo + k, Number(round.referenceDate.slice(0, 4)));
      h.status[0] = null;
      h.status[1] = firstStatus(rng, c.profile.poverty * ETHNIC_POVERTY[h.persons[0]!.ethnicity], FIRST_RATES_NEW);
      district.models.push(h);
    }
  });
}

/** Status drawn for a household seen for the first time; `poverty` scales the poor and near-poor rates. */
function firstStatus(rng: Rng, poverty: number, rates: { poor: number; near: number; middle: number }): Status {
  const x = rng.next();
  if (x < rates.poor * poverty) return 'poor';
  if (x < (rates.poor + rates.near) * poverty) return 'near_poor';
  if (x < (rates.poor + rates.near) * poverty + rates.middle) return 'middle_income';
  return 'neither';
}

/** A household of commune `ci`, village `vi`, numbered `no` ("30487-00123"). */
function makeHousehold(ctx: GenContext, c: CommunePlace, ci: number, vi: number, no: number, refYear: number): HouseholdModel {
  const { rng } = ctx;
  const village = c.villages[vi]!.plan;
  const place = `${UNIT_TYPE_LABELS[village.type]!.toLowerCase()} ${village.name}`;
  const address = c.area === 'urban' ? `Số ${rng.between(1, 320)}, ${place}` : `Tổ ${rng.between(1, 12)}, ${place}`;
  return newHousehold(ctx, {
    code: `${c.profile.code}-${String(no).padStart(5, '0')}`,
    commune: ci,
    village: vi,
    address,
    ethnicity: ethnicityIn(rng, c.profile.minorities),
    refYear,
  });
}

function ethnicityIn(rng: Rng, shares: Partial<Record<Ethnicity, number>>): Ethnicity {
  let x = rng.next();
  for (const [eth, share] of Object.entries(shares) as [Ethnicity, number][]) {
    if (x < share) return eth;
    x -= share;
  }
  return 'Kinh';
}

/** `count` distinct indexes below n (Floyd's algorithm: no array of n). */
function sampleIndexes(rng: Rng, n: number, count: number): Set<number> {
  const out = new Set<number>();
  for (let j = n - count; j < n; j++) {
    const t = rng.int(j + 1);
    out.add(out.has(t) ? j : t);
  }
  return out;
}

/** Odd and not ending in 5, so coprime with 10^6: n → (a·n + b) mod 10^6 deals distinct six-digit tails. */
const ID_MULTIPLIERS = [7919, 104_729, 611_953, 392_113, 999_983, 15_485_863, 32_452_843, 49_979_687];
