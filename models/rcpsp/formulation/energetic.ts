/**
 * Energetic reasoning (Baptiste, Le Pape and Nuijten; Lopez and Esquirol) and shaving on
 * the start windows of a time-indexed RCPSP model, for a fixed horizon.
 *
 * Turns start windows [ES_j, LS_j] that every schedule ending by the horizon respects into
 * narrower windows with the same property, or proves that no such schedule exists. The
 * rules are relaxations: precedence (a successor starts after its predecessor ends), and
 * per resource and interval [t1, t2) the energy bound: the parts of the activities that
 * must run inside the interval (their minimal intersection, from their windows) fit into
 * the capacity available there, downtime included. Release dates and deadlines are in the
 * windows given. Two activities that never overlap (a resource's peak capacity cannot take
 * both, or a disjunctive pair) are ordered as soon as one order no longer fits the windows.
 *
 * Shaving tries each window's end points: if fixing j at ES_j makes the rules fail, no
 * schedule starts j there, so ES_j grows by one (the same for LS_j). This removes exactly
 * the starts that the relaxation refutes, and so never an optimal schedule ending by the horizon.
 */
import { heads, latestStarts } from '../../../src/util/dag-paths.js';
import type { Dag } from '../../../src/util/dag.js';
import type { RcpspInstance } from '../instance.js';
import { activityDurations, precedenceDag, precedenceOrder } from '../topology.js';
import { conflictCliques } from './cliques.js';
import { activityWindows, capacityProfiles, closures, type TimeWindows } from './windows.js';

/** Start windows under propagation: est[j] <= S_j <= lst[j] for every schedule ending by the horizon. */
export interface StartWindows {
  est: number[];
  lst: number[];
}

/** What the rules need, computed once per horizon. */
export interface EnergeticContext {
  instance: RcpspInstance;
  horizon: number;
  /** The precedence network, a topological order of it, and the durations as its node lengths. */
  dag: Dag;
  order: Int32Array;
  duration: Float64Array;
  /**
   * The resources the energy rule runs on: the instance's, then one of capacity 1 per
   * conflict clique (activities no two of which overlap, demand 1 each), on which the rule
   * is disjunctive reasoning. demands[r][j] is j's demand on resource r.
   */
  demands: number[][];
  /** cumulative[r][t] = capacity of resource r over periods 0 .. t-1. */
  cumulative: Float64Array[];
  /** Pairs that never overlap: their demands exceed a resource's peak capacity together, or the instance makes them disjunctive. */
  exclusive: [number, number][];
}

/** At most this many cliques become unit resources (each costs as much as a resource per pass). */
const maxCliqueResources = 40;

/** Passes of the rules before giving up on a fixed point (each pass only narrows windows). */
const maxPasses = 30;

/** Periods of [s, s + d) inside [t1, t2). */
function overlap(s: number, d: number, t1: number, t2: number): number {
  return Math.max(0, Math.min(s + d, t2) - Math.max(s, t1));
}

/** An activity starts only after its predecessors finish: heads forward, latest starts backward. Returns false on an empty window. */
function propagatePrecedence(context: EnergeticContext, windows: StartWindows): boolean {
  const { dag, order, duration } = context;
  const { est, lst } = windows;
  const earliest = new Float64Array(est);
  const latest = new Float64Array(lst);
  heads(dag, order, earliest, { length: duration });
  latestStarts(dag, order, latest, { length: duration });
  for (let j = 0; j < est.length; j++) {
    est[j] = earliest[j];
    lst[j] = latest[j];
  }
  return est.every((e, j) => e <= lst[j]);
}

/**
 * Two activities that never overlap run one after the other: when i cannot end before j's
 * latest start, j goes first (Brucker and Knust's disjunctive-pair rule). Returns false
 * when neither order fits.
 */
function propagatePairs(context: EnergeticContext, windows: StartWindows): boolean {
  const { activities } = context.instance;
  const { est, lst } = windows;
  for (const [i, j] of context.exclusive) {
    const [di, dj] = [activities[i].duration, activities[j].duration];
    const iFirst = est[i] + di <= lst[j];
    const jFirst = est[j] + dj <= lst[i];
    if (!iFirst && !jFirst) return false;
    if (!iFirst) {
      est[i] = Math.max(est[i], est[j] + dj);
      lst[j] = Math.min(lst[j], lst[i] - dj);
    } else if (!jFirst) {
      est[j] = Math.max(est[j], est[i] + di);
      lst[i] = Math.min(lst[i], lst[j] - di);
    }
  }
  return est.every((e, k) => e <= lst[k]);
}

/** Candidate interval bounds (Baptiste et al.: heads, tails and the ends of the left- and right-shifted parts). */
function intervalPoints(context: EnergeticContext, windows: StartWindows): [number[], number[]] {
  const lefts = new Set<number>();
  const rights = new Set<number>();
  context.instance.activities.forEach((a, j) => {
    if (a.duration === 0) return;
    for (const t of [windows.est[j], windows.lst[j], windows.est[j] + a.duration])
      if (t >= 0 && t < context.horizon) lefts.add(t);
    for (const t of [windows.lst[j] + a.duration, windows.est[j] + a.duration, windows.lst[j]])
      if (t > 0 && t <= context.horizon) rights.add(t);
  });
  const sorted = (set: Set<number>) => [...set].sort((x, y) => x - y);
  return [sorted(lefts), sorted(rights)];
}

/**
 * The energy rule on [t1, t2) for resource r: fails when the minimal intersections exceed
 * the capacity; otherwise moves each window so that j's own part inside the interval fits
 * into what the others leave. Returns 'fail', 'changed' or 'same'. Plain loops over a
 * reused buffer: this runs millions of times while shaving.
 */
function energyOnInterval(
  context: EnergeticContext,
  windows: StartWindows,
  r: number,
  t1: number,
  t2: number,
  minimal: Float64Array,
): 'fail' | 'changed' | 'same' {
  const { activities } = context.instance;
  const { est, lst } = windows;
  const capacity = context.cumulative[r][t2] - context.cumulative[r][t1];
  const n = activities.length;
  let work = 0;
  let largest = 0;
  for (let j = 0; j < n; j++) {
    const a = activities[j];
    const demand = context.demands[r][j];
    minimal[j] = 0;
    if (demand === 0 || a.duration === 0) continue;
    minimal[j] = demand * Math.min(overlap(est[j], a.duration, t1, t2), overlap(lst[j], a.duration, t1, t2));
    work += minimal[j];
    largest = Math.max(largest, demand * Math.min(a.duration, t2 - t1) - minimal[j]);
  }
  if (work > capacity) return 'fail';
  // No activity can put more into the interval than its minimal part plus `largest`.
  if (largest <= capacity - work) return 'same';
  let changed = false;
  for (let j = 0; j < n; j++) {
    const a = activities[j];
    const demand = context.demands[r][j];
    if (demand === 0 || a.duration === 0) continue;
    // The most periods j may spend inside the interval, given the others' minimal parts.
    const room = Math.floor((capacity - work + minimal[j]) / demand);
    if (overlap(est[j], a.duration, t1, t2) > room) {
      est[j] = t2 - room;
      changed = true;
    }
    if (overlap(lst[j], a.duration, t1, t2) > room) {
      lst[j] = t1 + room - a.duration;
      changed = true;
    }
  }
  return changed ? 'changed' : 'same';
}

/** One sweep of the energy rule over every resource and candidate interval. */
function propagateEnergy(context: EnergeticContext, windows: StartWindows): 'fail' | 'changed' | 'same' {
  const [lefts, rights] = intervalPoints(context, windows);
  let changed = false;
  const minimal = new Float64Array(context.instance.activities.length);
  for (let r = 0; r < context.cumulative.length; r++) {
    for (const t1 of lefts) {
      for (const t2 of rights) {
        if (t2 <= t1) continue;
        const outcome = energyOnInterval(context, windows, r, t1, t2, minimal);
        if (outcome === 'fail') return 'fail';
        if (outcome === 'changed') {
          changed = true;
          if (windows.est.some((e, j) => e > windows.lst[j])) return 'fail';
        }
      }
    }
  }
  return changed ? 'changed' : 'same';
}

/**
 * Precedence and energy rules to a fixed point (or `maxPasses`); narrows `windows` in
 * place and returns false when no schedule ending by the horizon fits them.
 *
 * @example
 * ```ts
 * const ok = propagateWindows(context, { est: [0, 3], lst: [4, 7] });
 * ```
 */
export function propagateWindows(context: EnergeticContext, windows: StartWindows): boolean {
  for (let pass = 0; pass < maxPasses; pass++) {
    if (!propagatePrecedence(context, windows) || !propagatePairs(context, windows)) return false;
    const outcome = propagateEnergy(context, windows);
    if (outcome === 'fail') return false;
    if (outcome === 'same') return true;
  }
  return propagatePrecedence(context, windows);
}

function copyWindows(windows: StartWindows): StartWindows {
  return { est: [...windows.est], lst: [...windows.lst] };
}

/** True when fixing j's start at `start` lets the rules fail (so no schedule starts j there). */
function refuted(context: EnergeticContext, windows: StartWindows, j: number, start: number): boolean {
  const trial = copyWindows(windows);
  trial.est[j] = trial.lst[j] = start;
  return !propagateWindows(context, trial);
}

/**
 * Shaves the windows' end points until no end point is refuted or `deadline` (ms,
 * performance.now() scale) passes; narrows `windows` in place, returns false when a
 * window becomes empty (no schedule ends by the horizon).
 */
export function shaveWindows(context: EnergeticContext, windows: StartWindows, deadline: number): boolean {
  if (!propagateWindows(context, windows)) return false;
  const n = context.instance.activities.length;
  for (let changed = true; changed; ) {
    changed = false;
    for (let j = 0; j < n; j++) {
      if (context.instance.activities[j].duration === 0) continue;
      while (
        windows.est[j] < windows.lst[j] &&
        performance.now() < deadline &&
        refuted(context, windows, j, windows.est[j])
      ) {
        windows.est[j]++;
        changed = true;
        if (!propagateWindows(context, windows)) return false;
      }
      while (
        windows.est[j] < windows.lst[j] &&
        performance.now() < deadline &&
        refuted(context, windows, j, windows.lst[j])
      ) {
        windows.lst[j]--;
        changed = true;
        if (!propagateWindows(context, windows)) return false;
      }
    }
    if (performance.now() >= deadline) break;
  }
  return true;
}

/** The rules' context for a horizon. */
export function energeticContext(instance: RcpspInstance, horizon: number): EnergeticContext {
  const profiles = capacityProfiles(instance, horizon);
  const dag = precedenceDag(instance);
  const order = precedenceOrder(instance, dag);
  const cliques = conflictCliques(instance, profiles, closures(instance, order, true, dag))
    .filter((c) => c.length >= 3)
    .slice(0, maxCliqueResources);
  const n = instance.activities.length;
  const demands = [
    ...instance.resources.map((_, r) => instance.activities.map((a) => a.demand[r])),
    ...cliques.map((clique) => {
      const row = new Array<number>(n).fill(0);
      for (const j of clique) row[j] = 1;
      return row;
    }),
  ];
  const unit = new Int32Array(Math.max(0, horizon)).fill(1);
  const cumulative = [...profiles, ...cliques.map(() => unit)].map((profile) => {
    const sums = new Float64Array(profile.length + 1);
    for (let t = 0; t < profile.length; t++) sums[t + 1] = sums[t] + profile[t];
    return sums;
  });
  const duration = activityDurations(instance);
  return { instance, horizon, dag, order, duration, demands, cumulative, exclusive: exclusivePairs(instance, horizon) };
}

function exclusivePairs(instance: RcpspInstance, horizon: number): [number, number][] {
  const { activities } = instance;
  const peaks = capacityProfiles(instance, horizon).map((profile, r) =>
    Math.max(instance.resources[r].capacity, ...profile),
  );
  const pairs: [number, number][] = [];
  for (let i = 0; i < activities.length; i++) {
    for (let j = i + 1; j < activities.length; j++) {
      if (activities[i].duration === 0 || activities[j].duration === 0) continue;
      if (activities[i].demand.some((d, r) => d + activities[j].demand[r] > peaks[r])) pairs.push([i, j]);
    }
  }
  for (const [i, j] of instance.disjunctive)
    if (i !== j && activities[i].duration > 0 && activities[j].duration > 0) pairs.push([i, j]);
  return pairs;
}

/**
 * The windows of `activityWindows` narrowed by energetic reasoning and shaving (until
 * `deadline`, performance.now() scale); `empty` when the rules prove that no schedule
 * ends by the horizon.
 *
 * @example
 * ```ts
 * const windows = strongWindows(instance, 57, performance.now() + 500);
 * if (windows.empty) console.log('no schedule ends by 57');
 * ```
 */
export function strongWindows(instance: RcpspInstance, horizon: number, deadline: number): TimeWindows {
  const base = activityWindows(instance, horizon);
  if (base.empty) return base;
  const windows = { est: [...base.earliest], lst: [...base.latest] };
  const feasible = shaveWindows(energeticContext(instance, horizon), windows, deadline);
  const ends = instance.activities.map((a, j) => windows.est[j] + a.duration);
  const endEarliest = Math.max(base.endEarliest, ...ends);
  return { earliest: windows.est, latest: windows.lst, endEarliest, empty: !feasible || endEarliest > horizon };
}

/**
 * A lower bound on the makespan by refutation (Klein and Scholl's destructive bound):
 * every horizon H for which `strongWindows` is empty proves that no schedule ends by H.
 * Searches [lower, upper] by bisection; the answer is `lower` or one more than a refuted horizon.
 */
export function refutationBound(instance: RcpspInstance, lower: number, upper: number, deadline: number): number {
  let [lo, hi] = [lower, upper];
  while (lo < hi && performance.now() < deadline) {
    // Try the top first: refuting upper - 1 alone settles the question when upper is a known makespan.
    const mid = hi === upper ? hi - 1 : Math.floor((lo + hi) / 2);
    if (strongWindows(instance, mid, deadline).empty) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
