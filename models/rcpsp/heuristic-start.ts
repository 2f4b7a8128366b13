/**
 * The schedule the exact methods start from when the caller gives none: the default
 * heuristic with a fixed seed (so runs repeat), for 1 s or a tenth of the limit, whichever
 * is less. Its makespan is the upper bound both `mip-descent` and `branch-and-bound` try to beat.
 */
import { seededRandom } from '../../src/util/random.js';
import { rcpspHeuristics } from './heuristics.js';
import type { RcpspInstance, RcpspSolution } from './instance.js';

export function heuristicStart(instance: RcpspInstance, limitSec: number): RcpspSolution {
  return rcpspHeuristics.default(instance, {
    rng: seededRandom(1),
    deadline: Date.now() + 1000 * Math.min(1, limitSec * 0.1),
  });
}
