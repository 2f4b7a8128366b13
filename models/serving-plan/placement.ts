/**
 * Placing instances on nodes, and sizing a plan to its traffic. Placement is first-fit in the
 * order given; a disaggregated plan lists its instances prefill, decode, prefill, decode, ...
 * so that pairs share a node where they can and their KV cache moves over NVLink (DistServe's
 * high node-affinity placement).
 */
import { meetsTarget, simulatePlan } from './assess.js';
import type { PlannedInstance, ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { gpusOnNode, nodeCount, type Shape } from './plan-space.js';
import type { InstanceRole } from './simulator/types.js';

/** Instances of one role and shape. */
export interface InstanceGroup {
  role: InstanceRole;
  shape: Shape;
  count: number;
}

/** The groups' instances interleaved (one of each group in turn), so that pairs end up side by side. */
function interleave(groups: readonly InstanceGroup[]): { role: InstanceRole; shape: Shape }[] {
  const order: { role: InstanceRole; shape: Shape }[] = [];
  const left = groups.map((group) => group.count);
  for (let placed = true; placed; ) {
    placed = false;
    groups.forEach((group, g) => {
      if (left[g] === 0) return;
      left[g]--;
      order.push({ role: group.role, shape: group.shape });
      placed = true;
    });
  }
  return order;
}

/**
 * The plan with these instances placed first-fit on the nodes; undefined when they do not fit.
 *
 * @example
 * ```ts
 * placeGroups(instance, [{ role: 'prefill', shape: { tp: 1, pp: 1 }, count: 2 }, { role: 'decode', shape: { tp: 2, pp: 1 }, count: 1 }]);
 * ```
 */
export function placeGroups(
  instance: ServingPlanInstance,
  groups: readonly InstanceGroup[],
): ServingPlanSolution | undefined {
  const free = Array.from({ length: nodeCount(instance) }, (_, node) => gpusOnNode(instance, node));
  const instances: PlannedInstance[] = [];
  for (const { role, shape } of interleave(groups)) {
    const gpus = shape.tp * shape.pp;
    const node = free.findIndex((left) => left >= gpus);
    if (node < 0) return undefined;
    free[node] -= gpus;
    instances.push({ role, tp: shape.tp, pp: shape.pp, node, ...instance.limits });
  }
  return { router: instance.router, instances };
}

/** How a sizing loop may change a plan: by one instance of one group. */
export type Resize = (counts: number[]) => ServingPlanSolution | undefined;

/**
 * The fewest instances that meet the SLO at the traffic's rate, from a starting guess: add an
 * instance to the group the `grow` rule names while the target fails (and the budget allows),
 * then drop instances while it still holds. Returns the last plan that fitted (feasible or not).
 */
export function sizeToTraffic(
  instance: ServingPlanInstance,
  rate: number,
  start: number[],
  build: Resize,
  grow: (report: ReturnType<typeof simulatePlan>['report'], counts: number[]) => number,
  deadline: number,
): ServingPlanSolution | undefined {
  let counts = start.map((c) => Math.max(1, c));
  let plan = build(counts);
  while (!plan && counts.some((c) => c > 1)) {
    counts = counts.map((c) => Math.max(1, c - 1));
    plan = build(counts);
  }
  if (!plan) return undefined;
  let outcome = simulatePlan(instance, plan, rate);
  while (!meetsTarget(instance, outcome.report) && Date.now() < deadline) {
    const next = counts.slice();
    next[grow(outcome.report, counts)]++;
    const bigger = build(next);
    if (!bigger) break;
    counts = next;
    plan = bigger;
    outcome = simulatePlan(instance, plan, rate);
  }
  if (!meetsTarget(instance, outcome.report)) return plan;
  return shrink(instance, rate, counts, build, plan, deadline);
}

/** Drops one instance at a time (from any group) while the target still holds. */
function shrink(
  instance: ServingPlanInstance,
  rate: number,
  counts: number[],
  build: Resize,
  plan: ServingPlanSolution,
  deadline: number,
): ServingPlanSolution {
  for (let improved = true; improved && Date.now() < deadline; ) {
    improved = false;
    for (let g = 0; g < counts.length && !improved; g++) {
      if (counts[g] <= 1) continue;
      const next = counts.slice();
      next[g]--;
      const smaller = build(next);
      if (smaller && meetsTarget(instance, simulatePlan(instance, smaller, rate).report)) {
        counts = next;
        plan = smaller;
        improved = true;
      }
    }
  }
  return plan;
}
