/**
 * What every method and the evaluator share about an instance: its resolved model and
 * cluster, its request stream at unit rate, the cost model of each instance shape (memoized,
 * so repeated simulations reuse each other's prefill and decode costs), the candidate shapes
 * (TP x PP inside one node that hold the longest request), and the simulator's view of a plan.
 */
import { resolveCluster, resolveModel } from '../../src/family/perf-specs.js';
import type { ClusterSpec, LinkSpec } from '../../src/perf/hardware.js';
import type { ModelSpec } from '../../src/perf/llm.js';
import { ServingCosts } from '../../src/perf/serve-batch.js';
import type { PlannedInstance, ServingPlanInstance, ServingPlanSolution } from './instance.js';
import type { InstanceRole, SimConfig, SimInstance, Workload } from './simulator/types.js';
import { trafficRate, unitWorkload, workloadAtRate } from './traffic.js';

/** An instance's derived data, computed once per instance object. */
export interface Resolved {
  model: ModelSpec;
  cluster: ClusterSpec;
  /** GPUs of the budget (the cluster's `gpus`). */
  budget: number;
  /** The request stream at `unitRate` requests/s. */
  unit: Workload;
  unitRate: number;
  /** The traffic's rate, requests/s. */
  rate: number;
  longestPrompt: number;
  longestRequest: number;
  costs(tp: number, pp: number): ServingCosts;
}

const cache = new WeakMap<ServingPlanInstance, Resolved>();

/**
 * The resolved instance (cached by identity).
 *
 * @example
 * ```ts
 * resolved(instance).costs(2, 1).prefillSeconds([1024]);
 * ```
 */
export function resolved(instance: ServingPlanInstance): Resolved {
  const hit = cache.get(instance);
  if (hit) return hit;
  const model = resolveModel(instance.model, 'data.model');
  const cluster = resolveCluster(instance.cluster, 'data.cluster');
  const unit = unitWorkload(instance.traffic);
  const shapes = new Map<string, ServingCosts>();
  let longestPrompt = 0;
  let longestRequest = 0;
  for (let r = 0; r < unit.promptTokens.length; r++) {
    longestPrompt = Math.max(longestPrompt, unit.promptTokens[r]);
    longestRequest = Math.max(longestRequest, unit.promptTokens[r] + unit.outputTokens[r]);
  }
  const result: Resolved = {
    model,
    cluster,
    budget: instance.cluster.gpus,
    unit,
    unitRate: instance.traffic.kind === 'trace' ? trafficRate(instance.traffic) : 1,
    rate: trafficRate(instance.traffic),
    longestPrompt,
    longestRequest,
    costs(tp, pp) {
      const key = `${tp}x${pp}`;
      let costs = shapes.get(key);
      if (!costs) {
        costs = new ServingCosts({ model, cluster, tp, pp });
        shapes.set(key, costs);
      }
      return costs;
    },
  };
  cache.set(instance, result);
  return result;
}

/** The workload of an instance at `rate` requests/s. */
export function workloadOf(instance: ServingPlanInstance, rate: number): Workload {
  const r = resolved(instance);
  return workloadAtRate(r.unit, rate, r.unitRate);
}

/** GPUs on node `node` of the budget (the last node may be partial). */
export function gpusOnNode(instance: ServingPlanInstance, node: number): number {
  const { cluster, budget } = resolved(instance);
  return Math.max(0, Math.min(cluster.gpusPerNode, budget - node * cluster.gpusPerNode));
}

/** Nodes of the budget. */
export function nodeCount(instance: ServingPlanInstance): number {
  return resolved(instance).cluster.nodes;
}

/** A TP x PP shape. */
export interface Shape {
  tp: number;
  pp: number;
}

/** KV tokens a request needs on an instance of this role (a prefill instance holds only the prompt). */
export function longestNeed(instance: ServingPlanInstance, role: InstanceRole): number {
  const r = resolved(instance);
  return role === 'prefill' ? r.longestPrompt : r.longestRequest;
}

/** True when an instance of this shape and role holds the weights and the longest request. */
export function shapeFits(instance: ServingPlanInstance, role: InstanceRole, shape: Shape): boolean {
  const costs = resolved(instance).costs(shape.tp, shape.pp);
  return costs.kvCapacityTokens(instance.limits.maxBatchTokens) >= longestNeed(instance, role);
}

/**
 * Every shape inside one node that the model's heads allow (TP a power of two dividing the
 * heads, PP 1, 2 or 4) and that holds the longest request, fewest GPUs first.
 *
 * @example
 * ```ts
 * candidateShapes(instance, 'decode'); // e.g. [{ tp: 1, pp: 1 }, { tp: 2, pp: 1 }, { tp: 1, pp: 2 }, ...]
 * ```
 */
export function candidateShapes(instance: ServingPlanInstance, role: InstanceRole): Shape[] {
  const { model, cluster, budget } = resolved(instance);
  const room = Math.min(cluster.gpusPerNode, budget);
  const shapes: Shape[] = [];
  for (let tp = 1; tp <= room; tp *= 2) {
    if (model.heads % tp !== 0) continue;
    for (const pp of [1, 2, 4]) {
      if (tp * pp <= room && pp <= model.layers && shapeFits(instance, role, { tp, pp })) shapes.push({ tp, pp });
    }
  }
  return shapes.sort((a, b) => a.tp * a.pp - b.tp * b.pp || a.pp - b.pp);
}

/** GPUs a plan uses. */
export function planGpus(solution: ServingPlanSolution): number {
  return solution.instances.reduce((sum, planned) => sum + planned.tp * planned.pp, 0);
}

/** A plan instance as the simulator sees it. */
export function simInstance(instance: ServingPlanInstance, planned: PlannedInstance): SimInstance {
  const costs = resolved(instance).costs(planned.tp, planned.pp);
  return {
    role: planned.role,
    costs,
    node: planned.node,
    maxBatchTokens: planned.maxBatchTokens,
    maxBatchSize: planned.maxBatchSize,
    kvCapacityTokens: costs.kvCapacityTokens(planned.maxBatchTokens),
  };
}

/** The link between two nodes: NVLink (or the node's fabric) inside one, the network across. */
export function linkBetween(cluster: ClusterSpec): (from: number, to: number) => LinkSpec {
  return (from, to) => (from === to ? cluster.intraLink : cluster.interLink);
}

/**
 * The simulator's configuration of a plan.
 *
 * @example
 * ```ts
 * simulateServing(workloadOf(instance, 10), simConfigOf(instance, plan));
 * ```
 */
export function simConfigOf(
  instance: ServingPlanInstance,
  solution: ServingPlanSolution,
  extra: Pick<SimConfig, 'phase' | 'traceWindow'> = {},
): SimConfig {
  return {
    instances: solution.instances.map((planned) => simInstance(instance, planned)),
    router: solution.router,
    link: linkBetween(resolved(instance).cluster),
    ...extra,
  };
}
