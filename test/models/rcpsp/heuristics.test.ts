import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { geneticHeuristic, rcpspHeuristics } from '../../../models/rcpsp/heuristics.js';
import type { RcpspInstance } from '../../../models/rcpsp/instance.js';
import { readSm } from '../../../models/rcpsp/io.js';
import { brokenRules, makeInstance, makespanOf, seededRng } from './heuristics-support.js';
import { heuristicContext } from '../../support/heuristics.js';

const crew = (capacity: number, downtime: { start: number; end: number; capacity: number }[] = []) => [
  { id: 'crew', capacity, downtime },
];

/** Hand-made instances with their optimal makespans, each argued in a comment. */
const handMade: { name: string; instance: RcpspInstance; optimum: number }[] = [
  {
    // Work 3+3+4+2+2 = 14 on capacity 2 needs 7 periods; c [0,2), a and b [2,5), d and e [5,7) achieves it.
    name: 'one resource',
    instance: makeInstance(crew(2), [
      { duration: 3, demand: [1], successors: [3] },
      { duration: 3, demand: [1], successors: [4] },
      { duration: 2, demand: [2] },
      { duration: 2, demand: [1] },
      { duration: 2, demand: [1] },
    ]),
    optimum: 7,
  },
  {
    // The crew is away in periods 2 and 3, so 5 periods of work need periods 0,1,4,5,6; a [0,2), b [4,7).
    name: 'downtime',
    instance: makeInstance(crew(1, [{ start: 2, end: 4, capacity: 0 }]), [
      { duration: 3, demand: [1] },
      { duration: 2, demand: [1] },
    ]),
    optimum: 7,
  },
  {
    // Work 3+2+2 = 7 on one crew needs 7 periods; a [0,3), b at its release 3 until 5, c [5,7) reaches it.
    name: 'release dates',
    instance: makeInstance(crew(1), [
      { duration: 3, demand: [1] },
      { duration: 2, demand: [1], release: 3 },
      { duration: 2, demand: [1] },
    ]),
    optimum: 7,
  },
  {
    // a and b must not overlap, so 5 is a bound; b [0,2), then a [2,5) and c [2,4) reach it (a first gives 7).
    name: 'disjunctive pair',
    instance: makeInstance([], [{ duration: 3 }, { duration: 2, successors: [2] }, { duration: 2 }], {
      disjunctive: [[0, 1]],
    }),
    optimum: 5,
  },
];

describe('RCPSP heuristics on hand-made instances', () => {
  for (const { name, instance, optimum } of handMade) {
    for (const [method, heuristic] of Object.entries(rcpspHeuristics)) {
      it(`${method} gives a feasible schedule (${name})`, () => {
        const solution = heuristic(instance, heuristicContext(1, 5));
        expect(brokenRules(instance, solution)).toEqual([]);
        expect(evaluateRcpsp(instance, solution).violations).toEqual([]);
        expect(makespanOf(instance, solution)).toBeGreaterThanOrEqual(optimum);
      });
    }
    it(`default reaches the optimum ${optimum} (${name})`, () => {
      const solution = rcpspHeuristics.default(instance, heuristicContext(7, 5));
      expect(makespanOf(instance, solution)).toBe(optimum);
    });
  }

  it('default meets a deadline that only one order meets (feasibility objective)', () => {
    // One crew; b must finish by 2, so it goes first: b [0,2), a [2,5).
    const instance = makeInstance(
      crew(1),
      [
        { duration: 3, demand: [1] },
        { duration: 2, demand: [1], deadline: 2 },
      ],
      { objective: 'feasibility' },
    );
    const solution = rcpspHeuristics.default(instance, heuristicContext(3, 5));
    expect(evaluateRcpsp(instance, solution).feasible).toBe(true);
    expect(solution.starts).toEqual([2, 0]);
  });

  it('fbi is never worse than the best serial rule', () => {
    const instance = handMade[0].instance;
    const ctx = () => heuristicContext(1, 5);
    const rules = ['serial-lft', 'serial-lst', 'serial-mts', 'serial-grpw', 'serial-mslk'];
    const bestRule = Math.min(...rules.map((m) => makespanOf(instance, rcpspHeuristics[m](instance, ctx()))));
    expect(makespanOf(instance, rcpspHeuristics.fbi(instance, ctx()))).toBeLessThanOrEqual(bestRule);
  });

  it('a tiny schedule budget still returns a feasible schedule', () => {
    const instance = handMade[0].instance;
    const solution = geneticHeuristic({ maxSchedules: 1, populationSize: 2 })(instance, {
      rng: seededRng(1),
      deadline: 0,
    });
    expect(brokenRules(instance, solution)).toEqual([]);
  });
});

const j30 = join(process.cwd(), '..', 'shared', 'data', 'psplib', 'j30');
// One file from each of twelve ProGen classes: NC 1.5/1.8/2.1 x RF 0.25-1 x RS 0.2-0.7 (j301 easy ... j3045 hard).
const sample = [
  'j301_1.sm',
  'j305_3.sm',
  'j309_2.sm',
  'j3013_1.sm',
  'j3017_4.sm',
  'j3021_5.sm',
  'j3029_5.sm',
  'j3033_2.sm',
  'j3037_1.sm',
  'j3041_4.sm',
  'j3045_3.sm',
  'j3046_2.sm',
];
const haveJ30 = existsSync(join(j30, 'optimum.csv'));

function optimumOf(file: string): number {
  const line = readFileSync(join(j30, 'optimum.csv'), 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${file},`));
  return Number(line!.split(',')[1]);
}

if (!haveJ30) console.log(`skipping the PSPLIB j30 checks: ${join(j30, 'optimum.csv')} is absent`);

describe.skipIf(!haveJ30)('RCPSP heuristics on PSPLIB j30 (proven optima)', () => {
  for (const file of sample) {
    it(`${file}: no heuristic beats the proven optimum, and default is within 5% of it at 0.5 s`, () => {
      const instance = readSm(readFileSync(join(j30, file), 'utf8'));
      const optimum = optimumOf(file);
      for (const [method, heuristic] of Object.entries(rcpspHeuristics)) {
        const budget = method === 'default' ? 500 : 150;
        const evaluation = evaluateRcpsp(
          instance,
          heuristic(instance, { rng: seededRng(11), deadline: Date.now() + budget }),
        );
        expect(evaluation.violations, method).toEqual([]);
        expect(evaluation.objective, method).toBeGreaterThanOrEqual(optimum);
        if (method === 'default') expect(evaluation.objective).toBeLessThanOrEqual(optimum * 1.05);
      }
    });
  }
});
