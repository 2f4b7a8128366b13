/**
 * RCPSP heuristics: priority rules with the serial and parallel schedule generation
 * schemes, regret-based biased random sampling, forward-backward improvement, and a
 * genetic algorithm with justification as `default`.
 *
 * Every heuristic respects precedence, release dates, capacity in every period
 * (downtime included) and disjunctive pairs by construction. Deadlines are met by
 * search: urgency in the rules, latest starts first in the parallel SGS, lateness
 * first in every comparison, and a repair when a pass is late (see
 * heuristics/deadline-repair.ts). A schedule that misses a deadline comes back only
 * when no on-time one was found; the evaluator reports it.
 */
import type { Heuristic, HeuristicContext } from '../../src/family/contract.js';
import { compileRcpsp, type CompiledRcpsp } from './heuristics/compiled.js';
import { inCoarsestPeriods } from './time-scale.js';
import { defaultGeneticOptions, geneticSearch } from './heuristics/genetic.js';
import {
  fallbackToGenetic,
  latestStarts,
  meetDeadlines,
  scheduleOf,
  type PriorityDecoder,
} from './heuristics/deadline-repair.js';
import { Decoder, scheduleCost } from './heuristics/justification.js';
import { priorityList, priorityValues, type PriorityRule } from './heuristics/priority-rules.js';
import { createWorkspace, parallelForward } from './heuristics/sgs.js';
import type { RcpspInstance, RcpspSolution } from './instance.js';

type RcpspHeuristic = Heuristic<RcpspInstance, RcpspSolution>;

const rules: PriorityRule[] = ['lft', 'lst', 'mts', 'grpw', 'mslk'];

/** How many schedules a sampling heuristic draws at most (it also stops at the deadline). */
const samplingBudget = 5_000;

function toSolution(starts: Int32Array): RcpspSolution {
  return { starts: Array.from(starts) };
}

/** Priority values → activity list (drawn by regret when `rng` is given) → serial SGS. */
function serialDecoder(c: CompiledRcpsp, decoder: Decoder, rng?: () => number): PriorityDecoder {
  return (values) => {
    const starts = new Int32Array(c.n);
    return { starts, cost: decoder.decode(priorityList(c, values, rng), starts) };
  };
}

/** Priority values → parallel SGS, activities whose latest start has come first. */
function parallelDecoder(c: CompiledRcpsp, instance: RcpspInstance, rng?: () => number): PriorityDecoder {
  const events = Int32Array.from(instance.resources.flatMap((r) => r.downtime.flatMap((w) => [w.start, w.end])));
  const ws = createWorkspace(c);
  const latest = latestStarts(c);
  return (values) => {
    const starts = new Int32Array(c.n);
    const makespan = parallelForward(c, ws, values, events, starts, { latest, rng });
    return { starts, cost: scheduleCost(c, starts, makespan) };
  };
}

/** One pass of a rule with the SGS of `decoderOf`, repaired when it misses a deadline. */
function ruleHeuristic(
  rule: PriorityRule,
  decoderOf: (c: CompiledRcpsp, instance: RcpspInstance) => PriorityDecoder,
): RcpspHeuristic {
  return (instance, ctx) => {
    const c = compileRcpsp(instance);
    const values = priorityValues(c, rule);
    const decode = decoderOf(c, instance);
    return toSolution(meetDeadlines(c, values, decode, decode(values), ctx).starts);
  };
}

const serial = (rule: PriorityRule) => ruleHeuristic(rule, (c) => serialDecoder(c, new Decoder(c)));
const parallel = (rule: PriorityRule) => ruleHeuristic(rule, (c, instance) => parallelDecoder(c, instance));

/**
 * Regret-based biased random sampling on LFT (Kolisch & Drexl 1996): the rule's own
 * schedule first, then random draws decoded by the serial SGS or, drawing at every
 * decision time, by the parallel SGS; keeps the best, repaired if it is late.
 */
function sampling(scheme: 'serial' | 'parallel'): RcpspHeuristic {
  return (instance, ctx) => {
    const c = compileRcpsp(instance);
    const decoder = new Decoder(c);
    const values = priorityValues(c, 'lft');
    const decode = scheme === 'serial' ? serialDecoder(c, decoder) : parallelDecoder(c, instance);
    const random = scheme === 'serial' ? serialDecoder(c, decoder, ctx.rng) : parallelDecoder(c, instance, ctx.rng);
    let best = decode(values);
    // While every sample is late, keep half of the time for the repair, which is likelier to help.
    const halfway = (Date.now() + ctx.deadline) / 2;
    for (let k = 1; k < samplingBudget && Date.now() < (best.cost >= c.horizon ? halfway : ctx.deadline); k++) {
      const candidate = random(values);
      if (candidate.cost < best.cost) best = candidate;
    }
    return toSolution(meetDeadlines(c, values, decode, best, ctx).starts);
  };
}

/** Activities by start, ties in topological order: a list the serial SGS turns back into (at most) these starts. */
function listOfStarts(c: CompiledRcpsp, starts: Int32Array): Int32Array {
  return Int32Array.from(Array.from(c.topological).sort((a, b) => starts[a] - starts[b]));
}

/** The best serial rule's schedule (repaired if late), justified forward and backward until it stops improving. */
const fbi: RcpspHeuristic = (instance, ctx) => {
  const c = compileRcpsp(instance);
  const decoder = new Decoder(c);
  const decode = serialDecoder(c, decoder);
  let best = { rule: rules[0], schedule: decode(priorityValues(c, rules[0])) };
  for (const rule of rules.slice(1)) {
    const schedule = decode(priorityValues(c, rule));
    if (schedule.cost < best.schedule.cost) best = { rule, schedule };
  }
  const { starts, cost } = meetDeadlines(c, priorityValues(c, best.rule), decode, best.schedule, ctx);
  decoder.justifyFully(listOfStarts(c, starts), starts, cost);
  return toSolution(starts);
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
    const starts = geneticSearch(c, {
      ...defaultGeneticOptions,
      stopWhenOnTime,
      ...overrides,
      rng: ctx.rng,
      deadline: ctx.deadline,
    });
    // Without deadlines (PSPLIB) the schedule is never late and this returns it unchanged.
    return toSolution(fallbackToGenetic(c, scheduleOf(c, starts), ctx).starts);
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
const heuristicsInPeriods: Record<string, RcpspHeuristic> = {
  ...Object.fromEntries(rules.map((rule) => [`serial-${rule}`, serial(rule)])),
  ...Object.fromEntries(rules.map((rule) => [`parallel-${rule}`, parallel(rule)])),
  sampling: sampling('serial'),
  'parallel-sampling': sampling('parallel'),
  fbi,
  genetic,
  default: genetic,
};

// Each runs on the instance in its coarsest periods (time-scale.ts): exact, and the profiles shrink by the factor.
export const rcpspHeuristics: Record<string, RcpspHeuristic> = Object.fromEntries(
  Object.entries(heuristicsInPeriods).map(([name, heuristic]) => [name, inCoarsestPeriods(heuristic)]),
);
