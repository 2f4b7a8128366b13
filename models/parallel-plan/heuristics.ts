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
import { evenLayers, planLabel, scheduleTakes, usableBytes } from './plan.js';
import { FastEstimator } from './fast-estimate.js';
import { improveLayout } from './layout.js';
import {
  degreeCombinations,
  divisorsOf,
  microBatches,
  optimizerChoices,
  plansOf,
  recomputeChoices,
  scheduleChoices,
  type Degrees,
} from './space.js';
import { keepBest, type RankedPlan } from './search.js';

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
  const microbatches = microBatch === undefined ? 0 : instance.globalBatch / (dp * microBatch);
  const [schedule] = scheduleChoices(instance, pp).filter(([name]) => scheduleTakes(name, pp, microbatches));
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

/** The degree combinations of the space by key, to check a move lands inside it. */
const degreeKey = (d: Degrees): string => `${d.tp},${d.pp},${d.dp},${d.cp},${d.ep}`;

/** Degree combinations with one prime factor moved between tp, pp, dp and cp, or ep doubled or halved. */
function degreeMoves(degrees: Degrees, valid: Map<string, Degrees>): Degrees[] {
  const dims = ['tp', 'pp', 'dp', 'cp'] as const;
  const moves: Degrees[] = [];
  for (const from of dims)
    for (const factor of [2, 3, 5, 7].filter((f) => degrees[from] % f === 0))
      for (const to of dims)
        if (to !== from) moves.push({ ...degrees, [from]: degrees[from] / factor, [to]: degrees[to] * factor });
  const withEp = moves.flatMap((move) => [move, { ...move, ep: move.ep * 2 }, { ...move, ep: move.ep / 2 }]);
  withEp.push({ ...degrees, ep: degrees.ep * 2 }, { ...degrees, ep: degrees.ep / 2 });
  return withEp.flatMap((move) => valid.get(degreeKey(move)) ?? []);
}

/** The fastest fitting plan of one degree combination over every knob (and, under "any", layer moves). */
function bestKnobs(
  instance: ParallelPlanInstance,
  fast: FastEstimator,
  degrees: Degrees,
  seen: RankedPlan[],
): RankedPlan | undefined {
  const usable = usableBytes(instance);
  let best: RankedPlan | undefined;
  for (const plan of plansOf(instance, degrees)) {
    const stepTimeS = fast.stepTime(plan);
    if (
      stepTimeS >= (best?.stepTimeS ?? Infinity) &&
      seen.length >= instance.top &&
      stepTimeS >= (seen.at(-1)?.stepTimeS ?? Infinity)
    )
      continue;
    if (fast.peakMemory(plan) > usable) continue;
    keepBest(seen, { plan, stepTimeS }, instance.top);
    if (stepTimeS < (best?.stepTimeS ?? Infinity)) best = { plan, stepTimeS };
  }
  return best;
}

/**
 * Steepest descent over degree combinations from the rule of thumb: each combination is
 * costed by its fastest knobs (microbatch, schedule, recomputation, ZeRO), with the cached
 * estimator; the search moves to the best neighboring combination while it is faster.
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
  const start = ruleOfThumb(instance);
  const fast = new FastEstimator(instance);
  const valid = new Map(degreeCombinations(instance).map((d) => [degreeKey(d), d]));
  const seen: RankedPlan[] = [];
  const startScore = scoreOf(instance, start);
  if (startScore < 1e12) keepBest(seen, { plan: start, stepTimeS: startScore }, instance.top);
  let degrees: Degrees = { tp: start.tp, pp: start.pp, dp: start.dp, cp: start.cp, ep: start.ep };
  let current = valid.has(degreeKey(degrees)) ? bestKnobs(instance, fast, degrees, seen) : undefined;
  const visited = new Set([degreeKey(degrees)]);
  while (Date.now() <= context.deadline) {
    let step: { degrees: Degrees; best: RankedPlan } | undefined;
    for (const move of degreeMoves(degrees, valid)) {
      if (visited.has(degreeKey(move))) continue;
      visited.add(degreeKey(move));
      const best = bestKnobs(instance, fast, move, seen);
      if (best && best.stepTimeS < (step?.best.stepTimeS ?? current?.stepTimeS ?? Infinity))
        step = { degrees: move, best };
    }
    if (!step) break;
    [degrees, current] = [step.degrees, step.best];
  }
  const ranked = seen.map((entry) => improveLayout(instance, fast, entry, context.deadline));
  ranked.sort((a, b) => a.stepTimeS - b.stepTimeS);
  const keys = new Set<string>();
  const [first, ...rest] = ranked.filter((entry) => !keys.has(planKey(entry.plan)) && keys.add(planKey(entry.plan)));
  if (!first || first.stepTimeS >= startScore) return start;
  return rest.length > 0 ? { ...first.plan, alternatives: rest.map((entry) => entry.plan) } : first.plan;
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
