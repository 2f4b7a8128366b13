/**
 * Shared pieces of the RCPSP generators: the objective knob, a precedence network that
 * refuses redundant arcs, and a serial schedule generation scheme that builds the
 * reference schedule every constrained instance is generated around. The scheme is
 * the generators' own, deliberately simple, so that they never depend on heuristics.ts.
 */
import { SchedlabError } from '../../src/errors.js';
import type { GenerateParamReader } from '../../src/family/generate-params.js';
import { randomTopologicalOrder } from '../../src/util/dag.js';
import { capacityAt } from './bounds.js';
import type { RcpspInstance } from './instance.js';
import { precedenceDag } from './topology.js';

/** A generator's result with the feasible schedule it was built around. */
export interface GeneratedWithReference {
  instance: RcpspInstance;
  /** A schedule that satisfies every constraint of the instance. */
  reference: { starts: number[] };
}

/** The objective knob of the ramp and migration generators: 'makespan' or 'feasibility'. */
export function objectiveKnob(
  reader: GenerateParamReader,
  fallback: 'makespan' | 'feasibility',
): 'makespan' | 'feasibility' {
  return reader.choice('objective', fallback, ['makespan', 'feasibility'] as const);
}

/** A precedence network over n nodes that keeps its transitive closure, to refuse redundant arcs. */
export class Network {
  readonly successors: number[][];
  readonly predecessorCount: number[];
  private readonly reach: Uint8Array;

  constructor(readonly size: number) {
    this.successors = Array.from({ length: size }, () => []);
    this.predecessorCount = new Array<number>(size).fill(0);
    this.reach = new Uint8Array(size * size);
  }

  /** True when a path of one or more arcs leads from a to b. */
  reaches(a: number, b: number): boolean {
    return this.reach[a * this.size + b] === 1;
  }

  /** The arc u→v closes no cycle, is not implied by a path, and makes no existing arc implied. */
  isNonRedundant(u: number, v: number): boolean {
    if (u === v || this.reaches(v, u) || this.reaches(u, v)) return false;
    for (let a = 0; a < this.size; a++) {
      if (a !== u && !this.reaches(a, u)) continue;
      if (this.successors[a].some((b) => b === v || this.reaches(v, b))) return false;
    }
    return true;
  }

  addArc(u: number, v: number): void {
    this.successors[u].push(v);
    this.predecessorCount[v]++;
    const sources = [u, ...Array.from({ length: this.size }, (_, a) => a).filter((a) => this.reaches(a, u))];
    const targets = [v, ...Array.from({ length: this.size }, (_, b) => b).filter((b) => this.reaches(v, b))];
    for (const a of sources) for (const b of targets) this.reach[a * this.size + b] = 1;
  }

  arcCount(): number {
    return this.successors.reduce((sum, list) => sum + list.length, 0);
  }
}

/** Forbidden intervals [start, end) per activity, on top of the instance's own constraints. */
export type ForbiddenWindows = (activity: number) => [number, number][];

function predecessorsOf(instance: RcpspInstance): number[][] {
  const predecessors: number[][] = instance.activities.map(() => []);
  instance.activities.forEach((a, i) => a.successors.forEach((s) => predecessors[s].push(i)));
  return predecessors;
}

/** A random order in which every activity comes after its predecessors. */
function randomPrecedenceOrder(instance: RcpspInstance, rng: () => number): number[] {
  const order = randomTopologicalOrder(precedenceDag(instance), rng);
  if (order === undefined) throw new SchedlabError('internal', 'a generated precedence network has a cycle');
  return order;
}

/**
 * Serial SGS in a random precedence-feasible order: each activity at the earliest
 * period that respects precedence, release dates, capacity with downtime, disjunctive
 * pairs and the extra forbidden windows. Deadlines are not considered.
 */
export function serialSchedule(
  instance: RcpspInstance,
  rng: () => number,
  forbidden: ForbiddenWindows = () => [],
): number[] {
  const { activities, resources } = instance;
  const predecessors = predecessorsOf(instance);
  const usage: number[][] = resources.map(() => []);
  const starts: number[] = new Array<number>(activities.length).fill(-1);
  const partners: number[][] = activities.map(() => []);
  for (const [i, j] of instance.disjunctive) partners[i].push(j), partners[j].push(i);
  const lastWindow = resources.reduce((end, r) => r.downtime.reduce((e, w) => Math.max(e, w.end), end), 0);
  const overlaps = (t: number, d: number, from: number, to: number) => d > 0 && t < to && from < t + d;
  const fits = (j: number, t: number): boolean => {
    const { duration, demand } = activities[j];
    if (forbidden(j).some(([from, to]) => overlaps(t, duration, from, to))) return false;
    if (partners[j].some((p) => starts[p] >= 0 && overlaps(t, duration, starts[p], starts[p] + activities[p].duration)))
      return false;
    for (let p = t; p < t + duration; p++) {
      if (resources.some((res, r) => demand[r] > 0 && (usage[r][p] ?? 0) + demand[r] > capacityAt(res, p)))
        return false;
    }
    return true;
  };
  let scheduledEnd = 0;
  for (const j of randomPrecedenceOrder(instance, rng)) {
    let t = predecessors[j].reduce((e, p) => Math.max(e, starts[p] + activities[p].duration), activities[j].release);
    // Past this point nothing runs, no window applies and capacity is normal, so the activity fits unless it never can.
    const limit = Math.max(t, lastWindow, scheduledEnd, ...forbidden(j).map(([, to]) => to));
    while (!fits(j, t)) {
      if (++t > limit)
        throw new SchedlabError(
          'internal',
          `generated activity '${activities[j].id}' demands more than a resource ever offers`,
        );
    }
    scheduledEnd = Math.max(scheduledEnd, t + activities[j].duration);
    starts[j] = t;
    for (let p = t; p < t + activities[j].duration; p++)
      activities[j].demand.forEach((q, r) => {
        usage[r][p] = (usage[r][p] ?? 0) + q;
      });
  }
  return starts;
}

/** The end of a schedule. */
export function makespanOf(instance: RcpspInstance, starts: number[]): number {
  return instance.activities.reduce((end, a, j) => Math.max(end, starts[j] + a.duration), 0);
}
