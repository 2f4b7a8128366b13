/**
 * First-fit-decreasing bin packers. Pods are taken by priority (highest first), then by
 * size (the largest share of the cluster's total of any resource they request), then
 * creation order, and each goes to the first node by name where it is eligible and fits. A
 * gang is packed whole when its first pod comes up: its pods in the same order, kept only
 * if at least minMember of them hold a node.
 */
import type { PodPackingInstance, PodPackingSolution } from '../types.js';
import { Cluster, nodesByName } from './cluster.js';
import { eligible, fits } from './filters.js';
import { groupOfPods, placedMembers } from '../gangs.js';
import { repairGangs, repairNeverPreempt } from './repair.js';

/** Pods in first-fit-decreasing order: size is the largest share of the cluster's total of any resource requested. */
export function decreasingOrder(cluster: Cluster, pods: number[]): number[] {
  const { instance, table } = cluster;
  const total = (amount: (n: number) => number) => instance.nodes.reduce((t, _, n) => t + amount(n), 0) || 1;
  const totalCpu = total((n) => instance.nodes[n].cpu);
  const totalMemory = total((n) => instance.nodes[n].memory);
  const totalNamed = table.names.map((_, r) => total((n) => table.allocatable[n][r]));
  const size = (p: number) =>
    Math.max(
      instance.pods[p].cpu / totalCpu,
      instance.pods[p].memory / totalMemory,
      ...table.requests[p].map((amount, r) => amount / totalNamed[r]),
    );
  const sizes = new Map(pods.map((p) => [p, size(p)]));
  return [...pods].sort(
    (a, b) => instance.pods[b].priority - instance.pods[a].priority || sizes.get(b)! - sizes.get(a)! || a - b,
  );
}

function firstFit(cluster: Cluster, p: number, nodes: number[]): number {
  const { instance } = cluster;
  const pod = instance.pods[p];
  return nodes.find((n) => eligible(pod, instance.nodes[n]) && fits(cluster, p, n)) ?? -1;
}

/**
 * Place pods in the given order with `place`; a gang's pods all at once when its first one
 * comes up, undone unless the gang then holds at least minMember nodes.
 */
function placeInOrder(cluster: Cluster, order: number[], place: (p: number) => void): void {
  const groupOf = groupOfPods(cluster.instance);
  const listedMembers = new Map<number, number[]>();
  for (const p of order)
    if (groupOf[p] >= 0) listedMembers.set(groupOf[p], [...(listedMembers.get(groupOf[p]) ?? []), p]);
  const done = new Set<number>();
  for (const p of order) {
    const g = groupOf[p];
    if (g < 0) {
      place(p);
      continue;
    }
    if (done.has(g)) continue;
    done.add(g);
    const group = cluster.instance.groups![g];
    const members = listedMembers.get(g)!;
    for (const q of members) place(q);
    if (placedMembers(group, cluster.assignment) < group.minMember)
      for (const q of members) if (cluster.instance.pods[q].node === undefined) cluster.unbind(q);
  }
}

/**
 * Running pods stay; pending pods are packed first-fit-decreasing. No disruption.
 *
 * @example
 * ```ts
 * const solution = firstFitDecreasing(instance);
 * ```
 */
export function firstFitDecreasing(instance: PodPackingInstance): PodPackingSolution {
  const cluster = new Cluster(instance);
  const order = nodesByName(instance);
  const pending = instance.pods.flatMap((pod, p) => (pod.node === undefined ? [p] : []));
  placeInOrder(cluster, decreasingOrder(cluster, pending), (p) => {
    const n = firstFit(cluster, p, order);
    if (n >= 0) cluster.bind(p, n);
  });
  repairGangs(cluster);
  return cluster.solution();
}

/**
 * Repack: pods that must stay (neither movable nor evictable, or evictable only) keep
 * their node; then every other pod, in first-fit-decreasing order, goes to its current
 * node when it still fits there (no move), else to the first node that fits. An
 * evictable pod that may not move and no longer fits is evicted; a pod that may move
 * but not be evicted is placed before the others so that it keeps a place. Pods of a
 * `forbid` disruption budget that could not all go stay where they run, and a pod with
 * `preemptionPolicy: Never` that ends up where a lower-priority pod was displaced is left
 * pending.
 *
 * @example
 * ```ts
 * const solution = repackDecreasing(instance);
 * ```
 */
export function repackDecreasing(instance: PodPackingInstance): PodPackingSolution {
  const cluster = new Cluster(instance);
  const guarded = forbiddenToDisrupt(instance);
  const order = nodesByName(instance);
  const pinned = (p: number) =>
    instance.pods[p].node !== undefined &&
    ((!instance.pods[p].movable && !instance.pods[p].evictable) || guarded.has(p));
  const free = instance.pods.flatMap((_, p) => (pinned(p) ? [] : [p]));
  for (const p of free) cluster.unbind(p);
  const mustPlace = free.filter((p) => instance.pods[p].node !== undefined && !instance.pods[p].evictable);
  const first = new Set(mustPlace);
  const rest = free.filter((p) => !first.has(p));
  placeInOrder(cluster, [...decreasingOrder(cluster, mustPlace), ...decreasingOrder(cluster, rest)], (p) => {
    const pod = instance.pods[p];
    const current = pod.node;
    if (current !== undefined && fits(cluster, p, current)) cluster.bind(p, current);
    else if (current === undefined || pod.movable) {
      const n = firstFit(cluster, p, order);
      if (n >= 0) cluster.bind(p, n);
    }
  });
  repairNeverPreempt(cluster);
  repairGangs(cluster);
  return cluster.solution();
}

/**
 * The running pods of `forbid` budgets that could not all be disrupted: repack keeps them
 * where they are (a conservative reading that never breaks such a budget).
 */
function forbiddenToDisrupt(instance: PodPackingInstance): Set<number> {
  const guarded = new Set<number>();
  for (const budget of instance.budgets ?? []) {
    const running = budget.pods.filter((p) => instance.pods[p].node !== undefined);
    if (budget.forbid && running.length > budget.allowed) for (const p of running) guarded.add(p);
  }
  return guarded;
}
