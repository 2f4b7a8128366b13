/**
 * The dependency graph every part of the family shares: which passes exist, how long each
 * takes, what it waits for (with the communication lag between devices) and how it changes
 * its device's activation memory. Also `timeOrders`, the as-soon-as-possible times of
 * per-device pass orders, which heuristics use to compare candidates and the MIP to encode
 * a warm start (the evaluator runs the simulator instead).
 */
import { SchedlabError } from '../../src/errors.js';
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

/**
 * A schedule over pass indices, in flat arrays so that timing it is linear in its passes: each
 * pass has at most one dependency (with its lag) and one predecessor in its device's order.
 */
interface OrderChains {
  /** Pass lengths by index. */
  length: Float64Array;
  /** The pass each one waits for (-1: none) and the lag after it. */
  dependency: Int32Array;
  lag: Float64Array;
  /** The pass before each one in its device's order (-1: the device's first). */
  previous: Int32Array;
  /** Each device's order as pass indices. */
  indices: Int32Array[];
}

/** Length, dependency and lag of every pass, by index, from `dependencies`' rule without building a Pass per pass. */
function dependencyArrays(instance: PipelineInstance, total: number): Omit<OrderChains, 'previous' | 'indices'> {
  const stages = stageCount(instance);
  const m = instance.microbatches;
  const length = new Float64Array(total);
  const dependency = new Int32Array(total).fill(-1);
  const lag = new Float64Array(total);
  const kindSize = stages * m;
  for (let i = 0; i < total; i++) {
    const kind = Math.floor(i / kindSize);
    const stage = Math.floor((i % kindSize) / m);
    length[i] =
      kind === 0
        ? instance.forward[stage]
        : kind === 1
          ? instance.backwardInput[stage]
          : instance.backwardWeight[stage];
    if (kind === 0 && stage > 0) {
      dependency[i] = i - m;
      lag[i] = lagBetween(instance, stage - 1, stage);
    } else if (kind === 2 || (kind === 1 && stage === stages - 1)) dependency[i] = i - kindSize;
    else if (kind === 1) {
      dependency[i] = i + m;
      lag[i] = lagBetween(instance, stage + 1, stage);
    }
  }
  return { length, dependency, lag };
}

/** The chains of a schedule whose orders list every pass once (see `listingProblem`). */
function orderChains(instance: PipelineInstance, orders: readonly Pass[][], total: number): OrderChains {
  const previous = new Int32Array(total).fill(-1);
  const indices = orders.map((list) => {
    const device = new Int32Array(list.length);
    for (let k = 0; k < list.length; k++) {
      device[k] = passIndex(instance, list[k]);
      if (k > 0) previous[device[k]] = device[k - 1];
    }
    return device;
  });
  return { ...dependencyArrays(instance, total), previous, indices };
}

/** The passes that wait for pass i: its dependents by `dependencies`' rule (at most two). */
function dependents(i: number, stages: number, m: number, split: boolean, out: Int32Array): number {
  const kindSize = stages * m;
  const kind = Math.floor(i / kindSize);
  const stage = Math.floor((i % kindSize) / m);
  let count = 0;
  if (kind === 0) out[count++] = stage < stages - 1 ? i + m : i + kindSize;
  else if (kind === 1) {
    if (stage > 0) out[count++] = i - m;
    if (split) out[count++] = i + kindSize;
  }
  return count;
}

/** A topological order of the chains (Kahn's queue), or undefined when the orders deadlock. */
function chainOrder(instance: PipelineInstance, chains: OrderChains): Int32Array | undefined {
  const total = chains.length.length;
  const next = new Int32Array(total).fill(-1);
  const waiting = new Uint8Array(total);
  for (let i = 0; i < total; i++) {
    if (chains.previous[i] >= 0) next[chains.previous[i]] = i;
    waiting[i] = (chains.previous[i] >= 0 ? 1 : 0) + (chains.dependency[i] >= 0 ? 1 : 0);
  }
  const order = new Int32Array(total);
  let placed = 0;
  for (let i = 0; i < total; i++) if (waiting[i] === 0) order[placed++] = i;
  const out = new Int32Array(3);
  const stages = stageCount(instance);
  for (let head = 0; head < placed; head++) {
    const j = order[head];
    let count = dependents(j, stages, instance.microbatches, instance.splitBackward, out);
    if (next[j] >= 0) out[count++] = next[j];
    for (let k = 0; k < count; k++) if (--waiting[out[k]] === 0) order[placed++] = out[k];
  }
  return placed === total ? order : undefined;
}

/** Earliest starts along the chains in topological order, from the given release times. */
function chainHeads(chains: OrderChains, order: Int32Array, head: Float64Array): void {
  const { length, dependency, lag, previous } = chains;
  for (let o = 0; o < order.length; o++) {
    const j = order[o];
    const d = dependency[j];
    const q = previous[j];
    if (d >= 0) head[j] = Math.max(head[j], head[d] + length[d] + lag[j]);
    if (q >= 0) head[j] = Math.max(head[j], head[q] + length[q] + 0);
  }
}

/** Latest ends along the chains in reverse topological order: each pass ends before its successors' latest starts. */
function chainLatestEnds(chains: OrderChains, order: Int32Array, latestEnd: Float64Array): void {
  const { length, dependency, lag, previous } = chains;
  for (let o = order.length - 1; o >= 0; o--) {
    const s = order[o];
    const d = dependency[s];
    const q = previous[s];
    if (d >= 0) latestEnd[d] = Math.min(latestEnd[d], latestEnd[s] - length[s] - lag[s]);
    if (q >= 0) latestEnd[q] = Math.min(latestEnd[q], latestEnd[s] - length[s] - 0);
  }
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
  const total = passKinds(instance).length * stageCount(instance) * instance.microbatches;
  const start = new Float64Array(total).fill(Number.NaN);
  const end = new Float64Array(total).fill(Number.NaN);
  const peakMemory = new Array<number>(instance.devices).fill(0);
  const fail = (problem: string): Timing => ({ ok: false, start, end, makespan: Number.NaN, peakMemory, problem });
  const orders = solution.orders;
  const problem = listingProblem(instance, orders, total);
  if (problem !== undefined) return fail(problem);
  const chains = orderChains(instance, orders, total);
  const order = chainOrder(instance, chains);
  if (order === undefined) return fail('the orders wait on each other forever (deadlock)');
  const head = new Float64Array(total);
  if (firstStart)
    chains.indices.forEach((list, d) => {
      if (list.length > 0) head[list[0]] = Math.max(0, firstStart[d]);
    });
  chainHeads(chains, order, head);
  let makespan = 0;
  for (let k = 0; k < total; k++) {
    start[k] = head[k];
    end[k] = head[k] + chains.length[k];
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
  const size = timing.end.length;
  const chains = orderChains(instance, solution.orders, size);
  const deadline = chains.indices.map((list) => list.reduce((t, i) => Math.max(t, timing.end[i]), 0));
  const latestEnd = new Float64Array(size).fill(Infinity);
  chains.indices.forEach((list, d) => {
    for (const i of list) latestEnd[i] = deadline[d];
  });
  // Each pass ends before its successors' latest starts (less the lag), on its device and across.
  const order = chainOrder(instance, chains);
  if (order === undefined)
    throw new SchedlabError('internal', 'scheduleSpans: the orders of a timed schedule deadlock');
  chainLatestEnds(chains, order, latestEnd);
  const firstStart = chains.indices.map((list) =>
    list.length === 0 ? 0 : latestEnd[list[0]] - chains.length[list[0]],
  );
  const spans = chains.indices.map((list, d) => (list.length === 0 ? 0 : deadline[d] - firstStart[d]));
  return { cost: Math.max(0, ...spans), firstStart, spans };
}
