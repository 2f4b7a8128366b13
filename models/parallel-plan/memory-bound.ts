/**
 * The refusal of an instance no plan can serve: when no degree combination divides the GPUs,
 * heads, sequence and batch, or when even the plan with the least memory per GPU needs more
 * than the GPU has, `parse` says so at once (exit 2 from the CLI), naming the memory term that
 * is over, by how much, and the fields that help.
 */
import { failAt } from '../../src/family/schema.js';
import { PlanBounds, type MemoryBound } from './bounds.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { planLabel, usableBytes } from './plan.js';
import { degreeCombinations, microBatches, optimizerChoices, recomputeChoices, scheduleChoices } from './space.js';

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(1)} GB`;

/**
 * For each degree combination, the plans whose memory lower bound is least: the smallest
 * microbatch, one plain schedule (1F1B, ZB-H1 and GPipe have the same bound) and the
 * interleaved one with the most chunks, every recomputation and optimizer choice.
 */
function leastMemoryPlan(
  instance: ParallelPlanInstance,
  bounds: PlanBounds,
): { plan: Plan; memory: MemoryBound } | undefined {
  let best: { plan: Plan; memory: MemoryBound } | undefined;
  const recomputes = recomputeChoices(instance);
  const optimizers = optimizerChoices(instance);
  for (const degrees of degreeCombinations(instance)) {
    const [microBatch] = microBatches(instance, degrees.dp);
    if (microBatch === undefined) continue;
    const schedules = scheduleChoices(instance, degrees.pp);
    const plain = schedules.find(([s]) => s !== 'interleaved');
    const interleaved = schedules.filter(([s]) => s === 'interleaved').at(-1);
    for (const [schedule, virtualStages] of [plain, interleaved].filter((c) => c !== undefined))
      for (const recompute of recomputes)
        for (const [zero, distributedOptimizer] of optimizers) {
          const plan: Plan = {
            ...degrees,
            microBatch,
            schedule,
            virtualStages,
            recompute,
            zero,
            distributedOptimizer,
            stageLayers: [],
          };
          const memory = bounds.memory(plan);
          if (!best || memory.bytes < best.memory.bytes) best = { plan, memory };
        }
  }
  return best;
}

function noPlanMessage(instance: ParallelPlanInstance): string {
  if (degreeCombinations(instance).length === 0)
    return `no degrees tp x pp x cp x dp split ${instance.gpus} GPUs within data.limits (tp must divide the ${instance.model.heads} heads, cp the sequence ${instance.seqLength}); widen data.limits or change data.cluster.gpus`;
  return `no data-parallel degree of ${instance.gpus} GPUs divides the global batch ${instance.globalBatch} into whole microbatches within data.limits; use a global batch with more factors of 2 (data.workload.globalBatch) or allow larger tp/pp/cp`;
}

/**
 * Throw an input error when no plan of the instance's space can fit in memory (by a lower
 * bound that holds for every layout), or when the space is empty.
 *
 * @example
 * ```ts
 * checkInstanceFits(parsedInstance); // throws "no plan fits: ... model states are over by 12.3 GB ..."
 * ```
 */
export function checkInstanceFits(instance: ParallelPlanInstance): void {
  const best = leastMemoryPlan(instance, new PlanBounds(instance));
  if (!best) return failAt('data.cluster.gpus', noPlanMessage(instance));
  const usable = usableBytes(instance);
  if (best.memory.bytes <= usable) return;
  const { stateBytes, activationBytes, bytes } = best.memory;
  const over = bytes - usable;
  const term =
    stateBytes > usable
      ? `model states alone (${gb(stateBytes)}) are over by ${gb(stateBytes - usable)}`
      : `model states ${gb(stateBytes)} plus activations ${gb(activationBytes)} are over by ${gb(over)}`;
  failAt(
    'data.cluster.gpus',
    `no plan fits in memory: even the plan needing the least (${planLabel(best.plan)}) needs at least ${gb(bytes)} per GPU, and ${gb(usable)} is usable; ${term}; use more GPUs (data.cluster.gpus), a GPU with more memory (data.cluster.gpu), a shorter sequence, or allow more sharding in data.limits (zero, recompute, pp, tp, cp)`,
  );
}
