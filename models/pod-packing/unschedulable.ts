/**
 * Why a pod is left pending, in kube-scheduler's own words: the message of its
 * `FailedScheduling` event (`FitError.Error()`, pkg/scheduler/framework/types.go), e.g.
 * `0/3 nodes are available: 1 Insufficient nvidia.com/gpu, 2 node(s) didn't match Pod's
 * node affinity/selector.` Each node contributes the reasons of the first filter plugin
 * that rejects the pod, in the default profile's order (NodeUnschedulable, TaintToleration,
 * NodeAffinity, NodePorts, NodeResourcesFit); the histogram "<count> <reason>" is sorted
 * as strings, as upstream sorts it. The reasons are judged against the placement itself:
 * the pods it places hold their resources and ports.
 *
 * Upstream appends the PostFilter (preemption) outcome; a placement has no preemption
 * attempt to report, so that part is left out. A pod that some node could still take is
 * pending for another reason (its gang, or the placement's choice), and says so instead.
 */
import {
  affinityHolds,
  nodeLoads,
  portsClash,
  selectorMiss,
  unschedulableTaint,
  untoleratedTaint,
  type NodeLoad,
} from './evaluate-checks.js';
import { insufficientReason, tooManyPods } from './resources.js';
import { groupOfPods } from './gangs.js';
import type { Pod, PodGroup, PodNode, PodPackingInstance } from './types.js';

/** NodeResourcesFit's reasons (`Too many pods`, `Insufficient cpu`, ...); none when the pod fits. */
function resourceReasons(pod: Pod, node: PodNode, load: NodeLoad): string[] {
  const reasons: string[] = [];
  if (load.pods + 1 > node.pods) reasons.push(tooManyPods);
  if (pod.cpu > 0 && pod.cpu > node.cpu - load.cpu) reasons.push(insufficientReason('cpu'));
  if (pod.memory > 0 && pod.memory > node.memory - load.memory) reasons.push(insufficientReason('memory'));
  for (const [name, amount] of Object.entries(pod.resources ?? {})) {
    if (amount > 0 && amount > (node.resources?.[name] ?? 0) - (load.named.get(name) ?? 0))
      reasons.push(insufficientReason(name));
  }
  return reasons;
}

/** The reasons the first rejecting filter gives for one node; none when the node would take the pod. */
export function nodeReasons(pod: Pod, node: PodNode, load: NodeLoad): string[] {
  const taint = untoleratedTaint(pod, node);
  if (taint?.key === unschedulableTaint && taint.effect === 'NoSchedule') return ['node(s) were unschedulable'];
  if (taint !== undefined) return [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`];
  if (selectorMiss(pod, node) !== undefined || !affinityHolds(pod, node))
    return ["node(s) didn't match Pod's node affinity/selector"];
  if ((pod.hostPorts ?? []).some((want) => load.ports.some((used) => portsClash(want, used))))
    return ["node(s) didn't have free ports for the requested pod ports"];
  return resourceReasons(pod, node, load);
}

/** Node index per pod, an index that names no node read as unplaced. */
function validAssignment(instance: PodPackingInstance, assignment: number[]): number[] {
  return instance.pods.map((_, p) => {
    const n = assignment[p] ?? -1;
    return Number.isInteger(n) && n >= 0 && n < instance.nodes.length ? n : -1;
  });
}

/** Pods alike in everything the filters read (and in their gang) get the same message, so it is computed once per kind. */
function signature(pod: Pod, group: number): string {
  const { cpu, memory, resources, hostPorts, nodeSelector, affinity, tolerations } = pod;
  return JSON.stringify([cpu, memory, resources, hostPorts, nodeSelector, affinity, tolerations, group]);
}

interface Judged {
  /** The pod's gang, if any. */
  group?: PodGroup;
  /** Nodes that would take the pod. */
  open: number;
  /** Reason -> how many nodes give it. */
  histogram: Map<string, number>;
}

function judge(instance: PodPackingInstance, pod: Pod, loads: NodeLoad[]): Judged {
  const histogram = new Map<string, number>();
  let open = 0;
  instance.nodes.forEach((node, n) => {
    const reasons = nodeReasons(pod, node, loads[n]);
    if (reasons.length === 0) open++;
    for (const reason of reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
  });
  return { open, histogram };
}

/** The judgement of every pending pod (by pod index), computed once per signature. */
function judgePending(instance: PodPackingInstance, assignment: number[]): Map<number, Judged> {
  const valid = validAssignment(instance, assignment);
  const loads = nodeLoads(instance, valid);
  const bySignature = new Map<string, Judged>();
  const judged = new Map<number, Judged>();
  const groupOf = groupOfPods(instance);
  instance.pods.forEach((pod, p) => {
    if (valid[p] >= 0) return;
    const key = signature(pod, groupOf[p]);
    let verdict = bySignature.get(key);
    if (verdict === undefined) {
      verdict = judge(instance, pod, loads);
      if (groupOf[p] >= 0) verdict.group = instance.groups![groupOf[p]];
      bySignature.set(key, verdict);
    }
    judged.set(p, verdict);
  });
  return judged;
}

/** FitError's text for one verdict. */
function message(total: number, { group, open, histogram }: Judged): string {
  if (open > 0 && group !== undefined)
    return `${open}/${total} nodes could take the pod alone, but its gang '${group.name}' needs ${group.minMember} pods placed together and is left pending.`;
  if (open > 0) return `${open}/${total} nodes could take the pod, but the placement leaves it pending for other pods.`;
  const parts = [...histogram].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

/**
 * The `FailedScheduling` message of every pod the assignment leaves without a node, by pod name.
 *
 * @example
 * ```ts
 * pendingMessages(instance, [0, -1]); // { b: '0/1 nodes are available: 1 Insufficient nvidia.com/gpu.' }
 * ```
 */
export function pendingMessages(instance: PodPackingInstance, assignment: number[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [p, verdict] of judgePending(instance, assignment))
    messages[instance.pods[p].name] = message(instance.nodes.length, verdict);
  return messages;
}

/**
 * How many pending pods each filter reason holds back (a pod counts once per reason it
 * meets on some node): the evaluator's `pending.reason.<reason>` metrics.
 *
 * @example
 * ```ts
 * reasonCounts(instance, [0, -1]); // Map { 'Insufficient nvidia.com/gpu' => 1 }
 * ```
 */
export function reasonCounts(instance: PodPackingInstance, assignment: number[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const verdict of judgePending(instance, assignment).values())
    for (const reason of verdict.histogram.keys()) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return counts;
}
