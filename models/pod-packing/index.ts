/**
 * The Kubernetes pod packing family: place pending pods on nodes, possibly moving or
 * evicting running ones, placing as many pods as possible tier by tier from the highest
 * priority down, with as little disruption as possible. See README.md.
 */
import type { Family } from '../../src/family/contract.js';
import { evaluatePodPacking } from './evaluate.js';
import { objectiveWeights } from './objective.js';
import { formulatePodPacking } from './formulation.js';
import { generatePodPacking } from './generate.js';
import { podPackingHeuristics } from './heuristics.js';
import {
  parsePodPacking,
  parsePodPackingSolution,
  serializePodPacking,
  serializePodPackingSolution,
  type PodPackingInstance,
  type PodPackingSolution,
} from './instance.js';
import { lexicographicMethod } from './lexicographic.js';
import { placementYaml, readManifests } from './manifests.js';
import { renderPodPackingSvg } from './svg.js';

export * from './instance.js';
export { parseQuantity, quantityToUnits, parseMillicores, parseBytes, parseCount, type Quantity } from './quantity.js';
export { readManifests, placementObjects, placementYaml } from './manifests.js';
export { generatePodPacking, gridOf, paperGrid, type PodPackingGrid } from './generate.js';
export { formulatePodPacking, allowedNodes, type PodPackingFormulation } from './formulation.js';
export {
  solvePodPackingLexicographic,
  lexicographicVector,
  compareLexicographic,
  lexicographicBound,
  formatTierReport,
  type LexicographicReport,
  type TierReport,
  type LexicographicOptions,
} from './lexicographic.js';
export {
  podPackingHeuristics,
  bestBaseline,
  kubeScheduler,
  firstFitDecreasing,
  repackDecreasing,
  type KubeSchedulerOptions,
} from './heuristics.js';
export { evaluatePodPacking, placedByTier } from './evaluate.js';
export { objectiveWeights, encodeObjective, type ObjectiveWeights } from './objective.js';
export { renderPodPackingSvg } from './svg.js';

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
 * The family as the registry holds it.
 *
 * @example
 * ```ts
 * const instance = family.generate({ size: 'small' }, 1);
 * const evaluation = family.evaluate(instance, family.heuristics.default(instance, { rng: Math.random, deadline: Date.now() + 1000 }));
 * ```
 */
export const family: Family<PodPackingInstance, PodPackingSolution> = {
  id: 'pod-packing',
  title: 'Kubernetes pod packing with priorities (default scheduler baseline, lexicographic MIP)',
  sense: 'max',
  objectiveUnit: 'placement score (per tier, highest first: placed pods, then disruption, as one mixed-radix integer)',
  parse: parsePodPacking,
  serialize: serializePodPacking,
  readers: {
    manifests: {
      extensions: ['yaml', 'yml'],
      read: (text) => [readManifests(text)],
      // A `.json` file of Kubernetes objects (a List, or a single Node/Pod) is a manifest too.
      accepts: (json) => typeof json === 'object' && json !== null && 'apiVersion' in json && 'kind' in json,
    },
  },
  parseSolution: parsePodPackingSolution,
  serializeSolution: serializePodPackingSolution,
  generate: generatePodPacking,
  formulate: (instance, options) => formulatePodPacking(instance, options),
  heuristics: podPackingHeuristics,
  exact: { lexicographic: lexicographicMethod },
  evaluate: evaluatePodPacking,
  // For a 'max' family this is an upper bound: every pod placed, nothing disrupted.
  lowerBound: (instance) => Number(objectiveWeights(instance).max),
  renderSvg: renderPodPackingSvg,
  // `--out decisions.yaml`: the Binding and Eviction objects that carry the placement out.
  solutionWriters: { kubernetes: { extensions: ['yaml', 'yml'], write: writeDecisions } },
};
