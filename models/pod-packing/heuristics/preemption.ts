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
  /** Each node's pods, most important first, as of its `Cluster.version` (kept across searches by the caller). */
  byImportance?: Map<number, { version: number; pods: number[] }>;
}

/** The node's pods, most important first (higher priority, then earlier start, then creation), cached per node version. */
function podsByImportance(cluster: Cluster, n: number, context: PreemptionContext): number[] {
  const cached = context.byImportance?.get(n);
  if (cached !== undefined && cached.version === cluster.version[n]) return cached.pods;
  const { instance } = cluster;
  const pods = [...cluster.podsOnUnordered(n)].sort(
    (a, b) =>
      instance.pods[b].priority - instance.pods[a].priority || context.startedAt[a] - context.startedAt[b] || a - b,
  );
  context.byImportance?.set(n, { version: cluster.version[n], pods });
  return pods;
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
  // Evicting every possible victim of lower priority is the most room there can be.
  if (!cluster.victims.fitsWithout(p, n, pod.priority, cluster.usage[n], instance.nodes[n], pod)) return undefined;
  // Most important first (so the lower-priority ones are a suffix).
  const potential = podsByImportance(cluster, n, context).filter(
    (q) => instance.pods[q].priority < pod.priority && context.mayEvict(q),
  );
  const keep = reprieveCheck(cluster, p, n, potential);
  if (keep === undefined) return undefined;
  const { violating, rest, breaks } = splitByBudgets(potential, context.budgets);
  const victims: number[] = [];
  let [violations, forbidden] = [0, false];
  for (const q of violating.length === 0 ? rest : [...violating, ...rest]) {
    if (keep(q)) continue;
    victims.push(q);
    if (!breaks.has(q)) continue;
    violations++;
    forbidden ||= breaks.get(q)!.some((b) => context.budgets.forbid[b]);
  }
  return { victims, violations, forbidden };
}

/**
 * The reprieve test: with every potential victim removed, undefined when pod p still does
 * not fit; else a test that puts pod q back when p still fits with it, and says so. Without
 * host ports in the cluster, NodeResourcesFit is sums against allocatable, so the test runs
 * on the slack left per resource (plain numbers: it runs for every potential victim of every
 * candidate node).
 */
function reprieveCheck(
  cluster: Cluster,
  p: number,
  n: number,
  potential: number[],
): ((q: number) => boolean) | undefined {
  if (cluster.hostPorts) {
    const usage = copyUsage(cluster.usage[n]);
    for (const q of potential) withoutPod(usage, cluster, q, 1);
    if (!fits(cluster, p, n, usage)) return undefined;
    return (q) => {
      withoutPod(usage, cluster, q, -1);
      if (fits(cluster, p, n, usage)) return true;
      withoutPod(usage, cluster, q, 1);
      return false;
    };
  }
  const { instance, table } = cluster;
  const [pod, node, usage] = [instance.pods[p], instance.nodes[n], cluster.usage[n]];
  const requests = table.requests[p];
  // Only the resources p requests are checked (fitsRequest); slot room always is.
  let cpu = pod.cpu > 0 ? node.cpu - usage.cpu - pod.cpu : Number.POSITIVE_INFINITY;
  let memory = pod.memory > 0 ? node.memory - usage.memory - pod.memory : Number.POSITIVE_INFINITY;
  let slots = node.pods - usage.pods - 1 + potential.length;
  const named = requests.map((amount, r) =>
    amount > 0 ? table.allocatable[n][r] - usage.named[r] - amount : Number.POSITIVE_INFINITY,
  );
  for (const q of potential) {
    [cpu, memory] = [cpu + instance.pods[q].cpu, memory + instance.pods[q].memory];
    const own = table.requests[q];
    for (let r = 0; r < own.length; r++) named[r] += own[r];
  }
  if (cpu < 0 || memory < 0 || slots < 0 || named.some((slack) => slack < 0)) return undefined;
  return (q) => {
    const victim = instance.pods[q];
    const own = table.requests[q];
    if (victim.cpu > cpu || victim.memory > memory || slots < 1) return false;
    for (let r = 0; r < own.length; r++) if (own[r] > named[r]) return false;
    [cpu, memory, slots] = [cpu - victim.cpu, memory - victim.memory, slots - 1];
    for (let r = 0; r < own.length; r++) named[r] -= own[r];
    return true;
  };
}

function rank(cluster: Cluster, candidate: PreemptionCandidate, violations: number, startedAt: number[]): Ranked {
  // A plain loop: this runs for every candidate node of every preemption.
  let [highest, sum, earliestOfHighest] = [Number.NEGATIVE_INFINITY, 0, Number.POSITIVE_INFINITY];
  for (const q of candidate.victims) {
    const priority = cluster.instance.pods[q].priority;
    sum += priority + 2 ** 31;
    if (priority > highest) [highest, earliestOfHighest] = [priority, startedAt[q]];
    else if (priority === highest) earliestOfHighest = Math.min(earliestOfHighest, startedAt[q]);
  }
  return {
    ...candidate,
    violations,
    highest,
    sum,
    earliestOfHighest,
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
  const { instance } = cluster;
  const pod = instance.pods[p];
  // Without budgets, ports and gangs a node is a candidate exactly when it passes the quick
  // check, and every victim it would have is at least its lowest possible one: a node whose
  // lowest possible victim outranks the best candidate's highest cannot win. It still counts
  // towards the dry run's size, so it is counted, not evaluated.
  const simple = !instance.budgets && !instance.groups && !cluster.hostPorts;
  for (const n of order) {
    if (
      simple &&
      best !== undefined &&
      eligible(pod, instance.nodes[n]) &&
      cluster.victims.lowestVictim(n, pod.priority) > best.highest &&
      cluster.victims.fitsWithout(p, n, pod.priority, cluster.usage[n], instance.nodes[n], pod)
    ) {
      [found, clean] = [found + 1, clean + 1];
      if (found >= wanted) break;
      continue;
    }
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
