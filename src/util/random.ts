/**
 * Seeded pseudo-random numbers (mulberry32): small, fast, and the same sequence on
 * every machine for the same seed, so generators and heuristics are reproducible.
 */

/**
 * A function returning uniform numbers in [0, 1) from a 32-bit seed.
 *
 * @example
 * ```ts
 * const rng = seededRandom(42);
 * rng(); // the same first number for seed 42 everywhere
 * ```
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [low, high] (both inclusive). */
export function randomInt(rng: () => number, low: number, high: number): number {
  return low + Math.floor(rng() * (high - low + 1));
}
