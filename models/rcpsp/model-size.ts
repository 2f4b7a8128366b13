/**
 * The size of the time-indexed MIP (`formulation.ts`) before it is built, from the
 * precedence windows alone (linear time, no profile): one step variable per activity and
 * period of its window [ES_j, H - tail_j - d_j], a monotonicity row per variable, a capacity
 * row per resource and period with two nonzeros per variable and resource used, and a
 * precedence row per arc and period. A factor 1.5 covers the cliques and lifted rows; on
 * 2,000 unit activities it estimates 2.4 million nonzeros where the model has 1.6 million.
 */
import { formatCount, type ModelSize } from '../../src/family/model-budget.js';
import { heads, tails } from '../../src/util/dag-paths.js';
import { safeHorizon } from './formulation.js';
import type { RcpspInstance, RcpspSolution } from './instance.js';
import { activityDurations, precedenceDag, precedenceOrder } from './topology.js';

const extraRows = 1.5;

/** Seconds per pair of activities in the closures, the conflict matrix and its cliques (a 10,000-chain: ~10 s). */
const secondsPerPair = 1e-7;

function horizonOf(instance: RcpspInstance, incumbent: RcpspSolution | undefined): number {
  if (incumbent !== undefined)
    return Math.max(0, ...instance.activities.map((a, j) => incumbent.starts[j] + a.duration));
  return Math.min(instance.horizon ?? Infinity, safeHorizon(instance));
}

/**
 * The estimated size of `formulateRcpsp(instance, { warmStart: incumbent })`.
 *
 * @example
 * ```ts
 * rcpspModelSize(instance).nonzeros; // about 2.4e6 for 2,000 unit activities on one resource
 * ```
 */
export function rcpspModelSize(instance: RcpspInstance, incumbent?: RcpspSolution): ModelSize {
  return rcpspModelSizeAt(instance, horizonOf(instance, incumbent));
}

/** The estimated size of the MIP for schedules ending by `horizon`. */
export function rcpspModelSizeAt(instance: RcpspInstance, horizon: number): ModelSize {
  const dag = precedenceDag(instance);
  const order = precedenceOrder(instance, dag);
  const length = activityDurations(instance);
  const head = Float64Array.from(instance.activities, (a) => a.release);
  const tail = new Float64Array(instance.activities.length);
  heads(dag, order, head, { length });
  tails(dag, order, tail, { length });
  let columns = horizon;
  let nonzeros = 2 * horizon;
  instance.activities.forEach((a, j) => {
    const width = Math.max(0, horizon - tail[j] - a.duration - head[j] + 1);
    const uses = a.demand.filter((q) => q > 0).length;
    columns += width;
    nonzeros += width * (2 + 2 * uses + 2 * a.successors.length) * extraRows;
  });
  const n = instance.activities.length;
  return {
    rows: columns + horizon * instance.resources.length,
    columns,
    nonzeros,
    // The precedence closures and the conflict matrix hold a byte per pair of activities each.
    preprocessing: {
      bytes: 3 * n * n,
      seconds: n * n * secondsPerPair,
      what: `tables over its ${formatCount(n)}² activity pairs (precedence closures, the conflict matrix)`,
    },
    smaller: `a smaller horizon (the MIP has one variable per activity and period up to ${horizon}), durations in a coarser unit, or --method branch-and-bound where it applies`,
  };
}
