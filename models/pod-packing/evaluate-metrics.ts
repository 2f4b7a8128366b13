/**
 * The evaluator's figures on named resources (GPUs above all), per resource R that some
 * pod requests:
 * - `placed.<R>.p<prio>`: units of R requested by the placed pods of a priority tier,
 *   and `placed.<R>` over all tiers; `requested.<R>`: units of R all pods request;
 * - `stranded.<R>`: units of R left free on nodes where they cannot serve the smallest
 *   request of R among the pods left pending (fragmentation: the units exist, but not
 *   together); 0 when no pod requesting R is pending;
 * and for gangs with a topology key (topology.ts): `topology.domains` (domains their placed
 * pods use, summed over gangs), `topology.extraDomains` (beyond one per placed gang) and
 * `topology.spreadGangs` (placed gangs in more than one domain).
 */
import type { NodeLoad } from './evaluate-checks.js';
import { requestedResources } from './resources.js';
import { extraDomains, gangDomains, keyedGangs } from './topology.js';
import type { PodPackingInstance } from './types.js';

/** Units of `name` free on nodes too short for the smallest pending request of it. */
function stranded(instance: PodPackingInstance, assignment: number[], loads: NodeLoad[], name: string): number {
  let smallest = Number.POSITIVE_INFINITY;
  instance.pods.forEach((pod, p) => {
    const amount = pod.resources?.[name] ?? 0;
    if (assignment[p] < 0 && amount > 0) smallest = Math.min(smallest, amount);
  });
  if (smallest === Number.POSITIVE_INFINITY) return 0;
  return instance.nodes.reduce((total, node, n) => {
    const free = Math.max(0, (node.resources?.[name] ?? 0) - (loads[n].named.get(name) ?? 0));
    return total + (free < smallest ? free : 0);
  }, 0);
}

/**
 * The named-resource metrics of a placement (node index per pod, -1 unplaced).
 *
 * @example
 * ```ts
 * resourceMetrics(instance, [0, -1], nodeLoads(instance, [0, -1]));
 * // { 'requested.nvidia.com/gpu': 16, 'placed.nvidia.com/gpu': 8, 'placed.nvidia.com/gpu.p0': 8, 'stranded.nvidia.com/gpu': 0 }
 * ```
 */
export function resourceMetrics(
  instance: PodPackingInstance,
  assignment: number[],
  loads: NodeLoad[],
): Record<string, number> {
  const metrics: Record<string, number> = {};
  const tiers = [...new Set(instance.pods.map((pod) => pod.priority))];
  for (const name of requestedResources(instance)) {
    metrics[`requested.${name}`] = 0;
    metrics[`placed.${name}`] = 0;
    for (const priority of tiers) metrics[`placed.${name}.p${priority}`] = 0;
    instance.pods.forEach((pod, p) => {
      const amount = pod.resources?.[name] ?? 0;
      metrics[`requested.${name}`] += amount;
      if (assignment[p] < 0) return;
      metrics[`placed.${name}`] += amount;
      metrics[`placed.${name}.p${pod.priority}`] += amount;
    });
    metrics[`stranded.${name}`] = stranded(instance, assignment, loads, name);
  }
  return metrics;
}

/**
 * The topology metrics of a placement (none when no gang has a topology key).
 *
 * @example
 * ```ts
 * topologyMetrics(instance, assignment); // { 'topology.domains': 3, 'topology.extraDomains': 1, 'topology.spreadGangs': 1 }
 * ```
 */
export function topologyMetrics(instance: PodPackingInstance, assignment: number[]): Record<string, number> {
  const gangs = keyedGangs(instance);
  if (gangs.length === 0) return {};
  const domains = gangs.map(({ group, key }) => gangDomains(instance, group, key, assignment));
  return {
    'topology.domains': domains.reduce((total, count) => total + count, 0),
    'topology.extraDomains': extraDomains(instance, assignment),
    'topology.spreadGangs': domains.filter((count) => count > 1).length,
  };
}
