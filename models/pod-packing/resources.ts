/**
 * The resources a pod requests beyond CPU, memory and a pod slot, as kube-scheduler's
 * NodeResourcesFit sees them (`framework.Resource`): `ephemeral-storage` (bytes),
 * `hugepages-<size>` (bytes) and extended resources such as `nvidia.com/gpu`,
 * `amd.com/gpu` or `rdma/hca` (any `domain/name` outside `kubernetes.io`, whole units).
 * Nodes and pods carry them as `resources: { name: amount }`; a node whose allocatable
 * lacks a resource has none of it, as upstream reads a missing entry as zero.
 *
 * `ResourceTable` lines the amounts up in arrays, one column per resource that some pod
 * requests, so the scheduler, the MIP and the evaluator loop over the same columns.
 */
import type { Pod, PodNode, PodPackingInstance } from './types.js';

/** How a named resource is counted: bytes (ephemeral storage, huge pages) or whole units (extended). */
export type ResourceKind = 'ephemeral-storage' | 'hugepages' | 'extended';

const qualified =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)$/;

/**
 * The kind of a resource name a pod may request besides cpu and memory, or undefined
 * when Kubernetes would refuse it in a container's requests (`gpu`, `storage`,
 * `kubernetes.io/foo`, `requests.nvidia.com/gpu`).
 *
 * @example
 * ```ts
 * resourceKind('nvidia.com/gpu'); // 'extended'
 * resourceKind('hugepages-2Mi');  // 'hugepages'
 * resourceKind('gpu');            // undefined
 * ```
 */
export function resourceKind(name: string): ResourceKind | undefined {
  if (name === 'ephemeral-storage') return 'ephemeral-storage';
  if (/^hugepages-.+$/.test(name)) return 'hugepages';
  const match = qualified.exec(name);
  if (!match || name.length > 253 + 1 + 63) return undefined;
  const domain = match[1];
  // v1helper.IsExtendedResourceName: not native (kubernetes.io) and not a quota "requests." name.
  if (domain === 'kubernetes.io' || domain.endsWith('.kubernetes.io') || name.startsWith('requests.')) return undefined;
  return 'extended';
}

/** A pod's request of a named resource (0 when absent). */
export function podRequest(pod: Pod, name: string): number {
  return pod.resources?.[name] ?? 0;
}

/** A node's allocatable amount of a named resource (0 when its allocatable lacks it). */
export function nodeAllocatable(node: PodNode, name: string): number {
  return node.resources?.[name] ?? 0;
}

/** The named resources that some pod requests (amount > 0), sorted by name. */
export function requestedResources(instance: PodPackingInstance): string[] {
  const names = new Set<string>();
  for (const pod of instance.pods)
    for (const [name, amount] of Object.entries(pod.resources ?? {})) if (amount > 0) names.add(name);
  return [...names].sort();
}

/** Named resources in columns: `names[r]`, each pod's request and each node's allocatable per column. */
export interface ResourceTable {
  names: string[];
  requests: number[][];
  allocatable: number[][];
}

/**
 * The instance's named resources as columns (only those some pod requests).
 *
 * @example
 * ```ts
 * const table = resourceTable(instance); // { names: ['nvidia.com/gpu'], requests: [[8], [8]], allocatable: [[8]] }
 * ```
 */
export function resourceTable(instance: PodPackingInstance): ResourceTable {
  const names = requestedResources(instance);
  return {
    names,
    requests: instance.pods.map((pod) => names.map((name) => podRequest(pod, name))),
    allocatable: instance.nodes.map((node) => names.map((name) => nodeAllocatable(node, name))),
  };
}

/** The reason NodeResourcesFit gives for a resource that does not fit (`Insufficient nvidia.com/gpu`). */
export function insufficientReason(name: string): string {
  return `Insufficient ${name}`;
}

/** NodeResourcesFit's reason for a node whose pod slots are used up. */
export const tooManyPods = 'Too many pods';
