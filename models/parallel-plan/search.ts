/**
 * Exhaustive enumeration of the plan space (APEX's method), best-first: every plan whose
 * memory lower bound fits is ranked by its step-time lower bound (`bounds.ts`), and plans are
 * estimated in that order (by the cached `FastEstimator`, equal to `estimateTraining`) until the next bound reaches the k-th best plan found. The plans
 * never estimated cannot beat those kept, so when the search runs out it has the k best
 * plans of the space; stopped by the clock, its bound is the next plan's lower bound.
 */
import type { ParallelPlanInstance, Plan } from './instance.js';
import { PlanBounds } from './bounds.js';
import { usableBytes } from './plan.js';
import { FastEstimator } from './fast-estimate.js';
import { predictPlan } from './predict.js';
import { allPlans } from './space.js';

/** A plan and its predicted step time. */
export interface RankedPlan {
  plan: Plan;
  stepTimeS: number;
}

/** What a search found and what it proved. */
export interface SearchResult {
  /** The best plans that fit, fastest first (at most `top`). */
  best: RankedPlan[];
  /** True when every plan was either estimated or bounded away (no clock stop). */
  exhausted: boolean;
  /** A lower bound on every plan of the space's step time (the best one's own when exhausted). */
  bound: number;
  /** Plans in the space, plans cut by the memory bound, and plans estimated. */
  plans: number;
  prunedByMemory: number;
  estimated: number;
  /** Milliseconds spent estimating (to report plans estimated per second). */
  estimateMs: number;
}

/**
 * Insert into a list kept sorted by step time and at most `top` long.
 *
 * @example
 * ```ts
 * const best: RankedPlan[] = [];
 * keepBest(best, { plan, stepTimeS: 2.5 }, 3); // best = [{ plan, stepTimeS: 2.5 }]
 * ```
 */
export function keepBest(best: RankedPlan[], entry: RankedPlan, top: number): void {
  let at = best.length;
  while (at > 0 && (best[at - 1]?.stepTimeS ?? 0) > entry.stepTimeS) at--;
  if (at >= top) return;
  best.splice(at, 0, entry);
  if (best.length > top) best.pop();
}

interface Candidate {
  plan: Plan;
  lowerBound: number;
}

/** Ranked candidates per instance: the enumeration, the MIP and the lower bound share one ranking. */
const ranked = new WeakMap<ParallelPlanInstance, { candidates: readonly Candidate[]; plans: number }>();

/**
 * Every plan whose memory lower bound fits, with its step-time lower bound, best first
 * (computed once per instance object; the list is shared, never to be changed).
 *
 * @example
 * ```ts
 * rankedCandidates(instance).candidates[0]?.lowerBound; // the least step-time bound of the space
 * ```
 */
export function rankedCandidates(instance: ParallelPlanInstance): { candidates: readonly Candidate[]; plans: number } {
  const cached = ranked.get(instance);
  if (cached) return cached;
  const bounds = new PlanBounds(instance);
  const usable = usableBytes(instance);
  const candidates: Candidate[] = [];
  let plans = 0;
  for (const plan of allPlans(instance)) {
    plans++;
    if (bounds.memory(plan).bytes > usable) continue;
    candidates.push({ plan, lowerBound: bounds.stepTime(plan) });
  }
  candidates.sort((a, b) => a.lowerBound - b.lowerBound);
  const result = { candidates, plans };
  ranked.set(instance, result);
  return result;
}

/**
 * The `top` fastest plans that fit, by best-first enumeration, stopping at `deadline`
 * (ms since the epoch).
 *
 * @example
 * ```ts
 * const result = searchPlans(instance, { top: 3, deadline: Date.now() + 10_000 });
 * result.best[0]?.plan; // the fastest plan, proven so when result.exhausted
 * ```
 */
export function searchPlans(instance: ParallelPlanInstance, options: { top: number; deadline: number }): SearchResult {
  const usable = usableBytes(instance);
  const { candidates, plans } = rankedCandidates(instance);
  const fast = new FastEstimator(instance);
  const best: RankedPlan[] = [];
  let estimated = 0;
  let estimateMs = 0;
  let next = 0;
  for (; next < candidates.length; next++) {
    const candidate = candidates[next] as Candidate;
    const kth = best.length >= options.top ? (best[options.top - 1]?.stepTimeS ?? Infinity) : Infinity;
    if (candidate.lowerBound >= kth) break;
    if (estimated % 32 === 0 && Date.now() > options.deadline) break;
    const started = performance.now();
    const stepTimeS = fast.stepTime(candidate.plan);
    // Memory is counted only for a plan fast enough to be kept.
    const fits = stepTimeS < kth && fast.peakMemory(candidate.plan) <= usable;
    estimateMs += performance.now() - started;
    estimated++;
    if (fits) keepBest(best, { plan: candidate.plan, stepTimeS }, options.top);
  }
  const remaining = candidates[next];
  const kth = best.length >= options.top ? (best[options.top - 1]?.stepTimeS ?? Infinity) : Infinity;
  const exhausted = remaining === undefined || remaining.lowerBound >= kth;
  // The kept plans' times as the evaluator computes them (equal to the fast path's, bar rounding).
  for (const entry of best) entry.stepTimeS = predictPlan(instance, entry.plan)?.stepTimeS ?? entry.stepTimeS;
  const bestTime = best[0]?.stepTimeS ?? Infinity;
  const bound = exhausted ? bestTime : Math.min(bestTime, remaining?.lowerBound ?? Infinity);
  return { best, exhausted, bound, plans, prunedByMemory: plans - candidates.length, estimated, estimateMs };
}
