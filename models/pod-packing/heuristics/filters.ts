/**
 * The kube-scheduler's filter plugins that decide where a pod may go:
 * NodeResourcesFit, NodeAffinity (nodeSelector and required node affinity) and
 * TaintToleration, with the semantics of k8s.io/kubernetes pkg/scheduler/framework/plugins.
 * The formulation uses the same eligibility; the evaluator has its own check.
 */
import type { NodeSelectorRequirement, Pod, PodNode, Taint, Toleration } from '../instance.js';

/** Requested totals on a node. */
export interface NodeUsage {
  cpu: number;
  memory: number;
  pods: number;
}

/**
 * NodeResourcesFit: a pod fits when each resource it requests is still free; a resource
 * the pod does not request is not checked (as in `fitsRequest`), pod slots always are.
 */
export function fitsResources(pod: Pod, node: PodNode, used: NodeUsage): boolean {
  if (used.pods + 1 > node.pods) return false;
  if (pod.cpu > 0 && node.cpu - used.cpu < pod.cpu) return false;
  if (pod.memory > 0 && node.memory - used.memory < pod.memory) return false;
  return true;
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
  for (const [key, value] of Object.entries(pod.nodeSelector)) if (node.labels[key] !== value) return false;
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
