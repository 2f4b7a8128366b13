/**
 * Step time of a training plan. Every pipeline stage's per-microbatch time is summed from its
 * layers (the last stage adds the output layer); the slowest stage sets the pace, the schedule
 * adds its bubble, and the data-parallel gradient reduction and the optimizer step close the
 * step. TP, CP and EP collectives and pipeline sends are on the critical path (not overlapped).
 */
import {
  allGatherSeconds,
  allReduceSeconds,
  groupOn,
  p2pSeconds,
  reduceScatterSeconds,
  type CommGroup,
} from './communication.js';
import { layerForwardFlops, trainingStepModelFlops } from './flops.js';
import { layerSeconds, type LayerContext, type LayerSeconds } from './layer-time.js';
import { queryWidth } from './llm.js';
import { resolveTrainPlan, type ResolvedTrainPlan, type TrainPlan } from './plan.js';
import { gemmSeconds, streamSeconds } from './roofline.js';
import { planChunks, stageParams, trainingMemory, type MemoryBreakdown } from './train-memory.js';

/** Seconds of one microbatch on the slowest stage, by kind. */
export interface MicrobatchSeconds {
  forwardS: number;
  backwardInputS: number;
  backwardWeightS: number;
  recomputeS: number;
  /** TP, CP and EP collectives. */
  layerCommS: number;
  /** Sends between pipeline stages. */
  pipelineP2pS: number;
  /** The stage these seconds belong to (zero-based). */
  stageIndex: number;
}

/** A training-step estimate. */
export interface TrainEstimate {
  stepTimeS: number;
  /** Hardware FLOPs (recomputation included) per second per GPU, in TFLOP/s. */
  tflopsPerGpu: number;
  /** Model FLOPs utilization: model FLOPs (no recomputation) over peak. */
  mfu: number;
  peakMemoryBytes: number;
  tokensPerS: number;
  modelFlopsPerStep: number;
  hardwareFlopsPerStep: number;
  /** Seconds of the step by kind; they add up to `stepTimeS`. */
  time: { computeS: number; communicationS: number; bubbleS: number; dataParallelS: number; optimizerS: number };
  microbatch: MicrobatchSeconds;
  memory: MemoryBreakdown;
  plan: ResolvedTrainPlan;
}

/** What one GPU of the plan does per layer (exported for searches that cache per-layer costs). */
export function layerContext(plan: ResolvedTrainPlan): LayerContext {
  const { cluster } = plan;
  return {
    gpu: cluster.gpu,
    model: plan.model,
    sequences: plan.microBatch,
    seqLength: plan.seqLength,
    tp: plan.tp,
    cp: plan.cp,
    ep: plan.ep,
    sp: plan.sp,
    attention: plan.attention,
    tpGroup: groupOn(cluster, plan.tp, 1),
    cpGroup: groupOn(cluster, plan.cp, plan.tp),
    epGroup: groupOn(cluster, plan.ep, plan.tp * plan.cp),
  };
}

/**
 * The sum of some layers' seconds, kind by kind (a stage's, or one of its chunks').
 *
 * @example
 * ```ts
 * sumLayerSeconds(perLayer, [0, 1, 2]).forwardS; // the three layers' forward seconds
 * ```
 */
export function sumLayerSeconds(perLayer: readonly LayerSeconds[], layers: Iterable<number>): LayerSeconds {
  const sum: LayerSeconds = {
    forwardS: 0,
    backwardInputS: 0,
    backwardWeightS: 0,
    attentionForwardS: 0,
    commForwardS: 0,
    commBackwardS: 0,
  };
  for (const index of layers) {
    const layer = perLayer[index];
    if (layer) for (const key of Object.keys(sum) as (keyof LayerSeconds)[]) sum[key] += layer[key];
  }
  return sum;
}

/** Sum of the layer seconds of each stage. */
function stageLayerSeconds(plan: ResolvedTrainPlan): LayerSeconds[] {
  const context = layerContext(plan);
  const perLayer = Array.from({ length: plan.model.layers }, (_, index) => layerSeconds(context, index));
  return planChunks(plan).map((chunks) => sumLayerSeconds(perLayer, chunks.flat()));
}

/** Output layer and cross-entropy on the last stage, forward seconds (B and W cost the same GEMM). */
export function logitsSeconds(plan: ResolvedTrainPlan): number {
  const tokens = (plan.microBatch * plan.seqLength) / plan.cp;
  const { model, cluster } = plan;
  const gemm = gemmSeconds(cluster.gpu, { m: tokens, n: model.vocabSize / plan.tp, k: model.hiddenSize });
  return gemm + streamSeconds(cluster.gpu, (3 * 4 * tokens * model.vocabSize) / plan.tp);
}

/**
 * Seconds recomputation adds to a stage's microbatch. FlashAttention's backward already
 * recomputes the scores (it is inside `backwardInputS`), so selective recomputation of the
 * attention core repeats nothing under flash; it repeats the materialized core otherwise.
 */
export function recomputeSeconds(plan: ResolvedTrainPlan, stage: LayerSeconds): number {
  if (plan.recompute === 'full') return stage.forwardS;
  if (plan.recompute === 'selective' && plan.attention === 'materialized') return stage.attentionForwardS;
  return 0;
}

/** Seconds of the sends between pipeline stages per microbatch, forward and backward. */
export function pipelineP2pSeconds(plan: ResolvedTrainPlan): number {
  if (plan.pp <= 1) return 0;
  const ppGroup = groupOn(plan.cluster, plan.pp, plan.tp * plan.cp * plan.dp);
  const link = ppGroup.perNode >= plan.pp ? plan.cluster.intraLink : plan.cluster.interLink;
  // Megatron's scatter-gather sends 1/t of the activation from each TP rank, forward and backward.
  const sendBytes = (2 * plan.microBatch * plan.seqLength * plan.model.hiddenSize) / (plan.cp * plan.tp);
  const chunks = plan.schedule === 'interleaved' ? plan.virtualStages : 1;
  return 2 * chunks * p2pSeconds(sendBytes, link);
}

/** Seconds of one microbatch on a stage, every kind added. */
export const microbatchTotal = (mb: MicrobatchSeconds): number =>
  mb.forwardS + mb.backwardInputS + mb.backwardWeightS + mb.recomputeS + mb.layerCommS + mb.pipelineP2pS;

/**
 * A stage's per-microbatch seconds from the sum of its layers: the last stage adds the output
 * layer; recomputation and the layers' collectives (repeated forward ones under full
 * recomputation) as the step counts them.
 */
export function microbatchSecondsOf(
  plan: ResolvedTrainPlan,
  stage: LayerSeconds,
  stageIndex: number,
  logitsS: number,
  pipelineP2pS: number,
): MicrobatchSeconds {
  const output = stageIndex === plan.pp - 1 ? logitsS : 0;
  return {
    forwardS: stage.forwardS + output,
    backwardInputS: stage.backwardInputS + output,
    backwardWeightS: stage.backwardWeightS + output,
    recomputeS: recomputeSeconds(plan, stage),
    layerCommS: stage.commForwardS + stage.commBackwardS + (plan.recompute === 'full' ? stage.commForwardS : 0),
    pipelineP2pS,
    stageIndex,
  };
}

/** Per-microbatch seconds of every stage. */
export function stageMicrobatchSeconds(plan: ResolvedTrainPlan): MicrobatchSeconds[] {
  const logitsS = logitsSeconds(plan);
  const pipelineP2pS = pipelineP2pSeconds(plan);
  return stageLayerSeconds(plan).map((stage, stageIndex) =>
    microbatchSecondsOf(plan, stage, stageIndex, logitsS, pipelineP2pS),
  );
}

/**
 * ZB-H1's weight passes that fill its bubble: one per microbatch after the first, at most
 * `p - 1` (Qi et al. 2024's (p-1)(F + B - W) bubble needs m >= p; with fewer microbatches the
 * bubble keeps (p - m) more W).
 */
export function zeroBubbleHiddenWeights(pp: number, microbatches: number): number {
  return Math.max(0, Math.min(microbatches - 1, pp - 1));
}

/**
 * Pipeline time of all microbatches and the bubble inside it, T the slowest stage's seconds
 * per microbatch: `(p - 1) T` (1F1B, GPipe), `(p - 1) T / v` (interleaved, equal chunks:
 * `splitsIntoChunks`), `(p - 1)(T - W) - min(m - 1, p - 1) W` (ZB-H1).
 */
export function pipelineSeconds(plan: ResolvedTrainPlan, mb: MicrobatchSeconds): { totalS: number; bubbleS: number } {
  const perMicrobatchS = microbatchTotal(mb);
  const p = plan.pp;
  let bubbleS = (p - 1) * perMicrobatchS;
  if (plan.schedule === 'interleaved') bubbleS /= plan.virtualStages;
  if (plan.schedule === 'zb-h1') {
    const hidden = zeroBubbleHiddenWeights(p, plan.microbatches);
    bubbleS = Math.max(0, (p - 1) * (perMicrobatchS - mb.backwardWeightS) - hidden * mb.backwardWeightS);
  }
  return { totalS: plan.microbatches * perMicrobatchS + bubbleS, bubbleS };
}

/** Gradient reduction (and, with sharding, parameter gathers) of `params` parameters over `group`. */
export function reduceSeconds(plan: ResolvedTrainPlan, params: number, group: CommGroup): number {
  const gradBytesPerParam = plan.distributedOptimizer && plan.zeroStage <= 1 ? 4 : 2;
  if (plan.zeroStage >= 3) {
    const gatherS = allGatherSeconds(2 * params, group);
    return plan.microbatches * (2 * gatherS + reduceScatterSeconds(2 * params, group));
  }
  if (plan.zeroStage >= 1 || plan.distributedOptimizer) {
    return reduceScatterSeconds(gradBytesPerParam * params, group) + allGatherSeconds(2 * params, group);
  }
  return allReduceSeconds(gradBytesPerParam * params, group);
}

/** Exposed data-parallel communication: the stage that finishes last, after overlap with its own backward. */
export function dataParallelSeconds(plan: ResolvedTrainPlan, stages: MicrobatchSeconds[]): number {
  const dense = groupOn(plan.cluster, plan.dp * plan.cp, plan.tp);
  const experts = groupOn(plan.cluster, (plan.dp * plan.cp) / plan.ep, plan.tp * plan.ep);
  const chunks = planChunks(plan);
  return Math.max(
    0,
    ...stages.map((mb) => {
      const params = stageParams(plan, chunks[mb.stageIndex]?.flat() ?? [], mb.stageIndex);
      const totalS = reduceSeconds(plan, params.dense, dense) + reduceSeconds(plan, params.experts, experts);
      return plan.overlapGradReduce ? Math.max(0, totalS - (mb.backwardInputS + mb.backwardWeightS)) : totalS;
    }),
  );
}

/** Adam step: stream FP32 master weights, moments and gradients of each GPU's shard; the largest stage. */
export function optimizerSeconds(plan: ResolvedTrainPlan): number {
  const sharded = plan.zeroStage >= 1 || plan.distributedOptimizer ? plan.dp * plan.cp : 1;
  const seconds = planChunks(plan).map((chunks, stage) => {
    const params = stageParams(plan, chunks.flat(), stage);
    return streamSeconds(plan.cluster.gpu, (30 * (params.dense + params.experts)) / sharded);
  });
  return Math.max(0, ...seconds);
}

/**
 * FLOPs the hardware executes beyond the model FLOPs of one step, in Megatron's full-s^2
 * convention: full recomputation repeats every layer's forward; selective repeats the
 * materialized attention core; FlashAttention's backward recomputes QK^T whatever the policy.
 */
function recomputeFlops(plan: ResolvedTrainPlan): number {
  const { model } = plan;
  const qkShare =
    queryWidth(model) / (queryWidth(model) + model.heads * (model.mla ? model.mla.vHeadDim : model.headDim));
  let flops = 0;
  for (let index = 0; index < model.layers; index++) {
    const layer = layerForwardFlops(model, index, plan.globalBatch, plan.seqLength);
    if (plan.recompute === 'full') flops += layer.linearFlops + layer.attentionFlops;
    if (plan.recompute === 'selective' && plan.attention === 'materialized') flops += layer.attentionFlops;
    if (plan.attention === 'flash') flops += qkShare * layer.attentionFlops;
  }
  return flops;
}

/**
 * Estimate one training step of a plan.
 *
 * @example
 * ```ts
 * const estimate = estimateTraining({ model: getModelPreset('llama3-8b'), cluster: makeCluster('h100', 64),
 *   tp: 1, pp: 1, seqLength: 8192, globalBatch: 512, recompute: 'full', distributedOptimizer: true });
 * estimate.memory.fits; // true
 * ```
 */
export function estimateTraining(input: TrainPlan): TrainEstimate {
  const plan = resolveTrainPlan(input);
  const stages = stageMicrobatchSeconds(plan);
  const mb = stages.reduce((slowest, stage) => (microbatchTotal(stage) > microbatchTotal(slowest) ? stage : slowest));
  const pipeline = pipelineSeconds(plan, mb);
  const memory = trainingMemory(plan);
  const dataParallelS = dataParallelSeconds(plan, stages);
  const optimizerS = optimizerSeconds(plan);
  const stepTimeS = pipeline.totalS + dataParallelS + optimizerS;
  const modelFlopsPerStep = trainingStepModelFlops(plan.model, plan.globalBatch, plan.seqLength);
  const hardwareFlopsPerStep = modelFlopsPerStep + recomputeFlops(plan);
  const m = plan.microbatches;
  return {
    stepTimeS,
    tflopsPerGpu: hardwareFlopsPerStep / stepTimeS / plan.gpus / 1e12,
    mfu: modelFlopsPerStep / stepTimeS / plan.gpus / plan.cluster.gpu.bf16FlopsPerS,
    peakMemoryBytes: memory.peakMemoryBytes,
    tokensPerS: (plan.globalBatch * plan.seqLength) / stepTimeS,
    modelFlopsPerStep,
    hardwareFlopsPerStep,
    time: {
      computeS: m * (mb.forwardS + mb.backwardInputS + mb.backwardWeightS + mb.recomputeS),
      communicationS: m * (mb.layerCommS + mb.pipelineP2pS),
      bubbleS: pipeline.bubbleS,
      dataParallelS,
      optimizerS,
    },
    microbatch: mb,
    memory,
    plan,
  };
}
