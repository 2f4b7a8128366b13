/**
 * An optimistic bound on the MoE time. Compute: replicas never shrink an expert's total time
 * (each replica's time is at least every affine piece of the roofline at its tokens, and the
 * pieces' intercepts are positive), so a layer takes at least the mean over GPUs of its experts'
 * one-replica times, and without redundant slots at least its slowest expert. Communication:
 * a dispatch from (or combine to) the evenly spread homes moves (G-1)/G of its bytes between
 * GPUs whatever the placement, and a GPU moves at most the sum of its two links' bandwidths;
 * token-path transitions may stay local (0). Latencies are charged as the evaluator does.
 */
import { achievedBytesPerS } from '../../src/perf/communication.js';
import { allToAllLatencySeconds, expertReplicaSeconds } from '../../src/perf/expert-traffic.js';
import type { ExpertPlacementInstance } from './instance.js';

function computeBoundMs(instance: ExpertPlacementInstance, l: number): number {
  const ms = instance.routing.n[l].map(
    (tokens) => 1000 * expertReplicaSeconds(instance.cluster.gpu, instance.model, tokens),
  );
  const mean = ms.reduce((a, b) => a + b, 0) / instance.gpus;
  return instance.redundantSlots === 0 ? Math.max(mean, ...ms) : mean;
}

function homeTransferBoundMs(instance: ExpertPlacementInstance, l: number): number {
  const G = instance.gpus;
  const tokens = instance.routing.n[l].reduce((a, b) => a + b, 0);
  const remoteBytes = (tokens * 2 * instance.model.hiddenSize * (G - 1)) / G;
  const links = achievedBytesPerS(instance.cluster.intraLink) + achievedBytesPerS(instance.cluster.interLink);
  return (1000 * remoteBytes) / (G * links);
}

/**
 * The bound, in ms.
 *
 * @example
 * ```ts
 * expertPlacementLowerBound(instance) <= evaluateExpertPlacement(instance, placement).objective; // true
 * ```
 */
export function expertPlacementLowerBound(instance: ExpertPlacementInstance): number {
  const training = instance.phase === 'training';
  const last = instance.layers - 1;
  let computeMs = 0;
  for (let l = 0; l < instance.layers; l++) computeMs += computeBoundMs(instance, l);
  const homeLayers = instance.routing.A ? [0, last] : instance.routing.n.flatMap((_, l) => [l, l]);
  const transfers = instance.routing.A ? instance.layers + 1 : 2 * instance.layers;
  const commMs =
    homeLayers.reduce((sum, l) => sum + homeTransferBoundMs(instance, l), 0) +
    1000 * transfers * allToAllLatencySeconds(instance.gpus, instance.cluster);
  return (training ? 3 : 1) * computeMs + (training ? 2 : 1) * commMs;
}
