/**
 * Topology of gangs: nodes carry labels whose values are domains (a rack, a zone, an NVLink
 * domain); a gang placed across several domains talks over slower links. A gang's key is
 * its own `topologyKey` or the instance's; a node without the label is a domain of its own.
 * The spread of a placement is the domains its placed gangs span beyond one each (0 when
 * every gang sits in one domain); it is a metric always and, with `compactGangs`, the last
 * level of the objective.
 */
import type { PodGroup, PodNode, PodPackingInstance } from './types.js';

/** The label key of a gang's domains, or undefined when neither it nor the instance names one. */
export function gangTopologyKey(instance: PodPackingInstance, group: PodGroup): string | undefined {
  return group.topologyKey ?? instance.topologyKey;
}

/** The domain of a node under a key (a node without the label is alone in its domain). */
export function domainOf(node: PodNode, key: string): string {
  return node.labels[key] ?? `\u0000node/${node.name}`;
}

/** The gangs that have a topology key, with it. */
export function keyedGangs(instance: PodPackingInstance): { group: PodGroup; key: string }[] {
  return (instance.groups ?? []).flatMap((group) => {
    const key = gangTopologyKey(instance, group);
    return key === undefined ? [] : [{ group, key }];
  });
}

/** The distinct domains a gang's placed pods use. */
export function gangDomains(instance: PodPackingInstance, group: PodGroup, key: string, assignment: number[]): number {
  const domains = new Set<string>();
  for (const p of group.pods) {
    const n = assignment[p] ?? -1;
    if (n >= 0 && n < instance.nodes.length) domains.add(domainOf(instance.nodes[n], key));
  }
  return domains.size;
}

/** Domains spanned beyond one per placed gang, over every keyed gang. */
export function extraDomains(instance: PodPackingInstance, assignment: number[]): number {
  return keyedGangs(instance).reduce(
    (total, { group, key }) => total + Math.max(0, gangDomains(instance, group, key, assignment) - 1),
    0,
  );
}

/** The most extra domains a placement can reach: each gang spread over as many domains as it has pods (or the key has values). */
export function maxExtraDomains(instance: PodPackingInstance): number {
  return keyedGangs(instance).reduce((total, { group, key }) => {
    const domains = new Set(instance.nodes.map((node) => domainOf(node, key))).size;
    return total + Math.max(0, Math.min(group.pods.length, domains) - 1);
  }, 0);
}

/** Whether the objective has the compactness level. */
export function compacting(instance: PodPackingInstance): boolean {
  return instance.compactGangs === true && keyedGangs(instance).length > 0;
}
