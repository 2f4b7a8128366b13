/**
 * What a stage of a candidate plan costs by its number of layers, and the bounds the MIP's
 * layout blocks (`layout-block.ts`) and its candidate pruning (`formulation.ts`) rest on: the
 * least slowest-stage time any layout reaches (`layoutStepBound`) and whether some layout fits
 * in memory (`someLayoutFits`). Stage times and memory grow with each layer and stages are
 * independent, so handing the layers out one at a time, each to the stage it grows least,
 * reaches the least maximum: the greedy is exact for these min-max problems.
 */
import { stageChunks } from '../../src/perf/pipeline-stages.js';
import type { FastEstimator, StageCosts } from './fast-estimate.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { usableBytes } from './plan.js';

/**
 * The dense prefix of the model: its first layers that are not MoE (0 for dense models).
 *
 * @example
 * ```ts
 * densePrefix(deepSeekV3Instance); // 3
 * ```
 */
export function densePrefix(instance: ParallelPlanInstance): number {
  const { model } = instance;
  return model.moe ? Math.min(model.layers, model.moe.denseLayers) : 0;
}

/**
 * Whether the blocks model every layout (not when a dense prefix restricts stage 0).
 *
 * @example
 * ```ts
 * modelsEveryLayout(llamaInstance); // true
 * ```
 */
export function modelsEveryLayout(instance: ParallelPlanInstance): boolean {
  const prefix = densePrefix(instance);
  return prefix === 0 || prefix === instance.model.layers;
}

/**
 * The dense and MoE layers of a stage holding k layers: stage 0 holds the dense prefix, the
 * others MoE layers only.
 *
 * @example
 * ```ts
 * kindsOf(deepSeekV3Instance, 0, 4); // { dense: 3, moe: 1 }
 * ```
 */
export function kindsOf(instance: ParallelPlanInstance, stage: number, k: number): { dense: number; moe: number } {
  if (!instance.model.moe) return { dense: k, moe: 0 };
  const prefix = densePrefix(instance);
  if (prefix === instance.model.layers) return { dense: k, moe: 0 };
  const dense = stage === 0 ? Math.min(k, prefix) : 0;
  return { dense, moe: k - dense };
}

/**
 * Layer counts a stage may hold; with a dense prefix of d layers, stage 0 holds at least d.
 *
 * @example
 * ```ts
 * stageCounts(llama8bInstance, 1); // [0, 1, ..., 32]
 * ```
 */
export function stageCounts(instance: ParallelPlanInstance, stage: number): number[] {
  const prefix = modelsEveryLayout(instance) ? 0 : densePrefix(instance);
  const { layers } = instance.model;
  const low = stage === 0 ? prefix : 0;
  const high = stage === 0 ? layers : layers - prefix;
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/**
 * The multiplier of the slowest stage's time T in the step (`m + p - 1`, or `m + (p - 1)/v`
 * interleaved), and what the step is at least in units of T (for the stage-time cutoff: `m`
 * under ZB-H1, whose bubble is smaller).
 *
 * @example
 * ```ts
 * timeWeight(instance, { ...plan, schedule: '1f1b', pp: 4 }).weight; // m + 3
 * ```
 */
export function timeWeight(instance: ParallelPlanInstance, plan: Plan): { weight: number; atLeast: number } {
  const m = instance.globalBatch / (plan.dp * plan.microBatch);
  const p = plan.pp;
  if (plan.schedule === 'interleaved')
    return { weight: m + (p - 1) / plan.virtualStages, atLeast: m + (p - 1) / plan.virtualStages };
  if (plan.schedule === 'zb-h1') return { weight: m + p - 1, atLeast: m };
  return { weight: m + p - 1, atLeast: m + p - 1 };
}

const chunkSizeCache = new Map<string, number[]>();

/** The layers of each chunk of a stage holding k layers when the fullest holds `fullest` (`stageChunks`, cached). */
function chunkSizes(first: boolean, k: number, fullest: number, chunks: number): number[] {
  const key = `${first}:${k}:${fullest}:${chunks}`;
  let sizes = chunkSizeCache.get(key);
  if (!sizes) {
    // stageChunks sizes a stage's chunks from its own count, whether it is the first, and the fullest count.
    const layout = first ? [k, fullest] : [fullest, k];
    sizes = (stageChunks(layout, chunks)[first ? 0 : 1] ?? []).map((chunk) => chunk.length);
    if (chunkSizeCache.size > 100_000) chunkSizeCache.clear();
    chunkSizeCache.set(key, sizes);
  }
  return sizes;
}

/** Stage costs of k layers on a stage; under interleaving with `fullest` layers on the fullest stage. */
export function stageCostsOf(
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  plan: Plan,
  stage: number,
  k: number,
  fullest = k,
): StageCosts {
  const { dense, moe } = kindsOf(instance, stage, k);
  if (plan.schedule !== 'interleaved') return fast.stageCosts(plan, stage, dense, moe);
  const sizes = chunkSizes(stage === 0, k, fullest, plan.virtualStages);
  const chunks = sizes.map((size) => (dense > 0 ? { dense: size, moe: 0 } : { dense: 0, moe: size }));
  return fast.stageCosts(plan, stage, dense, moe, chunks);
}

/**
 * The largest stage cost after handing `layers` out one at a time, each to the stage its next
 * layer costs least (`cost(stage, layers on it)`, from none on every stage): for independent
 * stages whose cost grows with each layer this reaches the least possible maximum.
 */
function leastGreedyMax(layers: number, stages: number, cost: (stage: number, count: number) => number): number {
  const counts = new Array<number>(stages).fill(0);
  let most = Math.max(...counts.map((k, stage) => cost(stage, k)));
  for (let left = layers; left > 0; left--) {
    let best = 0;
    for (let stage = 1; stage < stages; stage++)
      if (cost(stage, (counts[stage] ?? 0) + 1) < cost(best, (counts[best] ?? 0) + 1)) best = stage;
    counts[best] = (counts[best] ?? 0) + 1;
    most = Math.max(most, cost(best, counts[best] ?? 0));
  }
  return most;
}

/**
 * A lower bound on the plan's step under every layout the block models: `weight x tau`, tau the
 * least slowest-stage time any layout reaches (memory aside). Stage times grow with each layer
 * and stages are independent, so handing the layers out one at a time, each to the stage it
 * slows least, reaches the least maximum (the greedy is exact for this min-max). ZB-H1's
 * weight is m + (p - 1) rho (`PlanBounds.zeroBubbleShare`); D and O count 0.
 *
 * @example
 * ```ts
 * layoutStepBound(instance, fast, plan, bounds.zeroBubbleShare(plan)) <= fast.stepTime(plan); // true
 * ```
 */
export function layoutStepBound(
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  plan: Plan,
  share: number,
): number {
  const tau = leastGreedyMax(instance.model.layers, plan.pp, stageTimes(instance, fast, plan));
  const m = instance.globalBatch / (plan.dp * plan.microBatch);
  return (plan.schedule === 'zb-h1' ? m + (plan.pp - 1) * share : timeWeight(instance, plan).weight) * tau;
}

/**
 * Whether some layout of a 1F1B, GPipe or ZB-H1 plan fits in memory: a stage's memory is its
 * model states and held activations, linear in its layers past the first (plus, from the
 * first, the working memory of full recomputation), so handing the layers out one at a time
 * to the stage they grow least reaches the least peak, as for time. Interleaved plans and
 * models with a dense prefix are not judged here (true).
 *
 * @example
 * ```ts
 * someLayoutFits(instance, fast, plan); // false: every layout is over on some stage
 * ```
 */
export function someLayoutFits(instance: ParallelPlanInstance, fast: FastEstimator, plan: Plan): boolean {
  if (plan.schedule === 'interleaved' || !modelsEveryLayout(instance)) return true;
  const usable = usableBytes(instance);
  const memory = Array.from({ length: plan.pp }, (_, stage) => {
    const [empty, one, two] = [0, 1, 2].map((k) => stageCostsOf(instance, fast, plan, stage, k).memoryBytes);
    return (k: number) => (k === 0 ? (empty ?? 0) : (one ?? 0) + (k - 1) * ((two ?? 0) - (one ?? 0)));
  });
  const at = (stage: number, k: number) => memory[stage]?.(k) ?? Infinity;
  return leastGreedyMax(instance.model.layers, plan.pp, at) <= usable;
}

/**
 * A stage's seconds per microbatch by its count, at most the true ones: its role's constant
 * part (sends; the output layer on the last stage) plus its layers' seconds, each layer at the
 * cheaper of the dense and the MoE kind (exact for models of one kind, and valid wherever
 * the dense prefix lands).
 */
function stageTimes(instance: ParallelPlanInstance, fast: FastEstimator, plan: Plan) {
  const at = (stage: number, count: number) => stageCostsOf(instance, fast, plan, stage, count).microbatchS;
  const roles = [0, Math.min(1, plan.pp - 1), plan.pp - 1];
  const base = roles.map((stage) => at(stage, 0));
  // Stage 0's first layer is dense when the model has a dense prefix; stage 1's is MoE (kindsOf).
  const perLayer = Math.min(at(0, 1) - (base[0] ?? 0), at(roles[1] ?? 0, 1) - (base[1] ?? 0));
  const roleOf = (stage: number) => (stage === 0 ? 0 : stage === plan.pp - 1 ? 2 : 1);
  return (stage: number, k: number): number => (base[roleOf(stage)] ?? 0) + k * perLayer;
}
