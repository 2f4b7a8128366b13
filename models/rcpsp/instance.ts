/**
 * RCPSP instances, with the R-ConstraintBench extensions: resource downtime, release
 * and deadline windows per activity, and disjunctive (non-overlap) pairs.
 *
 * Time is in integer periods. An activity started at s occupies periods s .. s+d-1.
 * In memory everything is index-based; in JSON activities and resources are named by id.
 */
import { z } from 'zod';
import { failAt, parseWithSchema, wholeNumber } from '../../src/family/schema.js';
import { cycleMessage, precedenceCycle } from './topology.js';

/** Capacity `capacity` (usually 0) instead of the normal one during periods start .. end-1. */
export interface Downtime {
  start: number;
  end: number;
  capacity: number;
}

export interface Resource {
  id: string;
  capacity: number;
  downtime: Downtime[];
}

export interface Activity {
  id: string;
  duration: number;
  /** Demand on each resource, by resource index. */
  demand: number[];
  /** Indices of the activities that may start only after this one finishes. */
  successors: number[];
  /** Earliest start (0 when none). */
  release: number;
  /** Latest finish (Infinity when none). */
  deadline: number;
}

export interface RcpspInstance {
  name: string;
  resources: Resource[];
  activities: Activity[];
  /** Pairs of activity indices that must not overlap in time. */
  disjunctive: [number, number][];
  /** 'makespan' minimizes the end of the last activity; 'feasibility' only asks for a valid schedule. */
  objective: 'makespan' | 'feasibility';
  /** An upper bound on the schedule's end given with the instance (PSPLIB's horizon), if any. */
  horizon?: number;
}

/** A schedule: the start period of each activity, by activity index. */
export interface RcpspSolution {
  starts: number[];
}

/**
 * The ranges every RCPSP reader accepts (the JSON schema here, and the `.sm` and `.rcp` readers,
 * which check their numbers against the same limits): periods (durations, release dates,
 * deadlines, the horizon, downtime windows) and amounts (capacities and demands) are whole
 * numbers from 0 to 1e9, so that sums of a few of them stay exact and fit the heuristics'
 * 32-bit profiles.
 */
export const rcpspLimits = { period: 1_000_000_000, amount: 1_000_000_000 } as const;

const period = wholeNumber('a time in periods', 0, rcpspLimits.period);
const amount = wholeNumber('an amount of a resource', 0, rcpspLimits.amount);

const resourceSchema = z.object({
  id: z.string().min(1),
  capacity: amount,
  downtime: z.array(z.object({ start: period, end: period, capacity: amount.default(0) })).default([]),
});

const activitySchema = z.object({
  id: z.string().min(1),
  duration: period,
  demand: z.record(z.string(), amount).default({}),
  successors: z.array(z.string()).default([]),
  release: period.optional(),
  deadline: period.optional(),
});

const instanceSchema = z.object({
  name: z.string().default('rcpsp'),
  objective: z.enum(['makespan', 'feasibility']).default('makespan'),
  horizon: period.optional(),
  resources: z.array(resourceSchema),
  activities: z.array(activitySchema).min(1, 'expected at least one activity'),
  disjunctive: z.array(z.tuple([z.string(), z.string()])).default([]),
});

type InstanceJson = z.infer<typeof instanceSchema>;

function indexById(ids: string[], what: string, path: string): Map<string, number> {
  const index = new Map<string, number>();
  ids.forEach((id, k) => {
    if (index.has(id)) failAt(`${path}[${k}].id`, `${what} id '${id}' is used twice; ids must be unique`);
    index.set(id, k);
  });
  return index;
}

function lookup(index: Map<string, number>, id: string, what: string, path: string): number {
  const found = index.get(id);
  if (found === undefined) failAt(path, `unknown ${what} '${id}'; it must be the id of one of the instance's ${what}s`);
  return found;
}

function toActivity(
  json: InstanceJson['activities'][number],
  k: number,
  activities: Map<string, number>,
  resources: Map<string, number>,
): Activity {
  const demand = new Array<number>(resources.size).fill(0);
  for (const [resourceId, amount] of Object.entries(json.demand)) {
    demand[lookup(resources, resourceId, 'resource', `data.activities[${k}].demand.${resourceId}`)] = amount;
  }
  return {
    id: json.id,
    duration: json.duration,
    demand,
    successors: json.successors.map((id, s) =>
      lookup(activities, id, 'activity', `data.activities[${k}].successors[${s}]`),
    ),
    release: json.release ?? 0,
    deadline: json.deadline ?? Infinity,
  };
}

/**
 * Validate the `data` of an RCPSP instance file; errors name the path (`data.activities[3].duration`).
 *
 * @example
 * ```ts
 * const instance = parseRcpsp({ resources: [{ id: 'crew', capacity: 2 }],
 *   activities: [{ id: 'a', duration: 3, demand: { crew: 1 }, successors: ['b'] }, { id: 'b', duration: 2 }] });
 * ```
 */
export function parseRcpsp(json: unknown): RcpspInstance {
  const data = parseWithSchema(instanceSchema, json, 'data');
  const resources = indexById(
    data.resources.map((r) => r.id),
    'resource',
    'data.resources',
  );
  const activities = indexById(
    data.activities.map((a) => a.id),
    'activity',
    'data.activities',
  );
  data.resources.forEach((resource, r) =>
    resource.downtime.forEach((window, w) => {
      if (window.end <= window.start)
        failAt(
          `data.resources[${r}].downtime[${w}]`,
          `a downtime must end after it starts (start ${window.start}, end ${window.end})`,
        );
    }),
  );
  const parsed = data.activities.map((a, k) => toActivity(a, k, activities, resources));
  // A cycle is the file's fault, so it is reported here, where the path is known.
  const cycle = precedenceCycle(parsed.map((a) => a.successors));
  if (cycle !== undefined)
    failAt(`data.activities[${cycle[0]}].successors`, cycleMessage({ name: data.name, activities: parsed }, cycle));
  return {
    name: data.name,
    objective: data.objective,
    ...(data.horizon === undefined ? {} : { horizon: data.horizon }),
    resources: data.resources.map((r) => ({ id: r.id, capacity: r.capacity, downtime: r.downtime })),
    activities: parsed,
    disjunctive: data.disjunctive.map(([a, b], k) => {
      if (a === b)
        failAt(
          `data.disjunctive[${k}]`,
          `a disjunctive pair needs two different activities, found '${a}' twice; an activity never overlaps itself, so drop the pair`,
        );
      return [
        lookup(activities, a, 'activity', `data.disjunctive[${k}][0]`),
        lookup(activities, b, 'activity', `data.disjunctive[${k}][1]`),
      ];
    }),
  };
}

/** The instance as the JSON `data` that `parseRcpsp` reads back. */
export function serializeRcpsp(instance: RcpspInstance): InstanceJson {
  const ids = instance.activities.map((a) => a.id);
  return {
    name: instance.name,
    objective: instance.objective,
    ...(instance.horizon === undefined ? {} : { horizon: instance.horizon }),
    resources: instance.resources.map((r) => ({ id: r.id, capacity: r.capacity, downtime: r.downtime })),
    activities: instance.activities.map((a) => ({
      id: a.id,
      duration: a.duration,
      demand: Object.fromEntries(
        a.demand.flatMap((amount, r) => (amount > 0 ? [[instance.resources[r].id, amount]] : [])),
      ),
      successors: a.successors.map((s) => ids[s]),
      ...(a.release > 0 ? { release: a.release } : {}),
      ...(Number.isFinite(a.deadline) ? { deadline: a.deadline } : {}),
    })),
    disjunctive: instance.disjunctive.map(([a, b]) => [ids[a], ids[b]] as [string, string]),
  };
}

const solutionSchema = z.object({
  starts: z.record(z.string(), wholeNumber('a start period', 0, Number.MAX_SAFE_INTEGER)),
});

/**
 * A solution file's `{ starts: { activityId: period } }` → starts by index; every
 * activity must appear, and every id must be one of the instance's. An unknown id is an
 * input error rather than a violation: the in-memory solution is by index, so once
 * parsed the stray entry would be gone, and it usually means the solution belongs to
 * another instance (or an id is misspelt), which the file's author must fix.
 */
export function parseRcpspSolution(instance: RcpspInstance, json: unknown): RcpspSolution {
  const data = parseWithSchema(solutionSchema, json, 'solution');
  const known = new Set(instance.activities.map((a) => a.id));
  const stray = Object.keys(data.starts).filter((id) => !known.has(id));
  if (stray.length > 0) {
    failAt(
      `solution.starts.${stray[0]}`,
      `unknown activity '${stray[0]}'${stray.length > 1 ? ` (and ${stray.length - 1} more)` : ''}; instance '${instance.name}' has no activity with that id`,
    );
  }
  return {
    starts: instance.activities.map((a) => {
      const start = data.starts[a.id];
      if (start === undefined)
        failAt(`solution.starts.${a.id}`, `activity '${a.id}' has no start; give every activity a start period`);
      return start;
    }),
  };
}

/** Starts by index → the JSON `{ starts: { id: period } }`. */
export function serializeRcpspSolution(
  instance: RcpspInstance,
  solution: RcpspSolution,
): { starts: Record<string, number> } {
  return { starts: Object.fromEntries(instance.activities.map((a, k) => [a.id, solution.starts[k]])) };
}
