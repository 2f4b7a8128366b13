/**
 * The independent evaluator of pod placements. It never calls the formulation or the
 * heuristics' filters: every rule is checked here from the instance alone.
 *
 * Rules: a placement names a real node or none; no node's CPU, memory or pod slots are
 * over-committed; a pod placed on a node other than its current one satisfies the node
 * selector, the required node affinity and the NoSchedule/NoExecute taints (a running pod
 * may stay where it is, as IgnoredDuringExecution says); a running pod that may not be
 * moved stays on its node or is evicted, and one that may not be evicted stays placed.
 *
 * The objective is the issue's lexicographic order (per tier, highest first: pods placed
 * at that tier and above, then their disruption, evict 1 and move 2) as one mixed-radix
 * integer; objective.ts says how it is built and when it is exact.
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import type { NodeSelectorRequirement, Pod, PodNode, PodPackingInstance, PodPackingSolution } from './instance.js';
import { priorityTiers } from './instance.js';
import { encodeObjective, objectiveWeights } from './objective.js';

function requirementHolds(labels: Record<string, string>, req: NodeSelectorRequirement): boolean {
  const value = labels[req.key];
  if (req.operator === 'Exists') return value !== undefined;
  if (req.operator === 'DoesNotExist') return value === undefined;
  if (req.operator === 'In') return value !== undefined && req.values.includes(value);
  if (req.operator === 'NotIn') return !(value !== undefined && req.values.includes(value));
  const have = value !== undefined && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  return req.operator === 'Gt' ? have > Number(req.values[0]) : have < Number(req.values[0]);
}

/** Why `pod` may not be newly placed on `node`, one sentence per reason. */
function ineligibility(pod: Pod, node: PodNode): string[] {
  const reasons: string[] = [];
  for (const [key, value] of Object.entries(pod.nodeSelector)) {
    if (node.labels[key] !== value)
      reasons.push(`its nodeSelector asks for label ${key}=${value}, which node '${node.name}' lacks`);
  }
  if (
    pod.affinity.length > 0 &&
    !pod.affinity.some((term) => term.length > 0 && term.every((req) => requirementHolds(node.labels, req)))
  ) {
    reasons.push(`node '${node.name}' meets none of its required node affinity terms`);
  }
  for (const taint of node.taints) {
    if (taint.effect === 'PreferNoSchedule') continue;
    const tolerated = pod.tolerations.some(
      (t) =>
        (t.effect === undefined || t.effect === taint.effect) &&
        (!t.key || t.key === taint.key) &&
        (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '')),
    );
    if (!tolerated)
      reasons.push(
        `node '${node.name}' has taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}, which it does not tolerate`,
      );
  }
  return reasons;
}

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

function checkCapacity(instance: PodPackingInstance, assignment: number[], violations: Violation[]): void {
  instance.nodes.forEach((node, n) => {
    const pods = instance.pods.filter((_, p) => assignment[p] === n);
    const used = { cpu: 0, memory: 0, pods: pods.length };
    for (const pod of pods) [used.cpu, used.memory] = [used.cpu + pod.cpu, used.memory + pod.memory];
    for (const [resource, unit] of [
      ['cpu', 'millicores'],
      ['memory', 'bytes'],
      ['pods', 'pods'],
    ] as const) {
      if (used[resource] > node[resource]) {
        violations.push({
          constraint: 'capacity',
          entities: [node.name, resource],
          message: `node '${node.name}' has ${node[resource]} ${unit} of ${resource} allocatable but its pods request ${used[resource]}`,
        });
      }
    }
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
  checkCapacity(instance, assignment, violations);
  checkPods(instance, assignment, violations);
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
  const weights = objectiveWeights(instance);
  const disruption = weights.tiers.map((priority) => tierDisruption(instance, assignment, priority));
  weights.tiers.forEach((priority, k) => {
    metrics[`disruption.p${priority}`] = disruption[k];
  });
  metrics.objectiveExact = weights.exact ? 1 : 0;
  const objective = encodeObjective(
    weights,
    weights.tiers.map((priority) => metrics[`placed.p${priority}`] ?? 0),
    disruption,
  );
  return { feasible: violations.length === 0, objective, violations, metrics };
}

/** Disruption (evict 1, move 2) of the running pods of one priority. */
function tierDisruption(instance: PodPackingInstance, assignment: number[], priority: number): number {
  return instance.pods.reduce((total, pod, p) => {
    if (pod.priority !== priority || pod.node === undefined) return total;
    return total + (assignment[p] === pod.node ? 0 : assignment[p] < 0 ? 1 : 2);
  }, 0);
}

/** Placed pods per tier, highest tier first (from an evaluation's metrics). */
export function placedByTier(instance: PodPackingInstance, evaluation: Evaluation): number[] {
  return priorityTiers(instance).map((priority) => evaluation.metrics[`placed.p${priority}`] ?? 0);
}
