/** A source of uniform random numbers in [0, 1); injected so that runs can be reproduced. */
export type RandomSource = () => number;

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence, so tests and demo runs
 * can be reproduced with `DEMO_SEED`.
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws from the distributions the simulation needs, over one {@link RandomSource}. */
export interface Sampler {
  readonly random: RandomSource;
  /** Uniform in [min, max). */
  uniform(min: number, max: number): number;
  /** Integer uniform in [min, max]. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** Standard normal via Box–Muller. */
  normal(mean: number, stddev: number): number;
  /** Log-normal with the given median and shape: the usual shape of latencies and token counts. */
  logNormal(median: number, sigma: number): number;
  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T;
  /** One key of a weight table, drawn in proportion to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K;
}

/** Builds a {@link Sampler} over `random`. */
export function createSampler(random: RandomSource): Sampler {
  const normal = (mean: number, stddev: number): number => {
    const u1 = Math.max(random(), Number.EPSILON);
    const u2 = random();
    return mean + stddev * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  return {
    random,
    uniform: (min, max) => min + (max - min) * random(),
    int: (min, max) => min + Math.floor(random() * (max - min + 1)),
    chance: (p) => random() < p,
    normal,
    logNormal: (median, sigma) => median * Math.exp(normal(0, sigma)),
    pick: (items) => items[Math.floor(random() * items.length)],
    weighted: <K extends string>(weights: Readonly<Record<K, number>>): K => {
      const entries = Object.entries(weights) as [K, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = random() * total;
      for (const [key, weight] of entries) {
        r -= weight;
        if (r < 0) return key;
      }
      return entries[entries.length - 1][0];
    },
  };
}
