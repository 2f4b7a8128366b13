/**
 * Layout moves for searches under `limits.layouts: "any"`: one layer off an end stage (the
 * first holds the embedding and the most microbatches in flight, the last the output layer
 * and its logits), one layer from the fullest stage to the emptiest, and Llama 3's layout
 * (one layer fewer on both end stages) when it splits evenly. Interleaved plans keep only
 * layouts whose fullest stage splits into equal chunks (`equalChunkSize`).
 */
import { equalChunkSize, fewerLayersOnEndStages } from '../../src/perf/pipeline-stages.js';
import type { FastEstimator } from './fast-estimate.js';
import type { ParallelPlanInstance, Plan } from './instance.js';
import { usableBytes } from './plan.js';
import type { RankedPlan } from './search.js';

function moved(plan: Plan, from: number, to: number): Plan | undefined {
  const layers = [...plan.stageLayers];
  if ((layers[from] ?? 0) < 1 || from === to) return undefined;
  layers[from] = (layers[from] ?? 0) - 1;
  layers[to] = (layers[to] ?? 0) + 1;
  return { ...plan, stageLayers: layers };
}

/** Whether an interleaved plan's fullest stage splits into equal chunks (other schedules: true). */
function chunksEqual(plan: Plan): boolean {
  return plan.schedule !== 'interleaved' || equalChunkSize(plan.stageLayers, plan.virtualStages).size !== undefined;
}

/**
 * Neighboring layouts of a plan (none under `layouts: "even"` or with one stage).
 *
 * @example
 * ```ts
 * layoutMoves(instance, { ...plan, stageLayers: [8, 8, 8, 8] }); // [7, 9, 8, 8], [8, 8, 9, 7], ...
 * ```
 */
export function layoutMoves(instance: ParallelPlanInstance, plan: Plan): Plan[] {
  const p = plan.pp;
  if (instance.limits.layouts !== 'any' || p < 2 || plan.stageLayers.length !== p) return [];
  const layers = plan.stageLayers;
  const fullest = layers.indexOf(Math.max(...layers));
  const emptiest = layers.indexOf(Math.min(...layers));
  const moves = [
    moved(plan, 0, 1),
    moved(plan, p - 1, p - 2),
    moved(plan, fullest, emptiest),
    moved(plan, 1, 0),
    moved(plan, p - 2, p - 1),
  ];
  const slots = instance.model.layers + 2;
  if (p > 2 && slots % p === 0 && slots / p > 1)
    moves.push({ ...plan, stageLayers: fewerLayersOnEndStages(instance.model.layers, p) });
  return moves.filter((move): move is Plan => move !== undefined && chunksEqual(move));
}

/**
 * Layer moves that make a plan faster and still fit, until none does or the clock stops.
 *
 * @example
 * ```ts
 * improveLayout(instance, new FastEstimator(instance), { plan, stepTimeS }, Date.now() + 1000).plan.stageLayers;
 * ```
 */
export function improveLayout(
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  start: RankedPlan,
  deadline: number,
): RankedPlan {
  let current = start;
  const usable = usableBytes(instance);
  for (let improved = true; improved && Date.now() <= deadline; ) {
    improved = false;
    for (const plan of layoutMoves(instance, current.plan)) {
      const stepTimeS = fast.stepTime(plan);
      if (stepTimeS < current.stepTimeS && fast.peakMemory(plan) <= usable) {
        current = { plan, stepTimeS };
        improved = true;
      }
    }
  }
  return current;
}
