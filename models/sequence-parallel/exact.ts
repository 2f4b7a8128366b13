/**
 * FlexSP's solver (Wang et al., ASPLOS 2025): the outer loop over the number of micro-batches
 * M, from the fewest memory allows, the sequence blaster's cut of the sorted batch into M
 * micro-batches (`blaster.ts`, the contiguous cut or the insertion, whichever packs faster),
 * and one MILP per micro-batch (`milp.ts`, one slot) that forms
 * its SP groups; when a micro-batch's MILP has no plan, M grows by one. Once a feasible M is
 * found, the next three counts are tried too (each count with an equal share of the time),
 * and the best step is kept. Each MILP is
 * warm-started from the greedy plan of its micro-batch; the answer is never worse than the
 * best baseline. `flexsp-bucketed` plans integer counts per length bucket (FlexSP's reduction
 * for large batches). The bound is the family's own (`bounds.ts`), valid for any number of
 * micro-batches, so the gap is honest; `proven` only when the step meets it.
 */
import { compile } from '../../src/dsl/compile.js';
import { SchedlabError } from '../../src/errors.js';
import type { ExactAnswer, ExactMethod } from '../../src/family/contract.js';
import { solveCanonical } from '../../src/solve/solve.js';
import { spCosts, type SpCosts } from './costs.js';
import { packedCut, packMicroBatch } from './heuristics/greedy.js';
import { bestBaselinePlan } from './heuristics.js';
import type { SequenceParallelInstance, SequenceParallelSolution } from './instance.js';
import { bucketItems, exactItems, type Item } from './items.js';
import { buildSpMilp, checkMilpSize } from './milp.js';
import { decodeMilp, encodeMilp } from './milp-codec.js';
import { fewestMicroBatches, type Plan, planMs, toSolution } from './plan.js';
import { sequenceParallelLowerBound } from './bounds.js';

export interface FlexSpOptions {
  timeLimitSec?: number;
  bucketed?: boolean;
  /** Micro-batch counts tried after the first feasible one, each with an equal share of the time (default 3). */
  extraMicroBatches?: number;
}

/** Default time limit of one FlexSP run, seconds. */
export const flexSpDefaultTimeLimitSec = 20;

/** One item per sequence, or buckets when asked or when that would exceed the MILP's size limit. */
function milpItems(instance: SequenceParallelInstance, costs: SpCosts, sequences: number[], bucketed: boolean): Item[] {
  if (!bucketed) {
    const exact = exactItems(costs, sequences, instance.lengths);
    try {
      checkMilpSize(instance, exact, 1);
      return exact;
    } catch (error) {
      if (!(error instanceof SchedlabError) || error.kind !== 'input') throw error;
    }
  }
  return bucketItems(instance, costs, sequences, { maxBuckets: 24 });
}

/** The MILP plan of one micro-batch's sequences (the greedy packing as warm start), or undefined when none was found. */
async function planMicroBatch(
  instance: SequenceParallelInstance,
  costs: SpCosts,
  sequences: number[],
  options: { bucketed: boolean; timeLimitSec: number },
): Promise<Plan | undefined> {
  const items = milpItems(instance, costs, sequences, options.bucketed);
  const milp = buildSpMilp(instance, costs, items, 1);
  const packed = packMicroBatch(instance, costs, sequences);
  const greedy = packed ? [packed] : [];
  const capacity = (k: number) => instance.degrees[k] * instance.tokenCapacity;
  const warmStart = packed ? encodeMilp(milp, costs, greedy, capacity) : undefined;
  const result = await solveCanonical(compile(milp.model), {
    solver: 'highs',
    timeLimitSec: Math.max(0.05, options.timeLimitSec),
    relativeGap: 1e-4,
    ...(warmStart ? { warmStart } : {}),
  });
  if (!result.hasSolution) return packed ? greedy : undefined;
  const plan = decodeMilp(milp, result.values);
  return packed && planMs(costs, greedy) < planMs(costs, plan) ? greedy : plan;
}

/** One pass at M micro-batches: the blaster's cut, then a MILP per part; undefined when a part has no plan. */
async function planWith(
  instance: SequenceParallelInstance,
  costs: SpCosts,
  m: number,
  bucketed: boolean,
  deadline: number,
): Promise<Plan | undefined> {
  const cut = packedCut(instance, costs, m);
  if (!cut) return undefined;
  // The MILP runs on the parts of the cut whose greedy packing was faster.
  const parts = cut.map((groups) => groups.flatMap((g) => g.sequences));
  const plan: Plan = [];
  for (let p = 0; p < parts.length; p++) {
    const share = (deadline - Date.now()) / 1000 / (parts.length - p);
    const part = await planMicroBatch(instance, costs, parts[p], { bucketed, timeLimitSec: share });
    if (!part) return undefined;
    plan.push(...part);
  }
  return plan;
}

/**
 * Run FlexSP's solver.
 *
 * @example
 * ```ts
 * const answer = await flexSp(instance, { timeLimitSec: 10, bucketed: true });
 * answer.report; // one line per micro-batch count tried
 * ```
 */
export async function flexSp(
  instance: SequenceParallelInstance,
  options: FlexSpOptions = {},
): Promise<ExactAnswer<SequenceParallelSolution> & { solution: SequenceParallelSolution; bound: number }> {
  const costs = spCosts(instance);
  const deadline = Date.now() + 1000 * (options.timeLimitSec ?? flexSpDefaultTimeLimitSec);
  const baseline = bestBaselinePlan(instance);
  let best = { plan: baseline.plan, ms: baseline.ms };
  const report = [
    `best baseline ${baseline.name}: ${baseline.ms.toFixed(3)} ms in ${baseline.plan.length} micro-batches`,
  ];
  const counts = 1 + (options.extraMicroBatches ?? 3);
  let tried = 0;
  for (let m = fewestMicroBatches(instance); m <= instance.lengths.length && tried < counts; m++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    const plan = await planWith(instance, costs, m, options.bucketed ?? false, Date.now() + left / (counts - tried));
    report.push(
      plan ? `M = ${m}: ${planMs(costs, plan).toFixed(3)} ms` : `M = ${m}: a micro-batch has no plan, adding one`,
    );
    if (plan && planMs(costs, plan) < best.ms) best = { plan, ms: planMs(costs, plan) };
    if (plan) tried++;
  }
  const bound = sequenceParallelLowerBound(instance);
  return { solution: toSolution(instance, best.plan), proven: best.ms <= bound * (1 + 1e-9), bound, report };
}

/**
 * The exact methods: FlexSP's solver with a binary per sequence (`flexsp`) or counts per
 * length bucket (`flexsp-bucketed`).
 *
 * @example
 * ```ts
 * await sequenceParallelExact.flexsp.solve(instance, { timeLimitSec: 10 });
 * ```
 */
export const sequenceParallelExact: Record<string, ExactMethod<SequenceParallelInstance, SequenceParallelSolution>> = {
  flexsp: { solve: (instance, options) => flexSp(instance, { ...options, bucketed: false }) },
  'flexsp-bucketed': { solve: (instance, options) => flexSp(instance, { ...options, bucketed: true }) },
};
