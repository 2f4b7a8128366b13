/**
 * The zero-bubble paper's ILP (Qi et al. 2024, Appendix G) in the DSL: the end time E of
 * every pass, ordering binaries between passes on the same device, F dependencies forward
 * and B dependencies backward across stages with the communication lag, the activation
 * memory at every allocating pass accumulated from the passes ordered before it, and as
 * objective the longest device span (or the makespan, as the instance says).
 *
 * Two reductions keep it small, both exact: microbatches are identical, so on every stage
 * the F passes, the B passes and the W passes may be taken in microbatch order (sorting each
 * kind's times on a stage keeps every dependency and the memory profile); then a pass that
 * depends on another, directly or through that order, needs no binary. Time windows from the
 * dependency chains and the horizon H fix more pairs and give each big-M its smallest value.
 * With one stage per device the memory limit also orders passes: F_j after B_{j−k} when the
 * stage holds at most k forwards (exact, fixes those pairs). Valid inequalities tighten the LP relaxation: on each stage, microbatches 0..j's F and B
 * (and W) passes all run between the start of F_0 and the end of B_j (W_j), so that window is
 * at least their total time; the cost is at least `pipelineLowerBound`.
 * Schedules are looked for among those ending by H (default: for the span objective a horizon
 * proven to hold a span-optimal schedule, `provenSpanHorizon`; for the makespan the incumbent's).
 */
import { LinExpr, type Var } from '../../src/dsl/expression.js';
import { Model } from '../../src/dsl/model.js';
import { SchedlabError } from '../../src/errors.js';
import type { FormulateOptions, Formulation } from '../../src/family/contract.js';
import { heads, tails } from '../../src/util/dag-paths.js';
import { dagOfEdges, topologicalOrder, weightsAlong } from '../../src/util/dag.js';
import { pipelineLowerBound } from './bounds.js';
import { defaultHorizon } from './horizon.js';
import { allPasses, dependencies, duration, memoryDelta, passIndex, scheduleSpans, timeOrders } from './graph.js';
import {
  deviceOfStage,
  stageCount,
  stagesOfDevice,
  type Pass,
  type PipelineInstance,
  type PipelineSolution,
} from './instance.js';

export interface PipelineFormulation extends Formulation<PipelineSolution> {
  horizon: number;
  /** Ordering binaries created (pairs left open by the reductions). */
  binaries: number;
  encode(solution: PipelineSolution): Float64Array | undefined;
}

export interface PipelineFormulateOptions extends FormulateOptions<PipelineSolution> {
  /** Only schedules ending by this time are modeled. */
  horizon?: number;
  /** Add the per-stage window cuts (default true; off to measure what they bring). */
  energyCuts?: boolean;
  /** Order F_j after B_{j−k} from the in-flight limit (default true; off to measure what it brings). */
  memoryOrder?: boolean;
}

const kindRank = { F: 0, B: 1, W: 2 } as const;

/** True when `a` must run before `b` on their device in every schedule the reductions keep. */
function forcedBefore(a: Pass, b: Pass): boolean {
  if (a.microbatch > b.microbatch) return false;
  if (a.kind === 'F' && b.kind === 'F') return a.stage <= b.stage && (a.stage < b.stage || a.microbatch < b.microbatch);
  if (a.kind === 'F') return true;
  if (a.kind === 'B' && b.kind === 'B') return a.stage >= b.stage && (a.stage > b.stage || a.microbatch < b.microbatch);
  if (a.kind === 'B' && b.kind === 'W') return a.stage >= b.stage;
  if (a.kind === 'W' && b.kind === 'W') return a.stage === b.stage && a.microbatch < b.microbatch;
  return false;
}

/** The pass that must precede `pass` on its stage by the microbatch-order reduction. */
function previousOnStage(pass: Pass): Pass | undefined {
  return pass.microbatch === 0 ? undefined : { ...pass, microbatch: pass.microbatch - 1 };
}

/**
 * With one stage per device, a stage holds at most k = limit / M_B forwards whose B has not
 * run (a B frees M_B − M_W and only a W, after its B, frees the rest), so with microbatches in
 * order F_j starts only after B_{j−k} has ended. Infinity when memory never binds.
 */
function inFlightLimit(instance: PipelineInstance): number[] {
  return Array.from({ length: stageCount(instance) }, (_, s) => {
    const mB = instance.activationB[s];
    const limit = instance.memoryLimit[deviceOfStage(instance, s)];
    if (instance.chunks !== 1 || !(mB > 0) || !Number.isFinite(limit)) return Infinity;
    const k = Math.floor(limit / mB + 1e-9);
    return k < instance.microbatches ? Math.max(1, k) : Infinity;
  });
}

/** The B that must end before this pass starts because of the in-flight limit, if any. */
function memoryPredecessor(pass: Pass, inFlight: number[]): Pass | undefined {
  const k = inFlight[pass.stage];
  return pass.kind === 'F' && pass.microbatch >= k
    ? { stage: pass.stage, microbatch: pass.microbatch - k, kind: 'B' }
    : undefined;
}

/** Earliest end of every pass (dependencies and same-stage order only) and the longest time after it. */
function windows(instance: PipelineInstance, inFlight: number[]): { earliest: Float64Array; tail: Float64Array } {
  const passes = allPasses(instance);
  const preds = (pass: Pass) => {
    const list = [...dependencies(instance, pass)];
    const prev = previousOnStage(pass);
    if (prev) list.push({ pass: prev, lag: 0 });
    const held = memoryPredecessor(pass, inFlight);
    if (held) list.push({ pass: held, lag: 0 });
    return list;
  };
  const length = new Float64Array(passes.length);
  const from: number[] = [];
  const to: number[] = [];
  const lags: number[] = [];
  for (const pass of passes) {
    const k = passIndex(instance, pass);
    length[k] = duration(instance, pass);
    for (const dep of preds(pass)) {
      from.push(passIndex(instance, dep.pass));
      to.push(k);
      lags.push(dep.lag);
    }
  }
  const dag = dagOfEdges(passes.length, from, to);
  const order = topologicalOrder(dag);
  if (order === undefined)
    throw new SchedlabError('internal', 'the pass dependencies of the pipeline MIP have a cycle');
  const start = new Float64Array(passes.length);
  heads(dag, order, start, { length, lag: weightsAlong(dag.predecessorEdge, lags) });
  const earliest = Float64Array.from(start, (t, k) => t + length[k]);
  const tail = new Float64Array(passes.length);
  tails(dag, order, tail, { length, lag: weightsAlong(dag.successorEdge, lags) });
  return { earliest, tail };
}

/** The first pass every device runs: F of microbatch 0 on its lowest stage. */
function firstPass(instance: PipelineInstance, d: number): Pass {
  return { stage: stagesOfDevice(instance, d)[0], microbatch: 0, kind: 'F' };
}

/** The passes that may end a device's run: the last microbatch's final pass on each of its stages. */
function lastPasses(instance: PipelineInstance, d: number): Pass[] {
  const kind = instance.splitBackward ? 'W' : 'B';
  return stagesOfDevice(instance, d).map((stage) => ({ stage, microbatch: instance.microbatches - 1, kind }));
}

/**
 * The ILP of a pipeline instance; `decode` orders each device's passes by their end times.
 *
 * @example
 * ```ts
 * const incumbent = pipelineHeuristics.default(instance, { rng, deadline });
 * const ilp = formulatePipeline(instance, { incumbent });
 * const result = await solve(ilp.model, { solver: 'highs', timeLimitSec: 60, warmStart: ilp.encode(incumbent) });
 * const schedule = ilp.decode(result.values);
 * ```
 */
export function formulatePipeline(
  instance: PipelineInstance,
  options: PipelineFormulateOptions = {},
): PipelineFormulation {
  const horizon = options.horizon ?? defaultHorizon(instance, options.incumbent);
  const passes = allPasses(instance);
  const inFlight =
    options.memoryOrder === false ? new Array<number>(stageCount(instance)).fill(Infinity) : inFlightLimit(instance);
  const { earliest, tail } = windows(instance, inFlight);
  const latest = (k: number) => horizon - tail[k];
  const model = new Model(`pipeline-${instance.name}`);
  const end = model.addVarsOver(
    'end',
    passes.map((p) => [p.kind, p.stage, p.microbatch] as [string, number, number]),
    (kind, stage, microbatch) => {
      const k = passIndex(instance, { kind: kind as Pass['kind'], stage, microbatch });
      return { lb: earliest[k], ub: Math.max(earliest[k], latest(k)) };
    },
  );
  const E = (pass: Pass): Var => end.get(pass.kind, pass.stage, pass.microbatch);
  const cost = model.addVar({ name: 'cost', lb: Math.min(pipelineLowerBound(instance), horizon), ub: horizon });
  addDependencies(model, instance, passes, E, inFlight);
  if (options.energyCuts !== false) addEnergyCuts(model, instance, E);
  const forced = (a: Pass, b: Pass) => forcedBefore(a, b) || memoryForced(a, b, inFlight);
  const pairs = addOrdering(model, instance, E, { earliest, latest, forced });
  addChainMonotonicity(model, pairs);
  addMemory(model, instance, pairs);
  addObjective(model, instance, E, cost);
  model.minimize(cost);
  return {
    model,
    horizon,
    binaries: pairs.open.length,
    decode: (values) => decodeOrders(instance, passes, (pass) => values[E(pass).index]),
    encode: (solution) => encodeSchedule(instance, solution, model, E, cost, pairs, horizon),
  };
}

/** A pass starts only after what it depends on has ended and been sent; each stage keeps microbatch order per kind. */
function addDependencies(
  model: Model,
  instance: PipelineInstance,
  passes: Pass[],
  E: (p: Pass) => Var,
  inFlight: number[],
): void {
  for (const pass of passes) {
    const own = duration(instance, pass);
    for (const dep of dependencies(instance, pass))
      model.addConstraint(
        E(pass)
          .minus(E(dep.pass))
          .ge(dep.lag + own),
      );
    const prev = previousOnStage(pass);
    if (prev) model.addConstraint(E(pass).minus(E(prev)).ge(own));
    const held = memoryPredecessor(pass, inFlight);
    if (held) model.addConstraint(E(pass).minus(E(held)).ge(own));
  }
}

/** B_i runs before F_j on its stage when i <= j − k: through B_{j−k} and the in-flight limit. */
function memoryForced(a: Pass, b: Pass, inFlight: number[]): boolean {
  return a.kind === 'B' && b.kind === 'F' && a.stage === b.stage && a.microbatch <= b.microbatch - inFlight[a.stage];
}

/** A stage's passes of microbatches 0..j run between F_0's start and B_j's (W_j's) end, which is at least their total time. */
function addEnergyCuts(model: Model, instance: PipelineInstance, E: (p: Pass) => Var): void {
  const closing = instance.splitBackward ? (['B', 'W'] as const) : (['B'] as const);
  for (let stage = 0; stage < stageCount(instance); stage++) {
    const first: Pass = { stage, microbatch: 0, kind: 'F' };
    const tF = duration(instance, first);
    for (const kind of closing) {
      const perMicrobatch =
        tF +
        duration(instance, { stage, microbatch: 0, kind: 'B' }) +
        (kind === 'W' ? duration(instance, { stage, microbatch: 0, kind: 'W' }) : 0);
      for (let j = 1; j < instance.microbatches; j++) {
        model.addConstraint(
          E({ stage, microbatch: j, kind })
            .minus(E(first))
            .ge((j + 1) * perMicrobatch - tF),
        );
      }
    }
  }
}

interface Pairs {
  /** Per device: every pair (a, b) of its passes, with the expression "a runs before b" (a constant 0/1 or a binary). */
  before: Map<string, LinExpr | number>;
  open: { a: Pass; b: Pass; y: Var }[];
}

const pairKey = (a: Pass, b: Pass) => `${a.kind}${a.stage}.${a.microbatch}<${b.kind}${b.stage}.${b.microbatch}`;

/** Two passes of one device never overlap: a binary picks which runs first, unless the dependencies or the time windows already decide. */
interface Windows {
  earliest: Float64Array;
  latest: (k: number) => number;
  /** `a` runs before `b` in every schedule kept, and a constraint already says so. */
  forced: (a: Pass, b: Pass) => boolean;
}

function addOrdering(
  model: Model,
  instance: PipelineInstance,
  E: (p: Pass) => Var,
  { earliest, latest, forced }: Windows,
): Pairs {
  const pairs: Pairs = { before: new Map(), open: [] };
  for (let d = 0; d < instance.devices; d++) {
    const own = allPasses(instance).filter((p) => deviceOfStage(instance, p.stage) === d);
    for (let x = 0; x < own.length; x++) {
      for (let z = x + 1; z < own.length; z++) {
        const [a, b] = [own[x], own[z]];
        const ka = passIndex(instance, a);
        const kb = passIndex(instance, b);
        const [ta, tb] = [duration(instance, a), duration(instance, b)];
        // b before a needs b to end by a's latest start; impossible when b's earliest end is later.
        const aFirst = forced(a, b) || earliest[kb] > latest(ka) - ta + 1e-9;
        const bFirst = forced(b, a) || earliest[ka] > latest(kb) - tb + 1e-9;
        if (aFirst || bFirst) {
          const first = aFirst ? a : b;
          const second = aFirst ? b : a;
          if (!forced(first, second)) model.addConstraint(E(second).minus(E(first)).ge(duration(instance, second)));
          pairs.before.set(pairKey(a, b), aFirst ? 1 : 0);
          pairs.before.set(pairKey(b, a), aFirst ? 0 : 1);
          continue;
        }
        const y = model.addVar({ type: 'binary' });
        const bigAB = Math.max(0, latest(ka) + tb - earliest[kb]);
        const bigBA = Math.max(0, latest(kb) + ta - earliest[ka]);
        // y = 1: a first, so b ends at least T_b after a; y = 0: the other way round.
        model.addConstraint(
          E(b)
            .minus(E(a))
            .add(y, -bigAB)
            .ge(tb - bigAB),
        );
        model.addConstraint(E(a).minus(E(b)).add(y, bigBA).ge(ta));
        pairs.before.set(pairKey(a, b), LinExpr.of(y));
        pairs.before.set(pairKey(b, a), new LinExpr().add(1).add(y, -1));
        pairs.open.push({ a, b, y });
      }
    }
  }
  return pairs;
}

/**
 * Orders are transitive along each stage's microbatch chain: if the next microbatch's pass of
 * a's kind runs before b, so does a; if a runs before b, it runs before b's next microbatch too.
 */
function addChainMonotonicity(model: Model, pairs: Pairs): void {
  const next = (p: Pass): Pass => ({ ...p, microbatch: p.microbatch + 1 });
  for (const { a, b, y } of pairs.open) {
    for (const [later, target] of [
      [next(a), b],
      [a, next(b)],
    ] as const) {
      const other = pairs.before.get(pairKey(later, target));
      if (!(other instanceof LinExpr)) continue;
      // before(a, b) >= before(next(a), b) and before(a, next(b)) >= before(a, b).
      if (later !== target && target === b) model.addConstraint(LinExpr.of(y).minus(other).ge(0));
      else model.addConstraint(other.minus(y).ge(0));
    }
  }
}

/** At every pass that allocates, the device's activations (its own plus those of the passes before it) stay within the limit. */
function addMemory(model: Model, instance: PipelineInstance, pairs: Pairs): void {
  for (let d = 0; d < instance.devices; d++) {
    const limit = instance.memoryLimit[d];
    if (!Number.isFinite(limit)) continue;
    const own = allPasses(instance).filter((p) => deviceOfStage(instance, p.stage) === d);
    for (const target of own) {
      const delta = memoryDelta(instance, target);
      if (delta <= 0) continue;
      const held = new LinExpr().add(delta);
      for (const other of own) {
        if (other === target) continue;
        const before = pairs.before.get(pairKey(other, target)) as LinExpr | number;
        held.add(before, memoryDelta(instance, other));
      }
      if (held.size === 0 && held.constant <= limit + 1e-9) continue;
      model.addConstraint(held.le(limit));
    }
  }
}

/** The cost is at least every device's span (from the start of its first pass), or every end for the makespan. */
function addObjective(model: Model, instance: PipelineInstance, E: (p: Pass) => Var, cost: Var): void {
  for (let d = 0; d < instance.devices; d++) {
    const first = firstPass(instance, d);
    for (const last of lastPasses(instance, d)) {
      const span =
        instance.objective === 'span' ? E(last).minus(E(first)).add(duration(instance, first)) : LinExpr.of(E(last));
      model.addConstraint(LinExpr.of(cost).minus(span).ge(0));
    }
  }
}

function decodeOrders(instance: PipelineInstance, passes: Pass[], endOf: (p: Pass) => number): PipelineSolution {
  const orders: Pass[][] = Array.from({ length: instance.devices }, () => []);
  for (const pass of passes) orders[deviceOfStage(instance, pass.stage)].push(pass);
  const startOf = (p: Pass) => endOf(p) - duration(instance, p);
  for (const list of orders) {
    list.sort(
      (a, b) =>
        startOf(a) - startOf(b) ||
        endOf(a) - endOf(b) ||
        (forcedBefore(a, b) ? -1 : forcedBefore(b, a) ? 1 : kindRank[a.kind] - kindRank[b.kind]),
    );
  }
  return { orders };
}

/** A schedule → end times (as soon as possible, devices started as late as the span allows), binaries from its orders, and its cost. */
function encodeSchedule(
  instance: PipelineInstance,
  solution: PipelineSolution,
  model: Model,
  E: (p: Pass) => Var,
  cost: Var,
  pairs: Pairs,
  horizon: number,
): Float64Array | undefined {
  const timing = timeOrders(instance, solution);
  if (!timing.ok) return undefined;
  const shifted =
    instance.objective === 'span'
      ? timeOrders(instance, solution, scheduleSpans(instance, solution, timing).firstStart)
      : timing;
  if (!shifted.ok || shifted.makespan > horizon + 1e-6) return undefined;
  const values = new Float64Array(model.numVars);
  for (const pass of allPasses(instance)) values[E(pass).index] = shifted.end[passIndex(instance, pass)];
  const position = new Map<string, number>();
  solution.orders.forEach((list) =>
    list.forEach((pass, k) => position.set(`${pass.kind}${pass.stage}.${pass.microbatch}`, k)),
  );
  const pos = (p: Pass) => position.get(`${p.kind}${p.stage}.${p.microbatch}`) ?? 0;
  for (const { a, b, y } of pairs.open) values[y.index] = pos(a) < pos(b) ? 1 : 0;
  let value = 0;
  for (let d = 0; d < instance.devices; d++) {
    const first = firstPass(instance, d);
    for (const last of lastPasses(instance, d)) {
      const e = shifted.end[passIndex(instance, last)];
      value = Math.max(
        value,
        instance.objective === 'span' ? e - shifted.end[passIndex(instance, first)] + duration(instance, first) : e,
      );
    }
  }
  values[cost.index] = value;
  return values;
}
