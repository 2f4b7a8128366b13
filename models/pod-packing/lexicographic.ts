/**
 * The exact method of the issue: a lexicographic MIP by priority tier, highest first.
 * For each tier: maximize the pods placed at that tier and above, then minimize the
 * disruption (evict 1, move 2) of the running pods at that tier and above; hold both;
 * then the next tier. Each tier is one weighted solve (levels.ts shows it is exact); the
 * time limit is shared across the tiers, every tier is warm-started from the one before,
 * and the first from the best of the default scheduler's placement and the baselines
 * (compared lexicographically). Each tier reports whether its placed count and its
 * disruption were proven optimal (given the tiers before it).
 *
 * Counting disruption only at the tiers decided so far lets a lower tier still evict
 * even lower-priority pods later, as the scheduler's preemption would.
 *
 * This order is the evaluator's objective (objective.ts encodes it as one number), so
 * "every level proven" means the evaluator's objective is proven optimal.
 */
import { SchedlabError } from '../../src/errors.js';
import { assertBuildable, buildable, expectedBuildSec } from '../../src/family/model-budget.js';
import { solve, type SolveRequest } from '../../src/solve/solve.js';
import { seededRandom } from '../../src/util/random.js';
import { evaluatePodPacking } from './evaluate.js';
import { allowedNodes, formulatePodPacking } from './formulation.js';
import { priorityTiers, type PodPackingInstance, type PodPackingSolution } from './instance.js';
import { podPackingHeuristics } from './heuristics.js';
import { kubeScheduler } from './heuristics/kube-scheduler.js';
import { podPackingModelSize } from './model-size.js';
import { solveTierLevels, type TierLevel } from './levels.js';
import { objectiveWeights, tierDisruption } from './objective.js';
import { compacting, extraDomains } from './topology.js';

/** One tier's outcome. */
export interface TierReport {
  priority: number;
  /** Pods placed with priority >= this tier's, and whether that is proven the most possible. */
  placed: number;
  placedProven: boolean;
  /** Disruption of running pods at this tier and above, and whether proven the least. */
  disruption: number;
  disruptionProven: boolean;
}

export interface LexicographicReport {
  /** Undefined only when no feasible placement was found: `proven` then says none exists. */
  solution: PodPackingSolution | undefined;
  tiers: TierReport[];
  /** With `compactGangs`: the domains gangs span beyond one each, and whether that is proven the least (given the tiers). */
  topology?: { extraDomains: number; proven: boolean };
  /** Every level proven optimal; without a solution, proven that no feasible placement exists. */
  proven: boolean;
  /** True when the MIP found nothing better than its start. */
  keptWarmStart: boolean;
  /** Which start the MIP began from: 'given' (the warm start), a baseline's name, 'mip', or 'none'. */
  start: string;
  /** How many MIP solves ran (tiers proven by the counting bound need none). */
  solves: number;
  timeMs: number;
}

export interface LexicographicOptions {
  solver?: SolveRequest['solver'];
  timeLimitSec?: number;
  /** The starting placement; default: the kube-scheduler with preemption. */
  warmStart?: PodPackingSolution;
  /** Also try every baseline and start from the lexicographically best (default true). */
  heuristicStarts?: boolean;
  /** Two solves per tier, placed then disruption, instead of one weighted solve (see levels.ts). */
  split?: boolean;
}

/** The largest disruption and the placeable pods at each tier and above (highest tier first). */
function tierLevels(
  instance: PodPackingInstance,
  nodes: number[][],
  tiers: number[],
  placed: TierLevel['placed'][],
  disruption: TierLevel['disruption'][],
): TierLevel[] {
  const weights = objectiveWeights(instance);
  const placeableAt = new Map<number, number>();
  instance.pods.forEach((pod, p) => {
    if (nodes[p].length > 0) placeableAt.set(pod.priority, (placeableAt.get(pod.priority) ?? 0) + 1);
  });
  let [maxDisruption, placeable] = [0, 0];
  return tiers.map((priority, k) => {
    maxDisruption += 2 * weights.running[k] + weights.violations[k];
    placeable += placeableAt.get(priority) ?? 0;
    return { placed: placed[k], disruption: disruption[k], maxDisruption, placeable };
  });
}

/**
 * The lexicographically best feasible start: the given one, then (if asked) every baseline
 * not already given, while the start's share of the time limit lasts (`until`, performance.now()).
 */
function bestStart(
  instance: PodPackingInstance,
  given: { solution: PodPackingSolution; name?: string },
  heuristics: boolean,
  encodable: (s: PodPackingSolution) => boolean,
  until: number,
): { solution: PodPackingSolution; name: string } {
  let best = { solution: given.solution, name: 'given', vector: lexicographicVector(instance, given.solution) };
  if (!heuristics) return best;
  const context = { rng: seededRandom(1), deadline: Date.now() + 1000 };
  for (const [name, heuristic] of Object.entries(podPackingHeuristics)) {
    if (name === 'default' || name === given.name) continue;
    if (performance.now() > until) break;
    const solution = heuristic(instance, context);
    const vector = lexicographicVector(instance, solution);
    if (
      compareLexicographic(vector, best.vector) > 0 &&
      evaluatePodPacking(instance, solution).feasible &&
      encodable(solution)
    )
      best = { solution, name, vector };
  }
  return best;
}

/** The solver and what is left of the time limit: it covers the whole method, starts and formulation included. */
function remaining(options: LexicographicOptions, started: number): SolveRequest {
  return {
    ...(options.solver === undefined ? {} : { solver: options.solver }),
    ...(options.timeLimitSec === undefined
      ? {}
      : { timeLimitSec: Math.max(0, options.timeLimitSec - (performance.now() - started) / 1000) }),
  };
}

/** A feasible placement from the MIP itself, or whether it proved that there is none. */
async function feasiblePlacement(
  instance: PodPackingInstance,
  mip: ReturnType<typeof formulatePodPacking>,
  request: SolveRequest,
): Promise<{ solution?: PodPackingSolution; provenInfeasible: boolean }> {
  const result = await solve(mip.model, request);
  if (result.hasSolution) {
    const decoded = mip.decode(result.values);
    if (evaluatePodPacking(instance, decoded).feasible) return { solution: decoded, provenInfeasible: false };
  }
  return { provenInfeasible: result.termination === 'infeasible' };
}

/** The report of the best start when the MIP was not built for lack of time: nothing proven. */
function startOnly(
  instance: PodPackingInstance,
  start: { solution: PodPackingSolution; name: string },
  started: number,
): LexicographicReport {
  const vector = lexicographicVector(instance, start.solution);
  const tiers = priorityTiers(instance).map(
    (priority, k): TierReport => ({
      priority,
      placed: vector[2 * k],
      placedProven: false,
      disruption: -vector[2 * k + 1],
      disruptionProven: false,
    }),
  );
  return {
    solution: start.solution,
    tiers,
    proven: false,
    keptWarmStart: true,
    start: start.name,
    solves: 0,
    timeMs: performance.now() - started,
  };
}

/** The report when no feasible placement was found: `proven` when none exists. */
function noPlacement(provenInfeasible: boolean, started: number): LexicographicReport {
  const timeMs = performance.now() - started;
  return {
    solution: undefined,
    tiers: [],
    proven: provenInfeasible,
    keptWarmStart: false,
    start: 'none',
    solves: 1,
    timeMs,
  };
}

/**
 * Solve the lexicographic MIP and report per tier.
 *
 * @example
 * ```ts
 * const report = await solvePodPackingLexicographic(instance, { timeLimitSec: 10 });
 * report.tiers.map((t) => [t.priority, t.placed, t.placedProven]);
 * ```
 */
export async function solvePodPackingLexicographic(
  instance: PodPackingInstance,
  options: LexicographicOptions = {},
): Promise<LexicographicReport> {
  const started = performance.now();
  // A model beyond memory is not built, nor are the nodes each pod may use (pods x nodes of
  // them: 500 million at 5,000 nodes and 100,000 pods); the answer is then the best start.
  const size = podPackingModelSize(instance);
  const tooLarge = !buildable(size);
  const allowed = tooLarge ? undefined : allowedNodes(instance);
  // The starts come first: the baselines may take a quarter of the time limit (the given start,
  // by default the scheduler's, is always there), and the model is built for what is left.
  const until = options.timeLimitSec === undefined ? Number.POSITIVE_INFINITY : started + 250 * options.timeLimitSec;
  const start = bestStart(
    instance,
    options.warmStart === undefined
      ? { solution: kubeScheduler(instance), name: 'kube-scheduler' }
      : { solution: options.warmStart },
    options.heuristicStarts ?? true,
    (s) => allowed === undefined || s.assignment.every((n, p) => n < 0 || allowed[p].includes(n)),
    until,
  );
  // A model whose build would outlast the limit is not built either; without a feasible start,
  // a model beyond memory is refused with its size.
  const left = remaining(options, started).timeLimitSec ?? Number.POSITIVE_INFINITY;
  const unbuildable = tooLarge || expectedBuildSec(size) > left;
  if (unbuildable && evaluatePodPacking(instance, start.solution).feasible) return startOnly(instance, start, started);
  assertBuildable('pod-packing', size);
  const mip = formulatePodPacking(instance, allowed === undefined ? {} : { allowed });
  if (!evaluatePodPacking(instance, start.solution).feasible) {
    // Running pods that may neither move nor leave can overfill a node: then no start is
    // feasible, and only the MIP can tell whether any placement is.
    const found = await feasiblePlacement(instance, mip, remaining(options, started));
    if (found.solution === undefined) return noPlacement(found.provenInfeasible, started);
    start.solution = found.solution;
    start.name = 'mip';
  }
  const startValues = mip.encode(start.solution);
  if (startValues === undefined)
    throw new SchedlabError(
      'input',
      `pod-packing: the start '${start.name}' places a pod on a node it may not use (selector, affinity, taint or a protected pod); fix the warm start or omit it`,
    );
  const outcome = await solveTierLevels(
    mip.model,
    tierLevels(instance, mip.allowed, mip.tiers, mip.placedAtLeast, mip.disruptionAtLeast),
    startValues,
    remaining(options, started),
    { split: options.split ?? false, ...(mip.spread === undefined ? {} : { spread: mip.spread }) },
  );
  const decoded = mip.decode(outcome.values);
  const startVector = lexicographicVector(instance, start.solution);
  const better =
    evaluatePodPacking(instance, decoded).feasible &&
    compareLexicographic(lexicographicVector(instance, decoded), startVector) >= 0;
  const solution = better ? decoded : start.solution;
  const vector = lexicographicVector(instance, solution);
  return {
    solution,
    ...provenLevels(mip.tiers, outcome, vector),
    start: start.name,
    solves: outcome.levels.filter((level) => level.how === 'solved').length,
    keptWarmStart: compareLexicographic(vector, startVector) === 0,
    timeMs: performance.now() - started,
  };
}

/** Per tier (and for the topology level) what the solution reaches and whether the levels prove it. */
function provenLevels(
  priorities: number[],
  { levels, spread }: Awaited<ReturnType<typeof solveTierLevels>>,
  vector: number[],
): Pick<LexicographicReport, 'tiers' | 'topology' | 'proven'> {
  const tiers = priorities.map(
    (priority, k): TierReport => ({
      priority,
      placed: vector[2 * k],
      placedProven: levels[k].placedProven && levels[k].placed === vector[2 * k],
      disruption: -vector[2 * k + 1],
      disruptionProven: levels[k].disruptionProven && levels[k].disruption === -vector[2 * k + 1],
    }),
  );
  const tiersProven = tiers.every((t) => t.placedProven && t.disruptionProven);
  const extra = -vector[2 * priorities.length];
  const topology =
    spread === undefined
      ? undefined
      : { extraDomains: extra, proven: tiersProven && spread.proven && spread.value === extra };
  return { tiers, ...(topology ? { topology } : {}), proven: tiersProven && (topology?.proven ?? true) };
}

/**
 * The levels of the lexicographic order for a solution: per tier (highest first) the pods
 * placed at that tier and above, then minus their disruption. Larger is better.
 *
 * @example
 * ```ts
 * lexicographicVector(instance, solution); // e.g. [12, -2, 30, -3]
 * ```
 */
export function lexicographicVector(instance: PodPackingInstance, solution: PodPackingSolution): number[] {
  const tiers = priorityTiers(instance);
  const placed = tiers.map(() => 0);
  instance.pods.forEach((pod, p) => {
    if ((solution.assignment[p] ?? -1) >= 0) placed[tiers.indexOf(pod.priority)]++;
  });
  const disruption = tierDisruption(instance, solution.assignment);
  let [placedAbove, disruptionAbove] = [0, 0];
  const vector = tiers.flatMap((_, k) => {
    placedAbove += placed[k];
    disruptionAbove += disruption[k];
    return [placedAbove, -disruptionAbove];
  });
  // With compactGangs, the last level: fewer extra domains is better.
  return compacting(instance) ? [...vector, -extraDomains(instance, solution.assignment)] : vector;
}

/** Sign of the first difference of two vectors (positive when `a` is better). */
export function compareLexicographic(a: number[], b: number[]): number {
  for (let k = 0; k < Math.min(a.length, b.length); k++) if (a[k] !== b[k]) return Math.sign(a[k] - b[k]);
  return 0;
}

export { formatTierReport, lexicographicBound } from './lexicographic-report.js';
