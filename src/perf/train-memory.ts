/**
 * Peak memory per GPU of a training plan: model states of the parameters a GPU holds, the
 * activations of the microbatches in flight on it, and the output layer's logits. Every
 * pipeline stage is sized (its layers, its chunks' in-flight microbatches, the embedding on the
 * first and the output layer on the last); the peak is the largest stage.
 */
import { embeddingParams, isMoeLayer, layerParams, type ModelSpec } from './llm.js';
import { layerActivationBytes, logitsActivationBytes, modelStateBytes, type ActivationOptions } from './memory.js';
import { stageChunks, stagePeakActivations } from './pipeline-stages.js';
import type { ResolvedTrainPlan } from './plan.js';
import { overflowMessage } from './train-memory-hints.js';

/** Memory per GPU by kind, bytes. */
export interface MemoryBreakdown {
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  /** Which pipeline stage has the peak. */
  stage: 'first' | 'middle' | 'last';
  /** Zero-based index of that stage, and its transformer layers. */
  stageIndex: number;
  stageLayers: number;
  /** Microbatches' worth of the stage's activations it holds at its peak. */
  inFlightMicrobatches: number;
  peakMemoryBytes: number;
  capacityBytes: number;
  fits: boolean;
  /** When the plan does not fit: which memory is over, by how much, and what would shrink it. */
  overflow?: string;
}

/** One stage's memory, before the capacity is compared. */
export type StageMemory = Omit<MemoryBreakdown, 'capacityBytes' | 'fits' | 'overflow'>;

function activationOptions(plan: ResolvedTrainPlan): ActivationOptions {
  return { tp: plan.tp, sp: plan.sp, cp: plan.cp, recompute: plan.recompute, attention: plan.attention };
}

/**
 * Chunks of each stage as layer indices (one chunk per stage unless interleaved).
 *
 * @example
 * ```ts
 * planChunks(resolveTrainPlan({ ...plan, pp: 2 }))[1]; // [[16, 17, ..., 31]] for a 32-layer model
 * ```
 */
export function planChunks(plan: ResolvedTrainPlan): number[][][] {
  return stageChunks(plan.stageLayers, plan.schedule === 'interleaved' ? plan.virtualStages : 1);
}

/** Vocabulary matrices on a stage: input embedding first, output layer last (one copy if tied and unpipelined). */
function vocabCopies(model: ModelSpec, pp: number, stage: number): number {
  if (pp === 1) return embeddingParams(model) / (model.vocabSize * model.hiddenSize);
  return stage === 0 || stage === pp - 1 ? 1 : 0;
}

/**
 * Parameters one GPU of stage `stage` holds: the part replicated over EP (attention, dense MLPs,
 * shared experts, routers, vocabulary) and its shard of the routed experts.
 *
 * @example
 * ```ts
 * const plan = resolveTrainPlan({ model: getModelPreset('llama3-8b'), cluster: makeCluster('h100', 8), tp: 8, pp: 1, seqLength: 8192, globalBatch: 8 });
 * stageParams(plan, planChunks(plan)[0].flat(), 0).dense; // totalParams(llama3-8b) / 8
 * ```
 */
export function stageParams(
  plan: ResolvedTrainPlan,
  layers: readonly number[],
  stage: number,
): { dense: number; experts: number } {
  const { model } = plan;
  let dense = 0;
  let experts = 0;
  for (const index of layers) {
    const params = layerParams(model, isMoeLayer(model, index));
    dense += params.dense;
    experts += params.experts;
  }
  dense += vocabCopies(model, plan.pp, stage) * model.vocabSize * model.hiddenSize;
  return { dense: dense / plan.tp, experts: experts / (plan.tp * plan.ep) };
}

/** Memory of one pipeline stage holding `chunks` (layer indices per model chunk); exported for layout searches. */
export function stageMemory(plan: ResolvedTrainPlan, chunks: number[][], stage: number): StageMemory {
  const options = activationOptions(plan);
  const layers = chunks.flat();
  const layerBytes = (index: number, o = options): number =>
    layerActivationBytes(plan.model, index, plan.microBatch, plan.seqLength, o);
  const chunkBytes = chunks.map((chunk) => chunk.reduce((sum, index) => sum + layerBytes(index), 0));
  const held = stagePeakActivations(plan.schedule, plan.pp, plan.microbatches, stage, chunkBytes);
  // Under full recomputation the backward of one layer rebuilds its full activations.
  const working =
    plan.recompute === 'full'
      ? Math.max(0, ...layers.map((index) => layerBytes(index, { ...options, recompute: 'none' })))
      : 0;
  const logits =
    stage === plan.pp - 1 ? logitsActivationBytes(plan.model, plan.microBatch, plan.seqLength, plan.tp, plan.cp) : 0;
  const params = stageParams(plan, layers, stage);
  const dense = modelStateBytes(params.dense, plan.dp * plan.cp, plan.zeroStage, plan.distributedOptimizer);
  const experts = modelStateBytes(
    params.experts,
    (plan.dp * plan.cp) / plan.ep,
    plan.zeroStage,
    plan.distributedOptimizer,
  );
  const perMicrobatch = chunkBytes.reduce((a, b) => a + b, 0);
  const kinds = {
    weightBytes: dense.weightBytes + experts.weightBytes,
    gradientBytes: dense.gradientBytes + experts.gradientBytes,
    optimizerBytes: dense.optimizerBytes + experts.optimizerBytes,
    activationBytes: held + working + logits,
  };
  return {
    ...kinds,
    stage: stage === 0 ? 'first' : stage === plan.pp - 1 ? 'last' : 'middle',
    stageIndex: stage,
    stageLayers: layers.length,
    inFlightMicrobatches: perMicrobatch > 0 ? held / perMicrobatch : 0,
    peakMemoryBytes: kinds.weightBytes + kinds.gradientBytes + kinds.optimizerBytes + kinds.activationBytes,
  };
}

/**
 * Memory of every pipeline stage of a resolved plan, first to last.
 *
 * @example
 * ```ts
 * const plan = resolveTrainPlan({ model: getModelPreset('llama3-70b'), cluster: makeCluster('h100', 64), tp: 8, pp: 8, seqLength: 4096, globalBatch: 64 });
 * trainingStageMemory(plan).map((stage) => stage.inFlightMicrobatches); // [8, 7, 6, 5, 4, 3, 2, 1]
 * ```
 */
export function trainingStageMemory(plan: ResolvedTrainPlan): StageMemory[] {
  return planChunks(plan).map((chunks, stage) => stageMemory(plan, chunks, stage));
}

/**
 * Peak memory per GPU of a resolved plan, with the breakdown of the stage that peaks.
 *
 * @example
 * ```ts
 * const memory = trainingMemory(resolveTrainPlan(plan));
 * if (!memory.fits) console.log(memory.overflow);
 * ```
 */
export function trainingMemory(plan: ResolvedTrainPlan): MemoryBreakdown {
  const stages = trainingStageMemory(plan);
  const peak = stages.reduce((best, stage) => (stage.peakMemoryBytes > best.peakMemoryBytes ? stage : best));
  const capacityBytes = plan.cluster.gpu.hbmBytes;
  const result = { ...peak, capacityBytes, fits: peak.peakMemoryBytes <= capacityBytes };
  return result.fits ? result : { ...result, overflow: overflowMessage(plan, result) };
}
