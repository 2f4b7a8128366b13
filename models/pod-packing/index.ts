/**
 * The Kubernetes pod packing family: place pending pods on nodes, possibly moving or
 * evicting running ones, placing as many pods as possible tier by tier from the highest
 * priority down, with as little disruption as possible. See README.md.
 *
 * @example
 * ```ts
 * import { family, readManifests, writeDecisions } from 'schedlab/models/pod-packing';
 * const instance = readManifests(readFileSync('cluster.yaml', 'utf8'));
 * const answer = await family.exact!.lexicographic.solve(instance, { timeLimitSec: 10 });
 * family.evaluate(instance, answer.solution!).metrics.pending; // pods left without a node
 * writeFileSync('decisions.yaml', writeDecisions(instance, answer.solution!));
 * ```
 */
import type { Family } from '../../src/family/contract.js';
import { podPackingUpperBound } from './bounds.js';
import { evaluatePodPacking } from './evaluate.js';
import { podPackingReportView } from './report-view.js';
import { podPackingExact } from './exact.js';
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
import { podPackingReaders, podPackingSolutionWriters } from './io.js';
import { renderPodPackingSvg } from './svg.js';
import { podPackingSkeletons } from './skeletons.js';
import { podPackingModelSize } from './model-size.js';

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
  readers: podPackingReaders,
  parseSolution: parsePodPackingSolution,
  serializeSolution: serializePodPackingSolution,
  generate: generatePodPacking,
  formulate: (instance, options) => formulatePodPacking(instance, options),
  heuristics: podPackingHeuristics,
  exact: podPackingExact,
  // Tier by tier with integer holds: exact where the one weighted MIP's large weights blur the
  // solver's tolerances, and at least as good on the paper grid (README, "Figures").
  modelSize: podPackingModelSize,
  strongestMethod: () => 'lexicographic',
  evaluate: evaluatePodPacking,
  // For a 'max' family this is an upper bound: every pod placed, nothing disrupted.
  lowerBound: podPackingUpperBound,
  renderSvg: renderPodPackingSvg,
  // `--out decisions.yaml`: the Binding and Eviction objects that carry the placement out.
  solutionWriters: podPackingSolutionWriters,
  reportView: podPackingReportView,
  skeletons: podPackingSkeletons,
};

// Instances and solutions: types, schema-checked parse, serialize (and Kubernetes quantities).
export * from './instance.js';
export { parseQuantity, quantityToUnits, parseMillicores, parseBytes, parseCount, type Quantity } from './quantity.js';
export {
  resourceKind,
  requestedResources,
  resourceTable,
  podRequest,
  nodeAllocatable,
  type ResourceKind,
  type ResourceTable,
} from './resources.js';
// The seeded generator.
export { generatePodPacking, gridOf, paperGrid, type PodPackingGrid } from './generate.js';
export { generateGpuCluster, gpuGrid, gpuGridOf, type GpuGrid } from './generate-gpu.js';
// The MIP.
export { formulatePodPacking, allowedNodes, type PodPackingFormulation } from './formulation.js';
// Heuristics: the record (`default` the best) and the named ones.
export {
  podPackingHeuristics,
  bestBaseline,
  kubeScheduler,
  firstFitDecreasing,
  repackDecreasing,
  type KubeSchedulerOptions,
} from './heuristics.js';
// Exact methods beyond the MIP.
export { podPackingExact } from './exact.js';
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
// The independent evaluator (and the objective it scores).
export { evaluatePodPacking, placedByTier } from './evaluate.js';
export { pendingMessages, reasonCounts } from './unschedulable.js';
export { extraDomains, gangDomains, gangTopologyKey } from './topology.js';
export { objectiveWeights, encodeObjective, type ObjectiveWeights } from './objective.js';
// The optimistic bound.
export { podPackingUpperBound } from './bounds.js';
// Native formats: readers and writers.
export {
  podPackingReaders,
  podPackingSolutionWriters,
  readManifests,
  writeDecisions,
  placementObjects,
  placementYaml,
} from './io.js';
// Pictures.
export { renderPodPackingSvg } from './svg.js';
// Skeletons for the oracle (`schedlab score pod-packing CANDIDATE.js --skeleton scheduler-score`).
export { podPackingSkeletons } from './skeletons.js';
