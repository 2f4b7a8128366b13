/**
 * Peak memory per GPU of a training plan: model states of the parameters a GPU holds, the
 * activations of the microbatches in flight on it, and the output layer's logits. The first
 * pipeline stage holds the most microbatches; the last holds the logits; the peak is the
 * larger of the two.
 */
import { embeddingParams, layerParams, moeLayerCount, type ModelSpec } from './llm.js';
import { inFlightMicrobatches, layerActivationBytes, logitsActivationBytes, modelStateBytes, type ActivationOptions } from './memory.js';
import type { ResolvedTrainPlan } from './plan.js';

/** Memory per GPU by kind, bytes. */
export interface MemoryBreakdown {
  weightBytes: number;
  gradientBytes: number;
  optimizerBytes: number;
  activationBytes: number;
  /** Which pipeline stage has the peak. */
  stage: 'first' | 'last';
  /** Microbatches whose activations the stage holds at its peak. */
  inFlightMicrobatches: number;
  peakMemoryBytes: number;
  capacityBytes: number;
  fits: boolean;
  /** When the plan does not fit: which memory is over and by how much. */
  overflow?: string;
}

/** Parameters of all layers, split into the part replicated over EP and the routed experts. */
function layerParamTotals(model: ModelSpec): { dense: number; experts: number } {
  const moeLayers = moeLayerCount(model);
  const dense = layerParams(model, false);
  const moe = layerParams(model, true);
  return {
    dense: (model.layers - moeLayers) * dense.dense + moeLayers * moe.dense,
    experts: moeLayers * moe.experts,
  };
}

function activationOptions(plan: ResolvedTrainPlan): ActivationOptions {
  return { tp: plan.tp, sp: plan.sp, cp: plan.cp, recompute: plan.recompute, attention: plan.attention };
}

/** Activation bytes of all layers for one microbatch. */
function allLayersActivationBytes(plan: ResolvedTrainPlan, options: ActivationOptions): number {
  let bytes = 0;
  for (let index = 0; index < plan.model.layers; index++) {
    bytes += layerActivationBytes(plan.model, index, plan.microBatch, plan.seqLength, options);
  }
  return bytes;
}

/** Memory of one pipeline stage holding `fraction` of the layers and `embeddingCopies` vocabulary matrices. */
function stageMemory(plan: ResolvedTrainPlan, fraction: number, embeddingCopies: number, activationBytes: number): Omit<MemoryBreakdown, 'stage' | 'inFlightMicrobatches' | 'capacityBytes' | 'fits' | 'overflow'> {
  const totals = layerParamTotals(plan.model);
  const vocabParams = (embeddingCopies * plan.model.vocabSize * plan.model.hiddenSize) / plan.tp;
  const denseParams = (totals.dense * fraction) / plan.tp + vocabParams;
  const expertParams = (totals.experts * fraction) / (plan.tp * plan.ep);
  const dense = modelStateBytes(denseParams, plan.dp * plan.cp, plan.zeroStage, plan.distributedOptimizer);
  const experts = modelStateBytes(expertParams, (plan.dp * plan.cp) / plan.ep, plan.zeroStage, plan.distributedOptimizer);
  const weightBytes = dense.weightBytes + experts.weightBytes;
  const gradientBytes = dense.gradientBytes + experts.gradientBytes;
  const optimizerBytes = dense.optimizerBytes + experts.optimizerBytes;
  return { weightBytes, gradientBytes, optimizerBytes, activationBytes, peakMemoryBytes: weightBytes + gradientBytes + optimizerBytes + activationBytes };
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(1)} GB`;

/** Names the largest kinds of memory and the way to shrink each. */
function overflowMessage(m: Omit<MemoryBreakdown, 'overflow'>): string {
  const kinds: [string, number, string][] = [
    ['activations', m.activationBytes, `--recompute selective or full, a smaller --micro-batch, or more --tp/--cp`],
    ['optimizer states', m.optimizerBytes, '--zero 1 or more data parallelism'],
    ['gradients', m.gradientBytes, '--zero 2'],
    ['weights', m.weightBytes, 'more --tp/--pp, or --zero 3'],
  ];
  kinds.sort((a, b) => b[1] - a[1]);
  const over = m.peakMemoryBytes - m.capacityBytes;
  const parts = kinds.map(([name, bytes]) => `${name} ${gb(bytes)}`).join(', ');
  const [largest, , fix] = kinds[0] ?? ['memory', 0, ''];
  return `does not fit: ${gb(m.peakMemoryBytes)} needed on the ${m.stage} pipeline stage, ${gb(m.capacityBytes)} available (over by ${gb(over)}); ${parts}; the largest, ${largest}, shrinks with ${fix}`;
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
  const options = activationOptions(plan);
  const fraction = Math.ceil(plan.model.layers / plan.pp) / plan.model.layers;
  const perMicrobatch = allLayersActivationBytes(plan, options) * fraction;
  // Under full recomputation the backward of one layer rebuilds its full activations.
  const working = plan.recompute === 'full'
    ? layerActivationBytes(plan.model, plan.model.layers - 1, plan.microBatch, plan.seqLength, { ...options, recompute: 'none' })
    : 0;
  const logits = logitsActivationBytes(plan.model, plan.microBatch, plan.seqLength, plan.tp, plan.cp);
  const inFlight = inFlightMicrobatches(plan.schedule, plan.pp, plan.microbatches, plan.virtualStages);
  const vocabCopies = plan.model.tiedEmbeddings && plan.pp === 1 ? 1 : embeddingParams(plan.model) / (plan.model.vocabSize * plan.model.hiddenSize);
  const firstCopies = plan.pp === 1 ? vocabCopies : 1;
  const first = stageMemory(plan, fraction, firstCopies, perMicrobatch * inFlight + working + (plan.pp === 1 ? logits : 0));
  const last = plan.pp === 1 ? first : stageMemory(plan, fraction, 1, perMicrobatch + working + logits);
  const peak = last.peakMemoryBytes > first.peakMemoryBytes ? { ...last, stage: 'last' as const, inFlightMicrobatches: 1 } : { ...first, stage: 'first' as const, inFlightMicrobatches: inFlight };
  const capacityBytes = plan.cluster.gpu.hbmBytes;
  const result = { ...peak, capacityBytes, fits: peak.peakMemoryBytes <= capacityBytes };
  return result.fits ? result : { ...result, overflow: overflowMessage(result) };
}
