/**
 * Deadline repair for the single-pass heuristics. A priority rule decoded once can
 * miss deadlines that another order meets (MTS and GRPW ignore them entirely), so
 * when the rule's schedule is late:
 * 1. squeaky wheel (Joslin & Clements 1999), an iterated rule: every activity that
 *    started after its latest start (backward pass from the deadlines, so the chain
 *    ahead of a late activity counts too) gains a penalty that moves it ahead of
 *    every unpenalised activity, and the rule's own SGS decodes the new order;
 * 2. if that still misses, the GA, which stops at its first schedule without lateness,
 *    run again from where its random stream left off, a few times, until the deadline.
 * The least late schedule is returned, so a late one comes back only when neither
 * step found an on-time one (the instance may have none).
 */
import { earliestFit } from './capacity-profile.js';
import type { CompiledRcpsp } from './compiled.js';
import { defaultGeneticOptions, geneticSearch } from './genetic.js';
import { deadlineLateness, scheduleCost } from './justification.js';
import { earliestStarts, latestFinishes } from './precedence.js';

export interface Schedule {
  starts: Int32Array;
  /** Lateness first, then makespan (see `scheduleCost`). */
  cost: number;
}

/** The heuristic's own decoding of priority values (smaller first). */
export type PriorityDecoder = (values: Float64Array) => Schedule;

/** Iterated-rule passes before the GA fallback; a pass costs one SGS decoding. */
export const repairPasses = 200;

/** SGS passes the fallback GA may spend (it stops at the first on-time schedule): as many as `default`. */
export const fallbackSchedules = defaultGeneticOptions.maxSchedules;

/** Latest starts by the deadlines (precedence only): starting later breaks a deadline, here or downstream. */
export function latestStarts(c: CompiledRcpsp): Int32Array {
  const lf = latestFinishes(c, c.horizon);
  return Int32Array.from(lf, (f, j) => f - c.duration[j]);
}

/**
 * True when some activity cannot meet the deadlines even alone: no start between its
 * earliest start by CPM and its latest start fits the capacity left by downtime. Then
 * no search can help, and the repair is skipped (it would only burn the deadline).
 */
export function deadlinesUnmeetable(c: CompiledRcpsp): boolean {
  if (!c.hasDeadlines) return false;
  const es = earliestStarts(c);
  const latest = latestStarts(c);
  for (let j = 0; j < c.n; j++)
    if (es[j] > latest[j] || earliestFit(c, c.baseProfile, j, es[j]) > latest[j]) return true;
  return false;
}

export function makespanOf(c: CompiledRcpsp, starts: Int32Array): number {
  let end = 0;
  for (let j = 0; j < c.n; j++) end = Math.max(end, starts[j] + c.duration[j]);
  return end;
}

export function scheduleOf(c: CompiledRcpsp, starts: Int32Array): Schedule {
  return { starts, cost: scheduleCost(c, starts, makespanOf(c, starts)) };
}

/** Ranks of the values (0 = most urgent, ties by index), so a penalty weighs the same under every rule. */
function ranks(values: Float64Array): Float64Array {
  const order = Array.from(values, (_, j) => j).sort((a, b) => values[a] - values[b] || a - b);
  const rank = new Float64Array(values.length);
  order.forEach((j, k) => {
    rank[j] = k;
  });
  return rank;
}

function squeakyWheel(
  c: CompiledRcpsp,
  values: Float64Array,
  decode: PriorityDecoder,
  first: Schedule,
  deadline: number,
): Schedule {
  const latest = latestStarts(c);
  const rank = ranks(values);
  const penalty = new Float64Array(c.n);
  const keys = new Float64Array(c.n);
  let best = first;
  let current = first;
  for (let pass = 0; pass < repairPasses && best.cost >= c.horizon && Date.now() < deadline; pass++) {
    for (let j = 0; j < c.n; j++) if (current.starts[j] > latest[j]) penalty[j]++;
    // n per penalty point puts a penalised activity before every less penalised one; the rule breaks ties.
    for (let j = 0; j < c.n; j++) keys[j] = rank[j] - penalty[j] * c.n;
    current = decode(keys);
    if (current.cost < best.cost) best = current;
  }
  return best;
}

/**
 * The rule's schedule `first` when it meets every deadline, else the least late of
 * the repairs above. Deterministic for a given `rng`, as long as `deadline` (wall
 * clock) does not cut a step short.
 */
export function meetDeadlines(
  c: CompiledRcpsp,
  values: Float64Array,
  decode: PriorityDecoder,
  first: Schedule,
  ctx: { rng: () => number; deadline: number },
): Schedule {
  if (deadlineLateness(c, first.starts) === 0 || deadlinesUnmeetable(c)) return first;
  const repaired = squeakyWheel(c, values, decode, first, ctx.deadline);
  if (deadlineLateness(c, repaired.starts) === 0) return repaired;
  return fallbackToGenetic(c, repaired, ctx);
}

/** GA runs before giving up: a run that misses by a period or two often succeeds from another start. */
export const fallbackRuns = 5;

/**
 * The GA's first on-time schedule, or `best` when no run finds anything less late.
 * Each run continues the caller's random stream, so the result is still repeatable.
 */
export function fallbackToGenetic(
  c: CompiledRcpsp,
  best: Schedule,
  ctx: { rng: () => number; deadline: number },
): Schedule {
  if (best.cost < c.horizon || deadlinesUnmeetable(c)) return best;
  const options = {
    ...defaultGeneticOptions,
    maxSchedules: fallbackSchedules,
    stopWhenOnTime: true,
    rng: ctx.rng,
    deadline: ctx.deadline,
  };
  for (let run = 0; run < fallbackRuns && best.cost >= c.horizon && Date.now() < ctx.deadline; run++) {
    const found = scheduleOf(c, geneticSearch(c, options));
    if (found.cost < best.cost) best = found;
  }
  return best;
}
