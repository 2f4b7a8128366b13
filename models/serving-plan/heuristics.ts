/**
 * Plans built without a solver. Baselines: colocated replicas at the smallest TP that holds
 * the model (vLLM's default deployment) and disaggregated prefill/decode pairs (1:1) at the
 * smallest shapes; DistServe's placement (Zhong et al. 2024, Algorithm 1, high node-affinity):
 * per phase the shape with the best simulated goodput per GPU, replica counts from the rate,
 * pairs placed in one node. Each is sized to the traffic by simulation (`sizeToTraffic`).
 * `default` is the best of the three by the evaluator's measure (fewest GPUs meeting the SLO).
 */
import { inputError } from '../../src/errors.js';
import type { Heuristic } from '../../src/family/contract.js';
import { meetsTarget, simulatePlan } from './assess.js';
import { bestPerGpu, shapeCapacities } from './capacity.js';
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { placeGroups, sizeToTraffic, type InstanceGroup } from './placement.js';
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

/** Colocated replicas of one shape, sized to the traffic. */
function colocatedOf(instance: ServingPlanInstance, shape: Shape, deadline: number): ServingPlanSolution {
  const { rate } = resolved(instance);
  const one = shapeCapacities(instance, 'colocated').find((c) => c.shape.tp === shape.tp && c.shape.pp === shape.pp);
  const start = one && one.rate > 0 ? Math.ceil(rate / one.rate) : 1;
  const build = (counts: number[]) => placeGroups(instance, groupsOf(['colocated'], [shape], counts));
  const plan = sizeToTraffic(instance, rate, [start], build, () => 0, deadline);
  return plan ?? unplaced(instance, groupsOf(['colocated'], [shape], [1]));
}

/** Colocated replicas at the smallest TP that holds the model. */
export const colocated: ServingHeuristic = (instance, context) =>
  colocatedOf(instance, smallestShape(instance, 'colocated'), context.deadline);

/** The phase a plan should grow: the one whose limit fewer requests meet. */
const weakerPhase = (report: { ttftAttainment: number; tpotAttainment: number }): number =>
  report.ttftAttainment <= report.tpotAttainment ? 0 : 1;

/** Disaggregated prefill and decode instances, both of the smallest shape, in pairs. */
export const disaggregated1to1: ServingHeuristic = (instance, context) => {
  const shapes = [smallestShape(instance, 'prefill'), smallestShape(instance, 'decode')];
  const { rate } = resolved(instance);
  const build = (counts: number[]) => {
    const pairs = Math.max(counts[0], counts[1]);
    return placeGroups(instance, groupsOf(['prefill', 'decode'], shapes, [pairs, pairs]));
  };
  const plan = sizeToTraffic(instance, rate, [1, 1], build, () => 0, context.deadline);
  return plan ?? unplaced(instance, groupsOf(['prefill', 'decode'], shapes, [1, 1]));
};

/**
 * DistServe: per phase, the shape with the best goodput per GPU when the phase runs alone;
 * `ceil(rate / goodput)` instances of each; then sized by full simulation.
 */
export const distserve: ServingHeuristic = (instance, context) => {
  const prefill = bestPerGpu(shapeCapacities(instance, 'prefill'));
  const decode = bestPerGpu(shapeCapacities(instance, 'decode'));
  if (!prefill || !decode) return disaggregated1to1(instance, context);
  const { rate } = resolved(instance);
  const shapes = [prefill.shape, decode.shape];
  const start = [Math.ceil(rate / prefill.rate), Math.ceil(rate / decode.rate)];
  const build = (counts: number[]) => placeGroups(instance, groupsOf(['prefill', 'decode'], shapes, counts));
  const plan = sizeToTraffic(instance, rate, start, build, weakerPhase, context.deadline);
  return plan ?? disaggregated1to1(instance, context);
};

/** Fewer GPUs among plans that meet the SLO at the rate; a plan that meets it beats one that does not. */
function better(instance: ServingPlanInstance, a: ServingPlanSolution, b: ServingPlanSolution): ServingPlanSolution {
  const { rate } = resolved(instance);
  const meets = (plan: ServingPlanSolution) => meetsTarget(instance, simulatePlan(instance, plan, rate).report);
  const [okA, okB] = [meets(a), meets(b)];
  if (okA !== okB) return okA ? a : b;
  return planGpus(b) < planGpus(a) ? b : a;
}

/** The best of DistServe's plan, the colocated baseline and the 1:1 pairs. */
export const portfolio: ServingHeuristic = (instance, context) =>
  [colocated, disaggregated1to1].reduce(
    (best, method) => better(instance, best, method(instance, context)),
    distserve(instance, context),
  );

/** The heuristics by name; `default` is the portfolio. */
export const servingPlanHeuristics: Record<string, ServingHeuristic> = {
  colocated,
  'disaggregated-1to1': disaggregated1to1,
  distserve,
  default: portfolio,
};
