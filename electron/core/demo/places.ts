/**
 * The demo district's communes: relative size, where the ethnic minorities live and how poor each
 * commune is. Invented proportions in the spirit of Châu Phú (An Giang): the two thị trấn are
 * the larger and better-off market towns; Khmer families live mostly towards the Bảy Núi border
 * communes, the Chăm along the Hậu river at Khánh Hòa; Hoa families in the towns.
 */
import type { Ethnicity } from './names';
import { shuffle, type Rng } from './random';
import { villageCodeOf } from '../../../shared/domain/villages';

export interface CommuneProfile {
  code: string;
  /** Relative number of households. */
  weight: number;
  /** Share of households whose head belongs to each minority. */
  minorities: Partial<Record<Exclude<Ethnicity, 'Kinh'>, number>>;
  /** Multiplies the district's poverty rates. */
  poverty: number;
  /** Urban sub-units (khóm) are named after a few neighbourhoods and numbered. */
  khomBases?: string[];
}

const SPREAD = { Khmer: 0.003, Hoa: 0.004 } as const;

export const COMMUNE_PROFILES: readonly CommuneProfile[] = [
  { code: '30463', weight: 6.0, minorities: { Hoa: 0.05, Khmer: 0.003 }, poverty: 0.7, khomBases: ['Châu Long', 'Thạnh Hòa', 'Vĩnh Thạnh'] },
  { code: '30466', weight: 4.6, minorities: { Chăm: 0.1, ...SPREAD }, poverty: 1.2 },
  { code: '30469', weight: 4.4, minorities: { Chăm: 0.03, ...SPREAD }, poverty: 1.0 },
  { code: '30472', weight: 4.0, minorities: { ...SPREAD }, poverty: 1.0 },
  { code: '30475', weight: 4.2, minorities: { Khmer: 0.08, Hoa: 0.004 }, poverty: 1.2 },
  { code: '30478', weight: 6.4, minorities: { Hoa: 0.03, Khmer: 0.003 }, poverty: 0.7, khomBases: ['Vĩnh Thuận', 'Vĩnh Phú', 'Vĩnh Hưng', 'Vĩnh Lợi'] },
  { code: '30481', weight: 5.2, minorities: { Khmer: 0.07, Hoa: 0.004 }, poverty: 1.2 },
  { code: '30484', weight: 5.0, minorities: { ...SPREAD }, poverty: 1.0 },
  { code: '30487', weight: 5.6, minorities: { ...SPREAD }, poverty: 1.0 },
  { code: '30490', weight: 3.6, minorities: { ...SPREAD }, poverty: 1.0 },
  { code: '30493', weight: 3.8, minorities: { Khmer: 0.06, Hoa: 0.004 }, poverty: 1.2 },
  { code: '30496', weight: 4.2, minorities: { Khmer: 0.03, Hoa: 0.004 }, poverty: 1.0 },
  { code: '30499', weight: 3.4, minorities: { ...SPREAD }, poverty: 1.0 },
];

/** Ấp names of the kind found along the Hậu river. */
const AP_NAMES = [
  'Mỹ Hòa', 'Mỹ Thuận', 'Mỹ Lợi', 'Mỹ Hưng', 'Mỹ Thạnh', 'Mỹ Phú', 'Bình Hưng', 'Bình Thạnh', 'Bình Hòa', 'Bình Quới',
  'Bình Chiến', 'Bình Thành', 'Bình Nghĩa', 'Bình Tây', 'Bình Đông', 'Bình Khánh', 'Vĩnh Phước', 'Vĩnh Quới',
  'Vĩnh Lộc', 'Vĩnh Thành', 'Vĩnh Hưng', 'Vĩnh Thuận', 'Vĩnh Hòa', 'Vĩnh An', 'Long Châu', 'Long Hòa', 'Long Thạnh',
  'Long Bình', 'Long Phú', 'Hòa Long', 'Hòa Thuận', 'Hòa Bình', 'Hòa Thạnh', 'Phước Hòa', 'Phước Thạnh', 'Thạnh Lợi',
  'Thạnh An', 'Thạnh Phú', 'Tân Hiệp', 'Tân Lợi', 'Tân Phú', 'Tân Thuận', 'Khánh An', 'Khánh Hưng', 'Khánh Bình',
  'Đông Châu', 'Tây Phú', 'Hưng Thạnh', 'An Lợi', 'An Hòa', 'An Phú', 'Trung Thạnh', 'Phú Hưng', 'Phú Lợi', 'Cây Dương',
  'Hòa Hưng', 'Bình Phú', 'Thạnh Hưng', 'Mỹ An', 'Tân Hưng',
].map((n) => n.normalize('NFC'));

export interface VillagePlan {
  code: string;
  /** Stored without the type word: the app shows "Ấp Mỹ Hòa" from type 'ap' and name "Mỹ Hòa". */
  name: string;
  type: 'ap' | 'khom';
  /** Relative number of households. */
  weight: number;
}

/** 6 villages for the smallest commune up to 14 for the largest. */
export function villageCountOf(profile: CommuneProfile): number {
  const weights = COMMUNE_PROFILES.map((p) => p.weight);
  const lo = Math.min(...weights);
  const hi = Math.max(...weights);
  return 6 + Math.round(((profile.weight - lo) / (hi - lo)) * 8);
}

/** The villages of a commune: codes "30487-01", "30487-02"…; ấp for a xã, numbered khóm for a thị trấn. */
export function planVillages(rng: Rng, profile: CommuneProfile): VillagePlan[] {
  const count = villageCountOf(profile);
  let names: string[];
  let type: VillagePlan['type'];
  if (profile.khomBases) {
    type = 'khom';
    const bases = profile.khomBases;
    const perBase = Math.ceil(count / bases.length);
    names = Array.from({ length: count }, (_, i) => `${bases[Math.floor(i / perBase)]} ${(i % perBase) + 1}`);
  } else {
    type = 'ap';
    names = shuffle(rng, [...AP_NAMES]).slice(0, count);
  }
  return names.map((name, i) => ({
    code: villageCodeOf(profile.code, i + 1),
    name: name.normalize('NFC'),
    type,
    weight: 0.6 + rng.next() * 0.8,
  }));
}

/** Splits `total` over weights, each part rounded, summing exactly to total (largest remainder). */
export function apportion(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  let left = total - parts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    parts[i]!++;
    left--;
  }
  return parts;
}
