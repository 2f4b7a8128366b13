/**
 * Found by the hostile sweep (bench/hostile-sweep.bench.ts): a precedence chain of thousands
 * of activities is one clique of the conflict graph, and growing it recursed once per member
 * (`Maximum call stack size exceeded`). Cliques now stop growing at 256 members.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../../src/dsl/compile.js';
import { family } from '../../../models/rcpsp/index.js';

describe('the MIP of a long precedence chain', () => {
  it('builds for a chain of 5,000 activities, whose only schedule it decodes', () => {
    const n = 5_000;
    const instance = family.parse({
      resources: [{ id: 'r', capacity: 2 }],
      activities: Array.from({ length: n }, (_, i) => ({
        id: `a${i}`,
        duration: 1,
        demand: { r: 1 },
        successors: i + 1 < n ? [`a${i + 1}`] : [],
      })),
    });
    const formulation = family.formulate(instance);
    const model = compile(formulation.model);
    const starts = formulation.decode(new Float64Array(model.numCols)).starts;
    expect(starts).toEqual(Array.from({ length: n }, (_, i) => i));
  });
});
