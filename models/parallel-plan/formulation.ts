/**
 * The MIP (Alpa/Galvatron style, in our DSL): choose one plan among enumerated candidates and,
 * for the candidates whose layout it models, the layers of every pipeline stage.
 *
 * Candidates are the plans of the space (`space.ts`) whose memory lower bound fits and whose
 * step-time lower bound does not exceed the incumbent's step time (`bounds.ts`; the others
 * cannot beat it, and the incumbent's own plan is among them). A candidate is either
 * - a column `u_c` with the step time of its even layout as cost, kept only if it fits; or,
 * - under `limits.layouts: "any"` for 1F1B and GPipe plans with two or more stages (the best
 *   `layoutCandidates` of them by bound), a layout block: `x[s][k] = 1` when stage s holds k
 *   layers (only counts whose stage memory fits), `sum_k x[s][k] = u_c`,
 *   `sum_s sum_k k x[s][k] = L u_c`, and `T_c >= sum_k t(s,k) x[s][k]`, `D_c >= sum_k d(s,k) x[s][k]`,
 *   `O_c >= sum_k o(s,k) x[s][k]` for the stage's microbatch seconds, exposed data-parallel
 *   reduction and optimizer step, costing `(m + p - 1) T_c + D_c + O_c`: exactly the
 *   performance model's step for these schedules (the bubble is `(p - 1) T`).
 *
 * Exactness: the objective of a decoded plan equals the evaluator's. Under `layouts: "even"`
 * the candidates cover every plan that could beat the incumbent, so the optimum is the
 * space's (`provable`). Under `"any"` the uneven layouts of interleaved and ZB-H1 plans, of
 * candidates beyond `layoutCandidates`, and (for models whose first layers are dense, as
 * DeepSeek-V3's) stage 0 holding fewer than those layers are not modeled: the optimum is the
 * best of the modeled space only, so the formulation says it is not provable, and the
 * status is 'feasible' with the evaluator's objective.
 */
import { LinExpr, type Var } from '../../src/dsl/expression.js';
import { Model } from '../../src/dsl/model.js';
import type { Formulation, FormulateOptions } from '../../src/family/contract.js';
import { FastEstimator } from './fast-estimate.js';
import { hillClimb } from './heuristics.js';
import type { ParallelPlanInstance, ParallelPlanSolution, Plan } from './instance.js';
import { evenLayers, usableBytes } from './plan.js';
import { predictPlan } from './predict.js';
import { rankedCandidates, searchPlans } from './search.js';

/** How many plans get a layout block, and how many columns the MIP may have in all. */
export const formulationLimits = { layoutCandidates: 12, columns: 5000 };

/** One candidate's variables. */
interface Column {
  plan: Plan;
  use: Var;
  /** Even-layout step time, when the column has no layout block. */
  cost?: number;
  layout?: { x: Map<string, Var>; time: Var; exposed: Var; optimizer: Var; ks: number[][] };
}

const sameKnobs = (a: Plan, b: Plan): boolean =>
  a.tp === b.tp &&
  a.pp === b.pp &&
  a.dp === b.dp &&
  a.cp === b.cp &&
  a.ep === b.ep &&
  a.microBatch === b.microBatch &&
  a.schedule === b.schedule &&
  (a.schedule !== 'interleaved' || a.virtualStages === b.virtualStages) &&
  a.recompute === b.recompute &&
  a.zero === b.zero &&
  a.distributedOptimizer === b.distributedOptimizer;

/**
 * The step time to beat: the better of the incumbent (the caller's, else the default
 * heuristic's) and the even-layout enumeration's best (2 s at most), so that the MIP holds
 * only the candidates that could beat both and spends its time on the layouts.
 */
function upperBoundOf(instance: ParallelPlanInstance, given: ParallelPlanSolution | undefined): number {
  const plan = given ?? hillClimb(instance, { rng: () => 0.5, deadline: Date.now() + 2000 });
  const estimate = predictPlan(instance, plan);
  const incumbent = estimate && estimate.peakMemoryBytes <= usableBytes(instance) ? estimate.stepTimeS : Infinity;
  const [searched] = searchPlans(instance, { top: 1, deadline: Date.now() + 2000 }).best;
  return Math.min(incumbent, searched?.stepTimeS ?? Infinity);
}

function wantsLayout(instance: ParallelPlanInstance, plan: Plan, blocks: number): boolean {
  return (
    instance.limits.layouts === 'any' &&
    plan.pp > 1 &&
    (plan.schedule === '1f1b' || plan.schedule === 'gpipe') &&
    blocks < formulationLimits.layoutCandidates
  );
}

/** Layer counts a stage may hold; with a dense prefix of d layers, stage 0 holds at least d. */
function stageCounts(instance: ParallelPlanInstance, stage: number): number[] {
  const { model } = instance;
  const prefix = model.moe ? Math.min(model.layers, model.moe.denseLayers) : 0;
  const low = stage === 0 ? prefix : 0;
  const high = stage === 0 ? model.layers : model.layers - prefix;
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/** The dense and MoE layers of a stage holding k layers when `before` layers precede it. */
function kinds(instance: ParallelPlanInstance, before: number, k: number): { dense: number; moe: number } {
  const { model } = instance;
  if (!model.moe) return { dense: k, moe: 0 };
  const dense = Math.min(k, Math.max(0, Math.min(model.layers, model.moe.denseLayers) - before));
  return { dense, moe: k - dense };
}

/** The layout block of one plan: x[s][k], and T, D, O bounding the stages' costs. */
function addLayoutBlock(
  model: Model,
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  column: Column,
  upper: number,
): void {
  const { plan, use } = column;
  const usable = usableBytes(instance);
  // A stage slower than this makes the step cost more than the plan to beat.
  const slowest = (upper * (1 + 1e-9)) / (instance.globalBatch / (plan.dp * plan.microBatch) + plan.pp - 1);
  const time = model.addVar({ lb: 0 });
  const exposed = model.addVar({ lb: 0 });
  const optimizer = model.addVar({ lb: 0 });
  const x = new Map<string, Var>();
  const ks: number[][] = [];
  const layers = new LinExpr();
  for (let stage = 0; stage < plan.pp; stage++) {
    const [pick, t, d, o] = [new LinExpr(), new LinExpr(), new LinExpr(), new LinExpr()];
    ks[stage] = [];
    for (const k of stageCounts(instance, stage)) {
      // Stage 0 holds the whole dense prefix (stageCounts), so later stages hold MoE layers only.
      const split = kinds(instance, stage === 0 ? 0 : instance.model.layers, k);
      const costs = fast.stageCosts(plan, stage, split.dense, split.moe);
      if (costs.memoryBytes > usable || costs.microbatchS > slowest) continue;
      const v = model.addVar({ type: 'binary' });
      x.set(`${stage}:${k}`, v);
      ks[stage]?.push(k);
      pick.add(v);
      layers.add(v, k);
      t.add(v, costs.microbatchS);
      d.add(v, costs.exposedDataParallelS);
      o.add(v, costs.optimizerS);
    }
    model.addConstraint(pick.eq(use));
    model.addConstraint(t.le(time));
    model.addConstraint(d.le(exposed));
    model.addConstraint(o.le(optimizer));
  }
  model.addConstraint(layers.eq(new LinExpr().add(use, instance.model.layers)));
  column.layout = { x, time, exposed, optimizer, ks };
}

function objectiveOf(instance: ParallelPlanInstance, columns: Column[]): LinExpr {
  const objective = new LinExpr();
  for (const { plan, use, cost, layout } of columns) {
    if (cost !== undefined) objective.add(use, cost);
    if (!layout) continue;
    const m = instance.globalBatch / (plan.dp * plan.microBatch);
    objective
      .add(layout.time, m + plan.pp - 1)
      .add(layout.exposed)
      .add(layout.optimizer);
  }
  return objective;
}

/** The chosen column's plan, with the layout its block picked. */
function decodeColumns(columns: Column[], values: Float64Array, top: number): ParallelPlanSolution {
  const chosen = columns.reduce((best, c) => ((values[c.use.index] ?? 0) > (values[best.use.index] ?? 0) ? c : best));
  let plan = chosen.plan;
  if (chosen.layout) {
    const { x, ks } = chosen.layout;
    const stageLayers = ks.map(
      (counts, stage) => counts.find((k) => (values[x.get(`${stage}:${k}`)?.index ?? -1] ?? 0) > 0.5) ?? 0,
    );
    plan = { ...plan, stageLayers };
  }
  const alternatives = columns
    .filter((c) => c !== chosen && c.cost !== undefined)
    .sort((a, b) => (a.cost ?? 0) - (b.cost ?? 0))
    .slice(0, top - 1)
    .map((c) => c.plan);
  return alternatives.length > 0 ? { ...plan, alternatives } : plan;
}

/** The incumbent as a point of the model, when its plan is a column (and its layout one the block has). */
function encodeColumns(
  instance: ParallelPlanInstance,
  model: Model,
  fast: FastEstimator,
  columns: Column[],
  solution: ParallelPlanSolution,
): Float64Array | undefined {
  const column = columns.find((c) => sameKnobs(c.plan, solution));
  if (!column) return undefined;
  const values = new Float64Array(model.numVars);
  values[column.use.index] = 1;
  if (!column.layout) {
    const even = column.plan.stageLayers;
    return solution.stageLayers.every((n, i) => n === even[i]) ? values : undefined;
  }
  const { x, time, exposed, optimizer } = column.layout;
  let [t, d, o] = [0, 0, 0];
  for (const [stage, k] of solution.stageLayers.entries()) {
    const v = x.get(`${stage}:${k}`);
    if (!v) return undefined;
    values[v.index] = 1;
    const before = solution.stageLayers.slice(0, stage).reduce((a, b) => a + b, 0);
    const split = kinds(instance, before, k);
    const costs = fast.stageCosts(column.plan, stage, split.dense, split.moe);
    [t, d, o] = [
      Math.max(t, costs.microbatchS),
      Math.max(d, costs.exposedDataParallelS),
      Math.max(o, costs.optimizerS),
    ];
  }
  values[time.index] = t;
  values[exposed.index] = d;
  values[optimizer.index] = o;
  return values;
}

/**
 * Build the MIP of an instance.
 *
 * @example
 * ```ts
 * const { model, decode } = formulateParallelPlan(instance);
 * const result = await solve(model, { solver: 'highs' });
 * evaluateParallelPlan(instance, decode(result.values)).objective; // equals result.objective when optimal
 * ```
 */
export function formulateParallelPlan(
  instance: ParallelPlanInstance,
  options: FormulateOptions<ParallelPlanSolution> = {},
): Formulation<ParallelPlanSolution> {
  const upper = upperBoundOf(instance, options.incumbent);
  const fast = new FastEstimator(instance);
  const usable = usableBytes(instance);
  const { candidates } = rankedCandidates(instance);
  const model = new Model('parallel-plan');
  const columns: Column[] = [];
  let capped = false;
  let blocks = 0;
  for (const { plan, lowerBound } of candidates) {
    if (lowerBound > upper * (1 + 1e-9)) break;
    if (columns.length >= formulationLimits.columns) {
      capped = true;
      break;
    }
    if (wantsLayout(instance, plan, blocks)) {
      blocks++;
      const column: Column = { plan, use: model.addVar({ type: 'binary' }) };
      addLayoutBlock(model, instance, fast, column, upper);
      columns.push(column);
      continue;
    }
    const cost = fast.stepTime(plan);
    if (cost > upper * (1 + 1e-9) || fast.peakMemory(plan) > usable) continue;
    columns.push({ plan, use: model.addVar({ type: 'binary' }), cost });
  }
  if (columns.length === 0) {
    // Nothing fits: one column with an infeasible row says so to the solver.
    const none = model.addVar({ type: 'binary' });
    model.addConstraint(none.eq(2));
  } else {
    const chooseOne = new LinExpr();
    for (const column of columns) chooseOne.add(column.use);
    model.addConstraint(chooseOne.eq(1));
  }
  model.minimize(objectiveOf(instance, columns));
  const provable = !capped && instance.limits.layouts === 'even';
  return {
    model,
    decode: (values) =>
      columns.length > 0 ? decodeColumns(columns, values, instance.top) : { ...fallbackPlan(instance) },
    encode: (solution) => encodeColumns(instance, model, fast, columns, solution),
    provable,
  };
}

/** A plan to decode to when no candidate fits (the evaluator then says what is over). */
function fallbackPlan(instance: ParallelPlanInstance): Plan {
  return {
    tp: 1,
    pp: 1,
    dp: instance.gpus,
    cp: 1,
    ep: 1,
    microBatch: 1,
    schedule: '1f1b',
    virtualStages: 2,
    recompute: 'full',
    zero: 3,
    distributedOptimizer: false,
    stageLayers: evenLayers(instance.model.layers, 1),
  };
}
