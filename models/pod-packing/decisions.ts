/**
 * A placement as Kubernetes decisions: `Eviction` objects for running pods that are
 * evicted or moved, `Binding` objects for pending pods that get a node.
 */
import { stringify } from 'yaml';
import type { PodPackingInstance, PodPackingSolution } from './instance.js';

function podRef(name: string): { name: string; namespace: string } {
  const slash = name.indexOf('/');
  return slash < 0 ? { name, namespace: 'default' } : { name: name.slice(slash + 1), namespace: name.slice(0, slash) };
}

/**
 * The decisions of a placement as Kubernetes objects: an `Eviction` per evicted or moved
 * running pod (a moved one is annotated with the node its replacement should go to), and
 * a `Binding` per pending pod that gets a node.
 *
 * @example
 * ```ts
 * const list = placementObjects(instance, solution); // { apiVersion: 'v1', kind: 'List', items: [...] }
 * ```
 */
export function placementObjects(
  instance: PodPackingInstance,
  solution: PodPackingSolution,
): { apiVersion: 'v1'; kind: 'List'; items: object[] } {
  const evictions: object[] = [];
  const bindings: object[] = [];
  instance.pods.forEach((pod, p) => {
    const n = solution.assignment[p] ?? -1;
    if (pod.node === undefined) {
      if (n >= 0)
        bindings.push({
          apiVersion: 'v1',
          kind: 'Binding',
          metadata: podRef(pod.name),
          target: { apiVersion: 'v1', kind: 'Node', name: instance.nodes[n].name },
        });
    } else if (n !== pod.node) {
      const annotations = n >= 0 ? { annotations: { 'schedlab.io/reschedule-to': instance.nodes[n].name } } : {};
      evictions.push({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { ...podRef(pod.name), ...annotations } });
    }
  });
  return { apiVersion: 'v1', kind: 'List', items: [...evictions, ...bindings] };
}

/**
 * The decisions as multi-document YAML (evictions first, then bindings).
 *
 * @example
 * ```ts
 * writeFileSync('decisions.yaml', placementYaml(instance, solution));
 * ```
 */
export function placementYaml(instance: PodPackingInstance, solution: PodPackingSolution): string {
  return placementObjects(instance, solution)
    .items.map((item) => stringify(item))
    .join('---\n');
}
