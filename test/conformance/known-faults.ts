/**
 * Wrong answers of a backend on a shared conformance case, found through a family and kept
 * as fixed cases (`family-cases.ts`). Each is a fault of that backend (HiGHS, the reference,
 * and the other backends give the right optimum on the same model file); the suite runs it
 * as known-failing (`it.fails`), so a backend release that fixes it turns the test red and
 * the entry is removed. The family solve path names the backend in its error
 * (`src/family/run-mip.ts`) and suggests `--solver highs`.
 */
export interface KnownFault {
  /** The conformance case's name. */
  test: string;
  /** The backend's name. */
  backend: string;
  /** What the backend does wrong, measured (with the version). */
  reason: string;
}

export const knownFaults: KnownFault[] = [
  {
    test: 'pod-packing MIP n3 p2 seed 997: optimum 41',
    backend: 'glpk',
    reason: "glpk.js 5 reports 'optimal' at 40 (HiGHS 41, a feasible placement the evaluator accepts)",
  },
  {
    test: 'pod-packing MIP n3 p2 seed 997: optimum 41',
    backend: 'jslp',
    reason: "javascript-lp-solver reports 'optimal' at 33",
  },
  {
    test: 'pod-packing MIP n3 p2 seed 997: optimum 41',
    backend: 'cbc',
    reason: "CBC 2.10.8 reports 'optimal' at 33 (HiGHS's point of value 41 satisfies the same model within 1e-6)",
  },
  {
    test: 'pod-packing MIP n4 p2 utilization 1.5 seed 84: optimum 24',
    backend: 'jslp',
    reason: "javascript-lp-solver reports 'infeasible' (HiGHS and GLPK: optimal 24)",
  },
];

/** The known fault of `backend` on the case `test`, if any. */
export function knownFault(test: string, backend: string): KnownFault | undefined {
  return knownFaults.find((fault) => fault.test === test && fault.backend === backend);
}
