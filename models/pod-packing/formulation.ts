/**
 * Pod packing as a MIP: x(pod, node) = 1 when the pod ends up on the node. Variables
 * exist only where the pod may be: a pending pod on every node whose selector, affinity
 * and taints admit it; a running pod on its current node, plus the admitting nodes when
 * it may move; a pod that may neither move nor be evicted is fixed to its node.
 *
 * The disruption of a running pod on node c is 1 - x(p, c) + sum_{n != c} x(p, n):
 * 0 if it stays, 1 if evicted, 2 if moved, with no extra variables. The rules
 * (formulation-rules.ts): capacity per node and resource, host ports, disruption budgets
 * (a counted budget's violations are integer variables the objective charges to its tier),
 * pods that may not preempt, and gangs (one binary per group: all or none).
 *
 * `formulatePodPacking` maximizes the evaluator's objective itself (objective.ts): a
 * placed pod of tier k adds the tier's placed weight, a running pod of tier k adds its
 * stability weight x (2 - its disruption). The weights are integers, so the objective is
 * an integer and an absolute gap below 1 proves it; the model asks HiGHS for exactly that
 * (relative gap 0, absolute 0.99) instead of the default relative 1e-6, which would accept
 * a loss of a whole tier digit once the objective passes 1e6. Exact in exact arithmetic;
 * in floating point a weight W turns the 1e-6 integrality and feasibility tolerances into
 * objective errors of about W x 1e-6, so a proof is trustworthy while the largest weight
 * stays below about 1e5 (a few tiers of tens of pods). Above that the formulation says
 * `provable: false`, so that `schedlab solve` reports its answer as feasible, not proven
 * optimal; the `lexicographic` exact method (lexicographic.ts) solves one level at a time
 * with small integer objectives and proves such instances.
 */
import { LinExpr, type Var } from '../../src/dsl/expression.js';
import { Model } from '../../src/dsl/model.js';
import type { Formulation, FormulateOptions } from '../../src/family/contract.js';
import { budgetViolations } from './budgets.js';
import { objectiveWeights, type ObjectiveWeights } from './objective.js';
import type { Pod, PodPackingInstance, PodPackingSolution } from './types.js';
import { eligible, fitsEmptyNode } from './heuristics/filters.js';
import {
  addBudgets,
  addCapacity,
  addGangs,
  addHostPorts,
  addNeverPreempts,
  addTopology,
  type BudgetVar,
} from './formulation-rules.js';
import { groupOfPods, placedMembers, tooFewPods } from './gangs.js';
import { domainOf } from './topology.js';

/** The largest objective weight whose solver proofs the 1e-6 tolerances still certify (see the header). */
const provableWeight = 1e5;

export interface PodPackingFormulation extends Formulation<PodPackingSolution> {
  /** Priorities of the tiers, highest first. */
  tiers: number[];
  /** Pods placed with priority >= tiers[k]. */
  placedAtLeast: LinExpr[];
  /** Disruption (evict 1, move 2) of running pods with priority >= tiers[k]. */
  disruptionAtLeast: LinExpr[];
  /** Where each pod may end up (`allowedNodes`), as the variables are laid out. */
  allowed: number[][];
  /** With `compactGangs`: the domains gangs span beyond one each (the last objective level). */
  spread: LinExpr | undefined;
  /** The incumbent encoded as a MIP start, when one was given. */
  start: Float64Array | undefined;
  encode(solution: PodPackingSolution): Float64Array | undefined;
}

/**
 * Where each pod may end up: node indices, its current node first. A node that cannot
 * take the pod even when empty (short of some resource it requests) is left out.
 */
export function allowedNodes(instance: PodPackingInstance): number[][] {
  const groupOf = groupOfPods(instance);
  const startless = (p: number) => groupOf[p] >= 0 && tooFewPods(instance.groups![groupOf[p]]);
  // Pods alike in what eligibility and room read share one scan of the nodes.
  const scans = new Map<string, number[]>();
  const admitting = (pod: Pod) => {
    const key = JSON.stringify([pod.nodeSelector, pod.affinity, pod.tolerations, pod.cpu, pod.memory, pod.resources]);
    let nodes = scans.get(key);
    if (nodes === undefined)
      scans.set(
        key,
        (nodes = instance.nodes.flatMap((node, n) => (eligible(pod, node) && fitsEmptyNode(pod, node) ? [n] : []))),
      );
    return nodes;
  };
  return instance.pods.map((pod, p) => {
    if (pod.node !== undefined && !pod.movable) return [pod.node];
    // A pending pod of a gang too small to start can go nowhere (coscheduling's PreFilter).
    if (pod.node === undefined && startless(p)) return [];
    const nodes = admitting(pod);
    return pod.node === undefined ? [...nodes] : [pod.node, ...nodes.filter((n) => n !== pod.node)];
  });
}

/** A pod is placed at most once; a running pod that may not be evicted exactly once. */
function addPlacement(model: Model, instance: PodPackingInstance, vars: Var[][]): void {
  const podOf = new Map(instance.pods.map((pod, p) => [pod.name, p]));
  model.addConstraintsOver(
    'placeOnce',
    instance.pods.map((pod) => [pod.name] as [string]),
    (name) => {
      const p = podOf.get(name)!;
      const placed = new LinExpr();
      for (const v of vars[p]) placed.add(v);
      if (vars[p].length === 0) return null;
      const pod = instance.pods[p];
      return pod.node !== undefined && !pod.evictable ? placed.eq(1) : placed.le(1);
    },
  );
}

/** Placed pods and disruption (with the counted budgets' violations) at each tier and above. */
function tierExpressions(
  instance: PodPackingInstance,
  tiers: number[],
  nodes: number[][],
  vars: Var[][],
  budgets: BudgetVar[],
) {
  const placedAtLeast = tiers.map(() => new LinExpr());
  const disruptionAtLeast = tiers.map(() => new LinExpr());
  for (const { tier, violation } of budgets)
    tiers.forEach((priority, k) => tier >= priority && disruptionAtLeast[k].add(violation));
  instance.pods.forEach((pod, p) =>
    tiers.forEach((priority, k) => {
      if (pod.priority < priority) return;
      for (const v of vars[p]) placedAtLeast[k].add(v);
      if (pod.node === undefined) return;
      disruptionAtLeast[k].add(1);
      nodes[p].forEach((n, j) => disruptionAtLeast[k].add(vars[p][j], n === pod.node ? -1 : 1));
    }),
  );
  return { placedAtLeast, disruptionAtLeast };
}

/**
 * The evaluator's objective (objective.ts) over the x variables. A running pod's stability
 * 2 - disruption is 1 + x(p, c) - sum_{n != c} x(p, n): 2 if it stays, 1 evicted, 0 moved.
 */
function evaluatorObjective(
  instance: PodPackingInstance,
  weights: ObjectiveWeights,
  nodes: number[][],
  vars: Var[][],
  budgets: BudgetVar[],
): LinExpr {
  const objective = new LinExpr();
  // A counted budget's violation lowers its tier's stability digit (which starts at the most violations), like one more eviction there.
  weights.tiers.forEach((_, k) => objective.add(weights.violations[k] * Number(weights.stability[k])));
  for (const { tier, violation } of budgets)
    objective.add(violation, -Number(weights.stability[weights.tiers.indexOf(tier)]));
  instance.pods.forEach((pod, p) => {
    const k = weights.tiers.indexOf(pod.priority);
    const [placed, stability] = [Number(weights.placed[k]), Number(weights.stability[k])];
    if (pod.node !== undefined) objective.add(stability);
    nodes[p].forEach((n, j) => {
      objective.add(vars[p][j], placed + (pod.node === undefined ? 0 : n === pod.node ? stability : -stability));
    });
  });
  return objective;
}

/** The largest coefficient of the objective: the heaviest tier's placed weight plus its stability weight. */
function largestWeight(weights: ObjectiveWeights): number {
  return Math.max(0, ...weights.placed.map((placed, k) => Number(placed + weights.stability[k])));
}

/**
 * The MIP of an instance, maximizing the evaluator's objective.
 *
 * @example
 * ```ts
 * const mip = formulatePodPacking(instance, { incumbent: kubeScheduler(instance) });
 * const result = await solve(mip.model, { timeLimitSec: 10, warmStart: mip.start });
 * const placement = mip.decode(result.values);
 * ```
 */
export function formulatePodPacking(
  instance: PodPackingInstance,
  options: FormulateOptions<PodPackingSolution> & { allowed?: number[][] } = {},
): PodPackingFormulation {
  const model = new Model(`pod-packing-${instance.name}`);
  // `allowed`: allowedNodes(instance) when the caller has it already.
  const nodes = options.allowed ?? allowedNodes(instance);
  const keys = nodes.flatMap((allowed, p) =>
    allowed.map((n) => [instance.pods[p].name, instance.nodes[n].name] as [string, string]),
  );
  const pinned = (p: number) =>
    instance.pods[p].node !== undefined && !instance.pods[p].movable && !instance.pods[p].evictable;
  const podOf = new Map(instance.pods.map((pod, p) => [pod.name, p]));
  const x = model.addVarsOver('x', keys, (pod) => ({ type: 'binary', lb: pinned(podOf.get(pod)!) ? 1 : 0 }));
  const vars = nodes.map((allowed, p) => allowed.map((n) => x.get(instance.pods[p].name, instance.nodes[n].name)));
  addPlacement(model, instance, vars);
  addCapacity(model, instance, nodes, vars);
  addHostPorts(model, instance, nodes, vars);
  addNeverPreempts(model, instance, nodes, vars);
  const budgets = addBudgets(model, instance, vars);
  const gangs = addGangs(model, instance, vars);
  const topology = addTopology(model, instance, nodes, vars, gangs);
  const weights = objectiveWeights(instance);
  const tiers = weights.tiers;
  const { placedAtLeast, disruptionAtLeast } = tierExpressions(instance, tiers, nodes, vars, budgets);
  const objective = evaluatorObjective(instance, weights, nodes, vars, budgets);
  // The last digit, C - spread (objective.ts): below every tier's digits.
  if (topology !== undefined) objective.add(weights.compact).add(topology.spread.times(-1));
  model.maximize(objective);
  const encode = (solution: PodPackingSolution): Float64Array | undefined => {
    const values = new Float64Array(model.numVars);
    for (let p = 0; p < instance.pods.length; p++) {
      const n = solution.assignment[p] ?? -1;
      if (n < 0) continue;
      const k = nodes[p].indexOf(n);
      if (k < 0) return undefined;
      values[vars[p][k].index] = 1;
    }
    for (const { budget, violation } of budgets)
      values[violation.index] = budgetViolations(instance, budget, solution.assignment);
    (instance.groups ?? []).forEach((group, g) => {
      values[gangs[g].index] = placedMembers(group, solution.assignment) > 0 ? 1 : 0;
    });
    for (const { group, key, domain, z } of topology?.domains ?? []) {
      const used = instance.groups![group].pods.some((p) => {
        const n = solution.assignment[p] ?? -1;
        return n >= 0 && domainOf(instance.nodes[n], key) === domain;
      });
      values[z.index] = used ? 1 : 0;
    }
    return values;
  };
  const decode = (values: Float64Array): PodPackingSolution => ({
    assignment: nodes.map((allowed, p) => allowed.find((_, k) => values[vars[p][k].index] > 0.5) ?? -1),
  });
  return {
    model,
    decode,
    encode,
    tiers,
    placedAtLeast,
    disruptionAtLeast,
    spread: topology?.spread,
    allowed: nodes,
    start: options.incumbent ? encode(options.incumbent) : undefined,
    solverOptions: { highs: { mip_rel_gap: 0, mip_abs_gap: 0.99 } },
    provable: largestWeight(weights) <= provableWeight,
  };
}
