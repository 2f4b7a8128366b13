/**
 * Minimal stand-ins for the RCPSP modules being written alongside the formulation
 * (the PSPLIB reader, the evaluator and a heuristic), used by the formulation's tests
 * and benchmark only while `models/rcpsp/io.ts`, `evaluate.ts` and `heuristics.ts`
 * are missing. Each is small and checked by the tests that use it.
 */
import type { RcpspInstance, RcpspSolution } from '../../../models/rcpsp/instance.js';
import { capacityProfiles, topologicalOrder } from '../../../models/rcpsp/formulation/windows.js';

/** A PSPLIB `.sm` file (single mode, renewable resources only) as an instance. */
export function readSmLocal(text: string, name = 'psplib'): RcpspInstance {
  const lines = text.split('\n');
  const at = (label: string) => lines.findIndex((line) => line.startsWith(label));
  const numbers = (line: string) => line.trim().split(/\s+/).filter(Boolean).map(Number);
  const jobs = numbers(lines[at('jobs')].split(':')[1])[0];
  const horizon = numbers(lines[at('horizon')].split(':')[1])[0];
  const precedence = at('PRECEDENCE RELATIONS') + 2;
  const requests = at('REQUESTS/DURATIONS') + 3;
  const capacities = numbers(lines[at('RESOURCEAVAILABILITIES') + 2]);
  return {
    name,
    objective: 'makespan',
    horizon,
    disjunctive: [],
    resources: capacities.map((capacity, r) => ({ id: `R${r + 1}`, capacity, downtime: [] })),
    activities: Array.from({ length: jobs }, (_, j) => {
      const [, , , ...successors] = numbers(lines[precedence + j]);
      const [, , duration, ...demand] = numbers(lines[requests + j]);
      return {
        id: `${j + 1}`,
        duration,
        demand,
        successors: successors.map((s) => s - 1),
        release: 0,
        deadline: Infinity,
      };
    }),
  };
}

/** Every rule a schedule must keep, checked directly on the starts; returns the broken ones and the makespan. */
export function checkScheduleLocal(
  instance: RcpspInstance,
  solution: RcpspSolution,
): { feasible: boolean; makespan: number; violations: string[] } {
  const violations: string[] = [];
  const { activities } = instance;
  const starts = solution.starts;
  const makespan = Math.max(0, ...activities.map((a, j) => starts[j] + a.duration));
  activities.forEach((a, j) => {
    if (!Number.isInteger(starts[j]) || starts[j] < a.release) violations.push(`release ${a.id}`);
    if (starts[j] + a.duration > a.deadline) violations.push(`deadline ${a.id}`);
    for (const s of a.successors)
      if (starts[s] < starts[j] + a.duration) violations.push(`precedence ${a.id}->${activities[s].id}`);
  });
  const profiles = capacityProfiles(instance, makespan);
  profiles.forEach((profile, r) => {
    for (let t = 0; t < makespan; t++) {
      const used = activities.reduce(
        (total, a, j) => total + (starts[j] <= t && t < starts[j] + a.duration ? a.demand[r] : 0),
        0,
      );
      if (used > profile[t]) violations.push(`capacity ${instance.resources[r].id}@${t}`);
    }
  });
  for (const [i, j] of instance.disjunctive) {
    const [a, b] = [activities[i], activities[j]];
    if (a.duration > 0 && b.duration > 0 && starts[i] < starts[j] + b.duration && starts[j] < starts[i] + a.duration)
      violations.push(`disjunctive ${a.id}/${b.id}`);
  }
  return { feasible: violations.length === 0, makespan, violations };
}

/** Places each activity of `order` at the earliest (forward) or latest (backward) period where it fits. */
function serialSgs(instance: RcpspInstance, order: number[], forward: boolean, limit: number): number[] {
  const { activities } = instance;
  const usage = instance.resources.map(() => new Int32Array(limit + 1));
  const predecessors = activities.map(() => [] as number[]);
  activities.forEach((a, i) => a.successors.forEach((s) => predecessors[s].push(i)));
  const starts = new Array<number>(activities.length).fill(-1);
  const fits = (j: number, s: number) =>
    activities[j].demand.every((d, r) => {
      for (let t = s; t < s + activities[j].duration; t++)
        if (usage[r][t] + d > instance.resources[r].capacity) return false;
      return true;
    });
  for (const j of order) {
    const a = activities[j];
    if (forward) {
      let s = Math.max(0, ...predecessors[j].map((i) => starts[i] + activities[i].duration));
      while (!fits(j, s)) s++;
      starts[j] = s;
    } else {
      let s = Math.min(limit, ...a.successors.map((k) => starts[k])) - a.duration;
      while (!fits(j, s)) s--;
      starts[j] = s;
    }
    a.demand.forEach((d, r) => {
      for (let t = starts[j]; t < starts[j] + a.duration; t++) usage[r][t] += d;
    });
  }
  return starts;
}

/** Forward-backward improvement: right-justify in order of decreasing finish, then left-justify in order of increasing start. */
function justify(instance: RcpspInstance, starts: number[], rank: number[], limit: number): number[] {
  const n = starts.length;
  const finishDesc = Array.from({ length: n }, (_, j) => j).sort(
    (a, b) =>
      starts[b] + instance.activities[b].duration - (starts[a] + instance.activities[a].duration) || rank[b] - rank[a],
  );
  const right = serialSgs(instance, finishDesc, false, limit);
  const startAsc = Array.from({ length: n }, (_, j) => j).sort((a, b) => right[a] - right[b] || rank[a] - rank[b]);
  return serialSgs(instance, startAsc, true, limit);
}

/**
 * Random-biased latest-finish priority lists through the serial scheme, each improved by
 * forward-backward justification; returns the best schedule. Plain RCPSP only.
 */
export function heuristicLocal(instance: RcpspInstance, iterations: number, rng: () => number): RcpspSolution {
  const { activities } = instance;
  const order = topologicalOrder(instance);
  const rank = new Array<number>(activities.length);
  order.forEach((j, k) => (rank[j] = k));
  const limit = activities.reduce((t, a) => t + a.duration, 0) + 1;
  const tail = new Array<number>(activities.length).fill(0);
  for (let k = order.length - 1; k >= 0; k--) {
    const j = order[k];
    tail[j] = activities[j].duration + Math.max(0, ...activities[j].successors.map((s) => tail[s]));
  }
  const makespan = (s: number[]) => Math.max(...s.map((v, j) => v + activities[j].duration));
  let best: number[] | undefined;
  for (let it = 0; it < iterations; it++) {
    const noise = activities.map(() => (it === 0 ? 0 : rng() * 0.6 * Math.max(...tail)));
    const priority = order.map((j) => j).sort((a, b) => tail[b] + noise[b] - (tail[a] + noise[a]));
    const list = precedenceFeasible(instance, priority);
    let starts = serialSgs(instance, list, true, limit);
    for (let pass = 0; pass < 3; pass++) starts = justify(instance, starts, rank, limit);
    if (best === undefined || makespan(starts) < makespan(best)) best = starts;
  }
  return { starts: best ?? [] };
}

/** The list reordered so that every activity follows its predecessors, keeping the given priority otherwise. */
function precedenceFeasible(instance: RcpspInstance, priority: number[]): number[] {
  const remaining = new Int32Array(instance.activities.length);
  instance.activities.forEach((a) => a.successors.forEach((s) => remaining[s]++));
  const done = new Uint8Array(instance.activities.length);
  const list: number[] = [];
  while (list.length < priority.length) {
    const next = priority.find((j) => !done[j] && remaining[j] === 0)!;
    done[next] = 1;
    list.push(next);
    instance.activities[next].successors.forEach((s) => remaining[s]--);
  }
  return list;
}
