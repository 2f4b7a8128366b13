/**
 * A small seeded random source (mulberry32), so that generators and heuristics are
 * reproducible from one integer seed without a dependency.
 */

/**
 * A function returning uniform numbers in [0, 1), the same sequence for the same seed.
 *
 * @example
 * ```ts
 * const rng = seededRandom(42);
 * const first = rng(); // always the same number for seed 42
 * ```
 */
export function seededRandom(seed: number): () => number {
  // Fold non-integer and huge seeds into 32 bits so every number is a usable seed.
  let state = (Math.trunc(seed) ^ Math.trunc(seed / 2 ** 32)) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A uniform integer in lo..hi (both included).
 *
 * @example
 * ```ts
 * const die = randomInt(seededRandom(1), 1, 6);
 * ```
 */
export function randomInt(rng: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/**
 * A uniformly chosen element of a non-empty array.
 *
 * @example
 * ```ts
 * const color = pickOne(seededRandom(1), ['red', 'green']);
 * ```
 */
export function pickOne<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/**
 * The array shuffled in place (Fisher–Yates) and returned.
 *
 * @example
 * ```ts
 * const order = shuffle(seededRandom(1), [0, 1, 2, 3]);
 * ```
 */
export function shuffle<T>(rng: () => number, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
