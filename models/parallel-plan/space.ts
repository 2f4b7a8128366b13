/**
 * The plan space: every divisor combination of the degrees and every knob the instance's
 * limits allow, with the even layer split (APEX's space, Megatron's knobs). Degrees that
 * cannot divide (the GPUs, the heads, the sequence, the experts, the batch) are never
 * generated. Knob values that the performance model cannot tell apart are generated once:
 *
 * - with one pipeline stage every schedule runs the same step (no bubble, no sends), and the
 *   others hold at least as much memory as 1F1B, so only the first allowed of 1F1B, ZB-H1,
 *   GPipe, interleaved is kept;
 * - under FlashAttention selective recomputation repeats and keeps the same as none;
 * - the distributed optimizer with ZeRO 1 is the distributed optimizer alone, and with
 *   ZeRO 2 or 3 it is that ZeRO stage.
 */
import { equalChunkSize } from '../../src/perf/pipeline-stages.js';
import { divisors } from '../../src/perf/limits.js';
import type { Schedule } from '../../src/perf/plan.js';
import type { Recompute } from '../../src/perf/memory.js';
import { allowsDegree, type DegreeRange, type ParallelPlanInstance, type Plan } from './instance.js';
import { evenLayers, scheduleTakes } from './plan.js';

/** The degrees of a plan. */
export interface Degrees {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  ep: number;
}

/** The divisors of n, in increasing order (`src/perf/limits.ts`). */
export const divisorsOf = divisors;

const allowedDivisors = (n: number, range: DegreeRange): number[] =>
  divisorsOf(n).filter((d) => allowsDegree(range, d));

function expertDegrees(instance: ParallelPlanInstance, dp: number, cp: number): number[] {
  const moe = instance.model.moe;
  if (!moe) return allowsDegree(instance.limits.ep, 1) ? [1] : [];
  return divisorsOf(moe.experts).filter((ep) => (dp * cp) % ep === 0 && allowsDegree(instance.limits.ep, ep));
}

/**
 * Every degree combination that divides what it must: tp the heads, cp the sequence, pp at
 * most one stage per layer, ep the experts and dp x cp, and tp pp cp dp = the GPUs.
 *
 * @example
 * ```ts
 * degreeCombinations(instance).length; // e.g. 40 for llama3-8b on 8 GPUs
 * ```
 */
export function degreeCombinations(instance: ParallelPlanInstance): Degrees[] {
  const { model, limits, gpus } = instance;
  const combos: Degrees[] = [];
  for (const tp of allowedDivisors(gpus, limits.tp)) {
    if (model.heads % tp !== 0) continue;
    for (const cp of allowedDivisors(gpus / tp, limits.cp)) {
      if (instance.seqLength % cp !== 0) continue;
      for (const pp of allowedDivisors(gpus / (tp * cp), limits.pp)) {
        if (pp > model.layers) continue;
        const dp = gpus / (tp * cp * pp);
        for (const ep of expertDegrees(instance, dp, cp)) combos.push({ tp, pp, dp, cp, ep });
      }
    }
  }
  return combos;
}

/**
 * Microbatch sizes that split each data-parallel rank's share of the batch evenly.
 *
 * @example
 * ```ts
 * microBatches(instance, 8); // [1, 2, 4, 8] for a global batch of 64 and maxMicroBatch 8
 * ```
 */
export function microBatches(instance: ParallelPlanInstance, dp: number): number[] {
  if (instance.globalBatch % dp !== 0) return [];
  const perRank = instance.globalBatch / dp;
  const fixed = instance.limits.microBatch;
  if (fixed !== undefined) return perRank % fixed === 0 ? [fixed] : [];
  return divisorsOf(perRank).filter((mb) => mb <= instance.limits.maxMicroBatch);
}

/**
 * Schedule and virtual stages: `[schedule, chunks]` pairs.
 *
 * @example
 * ```ts
 * scheduleChoices(instance, 1); // [['1f1b', 2]]
 * ```
 */
export function scheduleChoices(instance: ParallelPlanInstance, pp: number): [Schedule, number][] {
  const allowed = instance.limits.schedules;
  if (pp === 1) {
    const first = (['1f1b', 'zb-h1', 'gpipe', 'interleaved'] as const).find((s) => allowed.includes(s));
    return first ? [[first, 2]] : [];
  }
  const layout = evenLayers(instance.model.layers, pp);
  const fullest = Math.max(...layout);
  const choices: [Schedule, number][] = [];
  for (const schedule of allowed) {
    if (schedule !== 'interleaved') choices.push([schedule, 2]);
    // Interleaving only where the fullest stage of the even split makes v equal chunks.
    else
      for (let v = 2; v <= Math.min(instance.limits.maxVirtualStages, fullest); v++)
        if (equalChunkSize(layout, v).size !== undefined) choices.push([schedule, v]);
  }
  return choices;
}

/**
 * Recomputation policies that differ: selective equals none under FlashAttention.
 *
 * @example
 * ```ts
 * recomputeChoices(flashInstance); // ['none', 'full']
 * ```
 */
export function recomputeChoices(instance: ParallelPlanInstance): Recompute[] {
  const allowed = instance.limits.recompute;
  if (instance.attention !== 'flash') return allowed;
  return allowed.filter((policy) => policy !== 'selective' || !allowed.includes('none'));
}

/**
 * `[zero, distributedOptimizer]` pairs that differ.
 *
 * @example
 * ```ts
 * optimizerChoices(instance); // [[0, false], [1, false], [2, false], [3, false], [0, true]]
 * ```
 */
export function optimizerChoices(instance: ParallelPlanInstance): [number, boolean][] {
  const { zero, distributedOptimizer } = instance.limits;
  const choices: [number, boolean][] = zero.map((stage) => [stage, false]);
  if (distributedOptimizer && (zero.includes(0) || zero.includes(1))) choices.push([zero.includes(0) ? 0 : 1, true]);
  return choices;
}

/**
 * Every plan of the space, with the even layer split, for one degree combination; the
 * interleaved schedule only where the microbatches come in groups of pp (`scheduleTakes`). (Plain
 * index loops: a generator with nested destructuring loops ran 30x slower here.)
 *
 * @example
 * ```ts
 * for (const degrees of degreeCombinations(instance)) for (const plan of plansOf(instance, degrees)) ...
 * ```
 */
export function plansOf(instance: ParallelPlanInstance, degrees: Degrees): Plan[] {
  const stageLayers = evenLayers(instance.model.layers, degrees.pp);
  const optimizers = optimizerChoices(instance);
  const recomputes = recomputeChoices(instance);
  const schedules = scheduleChoices(instance, degrees.pp);
  const plans: Plan[] = [];
  for (const microBatch of microBatches(instance, degrees.dp))
    for (let s = 0; s < schedules.length; s++)
      for (let r = 0; r < recomputes.length; r++)
        for (let o = 0; o < optimizers.length; o++) {
          const [schedule, virtualStages] = schedules[s] as [Schedule, number];
          const microbatches = instance.globalBatch / (degrees.dp * microBatch);
          if (!scheduleTakes(schedule, degrees.pp, microbatches)) continue;
          const [zero, distributedOptimizer] = optimizers[o] as [number, boolean];
          const recompute = recomputes[r] as Recompute;
          const { tp, pp, dp, cp, ep } = degrees;
          plans.push({
            tp,
            pp,
            dp,
            cp,
            ep,
            microBatch,
            schedule,
            virtualStages,
            recompute,
            zero,
            distributedOptimizer,
            stageLayers,
          });
        }
  return plans;
}

/**
 * The whole space, degree combination by degree combination.
 *
 * @example
 * ```ts
 * allPlans(instance).length;
 * ```
 */
export function allPlans(instance: ParallelPlanInstance): Plan[] {
  return degreeCombinations(instance).flatMap((degrees) => plansOf(instance, degrees));
}

/**
 * How many plans the space holds, at most (interleaved plans counted before the microbatch
 * rule), without building them: for sizing the MIP before it is built (`model-size.ts`).
 *
 * @example
 * ```ts
 * allowedPlanCount(instance) >= allPlans(instance).length; // true
 * ```
 */
export function allowedPlanCount(instance: ParallelPlanInstance): number {
  const perDegrees = recomputeChoices(instance).length * optimizerChoices(instance).length;
  let count = 0;
  for (const degrees of degreeCombinations(instance))
    count += microBatches(instance, degrees.dp).length * scheduleChoices(instance, degrees.pp).length * perDegrees;
  return count;
}
