/**
 * A family plan as the performance model's `TrainPlan`: the instance gives the model, the
 * cluster, the workload and the attention kernel; the plan gives every degree and knob.
 * Sequence parallelism is on whenever TP is (the model's default, and never slower in it).
 */
import { evenStageLayers } from '../../src/perf/pipeline-stages.js';
import type { ResolvedTrainPlan, Schedule, TrainPlan } from '../../src/perf/plan.js';
import type { ParallelPlanInstance, Plan } from './instance.js';

/**
 * The even split `estimate train` uses by default: the first `layers mod pp` stages take one more.
 *
 * @example
 * ```ts
 * evenLayers(10, 4); // [3, 3, 2, 2]
 * ```
 */
export function evenLayers(layers: number, pp: number): number[] {
  return evenStageLayers(layers, pp);
}

/**
 * The performance model's plan for a family plan on an instance.
 *
 * @example
 * ```ts
 * estimateTraining(trainPlanOf(instance, plan)).stepTimeS;
 * ```
 */
export function trainPlanOf(instance: ParallelPlanInstance, plan: Plan): TrainPlan {
  return {
    model: instance.model,
    cluster: instance.cluster,
    gpus: instance.gpus,
    tp: plan.tp,
    pp: plan.pp,
    dp: plan.dp,
    cp: plan.cp,
    ep: plan.ep,
    seqLength: instance.seqLength,
    globalBatch: instance.globalBatch,
    microBatch: plan.microBatch,
    schedule: plan.schedule,
    virtualStages: plan.virtualStages,
    recompute: plan.recompute,
    zeroStage: plan.zero,
    distributedOptimizer: plan.distributedOptimizer,
    attention: instance.attention,
    stageLayers: plan.stageLayers,
  };
}

/**
 * The plan with every default filled in, without the performance model's checks: for plans of
 * the search space, whose degrees divide by construction (`space.ts`), when only per-layer
 * costs are wanted.
 */
export function resolvedPlanOf(instance: ParallelPlanInstance, plan: Plan): ResolvedTrainPlan {
  return {
    ...(trainPlanOf(instance, plan) as Required<TrainPlan>),
    sp: plan.tp > 1,
    overlapGradReduce: true,
    microbatches: instance.globalBatch / (plan.dp * plan.microBatch),
  };
}

/**
 * Whether a schedule runs with this many microbatches on `pp` stages: Megatron's interleaved
 * order takes the microbatches in groups of `pp` (Megatron-LM asserts it, and the pipeline
 * family's `interleaved1F1B` refuses other counts, whose last group deadlocks); the other
 * schedules take any count.
 *
 * @example
 * ```ts
 * scheduleTakes('interleaved', 4, 6); // false: 6 microbatches are not groups of 4
 * ```
 */
export function scheduleTakes(schedule: Schedule, pp: number, microbatches: number): boolean {
  return schedule !== 'interleaved' || pp <= 1 || microbatches % pp === 0;
}

/**
 * Usable memory per GPU: the GPU's HBM less the instance's headroom.
 *
 * @example
 * ```ts
 * usableBytes(instance); // 80e9 on H100 without headroom
 * ```
 */
export function usableBytes(instance: ParallelPlanInstance): number {
  return instance.cluster.gpu.hbmBytes - instance.limits.memoryHeadroomGb * 1e9;
}

/**
 * A short label of a plan, for reports.
 *
 * @example
 * ```ts
 * planLabel(plan); // 'tp8 pp4 dp2 cp1 ep1 mb1 1f1b none zero1'
 * ```
 */
export function planLabel(plan: Plan): string {
  const chunks = plan.schedule === 'interleaved' ? `x${plan.virtualStages}` : '';
  const optimizer = plan.distributedOptimizer ? ' distopt' : '';
  return `tp${plan.tp} pp${plan.pp} dp${plan.dp} cp${plan.cp} ep${plan.ep} mb${plan.microBatch} ${plan.schedule}${chunks} ${plan.recompute} zero${plan.zero}${optimizer}`;
}
