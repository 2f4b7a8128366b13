/**
 * Placing instances on nodes, and sizing a plan to its traffic. Placement is first-fit in the
 * order given; a disaggregated plan lists its instances prefill, decode, prefill, decode, ...
 * so that pairs share a node where they can and their KV cache moves over NVLink (DistServe's
 * high node-affinity placement).
 */
import { isSampled, meetsTarget, sampleRequests, simulatePlan, verdictOnTrace } from './assess.js';
import type { PlannedInstance, ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { gpusOnNode, nodeCount, type Shape } from './plan-space.js';
import type { SloReport } from './simulator/metrics.js';
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

/** Which group to grow when a plan misses the target (an index into the counts). */
export type Grow = (report: SloReport, counts: number[]) => number;

/** A plan sized on the methods' sample, with what it takes to resize it. */
export interface Sized {
  plan: ServingPlanSolution;
  counts: number[];
  build: Resize;
  grow: Grow;
}

/**
 * The fewest instances that meet the SLO on the methods' sample (`sampleRequests`) at the
 * traffic's rate, from a starting guess: add an instance to the group `grow` names while the
 * target fails (and the budget allows), then drop instances while it still holds. Undefined
 * when not even one instance per group fits; otherwise the last plan that fitted.
 */
export function sizeOnSample(
  instance: ServingPlanInstance,
  rate: number,
  start: number[],
  build: Resize,
  grow: Grow,
  deadline: number,
): Sized | undefined {
  let counts = start.map((c) => Math.max(1, c));
  let plan = build(counts);
  while (!plan && counts.some((c) => c > 1)) {
    counts = counts.map((c) => Math.max(1, c - 1));
    plan = build(counts);
  }
  if (!plan) return undefined;
  const onSample = (candidate: ServingPlanSolution) =>
    simulatePlan(instance, candidate, rate, { requests: sampleRequests }).report;
  let report = onSample(plan);
  while (!meetsTarget(instance, report) && Date.now() < deadline) {
    const next = counts.slice();
    next[grow(report, counts)]++;
    const bigger = build(next);
    if (!bigger) break;
    counts = next;
    plan = bigger;
    report = onSample(plan);
  }
  const sized = { plan, counts, build, grow };
  return meetsTarget(instance, report) ? shrink(instance, sized, onSample, deadline) : sized;
}

/** Drops one instance at a time (from any group) while the target still holds on the sample. */
function shrink(
  instance: ServingPlanInstance,
  sized: Sized,
  onSample: (plan: ServingPlanSolution) => SloReport,
  deadline: number,
): Sized {
  let { counts, plan } = sized;
  for (let improved = true; improved && Date.now() < deadline; ) {
    improved = false;
    for (let g = 0; g < counts.length && !improved; g++) {
      if (counts[g] <= 1) continue;
      const next = counts.slice();
      next[g]--;
      const smaller = sized.build(next);
      if (smaller && meetsTarget(instance, onSample(smaller))) {
        counts = next;
        plan = smaller;
        improved = true;
      }
    }
  }
  return { ...sized, counts, plan };
}

/**
 * A sample-sized plan replayed on the whole stream and grown, one instance at a time, while it
 * misses there (a prefix can be kinder than the rest of a trace). Ends at the deadline: a
 * replay the deadline cuts leaves the plan as it is, unmeasured, for the evaluator to judge.
 */
export function confirmOnTrace(instance: ServingPlanInstance, sized: Sized, deadline: number): ServingPlanSolution {
  let { plan, counts } = sized;
  if (!isSampled(instance)) return plan;
  for (let report = verdictOnTrace(instance, plan, deadline); report && !meetsTarget(instance, report); ) {
    const next = counts.slice();
    next[sized.grow(report, counts)]++;
    const bigger = sized.build(next);
    if (!bigger) break;
    counts = next;
    plan = bigger;
    report = verdictOnTrace(instance, plan, deadline);
  }
  return plan;
}

/**
 * The fewest instances that meet the SLO at the traffic's rate: sized on the sample
 * (`sizeOnSample`), then replayed on the whole stream (`confirmOnTrace`), all by `deadline`.
 * Returns the last plan that fitted (feasible or not), undefined when none fits.
 *
 * @example
 * ```ts
 * const build = (counts: number[]) => placeGroups(instance, [{ role: 'colocated', shape: { tp: 1, pp: 1 }, count: counts[0] }]);
 * sizeToTraffic(instance, resolved(instance).rate, [1], build, () => 0, Date.now() + 5000);
 * ```
 */
export function sizeToTraffic(
  instance: ServingPlanInstance,
  rate: number,
  start: number[],
  build: Resize,
  grow: Grow,
  deadline: number,
): ServingPlanSolution | undefined {
  const sized = sizeOnSample(instance, rate, start, build, grow, deadline);
  return sized && confirmOnTrace(instance, sized, deadline);
}
