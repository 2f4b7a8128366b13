/**
 * The independent evaluator of expert placements, on the performance model (never the ILPs or
 * the heuristics). Per layer: the slowest GPU's expert GEMMs for the tokens its replicas serve
 * (`expertReplicaSeconds`), plus the all-to-all of every token movement from the GPU-pair
 * traffic and the link bandwidths (`trafficAllToAllSeconds`); summed over layers, in ms.
 * Training counts the forward and both backward GEMMs (3x) and the all-to-alls twice.
 *
 * Rules: every expert of every layer on some GPU; every GPU holds exactly S experts per layer
 * (memory stays even, as EPLB and MoETuner require); expert weights fit the GPU's expert
 * memory; given shares add up to each expert's routed tokens.
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import { expertReplicaSeconds, expertWeightBytes, trafficAllToAllSeconds } from '../../src/perf/expert-traffic.js';
import { crossNodeBytes, homeTraffic, pathTraffic, replicaShares, type ReplicaShare } from './evaluate-traffic.js';
import type { ExpertPlacementInstance, ExpertPlacementSolution } from './instance.js';

/** Relative slack on share sums (they are often written with rounding). */
const shareTolerance = 1e-6;

function slotViolations(instance: ExpertPlacementInstance, solution: ExpertPlacementSolution): Violation[] {
  const violations: Violation[] = [];
  solution.placement.forEach((layer, l) => {
    const placed = new Set<number>();
    layer.forEach((list, g) => {
      for (const e of list) placed.add(e);
      if (list.length !== instance.slotsPerGpu)
        violations.push({
          constraint: 'slot-count',
          entities: [`layer ${l}`, `gpu ${g}`],
          message: `GPU ${g} holds ${list.length} experts in layer ${l}; every GPU holds exactly ${instance.slotsPerGpu} (${instance.experts} experts + ${instance.redundantSlots} redundant slots over ${instance.gpus} GPUs): move experts to GPUs with free slots`,
        });
    });
    for (let e = 0; e < instance.experts; e++)
      if (!placed.has(e))
        violations.push({
          constraint: 'expert-placed',
          entities: [`layer ${l}`, `expert ${e}`],
          message: `expert ${e} of layer ${l} is on no GPU; put it in some GPU's list`,
        });
  });
  return violations;
}

function memoryViolations(instance: ExpertPlacementInstance, solution: ExpertPlacementSolution): Violation[] {
  const weights = expertWeightBytes(instance.model);
  const violations: Violation[] = [];
  for (let g = 0; g < instance.gpus; g++) {
    const held = solution.placement.reduce((sum, layer) => sum + layer[g].length, 0);
    if (held * weights > instance.expertMemoryBytes)
      violations.push({
        constraint: 'gpu-memory',
        entities: [`gpu ${g}`],
        message: `GPU ${g} holds ${held} experts over all layers, ${((held * weights) / 1e9).toFixed(1)} GB, over its ${(instance.expertMemoryBytes / 1e9).toFixed(1)} GB of expert memory: move experts off it`,
      });
  }
  return violations;
}

function shareViolations(instance: ExpertPlacementInstance, solution: ExpertPlacementSolution): Violation[] {
  if (!solution.shares) return [];
  const violations: Violation[] = [];
  for (let l = 0; l < instance.layers; l++) {
    const served = new Array<number>(instance.experts).fill(0);
    solution.placement[l].forEach((list, g) => list.forEach((e, i) => (served[e] += solution.shares?.[l][g][i] ?? 0)));
    served.forEach((total, e) => {
      const routed = instance.routing.n[l][e];
      if (Math.abs(total - routed) > shareTolerance * Math.max(1, routed))
        violations.push({
          constraint: 'token-shares',
          entities: [`layer ${l}`, `expert ${e}`],
          message: `the replicas of expert ${e} in layer ${l} serve ${total} tokens, but ${routed} are routed to it; make its shares add up to ${routed}`,
        });
    });
  }
  return violations;
}

/** Per-GPU expert seconds and tokens of one layer (forward). */
function layerLoads(
  instance: ExpertPlacementInstance,
  shares: ReplicaShare[][],
): { seconds: number[]; tokens: number[] } {
  const seconds = new Array<number>(instance.gpus).fill(0);
  const tokens = new Array<number>(instance.gpus).fill(0);
  for (const replicas of shares)
    for (const replica of replicas) {
      seconds[replica.gpu] += expertReplicaSeconds(instance.cluster.gpu, instance.model, replica.tokens);
      tokens[replica.gpu] += replica.tokens;
    }
  return { seconds, tokens };
}

/** The traffic matrices of one batch, in order (dispatches, transitions, combines). */
function trafficOf(instance: ExpertPlacementInstance, shares: ReplicaShare[][][]): Float64Array[][] {
  const last = instance.layers - 1;
  if (!instance.routing.A)
    return shares.flatMap((layer, l) => [
      homeTraffic(instance, layer, l, true),
      homeTraffic(instance, layer, l, false),
    ]);
  const transitions = shares.slice(0, last).map((layer, l) => pathTraffic(instance, layer, shares[l + 1], l));
  return [homeTraffic(instance, shares[0], 0, true), ...transitions, homeTraffic(instance, shares[last], last, false)];
}

/** Compute and communication seconds, imbalance and cross-node bytes of a structurally valid placement. */
function timing(instance: ExpertPlacementInstance, solution: ExpertPlacementSolution): Record<string, number> {
  const shares = Array.from({ length: instance.layers }, (_, l) => replicaShares(instance, solution, l));
  const training = instance.phase === 'training';
  let computeS = 0;
  let imbalanceSum = 0;
  let imbalanceMax = 1;
  for (const layer of shares) {
    const { seconds, tokens } = layerLoads(instance, layer);
    computeS += Math.max(...seconds);
    const mean = tokens.reduce((a, b) => a + b, 0) / instance.gpus;
    const ratio = mean > 0 ? Math.max(...tokens) / mean : 1;
    imbalanceSum += ratio;
    imbalanceMax = Math.max(imbalanceMax, ratio);
  }
  const traffic = trafficOf(instance, shares);
  const commS = traffic.reduce((sum, bytes) => sum + trafficAllToAllSeconds(bytes, instance.cluster), 0);
  const crossNode = traffic.reduce((sum, bytes) => sum + crossNodeBytes(instance, bytes), 0);
  const computeMs = 1000 * computeS * (training ? 3 : 1);
  const commMs = 1000 * commS * (training ? 2 : 1);
  return {
    moeTimeMs: computeMs + commMs,
    computeMs,
    commMs,
    imbalance: imbalanceSum / instance.layers,
    maxImbalance: imbalanceMax,
    crossNodeGB: (crossNode * (training ? 2 : 1)) / 1e9,
  };
}

/**
 * Score a placement: MoE time per batch (ms), its compute and communication parts, the load
 * imbalance (max/mean tokens per GPU, mean and worst over layers), cross-node GB and the
 * expert memory per GPU; one violation per broken rule.
 *
 * @example
 * ```ts
 * const evaluation = evaluateExpertPlacement(instance, { placement: [[[0, 1], [2, 3], [4, 5], [6, 7]]] });
 * evaluation.metrics.imbalance; // 1 when every GPU serves as many tokens
 * ```
 */
export function evaluateExpertPlacement(
  instance: ExpertPlacementInstance,
  solution: ExpertPlacementSolution,
): Evaluation {
  const violations = [
    ...slotViolations(instance, solution),
    ...memoryViolations(instance, solution),
    ...shareViolations(instance, solution),
  ];
  const weights = expertWeightBytes(instance.model);
  const memoryGB =
    (Math.max(
      ...Array.from({ length: instance.gpus }, (_, g) =>
        solution.placement.reduce((s, layer) => s + layer[g].length, 0),
      ),
    ) *
      weights) /
    1e9;
  const computable = !violations.some((v) => v.constraint === 'expert-placed' || v.constraint === 'token-shares');
  if (!computable) return { feasible: false, objective: Number.NaN, violations, metrics: { memoryPerGpuGB: memoryGB } };
  const metrics = timing(instance, solution);
  return {
    feasible: violations.length === 0,
    objective: metrics.moeTimeMs,
    violations,
    metrics: { ...metrics, memoryPerGpuGB: memoryGB },
  };
}
