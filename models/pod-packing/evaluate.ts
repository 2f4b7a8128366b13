/**
 * The independent evaluator of pod placements. It never calls the formulation or the
 * heuristics' filters: every rule is checked here from the instance alone.
 *
 * Rules: a placement names a real node or none; no node's CPU, memory, pod slots or named
 * resources (GPUs and other extended resources, ephemeral storage, huge pages; a node whose
 * allocatable lacks one has none) are over-committed; no two pods on a node bind one host
 * port on clashing IPs; a pod placed on a node other than its current one satisfies the node
 * selector, the required node affinity and the NoSchedule/NoExecute taints (a running pod
 * may stay where it is, as IgnoredDuringExecution says); a running pod that may not be
 * moved stays on its node or is evicted, and one that may not be evicted stays placed.
 *
 * The objective is the issue's lexicographic order (per tier, highest first: pods placed
 * at that tier and above, then their disruption, evict 1 and move 2) as one mixed-radix
 * integer; objective.ts says how it is built and when it is exact.
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import { ineligibility, nodeLoads, portsClash, type NodeLoad } from './evaluate-checks.js';
import { priorityTiers } from './instance.js';
import { budgetViolations } from './budgets.js';
import { checkBudgets, checkGangs, checkPreemptionPolicy, gangMetrics } from './evaluate-rules.js';
import { encodeObjective, objectiveWeights, tierDisruption } from './objective.js';
import { resourceMetrics, topologyMetrics } from './evaluate-metrics.js';
import type { HostPort, PodPackingInstance, PodPackingSolution } from './types.js';
import { reasonCounts } from './unschedulable.js';

function checkAssignment(
  instance: PodPackingInstance,
  solution: PodPackingSolution,
  violations: Violation[],
): number[] {
  const given = solution.assignment ?? [];
  if (given.length !== instance.pods.length) {
    violations.push({
      constraint: 'assignment',
      entities: [],
      message: `the solution places ${given.length} pods but the instance has ${instance.pods.length}; give one node index (or -1) per pod`,
    });
  }
  return instance.pods.map((pod, p) => {
    const n = given[p] ?? -1;
    if (n === -1) return -1;
    if (Number.isInteger(n) && n >= 0 && n < instance.nodes.length) return n;
    violations.push({
      constraint: 'assignment',
      entities: [pod.name],
      message: `pod '${pod.name}' is placed on node index ${n}, which does not exist; use 0..${instance.nodes.length - 1} or -1`,
    });
    return -1;
  });
}

function capacityViolation(node: string, resource: string, allocatable: number, used: number, unit: string) {
  return {
    constraint: 'capacity',
    entities: [node, resource],
    message: `node '${node}' has ${allocatable} ${unit} of ${resource} allocatable but its pods request ${used}`,
  };
}

/** No node's cpu, memory, pod slots or named resources (a node lacking one has none) are over-committed. */
function checkCapacity(instance: PodPackingInstance, loads: NodeLoad[], violations: Violation[]): void {
  instance.nodes.forEach((node, n) => {
    const load = loads[n];
    for (const [resource, unit] of [
      ['cpu', 'millicores'],
      ['memory', 'bytes'],
      ['pods', 'pods'],
    ] as const) {
      if (load[resource] > node[resource])
        violations.push(capacityViolation(node.name, resource, node[resource], load[resource], unit));
    }
    for (const [name, used] of load.named) {
      const allocatable = node.resources?.[name] ?? 0;
      if (used > allocatable) violations.push(capacityViolation(node.name, name, allocatable, used, 'units'));
    }
  });
}

/** No two pods on a node bind one host port on clashing IPs (NodePorts). */
function checkHostPorts(instance: PodPackingInstance, assignment: number[], violations: Violation[]): void {
  const bound = instance.nodes.map(() => [] as { pod: string; port: HostPort }[]);
  instance.pods.forEach((pod, p) => {
    const n = assignment[p];
    if (n < 0 || pod.hostPorts === undefined) return;
    for (const port of pod.hostPorts) {
      const other = bound[n].find((used) => portsClash(used.port, port));
      if (other !== undefined)
        violations.push({
          constraint: 'hostPort',
          entities: [instance.nodes[n].name, pod.name, other.pod],
          message: `pods '${other.pod}' and '${pod.name}' both bind ${port.protocol} port ${port.port} on node '${instance.nodes[n].name}'; move one of them`,
        });
    }
    for (const port of pod.hostPorts) bound[n].push({ pod: pod.name, port });
  });
}

function checkPods(instance: PodPackingInstance, assignment: number[], violations: Violation[]): void {
  instance.pods.forEach((pod, p) => {
    const n = assignment[p];
    if (n >= 0 && n !== pod.node) {
      for (const reason of ineligibility(pod, instance.nodes[n]))
        violations.push({
          constraint: 'eligibility',
          entities: [pod.name, instance.nodes[n].name],
          message: `pod '${pod.name}' may not go to node '${instance.nodes[n].name}': ${reason}`,
        });
    }
    if (pod.node === undefined) return;
    const from = instance.nodes[pod.node].name;
    if (n >= 0 && n !== pod.node && !pod.movable)
      violations.push({
        constraint: 'protected',
        entities: [pod.name],
        message: `pod '${pod.name}' runs on '${from}' and may not be moved, but the solution moves it to '${instance.nodes[n].name}'`,
      });
    if (n < 0 && !pod.evictable)
      violations.push({
        constraint: 'protected',
        entities: [pod.name],
        message: `pod '${pod.name}' runs on '${from}' and may not be evicted, but the solution leaves it unplaced`,
      });
  });
}

/**
 * Check a placement and score it; metrics hold the placed and total pods and the
 * disruption per priority (`placed.p<priority>`, `pods.p<priority>`,
 * `disruption.p<priority>`), evictions, moves, bindings, disruption, and `objectiveExact`
 * (1 when the objective holds the lexicographic order without rounding, objective.ts).
 *
 * @example
 * ```ts
 * const { feasible, metrics } = evaluatePodPacking(instance, { assignment: [0, -1, 1] });
 * ```
 */
export function evaluatePodPacking(instance: PodPackingInstance, solution: PodPackingSolution): Evaluation {
  const violations: Violation[] = [];
  const assignment = checkAssignment(instance, solution, violations);
  const loads = nodeLoads(instance, assignment);
  checkCapacity(instance, loads, violations);
  checkHostPorts(instance, assignment, violations);
  checkPods(instance, assignment, violations);
  checkBudgets(instance, assignment, violations);
  checkPreemptionPolicy(instance, assignment, violations);
  checkGangs(instance, assignment, violations);
  const weights = objectiveWeights(instance);
  const disruption = tierDisruption(instance, assignment);
  const metrics = countMetrics(instance, assignment);
  weights.tiers.forEach((priority, k) => {
    metrics[`disruption.p${priority}`] = disruption[k];
  });
  metrics.objectiveExact = weights.exact ? 1 : 0;
  metrics.budgetViolations = (instance.budgets ?? []).reduce(
    (total, budget) => total + budgetViolations(instance, budget, assignment),
    0,
  );
  Object.assign(metrics, resourceMetrics(instance, assignment, loads), gangMetrics(instance, assignment));
  for (const [reason, count] of reasonCounts(instance, assignment)) metrics[`pending.reason.${reason}`] = count;
  Object.assign(metrics, topologyMetrics(instance, assignment));
  const objective = encodeObjective(
    weights,
    weights.tiers.map((priority) => metrics[`placed.p${priority}`] ?? 0),
    disruption,
    metrics['topology.extraDomains'] ?? 0,
  );
  return { feasible: violations.length === 0, objective, violations, metrics };
}

/** Placed and total pods per priority, bindings, evictions, moves and their disruption. */
function countMetrics(instance: PodPackingInstance, assignment: number[]): Record<string, number> {
  const metrics: Record<string, number> = { placed: 0, pending: 0, evictions: 0, moves: 0, bindings: 0 };
  instance.pods.forEach((pod, p) => {
    const n = assignment[p];
    const placedKey = `placed.p${pod.priority}`;
    metrics[placedKey] = (metrics[placedKey] ?? 0) + (n >= 0 ? 1 : 0);
    metrics[`pods.p${pod.priority}`] = (metrics[`pods.p${pod.priority}`] ?? 0) + 1;
    metrics[n >= 0 ? 'placed' : 'pending'] += 1;
    if (pod.node === undefined) metrics.bindings += n >= 0 ? 1 : 0;
    else if (n < 0) metrics.evictions += 1;
    else if (n !== pod.node) metrics.moves += 1;
  });
  metrics.disruption = metrics.evictions + 2 * metrics.moves;
  return metrics;
}

/** Placed pods per tier, highest tier first (from an evaluation's metrics). */
export function placedByTier(instance: PodPackingInstance, evaluation: Evaluation): number[] {
  return priorityTiers(instance).map((priority) => evaluation.metrics[`placed.p${priority}`] ?? 0);
}
