/**
 * The synthetic households of the demo district: who lives in each, and what each round's forms
 * say about them. A household keeps its people from round to round (same personKey, same ID
 * number, ages moving on); its Phiếu B answers are drawn to realise a status chosen first, and the
 * member roster is then made to agree with the B2 answers, so that the indicators the app derives
 * from the roster mostly match the keyed answers.
 */
import { CAUSES, type Cause } from '../../../shared/domain/causes';
import type { Member } from '../../../shared/domain/household';
import type { Area, Status } from '../../../shared/engine/ruleset';
import type { NewHousehold } from '../households/write';
import { familyNameFor, fullName, kinhFamily, type Ethnicity, type Sex } from './names';
import { cumulative, weightedOrder, type Rng } from './random';

type Relation = Member['relation'];
type Education = NonNullable<Member['education']>;
type Employment = NonNullable<Member['employment']>;

/** A person as the demo keeps them between rounds; round-dependent attributes are derived per round. */
export interface Person {
  key: string;
  name: string;
  sex: Sex;
  birthDate: string;
  /** The birth date as numbers (a bare year counts as 1 January, as ageAt does). */
  born: [number, number, number];
  idNumber: string | null;
  relation: Relation;
  ethnicity: Ethnicity;
  disability: boolean;
  /** Highest school level the person reaches as an adult. */
  eduFinal: Education;
  /** Stable draws, so that a person's work and capacity stay the same from round to round. */
  work: number;
  capacity: number;
}

export interface HouseholdModel {
  code: string;
  commune: number;
  village: number;
  address: string;
  childFamily: string;
  merit: boolean;
  /** In the order the form lists them (sortPersons). */
  persons: Person[];
  nextPerson: number;
  /** Order in which this household's deprivations appear (indices into CHOOSABLE). */
  order: number[];
  /** Stable draws for score A, the number of deprivations and the measured income. */
  uA: number;
  uK: number;
  uIncome: number;
  /** Status the forms are drawn to give, per round (null: not in that round). */
  status: (Status | null)[];
}

/** The indicators of vn-2022-2026 (spec/standard.md §3). `dependants` follows from the roster alone. */
export const INDICATOR_IDS = [
  'employment',
  'dependants',
  'nutrition',
  'healthInsurance',
  'adultEducation',
  'childSchooling',
  'housingQuality',
  'housingArea',
  'water',
  'sanitation',
  'telecom',
  'informationDevices',
] as const;
type IndicatorId = (typeof INDICATOR_IDS)[number];

/** The indicators a household can be drawn deprived on, with how common each deprivation is. */
const CHOOSABLE: readonly IndicatorId[] = INDICATOR_IDS.filter((id) => id !== 'dependants');
const CHOOSABLE_WEIGHTS: Record<Exclude<IndicatorId, 'dependants'>, number> = {
  employment: 1.0,
  adultEducation: 0.9,
  housingQuality: 0.8,
  sanitation: 0.8,
  healthInsurance: 0.5,
  housingArea: 0.4,
  water: 0.35,
  childSchooling: 0.3,
  nutrition: 0.25,
  telecom: 0.15,
  informationDevices: 0.15,
};
const CHOOSABLE_WEIGHT_LIST = CHOOSABLE.map((id) => CHOOSABLE_WEIGHTS[id as Exclude<IndicatorId, 'dependants'>]);

const EDU_RANK: Record<Education, number> = {
  none: 0,
  primary: 1,
  lower_secondary: 2,
  upper_secondary: 3,
  vocational: 4,
  college_or_higher: 5,
};
const EDUCATIONS = Object.keys(EDU_RANK) as Education[];
/** Highest level reached, by birth cohort (older cohorts went to school less). */
const EDU_BY_COHORT: [number, Float64Array][] = [
  [1965, cumulative([0.2, 0.45, 0.25, 0.07, 0.02, 0.01])],
  [1985, cumulative([0.08, 0.35, 0.35, 0.14, 0.05, 0.03])],
  [2000, cumulative([0.03, 0.15, 0.35, 0.27, 0.1, 0.1])],
  [Infinity, cumulative([0.01, 0.06, 0.25, 0.4, 0.13, 0.15])],
];
const SIZES = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const SIZE_CDF = cumulative([0.05, 0.1, 0.17, 0.26, 0.2, 0.12, 0.06, 0.03, 0.01]);
const RELATION_RANK: Record<Relation, number> = { head: 0, spouse: 1, child: 2, sibling: 3, parent: 4, grandchild: 5, other: 6 };

/** Where the birth was registered (first 3 digits of the ID number): mostly An Giang. */
const BIRTH_PROVINCES = ['089', '087', '091', '079', '092', '086', '094'];
const KHMER_PROVINCE = BIRTH_PROVINCES.indexOf('094');
const BIRTH_PROVINCE_CDF = cumulative([92, 2, 1.5, 1.5, 1, 1, 1]);

/**
 * Deals 12-digit ID numbers (spec/identifiers.md): province, century and sex, birth year, and six
 * digits that are an affine permutation of a counter per prefix, so no number is dealt twice.
 */
export class IdNumbers {
  /**
   * Per prefix (province, century and sex, year of birth), by its slot (prefixSlot): numbers dealt
   * so far, and the prefix's text (arrays by slot: this runs for every person of a province).
   */
  private readonly counters = new Int32Array(PREFIX_SLOTS);
  private readonly prefixes: (string | undefined)[] = new Array<string | undefined>(PREFIX_SLOTS);
  constructor(
    private readonly multiplier: number,
    private readonly offset: number,
  ) {}

  next(rng: Rng, birthYear: number, sex: Sex, khmer: boolean): string {
    const province = khmer && rng.chance(0.1) ? KHMER_PROVINCE : rng.weighted(BIRTH_PROVINCE_CDF);
    const centurySex = (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0); // 1900s → 0, 2000s → 1
    // One number per prefix, without building the prefix's text for every person.
    const slot = (province * 10 + centurySex) * 100 + (birthYear % 100);
    let prefix = this.prefixes[slot];
    if (prefix === undefined) this.prefixes[slot] = prefix = `${BIRTH_PROVINCES[province]!}${centurySex}${String(birthYear % 100).padStart(2, '0')}`;
    const n = this.counters[slot]!;
    this.counters[slot] = n + 1;
    return prefix + String((this.multiplier * n + this.offset) % 1_000_000).padStart(6, '0');
  }

  /** What the dealer has dealt so far (the prefixes' texts are only a cache), for a dealer that goes on elsewhere (IdNumbers.resume). */
  snapshot(): IdNumbersState {
    return { multiplier: this.multiplier, offset: this.offset, counters: this.counters.slice() };
  }

  /** A dealer that goes on from a snapshot: it deals what the snapshot's dealer would have dealt next. */
  static resume(state: IdNumbersState): IdNumbers {
    const ids = new IdNumbers(state.multiplier, state.offset);
    ids.counters.set(state.counters);
    return ids;
  }
}

export interface IdNumbersState {
  multiplier: number;
  offset: number;
  counters: Int32Array;
}

/** Slots of IdNumbers: province (index) × 10 + century and sex (0…3 for 1900–2099), × 100 + two-digit year. */
const PREFIX_SLOTS = BIRTH_PROVINCES.length * 1000;

export interface GenContext {
  rng: Rng;
  ids: IdNumbers;
}

function bornOf(birthDate: string): [number, number, number] {
  const y = Number(birthDate.slice(0, 4));
  return birthDate.length === 4 ? [y, 1, 1] : [y, Number(birthDate.slice(5, 7)), Number(birthDate.slice(8, 10))];
}

/** ageAt (shared/domain/household.ts) without parsing strings: called for every member of every round. */
function ageOn(p: Person, ref: readonly [number, number, number]): number {
  const [by, bm, bd] = p.born;
  const [ry, rm, rd] = ref;
  return ry - by - (rm < bm || (rm === bm && rd < bd) ? 1 : 0);
}

const PAD2 = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));
const daysIn = (y: number, m: number): number =>
  m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;

/**
 * A birth date giving exactly `age` on 1 September of refYear (born 2 September of the year
 * before … 1 September); a few forms give only the year, more often for older people.
 */
function birthDateFor(rng: Rng, age: number, refYear: number): string {
  let y = refYear - age - 1;
  let m = 9;
  let d = 2 + rng.int(365); // 2 September + 0…364 days: at the latest 1 September of refYear - age
  while (d > daysIn(y, m)) {
    d -= daysIn(y, m);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  const yearOnly = age >= 60 ? 0.15 : age >= 40 ? 0.04 : 0.005;
  return rng.chance(yearOnly) ? String(y) : `${y}-${PAD2[m]}-${PAD2[d]}`;
}

/** Head, spouse, children, parents, grandchildren; the elder first within each. */
function sortPersons(persons: Person[]): void {
  persons.sort(
    (a, b) =>
      RELATION_RANK[a.relation] - RELATION_RANK[b.relation] ||
      a.born[0] - b.born[0] ||
      a.born[1] - b.born[1] ||
      a.born[2] - b.born[2],
  );
}

function newPerson(
  ctx: GenContext,
  h: { code: string; nextPerson: number },
  spec: { sex: Sex; age: number; relation: Relation; ethnicity: Ethnicity; family: string; refYear: number },
): Person {
  const { rng } = ctx;
  const birthDate = birthDateFor(rng, spec.age, spec.refYear);
  const born = bornOf(birthDate);
  const birthYear = born[0];
  const cohort = EDU_BY_COHORT.find(([before]) => birthYear < before)![1];
  const disabilityRate = spec.age < 16 ? 0.005 : spec.age < 60 ? 0.02 : spec.age < 75 ? 0.06 : 0.12;
  const person: Person = {
    key: `${h.code}.${h.nextPerson++}`,
    name: fullName(rng, spec.ethnicity, spec.sex, spec.family, birthYear),
    sex: spec.sex,
    birthDate,
    born,
    idNumber: null,
    relation: spec.relation,
    ethnicity: spec.ethnicity,
    disability: rng.chance(disabilityRate),
    eduFinal: EDUCATIONS[rng.weighted(cohort)]!,
    work: rng.next(),
    capacity: rng.next(),
  };
  // Children under 14 often have no number on the form yet.
  if (spec.age >= 14 || !rng.chance(0.3)) person.idNumber = ctx.ids.next(rng, birthYear, spec.sex, spec.ethnicity === 'Khmer');
  return person;
}

/** A new household with its people, ages counted on 1 September of refYear. */
export function newHousehold(
  ctx: GenContext,
  base: { code: string; commune: number; village: number; address: string; ethnicity: Ethnicity; refYear: number },
): HouseholdModel {
  const { rng } = ctx;
  const size = SIZES[rng.weighted(SIZE_CDF)]!;
  const eth = base.ethnicity;
  let headAge: number;
  let headSex: Sex;
  if (size === 1) {
    const elderly = rng.chance(0.7);
    headAge = elderly ? rng.between(60, 90) : rng.between(24, 59);
    headSex = rng.chance(elderly ? 0.62 : 0.4) ? 'female' : 'male';
  } else {
    headAge = 24 + Math.floor(((rng.next() + rng.next() + rng.next()) / 3) * 58);
    headSex = rng.chance(0.2) ? 'female' : 'male';
  }
  const h: HouseholdModel = {
    code: base.code,
    commune: base.commune,
    village: base.village,
    address: base.address,
    childFamily: '',
    merit: rng.chance(headAge >= 65 ? 0.04 : 0.004),
    persons: [],
    nextPerson: 1,
    order: weightedOrder(rng, CHOOSABLE_WEIGHT_LIST),
    uA: rng.next(),
    uK: rng.next(),
    uIncome: rng.next(),
    status: [],
  };
  const y = base.refYear;
  const headFamily = familyNameFor(rng, eth);
  h.persons.push(newPerson(ctx, h, { sex: headSex, age: headAge, relation: 'head', ethnicity: eth, family: headFamily, refYear: y }));

  let slots = size - 1;
  const hasSpouse = slots > 0 && rng.chance(headSex === 'male' ? (size === 2 ? 0.75 : 0.9) : 0.3);
  let motherAge = headSex === 'female' ? headAge : 0;
  let childFamily = headFamily;
  let childEth = eth;
  if (hasSpouse) {
    slots--;
    const spouseSex: Sex = headSex === 'male' ? 'female' : 'male';
    const spouseAge = Math.max(18, headSex === 'male' ? headAge - rng.between(0, 8) : headAge + rng.between(0, 6));
    // Hoa families often marry Kinh; Khmer and Chăm names carry no family name.
    const spouseEth: Ethnicity = eth === 'Hoa' && rng.chance(0.3) ? 'Kinh' : eth;
    const spouseFamily = spouseEth === 'Kinh' ? kinhFamily(rng) : familyNameFor(rng, spouseEth);
    h.persons.push(
      newPerson(ctx, h, { sex: spouseSex, age: spouseAge, relation: 'spouse', ethnicity: spouseEth, family: spouseFamily, refYear: y }),
    );
    if (spouseSex === 'female') motherAge = spouseAge;
    else {
      childFamily = spouseFamily;
      childEth = spouseEth;
    }
  }
  if (motherAge === 0) motherAge = headAge - rng.between(0, 5);
  h.childFamily = childFamily;

  let parents = 0;
  if (headAge < 50 && slots >= 1 && rng.chance(0.3)) parents = slots >= 2 && rng.chance(0.35) ? 2 : 1;
  slots -= parents;
  let grandchildren = 0;
  let adultChildren = false;
  if (headAge >= 50 && slots >= 2 && rng.chance(0.55)) {
    adultChildren = true;
    grandchildren = Math.floor(slots / 2);
  }
  const children = slots - grandchildren;
  let youngestAdult = Infinity;
  for (let i = 0; i < children; i++) {
    let age: number;
    if (adultChildren) age = Math.max(18, motherAge - rng.between(20, 34));
    else {
      age = motherAge - rng.between(19, 42);
      if (age < 0) age = rng.between(0, Math.max(0, motherAge - 19));
    }
    youngestAdult = Math.min(youngestAdult, age);
    const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
    h.persons.push(newPerson(ctx, h, { sex, age, relation: 'child', ethnicity: childEth, family: childFamily, refYear: y }));
  }
  for (let i = 0; i < parents; i++) {
    const sex: Sex = parents === 2 ? (i === 0 ? 'male' : 'female') : rng.chance(0.35) ? 'male' : 'female';
    const age = Math.min(95, headAge + rng.between(20, 34));
    const family = sex === 'male' ? headFamily : familyNameFor(rng, eth);
    h.persons.push(newPerson(ctx, h, { sex, age, relation: 'parent', ethnicity: eth, family, refYear: y }));
  }
  for (let i = 0; i < grandchildren; i++) {
    const age = rng.between(0, Math.max(0, Math.min(15, youngestAdult - 18)));
    const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
    h.persons.push(newPerson(ctx, h, { sex, age, relation: 'grandchild', ethnicity: childEth, family: childFamily, refYear: y }));
  }
  sortPersons(h.persons);
  return h;
}

/**
 * A year between rounds: a baby is born in some households, an old member dies in a few, a
 * grown child moves out in others; everybody else is one year older (their birth dates stay).
 */
export function ageOneYear(ctx: GenContext, h: HouseholdModel, refDate: string): void {
  const { rng } = ctx;
  const ref = bornOf(refDate);
  const refYear = ref[0];
  const ages = h.persons.map((p) => ageOn(p, ref));
  const r = rng.next();
  if (r < 0.025 && h.persons.length < 9) {
    const motherIdx = h.persons.findIndex((p, i) => p.sex === 'female' && ages[i]! >= 19 && ages[i]! <= 42);
    if (motherIdx >= 0) {
      const mother = h.persons[motherIdx]!;
      const relation: Relation = mother.relation === 'head' || mother.relation === 'spouse' ? 'child' : 'grandchild';
      const sex: Sex = rng.chance(0.5) ? 'male' : 'female';
      h.persons.push(newPerson(ctx, h, { sex, age: 0, relation, ethnicity: mother.ethnicity, family: h.childFamily, refYear }));
      sortPersons(h.persons);
    }
  } else if (r < 0.035) {
    const i = h.persons.findIndex((p, j) => p.relation !== 'head' && ages[j]! >= 75);
    if (i >= 0) h.persons.splice(i, 1);
  } else if (r < 0.047) {
    const i = h.persons.findIndex((p, j) => p.relation === 'child' && ages[j]! >= 18 && ages[j]! <= 35);
    if (i >= 0) h.persons.splice(i, 1);
  }
  // A child who turned 14 gets a number.
  h.persons.forEach((p, i) => {
    if (p.idNumber === null && ages[i]! >= 14) p.idNumber = ctx.ids.next(rng, p.born[0], p.sex, p.ethnicity === 'Khmer');
  });
}

export interface RoundSpec {
  referenceDate: string;
  index: number;
  /** The rule set's indicator ids, in its order: the B2 answers cover exactly these. */
  indicatorIds: readonly string[];
  cutoff: Record<Area, number>;
  middleBand: Record<Area, { above: number; atMost: number }>;
}

/** Score A ranges by status: [lowest, highest], inside the rule set's cut-off. */
function scoreARange(status: Status, cutoff: number): [number, number] {
  switch (status) {
    case 'poor':
      return [cutoff - 44, cutoff];
    case 'near_poor':
      return [cutoff - 32, cutoff];
    case 'middle_income':
      return [cutoff + 1, cutoff + 32];
    default:
      return [cutoff + 1, 250];
  }
}

/** How many deprivations the forms show, by status (cumulative shares for 0, 1, 2…). */
const DEPRIVATION_CDF: Record<Status, number[]> = {
  poor: [0, 0, 0, 0.4, 0.72, 0.9, 0.97, 1],
  near_poor: [0.3, 0.7, 1],
  neither: [0.55, 0.85, 0.97, 1],
  middle_income: [0.6, 0.9, 1],
};
const quantile = (cdf: readonly number[], u: number): number => {
  const i = cdf.findIndex((c) => u < c);
  return i < 0 ? cdf.length - 1 : i;
};

interface Roster {
  p: Person;
  age: number;
  m: Member & { personKey: string };
}

/** Of working age, able to work and not at school: the people the employment indicator is about. */
function canWork(r: Roster): boolean {
  return r.age >= 15 && r.age < 60 && r.m.workingCapacity === true && r.m.schooling !== 'attending';
}

function pickOne(rng: Rng, roster: readonly Roster[], indexes: readonly number[]): Roster | undefined {
  return indexes.length ? roster[indexes[rng.int(indexes.length)]!] : undefined;
}

function indexesWhere(roster: readonly Roster[], test: (r: Roster) => boolean): number[] {
  const out: number[] = [];
  roster.forEach((r, i) => {
    if (test(r)) out.push(i);
  });
  return out;
}

/**
 * The household as the round's forms record it: members ordered head, spouse, children, parents,
 * grandchildren; score A and B2 answers realising `status`; roster attributes agreeing with B2.
 */
export function formsOf(
  rng: Rng,
  h: HouseholdModel,
  status: Status,
  round: RoundSpec,
  place: { communeId: number; villageId: number; area: Area },
): NewHousehold {
  const persons = h.persons; // kept in form order by sortPersons
  const ref = bornOf(round.referenceDate);
  const roster: Roster[] = persons.map((p, i) => {
    const age = ageOn(p, ref);
    const working = age < 15 ? null : !((p.disability && p.capacity < 0.5) || age >= 85 || (age >= 75 && p.capacity < 0.3));
    let schooling: Member['schooling'] = null;
    let education: Member['education'] = null;
    const final = p.eduFinal;
    if (age >= 3 && age < 16) schooling = 'attending';
    else if (age >= 16 && age < 18) schooling = EDU_RANK[final] >= 3 ? 'attending' : 'not_attending';
    else if (age >= 18 && age < 23) schooling = final === 'college_or_higher' ? 'attending' : 'not_attending';
    else if (age >= 23) schooling = 'not_attending';
    if (age >= 6 && age < 11) education = 'none';
    else if (age >= 11 && age < 15) education = 'primary';
    else if (age >= 15 && age < 18) education = EDU_RANK[final] >= 2 ? 'lower_secondary' : final;
    else if (age >= 18 && age < 23 && final === 'college_or_higher') education = 'upper_secondary';
    else if (age >= 18) education = final;
    return {
      p,
      age,
      m: {
        seq: i + 1,
        personKey: p.key,
        fullName: p.name,
        sex: p.sex,
        birthDate: p.birthDate,
        idNumber: p.idNumber,
        relation: p.relation,
        ethnicity: p.ethnicity,
        healthInsurance: true,
        schooling,
        education,
        employment: null,
        disability: p.disability,
        workingCapacity: working,
        nutrition: age < 16 ? 'normal' : null,
      },
    };
  });

  // Người phụ thuộc follows from the roster: under 16, 60 or over, disabled, or unable to work.
  const dependantCount = roster.filter((r) => r.age < 16 || r.age >= 60 || r.m.disability || r.m.workingCapacity === false).length;
  const dependants = dependantCount / roster.length > 0.5;

  const eligible: Record<string, boolean> = {
    employment: roster.some(canWork),
    nutrition: roster.some((r) => r.age < 16),
    healthInsurance: roster.some((r) => r.age >= 6),
    adultEducation: roster.some((r) => r.age >= 16 && r.age <= 30),
    childSchooling: roster.some((r) => r.age >= 3 && r.age < 16),
  };
  const chosen = new Set<IndicatorId>();
  let need = quantile(DEPRIVATION_CDF[status], h.uK) - (dependants ? 1 : 0);
  for (const i of h.order) {
    if (need <= 0) break;
    const id = CHOOSABLE[i]!;
    if (eligible[id] === false) continue;
    chosen.add(id);
    need--;
  }

  // Trình độ giáo dục của người lớn: 16–17 need lower secondary, 18–30 upper secondary or vocational.
  const youngAdults = indexesWhere(roster, (r) => r.age >= 16 && r.age <= 30);
  if (chosen.has('adultEducation')) {
    const r = pickOne(rng, roster, youngAdults)!;
    r.m.schooling = 'not_attending';
    r.m.education = r.age < 18 ? (rng.chance(0.5) ? 'primary' : 'none') : rng.chance(0.6) ? 'lower_secondary' : 'primary';
  } else {
    for (const i of youngAdults) {
      const r = roster[i]!;
      if (r.m.schooling !== 'not_attending') continue;
      const needed = r.age < 18 ? 2 : 3;
      if (EDU_RANK[r.m.education!] < needed) r.m.education = r.age < 18 ? 'lower_secondary' : 'upper_secondary';
    }
  }
  if (chosen.has('childSchooling')) pickOne(rng, roster, indexesWhere(roster, (r) => r.age >= 3 && r.age < 16))!.m.schooling = 'not_attending';

  // Việc làm: nobody is unemployed or without a contract unless the form says so.
  for (const r of roster) {
    if (r.age < 15) continue;
    let e: Employment = 'not_in_labour_force';
    if (r.m.workingCapacity && r.m.schooling !== 'attending') {
      if (r.age < 60) e = r.p.work < 0.55 ? 'self_employed' : r.p.work < 0.85 ? 'wage_contract' : 'not_in_labour_force';
      else if (r.age < 75 && r.p.work < 0.4) e = 'self_employed';
    }
    r.m.employment = e;
  }
  if (chosen.has('employment')) pickOne(rng, roster, indexesWhere(roster, canWork))!.m.employment = rng.chance(0.7) ? 'wage_no_contract' : 'unemployed';

  if (chosen.has('healthInsurance')) {
    const over6 = indexesWhere(roster, (r) => r.age >= 6);
    const times = over6.length > 1 && rng.chance(0.3) ? 2 : 1;
    for (let t = 0; t < times; t++) pickOne(rng, roster, over6)!.m.healthInsurance = false;
  } else if (status === 'neither' && rng.chance(0.005)) {
    // Now and then the form and the roster disagree: the app flags it, the officer resolves it.
    const adult = pickOne(rng, roster, indexesWhere(roster, (r) => r.age >= 18));
    if (adult) adult.m.healthInsurance = false;
  }
  if (chosen.has('nutrition')) pickOne(rng, roster, indexesWhere(roster, (r) => r.age < 16))!.m.nutrition = rng.chance(0.6) ? 'stunted' : 'underweight';

  const b2: Record<string, boolean | null> = {};
  for (const id of round.indicatorIds) b2[id] = id === 'dependants' ? dependants : chosen.has(id as IndicatorId);

  const cutoff = round.cutoff[place.area];
  const [lo, hi] = scoreARange(status, cutoff);
  const jitter = (rng.next() - 0.5) * 0.08;
  const x = Math.min(0.9999, Math.max(0, h.uA + jitter));
  // A few sit exactly on the cut-off: the bound is inclusive ("từ … trở xuống").
  const scoreA = (status === 'poor' || status === 'near_poor') && h.uA > 0.97 ? cutoff : lo + Math.floor(x * (hi - lo + 1));
  let monthlyIncome: number | null = null;
  if (status === 'middle_income') {
    const band = round.middleBand[place.area];
    const steps = Math.floor((band.atMost - band.above) / 1000);
    const u = Math.min(1, Math.max(0.02, h.uIncome + jitter));
    monthlyIncome = band.above + 1000 * Math.max(1, Math.ceil(steps * u));
  }

  const head = roster[0]!.p;
  return {
    code: h.code,
    communeId: place.communeId,
    villageId: place.villageId,
    address: h.address,
    area: place.area,
    flags: {
      ethnicMinority: head.ethnicity !== 'Kinh',
      noWorkingCapacity: !roster.some((r) => r.m.workingCapacity === true),
      meritPerson: h.merit,
      femaleHead: head.sex === 'female',
    },
    members: roster.map((r) => r.m),
    answers: { scoreA, b2, monthlyIncome },
  };
}

/** How often each cause of poverty is named for a poor or near-poor household (synthetic shares). */
const CAUSE_SHARES: Record<Cause, number> = {
  land: 0.38,
  capital: 0.52,
  labour: 0.22,
  tools: 0.12,
  knowledge: 0.28,
  skills: 0.24,
  illness: 0.18,
  other: 0.05,
};

/**
 * Causes of poverty the forms record for a poor or near-poor household: one to three, drawn by
 * share, with those the roster implies (no one able to work: thiếu lao động; a disabled member:
 * ốm đau, tai nạn more likely). None for the other classes.
 */
export function causesFor(rng: Rng, form: NewHousehold, status: Status): Cause[] {
  if (status !== 'poor' && status !== 'near_poor') return [];
  const chosen = new Set<Cause>();
  if (form.flags.noWorkingCapacity) chosen.add('labour');
  if (form.members.some((m) => m.disability) && rng.chance(0.6)) chosen.add('illness');
  for (const c of CAUSES) if (rng.chance(CAUSE_SHARES[c])) chosen.add(c);
  if (chosen.size === 0) chosen.add(rng.chance(0.6) ? 'capital' : 'land');
  // At most three, keeping the catalogue's order for the draw to stay stable.
  return CAUSES.filter((c) => chosen.has(c)).slice(0, 3);
}
