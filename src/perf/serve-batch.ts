/**
 * Per-iteration costs of one serving instance (TP x PP GPUs holding one model replica), for a
 * request-level simulator with continuous batching: the prefill of a batch of prompts of
 * different lengths, one decode step of a batch whose requests hold different contexts, and the
 * KV-cache capacity left on the GPUs. Same formulas as `estimateServing`: with one request,
 * `prefillBatchSeconds([P])` is its TTFT and the mean decode step over contexts P+1..P+O-1 its
 * TPOT. Costs are memoized per prompt length, per batch size and per token count, so a
 * simulator can ask millions of times.
 */
import { groupOn, allReduceSeconds, p2pSeconds } from './communication.js';
import { activeLayerParams } from './flops.js';
import type { ClusterSpec, LinkSpec } from './hardware.js';
import { layerSeconds, type LayerContext } from './layer-time.js';
import { isMoeLayer, kvCacheBytesPerToken, mlpParams, queryWidth, totalParams, type ModelSpec } from './llm.js';
import { layerActivationBytes } from './memory.js';
import { gemmEfficiency, gemmSeconds, rooflineSeconds } from './roofline.js';

/** One model replica: a model on `tp x pp` GPUs of a cluster (pipeline stages run one after the other). */
export interface ServingInstanceShape {
  model: ModelSpec;
  cluster: ClusterSpec;
  tp: number;
  pp: number;
}

/**
 * Fraction of HBM a serving engine lets itself use (vLLM's `gpu_memory_utilization` default),
 * the rest left to the CUDA context, allocator fragmentation and NCCL buffers.
 */
export const servingMemoryFraction = 0.9;

/** Layers grouped by kind (dense or MoE): a representative index and how many there are. */
function layerKinds(model: ModelSpec): { index: number; count: number }[] {
  const kinds = new Map<boolean, { index: number; count: number }>();
  for (let index = 0; index < model.layers; index++) {
    const moe = isMoeLayer(model, index);
    const kind = kinds.get(moe);
    if (kind) kind.count++;
    else kinds.set(moe, { index, count: 1 });
  }
  return [...kinds.values()];
}

/** TP ranks over which the KV cache is split (as in `estimateServing`: MLA's latent cache is whole on each rank). */
function kvShards(model: ModelSpec, tp: number): number {
  return model.mla ? 1 : Math.min(tp, model.kvHeads);
}

function stageLink(shape: ServingInstanceShape): LinkSpec {
  return shape.tp * shape.pp <= shape.cluster.gpusPerNode ? shape.cluster.intraLink : shape.cluster.interLink;
}

/** Weight bytes one decode step reads in a layer: MoE layers read only the experts some token picked. */
function decodeWeightBytes(model: ModelSpec, index: number, batch: number): number {
  if (!isMoeLayer(model, index) || !model.moe) return 2 * activeLayerParams(model, index);
  const m = model.moe;
  const touched = m.experts * (1 - (1 - m.topK / m.experts) ** batch);
  return 2 * (activeLayerParams(model, index) + (touched - m.topK) * mlpParams(model, m.expertFfnHiddenSize));
}

/**
 * A decode step of one batch size as `constantS + sum over kinds of count * max(compute0 +
 * computePerToken c, memory0 + memoryPerToken c)` seconds, c the context tokens: the roofline
 * of each layer kind with its FLOPs and bytes already divided by the achieved rates.
 */
interface DecodeCoefficients {
  kinds: { count: number; compute0: number; computePerToken: number; memory0: number; memoryPerToken: number }[];
  constantS: number;
}

/**
 * The memoized cost model of one serving instance.
 *
 * @example
 * ```ts
 * const costs = new ServingCosts({ model: getModelPreset('llama3-8b'), cluster: makeCluster('h100', 8), tp: 1, pp: 1 });
 * costs.prefillSeconds([512]); // TTFT of one 512-token prompt
 * costs.decodeStepSeconds(16, 16 * 600); // one step of 16 requests holding 600 tokens each
 * ```
 */
export class ServingCosts {
  private readonly kinds: { index: number; count: number }[];
  private readonly nonAttention = new Map<number, number>();
  private readonly attention = new Map<number, number>();
  private readonly decode: DecodeCoefficients[] = [];

  constructor(readonly shape: ServingInstanceShape) {
    this.kinds = layerKinds(shape.model);
  }

  private layerContext(seqLength: number): LayerContext {
    const { cluster, model, tp } = this.shape;
    const group = groupOn(cluster, 1, 1);
    return {
      gpu: cluster.gpu,
      model,
      sequences: 1,
      seqLength,
      tp,
      cp: 1,
      ep: 1,
      sp: false,
      attention: 'flash',
      tpGroup: groupOn(cluster, tp, 1),
      cpGroup: group,
      epGroup: group,
    };
  }

  /** Seconds of everything but the attention core over all layers, for `tokens` tokens: GEMMs, streams, TP all-reduces. */
  private tokenSeconds(tokens: number): number {
    let seconds = this.nonAttention.get(tokens);
    if (seconds !== undefined) return seconds;
    seconds = 0;
    const context = this.layerContext(tokens);
    for (const kind of this.kinds) {
      const layer = layerSeconds(context, kind.index);
      seconds += kind.count * (layer.forwardS - layer.attentionForwardS + layer.commForwardS);
    }
    this.nonAttention.set(tokens, seconds);
    return seconds;
  }

  /** Seconds of the causal attention core of one prompt over all layers. */
  private attentionSeconds(length: number): number {
    let seconds = this.attention.get(length);
    if (seconds !== undefined) return seconds;
    seconds = 0;
    const context = this.layerContext(length);
    for (const kind of this.kinds) seconds += kind.count * layerSeconds(context, kind.index).attentionForwardS;
    this.attention.set(length, seconds);
    return seconds;
  }

  /**
   * Seconds of one prefill iteration over prompts of these lengths (tokens): the layers' GEMMs
   * on all the tokens together, each prompt's own causal attention, the logits of each prompt's
   * last token, and the activations sent between pipeline stages.
   */
  prefillSeconds(lengths: ArrayLike<number>): number {
    const { model, cluster, tp, pp } = this.shape;
    let tokens = 0;
    let attentionS = 0;
    for (let i = 0; i < lengths.length; i++) {
      tokens += lengths[i];
      attentionS += this.attentionSeconds(lengths[i]);
    }
    if (tokens === 0) return 0;
    const logitsS = gemmSeconds(cluster.gpu, { m: lengths.length, n: model.vocabSize / tp, k: model.hiddenSize });
    const sendS = (pp - 1) * p2pSeconds(2 * tokens * model.hiddenSize, stageLink(this.shape));
    return this.tokenSeconds(tokens) + attentionS + logitsS + sendS;
  }

  private decodeCoefficients(batch: number): DecodeCoefficients {
    const cached = this.decode[batch];
    if (cached) return cached;
    const { model, cluster, tp, pp } = this.shape;
    const scoreWidth = queryWidth(model) + model.heads * (model.mla ? model.mla.vHeadDim : model.headDim);
    const kvPerToken = kvCacheBytesPerToken(model) / model.layers / kvShards(model, tp);
    const efficiency = gemmEfficiency(cluster.gpu, { m: batch, n: model.hiddenSize, k: model.hiddenSize });
    const flopsPerS = cluster.gpu.bf16FlopsPerS * efficiency;
    const bytesPerS = cluster.gpu.hbmBytesPerS * cluster.gpu.memoryEfficiency;
    const kinds = this.kinds.map((kind) => ({
      count: kind.count,
      compute0: (2 * batch * activeLayerParams(model, kind.index)) / tp / flopsPerS,
      computePerToken: (2 * scoreWidth) / tp / flopsPerS,
      memory0: decodeWeightBytes(model, kind.index, batch) / tp / bytesPerS,
      memoryPerToken: kvPerToken / bytesPerS,
    }));
    const logitsS = rooflineSeconds(
      cluster.gpu,
      (2 * batch * model.vocabSize * model.hiddenSize) / tp,
      (2 * model.vocabSize * model.hiddenSize) / tp,
      efficiency,
    );
    const perLayerCommS = tp > 1 ? 2 * allReduceSeconds(2 * batch * model.hiddenSize, groupOn(cluster, tp, 1)) : 0;
    const sendS = (pp - 1) * p2pSeconds(2 * batch * model.hiddenSize, stageLink(this.shape));
    const coefficients = { kinds, constantS: logitsS + model.layers * perLayerCommS + sendS };
    this.decode[batch] = coefficients;
    return coefficients;
  }

  /**
   * Seconds of one decode step of `batch` requests whose attention spans `contextTokens` tokens
   * in all (each request's prompt and the tokens it has generated so far).
   */
  decodeStepSeconds(batch: number, contextTokens: number): number {
    if (batch <= 0) return 0;
    const c = this.decodeCoefficients(batch);
    let seconds = c.constantS;
    for (const kind of c.kinds) {
      const computeS = kind.compute0 + kind.computePerToken * contextTokens;
      const memoryS = kind.memory0 + kind.memoryPerToken * contextTokens;
      seconds += kind.count * Math.max(computeS, memoryS);
    }
    return seconds;
  }

  /** KV-cache bytes one token occupies on each GPU of the instance. */
  kvBytesPerTokenPerGpu(): number {
    const { model, tp, pp } = this.shape;
    return kvCacheBytesPerToken(model) / (kvShards(model, tp) * pp);
  }

  /**
   * Tokens of KV cache the instance holds: per GPU, `servingMemoryFraction` of HBM minus the
   * weight shard and the activations of a prefill of `maxPrefillTokens`; 0 when the weights do
   * not fit (negative free memory).
   */
  kvCapacityTokens(maxPrefillTokens: number): number {
    const free = this.freeBytesPerGpu(maxPrefillTokens);
    return free <= 0 ? 0 : Math.floor(free / this.kvBytesPerTokenPerGpu());
  }

  /** HBM left for the KV cache on each GPU (negative when weights and activations alone do not fit). */
  freeBytesPerGpu(maxPrefillTokens: number): number {
    const { model, cluster, tp, pp } = this.shape;
    const weightBytes = (2 * totalParams(model)) / (tp * pp);
    const activationBytes = layerActivationBytes(model, model.layers - 1, 1, maxPrefillTokens, {
      tp,
      sp: false,
      cp: 1,
      recompute: 'none',
      attention: 'flash',
    });
    return servingMemoryFraction * cluster.gpu.hbmBytes - weightBytes - activationBytes;
  }

  /** Bytes of KV cache of one request of `tokens` tokens on each GPU (what a prefill-to-decode transfer moves per GPU). */
  kvTransferSeconds(tokens: number, link: LinkSpec): number {
    return p2pSeconds(tokens * this.kvBytesPerTokenPerGpu(), link);
  }
}
