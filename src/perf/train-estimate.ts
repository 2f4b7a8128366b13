/**
 * Step time of a training plan. The slowest pipeline stage (the last: its layers plus the
 * output layer) sets the per-microbatch time; the schedule adds its bubble; the data-parallel
 * gradient reduction and the optimizer step close the step. TP, CP and EP collectives and
 * pipeline sends are on the critical path (not overlapped with compute).
 */
import { allGatherSeconds, allReduceSeconds, groupOn, p2pSeconds, reduceScatterSeconds } from './communication.js';
import { layerForwardFlops, trainingStepModelFlops } from './flops.js';
import { layerSeconds, type LayerContext, type LayerSeconds } from './layer-time.js';
import { layerParams, moeLayerCount } from './llm.js';
import { resolveTrainPlan, type ResolvedTrainPlan, type TrainPlan } from './plan.js';
import { gemmSeconds, streamSeconds } from './roofline.js';
import { trainingMemory, type MemoryBreakdown } from './train-memory.js';

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

function layerContext(plan: ResolvedTrainPlan): LayerContext {
  const { cluster } = plan;
  return {
    gpu: cluster.gpu, model: plan.model, sequences: plan.microBatch, seqLength: plan.seqLength,
    tp: plan.tp, cp: plan.cp, ep: plan.ep, sp: plan.sp, attention: plan.attention,
    tpGroup: groupOn(cluster, plan.tp, 1), cpGroup: groupOn(cluster, plan.cp, plan.tp),
    epGroup: groupOn(cluster, plan.ep, plan.tp * plan.cp),
  };
}

/** Sum of the layer seconds of the slowest stage: `ceil(L/p)/L` of all layers. */
function stageLayerSeconds(plan: ResolvedTrainPlan): LayerSeconds {
  const context = layerContext(plan);
  const sum: LayerSeconds = { forwardS: 0, backwardInputS: 0, backwardWeightS: 0, attentionForwardS: 0, commForwardS: 0, commBackwardS: 0 };
  for (let index = 0; index < plan.model.layers; index++) {
    const layer = layerSeconds(context, index);
    for (const key of Object.keys(sum) as (keyof LayerSeconds)[]) sum[key] += layer[key];
  }
  const fraction = Math.ceil(plan.model.layers / plan.pp) / plan.model.layers;
  for (const key of Object.keys(sum) as (keyof LayerSeconds)[]) sum[key] *= fraction;
  return sum;
}

/** Output layer and cross-entropy on the last stage, forward seconds (B and W cost the same GEMM). */
function logitsSeconds(plan: ResolvedTrainPlan): number {
  const tokens = (plan.microBatch * plan.seqLength) / plan.cp;
  const { model, cluster } = plan;
  const gemm = gemmSeconds(cluster.gpu, { m: tokens, n: model.vocabSize / plan.tp, k: model.hiddenSize });
  return gemm + streamSeconds(cluster.gpu, (3 * 4 * tokens * model.vocabSize) / plan.tp);
}

function microbatchSeconds(plan: ResolvedTrainPlan): MicrobatchSeconds {
  const stage = stageLayerSeconds(plan);
  const logitsS = logitsSeconds(plan);
  const recomputeS = plan.recompute === 'full' ? stage.forwardS : plan.recompute === 'selective' ? stage.attentionForwardS : 0;
  const recomputeCommS = plan.recompute === 'full' ? stage.commForwardS : 0;
  const ppGroup = groupOn(plan.cluster, plan.pp, plan.tp * plan.cp * plan.dp);
  const link = ppGroup.perNode >= plan.pp ? plan.cluster.intraLink : plan.cluster.interLink;
  // Megatron's scatter-gather sends 1/t of the activation from each TP rank, forward and backward.
  const sendBytes = (2 * plan.microBatch * plan.seqLength * plan.model.hiddenSize) / (plan.cp * plan.tp);
  const chunks = plan.schedule === 'interleaved' ? plan.virtualStages : 1;
  return {
    forwardS: stage.forwardS + logitsS, backwardInputS: stage.backwardInputS + logitsS,
    backwardWeightS: stage.backwardWeightS + logitsS, recomputeS,
    layerCommS: stage.commForwardS + stage.commBackwardS + recomputeCommS,
    pipelineP2pS: plan.pp > 1 ? 2 * chunks * p2pSeconds(sendBytes, link) : 0,
  };
}

/** Pipeline time of all microbatches and the bubble inside it. */
function pipelineSeconds(plan: ResolvedTrainPlan, mb: MicrobatchSeconds): { totalS: number; bubbleS: number } {
  const perMicrobatchS = mb.forwardS + mb.backwardInputS + mb.backwardWeightS + mb.recomputeS + mb.layerCommS + mb.pipelineP2pS;
  const m = plan.microbatches;
  const p = plan.pp;
  let bubbleS = (p - 1) * perMicrobatchS;
  if (plan.schedule === 'interleaved') bubbleS /= plan.virtualStages;
  if (plan.schedule === 'zb-h1') {
    // Qi et al. 2024: deferring W shrinks the 1F1B bubble to (p-1)(F + B - W).
    const share = Math.max(0, perMicrobatchS - 2 * mb.backwardWeightS);
    bubbleS = (p - 1) * share;
  }
  return { totalS: m * perMicrobatchS + bubbleS, bubbleS };
}

/** Exposed data-parallel communication: gradient reduction and, with sharding, parameter gathers. */
function dataParallelSeconds(plan: ResolvedTrainPlan, mb: MicrobatchSeconds): number {
  const { model } = plan;
  const fraction = Math.ceil(model.layers / plan.pp) / model.layers;
  const moeLayers = moeLayerCount(model);
  const denseParams = ((model.layers - moeLayers) * layerParams(model, false).dense + moeLayers * layerParams(model, true).dense) * fraction / plan.tp;
  const expertParams = (moeLayers * layerParams(model, true).experts * fraction) / (plan.tp * plan.ep);
  const gradBytesPerParam = plan.distributedOptimizer ? 4 : 2;
  const dense = groupOn(plan.cluster, plan.dp * plan.cp, plan.tp);
  const experts = groupOn(plan.cluster, (plan.dp * plan.cp) / plan.ep, plan.tp * plan.ep);
  const reduce = (params: number, group: typeof dense): number => {
    if (plan.zeroStage >= 3) {
      const gatherS = allGatherSeconds(2 * params, group);
      return plan.microbatches * (2 * gatherS + reduceScatterSeconds(2 * params, group));
    }
    if (plan.zeroStage >= 1 || plan.distributedOptimizer) {
      return reduceScatterSeconds(gradBytesPerParam * params, group) + allGatherSeconds(2 * params, group);
    }
    return allReduceSeconds(gradBytesPerParam * params, group);
  };
  const totalS = reduce(denseParams, dense) + reduce(expertParams, experts);
  return plan.overlapGradReduce ? Math.max(0, totalS - (mb.backwardInputS + mb.backwardWeightS)) : totalS;
}

/** Adam step: stream FP32 master weights, moments and gradients of this GPU's shard. */
function optimizerSeconds(plan: ResolvedTrainPlan, memory: MemoryBreakdown): number {
  const weightShards = plan.zeroStage >= 3 ? plan.dp * plan.cp : 1;
  const paramsOnGpu = (memory.weightBytes * weightShards) / 2;
  const sharded = plan.zeroStage >= 1 || plan.distributedOptimizer ? plan.dp * plan.cp : 1;
  return streamSeconds(plan.cluster.gpu, (30 * paramsOnGpu) / sharded);
}

/** FLOPs recomputation adds to the model FLOPs of one step. */
function recomputeFlops(plan: ResolvedTrainPlan): number {
  if (plan.recompute === 'none') return 0;
  let flops = 0;
  for (let index = 0; index < plan.model.layers; index++) {
    const layer = layerForwardFlops(plan.model, index, plan.globalBatch, plan.seqLength);
    flops += plan.recompute === 'full' ? layer.linearFlops + layer.attentionFlops : layer.attentionFlops;
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
  const mb = microbatchSeconds(plan);
  const pipeline = pipelineSeconds(plan, mb);
  const memory = trainingMemory(plan);
  const dataParallelS = dataParallelSeconds(plan, mb);
  const optimizerS = optimizerSeconds(plan, memory);
  const stepTimeS = pipeline.totalS + dataParallelS + optimizerS;
  const modelFlopsPerStep = trainingStepModelFlops(plan.model, plan.globalBatch, plan.seqLength);
  const hardwareFlopsPerStep = modelFlopsPerStep + recomputeFlops(plan);
  const m = plan.microbatches;
  const computeS = m * (mb.forwardS + mb.backwardInputS + mb.backwardWeightS + mb.recomputeS);
  return {
    stepTimeS,
    tflopsPerGpu: hardwareFlopsPerStep / stepTimeS / plan.gpus / 1e12,
    mfu: modelFlopsPerStep / stepTimeS / plan.gpus / plan.cluster.gpu.bf16FlopsPerS,
    peakMemoryBytes: memory.peakMemoryBytes,
    tokensPerS: (plan.globalBatch * plan.seqLength) / stepTimeS,
    modelFlopsPerStep, hardwareFlopsPerStep,
    time: { computeS, communicationS: m * (mb.layerCommS + mb.pipelineP2pS), bubbleS: pipeline.bubbleS, dataParallelS, optimizerS },
    microbatch: mb, memory, plan,
  };
}
