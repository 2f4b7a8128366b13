/**
 * The report page's view of a pod placement: one bin per node with its allocatable CPU,
 * memory and the named resources pods request (GPUs, ...), the placed pods stacked in it by
 * name and coloured by priority, and the pods left pending with kube-scheduler's reason.
 */
import type { PackingData, ReportView } from '../../src/family/report-view.js';
import type { Pod, PodNode, PodPackingInstance, PodPackingSolution } from './instance.js';
import { priorityTiers } from './instance.js';
import { nodeAllocatable, podRequest, requestedResources, resourceKind } from './resources.js';
import { pendingMessages } from './unschedulable.js';

/** One compared resource: its name, the unit shown, and a pod's request and a node's allocatable in that unit. */
export interface PackingDimension {
  name: string;
  unit: string;
  request(pod: Pod): number;
  allocatable(node: PodNode): number;
}

const gibibyte = 2 ** 30;

/**
 * CPU (cores), memory (GiB) and every named resource some pod requests (bytes in GiB,
 * extended resources such as `nvidia.com/gpu` in whole units).
 *
 * @example
 * ```ts
 * packingDimensions(instance).map((d) => d.name); // ['cpu', 'memory', 'nvidia.com/gpu']
 * ```
 */
export function packingDimensions(instance: PodPackingInstance): PackingDimension[] {
  const named = requestedResources(instance).map((name): PackingDimension => {
    const scale = resourceKind(name) === 'extended' ? 1 : gibibyte;
    return {
      name,
      unit: scale === 1 ? 'units' : 'GiB',
      request: (pod) => podRequest(pod, name) / scale,
      allocatable: (node) => nodeAllocatable(node, name) / scale,
    };
  });
  return [
    { name: 'cpu', unit: 'cores', request: (pod) => pod.cpu / 1000, allocatable: (node) => node.cpu / 1000 },
    {
      name: 'memory',
      unit: 'GiB',
      request: (pod) => pod.memory / gibibyte,
      allocatable: (node) => node.memory / gibibyte,
    },
    ...named,
  ];
}

/** A node's labels (`key=value`) and taints (`key=value:Effect`), what decides which pods it may take. */
function nodeLabels(node: PodNode): string[] {
  const labels = Object.entries(node.labels).map(([key, value]) => `${key}=${value}`);
  const taints = node.taints.map((t) => `taint ${t.key}${t.value === undefined ? '' : `=${t.value}`}:${t.effect}`);
  return [...labels, ...taints];
}

/** The legend's name of a priority tier. */
export const priorityGroup = (priority: number) => `priority ${priority}`;

/** What changed for a pod: moved or evicted (a running pod), or why it is pending (a new one). */
export function noteOf(
  instance: PodPackingInstance,
  p: number,
  node: number,
  pending: Record<string, string>,
): string | undefined {
  const pod = instance.pods[p];
  const was = pod.node === undefined ? undefined : instance.nodes[pod.node]?.name;
  if (node >= 0) return was !== undefined && pod.node !== node ? `moved from ${was}` : undefined;
  if (was !== undefined) return `evicted from ${was}`;
  return pending[pod.name];
}

function itemsOf(instance: PodPackingInstance, solution: PodPackingSolution, dimensions: PackingDimension[]) {
  const pending = pendingMessages(instance, solution.assignment);
  return instance.pods.map((pod, p): PackingData['items'][number] => {
    const node = solution.assignment[p] ?? -1;
    const note = noteOf(instance, p, node, pending);
    return {
      name: pod.name,
      bin: instance.nodes[node]?.name ?? null,
      request: Object.fromEntries(dimensions.map((d) => [d.name, d.request(pod)])),
      group: priorityGroup(pod.priority),
      ...(note ? { note } : {}),
    };
  });
}

/**
 * The placement as a packing view: every node a bin, every pod an item in its node (or in
 * none: pending or evicted), priority as the colour, highest tier first in the legend.
 *
 * @example
 * ```ts
 * const view = podPackingReportView(instance, kubeScheduler(instance));
 * view.kind; // 'packing'
 * ```
 */
export function podPackingReportView(instance: PodPackingInstance, solution: PodPackingSolution): ReportView {
  const dimensions = packingDimensions(instance);
  const items = itemsOf(instance, solution, dimensions);
  const placed = items.filter((item) => item.bin !== null).length;
  return {
    kind: 'packing',
    title: `${instance.name}: ${placed} of ${items.length} pods placed on ${instance.nodes.length} nodes`,
    data: {
      dimensions: dimensions.map(({ name, unit }) => ({ name, unit })),
      bins: instance.nodes.map((node) => ({
        name: node.name,
        capacity: Object.fromEntries(dimensions.map((d) => [d.name, d.allocatable(node)])),
        labels: nodeLabels(node),
      })),
      items,
      groupLegend: 'priority',
      groups: priorityTiers(instance).map(priorityGroup),
    },
  };
}
