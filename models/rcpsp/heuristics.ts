/**
 * RCPSP heuristics: priority rules with the serial and parallel schedule generation
 * schemes, regret-based biased random sampling, forward-backward improvement, and a
 * genetic algorithm with justification as `default`.
 *
 * Every heuristic respects precedence, release dates, capacity in every period
 * (downtime included) and disjunctive pairs. Deadlines are pursued (urgency in the
 * rules, lateness first in the GA's fitness) but not guaranteed; the evaluator judges.
 */
import type { Heuristic, HeuristicContext } from '../../src/family/contract.js';
import { compileRcpsp, type CompiledRcpsp } from './heuristics/compiled.js';
import { defaultGeneticOptions, geneticSearch } from './heuristics/genetic.js';
import { Decoder } from './heuristics/justification.js';
import { priorityList, priorityValues, type PriorityRule } from './heuristics/priority-rules.js';
import { createWorkspace, parallelForward } from './heuristics/sgs.js';
import type { RcpspInstance, RcpspSolution } from './instance.js';

type RcpspHeuristic = Heuristic<RcpspInstance, RcpspSolution>;

const rules: PriorityRule[] = ['lft', 'lst', 'mts', 'grpw', 'mslk'];

/** How many schedules `sampling` draws at most (it also stops at the deadline). */
const samplingBudget = 5_000;

function toSolution(starts: Int32Array): RcpspSolution {
  return { starts: Array.from(starts) };
}

/** A rule's list decoded by the serial SGS: returns the list, its starts and cost. */
function serialRule(c: CompiledRcpsp, decoder: Decoder, rule: PriorityRule) {
  const list = priorityList(c, priorityValues(c, rule));
  const starts = new Int32Array(c.n);
  return { list, starts, cost: decoder.decode(list, starts) };
}

function serial(rule: PriorityRule): RcpspHeuristic {
  return (instance) => {
    const c = compileRcpsp(instance);
    return toSolution(serialRule(c, new Decoder(c), rule).starts);
  };
}

function parallel(rule: PriorityRule): RcpspHeuristic {
  return (instance) => {
    const c = compileRcpsp(instance);
    const boundaries = instance.resources.flatMap((r) => r.downtime.flatMap((w) => [w.start, w.end]));
    const starts = new Int32Array(c.n);
    parallelForward(c, createWorkspace(c), priorityValues(c, rule), Int32Array.from(boundaries), starts);
    return toSolution(starts);
  };
}

/** Regret-based biased random sampling on LFT with the serial SGS; keeps the best schedule. */
const sampling: RcpspHeuristic = (instance, ctx) => {
  const c = compileRcpsp(instance);
  const decoder = new Decoder(c);
  const values = priorityValues(c, 'lft');
  let best = serialRule(c, decoder, 'lft');
  const starts = new Int32Array(c.n);
  while (decoder.schedules < samplingBudget && Date.now() < ctx.deadline) {
    const cost = decoder.decode(priorityList(c, values, ctx.rng), starts);
    if (cost < best.cost) best = { ...best, starts: starts.slice(), cost };
  }
  return toSolution(best.starts);
};

/** The best serial rule's schedule, justified forward and backward until it stops improving. */
const fbi: RcpspHeuristic = (instance) => {
  const c = compileRcpsp(instance);
  const decoder = new Decoder(c);
  let best = serialRule(c, decoder, rules[0]);
  for (const rule of rules.slice(1)) {
    const candidate = serialRule(c, decoder, rule);
    if (candidate.cost < best.cost) best = candidate;
  }
  decoder.justifyFully(best.list, best.starts, best.cost);
  return toSolution(best.starts);
};

/**
 * The GA with justification (see heuristics/genetic.ts) with some options changed;
 * it runs up to `maxSchedules` SGS passes (50,000 by default) or until the deadline.
 *
 * @example
 * ```ts
 * const quick = geneticHeuristic({ maxSchedules: 2_000 });
 * const solution = quick(instance, { rng: Math.random, deadline: Date.now() + 1000 });
 * ```
 */
export function geneticHeuristic(overrides: Partial<typeof defaultGeneticOptions> = {}): RcpspHeuristic {
  return (instance, ctx: HeuristicContext) => {
    const c = compileRcpsp(instance);
    const stopWhenOnTime = instance.objective === 'feasibility';
    return toSolution(geneticSearch(c, { ...defaultGeneticOptions, stopWhenOnTime, ...overrides, rng: ctx.rng, deadline: ctx.deadline }));
  };
}

const genetic = geneticHeuristic();

/**
 * The RCPSP heuristics by name; `default` is the best one.
 *
 * @example
 * ```ts
 * const solution = rcpspHeuristics.default(instance, { rng: Math.random, deadline: Date.now() + 1000 });
 * ```
 */
export const rcpspHeuristics: Record<string, RcpspHeuristic> = {
  'serial-lft': serial('lft'),
  'serial-lst': serial('lst'),
  'serial-mts': serial('mts'),
  'serial-grpw': serial('grpw'),
  'serial-mslk': serial('mslk'),
  'parallel-lft': parallel('lft'),
  sampling,
  fbi,
  genetic,
  default: genetic,
};
