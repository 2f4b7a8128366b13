/**
 * The zero-bubble greedy scheduler (Qi et al. 2024, §3.1), for any layout and memory limit.
 * An event-driven list scheduler: whenever a device is idle it runs, in this order of
 * preference, a ready B (it is on the critical path and frees memory); a ready F if memory
 * allows; otherwise a pending W when the gap before the next F or B is at least T_W (or any
 * gap, with `fillSmallGaps`), or when memory blocks the next F (its own, or, when nothing else can
 * run, the next microbatch's entry because this device is full). W passes left at the end run last.
 *
 * Memory is reserved per microbatch: a new microbatch enters the first stage only if every
 * device can still hold the activations of all its stages for every microbatch in flight,
 * so an admitted microbatch never waits for memory and the schedule cannot deadlock.
 */
import { inputError, SchedlabError } from '../../../src/errors.js';
import { dependencies, duration, lagBetween, memoryDelta, passIndex, allPasses } from '../graph.js';
import {
  deviceOfStage,
  stageCount,
  stagesOfDevice,
  type Pass,
  type PipelineInstance,
  type PipelineSolution,
} from '../instance.js';

export interface GreedyOptions {
  /** Insert a W into any idle gap, not only gaps of at least T_W. */
  fillSmallGaps?: boolean;
  /** Do not start an F when a known B becomes ready before that F would end. */
  protectB?: boolean;
  /** Memory limit per device; default the instance's. */
  memoryLimit?: number[];
  /** At most this many microbatches between their first F and their last B on stage 0 (default: memory decides). */
  maxInFlight?: number;
}

/** True when a search should give up on the schedule it is building (e.g. its deadline passed with an answer in hand). */
export type StopSignal = () => boolean;

/** About how many device decisions run between two looks at the stop signal (a step decides for every device). */
const decisionsPerStopCheck = 2048;

const eps = 1e-9;

class GreedyState {
  readonly end: Float64Array;
  readonly nextF: number[];
  readonly nextB: number[];
  readonly pendingW: number[][];
  readonly memory: number[];
  readonly reserved: number[];
  readonly busyUntil: number[];
  readonly orders: Pass[][];
  readonly stagesOn: number[][];
  /** Before this time device d surely stays idle (`earliestAction`); reset when a neighbouring stage runs a pass. */
  readonly idleUntil: Float64Array;
  started = 0;
  finishedFirst = 0;

  constructor(
    readonly instance: PipelineInstance,
    readonly limit: number[],
  ) {
    this.end = new Float64Array(allPasses(instance).length).fill(Number.NaN);
    const stages = stageCount(instance);
    this.nextF = new Array<number>(stages).fill(0);
    this.nextB = new Array<number>(stages).fill(0);
    this.pendingW = Array.from({ length: stages }, () => []);
    this.memory = new Array<number>(instance.devices).fill(0);
    this.reserved = new Array<number>(instance.devices).fill(0);
    this.busyUntil = new Array<number>(instance.devices).fill(0);
    this.orders = Array.from({ length: instance.devices }, () => []);
    this.stagesOn = Array.from({ length: instance.devices }, (_, d) => stagesOfDevice(instance, d));
    this.idleUntil = new Float64Array(instance.devices).fill(Number.NEGATIVE_INFINITY);
  }

  /** A pass on this stage may make the next passes of it and its neighbours ready: look at their devices again. */
  wake(stage: number): void {
    for (const s of [stage - 1, stage, stage + 1])
      if (s >= 0 && s < stageCount(this.instance))
        this.idleUntil[deviceOfStage(this.instance, s)] = Number.NEGATIVE_INFINITY;
  }

  /** When the pass can start: exact if its dependencies ran, else a lower bound (Infinity when unknown). */
  readyTime(pass: Pass, exactOnly: boolean): number {
    let ready = 0;
    for (const dep of dependencies(this.instance, pass)) {
      const e = this.end[passIndex(this.instance, dep.pass)];
      if (!Number.isNaN(e)) ready = Math.max(ready, e + dep.lag);
      else if (exactOnly) return Infinity;
      else
        ready = Math.max(
          ready,
          this.busyUntil[deviceOfStage(this.instance, dep.pass.stage)] + duration(this.instance, dep.pass) + dep.lag,
        );
    }
    return ready;
  }

  /** A new microbatch may enter only if every device can hold all its stages' activations on top of what is committed. */
  admits(): boolean {
    return this.stagesOn.every((_, d) => !this.blocksAdmission(d));
  }

  /** Device d has no room for one more microbatch's activations on top of what is committed. */
  blocksAdmission(d: number): boolean {
    const need = this.stagesOn[d].reduce((total, s) => total + this.instance.activationB[s], 0);
    return this.memory[d] + this.reserved[d] + need > this.limit[d] + eps;
  }

  run(pass: Pass, d: number, at: number): void {
    const { instance } = this;
    const end = at + duration(instance, pass);
    this.end[passIndex(instance, pass)] = end;
    this.busyUntil[d] = end;
    this.orders[d].push(pass);
    this.wake(pass.stage);
    this.memory[d] += memoryDelta(instance, pass);
    if (pass.kind === 'F') {
      this.nextF[pass.stage]++;
      if (pass.stage === 0) {
        this.started++;
        this.stagesOn.forEach((stages, device) =>
          stages.forEach((s) => (this.reserved[device] += instance.activationB[s])),
        );
      }
      this.reserved[d] -= instance.activationB[pass.stage];
    } else if (pass.kind === 'B') {
      this.nextB[pass.stage]++;
      if (pass.stage === 0) this.finishedFirst++;
      if (instance.splitBackward) this.pendingW[pass.stage].push(pass.microbatch);
    } else {
      this.pendingW[pass.stage].shift();
    }
  }
}

function candidate(state: GreedyState, d: number, kind: 'F' | 'B'): Pass[] {
  const m = state.instance.microbatches;
  const next = kind === 'F' ? state.nextF : state.nextB;
  return state.stagesOn[d].filter((s) => next[s] < m).map((s) => ({ stage: s, microbatch: next[s], kind }));
}

/** The pass device d starts at `now`, or undefined to stay idle until the next event. */
function decide(
  state: GreedyState,
  d: number,
  now: number,
  options: GreedyOptions,
  relieve: boolean,
): Pass | undefined {
  const { instance } = state;
  const readyB = candidate(state, d, 'B').filter((p) => state.readyTime(p, true) <= now + eps);
  if (readyB.length > 0) return readyB.reduce((a, b) => (b.stage > a.stage ? b : a));
  const maxInFlight = options.maxInFlight ?? Infinity;
  const canStart = (p: Pass) => p.stage !== 0 || (state.admits() && state.started - state.finishedFirst < maxInFlight);
  const forwards = candidate(state, d, 'F');
  const readyF = forwards.filter((p) => state.readyTime(p, true) <= now + eps && canStart(p));
  const soonB = candidate(state, d, 'B')
    .map((p) => state.readyTime(p, true))
    .reduce((a, b) => Math.min(a, b), Infinity);
  if (readyF.length > 0) {
    const pick = readyF.reduce((a, b) => (b.stage > a.stage ? b : a));
    if (!options.protectB || soonB >= now + duration(instance, pick) - eps || !hasPendingW(state, d)) return pick;
  }
  const w = oldestW(state, d);
  if (w === undefined) return undefined;
  // When nothing else can run (`relieve`), a device whose memory keeps the next microbatch out frees it.
  const memoryBlocked = forwards.some((p) => !canStart(p)) || (relieve && state.blocksAdmission(d));
  const nextReady = [...candidate(state, d, 'B'), ...forwards.filter(canStart)]
    .map((p) => state.readyTime(p, false))
    .reduce((a, b) => Math.min(a, b), Infinity);
  const gap = nextReady - now;
  if (memoryBlocked || gap >= duration(instance, w) - eps || (options.fillSmallGaps && gap > eps)) return w;
  return undefined;
}

/** When the next F or B of a stage can start (`readyTime` exactly, without building passes); Infinity when unknown or none is left. */
function exactReady(state: GreedyState, stage: number, kind: 'F' | 'B'): number {
  const { instance } = state;
  const m = instance.microbatches;
  const j = kind === 'F' ? state.nextF[stage] : state.nextB[stage];
  if (j >= m) return Infinity;
  const stages = stageCount(instance);
  if (kind === 'F' && stage === 0) return 0;
  const from = kind === 'F' ? stage - 1 : stage === stages - 1 ? stage : stage + 1;
  const fromKind = kind === 'B' && stage !== stages - 1 ? 1 : 0;
  const end = state.end[(fromKind * stages + from) * m + j];
  return Number.isNaN(end) ? Infinity : Math.max(0, end + (from === stage ? 0 : lagBetween(instance, from, stage)));
}

/**
 * Before this time `decide` surely leaves device d idle: it has no pending W, and its next F
 * and B wait for dependencies that end then (Infinity: not yet run). It changes only when d or
 * a neighbouring stage runs a pass (`GreedyState.wake`), so that a step skips at once the
 * devices that wait (with many devices under a tight limit, most of them).
 */
function earliestAction(state: GreedyState, d: number): number {
  if (hasPendingW(state, d)) return Number.NEGATIVE_INFINITY;
  let earliest = Infinity;
  for (const s of state.stagesOn[d])
    earliest = Math.min(earliest, exactReady(state, s, 'B'), exactReady(state, s, 'F'));
  return earliest;
}

function hasPendingW(state: GreedyState, d: number): boolean {
  return state.stagesOn[d].some((s) => state.pendingW[s].length > 0);
}

function oldestW(state: GreedyState, d: number): Pass | undefined {
  let best: Pass | undefined;
  for (const s of state.stagesOn[d]) {
    const j = state.pendingW[s][0];
    if (j !== undefined && (best === undefined || j < best.microbatch)) best = { stage: s, microbatch: j, kind: 'W' };
  }
  return best;
}

/** Smallest per-device limit under which one microbatch fits at all. */
export function minimumMemory(instance: PipelineInstance): number[] {
  return Array.from({ length: instance.devices }, (_, d) =>
    stagesOfDevice(instance, d).reduce((t, s) => t + instance.activationB[s], 0),
  );
}

/**
 * Run the greedy scheduler once with the given knobs.
 *
 * @example
 * ```ts
 * const schedule = greedySchedule(instance, { fillSmallGaps: true });
 * ```
 */
export function greedySchedule(instance: PipelineInstance, options: GreedyOptions = {}): PipelineSolution {
  const schedule = greedyScheduleUntil(instance, options, () => false);
  if (schedule === undefined) throw new SchedlabError('internal', 'the greedy pipeline scheduler stopped unasked');
  return schedule;
}

/** Refuse a limit under which one microbatch does not fit on some device. */
function assertOneFits(instance: PipelineInstance, limit: number[]): void {
  minimumMemory(instance).forEach((n, d) => {
    if (n > limit[d] + eps)
      throw inputError(
        `device ${d} needs ${n} units of activation memory for one microbatch but its limit is ${limit[d]}; raise data.memory.limit`,
        { path: 'data.memory.limit' },
      );
  });
}

/**
 * `greedySchedule` that looks at `stop` every few hundred steps and gives up (undefined) when
 * it says so, so that a search over knobs ends near its deadline even on 100,000 passes.
 *
 * @example
 * ```ts
 * const schedule = greedyScheduleUntil(instance, {}, () => Date.now() > deadline); // undefined when late
 * ```
 */
export function greedyScheduleUntil(
  instance: PipelineInstance,
  options: GreedyOptions,
  stop: StopSignal,
): PipelineSolution | undefined {
  const limit = options.memoryLimit ?? instance.memoryLimit;
  assertOneFits(instance, limit);
  const state = new GreedyState(instance, limit);
  const total = state.end.length;
  const events: number[] = [0];
  let placed = 0;
  let guard = 0;
  let relieve = false;
  const stepsPerStopCheck = Math.max(1, Math.floor(decisionsPerStopCheck / instance.devices));
  while (placed < total) {
    if (events.length === 0 || guard++ > 50 * total + 1000)
      throw new SchedlabError('internal', 'the greedy pipeline scheduler stalled; please report the instance');
    if (guard % stepsPerStopCheck === 0 && stop()) return undefined;
    const now = events.reduce((a, b) => Math.min(a, b));
    for (let k = events.length - 1; k >= 0; k--) if (events[k] <= now + eps) events.splice(k, 1);
    const before = placed;
    for (let d = 0; d < instance.devices; d++) {
      if (state.busyUntil[d] > now + eps || state.idleUntil[d] > now + eps) continue;
      state.idleUntil[d] = earliestAction(state, d);
      if (state.idleUntil[d] > now + eps) continue;
      const pass = decide(state, d, now, options, relieve);
      if (pass === undefined) continue;
      state.run(pass, d, now);
      placed++;
      const end = now + duration(instance, pass);
      events.push(end, end + instance.comm);
    }
    if (placed < total && events.length === 0) events.push(...state.busyUntil.filter((t) => t > now + eps));
    // Every device idle with nothing to start: retry at once, letting full devices run their W passes.
    relieve = placed === before && events.length === 0 && !relieve;
    if (relieve) events.push(now);
  }
  return { orders: state.orders };
}
