/**
 * Baselines. `rule-of-thumb` is Megatron's: TP = the GPUs of a node (the largest allowed
 * divisor of the heads), the smallest PP that fits, DP the rest, microbatch 1, 1F1B, the
 * distributed optimizer, and recomputation only when nothing fits without it. `hill-climb`
 * starts there and takes the best neighboring plan (one degree factor moved between two
 * dimensions, the microbatch doubled or halved, another schedule, recomputation, ZeRO stage
 * or, under `layouts: "any"`, a layer moved between stages) until no neighbor is faster or the
 * clock stops it; it reports the fastest plans it met as the alternatives. `default` is
 * hill-climb, never worse than the rule of thumb it starts from.
 */
import type { Heuristic, HeuristicContext } from '../../src/family/contract.js';
import type { Recompute } from '../../src/perf/memory.js';
import { evaluateParallelPlan } from './evaluate.js';
import { allowsDegree, type ParallelPlanInstance, type ParallelPlanSolution, type Plan } from './instance.js';
import { evenLayers, planLabel } from './plan.js';
import { divisorsOf, microBatches, optimizerChoices, recomputeChoices, scheduleChoices } from './space.js';
import { keepBest, type RankedPlan } from './search.js';
import { layoutMoves } from './layout-moves.js';

/** Feasible plans by step time; infeasible ones after every feasible one, by how far over. */
function scoreOf(instance: ParallelPlanInstance, plan: Plan): number {
  const evaluation = evaluateParallelPlan(instance, plan);
  if (evaluation.feasible) return evaluation.objective;
  const peak = evaluation.metrics.peakMemoryBytes;
  return peak === undefined ? Infinity : 1e12 + peak;
}

function largestAllowed(values: number[], ok: (value: number) => boolean): number | undefined {
  return [...values].reverse().find(ok);
}

/** The rule-of-thumb plan for one pipeline degree with one recomputation policy, or undefined. */
function thumbPlan(
  instance: ParallelPlanInstance,
  tp: number,
  cp: number,
  pp: number,
  recompute: Recompute,
): Plan | undefined {
  const { limits, model, gpus } = instance;
  const dp = gpus / (tp * cp * pp);
  const [microBatch] = microBatches(instance, dp).filter((mb) => limits.microBatch !== undefined || mb === 1);
  const ep = model.moe
    ? largestAllowed(divisorsOf(model.moe.experts), (e) => (dp * cp) % e === 0 && allowsDegree(limits.ep, e))
    : 1;
  const [schedule] = scheduleChoices(instance, pp);
  const [optimizer] = [...optimizerChoices(instance)].sort((a, b) => Number(b[1]) - Number(a[1]));
  if (microBatch === undefined || ep === undefined || !schedule || !optimizer) return undefined;
  const [zero, distributedOptimizer] = optimizer;
  return {
    tp,
    pp,
    dp,
    cp,
    ep,
    microBatch,
    schedule: schedule[0],
    virtualStages: schedule[1],
    recompute,
    zero,
    distributedOptimizer,
    stageLayers: evenLayers(model.layers, pp),
  };
}

/**
 * Megatron's rule of thumb: TP = the node, the smallest PP that fits, DP the rest.
 *
 * @example
 * ```ts
 * ruleOfThumb(instance).tp; // 8 on 8-GPU nodes for a model with 8 | heads
 * ```
 */
export function ruleOfThumb(instance: ParallelPlanInstance): Plan {
  const { limits, model, gpus } = instance;
  const tp =
    largestAllowed(
      divisorsOf(gpus),
      (t) => t <= instance.cluster.gpusPerNode && model.heads % t === 0 && allowsDegree(limits.tp, t),
    ) ?? 1;
  const cp = divisorsOf(gpus / tp).find((c) => allowsDegree(limits.cp, c) && instance.seqLength % c === 0) ?? 1;
  const ladder = (['none', 'selective', 'full'] as const).filter((policy) =>
    recomputeChoices(instance).includes(policy),
  );
  let fallback: Plan | undefined;
  for (const pp of divisorsOf(gpus / (tp * cp)).filter((p) => p <= model.layers && allowsDegree(limits.pp, p))) {
    for (const recompute of ladder) {
      const plan = thumbPlan(instance, tp, cp, pp, recompute);
      if (!plan) continue;
      if (scoreOf(instance, plan) < 1e12) return plan;
      fallback = plan;
    }
  }
  return (
    fallback ?? {
      tp,
      pp: 1,
      dp: gpus / (tp * cp),
      cp,
      ep: 1,
      microBatch: 1,
      schedule: '1f1b',
      virtualStages: 2,
      recompute: 'none',
      zero: 0,
      distributedOptimizer: false,
      stageLayers: [model.layers],
    }
  );
}

/** Plans with one prime factor of one degree moved to another (tp, pp, dp, cp), or ep doubled or halved. */
function degreeMoves(instance: ParallelPlanInstance, plan: Plan): Plan[] {
  const moves: Plan[] = [];
  const dims = ['tp', 'pp', 'dp', 'cp'] as const;
  for (const from of dims) {
    for (const factor of [2, 3, 5, 7].filter((f) => plan[from] % f === 0)) {
      for (const to of dims) {
        if (to === from) continue;
        const next = { ...plan, [from]: plan[from] / factor, [to]: plan[to] * factor };
        if (next.pp > instance.model.layers) continue;
        moves.push({ ...next, ep: next.ep, stageLayers: evenLayers(instance.model.layers, next.pp) });
      }
    }
  }
  for (const ep of [plan.ep * 2, plan.ep / 2]) if (Number.isInteger(ep) && ep >= 1) moves.push({ ...plan, ep });
  return moves;
}

/** Plans with one knob changed: microbatch, schedule, recomputation, optimizer sharding. */
function knobMoves(instance: ParallelPlanInstance, plan: Plan): Plan[] {
  const moves: Plan[] = [];
  for (const microBatch of [plan.microBatch * 2, plan.microBatch / 2])
    if (Number.isInteger(microBatch) && microBatch >= 1) moves.push({ ...plan, microBatch });
  for (const [schedule, virtualStages] of scheduleChoices(instance, plan.pp))
    moves.push({ ...plan, schedule, virtualStages });
  for (const recompute of recomputeChoices(instance)) moves.push({ ...plan, recompute });
  for (const [zero, distributedOptimizer] of optimizerChoices(instance))
    moves.push({ ...plan, zero, distributedOptimizer });
  return moves;
}

/**
 * Steepest descent from the rule of thumb over neighboring plans.
 *
 * @example
 * ```ts
 * const plan = hillClimb(instance, { rng: seededRandom(1), deadline: Date.now() + 2000 });
 * plan.alternatives?.length; // up to instance.top - 1
 * ```
 */
export const hillClimb: Heuristic<ParallelPlanInstance, ParallelPlanSolution> = (
  instance,
  context: HeuristicContext,
) => {
  let current = ruleOfThumb(instance);
  let currentScore = scoreOf(instance, current);
  const seen = new Set<string>([planKey(current)]);
  const best: RankedPlan[] = [];
  if (currentScore < 1e12) keepBest(best, { plan: current, stepTimeS: currentScore }, instance.top);
  for (let improved = true; improved && Date.now() <= context.deadline; ) {
    improved = false;
    let step: { plan: Plan; score: number } | undefined;
    for (const plan of [
      ...degreeMoves(instance, current),
      ...knobMoves(instance, current),
      ...layoutMoves(instance, current),
    ]) {
      const key = planKey(plan);
      if (seen.has(key)) continue;
      seen.add(key);
      const score = scoreOf(instance, plan);
      if (score < 1e12) keepBest(best, { plan, stepTimeS: score }, instance.top);
      if (score < (step?.score ?? currentScore)) step = { plan, score };
    }
    if (step) [current, currentScore, improved] = [step.plan, step.score, true];
  }
  const alternatives = best.filter((entry) => planKey(entry.plan) !== planKey(current)).map((entry) => entry.plan);
  return alternatives.length > 0 ? { ...current, alternatives: alternatives.slice(0, instance.top - 1) } : current;
};

function planKey(plan: Plan): string {
  return `${planLabel(plan)} v${plan.virtualStages} ${plan.stageLayers.join(',')}`;
}

/** The rule of thumb as a heuristic (the random source is not used). */
const ruleOfThumbHeuristic: Heuristic<ParallelPlanInstance, ParallelPlanSolution> = (instance) => ruleOfThumb(instance);

/** The baselines; `default` is the best. */
export const parallelPlanHeuristics: Record<string, Heuristic<ParallelPlanInstance, ParallelPlanSolution>> = {
  default: hillClimb,
  'hill-climb': hillClimb,
  'rule-of-thumb': ruleOfThumbHeuristic,
};
