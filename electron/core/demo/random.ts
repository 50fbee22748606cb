/**
 * A small seeded PRNG for the demo data: the same seed gives the same district, on every machine
 * and Node version (Math.random cannot be seeded, and its algorithm is the engine's choice).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi], both inclusive. */
  between(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
  /** An index drawn by weight from a cumulative table (see cumulative()). */
  weighted(cdf: Float64Array): number;
  /** The stream's state: mulberry32(state()) goes on with the same draws (a stream handed from the drawing thread back to the main one). */
  state(): number;
}

/** mulberry32 (Tommy Ettinger): 32-bit state, fast, good enough for synthetic data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
    weighted(cdf) {
      const x = next() * cdf[cdf.length - 1]!;
      for (let i = 0; i < cdf.length; i++) if (x < cdf[i]!) return i;
      return cdf.length - 1;
    },
    state: () => a,
  };
}

/** Mixes a seed with a stream number, so independent parts of the data draw from their own streams. */
export function subSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 0x9e3779b9, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Cumulative weights for Rng.weighted. */
export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/** A weighted random order of 0…n-1 (Efraimidis–Spirakis keys u^(1/w)), heaviest items tending first. */
export function weightedOrder(rng: Rng, weights: readonly number[]): number[] {
  const keys = weights.map((w, i) => ({ i, k: Math.pow(rng.next(), 1 / w) }));
  keys.sort((x, y) => y.k - x.k || x.i - y.i);
  return keys.map((x) => x.i);
}

/** Fisher–Yates, in place. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
