/**
 * DefaultPreemption (pkg/scheduler/framework/plugins/defaultpreemption): when a pod fits
 * no node, find on each node the smallest set of lower-priority victims whose removal
 * lets it fit, then pick one node by the scheduler's criteria.
 *
 * Victims on a node: remove every lower-priority pod that may be evicted; if the pod
 * still does not fit, the node is no candidate. Otherwise reprieve the removed pods one
 * by one, most important first (higher priority, then earlier start), keeping each one
 * that leaves room. Among candidates (pickOneNodeForPreemption): lowest highest victim
 * priority, then lowest sum of (priority + 2^31) (so fewer victims first), then fewest
 * victims, then the latest start of the highest-priority victims, then node name.
 * PodDisruptionBudgets are not modeled; running pods marked not evictable are never victims.
 */
import { copyUsage, eligible, fits, type NodeUsage } from './filters.js';
import type { Cluster } from './cluster.js';

export interface PreemptionCandidate {
  node: number;
  victims: number[];
}

interface Ranked extends PreemptionCandidate {
  highest: number;
  sum: number;
  earliestOfHighest: number;
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

/** The victims of pod `p` on node `n`, or undefined when evicting cannot make it fit. */
export function victimsOnNode(
  cluster: Cluster,
  p: number,
  n: number,
  mayEvict: (q: number) => boolean,
  startedAt: number[],
): number[] | undefined {
  const { instance } = cluster;
  const pod = instance.pods[p];
  const node = instance.nodes[n];
  if (!eligible(pod, node)) return undefined;
  const usage = copyUsage(cluster.usage[n]);
  const potential = cluster.podsOn(n).filter((q) => instance.pods[q].priority < pod.priority && mayEvict(q));
  for (const q of potential) withoutPod(usage, cluster, q, 1);
  if (!fits(cluster, p, n, usage)) return undefined;
  potential.sort((a, b) => instance.pods[b].priority - instance.pods[a].priority || startedAt[a] - startedAt[b]);
  const victims: number[] = [];
  for (const q of potential) {
    withoutPod(usage, cluster, q, -1);
    if (!fits(cluster, p, n, usage)) {
      withoutPod(usage, cluster, q, 1);
      victims.push(q);
    }
  }
  return victims;
}

function rank(cluster: Cluster, candidate: PreemptionCandidate, startedAt: number[]): Ranked {
  const priorities = candidate.victims.map((q) => cluster.instance.pods[q].priority);
  const highest = Math.max(...priorities);
  const ofHighest = candidate.victims.filter((q) => cluster.instance.pods[q].priority === highest);
  return {
    ...candidate,
    highest,
    sum: priorities.reduce((total, priority) => total + priority + 2 ** 31, 0),
    earliestOfHighest: Math.min(...ofHighest.map((q) => startedAt[q])),
  };
}

function better(a: Ranked, b: Ranked): boolean {
  if (a.highest !== b.highest) return a.highest < b.highest;
  if (a.sum !== b.sum) return a.sum < b.sum;
  if (a.victims.length !== b.victims.length) return a.victims.length < b.victims.length;
  return a.earliestOfHighest > b.earliestOfHighest;
}

/**
 * The node (and victims) DefaultPreemption picks for pod `p`, visiting nodes in name
 * order; undefined when no node can be freed.
 */
export function pickPreemption(
  cluster: Cluster,
  p: number,
  order: number[],
  mayEvict: (q: number) => boolean,
  startedAt: number[],
): PreemptionCandidate | undefined {
  let best: Ranked | undefined;
  for (const n of order) {
    const victims = victimsOnNode(cluster, p, n, mayEvict, startedAt);
    if (victims === undefined) continue;
    if (victims.length === 0) return { node: n, victims };
    const ranked = rank(cluster, { node: n, victims }, startedAt);
    if (best === undefined || better(ranked, best)) best = ranked;
  }
  return best === undefined ? undefined : { node: best.node, victims: best.victims };
}
