/**
 * An RCPSP instance flattened into typed arrays (compressed adjacency lists, a
 * time-major capacity profile), so that a schedule generation scheme runs without
 * allocating. Every heuristic compiles the instance once and then decodes thousands
 * of activity lists against the same arrays.
 */
import { inputError } from '../../../src/errors.js';
import { formatCount } from '../../../src/family/model-budget.js';
import { type Adjacency, adjacencyOf } from '../../../src/util/dag.js';
import type { RcpspInstance } from '../instance.js';
import { precedenceDag, precedenceOrder } from '../topology.js';

/** The instance flattened; its precedence network is a `Dag` (n, successors, predecessors). */
export interface CompiledRcpsp {
  n: number;
  resourceCount: number;
  duration: Int32Array;
  release: Int32Array;
  /** Latest finish; Infinity when none. */
  deadline: Float64Array;
  hasDeadlines: boolean;
  /** The resources each activity uses (nonzero demand) and how much, capped at the normal capacity. */
  uses: Adjacency;
  useAmount: Int32Array;
  predecessors: Adjacency;
  successors: Adjacency;
  /** Activities that must not overlap each one (disjunctive partners with positive duration). */
  partners: Adjacency;
  /** Periods 0 .. horizon-1 are enough for every schedule a serial or parallel SGS builds. */
  horizon: number;
  /** Capacity per period and resource, time-major: `profile[t * resourceCount + r]`, downtime applied. */
  baseProfile: Int32Array;
  /** A topological order of the activities. */
  topological: Int32Array;
}

/**
 * The most profile cells (periods x resources) the heuristics allocate: the profile, its
 * working copy and the justification's buckets then take about 600 MB.
 */
export const maxProfileCells = 50_000_000;

/** Refuse, with the size, a profile that cannot be allocated. */
function checkProfileSize(instance: RcpspInstance, horizon: number): void {
  const cells = horizon * Math.max(1, instance.resources.length);
  if (cells <= maxProfileCells) return;
  throw inputError(
    `RCPSP instance '${instance.name}': the heuristics work period by period, and this instance may need ${formatCount(horizon)} periods (the latest release or downtime plus every duration) x ${instance.resources.length} resource(s) = ${formatCount(cells)} profile cells, more than the ${formatCount(maxProfileCells)} they allocate (about 600 MB); give the periods in a coarser unit (when every duration, release, deadline and downtime shares a factor, the methods divide it out themselves), or split the project`,
    { path: 'data.activities' },
  );
}

/** Capacity per period after downtime; overlapping windows take the smallest capacity. */
function buildProfile(instance: RcpspInstance, horizon: number): Int32Array {
  const count = instance.resources.length;
  const profile = new Int32Array(horizon * count);
  instance.resources.forEach((resource, r) => {
    for (let t = 0; t < horizon; t++) profile[t * count + r] = resource.capacity;
    for (const window of resource.downtime) {
      for (let t = Math.max(0, window.start); t < Math.min(horizon, window.end); t++) {
        profile[t * count + r] = Math.min(profile[t * count + r], window.capacity);
      }
    }
  });
  return profile;
}

/**
 * Flatten an instance. The horizon bound holds because once every release date and
 * downtime window has passed, an SGS leaves no period idle while activities wait.
 */
export function compileRcpsp(instance: RcpspInstance): CompiledRcpsp {
  const n = instance.activities.length;
  const count = instance.resources.length;
  const partnerLists: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of instance.disjunctive) {
    if (a === b || instance.activities[a].duration === 0 || instance.activities[b].duration === 0) continue;
    partnerLists[a].push(b);
    partnerLists[b].push(a);
  }
  const useLists: number[][] = instance.activities.map((a) =>
    a.demand.flatMap((q, r) => (q > 0 && a.duration > 0 ? [r] : [])),
  );
  const amounts = instance.activities.flatMap((a, i) =>
    useLists[i].map((r) => Math.min(a.demand[r], instance.resources[r].capacity)),
  );
  let lastEvent = 0;
  let totalDuration = 0;
  for (const a of instance.activities) {
    lastEvent = Math.max(lastEvent, a.release);
    totalDuration += a.duration;
  }
  for (const resource of instance.resources) for (const w of resource.downtime) lastEvent = Math.max(lastEvent, w.end);
  const horizon = lastEvent + totalDuration + 1;
  checkProfileSize(instance, horizon);
  const precedence = precedenceDag(instance);
  const deadline = Float64Array.from(instance.activities, (a) => a.deadline);
  return {
    n,
    resourceCount: count,
    duration: Int32Array.from(instance.activities, (a) => a.duration),
    release: Int32Array.from(instance.activities, (a) => a.release),
    deadline,
    hasDeadlines: deadline.some((d) => Number.isFinite(d)),
    uses: adjacencyOf(useLists),
    useAmount: Int32Array.from(amounts),
    predecessors: precedence.predecessors,
    successors: precedence.successors,
    partners: adjacencyOf(partnerLists),
    horizon,
    baseProfile: buildProfile(instance, horizon),
    // Parsed instances are acyclic; one built in code with a cycle fails here as an input error.
    topological: precedenceOrder(instance, precedence),
  };
}
