/**
 * Helpers for the RCPSP heuristic tests: a seeded generator, a compact way to write
 * small instances, and a checker written apart from `models/rcpsp/evaluate.ts`, so
 * that the heuristics are judged by two independent pieces of code.
 */
import type { Activity, RcpspInstance, RcpspSolution } from '../../../models/rcpsp/instance.js';
import { seededRandom } from '../../../src/util/random.js';

/** The project's seeded generator, under the name these tests use. */
export const seededRng = seededRandom;

type ActivitySpec = Partial<Omit<Activity, 'id'>> & { duration: number };

/** An instance from terse activity specs; ids are a, b, c, ... */
export function makeInstance(
  resources: RcpspInstance['resources'],
  specs: ActivitySpec[],
  extra: Partial<RcpspInstance> = {},
): RcpspInstance {
  return {
    name: 'hand-made',
    objective: 'makespan',
    disjunctive: [],
    resources,
    activities: specs.map((spec, k) => ({
      id: String.fromCharCode(97 + k),
      demand: resources.map(() => 0),
      successors: [],
      release: 0,
      deadline: Infinity,
      ...spec,
    })),
    ...extra,
  };
}

function capacityAt(resource: RcpspInstance['resources'][number], t: number): number {
  let capacity = resource.capacity;
  for (const w of resource.downtime) if (w.start <= t && t < w.end) capacity = Math.min(capacity, w.capacity);
  return capacity;
}

/** Every rule except deadlines, checked the plain way; returns the broken rules (empty when feasible). */
export function brokenRules(instance: RcpspInstance, solution: RcpspSolution): string[] {
  const { activities, resources } = instance;
  const s = solution.starts;
  const broken: string[] = [];
  if (s.length !== activities.length || s.some((v) => !Number.isInteger(v) || v < 0)) return ['shape'];
  activities.forEach((a, i) => {
    if (s[i] < a.release) broken.push(`release ${a.id}`);
    for (const j of a.successors) if (s[i] + a.duration > s[j]) broken.push(`precedence ${a.id}->${activities[j].id}`);
  });
  for (const [i, j] of instance.disjunctive) {
    const overlap = s[i] < s[j] + activities[j].duration && s[j] < s[i] + activities[i].duration;
    if (overlap && activities[i].duration > 0 && activities[j].duration > 0) broken.push(`disjunctive ${i}/${j}`);
  }
  const end = Math.max(0, ...activities.map((a, i) => s[i] + a.duration));
  resources.forEach((resource, r) => {
    for (let t = 0; t < end; t++) {
      let used = 0;
      activities.forEach((a, i) => {
        if (s[i] <= t && t < s[i] + a.duration) used += a.demand[r];
      });
      if (used > capacityAt(resource, t)) broken.push(`capacity ${resource.id}@${t}`);
    }
  });
  return broken;
}

export function makespanOf(instance: RcpspInstance, solution: RcpspSolution): number {
  return Math.max(0, ...instance.activities.map((a, i) => solution.starts[i] + a.duration));
}

/** The critical path with release dates: a lower bound on every makespan. */
export function criticalPath(instance: RcpspInstance): number {
  const n = instance.activities.length;
  const earliest = instance.activities.map((a) => a.release);
  // Bellman-Ford style relaxation is enough for the small instances of the tests.
  for (let round = 0; round < n; round++) {
    instance.activities.forEach((a, i) => {
      for (const j of a.successors) earliest[j] = Math.max(earliest[j], earliest[i] + a.duration);
    });
  }
  return Math.max(0, ...instance.activities.map((a, i) => earliest[i] + a.duration));
}
