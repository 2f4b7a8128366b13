import { describe, expect, it } from 'vitest';
import type { CanonicalModel } from '../../../src/canonical/canonical-model.js';
import { isFeasiblePoint, rowActivities } from '../../../src/canonical/check.js';
import { compile } from '../../../src/dsl/compile.js';
import { Model } from '../../../src/dsl/model.js';
import { solve } from '../../../src/solve/solve.js';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { formulateRcpsp } from '../../../models/rcpsp/formulation.js';
import { periodSets } from '../../../models/rcpsp/formulation/feasible-sets.js';
import { addLiftedCapacity } from '../../../models/rcpsp/formulation/lifted-capacity.js';
import { StepVars } from '../../../models/rcpsp/formulation/rules.js';
import { capacityProfiles, closures, topologicalOrder } from '../../../models/rcpsp/formulation/windows.js';
import { rcpspHeuristics } from '../../../models/rcpsp/heuristics.js';
import { parseRcpsp, type RcpspInstance, type RcpspSolution } from '../../../models/rcpsp/instance.js';
import { generated, type GeneratedKind } from './generated-support.js';
import { heuristicContext } from '../../support/heuristics.js';

/** Activities of one resource 'crew', each given as [id, duration, demand, successors]. */
function onCrew(
  capacity: number,
  activities: [string, number, number, string[]][],
  extra: { disjunctive?: [string, string][]; downtime?: { start: number; end: number; capacity: number }[] } = {},
): RcpspInstance {
  return parseRcpsp({
    name: 'crew',
    resources: [{ id: 'crew', capacity, downtime: extra.downtime ?? [] }],
    activities: activities.map(([id, duration, crew, successors]) => ({ id, duration, demand: { crew }, successors })),
    disjunctive: extra.disjunctive ?? [],
  });
}

const predecessorsOf = (instance: RcpspInstance) => closures(instance, topologicalOrder(instance), true);
const sorted = (sets: number[][] | undefined) =>
  sets?.map((set) => [...set].sort((a, b) => a - b)).sort((a, b) => a.join(',').localeCompare(b.join(',')));
const makespanOf = (instance: RcpspInstance, schedule: RcpspSolution) =>
  Math.max(0, ...instance.activities.map((a, j) => schedule.starts[j] + a.duration));

/** Names of the rows (and bounds, as `bound:` + column) a point breaks, so a failure says which rule cut it off. */
function brokenRows(canonical: CanonicalModel, point: Float64Array): string[] {
  const activity = rowActivities(canonical, point);
  const broken: string[] = [];
  for (let i = 0; i < canonical.numRows; i++) {
    if (activity[i] > canonical.rowUpper[i] + 1e-9 || activity[i] < canonical.rowLower[i] - 1e-9)
      broken.push(`${canonical.rowName(i)} = ${activity[i]}`);
  }
  for (let j = 0; j < canonical.numCols; j++) {
    if (point[j] > canonical.colUpper[j] + 1e-9 || point[j] < canonical.colLower[j] - 1e-9)
      broken.push(`bound:${canonical.colName(j)} = ${point[j]}`);
  }
  return broken;
}

/** Row indices whose name starts with `prefix` (names are sanitized: `liftedCapacity[0,3]` reads `liftedCapacity_0,3_`). */
const rowsNamed = (canonical: CanonicalModel, prefix: string) =>
  Array.from({ length: canonical.numRows }, (_, i) => i).filter((i) => canonical.rowName(i).startsWith(prefix));

const relaxed = (canonical: CanonicalModel): CanonicalModel => ({
  ...canonical,
  colInteger: new Uint8Array(canonical.numCols),
});

describe('periodSets', () => {
  // Capacity 5 with demands a=3, b=2, c=2, d=1; e uses nothing, f is released at 3. b -> e -> c
  // orders b and c only transitively, and a-d is a disjunctive pair. Without the transitive
  // precedence {b, c, d} (5 units) would be a maximal set, without the pair {a, d} would be.
  const instance = onCrew(
    5,
    [
      ['a', 1, 3, []],
      ['b', 1, 2, ['e']],
      ['c', 1, 2, []],
      ['d', 1, 1, []],
      ['e', 1, 0, ['c']],
      ['f', 1, 1, []],
    ],
    {
      disjunctive: [['a', 'd']],
      downtime: [{ start: 2, end: 3, capacity: 3 }],
    },
  );
  const horizon = 6;
  // Wide windows (every activity may start anywhere before the horizon, f from 3 on) make
  // every period's items known by hand; mayRun reads only the windows, so no variables are needed.
  const earliest = [0, 0, 0, 0, 0, 3];
  const latest = instance.activities.map((a) => horizon - a.duration);
  const steps = new StepVars(
    earliest,
    latest,
    instance.activities.map(() => []),
  );
  const periods = periodSets(instance, steps, capacityProfiles(instance, horizon), horizon, predecessorsOf(instance));

  it('lists exactly the maximal feasible sets of a period, without zero-demand or out-of-window activities', () => {
    expect(periods).toHaveLength(horizon);
    expect(periods[0].items).toEqual([0, 1, 2, 3]);
    expect(periods[0].capacity).toEqual([5]);
    // Pairs that fit 5 and are not kept apart: ab, ac, bd, cd; no triple fits or avoids both separations.
    expect(sorted(periods[0].sets)).toEqual([
      [0, 1],
      [0, 2],
      [1, 3],
      [2, 3],
    ]);
  });

  it('uses the capacity of the period, downtime included', () => {
    // At capacity 3 a fits only alone; bd and cd (3 units) still fit.
    expect(periods[2].capacity).toEqual([3]);
    expect(sorted(periods[2].sets)).toEqual([[0], [1, 3], [2, 3]]);
  });

  it('adds an activity from the period its window opens, and shares the entry of identical periods', () => {
    expect(periods[3].items).toEqual([0, 1, 2, 3, 5]);
    // f (1 unit) joins bd and cd; ab and ac are full, and a takes f alone (a-d is a pair, b or c overfill).
    expect(sorted(periods[3].sets)).toEqual([
      [0, 1],
      [0, 2],
      [0, 5],
      [1, 3, 5],
      [2, 3, 5],
    ]);
    expect(periods[1]).toBe(periods[0]);
    expect(periods[4]).toBe(periods[3]);
  });
});

describe('lifted capacity rows', () => {
  /** The lifted row of the single period 0 of an instance of unit-duration activities, as coefficient by activity and rhs. */
  function liftedRow(instance: RcpspInstance): { coefs: number[]; rhs: number } {
    const model = new Model('lifting');
    const x = instance.activities.map(() => model.addVar({ lb: 0, ub: 1 }));
    // Horizon 1: X_j(0) is a variable and X_j(-1) the constant 0, so running_j(0) is just x_j.
    const steps = new StepVars(
      instance.activities.map(() => 0),
      instance.activities.map(() => 1),
      x.map((v) => [v]),
    );
    const periods = periodSets(instance, steps, capacityProfiles(instance, 1), 1, predecessorsOf(instance));
    expect(addLiftedCapacity(model, instance, steps, periods)).toBe(1);
    const canonical = compile(model);
    const [row] = rowsNamed(canonical, 'liftedCapacity');
    const coefs = new Array<number>(x.length).fill(0);
    for (let k = canonical.rowStart[row]; k < canonical.rowStart[row + 1]; k++)
      coefs[canonical.colIndex[k]] = canonical.value[k];
    expect(canonical.rowLower[row]).toBe(-Infinity);
    return { coefs, rhs: canonical.rowUpper[row] };
  }
  const weight = (coefs: number[], point: number[]) => coefs.reduce((sum, c, j) => sum + c * point[j], 0);

  it('lifts a coefficient to what the capacity leaves it in every feasible set', () => {
    // Capacity 10, demands 6, 7, 3; 6 and 7 never fit together. The sets {a, c} = 9 and
    // {b, c} = 10 keep the rhs at 10. Heaviest first: b's partners weigh at most 3, so b stays
    // 7; a's weigh at most 3, so a rises to 10 - 3 = 7; c's weigh at most 7 now, so c stays 3.
    const { coefs, rhs } = liftedRow(
      onCrew(10, [
        ['a', 1, 6, []],
        ['b', 1, 7, []],
        ['c', 1, 3, []],
      ]),
    );
    expect(coefs).toEqual([7, 7, 3]);
    expect(rhs).toBe(10);
    // Strictly tighter than 6a + 7b + 3c <= 10: (1, 1/7, 1) meets the plain row exactly and breaks this one.
    const point = [1, 1 / 7, 1];
    expect(weight([6, 7, 3], point)).toBeCloseTo(10, 12);
    expect(weight(coefs, point)).toBeGreaterThan(rhs);
  });

  it('lowers the rhs to the most a feasible set uses', () => {
    // Demands 6, 7, 2: the fullest sets are {a, c} = 8 and {b, c} = 9, so the rhs drops to 9;
    // then a rises to 9 - 2 = 7 and c stays 9 - 7 = 2.
    const { coefs, rhs } = liftedRow(
      onCrew(10, [
        ['a', 1, 6, []],
        ['b', 1, 7, []],
        ['c', 1, 2, []],
      ]),
    );
    expect(rhs).toBe(9);
    expect(coefs).toEqual([7, 7, 2]);
    // (1/6, 1, 1) fills the plain row 6a + 7b + 2c <= 10 and breaks the lifted one.
    const point = [1 / 6, 1, 1];
    expect(weight([6, 7, 2], point)).toBeCloseTo(10, 12);
    expect(weight(coefs, point)).toBeGreaterThan(rhs);
  });
});

describe('formulateRcpsp with lifted rows and the period hull', () => {
  it('raises the LP bound where pairs fit but no triple does, which neither the plain rows nor the cliques see', async () => {
    // Five unit activities of 4 on a capacity of 10, horizon 3: any two fit, no three, so the
    // optimum is 3. Every pair fits, so there are no clique rows. The end's window starts at 2
    // (energy 20 on 10 per period). Plain LP: all five run half in period 0 and half in
    // period 1 (2.5 x 4 = 10 per period), so all finish by 2 and the LP makespan is 2. With the
    // sets, at most 2 run per period (hull, and the lifted row 4 sum <= 8), so
    // sum_j X_j(1) <= 4 and the end E(2) <= min_j X_j(1) <= 4/5: the LP makespan is 3 - 0.8 = 2.2,
    // reached by every activity running 0.4 in periods 0 and 1 and 0.2 in period 2.
    const instance = onCrew(
      10,
      ['a', 'b', 'c', 'd', 'e'].map((id) => [id, 1, 4, []]),
    );
    const strong = formulateRcpsp(instance, { horizon: 3, periodHull: true });
    const plain = formulateRcpsp(instance, { horizon: 3, liftedCapacity: false });
    const [strongModel, plainModel] = [compile(strong.model), compile(plain.model)];
    expect(rowsNamed(plainModel, 'clique')).toEqual([]);
    const lifted = rowsNamed(strongModel, 'liftedCapacity');
    expect(lifted.map((i) => strongModel.rowName(i))).toEqual([
      'liftedCapacity_0,0_',
      'liftedCapacity_0,1_',
      'liftedCapacity_0,2_',
    ]);
    // In period 0 running_j(0) = X_j(0), so the rhs reads as is (later periods move constants into it).
    expect(strongModel.rowUpper[lifted[0]]).toBe(8);
    const lp = async (canonical: CanonicalModel) => solve(relaxed(canonical), { solver: 'highs', timeLimitSec: 20 });
    const [strongLp, plainLp] = [await lp(strongModel), await lp(plainModel)];
    expect(plainLp.termination).toBe('optimal');
    expect(strongLp.termination).toBe('optimal');
    expect(plainLp.objective).toBeCloseTo(2, 6);
    expect(strongLp.objective).toBeCloseTo(2.2, 6);
    // The integer optimum is the same with or without the sets.
    const [strongMip, plainMip] = [
      await solve(strongModel, { solver: 'highs', timeLimitSec: 20 }),
      await solve(plainModel, { solver: 'highs', timeLimitSec: 20 }),
    ];
    expect(strongMip.objective).toBe(3);
    expect(plainMip.objective).toBe(3);
  });

  it('raises the LP bound by the period hull alone where lifting changes no row', async () => {
    // A unit activity of 6 and six of 4 on a capacity of 10, horizon 4: pairs fit (at most
    // 6 + 4 = 10), no triple does, so the optimum is ceil(7 / 2) = 4. The fullest set weighs 10
    // and no coefficient can rise (a 4's partners weigh up to 6), so there is no lifted row.
    // Energy 30 = 3 x 10 puts the end at 3 or later, and the plain LP reaches 3 with every
    // activity a third in each of periods 0-2. The hull lets at most 2 run per period, so
    // sum_j X_j(2) <= 6 and E(3) <= 6/7: the LP makespan is 4 - 6/7 = 22/7, reached by every
    // activity running 2/7 in periods 0-2 (weight 1/21 on each of the 21 pairs) and 1/7 in period 3.
    const instance = onCrew(10, [
      ['a', 1, 6, []],
      ...['b', 'c', 'd', 'e', 'f', 'g'].map((id): [string, number, number, string[]] => [id, 1, 4, []]),
    ]);
    const strong = compile(formulateRcpsp(instance, { horizon: 4, periodHull: true }).model);
    const plain = compile(formulateRcpsp(instance, { horizon: 4, liftedCapacity: false }).model);
    expect(rowsNamed(strong, 'liftedCapacity')).toEqual([]);
    expect(rowsNamed(strong, 'hull_')).toHaveLength(4);
    const [strongLp, plainLp] = [
      await solve(relaxed(strong), { solver: 'highs' }),
      await solve(relaxed(plain), { solver: 'highs' }),
    ];
    expect(plainLp.objective).toBeCloseTo(3, 6);
    expect(strongLp.objective).toBeCloseTo(22 / 7, 6);
    expect((await solve(strong, { solver: 'highs', timeLimitSec: 20 })).objective).toBe(4);
  });

  const kinds: GeneratedKind[] = ['psplib', 'psplib-extended', 'ramp', 'migration'];
  it.each(kinds)(
    '%s: lifted and hull rows cut off no real schedule (reference and heuristic, tight and loose horizons)',
    (kind) => {
      const added = { lifted: 0, hull: 0, heuristic: 0 };
      for (const seed of [1, 2, 3, 4, 5]) {
        const { instance, reference } = generated(kind, seed);
        // The heuristic meets deadlines by a timed search and may come back late on the extended
        // kind; a late schedule is no schedule of the instance, so only on-time ones are checked.
        const heuristic = rcpspHeuristics.default(instance, heuristicContext(seed, 0.05));
        const schedules: [string, RcpspSolution][] = [['reference', reference]];
        if (evaluateRcpsp(instance, heuristic).feasible) schedules.push(['heuristic', heuristic]);
        added.heuristic += schedules.length - 1;
        // Ramps and migrations draw a feasibility objective for some seeds; the makespan form adds
        // the end's rows too, so both are checked.
        const forms =
          instance.objective === 'makespan' ? [instance] : [instance, { ...instance, objective: 'makespan' as const }];
        for (const form of forms) {
          for (const [name, schedule] of schedules) {
            // Windows hold for every schedule ending by the horizon, so the schedule's makespan is the tightest valid horizon.
            for (const horizon of [makespanOf(form, schedule), makespanOf(form, schedule) + 3]) {
              const where = `${kind} seed ${seed} (${form.objective}), ${name} schedule, horizon ${horizon}`;
              const mip = formulateRcpsp(form, { horizon, periodHull: true });
              const point = mip.encode(schedule);
              expect(point, `${where}: encode`).toBeDefined();
              const canonical = compile(mip.model);
              expect(brokenRows(canonical, point!), where).toEqual([]);
              expect(isFeasiblePoint(canonical, point!, 1e-9), where).toBe(true);
              expect(mip.decode(point!), where).toEqual({ starts: schedule.starts });
              added.lifted += rowsNamed(canonical, 'liftedCapacity').length;
              added.hull += rowsNamed(canonical, 'hullMember').length;
            }
          }
        }
      }
      // The property says something only if the rows under test were there.
      expect(added.lifted).toBeGreaterThan(0);
      expect(added.hull).toBeGreaterThan(0);
      expect(added.heuristic).toBeGreaterThan(0);
    },
  );

  // Twelve activities each, makespan objective: HiGHS proves both optima within a second or two.
  const small: [GeneratedKind, number][] = [
    ['psplib', 1],
    ['psplib', 3],
    ['psplib', 6],
    ['psplib-extended', 3],
  ];
  it.each(small)(
    '%s seed %i: the optimum is the same with and without lifted rows and the hull',
    async (kind, seed) => {
      const { instance, reference } = generated(kind, seed);
      expect(instance.objective).toBe('makespan');
      expect(instance.activities.length).toBeLessThanOrEqual(14);
      // The reference's makespan as horizon: the extended kind's own horizon may predate its downtime.
      const horizon = makespanOf(instance, reference);
      const strong = formulateRcpsp(instance, { horizon, periodHull: true });
      const plain = formulateRcpsp(instance, { horizon, liftedCapacity: false });
      const strongResult = await solve(strong.model, { solver: 'highs', timeLimitSec: 20 });
      const plainResult = await solve(plain.model, { solver: 'highs', timeLimitSec: 20 });
      expect(strongResult.termination).toBe('optimal');
      expect(plainResult.termination).toBe('optimal');
      expect(strongResult.objective).toBe(plainResult.objective);
      const evaluation = evaluateRcpsp(instance, strong.decode(strongResult.values));
      expect(evaluation.violations).toEqual([]);
      expect(evaluation.objective).toBe(strongResult.objective);
    },
  );

  it('keeps working when a period has too many maximal sets to list', async () => {
    // Forty unit activities of 1 on a capacity of 20 have C(40, 20) maximal sets in periods 0
    // and 1, far past any limit; y (15) and z (10) follow all of them and cannot overlap.
    // Energy puts the forty in periods 0-1 and y, z in 2-3, where the sets are {y} and {z}.
    const many = Array.from({ length: 40 }, (_, k): [string, number, number, string[]] => [`m${k}`, 1, 1, ['y', 'z']]);
    const instance = onCrew(20, [...many, ['y', 1, 15, []], ['z', 1, 10, []]]);
    const reference = { starts: [...many.map((_, k) => (k < 20 ? 0 : 1)), 2, 3] };
    expect(evaluateRcpsp(instance, reference).violations).toEqual([]);
    const mip = formulateRcpsp(instance, { horizon: 4, periodHull: true });
    const steps = new StepVars(
      mip.windows.earliest,
      mip.windows.latest,
      instance.activities.map(() => []),
    );
    const periods = periodSets(instance, steps, capacityProfiles(instance, 4), 4, predecessorsOf(instance));
    expect(periods.map((p) => p.items.length)).toEqual([40, 40, 2, 2]);
    expect(periods[0].sets).toBeUndefined();
    expect(periods[1].sets).toBeUndefined();
    expect(sorted(periods[2].sets)).toEqual([[40], [41]]);
    const canonical = compile(mip.model);
    // Only the listed periods get hull rows; the others keep their plain capacity rows.
    expect(rowsNamed(canonical, 'hull_').map((i) => canonical.rowName(i))).toEqual(['hull_2_', 'hull_3_']);
    const point = mip.encode(reference)!;
    expect(brokenRows(canonical, point)).toEqual([]);
    const result = await solve(mip.model, { solver: 'highs', timeLimitSec: 20 });
    expect(result.termination).toBe('optimal');
    expect(result.objective).toBe(4);
  });

  it('lists the one maximal set of a loose period without walking its subsets', () => {
    // Thirty unit activities on a capacity of 100 all fit at once: one maximal set, which a
    // walk over all 2^30 subsets would never reach within the enumeration's step limit.
    const loose = onCrew(
      100,
      Array.from({ length: 30 }, (_, k): [string, number, number, string[]] => [`u${k}`, 1, 1, []]),
    );
    const steps = new StepVars(
      loose.activities.map(() => 0),
      loose.activities.map(() => 0),
      loose.activities.map(() => []),
    );
    const [period] = periodSets(loose, steps, capacityProfiles(loose, 1), 1, predecessorsOf(loose));
    expect(period.sets).toEqual([loose.activities.map((_, j) => j)]);
  });
});
