/**
 * What the MILP assigns: items, each a sequence (exact) or a bucket of sequences of similar
 * length (bucketed, FlexSP's reduction for large batches: integer counts per bucket instead of
 * one binary per sequence). A bucket is planned as if each member were its longest one, for
 * memory and for time, so any plan for the buckets is feasible for the sequences and no slower
 * than the MILP says; the evaluator times the real lengths.
 */
import type { SpCosts } from './costs.js';
import type { SequenceParallelInstance } from './instance.js';

export interface Item {
  /** Member sequences, longest first. */
  members: number[];
  /** Tokens the MILP charges each member (the longest member's). */
  tokens: number;
  /** Per degree index, ms the MILP charges each member (the longest member's). */
  ms: number[];
}

/** One item per sequence. */
export function exactItems(costs: SpCosts, sequences: readonly number[], lengths: readonly number[]): Item[] {
  return sequences.map((i) => ({ members: [i], tokens: lengths[i], ms: costs.perSequenceMs.map((row) => row[i]) }));
}

/**
 * Buckets of sequences whose lengths lie within a factor `ratio` of the bucket's longest
 * (geometric buckets: relative rounding error at most `1 - 1/ratio`), capped at `maxBuckets`
 * by widening the ratio.
 *
 * @example
 * ```ts
 * bucketItems(instance, costs, [0, 1, 2, 3], { ratio: 1.25 }).length; // at most 4
 * ```
 */
export function bucketItems(
  instance: SequenceParallelInstance,
  costs: SpCosts,
  sequences: readonly number[],
  options: { ratio?: number; maxBuckets?: number } = {},
): Item[] {
  const order = [...sequences].sort((a, b) => instance.lengths[b] - instance.lengths[a] || a - b);
  let ratio = options.ratio ?? 1.15;
  for (;;) {
    const buckets: number[][] = [];
    for (const i of order) {
      const open = buckets[buckets.length - 1];
      if (open && instance.lengths[open[0]] <= ratio * instance.lengths[i]) open.push(i);
      else buckets.push([i]);
    }
    if (buckets.length <= (options.maxBuckets ?? Number.POSITIVE_INFINITY)) {
      return buckets.map((members) => ({
        members,
        tokens: instance.lengths[members[0]],
        ms: costs.perSequenceMs.map((row) => row[members[0]]),
      }));
    }
    ratio *= 1.25;
  }
}
