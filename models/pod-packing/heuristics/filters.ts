/**
 * The kube-scheduler's filter plugins that decide where a pod may go:
 * NodeResourcesFit (cpu, memory, pod slots and every named resource: GPUs, ephemeral
 * storage, huge pages), NodePorts, NodeAffinity (nodeSelector and required node affinity)
 * and TaintToleration, with the semantics of k8s.io/kubernetes pkg/scheduler/framework/plugins.
 * The formulation uses the same eligibility; the evaluator has its own check.
 */
import type { HostPort, NodeSelectorRequirement, Pod, PodNode, Taint, Toleration } from '../types.js';
import type { Cluster } from './cluster.js';

/** Requested totals on a node: cpu, memory, pods, the named resources by column, and the host ports in use. */
export interface NodeUsage {
  cpu: number;
  memory: number;
  pods: number;
  named: number[];
  ports: HostPort[];
}

/** Nothing requested, with `width` named-resource columns. */
export function emptyUsage(width: number): NodeUsage {
  return { cpu: 0, memory: 0, pods: 0, named: new Array<number>(width).fill(0), ports: [] };
}

/** A copy that the preemption search may change. */
export function copyUsage(usage: NodeUsage): NodeUsage {
  return { ...usage, named: [...usage.named], ports: [...usage.ports] };
}

/**
 * NodeResourcesFit (`fitsRequest`): a pod fits when each resource it requests is still
 * free, a named resource the node's allocatable lacks counting as zero; a resource the
 * pod does not request is not checked; pod slots always are.
 */
export function fitsResources(cluster: Cluster, p: number, n: number, used = cluster.usage[n]): boolean {
  const pod = cluster.instance.pods[p];
  const node = cluster.instance.nodes[n];
  if (used.pods + 1 > node.pods) return false;
  if (pod.cpu > 0 && node.cpu - used.cpu < pod.cpu) return false;
  if (pod.memory > 0 && node.memory - used.memory < pod.memory) return false;
  const requests = cluster.table.requests[p];
  const allocatable = cluster.table.allocatable[n];
  for (let r = 0; r < requests.length; r++)
    if (requests[r] > 0 && allocatable[r] - used.named[r] < requests[r]) return false;
  return true;
}

/** NodePorts: none of the pod's host ports clashes with one in use (same protocol and port, same IP or 0.0.0.0). */
export function portsFree(pod: Pod, used: NodeUsage): boolean {
  if (pod.hostPorts === undefined || used.ports.length === 0) return true;
  return pod.hostPorts.every((want) =>
    used.ports.every(
      (have) =>
        have.port !== want.port ||
        have.protocol !== want.protocol ||
        (have.hostIP !== want.hostIP && have.hostIP !== '0.0.0.0' && want.hostIP !== '0.0.0.0'),
    ),
  );
}

/** NodePorts and NodeResourcesFit: the filters that evicting pods can change. */
export function fits(cluster: Cluster, p: number, n: number, used = cluster.usage[n]): boolean {
  return portsFree(cluster.instance.pods[p], used) && fitsResources(cluster, p, n, used);
}

function matchesRequirement(labels: Record<string, string>, req: NodeSelectorRequirement): boolean {
  const value = labels[req.key];
  switch (req.operator) {
    case 'In':
      return value !== undefined && req.values.includes(value);
    case 'NotIn':
      return value === undefined || !req.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || !/^-?\d+$/.test(value)) return false;
      const have = Number(value);
      const want = Number(req.values[0]);
      return req.operator === 'Gt' ? have > want : have < want;
    }
  }
}

/**
 * NodeAffinity: every nodeSelector label matches, and when required terms are given at
 * least one term has all its requirements met (an empty term matches no node).
 */
export function matchesAffinity(pod: Pod, node: PodNode): boolean {
  for (const key in pod.nodeSelector) if (node.labels[key] !== pod.nodeSelector[key]) return false;
  if (pod.affinity.length === 0) return true;
  return pod.affinity.some((term) => term.length > 0 && term.every((req) => matchesRequirement(node.labels, req)));
}

/** `ToleratesTaint` of k8s.io/api core/v1: effect, key and value (or Exists) must match. */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  if (toleration.key !== undefined && toleration.key !== '' && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** TaintToleration: every NoSchedule and NoExecute taint of the node is tolerated. */
export function toleratesTaints(pod: Pod, node: PodNode): boolean {
  return node.taints.every(
    (taint) => taint.effect === 'PreferNoSchedule' || pod.tolerations.some((t) => tolerates(t, taint)),
  );
}

/** NodeAffinity and TaintToleration: the filters that evicting pods cannot change. */
export function eligible(pod: Pod, node: PodNode): boolean {
  return matchesAffinity(pod, node) && toleratesTaints(pod, node);
}

/** PreferNoSchedule taints the pod does not tolerate (TaintToleration's score input). */
export function intolerablePreferred(pod: Pod, node: PodNode): number {
  return node.taints.filter(
    (taint) => taint.effect === 'PreferNoSchedule' && !pod.tolerations.some((t) => tolerates(t, taint)),
  ).length;
}

/**
 * Whether the pod fits the node with nothing else on it: a node short of some resource the
 * pod requests can never take it, whatever moves or evictions free (the MIP leaves such
 * pairs out).
 */
export function fitsEmptyNode(pod: Pod, node: PodNode): boolean {
  if (node.pods < 1 || (pod.cpu > 0 && pod.cpu > node.cpu) || (pod.memory > 0 && pod.memory > node.memory))
    return false;
  return Object.entries(pod.resources ?? {}).every(([name, amount]) => amount <= (node.resources?.[name] ?? 0));
}
