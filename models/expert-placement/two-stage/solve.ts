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
import { stageOne, type Clusters, type StageResult } from './stage1.js';
import { stageTwo } from './stage2.js';

/** What the two-stage run did, for the report. */
export interface TwoStageReport {
  solution: ExpertPlacementSolution;
  objective: number;
  start: { name: string; objective: number };
  won: 'two-stage' | 'baseline';
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

/**
 * Run both stages on every layer within `timeLimitSec` (default 60).
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
  const deadline = performance.now() + 1000 * (options.timeLimitSec ?? 60);
  const start = bestBaseline(instance);
  const placed: Clusters[] = [];
  const stage1: StageResult[] = [];
  const stage2: { termination: string; seconds: number }[] = [];
  let layersKept = 0;
  for (let l = 0; l < instance.layers; l++) {
    const shareSec = (deadline - performance.now()) / 1000 / (instance.layers - l);
    const warm = clustersOf(instance, start.solution.placement[l], l);
    const first = shareSec > 0.05 ? await stageOne(instance, l, warm, 0.75 * shareSec) : undefined;
    if (first) stage1.push(first);
    else layersKept++;
    const clusters = first?.clusters ?? warm;
    if (l === 0 || !instance.routing.A) {
      placed.push(clusters);
      continue;
    }
    const second = await stageTwo(
      instance,
      l,
      placed[l - 1],
      clusters,
      Math.max(0, (deadline - performance.now()) / 1000 / (instance.layers - l)),
    );
    if (second.result) stage2.push(second.result);
    placed.push(permuted(clusters, second.gpuOf));
  }
  const solution = { placement: placed.map((c) => c.experts), shares: placed.map((c) => c.tokens) };
  const evaluation = evaluateExpertPlacement(instance, solution);
  const better = evaluation.feasible && evaluation.objective < start.objective;
  return {
    solution: better ? solution : start.solution,
    objective: better ? evaluation.objective : start.objective,
    start: { name: start.name, objective: start.objective },
    won: better ? 'two-stage' : 'baseline',
    stage1,
    stage2,
    layersKept,
  };
}
