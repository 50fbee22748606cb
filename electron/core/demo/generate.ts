/**
 * The deterministic synthetic demo district: Châu Phú (An Giang) on the map before 1/7/2025,
 * reviewed in 2022 and 2023 under vn-2022-2026. Built only through the core's own functions
 * (units, rounds, insertHouseholds, classifyRound), so the demo exercises the real write paths.
 *
 * Same seed and size, same data (apart from the created_at / computed_at timestamps): every
 * draw comes from seeded mulberry32 streams, never Math.random or the clock.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { UNIT_TYPE_LABELS, defaultAreaOf } from '../../../shared/domain/units';
import type { Area, Status } from '../../../shared/engine/ruleset';
import { AppError } from '../errors';
import { insertHouseholds, type NewHousehold } from '../households/write';
import { classifyRound } from '../rounds/classify';
import { createRound } from '../rounds/rounds';
import type { RuleSetRegistry } from '../rulesets/load';
import { addVillage, loadUnits, unitIdAt, type UnitFile } from '../units/units';
import { IdNumbers, ageOneYear, formsOf, newHousehold, type GenContext, type HouseholdModel, type RoundSpec } from './households';
import type { Ethnicity } from './names';
import { COMMUNE_PROFILES, apportion, planVillages, type VillagePlan } from './places';
import { cumulative, mulberry32, subSeed, type Rng } from './random';

export interface DemoOptions {
  /** Households in the latest round (2023); 2022 has a few more that left, a few fewer that are new. */
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
/** Shares of households only in 2023 (new: split off, moved in) and only in 2022 (gone: died, moved away). */
const NEW_SHARE = 0.01;
const GONE_SHARE = 0.008;

/** Status drawn for a household seen for the first time; `poverty` scales the poor and near-poor rates. */
function firstStatus(rng: Rng, poverty: number, rates: { poor: number; near: number; middle: number }): Status {
  const x = rng.next();
  if (x < rates.poor * poverty) return 'poor';
  if (x < (rates.poor + rates.near) * poverty) return 'near_poor';
  if (x < (rates.poor + rates.near) * poverty + rates.middle) return 'middle_income';
  return 'neither';
}
const BASE_2022 = { poor: 0.05, near: 0.06, middle: 0.004 };
const BASE_NEW = { poor: 0.06, near: 0.08, middle: 0.004 };

/** From 2022 to 2023 (poverty falls slowly; a few fall into it): cumulative shares of poor, near-poor, middle, neither. */
const NEXT_STATUS: Record<Status, Float64Array> = {
  poor: cumulative([0.7, 0.18, 0, 0.12]),
  near_poor: cumulative([0.05, 0.65, 0, 0.3]),
  neither: cumulative([0.006, 0.013, 0.003, 0.978]),
  middle_income: cumulative([0, 0.05, 0.6, 0.35]),
};
const STATUS_ORDER: Status[] = ['poor', 'near_poor', 'middle_income', 'neither'];

const ETHNIC_POVERTY: Record<Ethnicity, number> = { Kinh: 1, Khmer: 2.5, Chăm: 2.5, Hoa: 0.6 };

interface CommunePlace {
  id: number;
  area: Area;
  villages: { id: number; plan: VillagePlan }[];
  villageCdf: Float64Array;
  profile: (typeof COMMUNE_PROFILES)[number];
}

/** Fills an empty, migrated database with the demo district and classifies both rounds. */
export function buildDemo(
  sqlite: BetterSqlite3.Database,
  registry: RuleSetRegistry,
  unitFile: UnitFile,
  options: DemoOptions,
): DemoSummary {
  const { households: total2023, seed } = options;
  if (!Number.isInteger(total2023) || total2023 < COMMUNE_PROFILES.length) {
    throw new AppError('INVALID_INPUT', `households must be an integer ≥ ${COMMUNE_PROFILES.length}, got ${total2023}`);
  }
  if (!Number.isInteger(seed)) throw new AppError('INVALID_INPUT', `seed must be an integer, got ${seed}`);
  const rounds = sqlite.prepare('SELECT COUNT(*) FROM rounds').pluck().get() as number;
  if (rounds > 0) throw new AppError('INVALID_INPUT', 'The demo is built into an empty database only; this one already has rounds.');
  const actor = options.actor ?? 'demo';
  const ruleSet = registry.require(DEMO_RULE_SET);
  const cutoff = ruleSet.scoreA.value?.cutoff;
  const middleBand = ruleSet.middleIncome.value;
  const indicatorIds = (ruleSet.indicators.value ?? []).map((i) => i.id);
  if (!cutoff || !middleBand || indicatorIds.length === 0) {
    throw new AppError('RULESET_INCOMPLETE', `${DEMO_RULE_SET} lacks score A cut-offs, the middle-income band or indicators`);
  }

  // All or nothing: a failed build leaves the database empty (inner transactions become savepoints).
  const cacheSize = sqlite.pragma('cache_size', { simple: true }) as number;
  sqlite.pragma(`cache_size = ${Number(process.env.DEMO_CACHE ?? -65536)}`);
  try {
  const body = (): DemoSummary => {
    const mapDate = ROUNDS[0].date;
    loadUnits(sqlite, unitFile);
    const districtId = unitIdAt(sqlite, DISTRICT_CODE, mapDate);
    if (districtId === undefined) throw new AppError('INVALID_INPUT', `${unitFile.id}: district ${DISTRICT_CODE} not valid on ${mapDate}`);

    const placeRng = mulberry32(subSeed(seed, 1));
    const unitType = sqlite.prepare('SELECT type FROM units WHERE id = ?').pluck();
    const communes: CommunePlace[] = COMMUNE_PROFILES.map((profile) => {
      const id = unitIdAt(sqlite, profile.code, mapDate);
      if (id === undefined) throw new AppError('INVALID_INPUT', `${unitFile.id}: commune ${profile.code} not valid on ${mapDate}`);
      const plans = planVillages(placeRng, profile);
      const villages = plans.map((plan) => ({ id: addVillage(sqlite, id, plan.code, plan.name, plan.type), plan }));
      return {
        id,
        area: defaultAreaOf(unitType.get(id) as string),
        villages,
        villageCdf: cumulative(plans.map((p) => p.weight)),
        profile,
      };
    });

    const roundIds = ROUNDS.map((r) =>
      createRound(
        sqlite,
        { year: r.year, kind: 'periodic', title: r.title, ruleSetId: DEMO_RULE_SET, unitMapDate: mapDate, referenceDate: r.date, scopeUnitId: districtId },
        actor,
      ),
    );
    const specs: RoundSpec[] = ROUNDS.map((r, index) => ({ referenceDate: r.date, index, indicatorIds, cutoff, middleBand }));

    // The district as of 2022, with the households that will be gone by 2023.
    const genRng = mulberry32(subSeed(seed, 2));
    const ctx: GenContext = { rng: genRng, ids: new IdNumbers(pickMultiplier(genRng), genRng.int(1_000_000)) };
    const perCommune2023 = apportion(total2023, COMMUNE_PROFILES.map((p) => p.weight));
    const models: HouseholdModel[] = [];
    const newPlan: { commune: number; count: number; firstNo: number }[] = [];
    communes.forEach((c, ci) => {
      const n2023 = perCommune2023[ci]!;
      const fresh = Math.round(n2023 * NEW_SHARE);
      const staying = n2023 - fresh;
      const gone = Math.round(n2023 * GONE_SHARE);
      const n2022 = staying + gone;
      const goneAt = sampleIndexes(genRng, n2022, gone);
      // Codes run village by village, as a commune numbers its households.
      const perVillage = apportion(n2022, c.villages.map((v) => v.plan.weight));
      let no = 0;
      perVillage.forEach((count, vi) => {
        for (let k = 0; k < count; k++) {
          const h = makeHousehold(ctx, c, ci, vi, ++no, 2022);
          h.status[0] = firstStatus(genRng, c.profile.poverty * ETHNIC_POVERTY[h.persons[0]!.ethnicity], BASE_2022);
          h.status[1] = goneAt.has(no - 1) ? null : h.status[0];
          models.push(h);
        }
      });
      newPlan.push({ commune: ci, count: fresh, firstNo: n2022 + 1 });
    });

    const count2022 = models.length;
    const total = 2 * (count2022 + total2023);
    let done = 0;
    const progress = (n: number): void => {
      done += n;
      options.onProgress?.(done, total);
    };
    function* forms(list: readonly HouseholdModel[], round: RoundSpec, rng: Rng): Generator<NewHousehold> {
      let sinceReport = 0;
      for (const h of list) {
        const status = h.status[round.index];
        if (!status) continue;
        const c = communes[h.commune]!;
        yield formsOf(rng, h, status, round, { communeId: c.id, villageId: c.villages[h.village]!.id, area: c.area });
        if (++sinceReport === 1000) {
          progress(sinceReport);
          sinceReport = 0;
        }
      }
      progress(sinceReport);
    }

    insertHouseholds(sqlite, roundIds[0]!, forms(models, specs[0]!, mulberry32(subSeed(seed, 3))));
    classifyRound(sqlite, registry, roundIds[0]!, { actor });
    progress(count2022);

    // One year on: statuses move, some families change, new households appear.
    const evolveRng = mulberry32(subSeed(seed, 4));
    const ctx2023: GenContext = { rng: evolveRng, ids: ctx.ids };
    for (const h of models) {
      if (!h.status[1]) continue;
      h.status[1] = STATUS_ORDER[evolveRng.weighted(NEXT_STATUS[h.status[0]!])]!;
      ageOneYear(ctx2023, h, specs[1]!.referenceDate);
    }
    for (const plan of newPlan) {
      const c = communes[plan.commune]!;
      for (let k = 0; k < plan.count; k++) {
        const h = makeHousehold(ctx2023, c, plan.commune, evolveRng.weighted(c.villageCdf), plan.firstNo + k, 2023);
        h.status[0] = null;
        h.status[1] = firstStatus(evolveRng, c.profile.poverty * ETHNIC_POVERTY[h.persons[0]!.ethnicity], BASE_NEW);
        models.push(h);
      }
    }
    insertHouseholds(sqlite, roundIds[1]!, forms(models, specs[1]!, mulberry32(subSeed(seed, 5))));
    classifyRound(sqlite, registry, roundIds[1]!, { actor });
    progress(total2023);

    const members = sqlite
      .prepare('SELECT COUNT(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.round_id = ?')
      .pluck()
      .get(roundIds[1]) as number;
    return {
      rounds: ROUNDS.map((r, i) => ({ id: roundIds[i]!, year: r.year })),
      households: total2023,
      members,
      communes: communes.length,
      villages: communes.reduce((n, c) => n + c.villages.length, 0),
    };
  };
  return process.env.DEMO_NOTX ? body() : sqlite.transaction(body)();
  } finally {
    sqlite.pragma(`cache_size = ${cacheSize}`);
  }
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

/** A multiplier coprime with 10^6, so n → (a·n + b) mod 10^6 deals distinct six-digit tails. */
function pickMultiplier(rng: Rng): number {
  const primes = [7919, 104_729, 611_953, 392_113, 999_983, 15_485_863, 32_452_843, 49_979_687];
  return rng.pick(primes);
}
