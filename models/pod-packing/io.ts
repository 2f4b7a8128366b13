/**
 * The family's native formats: Kubernetes manifests in (manifests.ts, quantities by
 * quantity.ts) and the decisions out as `Binding` and `Eviction` objects (decisions.ts).
 * `podPackingReaders` and `podPackingSolutionWriters` are the family's `readers` and
 * `solutionWriters`.
 */
import type { NativeReader, SolutionWriter } from '../../src/family/contract.js';
import { placementYaml } from './decisions.js';
import type { PodPackingInstance, PodPackingSolution } from './instance.js';
import { readManifests } from './manifests.js';

export { readManifests } from './manifests.js';
export { placementObjects, placementYaml } from './decisions.js';

/**
 * The decisions of a solution as Kubernetes YAML: one `Eviction` per running pod that is
 * evicted or moved (a moved one carries `schedlab.io/reschedule-to`), then one `Binding`
 * per pending pod that gets a node, as `---`-separated documents; '' when nothing changes.
 * Evictions come first because a binding may need the room they free.
 *
 * @example
 * ```ts
 * const instance = readManifests(readFileSync('cluster.yaml', 'utf8'));
 * writeFileSync('decisions.yaml', writeDecisions(instance, kubeScheduler(instance)));
 * ```
 */
export function writeDecisions(instance: PodPackingInstance, solution: PodPackingSolution): string {
  return placementYaml(instance, solution);
}

/**
 * `manifests`: `.yaml`/`.yml` files of Node, Pod and PriorityClass objects, and `.json` files
 * of Kubernetes objects (a List, or a single Node/Pod).
 *
 * @example
 * ```ts
 * const [instance] = podPackingReaders.manifests.read(readFileSync('cluster.yaml', 'utf8'));
 * ```
 */
export const podPackingReaders: Record<string, NativeReader<PodPackingInstance>> = {
  manifests: {
    extensions: ['yaml', 'yml'],
    read: (text) => [readManifests(text)],
    accepts: (json) => typeof json === 'object' && json !== null && 'apiVersion' in json && 'kind' in json,
  },
};

/**
 * `kubernetes` (`--out decisions.yaml`): the Binding and Eviction objects that carry the placement out.
 *
 * @example
 * ```ts
 * writeFileSync('decisions.yaml', podPackingSolutionWriters.kubernetes.write(instance, solution));
 * ```
 */
export const podPackingSolutionWriters: Record<string, SolutionWriter<PodPackingInstance, PodPackingSolution>> = {
  kubernetes: { extensions: ['yaml', 'yml'], write: writeDecisions },
};
