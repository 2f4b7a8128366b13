/**
 * PodTopologySpread's score with the system default constraints (plugins/podtopologyspread,
 * scoring.go, Kubernetes 1.30): a pod that a ReplicaSet, ReplicationController or
 * StatefulSet owns is spread with maxSkew 3 over `kubernetes.io/hostname` and maxSkew 5
 * over `topology.kubernetes.io/zone`, both ScheduleAnyway; the plugin weighs 2.
 *
 * Upstream's selector is the union of the selectors of the controllers and Services that
 * select the pod; here the matching pods are those with the same owner in the same
 * namespace (no Services, no other controllers' overlapping selectors).
 *
 * Per node, for each constraint whose key the node has: count the matching pods (on the
 * node itself for hostname; in its zone over every node that the pod's node selector and
 * required affinity admit, the default nodeAffinityPolicy Honor), and score
 * count x ln(size + 2) + maxSkew - 1, size being the number of feasible nodes (hostname) or
 * of the zones among them; round the sum. Normalized: with max M and min m over the
 * feasible nodes, 100 x (M + m - s) / M, integer division, or 100 for all when M is 0.
 */
import type { Pod, PodPackingInstance } from '../types.js';
import type { Cluster } from './cluster.js';
import { matchesAffinity } from './filters.js';

const hostname = 'kubernetes.io/hostname';
const zone = 'topology.kubernetes.io/zone';
const constraints = [
  { key: hostname, maxSkew: 3 },
  { key: zone, maxSkew: 5 },
];
const spreadKinds = new Set(['ReplicaSet', 'ReplicationController', 'StatefulSet']);

function namespaceOf(pod: Pod): string {
  const slash = pod.name.indexOf('/');
  return slash < 0 ? 'default' : pod.name.slice(0, slash);
}

/** The spreading group of a pod, or undefined when no default constraint applies. A JSON owner without a kind is a ReplicaSet. */
export function spreadGroupOf(pod: Pod): string | undefined {
  if (pod.owner === undefined) return undefined;
  const slash = pod.owner.indexOf('/');
  if (slash >= 0 && !spreadKinds.has(pod.owner.slice(0, slash))) return undefined;
  return `${namespaceOf(pod)}\u0000${pod.owner}`;
}

/**
 * The pods of each spreading group on each node and in each zone, kept up to date as pods
 * are bound and unbound, so a score reads its counts instead of scanning every pod.
 */
export class SpreadCounts {
  /** Group index per pod, -1 for none. */
  readonly groupOf: Int32Array;
  private readonly onNode: Int32Array[];
  private readonly inZone: Map<string, number>[];
  /** Per node: its zone label ('' when it has none), and which default constraints apply (its keys). */
  readonly zoneOf: string[];
  readonly hasZone: Uint8Array;
  readonly hasHostname: Uint8Array;

  constructor(instance: PodPackingInstance) {
    const index = new Map<string, number>();
    this.groupOf = Int32Array.from(instance.pods, (pod) => {
      const key = spreadGroupOf(pod);
      if (key === undefined) return -1;
      if (!index.has(key)) index.set(key, index.size);
      return index.get(key)!;
    });
    this.onNode = Array.from({ length: index.size }, () => new Int32Array(instance.nodes.length));
    this.inZone = Array.from({ length: index.size }, () => new Map<string, number>());
    this.zoneOf = instance.nodes.map((node) => node.labels[zone] ?? '');
    this.hasZone = Uint8Array.from(instance.nodes, (node) => (node.labels[zone] === undefined ? 0 : 1));
    this.hasHostname = Uint8Array.from(instance.nodes, (node) => (node.labels[hostname] === undefined ? 0 : 1));
  }

  shift(p: number, n: number, sign: 1 | -1): void {
    const g = this.groupOf[p];
    if (g < 0) return;
    this.onNode[g][n] += sign;
    const z = this.zoneOf[n];
    this.inZone[g].set(z, (this.inZone[g].get(z) ?? 0) + sign);
  }

  /** Matching pods on node n (the group's pods bound there). */
  onNodeCount(g: number, n: number): number {
    return this.onNode[g][n];
  }

  /** Matching pods in a zone over every node. */
  inZoneCount(g: number, zoneValue: string): number {
    return this.inZone[g].get(zoneValue) ?? 0;
  }
}

/** Matching pods per zone of the feasible nodes, over the nodes the pod's selector and affinity admit. */
function zoneTotals(cluster: Cluster, p: number, g: number, feasible: number[]): Map<string, number> {
  const { instance, spread } = cluster;
  const pod = instance.pods[p];
  const zones = new Map<string, number>();
  for (const n of feasible) zones.set(spread.zoneOf[n], 0);
  if (Object.keys(pod.nodeSelector).length === 0 && pod.affinity.length === 0) {
    for (const value of zones.keys()) zones.set(value, spread.inZoneCount(g, value));
    return zones;
  }
  instance.nodes.forEach((node, n) => {
    const value = node.labels[zone] ?? '';
    if (zones.has(value) && matchesAffinity(pod, node)) zones.set(value, zones.get(value)! + spread.onNodeCount(g, n));
  });
  return zones;
}

/**
 * The normalized scores (0-100) of the feasible nodes for pod `p`, in the order given.
 *
 * @example
 * ```ts
 * topologySpreadScores(cluster, p, feasible); // e.g. [100, 40, 100]
 * ```
 */
export function topologySpreadScores(cluster: Cluster, p: number, feasible: number[]): number[] {
  const { spread } = cluster;
  const g = spread.groupOf[p];
  if (g < 0) return feasible.map(() => 0);
  const zones = zoneTotals(cluster, p, g, feasible);
  const [hostWeight, zoneWeight] = [Math.log(feasible.length + 2), Math.log(zones.size + 2)];
  const [hostSkew, zoneSkew] = [constraints[0].maxSkew - 1, constraints[1].maxSkew - 1];
  // A plain loop: this runs for every feasible node of every pod a ReplicaSet owns.
  const raw = new Array<number>(feasible.length);
  let [most, least] = [0, Number.POSITIVE_INFINITY];
  for (let k = 0; k < feasible.length; k++) {
    const n = feasible[k];
    let score = 0;
    if (spread.hasHostname[n]) score += spread.onNodeCount(g, n) * hostWeight + hostSkew;
    if (spread.hasZone[n]) score += zones.get(spread.zoneOf[n])! * zoneWeight + zoneSkew;
    raw[k] = Math.round(score);
    most = Math.max(most, raw[k]);
    least = Math.min(least, raw[k]);
  }
  return raw.map((s) => (most === 0 ? 100 : Math.floor((100 * (most + least - s)) / most)));
}
