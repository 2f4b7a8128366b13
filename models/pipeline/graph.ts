/**
 * The dependency graph every part of the family shares: which passes exist, how long each
 * takes, what it waits for (with the communication lag between devices) and how it changes
 * its device's activation memory. Also `timeOrders`, the as-soon-as-possible times of
 * per-device pass orders, which heuristics use to compare candidates and the MIP to encode
 * a warm start (the evaluator runs the simulator instead).
 */
import { SchedlabError } from '../../src/errors.js';
import { heads, latestFinishes } from '../../src/util/dag-paths.js';
import { dagOfEdges, type EdgeDag, topologicalOrder, weightsAlong } from '../../src/util/dag.js';
import {
  deviceOfStage,
  stageCount,
  type Pass,
  type PassKind,
  type PipelineInstance,
  type PipelineSolution,
} from './instance.js';

/** The pass kinds of an instance: F, B and W, or F and B when the backward is whole. */
export function passKinds(instance: PipelineInstance): PassKind[] {
  return instance.splitBackward ? ['F', 'B', 'W'] : ['F', 'B'];
}

/** Dense index of a pass: (kind, stage, microbatch) → 0 .. kinds x stages x m - 1. */
export function passIndex(instance: PipelineInstance, pass: Pass): number {
  const kind = pass.kind === 'F' ? 0 : pass.kind === 'B' ? 1 : 2;
  return (kind * stageCount(instance) + pass.stage) * instance.microbatches + pass.microbatch;
}

/** Every pass of the instance, in index order. */
export function allPasses(instance: PipelineInstance): Pass[] {
  const passes: Pass[] = [];
  for (const kind of passKinds(instance)) {
    for (let stage = 0; stage < stageCount(instance); stage++) {
      for (let microbatch = 0; microbatch < instance.microbatches; microbatch++)
        passes.push({ stage, microbatch, kind });
    }
  }
  return passes;
}

/** A readable id: `F3@s1` is the forward of microbatch 3 on stage 1. */
export function passId(pass: Pass): string {
  return `${pass.kind}${pass.microbatch}@s${pass.stage}`;
}

export function duration(instance: PipelineInstance, pass: Pass): number {
  if (pass.kind === 'F') return instance.forward[pass.stage];
  return pass.kind === 'B' ? instance.backwardInput[pass.stage] : instance.backwardWeight[pass.stage];
}

/** Communication lag between two stages: zero on the same device. */
export function lagBetween(instance: PipelineInstance, from: number, to: number): number {
  return deviceOfStage(instance, from) === deviceOfStage(instance, to) ? 0 : instance.comm;
}

/** What a pass waits for: F after the previous stage's F, B after the next stage's B (the last stage's after its own F), W after its B. */
export function dependencies(instance: PipelineInstance, pass: Pass): { pass: Pass; lag: number }[] {
  const { stage, microbatch } = pass;
  const last = stageCount(instance) - 1;
  if (pass.kind === 'F')
    return stage === 0
      ? []
      : [{ pass: { stage: stage - 1, microbatch, kind: 'F' }, lag: lagBetween(instance, stage - 1, stage) }];
  if (pass.kind === 'W') return [{ pass: { stage, microbatch, kind: 'B' }, lag: 0 }];
  if (stage === last) return [{ pass: { stage, microbatch, kind: 'F' }, lag: 0 }];
  return [{ pass: { stage: stage + 1, microbatch, kind: 'B' }, lag: lagBetween(instance, stage + 1, stage) }];
}

/**
 * Change of the device's activation memory: F holds M_B; B keeps M_W of it (all of it is
 * freed when the backward is whole); W frees the rest.
 */
export function memoryDelta(instance: PipelineInstance, pass: Pass): number {
  const mB = instance.activationB[pass.stage];
  const mW = instance.splitBackward ? instance.activationW[pass.stage] : 0;
  if (pass.kind === 'F') return mB;
  return pass.kind === 'B' ? mW - mB : -mW;
}

/** As-soon-as-possible times of a schedule, or the reason it cannot run. */
export interface Timing {
  ok: boolean;
  /** Start and end by pass index (NaN for passes that never ran). */
  start: Float64Array;
  end: Float64Array;
  makespan: number;
  /** Peak activation memory per device. */
  peakMemory: number[];
  /** Why the orders cannot run (a pass missing, or waiting forever). */
  problem?: string;
}

/** The dependencies and the device orders over pass indices: lag `lags[e]` on input edge e, pass lengths by index. */
interface OrderGraph {
  dag: EdgeDag;
  lags: number[];
  length: Float64Array;
}

/** Every dependency (with its lag) and, for each device, an edge from each pass to the next in its order. */
function orderGraph(instance: PipelineInstance, orders: readonly Pass[][], size: number): OrderGraph {
  const length = new Float64Array(size);
  const from: number[] = [];
  const to: number[] = [];
  const lags: number[] = [];
  for (const pass of allPasses(instance)) {
    const i = passIndex(instance, pass);
    length[i] = duration(instance, pass);
    for (const dep of dependencies(instance, pass)) {
      from.push(passIndex(instance, dep.pass));
      to.push(i);
      lags.push(dep.lag);
    }
  }
  for (const list of orders) {
    for (let k = 1; k < list.length; k++) {
      from.push(passIndex(instance, list[k - 1]));
      to.push(passIndex(instance, list[k]));
      lags.push(0);
    }
  }
  return { dag: dagOfEdges(size, from, to), lags, length };
}

/** Why the orders do not list every pass of the instance exactly once, or undefined when they do. */
function listingProblem(instance: PipelineInstance, orders: readonly Pass[][], total: number): string | undefined {
  if (orders.length !== instance.devices) return `${orders.length} pass lists for ${instance.devices} devices`;
  let listed = 0;
  for (const list of orders) listed += list.length;
  if (listed !== total) return `${listed} passes listed, ${total} expected`;
  const kinds = passKinds(instance);
  const seen = new Uint8Array(total);
  for (const list of orders) {
    for (const pass of list) {
      const known =
        kinds.includes(pass?.kind) &&
        Number.isInteger(pass.stage) &&
        pass.stage >= 0 &&
        pass.stage < stageCount(instance) &&
        Number.isInteger(pass.microbatch) &&
        pass.microbatch >= 0 &&
        pass.microbatch < instance.microbatches;
      if (!known) return `${JSON.stringify(pass)} is not a pass of the instance`;
      const k = passIndex(instance, pass);
      if (seen[k]) return `${passId(pass)} is listed twice`;
      seen[k] = 1;
    }
  }
  return undefined;
}

/**
 * Run per-device orders as soon as dependencies and the order allow (and, when given, not
 * before `firstStart[d]` for device d's first pass): heads along the dependencies and the
 * orders. The orders must hold every pass once, each on its stage's device; otherwise `ok`
 * is false with a reason.
 *
 * @example
 * ```ts
 * const timing = timeOrders(instance, oneFOneB(instance));
 * timing.makespan;
 * ```
 */
export function timeOrders(
  instance: PipelineInstance,
  solution: PipelineSolution,
  firstStart?: readonly number[],
): Timing {
  const total = allPasses(instance).length;
  const start = new Float64Array(total).fill(Number.NaN);
  const end = new Float64Array(total).fill(Number.NaN);
  const peakMemory = new Array<number>(instance.devices).fill(0);
  const fail = (problem: string): Timing => ({ ok: false, start, end, makespan: Number.NaN, peakMemory, problem });
  const orders = solution.orders;
  const problem = listingProblem(instance, orders, total);
  if (problem !== undefined) return fail(problem);
  const { dag, lags, length } = orderGraph(instance, orders, total);
  const order = topologicalOrder(dag);
  if (order === undefined) return fail('the orders wait on each other forever (deadlock)');
  const head = new Float64Array(total);
  if (firstStart)
    orders.forEach((list, d) => {
      if (list.length > 0) head[passIndex(instance, list[0])] = Math.max(0, firstStart[d]);
    });
  heads(dag, order, head, { length, lag: weightsAlong(dag.predecessorEdge, lags) });
  let makespan = 0;
  for (let k = 0; k < total; k++) {
    start[k] = head[k];
    end[k] = head[k] + length[k];
    makespan = Math.max(makespan, end[k]);
  }
  orders.forEach((list, d) => {
    let memory = 0;
    for (const pass of list) {
      memory += memoryDelta(instance, pass);
      peakMemory[d] = Math.max(peakMemory[d], memory);
    }
  });
  return { ok: true, start, end, makespan, peakMemory };
}

/** `timeOrders` that throws an internal error for a schedule a built-in method made. */
export function timeOwnOrders(instance: PipelineInstance, solution: PipelineSolution, method: string): Timing {
  const timing = timeOrders(instance, solution);
  if (!timing.ok)
    throw new SchedlabError(
      'internal',
      `the pipeline method '${method}' produced an invalid schedule: ${timing.problem}`,
    );
  return timing;
}

/**
 * The paper's cost of a schedule: the largest span of any device (last end minus first
 * start) when every pass ends as early as possible and each device's first pass starts as
 * late as it can without delaying any device's last end. Returns the latest start of each
 * device's first pass too (the release times the evaluator gives the simulator).
 *
 * @example
 * ```ts
 * const { cost, firstStart } = scheduleSpans(instance, schedule, timeOrders(instance, schedule));
 * ```
 */
export function scheduleSpans(
  instance: PipelineInstance,
  solution: PipelineSolution,
  timing: Timing,
): { cost: number; firstStart: number[]; spans: number[] } {
  const orders = solution.orders;
  const deadline = orders.map((list) =>
    list.reduce((t, pass) => Math.max(t, timing.end[passIndex(instance, pass)]), 0),
  );
  const size = timing.end.length;
  const latestEnd = new Float64Array(size).fill(Infinity);
  orders.forEach((list, d) => {
    for (const pass of list) latestEnd[passIndex(instance, pass)] = deadline[d];
  });
  const { dag, lags, length } = orderGraph(instance, orders, size);
  // Each pass ends before its successors' latest starts (less the lag), on its device and across.
  const order = topologicalOrder(dag);
  if (order === undefined)
    throw new SchedlabError('internal', 'scheduleSpans: the orders of a timed schedule deadlock');
  latestFinishes(dag, order, latestEnd, { length, lag: weightsAlong(dag.successorEdge, lags) });
  const latestStart = (i: number, pass: Pass) => latestEnd[i] - duration(instance, pass);
  const firstStart = orders.map((list) => (list.length === 0 ? 0 : latestStart(passIndex(instance, list[0]), list[0])));
  const spans = orders.map((list, d) => (list.length === 0 ? 0 : deadline[d] - firstStart[d]));
  return { cost: Math.max(0, ...spans), firstStart, spans };
}
