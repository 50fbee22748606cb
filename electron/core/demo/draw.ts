/**
 * The drawing of the demo's households (generate.ts), apart from the database: each old commune's
 * households for the three rounds, as the forms insertHouseholds takes. It runs in the building
 * thread or in a helper thread (draw-worker.ts) alike: every draw comes from the seeded streams
 * of demoStreams, in the same order, so either gives the same data.
 */
import type { Area, Status } from '../../../shared/engine/ruleset';
import type { NewHousehold } from '../households/write';
import { IdNumbers, ageOneYear, causesFor, formsOf, newHousehold, type GenContext, type HouseholdModel, type RoundSpec } from './households';
import type { Ethnicity } from './names';
import { apportion, type CommuneProfile, type VillagePlan } from './places';
import { cumulative, mulberry32, subSeed, type Rng } from './random';

/** The year between 2023 and 2025 the households live through too (births, deaths, moves). */
const BETWEEN_2023_2025 = '2024-10-01';

/**
 * A demo of bench size (a province's million households a round) keeps its 2025 round to a share
 * of the communes' households, so that three rounds build in the time two did: above this many
 * households a round, the 2025 round continues only the households of every BIG_2025_EVERY-th
 * village of each old commune (whole villages, so each new commune's count is still the sum of
 * what its villages bring, less leavers, plus new).
 */
const BIG_DEMO = 300_000;
const BIG_2025_EVERY = 3;

/** Shares of households only in the later round (split off, moved in) and only in the earlier (died out, moved away). */
export const NEW_SHARE = 0.01;
const GONE_SHARE = 0.008;

/** Status rates for a household seen for the first time, before the commune's and the ethnic group's factors. */
const FIRST_RATES_2022 = { poor: 0.05, near: 0.06, middle: 0.004 };
export const FIRST_RATES_NEW = { poor: 0.06, near: 0.08, middle: 0.004 };
export const ETHNIC_POVERTY: Record<Ethnicity, number> = { Kinh: 1, Khmer: 2.5, Chăm: 2.5, Hoa: 0.6 };

/** From one round to the next poverty falls slowly and a few fall into it: weights of poor, near-poor, middle, neither. */
const STATUS_ORDER: Status[] = ['poor', 'near_poor', 'middle_income', 'neither'];
const NEXT_STATUS: Record<Status, Float64Array> = {
  poor: cumulative([0.7, 0.18, 0, 0.12]),
  near_poor: cumulative([0.05, 0.65, 0, 0.3]),
  neither: cumulative([0.006, 0.013, 0.003, 0.978]),
  middle_income: cumulative([0, 0.05, 0.6, 0.35]),
};


/** Independent PRNG streams, so that changing one part of the data leaves the others as they were. */
export const STREAM = {
  places: 1,
  households: 2,
  forms2022: 3,
  nextYear: 4,
  forms2023: 5,
  causes2022: 6,
  causes2023: 7,
  year2025: 8,
  forms2025: 9,
  causes2025: 10,
  arrivals2025: 11,
} as const;

export interface Village {
  id: number;
  plan: VillagePlan;
  /** "ấp Mỹ Hòa", as addresses name it. */
  label: string;
  /** Where the village is on the new map (the 2025 round). */
  next: { communeId: number; villageId: number; area: Area };
}

export interface CommunePlace {
  id: number;
  name: string;
  area: Area;
  profile: CommuneProfile;
  villages: Village[];
  villageCdf: Float64Array;
}

/** Households of each round, per old commune (2022, 2023, 2025 continuing), fixed before any is drawn. */
export interface CommuneCounts {
  n2022: number;
  gone2023: number;
  fresh2023: number;
  n2023: number;
}

export interface Place {
  communeId: number;
  villageId: number;
  area: Area;
}


/** Each old commune's households: the 2023 total split by size, with the gone and new households of 2023. */
export function communeCounts(communes: readonly CommunePlace[], households2023: number): CommuneCounts[] {
  return apportion(households2023, communes.map((c) => c.profile.weight)).map((n2023) => {
    const fresh2023 = Math.round(n2023 * NEW_SHARE);
    const gone2023 = Math.round(n2023 * GONE_SHARE);
    return { n2022: n2023 - fresh2023 + gone2023, gone2023, fresh2023, n2023 };
  });
}

/**
 * One commune as of 2022: its households numbered village by village (as communes number them),
 * a few marked as gone by 2023.
 */
function firstYear(ctx: GenContext, c: CommunePlace, ci: number, counts: CommuneCounts): HouseholdModel[] {
  const { rng } = ctx;
  const goneAt = sampleIndexes(rng, counts.n2022, counts.gone2023);
  const models: HouseholdModel[] = [];
  let no = 0;
  apportion(counts.n2022, c.villages.map((v) => v.plan.weight)).forEach((count, vi) => {
    for (let k = 0; k < count; k++) {
      const h = makeHousehold(ctx, c, ci, vi, ++no, 2022);
      h.status[0] = firstStatus(rng, c.profile.poverty * ETHNIC_POVERTY[h.persons[0]!.ethnicity], FIRST_RATES_2022);
      h.status[1] = goneAt.has(no - 1) ? null : h.status[0];
      models.push(h);
    }
  });
  return models;
}

/** One year on: statuses move, babies are born, old people die, grown children leave, new households appear. */
function nextYear(ctx: GenContext, models: HouseholdModel[], c: CommunePlace, ci: number, counts: CommuneCounts, round: RoundSpec): void {
  const { rng } = ctx;
  for (const h of models) {
    if (!h.status[1]) continue;
    h.status[1] = STATUS_ORDER[rng.weighted(NEXT_STATUS[h.status[0]!])]!;
    ageOneYear(ctx, h, round.referenceDate);
  }
  for (let k = 0; k < counts.fresh2023; k++) {
    const h = makeHousehold(ctx, c, ci, rng.weighted(c.villageCdf), counts.n2022 + 1 + k, Number(round.referenceDate.slice(0, 4)));
    h.status[0] = null;
    h.status[1] = firstStatus(rng, c.profile.poverty * ETHNIC_POVERTY[h.persons[0]!.ethnicity], FIRST_RATES_NEW);
    models.push(h);
  }
}

/**
 * From 2023 to 2025 (two years lived, one round): a few households leave, the others' statuses
 * move and their people age. `keep` says whose village goes on into the 2025 round (all of them,
 * but for a bench-sized demo). Returns how many households continue.
 */
function year2025(ctx: GenContext, models: HouseholdModel[], round: RoundSpec, keep: (h: HouseholdModel) => boolean): number {
  const { rng } = ctx;
  let moved = 0;
  for (const h of models) {
    const before = h.status[1];
    if (!before || !keep(h) || rng.chance(GONE_SHARE)) {
      h.status[2] = null;
      continue;
    }
    h.status[2] = STATUS_ORDER[rng.weighted(NEXT_STATUS[before])]!;
    ageOneYear(ctx, h, BETWEEN_2023_2025);
    ageOneYear(ctx, h, round.referenceDate);
    moved++;
  }
  return moved;
}

/** Status drawn for a household seen for the first time; `poverty` scales the poor and near-poor rates. */
export function firstStatus(rng: Rng, poverty: number, rates: { poor: number; near: number; middle: number }): Status {
  const x = rng.next();
  if (x < rates.poor * poverty) return 'poor';
  if (x < (rates.poor + rates.near) * poverty) return 'near_poor';
  if (x < (rates.poor + rates.near) * poverty + rates.middle) return 'middle_income';
  return 'neither';
}

/** A household of commune `ci`, village `vi`, numbered `no` ("30487-00123"). */
function makeHousehold(ctx: GenContext, c: CommunePlace, ci: number, vi: number, no: number, refYear: number): HouseholdModel {
  const { rng } = ctx;
  return newHousehold(ctx, {
    code: `${c.profile.code}-${String(no).padStart(5, '0')}`,
    commune: ci,
    village: vi,
    address: addressIn(rng, c.area, c.villages[vi]!.label),
    ethnicity: ethnicityIn(rng, c.profile.minorities),
    refYear,
  });
}

/** "Số 12, khóm Châu Long 1" in a town, "Tổ 3, ấp Mỹ Hòa" in the countryside. */
export function addressIn(rng: Rng, area: Area, village: string): string {
  return area === 'urban' ? `Số ${rng.between(1, 320)}, ${village}` : `Tổ ${rng.between(1, 12)}, ${village}`;
}

export function ethnicityIn(rng: Rng, shares: Partial<Record<Ethnicity, number>>): Ethnicity {
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
export const ID_MULTIPLIERS = [7919, 104_729, 611_953, 392_113, 999_983, 15_485_863, 32_452_843, 49_979_687];

/** The seeded streams of the households' draws (STREAM), as a build starts them. */
export interface DemoStreams {
  ctx: GenContext;
  nextCtx: GenContext;
  ctx2025: GenContext;
  /** Per round (2022, 2023, 2025): the forms' stream and the causes' stream. */
  forms: Rng[];
  causes: Rng[];
}

export function demoStreams(seed: number): DemoStreams {
  const rng = mulberry32(subSeed(seed, STREAM.households));
  const ctx: GenContext = { rng, ids: new IdNumbers(rng.pick(ID_MULTIPLIERS), rng.int(1_000_000)) };
  return {
    ctx,
    nextCtx: { rng: mulberry32(subSeed(seed, STREAM.nextYear)), ids: ctx.ids },
    ctx2025: { rng: mulberry32(subSeed(seed, STREAM.year2025)), ids: ctx.ids },
    forms: [STREAM.forms2022, STREAM.forms2023, STREAM.forms2025].map((s) => mulberry32(subSeed(seed, s))),
    causes: [STREAM.causes2022, STREAM.causes2023, STREAM.causes2025].map((s) => mulberry32(subSeed(seed, s))),
  };
}

/** What the drawing of the old communes needs: plain data, which a helper thread is handed whole. */
export interface DrawPlan {
  /** Households of the 2023 round (DemoOptions.households). */
  households: number;
  communes: CommunePlace[];
  counts: CommuneCounts[];
  specs: RoundSpec[];
}

/**
 * The forms of round `round` of these households (those in it), drawn as they are taken, each
 * with its causes (drawn from a stream of their own: the rest of the data is the same with or
 * without them); `drawn` hears of each.
 */
export function* roundForms(
  streams: DemoStreams,
  round: number,
  spec: RoundSpec,
  models: readonly HouseholdModel[],
  placeOf: (h: HouseholdModel) => Place,
  drawn: (round: number) => void,
): Generator<NewHousehold> {
  for (const h of models) {
    const status = h.status[round];
    if (!status) continue;
    const form = formsOf(streams.forms[round]!, h, status, spec, placeOf(h));
    form.causes = causesFor(streams.causes[round]!, form, status);
    drawn(round);
    yield form;
  }
}

/**
 * The old communes' households, one commune at a time (only one commune's people are ever held):
 * for each, its 2022, 2023 and 2025 rounds handed to `write` in turn as lazily drawn forms (each
 * round's households of a commune are one insert batch). Returns, per new commune, how many
 * households continue into it in 2025.
 */
export function drawCommunes(plan: DrawPlan, streams: DemoStreams, write: (round: number, forms: Iterable<NewHousehold>) => void, drawn: (round: number) => void): Map<number, number> {
  const { communes, counts, specs } = plan;
  const in2025 = (v: number): boolean => plan.households <= BIG_DEMO || v % BIG_2025_EVERY === 0;
  const continuing = new Map<number, number>();
  communes.forEach((c, ci) => {
    const oldPlace = (h: HouseholdModel): Place => ({ communeId: c.id, villageId: c.villages[h.village]!.id, area: c.area });
    const models = firstYear(streams.ctx, c, ci, counts[ci]!);
    write(0, roundForms(streams, 0, specs[0]!, models, oldPlace, drawn));
    nextYear(streams.nextCtx, models, c, ci, counts[ci]!, specs[1]!);
    write(1, roundForms(streams, 1, specs[1]!, models, oldPlace, drawn));
    year2025(streams.ctx2025, models, specs[2]!, (h) => in2025(h.village));
    write(2, roundForms(streams, 2, specs[2]!, models, (h) => c.villages[h.village]!.next, drawn));
    for (const h of models) {
      const to = c.villages[h.village]!.next.communeId;
      if (h.status[2]) continuing.set(to, (continuing.get(to) ?? 0) + 1);
    }
  });
  return continuing;
}
