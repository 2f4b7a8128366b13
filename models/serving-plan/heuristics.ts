/**
 * Plans built without a solver. Baselines: colocated replicas at the smallest TP that holds
 * the model (vLLM's default deployment) and disaggregated prefill/decode pairs (1:1) at the
 * smallest shapes; DistServe's placement (Zhong et al. 2024, Algorithm 1, high node-affinity):
 * per phase the shape with the best simulated goodput per GPU, replica counts from the rate,
 * pairs placed in one node. Each is sized by simulation on the methods' sample of the stream
 * (`sizeOnSample`), then replayed on the whole stream and grown where it misses there
 * (`confirmOnTrace`), all within the deadline. `default` is the best of the three by the
 * evaluator's measure (fewest GPUs meeting the SLO), compared on the sample.
 */
import { inputError } from '../../src/errors.js';
import type { Heuristic } from '../../src/family/contract.js';
import { meetsTarget, sampleReport } from './assess.js';
import { bestPerGpu, shapeCapacities, shapeCapacity } from './capacity.js';
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { confirmOnTrace, placeGroups, sizeOnSample, type InstanceGroup, type Sized } from './placement.js';
import { candidateShapes, planGpus, resolved, type Shape } from './plan-space.js';
import type { InstanceRole } from './simulator/types.js';

type ServingHeuristic = Heuristic<ServingPlanInstance, ServingPlanSolution>;

/** The smallest shape of a role (PP 1 first), or a clear error when none fits. */
function smallestShape(instance: ServingPlanInstance, role: InstanceRole): Shape {
  const shapes = candidateShapes(instance, role);
  const flat = shapes.find((shape) => shape.pp === 1) ?? shapes[0];
  if (!flat)
    throw inputError(
      `no ${role} instance inside one node holds the model and the longest request; raise data.cluster.gpus`,
      { path: 'data.cluster.gpus' },
    );
  return flat;
}

function groupsOf(roles: InstanceRole[], shapes: Shape[], counts: number[]): InstanceGroup[] {
  return roles.map((role, g) => ({ role, shape: shapes[g], count: counts[g] }));
}

/**
 * One instance of each group, all on node 0: what a method answers when even that does not fit
 * the budget (e.g. a prefill/decode pair on one GPU), so the evaluator says why.
 */
function unplaced(instance: ServingPlanInstance, groups: readonly InstanceGroup[]): ServingPlanSolution {
  return {
    router: instance.router,
    instances: groups.map(({ role, shape }) => ({ role, ...shape, node: 0, ...instance.limits })),
  };
}

/** A method's plan before the whole stream is replayed: sized on the sample, or a fallback that fits nothing. */
type Candidate = { sized: Sized } | { plan: ServingPlanSolution };

const planOf = (candidate: Candidate): ServingPlanSolution =>
  'sized' in candidate ? candidate.sized.plan : candidate.plan;

/** The candidate replayed on the whole stream (grown while it misses there), by the deadline. */
const confirmed = (instance: ServingPlanInstance, candidate: Candidate, deadline: number): ServingPlanSolution =>
  'sized' in candidate ? confirmOnTrace(instance, candidate.sized, deadline) : candidate.plan;

/** Colocated replicas of one shape, sized on the sample. */
function colocatedOf(instance: ServingPlanInstance, shape: Shape, deadline: number): Candidate {
  const { rate } = resolved(instance);
  const one = shapeCapacity(instance, 'colocated', shape);
  const start = one.rate > 0 ? Math.ceil(rate / one.rate) : 1;
  const build = (counts: number[]) => placeGroups(instance, groupsOf(['colocated'], [shape], counts));
  const sized = sizeOnSample(instance, rate, [start], build, () => 0, deadline);
  return sized ? { sized } : { plan: unplaced(instance, groupsOf(['colocated'], [shape], [1])) };
}

const colocatedCandidate = (instance: ServingPlanInstance, deadline: number): Candidate =>
  colocatedOf(instance, smallestShape(instance, 'colocated'), deadline);

/** Colocated replicas at the smallest TP that holds the model. */
export const colocated: ServingHeuristic = (instance, { deadline }) =>
  confirmed(instance, colocatedCandidate(instance, deadline), deadline);

/** The phase a plan should grow: the one whose limit fewer requests meet. */
const weakerPhase = (report: { ttftAttainment: number; tpotAttainment: number }): number =>
  report.ttftAttainment <= report.tpotAttainment ? 0 : 1;

/** Prefill/decode pairs of the smallest shapes, sized on the sample. */
function pairsCandidate(instance: ServingPlanInstance, deadline: number): Candidate {
  const shapes = [smallestShape(instance, 'prefill'), smallestShape(instance, 'decode')];
  const { rate } = resolved(instance);
  const build = (counts: number[]) => {
    const pairs = Math.max(counts[0], counts[1]);
    return placeGroups(instance, groupsOf(['prefill', 'decode'], shapes, [pairs, pairs]));
  };
  const sized = sizeOnSample(instance, rate, [1, 1], build, () => 0, deadline);
  return sized ? { sized } : { plan: unplaced(instance, groupsOf(['prefill', 'decode'], shapes, [1, 1])) };
}

/** Disaggregated prefill and decode instances, both of the smallest shape, in pairs. */
export const disaggregated1to1: ServingHeuristic = (instance, { deadline }) =>
  confirmed(instance, pairsCandidate(instance, deadline), deadline);

/** DistServe's shapes and counts, sized on the sample; the 1:1 pairs when a phase has no capacity. */
function distserveCandidate(instance: ServingPlanInstance, deadline: number): Candidate {
  const prefill = bestPerGpu(shapeCapacities(instance, 'prefill', deadline));
  const decode = bestPerGpu(shapeCapacities(instance, 'decode', deadline));
  if (!prefill || !decode) return pairsCandidate(instance, deadline);
  const { rate } = resolved(instance);
  const shapes = [prefill.shape, decode.shape];
  const start = [Math.ceil(rate / prefill.rate), Math.ceil(rate / decode.rate)];
  const build = (counts: number[]) => placeGroups(instance, groupsOf(['prefill', 'decode'], shapes, counts));
  const sized = sizeOnSample(instance, rate, start, build, weakerPhase, deadline);
  return sized ? { sized } : pairsCandidate(instance, deadline);
}

/**
 * DistServe: per phase, the shape with the best goodput per GPU when the phase runs alone;
 * `ceil(rate / goodput)` instances of each; then sized by simulation.
 */
export const distserve: ServingHeuristic = (instance, { deadline }) =>
  confirmed(instance, distserveCandidate(instance, deadline), deadline);

/** True when `b` beats `a` on the sample: a plan that meets the SLO beats one that does not, then fewer GPUs. */
function beatsOnSample(instance: ServingPlanInstance, a: ServingPlanSolution, b: ServingPlanSolution): boolean {
  const [okA, okB] = [a, b].map((plan) => meetsTarget(instance, sampleReport(instance, plan)));
  if (okA !== okB) return okB;
  return planGpus(b) < planGpus(a);
}

/**
 * The best of DistServe's plan, the colocated baseline and the 1:1 pairs, compared on the
 * sample; only the winner is replayed on the whole stream. Past the deadline the candidates
 * not yet sized are skipped.
 */
export const portfolio: ServingHeuristic = (instance, { deadline }) => {
  let best = distserveCandidate(instance, deadline);
  for (const next of [colocatedCandidate, pairsCandidate]) {
    if (Date.now() > deadline) break;
    const candidate = next(instance, deadline);
    if (beatsOnSample(instance, planOf(best), planOf(candidate))) best = candidate;
  }
  return confirmed(instance, best, deadline);
};
/** The heuristics by name; `default` is the portfolio. */
export const servingPlanHeuristics: Record<string, ServingHeuristic> = {
  colocated,
  'disaggregated-1to1': disaggregated1to1,
  distserve,
  default: portfolio,
};
