/**
 * The evaluator's own reading of the scheduling rules (it never calls the heuristics'
 * filters or the formulation): node selector and required node affinity, taints, host
 * ports, and what a node's pods request of each resource.
 */
import type { HostPort, NodeSelectorRequirement, Pod, PodNode, PodPackingInstance, Taint } from './types.js';

/** The taint that `spec.unschedulable` stands for (manifests.ts adds it). */
export const unschedulableTaint = 'node.kubernetes.io/unschedulable';

function requirementHolds(labels: Record<string, string>, req: NodeSelectorRequirement): boolean {
  const value = labels[req.key];
  if (req.operator === 'Exists') return value !== undefined;
  if (req.operator === 'DoesNotExist') return value === undefined;
  if (req.operator === 'In') return value !== undefined && req.values.includes(value);
  if (req.operator === 'NotIn') return !(value !== undefined && req.values.includes(value));
  const have = value !== undefined && /^-?\d+$/.test(value) ? Number(value) : Number.NaN;
  return req.operator === 'Gt' ? have > Number(req.values[0]) : have < Number(req.values[0]);
}

/** The label of the node selector the node lacks, or undefined when every one matches. */
export function selectorMiss(pod: Pod, node: PodNode): string | undefined {
  for (const [key, value] of Object.entries(pod.nodeSelector)) if (node.labels[key] !== value) return `${key}=${value}`;
  return undefined;
}

/** Whether some required node affinity term holds (or there are none). */
export function affinityHolds(pod: Pod, node: PodNode): boolean {
  return (
    pod.affinity.length === 0 ||
    pod.affinity.some((term) => term.length > 0 && term.every((req) => requirementHolds(node.labels, req)))
  );
}

/** The first NoSchedule/NoExecute taint of the node that the pod does not tolerate (upstream reports the first). */
export function untoleratedTaint(pod: Pod, node: PodNode): Taint | undefined {
  return node.taints.find(
    (taint) =>
      taint.effect !== 'PreferNoSchedule' &&
      !pod.tolerations.some(
        (t) =>
          (t.effect === undefined || t.effect === taint.effect) &&
          (!t.key || t.key === taint.key) &&
          (t.operator === 'Exists' || (t.value ?? '') === (taint.value ?? '')),
      ),
  );
}

/** Why `pod` may not be newly placed on `node`, one sentence per reason. */
export function ineligibility(pod: Pod, node: PodNode): string[] {
  const reasons: string[] = [];
  const missing = selectorMiss(pod, node);
  if (missing !== undefined)
    reasons.push(`its nodeSelector asks for label ${missing}, which node '${node.name}' lacks`);
  if (!affinityHolds(pod, node)) reasons.push(`node '${node.name}' meets none of its required node affinity terms`);
  const taint = untoleratedTaint(pod, node);
  if (taint !== undefined)
    reasons.push(
      `node '${node.name}' has taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}, which it does not tolerate`,
    );
  return reasons;
}

/**
 * Two host ports clash when protocol and port agree and the IPs are equal or one of them
 * is 0.0.0.0 (every address), as `HostPortInfo.CheckConflict` decides.
 */
export function portsClash(a: HostPort, b: HostPort): boolean {
  return (
    a.port === b.port &&
    a.protocol === b.protocol &&
    (a.hostIP === b.hostIP || a.hostIP === '0.0.0.0' || b.hostIP === '0.0.0.0')
  );
}

/** What the pods on one node request: cpu, memory, pod slots, named resources and host ports. */
export interface NodeLoad {
  cpu: number;
  memory: number;
  pods: number;
  named: Map<string, number>;
  ports: HostPort[];
}

/** The load of every node under an assignment (node index per pod, -1 unplaced). */
export function nodeLoads(instance: PodPackingInstance, assignment: number[]): NodeLoad[] {
  const loads = instance.nodes.map(() => ({ cpu: 0, memory: 0, pods: 0, named: new Map(), ports: [] as HostPort[] }));
  instance.pods.forEach((pod, p) => {
    const load = loads[assignment[p]];
    if (load === undefined) return;
    [load.cpu, load.memory, load.pods] = [load.cpu + pod.cpu, load.memory + pod.memory, load.pods + 1];
    for (const [name, amount] of Object.entries(pod.resources ?? {}))
      load.named.set(name, (load.named.get(name) ?? 0) + amount);
    load.ports.push(...(pod.hostPorts ?? []));
  });
  return loads;
}
