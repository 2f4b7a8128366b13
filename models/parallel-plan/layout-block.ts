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
 *   size is K / v for K the fullest stage's layers, a multiple of v (`stageChunks`,
 *   `equalChunkSize`), so the block picks K among the multiples of v:
 *   `y_K` binary, `sum_K y_K = u`, every stage's count <= K, some stage holds K
 *   (`sum_s x[s][K] >= y_K`), and a stage count whose memory is over under K excludes K;
 * - ZB-H1: `m T + (p - 1)(T - W*) - h W* + D + O` with W* the weight pass of the slowest stage
 *   and h = min(m - 1, p - 1) the weight passes that fill the bubble (`zeroBubbleHiddenWeights`):
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
import type { FastEstimator } from './fast-estimate.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { modelsEveryLayout, stageCostsOf, stageCounts, timeWeight } from './layout-bounds.js';
import { usableBytes } from './plan.js';
import { zeroBubbleHiddenWeights } from '../../src/perf/train-estimate.js';

/** ZB-H1's weight passes in the bubble for the plan's microbatches. */
function hiddenWeights(instance: ParallelPlanInstance, plan: Plan): number {
  return zeroBubbleHiddenWeights(plan.pp, instance.globalBatch / (plan.dp * plan.microBatch));
}

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

/** Whether a plan can have a block: a pipeline under layouts "any", interleaved only without a dense prefix. */
export function blockable(instance: ParallelPlanInstance, plan: Plan): boolean {
  if (instance.limits.layouts !== 'any' || plan.pp <= 1) return false;
  return plan.schedule !== 'interleaved' || modelsEveryLayout(instance);
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
  // The fullest count is a multiple of v: its chunks are equal and no chunk is larger (`equalChunkSize`).
  const chunks = plan.virtualStages;
  const counts = [...new Set(block.ks.flat())].filter((k) => k >= chunks && k % chunks === 0).sort((a, b) => a - b);
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
 * The block's step in the objective: T's multiplier, D, O and ZB-H1's -(p - 1 + h) W*.
 *
 * @example
 * ```ts
 * addBlockObjective(objective, instance, plan, block);
 * ```
 */
export function addBlockObjective(objective: LinExpr, instance: ParallelPlanInstance, plan: Plan, block: LayoutBlock) {
  objective.add(block.time, timeWeight(instance, plan).weight).add(block.exposed).add(block.optimizer);
  if (block.slowest) objective.add(block.slowest.weight, -(plan.pp - 1 + hiddenWeights(instance, plan)));
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
