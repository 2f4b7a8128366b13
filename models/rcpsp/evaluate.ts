/**
 * The independent RCPSP evaluator: checks a schedule against every rule and explains
 * each broken rule with a Violation record. Its verdict uses nothing but the instance
 * types; it never imports the heuristics or the formulation, so a bug there cannot
 * hide here. Only the lower-bound metrics come from bounds.ts.
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import { criticalPathBound, lowerBound, resourceBound } from './bounds.js';
import type { RcpspInstance, RcpspSolution, Resource } from './instance.js';

/** Starts by activity index; undefined where the solution gives no usable start (reported by `shape`). */
type Starts = (number | undefined)[];

const list = (ids: string[]) => ids.join(', ');

/** Every activity has exactly one start, a whole number of periods >= 0. */
function shape(instance: RcpspInstance, solution: RcpspSolution): Violation[] {
  const violations: Violation[] = [];
  const starts: unknown = solution?.starts;
  const n = instance.activities.length;
  if (!Array.isArray(starts))
    return [
      {
        constraint: 'shape',
        entities: [],
        message: `the solution has no starts array; give one start per activity (${n} in all)`,
      },
    ];
  if (starts.length !== n) {
    violations.push({
      constraint: 'shape',
      entities: [],
      message: `the solution gives ${starts.length} starts for ${n} activities; give exactly one start per activity`,
    });
  }
  instance.activities.forEach((a, j) => {
    const s: unknown = starts[j];
    if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) {
      violations.push({
        constraint: 'integrality',
        entities: [a.id],
        message: `activity ${a.id} has start ${String(s)}; a start must be a whole number of periods >= 0`,
      });
    }
  });
  return violations;
}

/** Each activity's start when it is usable (a whole number >= 0), else undefined. */
export function usableStarts(instance: RcpspInstance, solution: RcpspSolution): Starts {
  const starts: unknown[] = Array.isArray(solution?.starts) ? solution.starts : [];
  return instance.activities.map((_, j) => {
    const s = starts[j];
    return typeof s === 'number' && Number.isInteger(s) && s >= 0 ? s : undefined;
  });
}

/** An activity starts only after all its predecessors finish. */
function precedence(instance: RcpspInstance, starts: Starts): Violation[] {
  const violations: Violation[] = [];
  instance.activities.forEach((a, i) => {
    const si = starts[i];
    if (si === undefined) return;
    for (const j of a.successors) {
      const sj = starts[j];
      const b = instance.activities[j];
      if (sj !== undefined && sj < si + a.duration) {
        violations.push({
          constraint: 'precedence',
          entities: [a.id, b.id],
          message: `activity ${b.id} starts in period ${sj}, before its predecessor ${a.id} finishes at ${si + a.duration}; start ${b.id} at ${si + a.duration} or later`,
        });
      }
    }
  });
  return violations;
}

/** An activity starts no earlier than its release date. */
function release(instance: RcpspInstance, starts: Starts): Violation[] {
  return instance.activities.flatMap((a, j) => {
    const s = starts[j];
    if (s === undefined || s >= a.release) return [];
    return [
      {
        constraint: 'release',
        entities: [a.id],
        message: `activity ${a.id} starts in period ${s}, before its release date ${a.release}; start it at ${a.release} or later`,
      },
    ];
  });
}

/** An activity finishes no later than its deadline. */
function deadline(instance: RcpspInstance, starts: Starts): Violation[] {
  return instance.activities.flatMap((a, j) => {
    const s = starts[j];
    if (s === undefined || s + a.duration <= a.deadline) return [];
    return [
      {
        constraint: 'deadline',
        entities: [a.id],
        message: `activity ${a.id} finishes at ${s + a.duration}, after its deadline ${a.deadline}; start it at ${a.deadline - a.duration} or earlier`,
      },
    ];
  });
}

/** The two activities of a disjunctive pair never run in the same period. */
function disjunctive(instance: RcpspInstance, starts: Starts): Violation[] {
  return instance.disjunctive.flatMap(([i, j]) => {
    const [si, sj] = [starts[i], starts[j]];
    const [a, b] = [instance.activities[i], instance.activities[j]];
    if (si === undefined || sj === undefined || a.duration === 0 || b.duration === 0) return [];
    const from = Math.max(si, sj);
    const to = Math.min(si + a.duration, sj + b.duration);
    if (from >= to) return [];
    return [
      {
        constraint: 'disjunctive',
        entities: [a.id, b.id, from],
        message: `activities ${a.id} and ${b.id} must not overlap but both run in periods ${from}..${to - 1}; run one after the other`,
      },
    ];
  });
}

/** Piecewise-constant usage and availability of one resource: segments [from, to) with what runs there. */
export interface Segment {
  from: number;
  to: number;
  used: number;
  available: number;
  running: number[];
}

function capacityIn(resource: Resource, t: number): number {
  let capacity = resource.capacity;
  for (const w of resource.downtime) if (w.start <= t && t < w.end) capacity = Math.min(capacity, w.capacity);
  return capacity;
}

/**
 * The resource's usage as segments, by one sweep over the start and end events (linear after
 * sorting, so 100,000 activities take milliseconds); what runs in a segment is listed only
 * where it is over capacity, the one place a message needs it.
 */
function profile(instance: RcpspInstance, starts: Starts, r: number): Segment[] {
  const resource = instance.resources[r];
  const users = instance.activities.flatMap((a, j) =>
    starts[j] !== undefined && a.demand[r] > 0 && a.duration > 0 ? [j] : [],
  );
  const change = new Map<number, number>();
  const shift = (t: number, amount: number) => change.set(t, (change.get(t) ?? 0) + amount);
  for (const j of users) {
    const { demand, duration } = instance.activities[j];
    shift(starts[j]!, demand[r]);
    shift(starts[j]! + duration, -demand[r]);
  }
  for (const w of resource.downtime) {
    shift(w.start, 0);
    shift(w.end, 0);
  }
  const sorted = [...change.keys()].sort((x, y) => x - y);
  const segments: Segment[] = [];
  let used = 0;
  for (let k = 0; k + 1 < sorted.length; k++) {
    const [from, to] = [sorted[k], sorted[k + 1]];
    used += change.get(from)!;
    const available = capacityIn(resource, from);
    const running =
      used > available
        ? users.filter((j) => starts[j]! <= from && from < starts[j]! + instance.activities[j].duration)
        : [];
    segments.push({ from, to, used, available, running });
  }
  return segments;
}

/**
 * The usage of resource `r` under a solution, as the evaluator sees it: segments [from, to)
 * of constant usage and availability (downtime lowers it), from the first event to the last;
 * activities without a usable start are left out.
 *
 * @example
 * ```ts
 * resourceUsage(instance, { starts: [0, 3, 3] }, 0); // [{ from: 0, to: 3, used: 2, available: 4, running: [] }, ...]
 * ```
 */
export function resourceUsage(instance: RcpspInstance, solution: RcpspSolution, r: number): Segment[] {
  return profile(instance, usableStarts(instance, solution), r);
}

function overloadRecord(instance: RcpspInstance, r: number, run: Segment[]): Violation {
  const id = instance.resources[r].id;
  const worst = run.reduce((w, seg) => (seg.used - seg.available > w.used - w.available ? seg : w));
  const ids = [...new Set(run.flatMap((seg) => seg.running))]
    .sort((x, y) => x - y)
    .map((j) => instance.activities[j].id);
  const from = run[0].from;
  const to = run[run.length - 1].to;
  const when = to - from === 1 ? `in period ${from}` : `in periods ${from}..${to - 1} (worst: period ${worst.from})`;
  return {
    constraint: 'capacity',
    entities: [id, from, ...ids],
    message: `resource ${id} is over capacity ${when}: ${worst.used} used, ${worst.available} available (activities ${list(ids)}); move one of them`,
  };
}

/** In every period, the activities running on a resource use no more than its capacity then (less during downtime). */
function capacity(instance: RcpspInstance, starts: Starts): Violation[] {
  const violations: Violation[] = [];
  instance.resources.forEach((_, r) => {
    // One record per maximal run of overloaded periods keeps the list readable.
    let run: Segment[] = [];
    for (const seg of [...profile(instance, starts, r), undefined]) {
      const over = seg !== undefined && seg.used > seg.available;
      const continues = over && run.length > 0 && run[run.length - 1].to === seg!.from;
      if (run.length > 0 && !continues) {
        violations.push(overloadRecord(instance, r, run));
        run = [];
      }
      if (over) run.push(seg!);
    }
  });
  return violations;
}

/** The capacity-periods a resource offers in [0, end), downtime deducted. */
function capacityPeriods(resource: Resource, end: number): number {
  if (!(end > 0)) return 0;
  const points = [0, end, ...resource.downtime.flatMap((w) => [w.start, w.end])].filter((t) => t >= 0 && t <= end);
  const sorted = [...new Set(points)].sort((x, y) => x - y);
  let total = 0;
  for (let k = 0; k + 1 < sorted.length; k++) total += capacityIn(resource, sorted[k]) * (sorted[k + 1] - sorted[k]);
  return total;
}

function metricsOf(instance: RcpspInstance, starts: Starts, makespan: number): Record<string, number> {
  const metrics: Record<string, number> = {
    makespan,
    criticalPathBound: criticalPathBound(instance),
    resourceBound: resourceBound(instance),
    lowerBound: lowerBound(instance),
    totalDeadlineLateness: instance.activities.reduce((sum, a, j) => {
      const s = starts[j];
      return s === undefined ? sum : sum + Math.max(0, s + a.duration - a.deadline);
    }, 0),
  };
  if (instance.objective === 'feasibility') metrics.feasibilityOnly = 1;
  instance.resources.forEach((resource, r) => {
    const available = capacityPeriods(resource, makespan);
    const used = instance.activities.reduce((sum, a) => sum + a.demand[r] * a.duration, 0);
    metrics[`utilization.${resource.id}`] = Number.isNaN(makespan) ? NaN : available > 0 ? used / available : 0;
  });
  return metrics;
}

/**
 * Check a schedule against every RCPSP rule: shape and integrality, precedence,
 * release dates, deadlines, disjunctive pairs and resource capacity (with downtime).
 * The objective is the makespan (also for feasibility-only instances, where
 * `metrics.feasibilityOnly` is 1); NaN when some start is unusable.
 *
 * @example
 * ```ts
 * const result = evaluateRcpsp(instance, { starts: [0, 3, 3] });
 * if (!result.feasible) for (const v of result.violations) console.log(v.message);
 * ```
 */
export function evaluateRcpsp(instance: RcpspInstance, solution: RcpspSolution): Evaluation {
  const starts = usableStarts(instance, solution);
  const violations = [
    ...shape(instance, solution),
    ...precedence(instance, starts),
    ...release(instance, starts),
    ...deadline(instance, starts),
    ...disjunctive(instance, starts),
    ...capacity(instance, starts),
  ];
  const complete = starts.every((s) => s !== undefined);
  const makespan = complete
    ? instance.activities.reduce((end, a, j) => Math.max(end, starts[j]! + a.duration), 0)
    : NaN;
  return {
    feasible: violations.length === 0,
    objective: makespan,
    violations,
    metrics: metricsOf(instance, starts, makespan),
  };
}
