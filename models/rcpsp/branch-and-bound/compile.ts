/**
 * The instance as the branch and bound sees it: only the activities with a positive
 * duration ("real" activities), in a topological order, with typed arrays for their
 * durations, demands and precedence. Zero-duration activities (PSPLIB's dummy source
 * and sink, milestones) use no capacity in the evaluator, so they are contracted out
 * of the network: each real activity gets as predecessors the real activities that
 * reach it through zero-duration ones, and every zero-duration activity is placed at
 * the latest finish of its predecessors (or its release, if later) once the real ones
 * are scheduled.
 *
 * Release dates and deadlines are carried by the real activities as CPM windows over
 * the whole network (zero-duration activities included): `release` is the earliest start
 * from the release dates forward, `latestFinish` the latest finish from the deadlines
 * backward. Both hold in every feasible schedule, so using them instead of the raw dates
 * loses nothing, and they carry a milestone's dates to the real activities around it.
 */
import { SchedlabError } from '../../../src/errors.js';
import { closure, hasMember, heads, latestFinishes, tails } from '../../../src/util/dag-paths.js';
import { type Adjacency, adjacencyOf, type Dag, dagOfAdjacency } from '../../../src/util/dag.js';
import type { RcpspInstance } from '../instance.js';
import { activityDurations, precedenceDag, precedenceOrder } from '../topology.js';
import { exclusiveCliques } from './cliques.js';

/** Adjacency in compressed rows (`src/util/dag.ts`), under the name the search has used. */
export type Csr = Adjacency;

export interface BnbProblem {
  /** Number of real activities (positive duration). */
  m: number;
  resourceCount: number;
  /** Real activity k is instance activity `original[k]`. */
  original: Int32Array;
  duration: Int32Array;
  /** Demand of real activity k on resource r at `demand[k * resourceCount + r]`. */
  demand: Int32Array;
  capacity: Int32Array;
  /** Real predecessors and successors (transitively through zero-duration activities). */
  predecessors: Csr;
  successors: Csr;
  /** Earliest start of k from the release dates (forward CPM, resources ignored). */
  release: Int32Array;
  /** Latest finish of k from the deadlines (backward CPM), `noDeadline` when none applies. */
  latestFinish: Int32Array;
  /** Whether some real activity has a finite `latestFinish`. */
  hasDeadlines: boolean;
  /**
   * A zero-duration activity starts no earlier than its release, so no schedule ends before
   * the latest such release; the makespan of a schedule is the later of this and its real
   * activities' last finish.
   */
  makespanFloor: number;
  /** Longest path from the start of k to the end of the project, d_k included. */
  remaining: Int32Array;
  /** `remaining` without d_k: how long the project runs at least after k finishes. */
  tail: Int32Array;
  /**
   * Resources of the energy bound: the real ones, then one unit resource per clique of
   * pairwise exclusive activities (`cliques.ts`). Demand of k on bound resource b at
   * `boundDemand[k * boundCount + b]`.
   */
  boundCount: number;
  boundDemand: Int32Array;
  boundCapacity: Int32Array;
  /** `exclusive[i * m + j]` is 1 when i and j can never run in parallel (precedence or a capacity). */
  exclusive: Uint8Array;
  /** The real activities by descending `tail` and by descending `remaining`, for the energetic check. */
  byTail: Int32Array;
  byRemaining: Int32Array;
  /** Per resource b of the bound, its users (nonzero demand) in `byTail` and in `byRemaining` order. */
  usersByTail: Csr;
  usersByRemaining: Csr;
}

/** `latestFinish` of an activity without a deadline: far above any horizon, and safe to subtract from in 32 bits. */
export const noDeadline = 0x3fffffff;

/** How many cliques the energy bound uses at most. */
const cliqueLimit = 24;

/**
 * Refuses what the search does not model, naming the feature and the method that has it.
 * Constant capacity, precedence, release dates, deadlines and the makespan objective are
 * what it supports.
 */
export function checkSupported(instance: RcpspInstance): void {
  const feature = unsupportedFeature(instance);
  if (feature === undefined) return;
  throw new SchedlabError(
    'unsupported',
    `the 'branch-and-bound' method does not support ${feature} (instance '${instance.name}'); use the 'mip-descent' exact method, which handles it`,
  );
}

/** The first feature of the instance that branch and bound does not handle, or undefined when it handles them all. */
export function unsupportedFeature(instance: RcpspInstance): string | undefined {
  if (instance.objective !== 'makespan')
    return `the '${instance.objective}' objective (it minimizes the makespan only)`;
  const down = instance.resources.find((r) => r.downtime.some((w) => w.capacity < r.capacity && w.end > w.start));
  if (down !== undefined) return `resource downtime (resource '${down.id}')`;
  if (instance.disjunctive.length > 0) return 'disjunctive pairs';
  return undefined;
}

/** For each instance activity, the real activities that precede it directly or through zero-duration ones. */
function realPredecessors(instance: RcpspInstance, order: Int32Array, realIndex: Int32Array): Set<number>[] {
  const reach = instance.activities.map(() => new Set<number>());
  for (const j of order) {
    const carried = instance.activities[j].duration > 0 ? [realIndex[j]] : [...reach[j]];
    for (const s of instance.activities[j].successors) for (const k of carried) reach[s].add(k);
  }
  return reach;
}

/** CPM windows of every instance activity: earliest start from the releases, latest finish from the deadlines. */
function cpmWindows(
  instance: RcpspInstance,
  dag: Dag,
  order: Int32Array,
): { earliest: Float64Array; latestFinish: Float64Array } {
  const earliest = new Float64Array(instance.activities.map((a) => a.release));
  const latestFinish = new Float64Array(instance.activities.map((a) => a.deadline));
  const length = activityDurations(instance);
  heads(dag, order, earliest, { length });
  latestFinishes(dag, order, latestFinish, { length });
  return { earliest, latestFinish };
}

/**
 * An instance activity whose window is empty (its release and its predecessors' leave too
 * little room before its deadline, or its successors' deadlines), or -1: with one, no
 * schedule exists. Call it on a supported instance before `compileProblem`.
 */
export function emptyWindow(instance: RcpspInstance): number {
  const dag = precedenceDag(instance);
  const { earliest, latestFinish } = cpmWindows(instance, dag, precedenceOrder(instance, dag));
  return instance.activities.findIndex((a, j) => earliest[j] + a.duration > latestFinish[j]);
}

/**
 * Compiles a supported instance (call `checkSupported` first); the exclusive cliques of the
 * energy bound stop growing at `cliqueDeadline` (ms, performance.now() scale).
 */
export function compileProblem(instance: RcpspInstance, cliqueDeadline = Number.POSITIVE_INFINITY): BnbProblem {
  const dag = precedenceDag(instance);
  const order = precedenceOrder(instance, dag);
  const realIndex = new Int32Array(instance.activities.length).fill(-1);
  const original: number[] = [];
  for (const j of order) {
    if (instance.activities[j].duration > 0) {
      realIndex[j] = original.length;
      original.push(j);
    }
  }
  const m = original.length;
  const resourceCount = instance.resources.length;
  const windows = cpmWindows(instance, dag, order);
  const release = Int32Array.from(original, (j) => windows.earliest[j]);
  const latestFinish = Int32Array.from(original, (j) => Math.min(noDeadline, windows.latestFinish[j]));
  const makespanFloor = instance.activities.reduce(
    (floor, a) => (a.duration === 0 ? Math.max(floor, a.release) : floor),
    0,
  );
  const reach = realPredecessors(instance, order, realIndex);
  const preds = original.map((j) => [...reach[j]].sort((a, b) => a - b));
  const succs: number[][] = original.map(() => []);
  preds.forEach((list, k) => list.forEach((p) => succs[p].push(k)));
  const duration = Int32Array.from(original, (j) => instance.activities[j].duration);
  const demand = new Int32Array(m * resourceCount);
  original.forEach((j, k) =>
    instance.activities[j].demand.forEach((q, r) => {
      demand[k * resourceCount + r] = q;
    }),
  );
  const real = dagOfAdjacency(adjacencyOf(succs));
  // Real indices follow a topological order.
  const realOrder = Int32Array.from({ length: m }, (_, k) => k);
  const longest = new Float64Array(m);
  tails(real, realOrder, longest, { length: new Float64Array(duration) });
  const tail = new Int32Array(longest);
  const remaining = new Int32Array(m);
  for (let k = 0; k < m; k++) remaining[k] = tail[k] + duration[k];
  const bound = boundResources(
    real,
    realOrder,
    resourceCount,
    demand,
    Int32Array.from(instance.resources, (r) => r.capacity),
    duration,
    cliqueDeadline,
  );
  return {
    m,
    resourceCount,
    ...bound,
    original: Int32Array.from(original),
    duration,
    demand,
    release,
    latestFinish,
    hasDeadlines: latestFinish.some((f) => f < noDeadline),
    makespanFloor,
    capacity: Int32Array.from(instance.resources, (r) => r.capacity),
    predecessors: real.predecessors,
    successors: real.successors,
    remaining,
    tail,
    ...orders(m, tail, remaining, bound.boundCount, bound.boundDemand),
  };
}

/** The activities by descending tail and remaining length, overall and per resource of the bound. */
function orders(m: number, tail: Int32Array, remaining: Int32Array, boundCount: number, boundDemand: Int32Array) {
  const byTail = Int32Array.from({ length: m }, (_, k) => k).sort((a, b) => tail[b] - tail[a] || a - b);
  const byRemaining = Int32Array.from({ length: m }, (_, k) => k).sort((a, b) => remaining[b] - remaining[a] || a - b);
  const users = (order: Int32Array) =>
    adjacencyOf(
      Array.from({ length: boundCount }, (_, b) =>
        Array.from(order).filter((k) => boundDemand[k * boundCount + b] > 0),
      ),
    );
  return { byTail, byRemaining, usersByTail: users(byTail), usersByRemaining: users(byRemaining) };
}

/** The real resources and the cliques of exclusive activities as the energy bound's resources. */
function boundResources(
  real: Dag,
  realOrder: Int32Array,
  resourceCount: number,
  demand: Int32Array,
  capacity: Int32Array,
  duration: Int32Array,
  cliqueDeadline: number,
) {
  const m = real.n;
  const after = closure(real, realOrder, 'after');
  const exclusive = (i: number, j: number) => {
    if (hasMember(after, i, j) || hasMember(after, j, i)) return true;
    for (let r = 0; r < resourceCount; r++)
      if (demand[i * resourceCount + r] + demand[j * resourceCount + r] > capacity[r]) return true;
    return false;
  };
  const cliques = exclusiveCliques(m, exclusive, duration, cliqueLimit, cliqueDeadline);
  const boundCount = resourceCount + cliques.length;
  const boundDemand = new Int32Array(m * boundCount);
  for (let k = 0; k < m; k++)
    for (let r = 0; r < resourceCount; r++) boundDemand[k * boundCount + r] = demand[k * resourceCount + r];
  cliques.forEach((members, c) =>
    members.forEach((k) => {
      boundDemand[k * boundCount + resourceCount + c] = 1;
    }),
  );
  const boundCapacity = new Int32Array(boundCount).fill(1);
  boundCapacity.set(capacity);
  const exclusiveMatrix = new Uint8Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) if (i !== j && exclusive(i, j)) exclusiveMatrix[i * m + j] = 1;
  return { boundCount, boundDemand, boundCapacity, exclusive: exclusiveMatrix };
}

/** The index of a real activity whose demand exceeds a capacity (no schedule exists then), or -1. */
export function oversizedActivity(problem: BnbProblem): number {
  const { m, resourceCount, demand, capacity } = problem;
  for (let k = 0; k < m; k++) {
    for (let r = 0; r < resourceCount; r++) if (demand[k * resourceCount + r] > capacity[r]) return k;
  }
  return -1;
}

/**
 * Instance starts from the real activities' starts: each zero-duration one at the latest
 * finish of its predecessors or its release, whichever is later. That meets its deadline
 * whenever the real activities keep their windows: the real predecessors finish by their
 * `latestFinish`, which is at most the milestone's latest finish, and so is its release
 * (`emptyWindow` found no empty window).
 */
export function expandStarts(instance: RcpspInstance, problem: BnbProblem, realStarts: Int32Array): number[] {
  // A real activity's start is its seed, and no predecessor pushes it later (the schedule is feasible).
  const starts = new Float64Array(instance.activities.map((a) => a.release));
  for (let k = 0; k < problem.m; k++) starts[problem.original[k]] = realStarts[k];
  const dag = precedenceDag(instance);
  heads(dag, precedenceOrder(instance, dag), starts, { length: activityDurations(instance) });
  return Array.from(starts);
}
