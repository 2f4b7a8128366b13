/**
 * Lower bounds on a plan's step time and peak memory that hold for every layer layout, from
 * per-layer costs cached by the knobs they depend on (tp, cp, ep, microbatch; the layer's
 * kind). The slowest stage is no faster than the average stage, and the fullest stage holds
 * no less than the average stage, so:
 *
 * - step >= (m + bubble share) x (sum over layers of F + B + W + recomputation + TP/CP/EP
 *   collectives, plus the output layer's three passes) / p, where the bubble share is p - 1
 *   (1F1B, GPipe), (p - 1)/v (interleaved) or 0 (ZB-H1); sends, the data-parallel remainder
 *   and the optimizer step only add;
 * - peak memory >= (model states of all parameters + one microbatch of every layer's
 *   activations, divided by v under the interleaved schedule) / p, and >= the last stage's
 *   output-layer states and logits.
 *
 * The search estimates plans in the order of these bounds and stops when the next bound
 * reaches the best plans found: that is what makes the enumeration exact and fast.
 */
import { embeddingParams, isMoeLayer, layerParams } from '../../src/perf/llm.js';
import { layerActivationBytes, logitsActivationBytes, modelStateBytes } from '../../src/perf/memory.js';
import { layerSeconds } from '../../src/perf/layer-time.js';
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
    };
    for (const { index, count } of this.kinds) {
      const s = layerSeconds(context, index);
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
    if (plan.schedule === 'zb-h1') bubble = 0;
    return ((m + bubble) * this.allStagesSeconds(plan)) / p;
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
