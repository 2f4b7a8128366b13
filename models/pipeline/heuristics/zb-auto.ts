/**
 * The zero-bubble paper's automatic-scheduling heuristic (Qi et al. 2024, §3.1), for one
 * stage per device. Unlike the event-driven scheduler in `greedy.ts`, it builds the orders
 * one microbatch at a time, as the reference implementation does:
 *
 * - Warm-up: microbatch 0's forward runs on every stage; then, from the last stage back,
 *   each stage takes as many more forwards as memory allows while it is still free when the
 *   first B reaches it (with `allowBubbleBeforeFirstB`: only those that end by then), and each
 *   stage takes fewer than the one before it.
 * - Steady state, for each later microbatch: every stage runs one forward (skipped when the
 *   stage is two ahead of the next and the forward would delay the next B by more than the
 *   bubble it may still afford, with `prioritizeB`), then every stage from the last runs that
 *   microbatch's B. W passes are run when memory would block the next pass, and into a wait
 *   for a dependency: as many as fit, then one more when the rest of the wait is more bubble
 *   than the stage can afford next to the worst stage (with `fillSmallGaps`, always).
 * - Cool-down: the remaining W passes, and stage 0 runs its W passes before each B once its
 *   forwards are done.
 *
 * Times are as soon as possible in the order built, as the evaluator would run it; the knobs
 * are searched by `greedy` in `../heuristics.ts`.
 */
import { memoryDelta } from '../graph.js';
import type { Pass, PassKind, PipelineInstance, PipelineSolution } from '../instance.js';

export interface ZbAutoOptions {
  /** Warm-up forwards only while they end before the first B arrives (an idle gap rather than a late B). */
  allowBubbleBeforeFirstB?: boolean;
  /** Hold a forward back when it would delay the next stage's B more than the stage's bubble allowance. */
  prioritizeB?: boolean;
  /** Run a W into a wait shorter than T_W even when the stage could afford that wait as bubble. */
  fillSmallGaps?: boolean;
  /** Memory limit per device; default the instance's. */
  memoryLimit?: number[];
  /** Looked at before each microbatch's round: when it says so, give up (undefined) on this schedule. */
  stop?: () => boolean;
}

const eps = 1e-9;

/** The order under construction, with its as-soon-as-possible end times and memory. */
class Builder {
  readonly p: number;
  readonly m: number;
  readonly count: Record<PassKind, number[]>;
  /** End time per kind, stage and microbatch. */
  readonly ends: Record<PassKind, Float64Array[]>;
  readonly free: number[];
  readonly memory: number[];
  readonly bubble: number[];
  readonly orders: Pass[][];

  constructor(
    readonly instance: PipelineInstance,
    readonly limit: number[],
  ) {
    this.p = instance.devices;
    this.m = instance.microbatches;
    const perStage = () => Array.from({ length: this.p }, () => new Float64Array(this.m));
    this.count = {
      F: new Array<number>(this.p).fill(0),
      B: new Array<number>(this.p).fill(0),
      W: new Array<number>(this.p).fill(0),
    };
    this.ends = { F: perStage(), B: perStage(), W: perStage() };
    this.free = new Array<number>(this.p).fill(0);
    this.memory = new Array<number>(this.p).fill(0);
    this.bubble = new Array<number>(this.p).fill(0);
    this.orders = Array.from({ length: this.p }, () => []);
  }

  cost(stage: number, kind: PassKind): number {
    const { instance } = this;
    return kind === 'F'
      ? instance.forward[stage]
      : kind === 'B'
        ? instance.backwardInput[stage]
        : instance.backwardWeight[stage];
  }

  delta(stage: number, kind: PassKind): number {
    return memoryDelta(this.instance, { stage, microbatch: 0, kind });
  }

  /** When the stage's next pass of this kind has its cross-stage input (0 when it has none). */
  arrival(stage: number, kind: PassKind): number {
    const j = this.count[kind][stage];
    if (kind === 'F' && stage > 0) return this.ends.F[stage - 1][j] + this.instance.comm;
    if (kind === 'B' && stage < this.p - 1) return this.ends.B[stage + 1][j] + this.instance.comm;
    return 0;
  }

  /** Append the stage's next pass of this kind; idle time after its first forward counts as bubble. */
  put(stage: number, kind: PassKind): void {
    const j = this.count[kind][stage];
    const begin = Math.max(this.free[stage], this.arrival(stage, kind));
    if (this.count.F[stage] > 0) this.bubble[stage] += begin - this.free[stage];
    this.free[stage] = begin + this.cost(stage, kind);
    this.ends[kind][stage][j] = this.free[stage];
    this.memory[stage] += this.delta(stage, kind);
    this.count[kind][stage]++;
    this.orders[stage].push({ stage, microbatch: j, kind });
  }

  hasW(stage: number): boolean {
    return this.instance.splitBackward && this.count.W[stage] < this.count.B[stage];
  }

  fits(stage: number, kind: PassKind, extra = 0): boolean {
    return this.memory[stage] + extra + this.delta(stage, kind) <= this.limit[stage] + eps;
  }

  maxBubble(): number {
    return Math.max(0, ...this.bubble);
  }
}

/** Thrown when the limit leaves a stage no way to run its next pass. */
class NoFit extends Error {}

/** Run W passes until the stage's next pass of this kind fits in memory. */
function makeRoom(state: Builder, stage: number, kind: PassKind): void {
  while (!state.fits(stage, kind)) {
    if (!state.hasW(stage)) throw new NoFit();
    state.put(stage, 'W');
  }
}

/** Before the stage's next pass of this kind, run the W passes that fit in the wait for its input. */
function fillWait(state: Builder, stage: number, kind: PassKind, options: ZbAutoOptions): void {
  if ((kind === 'F' && stage === 0) || (kind === 'B' && stage === state.p - 1)) return;
  const ready = state.arrival(stage, kind);
  while (state.hasW(stage) && state.free[stage] + state.cost(stage, 'W') <= ready + eps) state.put(stage, 'W');
  if (!state.hasW(stage) || state.free[stage] >= ready - eps) return;
  const affordable = ready - state.free[stage] <= state.maxBubble() - state.bubble[stage];
  if (!affordable || options.fillSmallGaps) state.put(stage, 'W');
}

/** Warm-up forwards per stage beyond microbatch 0's: what fits before the first B arrives, strictly fewer on later stages. */
function warmupCounts(state: Builder, options: ZbAutoOptions): number[] {
  const { p, m, instance } = state;
  const extra = new Array<number>(p).fill(0);
  let lastEnd = state.ends.F[p - 1][0] + state.cost(p - 1, 'B');
  for (let s = p - 2; s >= 0; s--) {
    let memory = state.memory[s];
    let time = state.free[s];
    const deadline = lastEnd + instance.comm;
    while (1 + extra[s] < m && memory + state.delta(s, 'F') <= state.limit[s] + eps) {
      const late = options.allowBubbleBeforeFirstB
        ? time + state.cost(s, 'F') > deadline + eps
        : time >= deadline - eps;
      if (late) break;
      memory += state.delta(s, 'F');
      time += state.cost(s, 'F');
      extra[s]++;
    }
    lastEnd = Math.max(time, deadline) + state.cost(s, 'B');
  }
  for (let s = 1; s < p; s++) {
    while (extra[s] > 0 && extra[s] >= extra[s - 1] && 1 + extra[s] < m) extra[s]--;
  }
  return extra;
}

/** Whether the stage should run a forward in this round (before the prioritizeB check of the next stage). */
function wantsForward(state: Builder, stage: number, options: ZbAutoOptions): boolean {
  const { count } = state;
  if (count.F[stage] >= state.m) return false;
  if (!options.prioritizeB || stage + 1 >= state.p || count.F[stage] < count.F[stage + 1] + 2) return true;
  const next = stage + 1;
  const nextB = state.free[next] + state.cost(next, 'F') + state.cost(next, 'B') + state.instance.comm;
  if (state.free[stage] >= nextB) return false;
  let memory = state.memory[stage] + state.delta(stage, 'F');
  let wTime = 0;
  for (let k = count.W[stage]; memory > state.limit[stage] + eps && k < count.B[stage]; k++) {
    wTime += state.cost(stage, 'W');
    memory += state.delta(stage, 'W');
  }
  if (state.free[stage] + state.cost(stage, 'F') + wTime <= nextB + eps) return true;
  return nextB - state.free[stage] > state.maxBubble() - state.bubble[stage];
}

/** One steady-state round: a forward on the stages that take one, then microbatch i's B from the last stage. */
function steadyRound(state: Builder, i: number, options: ZbAutoOptions): void {
  const { p } = state;
  const forward = Array.from({ length: p }, (_, s) => wantsForward(state, s, options));
  for (let s = p - 2; s >= 0; s--) forward[s] = forward[s] && forward[s + 1];
  for (let s = 0; s < p; s++) {
    if (!forward[s]) continue;
    makeRoom(state, s, 'F');
    fillWait(state, s, 'F', options);
    state.put(s, 'F');
  }
  for (let s = p - 1; s >= 0; s--) {
    if (state.count.B[s] !== i || state.count.F[s] <= i) throw new NoFit();
    makeRoom(state, s, 'B');
    fillWait(state, s, 'B', options);
    if (s === 0 && state.count.F[0] === state.m) while (state.hasW(0)) state.put(0, 'W');
    state.put(s, 'B');
  }
}

/**
 * The paper's heuristic once with the given knobs, or undefined when the memory limit leaves
 * it stuck (a forward or B that cannot fit even after every pending W). One stage per device.
 *
 * @example
 * ```ts
 * const schedule = zbAutoSchedule(instance, { prioritizeB: true }); // ZB-1p at limit p·M_B
 * ```
 */
export function zbAutoSchedule(instance: PipelineInstance, options: ZbAutoOptions = {}): PipelineSolution | undefined {
  if (instance.chunks !== 1) return undefined;
  const state = new Builder(instance, options.memoryLimit ?? instance.memoryLimit);
  try {
    for (let s = 0; s < state.p; s++) {
      makeRoom(state, s, 'F');
      state.put(s, 'F');
    }
    const extra = warmupCounts(state, options);
    for (let s = 0; s < state.p; s++)
      for (let k = 0; k < extra[s]; k++) {
        makeRoom(state, s, 'F');
        state.put(s, 'F');
      }
    for (let s = state.p - 1; s >= 0; s--) state.put(s, 'B');
    for (let i = 1; i < state.m; i++) {
      if (options.stop?.()) return undefined;
      steadyRound(state, i, options);
    }
    for (let s = 0; s < state.p; s++) while (state.hasW(s)) state.put(s, 'W');
  } catch (error) {
    if (error instanceof NoFit) return undefined;
    throw error;
  }
  return { orders: state.orders };
}
