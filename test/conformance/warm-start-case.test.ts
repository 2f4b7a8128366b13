/**
 * The warm-start conformance case must be able to fail: run it against HiGHS with the
 * start stripped out (a backend that ignores warm starts) and expect its check to reject.
 */
import { describe, expect, it } from 'vitest';
import type { SolverBackend } from '../../src/solvers/contract.js';
import { highsBackend } from '../../src/solvers/highs/index.js';
import { conformanceCases } from './cases.js';
import { checkResultInvariants } from './suite.js';

const warmStartCase = conformanceCases.find((c) => c.name === 'warm start is used')!;

/** HiGHS that declares `warmStart` but drops the start: what the case exists to catch. */
const ignoresStart: SolverBackend = {
  ...highsBackend,
  solve: (model, options = {}) => highsBackend.solve(model, { ...options, warmStart: undefined }),
};

describe('the warm-start case', () => {
  it('fails for a backend that ignores the start', async () => {
    const model = warmStartCase.build();
    const result = await ignoresStart.solve(model, warmStartCase.options);
    checkResultInvariants(result, model, ignoresStart);
    expect(() => warmStartCase.check(result, model, { backend: ignoresStart, tolerance: 1e-6 })).toThrow(
      /the start was ignored/,
    );
  });
});
