import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pointViolation } from '../../../src/canonical/check.js';
import { compile } from '../../../src/dsl/compile.js';
import { solve } from '../../../src/solve/solve.js';
import { timeWindows } from '../../../models/rcpsp/bounds.js';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { formulateRcpsp, safeHorizon } from '../../../models/rcpsp/formulation.js';
import { activityWindows } from '../../../models/rcpsp/formulation/windows.js';
import { rcpspHeuristics } from '../../../models/rcpsp/heuristics.js';
import { parseRcpsp, type RcpspInstance } from '../../../models/rcpsp/instance.js';
import { readSm } from '../../../models/rcpsp/io.js';
import { checkScheduleLocal, heuristicLocal, readSmLocal } from './formulation-support.js';

/** Five activities on one crew of two; each test adds one kind of constraint. */
function small(
  extra: {
    release?: Record<string, number>;
    deadline?: Record<string, number>;
    downtime?: { start: number; end: number; capacity: number }[];
    disjunctive?: [string, string][];
    objective?: 'makespan' | 'feasibility';
  } = {},
): RcpspInstance {
  const activity = (id: string, duration: number, crew: number, successors: string[] = []) => ({
    id,
    duration,
    demand: { crew },
    successors,
    ...(extra.release?.[id] === undefined ? {} : { release: extra.release[id] }),
    ...(extra.deadline?.[id] === undefined ? {} : { deadline: extra.deadline[id] }),
  });
  return parseRcpsp({
    name: 'small',
    objective: extra.objective ?? 'makespan',
    resources: [{ id: 'crew', capacity: 2, downtime: extra.downtime ?? [] }],
    activities: [
      activity('a', 3, 1, ['c']),
      activity('b', 2, 2, ['d']),
      activity('c', 2, 1),
      activity('d', 3, 1),
      activity('e', 1, 2),
    ],
    disjunctive: extra.disjunctive ?? [],
  });
}

/** The optimal makespan by enumerating start vectors, pruned by release, deadline and precedence (Infinity when none is feasible). */
function bruteForceMakespan(instance: RcpspInstance): number {
  const horizon = safeHorizon(instance);
  const { activities } = instance;
  const starts = activities.map(() => 0);
  const orderedBefore = (j: number) =>
    activities.every((a, i) => i >= j || a.successors.every((s) => s >= j || starts[s] >= starts[i] + a.duration)) &&
    activities.slice(0, j).every((a, i) => !a.successors.includes(j) || starts[j] >= starts[i] + a.duration);
  let best = Infinity;
  const visit = (j: number): void => {
    if (j === starts.length) {
      const check = checkScheduleLocal(instance, { starts });
      if (check.feasible) best = Math.min(best, check.makespan);
      return;
    }
    for (let s = activities[j].release; s + activities[j].duration <= Math.min(horizon, activities[j].deadline); s++) {
      starts[j] = s;
      if (orderedBefore(j)) visit(j + 1);
    }
  };
  visit(0);
  return best;
}

async function solveSmall(instance: RcpspInstance) {
  const mip = formulateRcpsp(instance);
  const result = await solve(mip.model, { solver: 'highs', timeLimitSec: 20 });
  return { mip, result };
}

const cases: [string, RcpspInstance][] = [
  ['precedence and capacity', small()],
  ['downtime', small({ downtime: [{ start: 1, end: 4, capacity: 1 }] })],
  ['release dates', small({ release: { e: 3, b: 1 } })],
  ['deadlines', small({ deadline: { d: 5 } })],
  [
    'disjunctive pairs',
    small({
      disjunctive: [
        ['a', 'd'],
        ['c', 'd'],
      ],
    }),
  ],
  [
    'all extensions at once',
    small({
      release: { c: 4 },
      deadline: { b: 4 },
      downtime: [{ start: 5, end: 7, capacity: 0 }],
      disjunctive: [['a', 'e']],
    }),
  ],
];

describe('formulateRcpsp on hand-made instances', () => {
  it.each(cases)(
    '%s: HiGHS reaches the brute-force optimum and the objective is the evaluated makespan',
    async (_, instance) => {
      const expected = bruteForceMakespan(instance);
      const { mip, result } = await solveSmall(instance);
      expect(result.termination).toBe('optimal');
      const schedule = mip.decode(result.values);
      const evaluation = evaluateRcpsp(instance, schedule);
      expect(evaluation.violations).toEqual([]);
      expect(evaluation.objective).toBe(expected);
      expect(result.objective).toBe(evaluation.objective);
      expect(result.value(mip.makespan!)).toBe(evaluation.objective);
    },
  );

  it.each(cases)(
    "%s: encode(schedule) is a feasible point with the schedule's makespan as objective",
    async (_, instance) => {
      const { mip, result } = await solveSmall(instance);
      const schedule = mip.decode(result.values);
      const point = mip.encode(schedule)!;
      const canonical = compile(mip.model);
      expect(pointViolation(canonical, point).max).toBe(0);
      expect(mip.decode(point)).toEqual(schedule);
    },
  );

  it('decodes values a solver returns slightly off integers', async () => {
    const { mip, result } = await solveSmall(small());
    const noisy = result.values.map((v) => (v > 0.5 ? v - 1e-7 : v + 1e-7));
    expect(mip.decode(noisy)).toEqual(mip.decode(result.values));
  });

  it('is infeasible when a deadline is shorter than the critical path', async () => {
    const { result } = await solveSmall(small({ deadline: { c: 4 } }));
    expect(result.termination).toBe('infeasible');
  });

  it('is infeasible when deadlines force two full-crew activities into the same periods', async () => {
    const instance = small({ deadline: { b: 2, e: 2 } });
    expect(bruteForceMakespan(instance)).toBe(Infinity);
    const { result } = await solveSmall(instance);
    expect(result.termination).toBe('infeasible');
  });

  it('solves a feasibility instance without an objective and returns a valid schedule', async () => {
    const instance = small({ objective: 'feasibility', deadline: { d: 6 }, disjunctive: [['a', 'd']] });
    const { mip, result } = await solveSmall(instance);
    expect(mip.makespan).toBeUndefined();
    expect(result.termination).toBe('optimal');
    expect(evaluateRcpsp(instance, mip.decode(result.values)).feasible).toBe(true);
  });

  it('takes the horizon from the warm start, whose encoding is the MIP start', async () => {
    const instance = small();
    const warmStart = { starts: [0, 3, 5, 5, 8] };
    expect(evaluateRcpsp(instance, warmStart).feasible).toBe(true);
    const mip = formulateRcpsp(instance, { warmStart });
    expect(mip.horizon).toBe(9);
    expect(pointViolation(compile(mip.model), mip.start!).max).toBe(0);
    const result = await solve(mip.model, { solver: 'highs', warmStart: mip.start });
    expect(result.objective).toBe(bruteForceMakespan(instance));
  });

  it('returns no encoding for a schedule outside the windows', () => {
    const mip = formulateRcpsp(small(), { horizon: 9 });
    expect(mip.encode({ starts: [0, 3, 3, 5, 9] })).toBeUndefined();
  });
});

const psplib = resolve('../shared/data/psplib/j30');
const havePsplib = existsSync(join(psplib, 'optimum.csv'));
if (!havePsplib) console.log(`skipping the j30 formulation tests: ${psplib}/optimum.csv is absent`);

describe.skipIf(!havePsplib)('formulateRcpsp on PSPLIB j30', () => {
  const optimum = (file: string) =>
    Number(
      readFileSync(join(psplib, 'optimum.csv'), 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${file},`))!
        .split(',')[1],
    );
  const load = (file: string) => readSm(readFileSync(join(psplib, file), 'utf8'), { name: file });

  it.each(['j301_1.sm', 'j308_2.sm', 'j3022_4.sm'])(
    '%s: HiGHS proves the known optimum within 30 s',
    async (file) => {
      const instance = load(file);
      let seed = 7;
      const rng = () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32;
      const warmStart = rcpspHeuristics.default(instance, { rng, deadline: Date.now() + 500 });
      const mip = formulateRcpsp(instance, { warmStart });
      const result = await solve(mip.model, { solver: 'highs', timeLimitSec: 30, warmStart: mip.start });
      expect(result.termination).toBe('optimal');
      const evaluation = evaluateRcpsp(instance, mip.decode(result.values));
      expect(evaluation.feasible).toBe(true);
      expect(evaluation.objective).toBe(optimum(file));
      expect(result.objective).toBe(evaluation.objective);
    },
    60_000,
  );

  it('windows are at least as tight as bounds.ts timeWindows, and contain an optimal schedule', async () => {
    for (const file of ['j301_1.sm', 'j3013_1.sm', 'j3045_3.sm']) {
      const instance = load(file);
      const horizon = optimum(file);
      const mine = activityWindows(instance, horizon);
      const theirs = timeWindows(instance, horizon);
      instance.activities.forEach((_, j) => {
        expect(mine.earliest[j]).toBeGreaterThanOrEqual(theirs.earliest[j]);
        expect(mine.latest[j]).toBeLessThanOrEqual(theirs.latest[j]);
      });
      expect(mine.empty).toBe(false);
      expect(activityWindows(instance, horizon - 1).endEarliest).toBeLessThanOrEqual(horizon);
    }
  });

  it('the local stand-ins used by the benchmark agree with io.ts and the evaluator', () => {
    const text = readFileSync(join(psplib, 'j301_1.sm'), 'utf8');
    const local = readSmLocal(text, 'j301_1');
    const official = readSm(text, { name: 'j301_1' });
    expect(local.activities.map((a) => [a.duration, a.demand, a.successors])).toEqual(
      official.activities.map((a) => [a.duration, a.demand, a.successors]),
    );
    const schedule = heuristicLocal(official, 20, () => 0.5);
    expect(checkScheduleLocal(official, schedule).makespan).toBe(evaluateRcpsp(official, schedule).objective);
    expect(evaluateRcpsp(official, schedule).feasible).toBe(true);
  });
});
