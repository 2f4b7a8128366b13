/**
 * The MIP (Alpa/Galvatron style, in our DSL): choose one plan among enumerated candidates and,
 * for the candidates whose layout it models, the layers of every pipeline stage.
 *
 * Candidates are the plans of the space (`space.ts`) whose memory lower bound fits and whose
 * step-time lower bound does not exceed the incumbent's step time (`bounds.ts`; the others
 * cannot beat it, and the incumbent's own plan is among them). A candidate is either
 * - a column `u_c` with the step time of its even layout as cost, kept only if it fits; or,
 * - under `limits.layouts: "any"` for plans with two or more stages, a layout block
 *   (`layout-block.ts`): the layers of every stage, and the performance model's step of that
 *   layout for the plan's schedule (1F1B, GPipe, interleaved, ZB-H1). Under "any" a
 *   candidate is also dropped when no layout of it can beat the incumbent (`layoutStepBound`)
 *   or fit in memory (`someLayoutFits`);
 *   when at most `provingBlocks` pipelined candidates remain, each gets a block, else only
 *   the best `layoutCandidates` 1F1B and GPipe ones do (`legacyBlock`).
 *
 * Exactness: the objective of a decoded plan equals the evaluator's. The candidates cover every
 * plan that could beat the incumbent, so the optimum is the space's (`provable`) under
 * `layouts: "even"`, and under `"any"` when every pipelined candidate got a block and the
 * blocks model every layout. Not so (the status is then 'feasible' with the evaluator's
 * objective) when the limits leave candidates without a block, or for models whose first
 * layers are dense (DeepSeek-V3), where stage 0 holding fewer than those layers and
 * interleaved layouts are not modeled.
 */
import { LinExpr, type Var } from '../../src/dsl/expression.js';
import { Model } from '../../src/dsl/model.js';
import type { Formulation, FormulateOptions } from '../../src/family/contract.js';
import { PlanBounds } from './bounds.js';
import { FastEstimator } from './fast-estimate.js';
import { hillClimb } from './heuristics.js';
import type { ParallelPlanInstance, ParallelPlanSolution, Plan } from './instance.js';
import {
  addBlockObjective,
  addLayoutBlock,
  blockable,
  decodeLayout,
  encodeLayout,
  type LayoutBlock,
} from './layout-block.js';
import { layoutStepBound, modelsEveryLayout, someLayoutFits } from './layout-bounds.js';
import { evenLayers, usableBytes } from './plan.js';
import { predictPlan } from './predict.js';
import { rankedCandidates, searchPlans } from './search.js';

/**
 * How many plans get a layout block (`provingBlocks` when every pipelined candidate does,
 * else `layoutCandidates`), the nonzeros after which no block is added (a 405B plan on 16
 * stages has a few hundred), and how many columns the MIP may have in all (`model-size.ts`).
 */
export const formulationLimits = { layoutCandidates: 12, provingBlocks: 12, layoutNonzeros: 400_000, columns: 5000 };

/** One candidate's variables. */
interface Column {
  plan: Plan;
  use: Var;
  /** Even-layout step time, when the column has no layout block. */
  cost?: number;
  layout?: LayoutBlock;
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

function objectiveOf(instance: ParallelPlanInstance, columns: Column[]): LinExpr {
  const objective = new LinExpr();
  for (const { plan, use, cost, layout } of columns) {
    if (cost !== undefined) objective.add(use, cost);
    if (layout) addBlockObjective(objective, instance, plan, layout);
  }
  return objective;
}

/** The chosen column's plan, with the layout its block picked. */
function decodeColumns(columns: Column[], values: Float64Array, top: number): ParallelPlanSolution {
  const chosen = columns.reduce((best, c) => ((values[c.use.index] ?? 0) > (values[best.use.index] ?? 0) ? c : best));
  const plan = chosen.layout ? { ...chosen.plan, stageLayers: decodeLayout(chosen.layout, values) } : chosen.plan;
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
  return encodeLayout(instance, fast, column.plan, column.layout, solution.stageLayers, values) ? values : undefined;
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
  const { survivors, capped } = candidatesToBeat(instance, fast, upper);
  const everyBlock = blocksForAll(instance, survivors);
  const model = new Model('parallel-plan');
  const columns: Column[] = [];
  let unmodeled = false;
  const blocks = { count: 0, nonzeros: 0 };
  for (const plan of survivors) {
    const wanted = everyBlock ? blockable(instance, plan) : legacyBlock(instance, plan);
    if (wanted && roomForBlock(blocks, everyBlock)) {
      const use = model.addVar({ type: 'binary' });

      columns.push({ plan, use, layout: addLayoutBlock(model, instance, fast, plan, use, upper) });
      blocks.count++;
      blocks.nonzeros = model.stats().nonzeros;
      continue;
    }
    // Under layouts "any", a pipelined plan without a block keeps its even layout only.
    if (instance.limits.layouts === 'any' && plan.pp > 1) unmodeled = true;
    const cost = fast.stepTime(plan);
    if (cost > upper * (1 + 1e-9) || fast.peakMemory(plan) > usableBytes(instance)) continue;
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
  const everyLayout = instance.limits.layouts === 'even' || (!unmodeled && modelsEveryLayout(instance));
  const provable = !capped && everyLayout;
  return {
    model,
    decode: (values) =>
      columns.length > 0 ? decodeColumns(columns, values, instance.top) : { ...fallbackPlan(instance) },
    encode: (solution) => encodeColumns(instance, model, fast, columns, solution),
    provable,
  };
}

/**
 * The candidates that could beat `upper`: by the layout-free bound (`bounds.ts`), and under
 * layouts "any" by the least slowest stage any layout reaches (`layoutStepBound`); at most
 * `formulationLimits.columns` of them (`capped` when more).
 */
function candidatesToBeat(
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  upper: number,
): { survivors: Plan[]; capped: boolean } {
  const bounds = new PlanBounds(instance);
  const anyLayout = instance.limits.layouts === 'any';
  const survivors: Plan[] = [];
  for (const { plan, lowerBound } of rankedCandidates(instance).candidates) {
    if (lowerBound > upper * (1 + 1e-9)) break;
    if (survivors.length >= formulationLimits.columns) return { survivors, capped: true };
    const share = bounds.zeroBubbleShare(plan);
    if (anyLayout && plan.pp > 1 && layoutStepBound(instance, fast, plan, share) > upper * (1 + 1e-9)) continue;
    if (anyLayout && plan.pp > 1 && !someLayoutFits(instance, fast, plan)) continue;
    survivors.push(plan);
  }
  return { survivors, capped: false };
}

/**
 * Whether the MIP would give every candidate that could beat `upper` a layout block (and so
 * prove its optimum under layouts "any"). A quick count by the layout-free bound first: with
 * ten times more pipelined candidates than blocks, the layout bound rarely drops enough.
 *
 * @example
 * ```ts
 * if (provableBelow(instance, incumbentStepS)) formulateParallelPlan(instance, { incumbent });
 * ```
 */
export function provableBelow(instance: ParallelPlanInstance, upper: number): boolean {
  if (instance.limits.layouts !== 'any' || !modelsEveryLayout(instance)) return false;
  let pipelined = 0;
  for (const { plan, lowerBound } of rankedCandidates(instance).candidates) {
    if (lowerBound > upper * (1 + 1e-9)) break;
    if (plan.pp > 1 && ++pipelined > 10 * formulationLimits.provingBlocks) return false;
  }
  const { survivors, capped } = candidatesToBeat(instance, new FastEstimator(instance), upper);
  return !capped && blocksForAll(instance, survivors);
}

/**
 * Whether every pipelined candidate gets a block (the MIP can then prove the optimum under
 * layouts "any"): when they are at most `provingBlocks` and the blocks model every layout.
 */
function blocksForAll(instance: ParallelPlanInstance, survivors: Plan[]): boolean {
  if (instance.limits.layouts !== 'any' || !modelsEveryLayout(instance)) return false;
  return survivors.filter((plan) => plan.pp > 1).length <= formulationLimits.provingBlocks;
}

/**
 * Otherwise blocks go to the best 1F1B and GPipe candidates only: their blocks have no
 * big-M rows, and measured, HiGHS solves those within the 10 s targets (README) where
 * blocks of every schedule made it run out of time on Llama 3 405B.
 */
function legacyBlock(instance: ParallelPlanInstance, plan: Plan): boolean {
  return blockable(instance, plan) && (plan.schedule === '1f1b' || plan.schedule === 'gpipe');
}

/** Whether another layout block stays within `formulationLimits`. */
function roomForBlock(blocks: { count: number; nonzeros: number }, everyBlock: boolean): boolean {
  const most = everyBlock ? formulationLimits.provingBlocks : formulationLimits.layoutCandidates;
  return blocks.count < most && blocks.nonzeros < formulationLimits.layoutNonzeros;
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
