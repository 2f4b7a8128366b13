/**
 * The F, B and W passes of one microbatch on every model chunk of a training plan, from the
 * same per-layer costs `estimateTraining` sums per stage: a pipeline scheduler (or the
 * pipeline family's evaluator) can then run the schedule the plan names on exactly the costs
 * the closed-form step counts. Each chunk's F + B + W adds up, over a stage's chunks, to that
 * stage's `microbatchTotal` (a test holds it so):
 *
 * - F: the layers' forward and their forward TP/CP/EP collectives, and half the chunk's sends;
 * - B: the backward for inputs, its collectives, the recomputation (and, under full
 *   recomputation, the repeated forward collectives), and the other half of the sends;
 * - W: the backward for weights.
 *
 * The output layer (logits and cross-entropy) joins the last chunk of the last stage with its
 * three passes, as `microbatchSecondsOf` counts it. Sends are on the device, not beside it:
 * the performance model puts pipeline sends on the critical path (train-estimate.ts).
 */
import { layerSeconds } from './layer-time.js';
import type { ResolvedTrainPlan } from './plan.js';
import {
  layerContext,
  logitsSeconds,
  pipelineP2pSeconds,
  recomputeSeconds,
  sumLayerSeconds,
} from './train-estimate.js';
import { planChunks } from './train-memory.js';

/** Seconds of one microbatch's passes on one model chunk. */
export interface ChunkPassSeconds {
  forwardS: number;
  backwardInputS: number;
  backwardWeightS: number;
}

/**
 * Per stage, per chunk (`[stage][chunk]`, chunk `c` of stage `s` being model chunk `c p + s`),
 * the seconds of one microbatch's F, B and W passes.
 *
 * @example
 * ```ts
 * const plan = resolveTrainPlan({ model: getModelPreset('llama3-8b'), cluster: makeCluster('h100', 8),
 *   tp: 1, pp: 4, seqLength: 4096, globalBatch: 16 });
 * const [first] = chunkPassSeconds(plan)[0]; // { forwardS, backwardInputS, backwardWeightS }
 * ```
 */
export function chunkPassSeconds(plan: ResolvedTrainPlan): ChunkPassSeconds[][] {
  const context = layerContext(plan);
  const perLayer = Array.from({ length: plan.model.layers }, (_, index) => layerSeconds(context, index));
  const stages = planChunks(plan);
  const chunks = stages[0]?.length ?? 1;
  const sendS = pipelineP2pSeconds(plan) / chunks / 2;
  const logitsS = logitsSeconds(plan);
  return stages.map((stageChunks, stage) =>
    stageChunks.map((layers, chunk) => {
      const sum = sumLayerSeconds(perLayer, layers);
      const output = stage === plan.pp - 1 && chunk === chunks - 1 ? logitsS : 0;
      const repeatedComm = plan.recompute === 'full' ? sum.commForwardS : 0;
      return {
        forwardS: sum.forwardS + sum.commForwardS + sendS + output,
        backwardInputS:
          sum.backwardInputS + sum.commBackwardS + recomputeSeconds(plan, sum) + repeatedComm + sendS + output,
        backwardWeightS: sum.backwardWeightS + output,
      };
    }),
  );
}
