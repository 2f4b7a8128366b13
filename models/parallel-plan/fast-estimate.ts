/**
 * The performance model's step time and peak memory of many plans of one instance, fast:
 * `estimateTraining` costs every layer of every stage on every call (about 3 ms for a
 * 126-layer model), but a layer's seconds depend only on (tp, cp, ep, microbatch) and its kind
 * (dense or MoE), its activations on (tp, cp, microbatch, recomputation) and its kind, and its
 * parameters on its kind alone. This module caches those and composes the step exactly as
 * `train-estimate.ts` and `train-memory.ts` do, from their exported pieces; a test holds it
 * equal to `estimateTraining` on random plans. The evaluator still scores every answer with
 * `estimateTraining` itself.
 */
import { groupOn } from '../../src/perf/communication.js';
import type { LayerSeconds } from '../../src/perf/layer-time.js';
import { layerSeconds } from '../../src/perf/layer-time.js';
import { layerParams } from '../../src/perf/llm.js';
import { layerActivationBytes, logitsActivationBytes, modelStateBytes } from '../../src/perf/memory.js';
import { stageChunks, stagePeakActivations } from '../../src/perf/pipeline-stages.js';
import type { ResolvedTrainPlan } from '../../src/perf/plan.js';
import { streamSeconds } from '../../src/perf/roofline.js';
import {
  layerContext,
  logitsSeconds,
  microbatchSecondsOf,
  microbatchTotal,
  pipelineP2pSeconds,
  pipelineSeconds,
  reduceSeconds,
  type MicrobatchSeconds,
} from '../../src/perf/train-estimate.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { resolvedPlanOf } from './plan.js';

/** One stage's share of the step (see `FastEstimator.stageCosts`). */
export interface StageCosts {
  microbatchS: number;
  /** The stage's weight-gradient pass per microbatch (ZB-H1's bubble is (p - 1)(T - 2W)). */
  weightS: number;
  exposedDataParallelS: number;
  optimizerS: number;
  memoryBytes: number;
}

/** Per stage: how many of its layers are dense and MoE, per chunk. */
interface StageShape {
  chunks: { dense: number; moe: number }[];
  dense: number;
  moe: number;
}

const layerKeys: (keyof LayerSeconds)[] = [
  'forwardS',
  'backwardInputS',
  'backwardWeightS',
  'attentionForwardS',
  'commForwardS',
  'commBackwardS',
];

/** The step time and peak memory of plans of one instance, with per-layer costs cached. */
export class FastEstimator {
  private readonly seconds = new Map<string, { dense: LayerSeconds; moe: LayerSeconds }>();
  private readonly activation = new Map<string, { dense: number; moe: number; denseFull: number; moeFull: number }>();
  private readonly params: { dense: ReturnType<typeof layerParams>; moe: ReturnType<typeof layerParams> };
  private readonly denseLayers: number;
  private readonly shapeCache = new Map<string, StageShape[]>();
  private readonly heldCache = new Map<string, number>();

  constructor(private readonly instance: ParallelPlanInstance) {
    const { model } = instance;
    this.denseLayers = model.moe ? Math.min(model.layers, model.moe.denseLayers) : model.layers;
    this.params = { dense: layerParams(model, false), moe: layerParams(model, true) };
  }

  private shapes(plan: ResolvedTrainPlan): StageShape[] {
    const chunkCount = plan.schedule === 'interleaved' ? plan.virtualStages : 1;
    const key = `${chunkCount}:${plan.stageLayers.join(',')}`;
    const cached = this.shapeCache.get(key);
    if (cached) return cached;
    const shapes = stageChunks(plan.stageLayers, chunkCount).map((stage) => {
      const counts = stage.map((chunk) => {
        const dense = chunk.filter((index) => index < this.denseLayers).length;
        return { dense, moe: chunk.length - dense };
      });
      return {
        chunks: counts,
        dense: counts.reduce((a, c) => a + c.dense, 0),
        moe: counts.reduce((a, c) => a + c.moe, 0),
      };
    });
    this.shapeCache.set(key, shapes);
    return shapes;
  }

  /**
   * What `stagePeakActivations` returns: in closed form without interleaving (1F1B and ZB-H1
   * hold min(p - stage, m) microbatches, GPipe all m), else its step-by-step count, cached.
   */
  private heldBytes(plan: ResolvedTrainPlan, stage: number, chunkBytes: number[]): number {
    const m = plan.microbatches;
    if (plan.schedule !== 'interleaved') {
      const held = plan.schedule === 'gpipe' ? m : Math.min(m, plan.pp - stage);
      return held * (chunkBytes[0] ?? 0);
    }
    const key = `${m},${plan.pp},${stage},${chunkBytes.join(',')}`;
    let held = this.heldCache.get(key);
    if (held === undefined) {
      held = stagePeakActivations(plan.schedule, plan.pp, m, stage, chunkBytes);
      this.heldCache.set(key, held);
    }
    return held;
  }

  private layerSecondsOf(plan: ResolvedTrainPlan): { dense: LayerSeconds; moe: LayerSeconds } {
    const key = `${plan.tp},${plan.cp},${plan.ep},${plan.microBatch}`;
    let cached = this.seconds.get(key);
    if (!cached) {
      const context = layerContext(plan);
      const moeIndex = this.denseLayers < plan.model.layers ? this.denseLayers : 0;
      cached = { dense: layerSeconds(context, 0), moe: layerSeconds(context, moeIndex) };
      this.seconds.set(key, cached);
    }
    return cached;
  }

  /** The sum of a stage's layer seconds, as `stageLayerSeconds` adds them. */
  private stageSum(plan: ResolvedTrainPlan, shape: StageShape): LayerSeconds {
    const { dense, moe } = this.layerSecondsOf(plan);
    const sum = {} as LayerSeconds;
    for (const key of layerKeys) sum[key] = shape.dense * dense[key] + shape.moe * moe[key];
    return sum;
  }

  /**
   * The first stage of each kind (its role, first, middle or last, and its layers per chunk):
   * stages of one kind have the same seconds and parameters, and the first of them holds the
   * most activations, so the step's maxima are taken over these alone.
   */
  private representatives(plan: ResolvedTrainPlan, shapes: StageShape[]): number[] {
    const seen = new Set<string>();
    const stages: number[] = [];
    for (const [stage, shape] of shapes.entries()) {
      const role = stage === 0 ? 'first' : stage === plan.pp - 1 ? 'last' : 'middle';
      const key = `${role}:${shape.chunks.map((c) => `${c.dense}/${c.moe}`).join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      stages.push(stage);
    }
    return stages;
  }

  private microbatches(plan: ResolvedTrainPlan, shapes: StageShape[], stages: number[]): MicrobatchSeconds[] {
    const logitsS = logitsSeconds(plan);
    const pipelineP2pS = pipelineP2pSeconds(plan);
    return stages.map((stageIndex) =>
      microbatchSecondsOf(
        plan,
        this.stageSum(plan, shapes[stageIndex] as StageShape),
        stageIndex,
        logitsS,
        pipelineP2pS,
      ),
    );
  }

  /** Parameters one GPU of a stage holds, as `stageParams` counts them. */
  private stageParams(plan: ResolvedTrainPlan, shape: StageShape, stage: number): { dense: number; experts: number } {
    const { model } = plan;
    const { dense, moe } = this.params;
    let denseParams = shape.dense * dense.dense + shape.moe * moe.dense;
    const experts = shape.dense * dense.experts + shape.moe * moe.experts;
    const copies = plan.pp === 1 ? (model.tiedEmbeddings ? 1 : 2) : stage === 0 || stage === plan.pp - 1 ? 1 : 0;
    denseParams += copies * model.vocabSize * model.hiddenSize;
    return { dense: denseParams / plan.tp, experts: experts / (plan.tp * plan.ep) };
  }

  private dataParallelS(plan: ResolvedTrainPlan, stages: MicrobatchSeconds[], shapes: StageShape[]): number {
    const dense = groupOn(plan.cluster, plan.dp * plan.cp, plan.tp);
    const experts = groupOn(plan.cluster, (plan.dp * plan.cp) / plan.ep, plan.tp * plan.ep);
    let worst = 0;
    for (const mb of stages) {
      const params = this.stageParams(plan, shapes[mb.stageIndex] as StageShape, mb.stageIndex);
      const totalS = reduceSeconds(plan, params.dense, dense) + reduceSeconds(plan, params.experts, experts);
      worst = Math.max(
        worst,
        plan.overlapGradReduce ? Math.max(0, totalS - (mb.backwardInputS + mb.backwardWeightS)) : totalS,
      );
    }
    return worst;
  }

  private optimizerS(plan: ResolvedTrainPlan, shapes: StageShape[], stages: number[]): number {
    const sharded = plan.zeroStage >= 1 || plan.distributedOptimizer ? plan.dp * plan.cp : 1;
    let worst = 0;
    for (const stage of stages) {
      const params = this.stageParams(plan, shapes[stage] as StageShape, stage);
      worst = Math.max(worst, streamSeconds(plan.cluster.gpu, (30 * (params.dense + params.experts)) / sharded));
    }
    return worst;
  }

  /**
   * Seconds of one step, as `estimateTraining(plan).stepTimeS`.
   *
   * @example
   * ```ts
   * new FastEstimator(instance).stepTime(plan); // estimateTraining(trainPlanOf(instance, plan)).stepTimeS
   * ```
   */
  stepTime(input: Plan): number {
    const plan = resolvedPlanOf(this.instance, input);
    const shapes = this.shapes(plan);
    const representatives = this.representatives(plan, shapes);
    const stages = this.microbatches(plan, shapes, representatives);
    const mb = stages.reduce((slowest, stage) => (microbatchTotal(stage) > microbatchTotal(slowest) ? stage : slowest));
    return (
      pipelineSeconds(plan, mb).totalS +
      this.dataParallelS(plan, stages, shapes) +
      this.optimizerS(plan, shapes, representatives)
    );
  }

  /**
   * The costs of one stage of a plan that holds `dense` dense and `moe` MoE layers (in
   * `chunks`, under the interleaved schedule): seconds per microbatch, its weight-gradient
   * pass, the data-parallel reduction left exposed after its backward, its optimizer step and
   * its peak memory. The layout MIP (`layout-block.ts`) takes them per (stage, layer count).
   *
   * @example
   * ```ts
   * new FastEstimator(instance).stageCosts(plan, 0, 8, 0).memoryBytes;
   * ```
   */
  stageCosts(
    input: Plan,
    stage: number,
    dense: number,
    moe: number,
    chunks: { dense: number; moe: number }[] = [{ dense, moe }],
  ): StageCosts {
    const plan = resolvedPlanOf(this.instance, input);
    const shape: StageShape = { chunks, dense, moe };
    const shapes = new Array<StageShape>(plan.pp);
    shapes[stage] = shape;
    const [mb] = this.microbatches(plan, shapes, [stage]) as [MicrobatchSeconds];
    return {
      microbatchS: microbatchTotal(mb),
      weightS: mb.backwardWeightS,
      exposedDataParallelS: this.dataParallelS(plan, [mb], shapes),
      optimizerS: this.optimizerS(plan, shapes, [stage]),
      memoryBytes: this.stageMemory(plan, shape, stage),
    };
  }

  private activationsOf(plan: ResolvedTrainPlan): { dense: number; moe: number; denseFull: number; moeFull: number } {
    const key = `${plan.tp},${plan.cp},${plan.microBatch},${plan.recompute}`;
    let cached = this.activation.get(key);
    if (!cached) {
      const options = { tp: plan.tp, sp: plan.sp, cp: plan.cp, recompute: plan.recompute, attention: plan.attention };
      const bytes = (index: number, o = options): number =>
        layerActivationBytes(plan.model, index, plan.microBatch, plan.seqLength, o);
      const moeIndex = this.denseLayers < plan.model.layers ? this.denseLayers : 0;
      const full = { ...options, recompute: 'none' as const };
      cached = { dense: bytes(0), moe: bytes(moeIndex), denseFull: bytes(0, full), moeFull: bytes(moeIndex, full) };
      this.activation.set(key, cached);
    }
    return cached;
  }

  private stageMemory(plan: ResolvedTrainPlan, shape: StageShape, stage: number): number {
    const acts = this.activationsOf(plan);
    const chunkBytes = shape.chunks.map((c) => c.dense * acts.dense + c.moe * acts.moe);
    const held = this.heldBytes(plan, stage, chunkBytes);
    const fullest = Math.max(0, ...(shape.dense > 0 ? [acts.denseFull] : []), ...(shape.moe > 0 ? [acts.moeFull] : []));
    const working = plan.recompute === 'full' ? fullest : 0;
    const logits =
      stage === plan.pp - 1 ? logitsActivationBytes(plan.model, plan.microBatch, plan.seqLength, plan.tp, plan.cp) : 0;
    const params = this.stageParams(plan, shape, stage);
    const ranks = plan.dp * plan.cp;
    const dense = modelStateBytes(params.dense, ranks, plan.zeroStage, plan.distributedOptimizer);
    const experts = modelStateBytes(params.experts, ranks / plan.ep, plan.zeroStage, plan.distributedOptimizer);
    const states =
      dense.weightBytes +
      dense.gradientBytes +
      dense.optimizerBytes +
      experts.weightBytes +
      experts.gradientBytes +
      experts.optimizerBytes;
    return states + held + working + logits;
  }

  /**
   * Peak memory per GPU over every stage, as `estimateTraining(plan).peakMemoryBytes`.
   *
   * @example
   * ```ts
   * new FastEstimator(instance).peakMemory(plan) <= usableBytes(instance);
   * ```
   */
  peakMemory(input: Plan): number {
    const plan = resolvedPlanOf(this.instance, input);
    const shapes = this.shapes(plan);
    // Interleaved stages of one kind may peak at different microbatch counts: take them all.
    const stages =
      plan.schedule === 'interleaved' ? shapes.map((_, stage) => stage) : this.representatives(plan, shapes);
    let peak = 0;
    for (const stage of stages) peak = Math.max(peak, this.stageMemory(plan, shapes[stage] as StageShape, stage));
    return peak;
  }
}
