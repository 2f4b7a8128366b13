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
import type { Pod } from '../types.js';
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
function groupOf(pod: Pod): string | undefined {
  if (pod.owner === undefined) return undefined;
  const slash = pod.owner.indexOf('/');
  if (slash >= 0 && !spreadKinds.has(pod.owner.slice(0, slash))) return undefined;
  return `${namespaceOf(pod)}\u0000${pod.owner}`;
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
  const { instance } = cluster;
  const group = groupOf(instance.pods[p]);
  if (group === undefined) return feasible.map(() => 0);
  const matching = instance.nodes.map(() => 0);
  cluster.assignment.forEach((n, q) => {
    if (n >= 0 && q !== p && groupOf(instance.pods[q]) === group) matching[n]++;
  });
  const zones = new Map<string, number>();
  for (const n of feasible) zones.set(instance.nodes[n].labels[zone] ?? '', 0);
  instance.nodes.forEach((node, n) => {
    const value = node.labels[zone] ?? '';
    if (zones.has(value) && matchesAffinity(instance.pods[p], node)) zones.set(value, zones.get(value)! + matching[n]);
  });
  const weights = [Math.log(feasible.length + 2), Math.log(zones.size + 2)];
  const raw = feasible.map((n) => {
    const labels = instance.nodes[n].labels;
    let score = 0;
    constraints.forEach((c, i) => {
      if (labels[c.key] === undefined) return;
      const count = c.key === hostname ? matching[n] : zones.get(labels[c.key])!;
      score += count * weights[i] + c.maxSkew - 1;
    });
    return Math.round(score);
  });
  const [most, least] = [Math.max(0, ...raw), Math.min(...raw)];
  return raw.map((s) => (most === 0 ? 100 : Math.floor((100 * (most + least - s)) / most)));
}
