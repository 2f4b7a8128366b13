import { describe, expect, it } from 'vitest';
import { compileRcpsp } from '../../../models/rcpsp/heuristics/compiled.js';
import { parseRcpsp, type RcpspInstance } from '../../../models/rcpsp/instance.js';
import { describeCycle, precedenceCycle, topologicalOrder } from '../../../models/rcpsp/topology.js';
import { errorOf } from '../../support/errors.js';

const chain = {
  resources: [],
  activities: ['a', 'b', 'c', 'd', 'e'].map((id, k, ids) => ({
    id,
    duration: 1,
    successors: k + 1 < ids.length ? [ids[k + 1]] : [],
  })),
};

describe('topological order and cycles', () => {
  it('orders a DAG with every predecessor first, and finds no cycle in it', () => {
    const successors = [[2], [2, 3], [3], []];
    const instance = parseRcpsp({
      resources: [],
      activities: successors.map((list, j) => ({ id: `x${j}`, duration: 1, successors: list.map((s) => `x${s}`) })),
    });
    const order = topologicalOrder(instance);
    const position = (j: number) => order.indexOf(j);
    successors.forEach((list, i) => list.forEach((s) => expect(position(i)).toBeLessThan(position(s))));
    expect(precedenceCycle(successors)).toBeUndefined();
  });

  it('finds the cycle itself, not just that there is one, also past an acyclic prefix', () => {
    expect(precedenceCycle([[1], [2], [3], [1]])).toEqual([1, 2, 3]);
    expect(precedenceCycle([[0]])).toEqual([0]);
    expect(describeCycle([1, 2, 3], (j) => `x${j}`)).toBe('x1 → x2 → x3 → x1');
  });

  it('handles a 20,000-activity chain without overflowing the stack', () => {
    const n = 20_000;
    const successors = Array.from({ length: n }, (_, j) => (j + 1 < n ? [j + 1] : [0]));
    expect(precedenceCycle(successors)).toHaveLength(n);
  });
});

describe('a precedence cycle is an input error naming the path and the cycle', () => {
  it('parseRcpsp reports it at data.activities[k].successors of an activity on the cycle', () => {
    const json = structuredClone(chain);
    json.activities[4].successors = ['c'];
    const error = errorOf(() => parseRcpsp(json));
    expect(error.kind).toBe('input');
    expect(error.location.path).toBe('data.activities[2].successors');
    expect(error.message).toMatch(/cycle c → d → e → c; remove one of its arcs/);
  });

  it('the bounds, the heuristics and the formulation helpers share one check (for instances built in code)', () => {
    const acyclic = parseRcpsp(chain);
    const cyclic: RcpspInstance = {
      ...acyclic,
      activities: acyclic.activities.map((a, j) => (j === 4 ? { ...a, successors: [1] } : a)),
    };
    for (const run of [() => topologicalOrder(cyclic), () => compileRcpsp(cyclic)]) {
      const error = errorOf(run);
      expect(error.kind).toBe('input');
      expect(error.location.path).toBe('data.activities[1].successors');
      expect(error.message).toMatch(/b → c → d → e → b/);
    }
  });
});
