/**
 * The MIP's layout block of one candidate plan (`formulation.ts`): which number of layers each
 * pipeline stage holds, with the step the performance model gives that layout.
 *
 * `x[s][k] = 1` when stage s holds k layers; `sum_k x[s][k] = u` (the candidate's column),
 * `sum_s sum_k k x[s][k] = L u`; `T >= sum_k t(s,k) x[s][k]`, `D >= sum_k d(s,k) x[s][k]`,
 * `O >= sum_k o(s,k) x[s][k]` bound the slowest stage's seconds per microbatch, the exposed
 * data-parallel reduction and the optimizer step. The step, per schedule (`pipelineSeconds`):
 *
 * - 1F1B, GPipe: `(m + p - 1) T + D + O`;
 * - interleaved: `(m + (p - 1)/v) T + D + O`. A stage's memory depends on its chunks, whose
 *   size is ceil(K / v) for K the fullest stage's layers (`stageChunks`), so the block picks K:
 *   `y_K` binary, `sum_K y_K = u`, every stage's count <= K, some stage holds K
 *   (`sum_s x[s][K] >= y_K`), and a stage count whose memory is over under K excludes K;
 * - ZB-H1: `m T + (p - 1)(T - 2 W*) + D + O` with W* the weight pass of the slowest stage:
 *   `z_s` marks it (`sum_s z_s = u`, `T <= t_s + M (1 - z_s)`, `W* <= w_s + M (1 - z_s)`,
 *   `W* <= M u`); T - 2W* >= 0 for every stage (`bounds.ts`), so no max(0, .) is needed.
 *
 * Stage counts are those whose stage time alone does not make the step slower than the plan
 * to beat (and, except interleaved, whose memory fits). With a dense prefix of d layers
 * (DeepSeek-V3), stage 0 holds at least d, and interleaved plans get no block: those layouts
 * are left out (`modelsEveryLayout`).
 */
import { LinExpr, type Var } from '../../src/dsl/expression.js';
import type { Model } from '../../src/dsl/model.js';
import { stageChunks } from '../../src/perf/pipeline-stages.js';
import type { FastEstimator, StageCosts } from './fast-estimate.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { usableBytes } from './plan.js';

/** The variables of one block. */
export interface LayoutBlock {
  x: Map<string, Var>;
  /** The counts each stage may hold. */
  ks: number[][];
  time: Var;
  exposed: Var;
  optimizer: Var;
  /** ZB-H1: the slowest stage's marker and its weight pass. */
  slowest?: { z: Var[]; weight: Var };
  /** Interleaved: the fullest stage's count. */
  fullest?: Map<number, Var>;
}

/** The dense prefix of the model: its first layers that are not MoE (0 for dense models). */
export function densePrefix(instance: ParallelPlanInstance): number {
  const { model } = instance;
  return model.moe ? Math.min(model.layers, model.moe.denseLayers) : 0;
}

/** Whether the block models every layout of the plan (not when a dense prefix restricts stage 0). */
export function modelsEveryLayout(instance: ParallelPlanInstance): boolean {
  const prefix = densePrefix(instance);
  return prefix === 0 || prefix === instance.model.layers;
}

/** Whether a plan can have a block: a pipeline under layouts "any", interleaved only without a dense prefix. */
export function blockable(instance: ParallelPlanInstance, plan: Plan): boolean {
  if (instance.limits.layouts !== 'any' || plan.pp <= 1) return false;
  return plan.schedule !== 'interleaved' || modelsEveryLayout(instance);
}

/** The dense and MoE layers of a stage holding k layers: stage 0 holds the dense prefix, the others MoE layers only. */
function kindsOf(instance: ParallelPlanInstance, stage: number, k: number): { dense: number; moe: number } {
  if (!instance.model.moe) return { dense: k, moe: 0 };
  const prefix = densePrefix(instance);
  if (prefix === instance.model.layers) return { dense: k, moe: 0 };
  const dense = stage === 0 ? Math.min(k, prefix) : 0;
  return { dense, moe: k - dense };
}

/** Layer counts a stage may hold; with a dense prefix of d layers, stage 0 holds at least d. */
function stageCounts(instance: ParallelPlanInstance, stage: number): number[] {
  const prefix = modelsEveryLayout(instance) ? 0 : densePrefix(instance);
  const { layers } = instance.model;
  const low = stage === 0 ? prefix : 0;
  const high = stage === 0 ? layers : layers - prefix;
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/** The multiplier of T in the step, and what it is at least (for the stage-time cutoff). */
function timeWeight(instance: ParallelPlanInstance, plan: Plan): { weight: number; atLeast: number } {
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
  const time = stageTimes(instance, fast, plan);
  const counts = new Array<number>(plan.pp).fill(0);
  let tau = Math.max(...counts.map((k, stage) => time(stage, k)));
  for (let left = instance.model.layers; left > 0; left--) {
    let best = 0;
    for (let stage = 1; stage < plan.pp; stage++)
      if (time(stage, (counts[stage] ?? 0) + 1) < time(best, (counts[best] ?? 0) + 1)) best = stage;
    counts[best] = (counts[best] ?? 0) + 1;
    tau = Math.max(tau, time(best, counts[best] ?? 0));
  }
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
  const counts = new Array<number>(plan.pp).fill(0);
  const at = (stage: number, k: number) => memory[stage]?.(k) ?? Infinity;
  if (counts.some((k, stage) => at(stage, k) > usable)) return false;
  for (let left = instance.model.layers; left > 0; left--) {
    let best = 0;
    for (let stage = 1; stage < plan.pp; stage++)
      if (at(stage, (counts[stage] ?? 0) + 1) < at(best, (counts[best] ?? 0) + 1)) best = stage;
    counts[best] = (counts[best] ?? 0) + 1;
    if (at(best, counts[best] ?? 0) > usable) return false;
  }
  return true;
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

interface StageTerms {
  t: LinExpr;
  w: LinExpr;
}

/**
 * Add the block of `plan` (its column `use`) to the model; `upper` is the step to beat.
 *
 * @example
 * ```ts
 * const block = addLayoutBlock(model, instance, new FastEstimator(instance), plan, use, 12.5);
 * ```
 */
export function addLayoutBlock(
  model: Model,
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  plan: Plan,
  use: Var,
  upper: number,
): LayoutBlock {
  const usable = usableBytes(instance);
  const interleaved = plan.schedule === 'interleaved';
  // A stage slower than this makes the step cost more than the plan to beat.
  const slowest = (upper * (1 + 1e-9)) / timeWeight(instance, plan).atLeast;
  const block: LayoutBlock = {
    x: new Map(),
    ks: [],
    time: model.addVar({ lb: 0 }),
    exposed: model.addVar({ lb: 0 }),
    optimizer: model.addVar({ lb: 0 }),
  };
  const layers = new LinExpr();
  const terms: StageTerms[] = [];
  for (let stage = 0; stage < plan.pp; stage++) {
    const [pick, t, d, o, w] = [new LinExpr(), new LinExpr(), new LinExpr(), new LinExpr(), new LinExpr()];
    block.ks[stage] = [];
    for (const k of stageCounts(instance, stage)) {
      const costs = stageCostsOf(instance, fast, plan, stage, k);
      // Each layer adds seconds: the counts above this one are slower still.
      if (costs.microbatchS > slowest) break;
      if (!interleaved && costs.memoryBytes > usable) continue;
      const v = model.addVar({ type: 'binary' });
      block.x.set(`${stage}:${k}`, v);
      block.ks[stage]?.push(k);
      pick.add(v);
      layers.add(v, k);
      t.add(v, costs.microbatchS);
      d.add(v, costs.exposedDataParallelS);
      o.add(v, costs.optimizerS);
      w.add(v, costs.weightS);
    }
    model.addConstraint(pick.eq(use));
    model.addConstraint(t.le(block.time));
    model.addConstraint(d.le(block.exposed));
    model.addConstraint(o.le(block.optimizer));
    terms.push({ t, w });
  }
  model.addConstraint(layers.eq(new LinExpr().add(use, instance.model.layers)));
  if (plan.schedule === 'zb-h1') addSlowestStage(model, block, terms, use);
  if (interleaved) addFullestStage(model, instance, fast, plan, block, use);
  return block;
}

/** ZB-H1: z_s marks the slowest stage, whose weight pass W* the bubble subtracts. */
function addSlowestStage(model: Model, block: LayoutBlock, terms: StageTerms[], use: Var): void {
  const big = { t: 0, w: 0 };
  for (const { t, w } of terms) {
    t.forEachCoef((coef) => (big.t = Math.max(big.t, coef)));
    w.forEachCoef((coef) => (big.w = Math.max(big.w, coef)));
  }
  const weight = model.addVar({ lb: 0 });
  const one = new LinExpr();
  const z = terms.map(({ t, w }) => {
    const marks = model.addVar({ type: 'binary' });
    one.add(marks);
    // T <= t_s + M (1 - z_s) and W* <= w_s + M (1 - z_s).
    model.addConstraint(new LinExpr().add(block.time).add(marks, big.t).add(t, -1).le(big.t));
    model.addConstraint(new LinExpr().add(weight).add(marks, big.w).add(w, -1).le(big.w));
    return marks;
  });
  model.addConstraint(one.eq(use));
  model.addConstraint(new LinExpr().add(weight).add(use, -big.w).le(0));
  block.slowest = { z, weight };
}

/** Interleaved: y_K marks the fullest stage's count K, which sizes every stage's chunks. */
function addFullestStage(
  model: Model,
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  plan: Plan,
  block: LayoutBlock,
  use: Var,
): void {
  const usable = usableBytes(instance);
  const counts = [...new Set(block.ks.flat())].filter((k) => k >= plan.virtualStages).sort((a, b) => a - b);
  const fullest = new Map<number, Var>();
  const one = new LinExpr();
  const largest = new LinExpr();
  for (const big of counts) {
    const y = model.addVar({ type: 'binary' });
    fullest.set(big, y);
    one.add(y);
    largest.add(y, big);
    const holders = new LinExpr();
    for (let stage = 0; stage < plan.pp; stage++) {
      const v = block.x.get(`${stage}:${big}`);
      if (v) holders.add(v);
      // A count whose memory is over when the fullest stage holds `big` excludes `big`.
      const over = new LinExpr().add(y);
      for (const k of block.ks[stage] ?? []) {
        if (k > big || stageCostsOf(instance, fast, plan, stage, k, big).memoryBytes > usable)
          over.add(block.x.get(`${stage}:${k}`) as Var);
      }
      model.addConstraint(over.le(1));
    }
    model.addConstraint(holders.ge(y));
  }
  model.addConstraint(one.eq(use));
  block.fullest = fullest;
}

/**
 * The block's step in the objective: T's multiplier, D, O and ZB-H1's -2(p - 1) W*.
 *
 * @example
 * ```ts
 * addBlockObjective(objective, instance, plan, block);
 * ```
 */
export function addBlockObjective(objective: LinExpr, instance: ParallelPlanInstance, plan: Plan, block: LayoutBlock) {
  objective.add(block.time, timeWeight(instance, plan).weight).add(block.exposed).add(block.optimizer);
  if (block.slowest) objective.add(block.slowest.weight, -2 * (plan.pp - 1));
}

/** The layout a solution's values pick in the block. */
export function decodeLayout(block: LayoutBlock, values: Float64Array): number[] {
  return block.ks.map(
    (counts, stage) => counts.find((k) => (values[block.x.get(`${stage}:${k}`)?.index ?? -1] ?? 0) > 0.5) ?? 0,
  );
}

/**
 * Set the block's variables to a layout, as a warm start; false when the block lacks one of its counts.
 *
 * @example
 * ```ts
 * encodeLayout(instance, fast, plan, block, [8, 8, 8, 8], values); // true
 * ```
 */
export function encodeLayout(
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  plan: Plan,
  block: LayoutBlock,
  stageLayers: readonly number[],
  values: Float64Array,
): boolean {
  const fullest = Math.max(...stageLayers);
  let slowest = { stage: 0, t: -1, w: 0 };
  let [d, o] = [0, 0];
  for (const [stage, k] of stageLayers.entries()) {
    const v = block.x.get(`${stage}:${k}`);
    if (!v) return false;
    values[v.index] = 1;
    const costs = stageCostsOf(instance, fast, plan, stage, k, fullest);
    if (costs.microbatchS > slowest.t) slowest = { stage, t: costs.microbatchS, w: costs.weightS };
    [d, o] = [Math.max(d, costs.exposedDataParallelS), Math.max(o, costs.optimizerS)];
  }
  values[block.time.index] = slowest.t;
  values[block.exposed.index] = d;
  values[block.optimizer.index] = o;
  if (block.slowest) {
    values[(block.slowest.z[slowest.stage] as Var).index] = 1;
    values[block.slowest.weight.index] = slowest.w;
  }
  if (block.fullest) {
    const y = block.fullest.get(fullest);
    if (!y) return false;
    values[y.index] = 1;
  }
  return true;
}
