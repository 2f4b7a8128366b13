/**
 * What one more token served on a GPU costs in the all-to-alls that go home (dispatch from the
 * evenly spread homes and combine back): the GPU receives (and sends back) (G-1)/G of it, the
 * node's share over NVLink and the rest over the inter-node link at the same time, so the
 * busier port grows by this much per token. Stage 1 and the share LP add it for the busiest
 * GPU, weighted by the home transfers the layer has, so that they balance tokens as well as
 * compute (at small batches the all-to-all, not the GEMMs, dominates the MoE time).
 */
import { achievedBytesPerS } from '../../../src/perf/communication.js';
import type { ExpertPlacementInstance } from '../instance.js';

/**
 * ms per token on the busiest port of a GPU in one home transfer, times the layer's home transfers.
 *
 * @example
 * ```ts
 * homeTokenMs(instance, 0); // e.g. 2 transfers x 8,192 bytes / NVLink for one node
 * ```
 */
export function homeTokenMs(instance: ExpertPlacementInstance, l: number): number {
  const G = instance.gpus;
  const perNode = Math.min(instance.cluster.gpusPerNode, G);
  const bytes = 2 * instance.model.hiddenSize;
  const intra = ((perNode - 1) / G) * (bytes / achievedBytesPerS(instance.cluster.intraLink));
  const inter = ((G - perNode) / G) * (bytes / achievedBytesPerS(instance.cluster.interLink));
  const transfers = instance.routing.A ? Number(l === 0) + Number(l === instance.layers - 1) : 2;
  return 1000 * transfers * Math.max(intra, inter) * (instance.phase === 'training' ? 2 : 1);
}
