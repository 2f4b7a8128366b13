/**
 * Priority rules and the activity lists they induce. Every rule is a value per
 * activity where smaller means more urgent, so the list builder and the regret-based
 * biased random sampling (Drexl 1991; Kolisch & Drexl 1996) treat them alike.
 */
import { orderBy } from '../../../src/util/dag.js';
import type { CompiledRcpsp } from './compiled.js';
import { criticalPathLength, earliestStarts, latestFinishes, transitiveSuccessorCounts } from './precedence.js';

export type PriorityRule = 'lft' | 'lst' | 'mts' | 'grpw' | 'mslk';

/** Rule values (smaller = scheduled earlier) on the CPM times of the precedence network with windows. */
export function priorityValues(c: CompiledRcpsp, rule: PriorityRule): Float64Array {
  const es = earliestStarts(c);
  const lf = latestFinishes(c, criticalPathLength(c, es));
  const values = new Float64Array(c.n);
  if (rule === 'mts') {
    const counts = transitiveSuccessorCounts(c);
    for (let j = 0; j < c.n; j++) values[j] = -counts[j];
    return values;
  }
  for (let j = 0; j < c.n; j++) {
    const ls = lf[j] - c.duration[j];
    if (rule === 'lft') values[j] = lf[j];
    else if (rule === 'lst') values[j] = ls;
    else if (rule === 'mslk') values[j] = ls - es[j];
    else values[j] = -(c.duration[j] + successorDurations(c, j));
  }
  return values;
}

function successorDurations(c: CompiledRcpsp, j: number): number {
  let total = 0;
  for (let k = c.successors.start[j]; k < c.successors.start[j + 1]; k++) total += c.duration[c.successors.list[k]];
  return total;
}

/**
 * Build an activity list: repeatedly take an eligible activity (all predecessors
 * listed). Without `rng` the most urgent one (ties by index); with `rng`, one drawn
 * with probability proportional to (regret + 1)^bias, where regret is how much more
 * urgent it is than the least urgent eligible activity.
 */
export function priorityList(c: CompiledRcpsp, values: Float64Array, rng?: () => number, bias = 1): Int32Array {
  const weights: number[] = [];
  return orderBy(
    c,
    rng === undefined
      ? (eligible) => mostUrgent(eligible, values)
      : (eligible) => drawByRegret(eligible, values, rng, bias, weights),
  );
}

function mostUrgent(eligible: number[], values: Float64Array): number {
  let best = 0;
  for (let k = 1; k < eligible.length; k++) {
    const a = eligible[k];
    const b = eligible[best];
    if (values[a] < values[b] || (values[a] === values[b] && a < b)) best = k;
  }
  return best;
}

/** Index into `eligible` drawn with probability proportional to (regret + 1)^bias. */
export function drawByRegret(
  eligible: number[],
  values: Float64Array,
  rng: () => number,
  bias: number,
  weights: number[],
): number {
  let worst = -Infinity;
  for (const j of eligible) worst = Math.max(worst, values[j]);
  weights.length = 0;
  let total = 0;
  for (const j of eligible) {
    const weight = (worst - values[j] + 1) ** bias;
    weights.push(weight);
    total += weight;
  }
  let draw = rng() * total;
  for (let k = 0; k < eligible.length; k++) {
    draw -= weights[k];
    if (draw < 0) return k;
  }
  return eligible.length - 1;
}
