/**
 * Who serves which tokens, and the GPU-pair traffic that follows, for the evaluator. Tokens
 * start spread evenly over the G GPUs (their home, where attention ran) and end there.
 *
 * - With layer-to-layer counts `A` (the token-path model of MoETuner): the first dispatch goes
 *   from home to layer 0's experts, each transition moves `A[l][e][f]` tokens from the GPU of e
 *   to the GPU of f (combine and dispatch fused: 2/k hidden vectors each, so that the k^2 pairs
 *   a token makes carry its k combined and k dispatched copies), and the last combine goes home.
 * - Without `A`: every layer dispatches from home and combines back home.
 *
 * An expert with replicas splits its tokens as its replicas' shares say.
 */
import type { ExpertPlacementInstance, ExpertPlacementSolution } from './instance.js';

/** One replica's GPU and the fraction of its expert's tokens it serves. */
export interface ReplicaShare {
  gpu: number;
  fraction: number;
  tokens: number;
}

/**
 * The replicas of each expert in layer `l` with their token fractions (even split unless the
 * solution gives shares). An expert whose counts are all 0 splits evenly by replica.
 */
export function replicaShares(
  instance: ExpertPlacementInstance,
  solution: ExpertPlacementSolution,
  l: number,
): ReplicaShare[][] {
  const byExpert: ReplicaShare[][] = Array.from({ length: instance.experts }, () => []);
  const counts = new Array<number>(instance.experts).fill(0);
  for (const list of solution.placement[l]) for (const e of list) counts[e]++;
  solution.placement[l].forEach((list, g) =>
    list.forEach((e, i) => {
      const routed = instance.routing.n[l][e];
      const tokens = solution.shares ? solution.shares[l][g][i] : routed / counts[e];
      const fraction = routed > 0 ? tokens / routed : 1 / counts[e];
      byExpert[e].push({ gpu: g, fraction, tokens });
    }),
  );
  return byExpert;
}

function zeros(gpus: number): Float64Array[] {
  return Array.from({ length: gpus }, () => new Float64Array(gpus));
}

/** Traffic between home GPUs and layer `l`'s replicas: `toExperts` dispatches, otherwise combines. */
export function homeTraffic(
  instance: ExpertPlacementInstance,
  shares: ReplicaShare[][],
  l: number,
  toExperts: boolean,
): Float64Array[] {
  const bytes = zeros(instance.gpus);
  const perToken = tokenBytes(instance) / instance.gpus;
  shares.forEach((replicas, e) => {
    const routed = instance.routing.n[l][e];
    for (const { gpu, fraction } of replicas)
      for (let home = 0; home < instance.gpus; home++) {
        const volume = routed * fraction * perToken;
        if (toExperts) bytes[home][gpu] += volume;
        else bytes[gpu][home] += volume;
      }
  });
  return bytes;
}

/** Traffic of the fused combine of layer `l` and dispatch of layer `l + 1` under the token-path model. */
export function pathTraffic(
  instance: ExpertPlacementInstance,
  from: ReplicaShare[][],
  to: ReplicaShare[][],
  l: number,
): Float64Array[] {
  const pairs = instance.routing.A?.[l];
  const bytes = zeros(instance.gpus);
  if (!pairs) return bytes;
  const perPair = (2 / instance.topK) * tokenBytes(instance);
  pairs.forEach((row, e) =>
    row.forEach((count, f) => {
      if (count === 0) return;
      for (const a of from[e]) for (const b of to[f]) bytes[a.gpu][b.gpu] += count * a.fraction * b.fraction * perPair;
    }),
  );
  return bytes;
}

/** Bytes of one token's hidden vector (BF16). */
export function tokenBytes(instance: ExpertPlacementInstance): number {
  return 2 * instance.model.hiddenSize;
}

/** Bytes that cross nodes in one traffic matrix. */
export function crossNodeBytes(instance: ExpertPlacementInstance, bytes: Float64Array[]): number {
  const perNode = instance.cluster.gpusPerNode;
  let total = 0;
  bytes.forEach((row, from) =>
    row.forEach((volume, to) => {
      if (Math.floor(from / perNode) !== Math.floor(to / perNode)) total += volume;
    }),
  );
  return total;
}
