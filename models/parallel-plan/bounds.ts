/**
 * Lower bounds on a plan's step time and peak memory that hold for every layer layout, from
 * per-layer costs cached by the knobs they depend on (tp, cp, ep, microbatch; the layer's
 * kind). The slowest stage is no faster than the average stage, and the fullest stage holds
 * no less than the average stage, so:
 *
 * - step >= (m + bubble share) x (sum over layers of F + B + W + recomputation + TP/CP/EP
 *   collectives, plus the output layer's three passes) / p, where the bubble share is p - 1
 *   (1F1B, GPipe), (p - 1)/v (interleaved) or (p - 1) rho (ZB-H1, below); sends, the
 *   data-parallel remainder and the optimizer step only add;
 * - peak memory >= (model states of all parameters + one microbatch of every layer's
 *   activations, divided by v under the interleaved schedule) / p, and >= the last stage's
 *   output-layer states and logits.
 *
 * ZB-H1's bubble is (p - 1)(T - 2W) on the slowest stage (T its seconds per microbatch, W its
 * weight-gradient pass; Qi et al. 2024's (p - 1)(F + B - W)). T - 2W is a sum over the stage's
 * parts (layers, the output layer, sends), each contributing its own T_c - 2 W_c, so it is at
 * least rho T with rho the least ratio (T_c - 2 W_c) / T_c over the parts any stage may hold:
 * each layer kind under the plan's recomputation, the output layer (F = B = W: 1/3), the sends
 * (no W: 1). With T >= the average stage, the bubble is >= (p - 1) rho x average, whatever the
 * layout (`zeroBubbleShare`).
 *
 * The search estimates plans in the order of these bounds and stops when the next bound
 * reaches the best plans found: that is what makes the enumeration exact and fast.
 */
import { embeddingParams, isMoeLayer, layerParams } from '../../src/perf/llm.js';
import {
  layerActivationBytes,
  logitsActivationBytes,
  modelStateBytes,
  type AttentionKernel,
  type Recompute,
} from '../../src/perf/memory.js';
import { layerSeconds, type LayerSeconds } from '../../src/perf/layer-time.js';
import { layerContext, logitsSeconds } from '../../src/perf/train-estimate.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { resolvedPlanOf } from './plan.js';

/** A lower bound on the peak memory per GPU, and its parts. */
export interface MemoryBound {
  bytes: number;
  stateBytes: number;
  activationBytes: number;
}

/** Sums over every layer of one microbatch's seconds, by kind. */
interface LayerSums {
  computeS: number;
  forwardS: number;
  attentionForwardS: number;
  commForwardS: number;
  commBackwardS: number;
  logitsS: number;
  /** One layer of each kind (dense, MoE), for the ZB-H1 bubble's least share. */
  perKind: LayerSeconds[];
}

/** A layer's seconds per microbatch on its stage, as the step counts them (`microbatchSecondsOf`). */
function layerStageSeconds(layer: LayerSeconds, recompute: Recompute, attention: AttentionKernel): number {
  let total = layer.forwardS + layer.backwardInputS + layer.backwardWeightS + layer.commForwardS + layer.commBackwardS;
  if (recompute === 'full') total += layer.forwardS + layer.commForwardS;
  if (recompute === 'selective' && attention === 'materialized') total += layer.attentionForwardS;
  return total;
}

/** Layer indices of each kind (dense, MoE), so that each kind is costed once. */
function layerKinds(instance: ParallelPlanInstance): { index: number; count: number }[] {
  const { model } = instance;
  const dense = model.moe ? Math.min(model.layers, model.moe.denseLayers) : model.layers;
  const kinds = [{ index: 0, count: dense }];
  if (dense < model.layers) kinds.push({ index: dense, count: model.layers - dense });
  return kinds.filter((kind) => kind.count > 0);
}

/**
 * Per-layer costs and bounds of one instance, cached by the knobs each depends on.
 *
 * @example
 * ```ts
 * const bounds = new PlanBounds(instance);
 * bounds.stepTime(plan) <= estimateTraining(trainPlanOf(instance, plan)).stepTimeS; // true
 * ```
 */
export class PlanBounds {
  private readonly sums = new Map<string, LayerSums>();
  private readonly activations = new Map<string, number>();
  private readonly paramsByPp = new Map<number, { dense: number; experts: number; vocab: number }>();
  private readonly kinds: { index: number; count: number }[];

  constructor(private readonly instance: ParallelPlanInstance) {
    this.kinds = layerKinds(instance);
  }

  private layerSums(plan: Plan): LayerSums {
    const key = `${plan.tp},${plan.cp},${plan.ep},${plan.microBatch}`;
    const cached = this.sums.get(key);
    if (cached) return cached;
    const resolved = resolvedPlanOf(this.instance, plan);
    const context = layerContext(resolved);
    const sums: LayerSums = {
      computeS: 0,
      forwardS: 0,
      attentionForwardS: 0,
      commForwardS: 0,
      commBackwardS: 0,
      logitsS: logitsSeconds(resolved),
      perKind: [],
    };
    for (const { index, count } of this.kinds) {
      const s = layerSeconds(context, index);
      sums.perKind.push(s);
      sums.computeS += count * (s.forwardS + s.backwardInputS + s.backwardWeightS);
      sums.forwardS += count * s.forwardS;
      sums.attentionForwardS += count * s.attentionForwardS;
      sums.commForwardS += count * s.commForwardS;
      sums.commBackwardS += count * s.commBackwardS;
    }
    this.sums.set(key, sums);
    return sums;
  }

  /** Seconds of one microbatch over every stage together (the p stages' sum). */
  private allStagesSeconds(plan: Plan): number {
    const s = this.layerSums(plan);
    let total = s.computeS + 3 * s.logitsS + s.commForwardS + s.commBackwardS;
    if (plan.recompute === 'full') total += s.forwardS + s.commForwardS;
    if (plan.recompute === 'selective' && this.instance.attention === 'materialized') total += s.attentionForwardS;
    return total;
  }

  /** A lower bound on the step time of `plan` under every layer layout. */
  stepTime(plan: Plan): number {
    const m = this.instance.globalBatch / (plan.dp * plan.microBatch);
    const p = plan.pp;
    let bubble = p - 1;
    if (plan.schedule === 'interleaved') bubble /= plan.virtualStages;
    if (plan.schedule === 'zb-h1') bubble *= this.zeroBubbleShare(plan);
    return ((m + bubble) * this.allStagesSeconds(plan)) / p;
  }

  /**
   * The least (T - 2W) / T of any part a stage may hold (see the header): each layer kind with
   * the plan's recomputation, and the output layer's 1/3; at least 0. A ZB-H1 step with
   * slowest stage T is at least (m + (p - 1) share) T.
   *
   * @example
   * ```ts
   * new PlanBounds(instance).zeroBubbleShare(plan); // about 0.33 on Llama 3
   * ```
   */
  zeroBubbleShare(plan: Plan): number {
    let share = 1 / 3;
    for (const layer of this.layerSums(plan).perKind) {
      const total = layerStageSeconds(layer, plan.recompute, this.instance.attention);
      if (total > 0) share = Math.min(share, (total - 2 * layer.backwardWeightS) / total);
    }
    return Math.max(0, share);
  }

  /** One microbatch's activations of every layer, per GPU. */
  private activationBytes(plan: Plan): number {
    const { model, attention, seqLength } = this.instance;
    const key = `${plan.tp},${plan.cp},${plan.microBatch},${plan.recompute}`;
    const cached = this.activations.get(key);
    if (cached !== undefined) return cached;
    const options = { tp: plan.tp, sp: plan.tp > 1, cp: plan.cp, recompute: plan.recompute, attention };
    let bytes = 0;
    for (const { index, count } of this.kinds)
      bytes += count * layerActivationBytes(model, index, plan.microBatch, seqLength, options);
    this.activations.set(key, bytes);
    return bytes;
  }

  /** Model-state bytes of all parameters (every layer, the vocabulary copies of `pp` stages) per GPU. */
  private stateBytes(plan: Plan, dense: number, experts: number): number {
    const ranks = plan.dp * plan.cp;
    const d = modelStateBytes(dense / plan.tp, ranks, plan.zero, plan.distributedOptimizer);
    const e = modelStateBytes(experts / (plan.tp * plan.ep), ranks / plan.ep, plan.zero, plan.distributedOptimizer);
    return d.weightBytes + d.gradientBytes + d.optimizerBytes + e.weightBytes + e.gradientBytes + e.optimizerBytes;
  }

  /** Parameters of every layer and the vocabulary copies, split as the model states are. */
  private params(pp: number): { dense: number; experts: number; vocab: number } {
    const cached = this.paramsByPp.get(pp);
    if (cached) return cached;
    const { model } = this.instance;
    let dense = 0;
    let experts = 0;
    for (const { index, count } of this.kinds) {
      const params = layerParams(model, isMoeLayer(model, index));
      dense += count * params.dense;
      experts += count * params.experts;
    }
    const vocab = model.vocabSize * model.hiddenSize;
    const params = { dense: dense + (pp === 1 ? embeddingParams(model) : 2 * vocab), experts, vocab };
    this.paramsByPp.set(pp, params);
    return params;
  }

  /** A lower bound on the peak memory per GPU of `plan` under every layer layout, and its parts. */
  memory(plan: Plan): MemoryBound {
    const { model, seqLength } = this.instance;
    const params = this.params(plan.pp);
    const chunks = plan.schedule === 'interleaved' && plan.pp > 1 ? plan.virtualStages : 1;
    const stateBytes = this.stateBytes(plan, params.dense, params.experts) / plan.pp;
    const activationBytes = this.activationBytes(plan) / (plan.pp * chunks);
    const logits = logitsActivationBytes(model, plan.microBatch, seqLength, plan.tp, plan.cp);
    const lastStage = (plan.pp === 1 ? stateBytes : this.stateBytes(plan, params.vocab, 0)) + logits;
    const mean = stateBytes + activationBytes;
    return mean >= lastStage
      ? { bytes: mean, stateBytes, activationBytes }
      : { bytes: lastStage, stateBytes: lastStage - logits, activationBytes: logits };
  }
}
