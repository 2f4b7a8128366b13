/**
 * Serving estimate for one batch of requests that arrive together: prefill of the prompts
 * (compute-bound, gives the time to first token), then decode steps (memory-bound at small
 * batch: every step streams the weights and the KV cache), giving the time per output token.
 * Pipeline stages run one after the other for a single batch, so PP adds memory, not speed.
 */
import { inputError } from '../errors.js';
import { allReduceSeconds, groupOn, p2pSeconds } from './communication.js';
import { activeLayerParams } from './flops.js';
import { clusterGpus, type ClusterSpec } from './hardware.js';
import { layerSeconds, type LayerContext } from './layer-time.js';
import { isMoeLayer, kvCacheBytesPerToken, mlpParams, queryWidth, totalParams, type ModelSpec } from './llm.js';
import { checkHeadsDivide, checkWhole, perfLimits } from './limits.js';
import { layerActivationBytes } from './memory.js';
import { gemmEfficiency, gemmSeconds, rooflineSeconds } from './roofline.js';

/** A serving plan. */
export interface ServePlan {
  model: ModelSpec;
  cluster: ClusterSpec;
  tp: number;
  /** Default 1. */
  pp?: number;
  batch: number;
  inputLen: number;
  outputLen: number;
}

/** A serving estimate. */
export interface ServeEstimate {
  /** Time to first token: the prefill of the whole batch. */
  ttftS: number;
  /** Time per output token after the first, at the mean context length. */
  tpotS: number;
  /** Output tokens per second over the whole batch. */
  tokensPerS: number;
  totalTimeS: number;
  prefill: { computeS: number; communicationS: number };
  decode: { computeS: number; communicationS: number; memoryBound: boolean };
  memory: {
    weightBytes: number;
    kvCacheBytes: number;
    activationBytes: number;
    peakMemoryBytes: number;
    capacityBytes: number;
    fits: boolean;
    overflow?: string;
  };
}

/**
 * TP ranks over which the KV cache is split. GQA shards whole KV heads, so ranks beyond
 * `kvHeads` hold replicas; MLA caches one latent vector per token that every head reads, so each
 * TP rank keeps the whole latent cache (as vLLM and SGLang do for DeepSeek under TP).
 */
function kvCacheShards(model: ModelSpec, tp: number): number {
  return model.mla ? 1 : Math.min(tp, model.kvHeads);
}

/** The link between pipeline stages: NVLink while the stages share a node. */
function stageLink(plan: ServePlan, pp: number): ClusterSpec['intraLink'] {
  return plan.tp * pp <= plan.cluster.gpusPerNode ? plan.cluster.intraLink : plan.cluster.interLink;
}

function checkServePlan(plan: ServePlan, pp: number): void {
  for (const [value, flag, max] of [
    [plan.tp, '--tp', perfLimits.gpus],
    [pp, '--pp', perfLimits.gpus],
    [plan.batch, '--batch', perfLimits.sequences],
    [plan.inputLen, '--input-len', perfLimits.tokens],
    [plan.outputLen, '--output-len', perfLimits.tokens],
  ] as const) {
    checkWhole(value, flag, max);
  }
  checkHeadsDivide(plan.model, plan.tp, '--tp');
  if (plan.tp * pp > clusterGpus(plan.cluster))
    throw inputError(`--tp x --pp = ${plan.tp * pp} exceeds the ${clusterGpus(plan.cluster)} GPUs`);
}

function prefillSeconds(plan: ServePlan, pp: number): { computeS: number; communicationS: number } {
  const context: LayerContext = {
    gpu: plan.cluster.gpu,
    model: plan.model,
    sequences: plan.batch,
    seqLength: plan.inputLen,
    tp: plan.tp,
    cp: 1,
    ep: 1,
    sp: false,
    attention: 'flash',
    tpGroup: groupOn(plan.cluster, plan.tp, 1),
    cpGroup: groupOn(plan.cluster, 1, 1),
    epGroup: groupOn(plan.cluster, 1, 1),
  };
  let computeS = gemmSeconds(plan.cluster.gpu, {
    m: plan.batch,
    n: plan.model.vocabSize / plan.tp,
    k: plan.model.hiddenSize,
  });
  let communicationS = 0;
  for (let index = 0; index < plan.model.layers; index++) {
    const layer = layerSeconds(context, index);
    computeS += layer.forwardS;
    communicationS += layer.commForwardS;
  }
  const sendBytes = 2 * plan.batch * plan.inputLen * plan.model.hiddenSize;
  communicationS += (pp - 1) * p2pSeconds(sendBytes, stageLink(plan, pp));
  return { computeS, communicationS };
}

/** Weight bytes one decode step reads in layer `index`: MoE layers read only the experts some token picked. */
function decodeWeightBytes(model: ModelSpec, index: number, batch: number): number {
  if (!isMoeLayer(model, index) || !model.moe) return 2 * activeLayerParams(model, index);
  const m = model.moe;
  const touched = m.experts * (1 - (1 - m.topK / m.experts) ** batch);
  const perExpert = mlpParams(model, m.expertFfnHiddenSize);
  return 2 * (activeLayerParams(model, index) + (touched - m.topK) * perExpert);
}

function decodeSeconds(
  plan: ServePlan,
  pp: number,
): { computeS: number; communicationS: number; memoryBound: boolean } {
  const { model, cluster, batch, tp } = plan;
  const context = plan.inputLen + plan.outputLen / 2;
  const kvShards = kvCacheShards(model, tp);
  const kvBytesPerLayer = (batch * context * kvCacheBytesPerToken(model)) / model.layers / kvShards;
  const efficiency = gemmEfficiency(cluster.gpu, { m: batch, n: model.hiddenSize, k: model.hiddenSize });
  const scoreWidth = queryWidth(model) + model.heads * (model.mla ? model.mla.vHeadDim : model.headDim);
  let computeS = 0;
  let memoryOnlyS = 0;
  for (let index = 0; index < model.layers; index++) {
    const flops = (2 * batch * activeLayerParams(model, index) + 2 * batch * context * scoreWidth) / tp;
    const bytes = decodeWeightBytes(model, index, batch) / tp + kvBytesPerLayer;
    computeS += rooflineSeconds(cluster.gpu, flops, bytes, efficiency);
    memoryOnlyS += rooflineSeconds(cluster.gpu, 0, bytes, efficiency);
  }
  const logitsBytes = (2 * model.vocabSize * model.hiddenSize) / tp;
  computeS += rooflineSeconds(
    cluster.gpu,
    (2 * batch * model.vocabSize * model.hiddenSize) / tp,
    logitsBytes,
    efficiency,
  );
  const perLayerCommS = tp > 1 ? 2 * allReduceSeconds(2 * batch * model.hiddenSize, groupOn(cluster, tp, 1)) : 0;
  const communicationS =
    model.layers * perLayerCommS + (pp - 1) * p2pSeconds(2 * batch * model.hiddenSize, stageLink(plan, pp));
  return { computeS, communicationS, memoryBound: memoryOnlyS >= 0.5 * computeS };
}

function serveMemory(plan: ServePlan, pp: number): ServeEstimate['memory'] {
  const { model } = plan;
  const weightBytes = (2 * totalParams(model)) / (plan.tp * pp);
  const kvShards = kvCacheShards(model, plan.tp) * pp;
  const kvCacheBytes = (plan.batch * (plan.inputLen + plan.outputLen) * kvCacheBytesPerToken(model)) / kvShards;
  const activationBytes = layerActivationBytes(model, model.layers - 1, plan.batch, plan.inputLen, {
    tp: plan.tp,
    sp: false,
    cp: 1,
    recompute: 'none',
    attention: 'flash',
  });
  const peakMemoryBytes = weightBytes + kvCacheBytes + activationBytes;
  const capacityBytes = plan.cluster.gpu.hbmBytes;
  const fits = peakMemoryBytes <= capacityBytes;
  const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(1)} GB`;
  const overflow = fits
    ? undefined
    : `does not fit: ${gb(peakMemoryBytes)} needed per GPU, ${gb(capacityBytes)} available (over by ${gb(peakMemoryBytes - capacityBytes)}); weights ${gb(weightBytes)}, KV cache ${gb(kvCacheBytes)}, prefill activations ${gb(activationBytes)}; use more --tp/--pp or a smaller --batch`;
  return {
    weightBytes,
    kvCacheBytes,
    activationBytes,
    peakMemoryBytes,
    capacityBytes,
    fits,
    ...(overflow ? { overflow } : {}),
  };
}

/**
 * Estimate serving one batch.
 *
 * @example
 * ```ts
 * const e = estimateServing({ model: getModelPreset('llama3-70b'), cluster: makeCluster('h100', 8),
 *   tp: 8, batch: 16, inputLen: 2048, outputLen: 256 });
 * e.tpotS; // about 0.01 s
 * ```
 */
export function estimateServing(plan: ServePlan): ServeEstimate {
  const pp = plan.pp ?? 1;
  checkServePlan(plan, pp);
  const prefill = prefillSeconds(plan, pp);
  const decode = decodeSeconds(plan, pp);
  const ttftS = prefill.computeS + prefill.communicationS;
  const tpotS = decode.computeS + decode.communicationS;
  const totalTimeS = ttftS + (plan.outputLen - 1) * tpotS;
  return {
    ttftS,
    tpotS,
    tokensPerS: (plan.batch * plan.outputLen) / totalTimeS,
    totalTimeS,
    prefill,
    decode,
    memory: serveMemory(plan, pp),
  };
}
