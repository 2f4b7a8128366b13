/**
 * MoETuner's two-stage ILP, decomposed per layer and run within one time limit: the best
 * baseline is the warm start and the fallback; each layer gets an even share of the time left
 * (stage 1 three quarters of it, stage 2 the rest); a layer whose share runs out keeps the
 * baseline's clusters. The answer is whichever of the two-stage placement and the baseline
 * the evaluator scores lower, so it is never worse than the best baseline; its bound is the
 * family's optimistic bound (the stages optimize proxies, so their optima prove nothing about
 * the MoE time).
 */
import { evaluateExpertPlacement } from '../evaluate.js';
import { bestBaseline } from '../heuristics.js';
import type { ExpertPlacementInstance, ExpertPlacementSolution } from '../instance.js';
import { balanceShares } from './shares.js';
import { fullStageOneCells, stageOne, type Clusters, type StageResult } from './stage1.js';
import { stageTwo } from './stage2.js';

/** What the two-stage run did, for the report. */
export interface TwoStageReport {
  solution: ExpertPlacementSolution;
  objective: number;
  start: { name: string; objective: number };
  won: 'two-stage' | 'baseline';
  /** The evaluator's MoE time of the two-stage placement itself (NaN when infeasible). */
  twoStageObjective: number;
  stage1: StageResult[];
  stage2: { termination: string; seconds: number }[];
  layersKept: number;
}

/** The baseline's layer as clusters, with each expert's tokens split evenly over its replicas. */
function clustersOf(instance: ExpertPlacementInstance, placement: number[][], l: number): Clusters {
  const copies = new Array<number>(instance.experts).fill(0);
  for (const list of placement) for (const e of list) copies[e]++;
  return {
    experts: placement.map((list) => [...list]),
    tokens: placement.map((list) => list.map((e) => instance.routing.n[l][e] / copies[e])),
  };
}

function permuted(clusters: Clusters, gpuOf: number[]): Clusters {
  const experts: number[][] = new Array(gpuOf.length);
  const tokens: number[][] = new Array(gpuOf.length);
  gpuOf.forEach((g, c) => {
    experts[g] = clusters.experts[c];
    tokens[g] = clusters.tokens[c];
  });
  return { experts, tokens };
}

/** Share of the time limit kept for stage 2 (when there are layer-to-layer counts) and the final evaluation. */
const stageTwoShare = 0.25;
/** A solver run overshoots its limit by presolve and model building; it gets this share of its slice. */
const solverShare = 0.6;

/** Layers by the start's token imbalance (max/mean per GPU), worst first: where stage 1 can gain most. */
function worstFirst(instance: ExpertPlacementInstance, start: ExpertPlacementSolution): number[] {
  const imbalance = start.placement.map((layer, l) => {
    const copies = new Array<number>(instance.experts).fill(0);
    for (const list of layer) for (const e of list) copies[e]++;
    const loads = layer.map((list) => list.reduce((sum, e) => sum + instance.routing.n[l][e] / copies[e], 0));
    const mean = loads.reduce((a, b) => a + b, 0) / loads.length;
    return mean > 0 ? Math.max(...loads) / mean : 1;
  });
  return imbalance.map((_, l) => l).sort((a, b) => imbalance[b] - imbalance[a] || a - b);
}

/** The smallest slice worth a stage-1 solve: HiGHS needs about a second per 2,000 cells to presolve. */
function minimumSliceSec(instance: ExpertPlacementInstance): number {
  const cells = Math.min(instance.experts * instance.gpus, fullStageOneCells + 10 * instance.experts);
  return Math.min(4, Math.max(0.2, cells / 2000));
}

/** Stage 1 on the worst layers first, each with an even share of what is left; the rest keep the start. */
async function stageOneLayers(instance: ExpertPlacementInstance, start: ExpertPlacementSolution, deadline: number) {
  const clusters = start.placement.map((layer, l) => clustersOf(instance, layer, l));
  // Re-split tokens over the start's replicas first (an LP per layer, milliseconds each).
  for (let l = 0; l < clusters.length; l++) {
    const leftSec = (deadline - performance.now()) / 1000;
    if (leftSec <= 0) break;
    clusters[l] = await balanceShares(instance, l, clusters[l], Math.min(1, leftSec / (clusters.length - l)));
  }
  const results: StageResult[] = [];
  const order = worstFirst(instance, start);
  const minimum = minimumSliceSec(instance);
  for (const [k, l] of order.entries()) {
    const leftSec = (deadline - performance.now()) / 1000;
    const slice = Math.max(minimum, leftSec / (order.length - k));
    if (slice > leftSec) break;
    const first = await stageOne(instance, l, clusters[l], solverShare * slice);
    if (!first) continue;
    results.push(first);
    clusters[l] = first.clusters;
  }
  return { clusters, results };
}

/**
 * Run both stages within `timeLimitSec` (default 60).
 *
 * @example
 * ```ts
 * const report = await solveTwoStage(instance, { timeLimitSec: 10 });
 * report.objective <= report.start.objective; // true
 * ```
 */
export async function solveTwoStage(
  instance: ExpertPlacementInstance,
  options: { timeLimitSec?: number } = {},
): Promise<TwoStageReport> {
  const started = performance.now();
  const limitMs = 1000 * (options.timeLimitSec ?? 60);
  const start = bestBaseline(instance);
  const paired = instance.routing.A !== undefined && instance.layers > 1;
  const first = await stageOneLayers(
    instance,
    start.solution,
    started + limitMs * (1 - (paired ? stageTwoShare : 0.05)),
  );
  const placed: Clusters[] = [first.clusters[0]];
  const stage2: { termination: string; seconds: number }[] = [];
  for (let l = 1; l < instance.layers; l++) {
    if (!paired) {
      placed.push(first.clusters[l]);
      continue;
    }
    const leftSec = (started + 0.95 * limitMs - performance.now()) / 1000;
    const second = await stageTwo(
      instance,
      l,
      placed[l - 1],
      first.clusters[l],
      (solverShare * leftSec) / (instance.layers - l),
    );
    if (second.result) stage2.push(second.result);
    placed.push(permuted(first.clusters[l], second.gpuOf));
  }
  const solution = { placement: placed.map((c) => c.experts), shares: placed.map((c) => c.tokens) };
  const evaluation = evaluateExpertPlacement(instance, solution);
  const better = evaluation.feasible && evaluation.objective < start.objective;
  return {
    solution: better ? solution : start.solution,
    objective: better ? evaluation.objective : start.objective,
    start: { name: start.name, objective: start.objective },
    won: better ? 'two-stage' : 'baseline',
    twoStageObjective: evaluation.objective,
    stage1: first.results,
    stage2,
    layersKept: instance.layers - first.results.length,
  };
}
