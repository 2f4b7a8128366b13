/**
 * The feasible sets of a period: which activities can run together in period t. Only the
 * activities whose windows cover t can run then, and of those only sets that fit every
 * resource's capacity in t (downtime included) and have no two members that precedence
 * (transitively) or a disjunctive pair keeps apart. The inclusion-maximal ones describe
 * them all (a subset of a feasible set is feasible), and the MIP's per-period rows are
 * strengthened over them (`lifted-capacity.ts`).
 */
import type { RcpspInstance } from '../instance.js';
import type { StepVars } from './rules.js';

/** Enumeration steps per distinct period before giving up on it (its rows stay plain). */
const maxSteps = 200_000;
/** Maximal sets per distinct period before giving up on it. */
const maxSets = 2_000;

/** One period's activities (those that may run then and use some resource) and its maximal feasible sets. */
export interface PeriodSets {
  items: number[];
  capacity: number[];
  /** The maximal feasible sets as lists of activity indices; undefined when there were too many to list. */
  sets: number[][] | undefined;
  /** containing[k]: the indices in `sets` of the sets that hold items[k]. */
  containing: number[][];
}

/** Pairs that may not overlap: ordered by precedence or disjunctive. */
function separated(instance: RcpspInstance, predecessors: Uint8Array[]): (i: number, j: number) => boolean {
  const n = instance.activities.length;
  const apart = new Uint8Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) if (predecessors[i][j] || predecessors[j][i]) apart[i * n + j] = 1;
  for (const [i, j] of instance.disjunctive) apart[i * n + j] = apart[j * n + i] = 1;
  return (i, j) => apart[i * n + j] === 1;
}

/**
 * Every inclusion-maximal feasible subset of `items`, by depth-first enumeration; undefined
 * past the step or set limit.
 */
function maximalSets(
  instance: RcpspInstance,
  items: number[],
  capacity: number[],
  apart: (i: number, j: number) => boolean,
): number[][] | undefined {
  const demand = instance.activities.map((a) => a.demand);
  const sets: number[][] = [];
  const used = new Array<number>(capacity.length).fill(0);
  const members: number[] = [];
  let steps = 0;
  let overflow = false;
  const fits = (j: number) =>
    demand[j].every((d, r) => used[r] + d <= capacity[r]) && members.every((i) => !apart(i, j));
  const record = () => {
    // A leaf is maximal only when no item skipped on the way down fits either.
    if (!items.every((j) => members.includes(j) || !fits(j))) return;
    if (sets.length >= maxSets) overflow = true;
    else sets.push([...members]);
  };
  const extend = (from: number): void => {
    if (overflow || ++steps > maxSteps) {
      overflow = true;
      return;
    }
    // When everything still fitting fits at once, that is the only maximal extension:
    // taking it whole avoids walking its 2^k subsets (loose periods).
    const rest = items.slice(from).filter(fits);
    const together =
      capacity.every((cap, r) => rest.reduce((sum, j) => sum + demand[j][r], used[r]) <= cap) &&
      rest.every((i, a) => rest.slice(a + 1).every((j) => !apart(i, j)));
    if (together) {
      const add = (sign: number) => rest.forEach((j) => demand[j].forEach((d, r) => (used[r] += sign * d)));
      add(1);
      members.push(...rest);
      record();
      members.length -= rest.length;
      add(-1);
      return;
    }
    for (let k = from; k < items.length; k++) {
      const j = items[k];
      if (!fits(j)) continue;
      members.push(j);
      demand[j].forEach((d, r) => (used[r] += d));
      extend(k + 1);
      demand[j].forEach((d, r) => (used[r] -= d));
      members.pop();
    }
  };
  extend(0);
  return overflow ? undefined : sets;
}

/** For each item, the indices of the sets that hold it. */
function membership(items: number[], sets: number[][]): number[][] {
  const position = new Map(items.map((j, k) => [j, k]));
  const containing = items.map((): number[] => []);
  sets.forEach((set, s) => set.forEach((j) => containing[position.get(j)!].push(s)));
  return containing;
}

/**
 * The feasible sets of every period 0 .. horizon-1; periods with the same activities and
 * capacities share one entry (windows change slowly, so most periods repeat a neighbour).
 *
 * @example
 * ```ts
 * const periods = periodSets(instance, steps, profiles, horizon, predecessors);
 * periods[10].sets; // e.g. [[2, 5], [3], [4, 7]]
 * ```
 */
export function periodSets(
  instance: RcpspInstance,
  steps: StepVars,
  profiles: Int32Array[],
  horizon: number,
  predecessors: Uint8Array[],
): PeriodSets[] {
  const { activities } = instance;
  const apart = separated(instance, predecessors);
  const cache = new Map<string, PeriodSets>();
  const periods: PeriodSets[] = [];
  for (let t = 0; t < horizon; t++) {
    const items: number[] = [];
    activities.forEach((a, j) => steps.mayRun(j, a.duration, t) && a.demand.some((d) => d > 0) && items.push(j));
    const capacity = profiles.map((profile) => profile[t]);
    const key = `${items.join(',')}|${capacity.join(',')}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      const sets = maximalSets(instance, items, capacity, apart);
      entry = { items, capacity, sets, containing: membership(items, sets ?? []) };
      cache.set(key, entry);
    }
    periods.push(entry);
  }
  return periods;
}
