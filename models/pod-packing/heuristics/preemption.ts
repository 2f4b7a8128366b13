/**
 * DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption): when a pod fits
 * no node, find on each node the smallest set of lower-priority victims whose removal
 * lets it fit, then pick one node by the scheduler's criteria.
 *
 * Victims on a node (`selectVictimsOnNode`): remove every lower-priority pod that may be
 * evicted; if the pod still does not fit, the node is no candidate. Otherwise sort the
 * removed pods most important first (higher priority, then earlier start), split them into
 * those whose eviction would violate a PodDisruptionBudget and the rest
 * (`filterPodsWithPDBViolation`: walking the sorted pods, each takes one from the allowance
 * of every budget that selects it, and violates when one runs out), and reprieve pods one
 * by one, the violating ones first, keeping each that leaves room; the violating pods not
 * reprieved are the node's PDB violations. Among candidates (`pickOneNodeForPreemption`):
 * fewest PDB violations, then lowest highest victim priority, then lowest sum of
 * (priority + 2^31) (so fewer victims first), then fewest victims, then the latest start
 * of the highest-priority victims, then node name. Nodes are visited in name order, and
 * the search stops, as upstream's dry run does, once it has max(100, 10% of the nodes)
 * candidates of which one violates no budget. A candidate that would break a budget marked
 * `forbid` is dropped (the Eviction API would refuse it). Running pods marked not evictable
 * are never victims.
 */
import type { PodPackingInstance } from '../types.js';
import { copyUsage, eligible, fits, type NodeUsage } from './filters.js';
import type { Cluster } from './cluster.js';

export interface PreemptionCandidate {
  node: number;
  victims: number[];
}

interface Ranked extends PreemptionCandidate {
  violations: number;
  highest: number;
  sum: number;
  earliestOfHighest: number;
}

/** What the preemption search needs besides the cluster: who may go, start order, budget allowances. */
export interface PreemptionContext {
  mayEvict: (q: number) => boolean;
  startedAt: number[];
  budgets: BudgetState;
}

/**
 * The budgets' remaining allowances during a run: a budget counts the evictions of the
 * pods it selects that ran at the snapshot (as the evaluator does).
 */
export class BudgetState {
  /** Budget indices per pod (only pods running at the snapshot). */
  readonly of: number[][];
  readonly remaining: number[];
  readonly forbid: boolean[];

  constructor(instance: PodPackingInstance) {
    const budgets = instance.budgets ?? [];
    this.of = instance.pods.map(() => []);
    budgets.forEach((budget, b) => {
      for (const p of budget.pods) if (instance.pods[p].node !== undefined) this.of[p].push(b);
    });
    this.remaining = budgets.map((budget) => budget.allowed);
    this.forbid = budgets.map((budget) => budget.forbid === true);
  }

  /** Record evictions of snapshot-running pods. */
  evict(victims: number[]): void {
    for (const q of victims) for (const b of this.of[q]) this.remaining[b]--;
  }
}

/** Take pod `q` off a usage copy (sign 1) or put it back (sign -1). */
function withoutPod(usage: NodeUsage, cluster: Cluster, q: number, sign: 1 | -1): void {
  const pod = cluster.instance.pods[q];
  usage.cpu -= sign * pod.cpu;
  usage.memory -= sign * pod.memory;
  usage.pods -= sign;
  const requests = cluster.table.requests[q];
  for (let r = 0; r < requests.length; r++) usage.named[r] -= sign * requests[r];
  for (const port of pod.hostPorts ?? []) {
    if (sign > 0) usage.ports.splice(usage.ports.indexOf(port), 1);
    else usage.ports.push(port);
  }
}

/** `filterPodsWithPDBViolation`: the sorted pods split into budget-violating and the rest; which budgets each breaks. */
function splitByBudgets(
  pods: number[],
  budgets: BudgetState,
): { violating: number[]; rest: number[]; breaks: Map<number, number[]> } {
  const allowed = [...budgets.remaining];
  const [violating, rest] = [[] as number[], [] as number[]];
  const breaks = new Map<number, number[]>();
  for (const q of pods) {
    const broken = budgets.of[q].filter((b) => --allowed[b] < 0);
    if (broken.length > 0) breaks.set(q, broken);
    (broken.length > 0 ? violating : rest).push(q);
  }
  return { violating, rest, breaks };
}

/** The victims of pod `p` on node `n` and their PDB violations, or undefined when evicting cannot make it fit. */
export function victimsOnNode(
  cluster: Cluster,
  p: number,
  n: number,
  context: PreemptionContext,
): { victims: number[]; violations: number; forbidden: boolean } | undefined {
  const { instance } = cluster;
  const pod = instance.pods[p];
  if (!eligible(pod, instance.nodes[n])) return undefined;
  const usage = copyUsage(cluster.usage[n]);
  const potential = cluster.podsOn(n).filter((q) => instance.pods[q].priority < pod.priority && context.mayEvict(q));
  for (const q of potential) withoutPod(usage, cluster, q, 1);
  if (!fits(cluster, p, n, usage)) return undefined;
  potential.sort(
    (a, b) => instance.pods[b].priority - instance.pods[a].priority || context.startedAt[a] - context.startedAt[b],
  );
  const { violating, rest, breaks } = splitByBudgets(potential, context.budgets);
  const victims: number[] = [];
  let [violations, forbidden] = [0, false];
  const reprieve = (q: number) => {
    withoutPod(usage, cluster, q, -1);
    if (fits(cluster, p, n, usage)) return;
    withoutPod(usage, cluster, q, 1);
    victims.push(q);
    if (!breaks.has(q)) return;
    violations++;
    forbidden ||= breaks.get(q)!.some((b) => context.budgets.forbid[b]);
  };
  for (const q of violating) reprieve(q);
  for (const q of rest) reprieve(q);
  return { victims, violations, forbidden };
}

function rank(cluster: Cluster, candidate: PreemptionCandidate, violations: number, startedAt: number[]): Ranked {
  const priorities = candidate.victims.map((q) => cluster.instance.pods[q].priority);
  const highest = Math.max(...priorities);
  const ofHighest = candidate.victims.filter((q) => cluster.instance.pods[q].priority === highest);
  return {
    ...candidate,
    violations,
    highest,
    sum: priorities.reduce((total, priority) => total + priority + 2 ** 31, 0),
    earliestOfHighest: Math.min(...ofHighest.map((q) => startedAt[q])),
  };
}

function better(a: Ranked, b: Ranked): boolean {
  if (a.violations !== b.violations) return a.violations < b.violations;
  if (a.highest !== b.highest) return a.highest < b.highest;
  if (a.sum !== b.sum) return a.sum < b.sum;
  if (a.victims.length !== b.victims.length) return a.victims.length < b.victims.length;
  return a.earliestOfHighest > b.earliestOfHighest;
}

/** Upstream's dry-run size: 10% of the nodes, at least 100 (all of them in a smaller cluster). */
export function candidatesWanted(nodes: number): number {
  return Math.min(nodes, Math.max(100, Math.floor(nodes / 10)));
}

/**
 * The node (and victims) DefaultPreemption picks for pod `p`, visiting nodes in name
 * order; undefined when no node can be freed.
 */
export function pickPreemption(
  cluster: Cluster,
  p: number,
  order: number[],
  context: PreemptionContext,
): PreemptionCandidate | undefined {
  let best: Ranked | undefined;
  const wanted = candidatesWanted(order.length);
  let [found, clean] = [0, 0];
  for (const n of order) {
    const outcome = victimsOnNode(cluster, p, n, context);
    if (outcome === undefined || outcome.forbidden) continue;
    if (outcome.victims.length === 0) return { node: n, victims: [] };
    const ranked = rank(cluster, { node: n, victims: outcome.victims }, outcome.violations, context.startedAt);
    if (best === undefined || better(ranked, best)) best = ranked;
    [found, clean] = [found + 1, clean + (outcome.violations === 0 ? 1 : 0)];
    if (clean > 0 && found >= wanted) break;
  }
  return best === undefined ? undefined : { node: best.node, victims: best.victims };
}
