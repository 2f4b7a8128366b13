/**
 * What the planners (baselines and MILPs) know of a group's time: for each sequence and SP
 * degree, the milliseconds it adds to a group of that degree, and each degree's fixed
 * all-to-all latency. Groups are laid out aligned (`placement.ts`): a degree that divides the
 * node size sits in one node, a larger one fills whole nodes, so the degree alone says which
 * link a group crosses. The evaluator derives the same figures from the GPUs a group actually
 * holds, so a plan placed this way is timed identically by both.
 */
import type { CommGroup } from '../../src/perf/communication.js';
import { ulyssesGroupLatencySeconds, ulyssesSequenceSeconds } from '../../src/perf/ulysses.js';
import type { SequenceParallelInstance } from './instance.js';

/** Per-degree cost tables of an instance. */
export interface SpCosts {
  degrees: number[];
  /** `perSequenceMs[k][i]`: ms sequence i adds to a group of `degrees[k]`. */
  perSequenceMs: Float64Array[];
  /** `latencyMs[k]`: ms a used group of `degrees[k]` pays once. */
  latencyMs: number[];
  /** `fits[k][i]`: sequence i alone fits a group of `degrees[k]` in memory. */
  fits: boolean[][];
}

/** The communicator of an aligned group of `degree` GPUs. */
export function alignedGroup(instance: SequenceParallelInstance, degree: number): CommGroup {
  const { cluster } = instance;
  return {
    size: degree,
    perNode: Math.min(degree, cluster.gpusPerNode),
    intraLink: cluster.intraLink,
    interLink: cluster.interLink,
  };
}

const cache = new WeakMap<SequenceParallelInstance, SpCosts>();

/**
 * The cost tables, computed once per instance.
 *
 * @example
 * ```ts
 * const costs = spCosts(instance);
 * costs.perSequenceMs[costs.degrees.indexOf(8)][0]; // ms of sequence 0 in a group of 8
 * ```
 */
export function spCosts(instance: SequenceParallelInstance): SpCosts {
  const known = cache.get(instance);
  if (known) return known;
  const { model, cluster, lengths } = instance;
  const costs: SpCosts = {
    degrees: instance.degrees,
    perSequenceMs: instance.degrees.map((d) =>
      Float64Array.from(
        lengths,
        (l) => 1000 * ulyssesSequenceSeconds(model, cluster.gpu, l, alignedGroup(instance, d)),
      ),
    ),
    latencyMs: instance.degrees.map((d) => 1000 * ulyssesGroupLatencySeconds(model, alignedGroup(instance, d))),
    fits: instance.degrees.map((d) => lengths.map((l) => l <= d * instance.tokenCapacity)),
  };
  cache.set(instance, costs);
  return costs;
}

/** Milliseconds of a group of `degrees[k]` holding `sequences`. */
export function groupMs(costs: SpCosts, k: number, sequences: readonly number[]): number {
  if (sequences.length === 0) return 0;
  let total = costs.latencyMs[k];
  for (const i of sequences) total += costs.perSequenceMs[k][i];
  return total;
}

/** Index of the smallest degree that holds sequence i alone. */
export function smallestFittingDegree(costs: SpCosts, i: number): number {
  const k = costs.fits.findIndex((row) => row[i]);
  return k < 0 ? costs.degrees.length - 1 : k;
}
