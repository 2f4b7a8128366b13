/**
 * The serial SGS skips periods where a resource is already full (`Frontiers` in
 * capacity-profile.ts, which made the first pass over 100,000 unconstrained activities linear):
 * the schedules must be exactly those of the plain search, forward and backward.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { book, earliestFit, latestFit } from '../../models/rcpsp/heuristics/capacity-profile.js';
import { type CompiledRcpsp, compileRcpsp } from '../../models/rcpsp/heuristics/compiled.js';
import { priorityList, priorityValues } from '../../models/rcpsp/heuristics/priority-rules.js';
import { createWorkspace, serialBackward, serialForward } from '../../models/rcpsp/heuristics/sgs.js';
import { family } from '../../models/rcpsp/index.js';
import { generated } from '../models/rcpsp/generated-support.js';
import { seededRng } from '../models/rcpsp/heuristics-support.js';

/** The forward serial SGS without frontiers (no disjunctive partners). */
function plainForward(c: CompiledRcpsp, list: Int32Array): Int32Array {
  const avail = Int32Array.from(c.baseProfile);
  const starts = new Int32Array(c.n);
  for (const j of list) {
    let t = c.release[j];
    for (let k = c.predecessors.start[j]; k < c.predecessors.start[j + 1]; k++) {
      const p = c.predecessors.list[k];
      t = Math.max(t, starts[p] + c.duration[p]);
    }
    starts[j] = earliestFit(c, avail, j, t);
    book(c, avail, j, starts[j]);
  }
  return starts;
}

/** The backward serial SGS without frontiers; undefined where it would start before a release. */
function plainBackward(c: CompiledRcpsp, list: Int32Array, end: number): Int32Array | undefined {
  const avail = Int32Array.from(c.baseProfile);
  const starts = new Int32Array(c.n);
  for (const j of list) {
    let finish = end;
    for (let k = c.successors.start[j]; k < c.successors.start[j + 1]; k++)
      finish = Math.min(finish, starts[c.successors.list[k]]);
    starts[j] = latestFit(c, avail, j, finish - c.duration[j]);
    if (starts[j] < c.release[j]) return undefined;
    book(c, avail, j, starts[j]);
  }
  return starts;
}

describe('serial SGS with full-period frontiers', () => {
  it('gives the plain search’s schedules, forward and backward (fast-check)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 1_000 }), (seed, draw) => {
        const c = compileRcpsp(generated('psplib', seed).instance);
        expect(c.partners.start[c.n]).toBe(0);
        const list = priorityList(c, priorityValues(c, 'lft'), seededRng(draw));
        const forward = new Int32Array(c.n);
        const makespan = serialForward(c, createWorkspace(c), list, forward);
        expect(forward).toEqual(plainForward(c, list));
        const reversed = Int32Array.from(list).reverse();
        const backward = new Int32Array(c.n);
        const ok = serialBackward(c, createWorkspace(c), reversed, makespan, backward);
        const plain = plainBackward(c, reversed, makespan);
        expect(ok).toBe(plain !== undefined);
        if (plain) expect(backward).toEqual(plain);
      }),
      { seed: 42, numRuns: 60 },
    );
  });

  it('schedules 20,000 unconstrained unit activities on one resource back to back', () => {
    const n = 20_000;
    const c = compileRcpsp(
      family.parse({
        resources: [{ id: 'r', capacity: 10 }],
        activities: Array.from({ length: n }, (_, i) => ({ id: `a${i}`, duration: 1, demand: { r: 1 } })),
      }),
    );
    const list = Int32Array.from({ length: n }, (_, i) => i);
    const starts = new Int32Array(n);
    expect(serialForward(c, createWorkspace(c), list, starts)).toBe(n / 10);
    expect(starts).toEqual(plainForward(c, list));
  });
});
