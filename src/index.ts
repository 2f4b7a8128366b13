/**
 * schedlab's public API. Importing it loads no solver: backends load their packages
 * (HiGHS WASM, glpk.js, javascript-lp-solver, the cbc binary) on first use.
 */
export * from './dsl/index.js';
export type { CanonicalModel, ObjectiveSense } from './canonical/canonical-model.js';
export { canonicalModel, type CanonicalModelData } from './canonical/build.js';
export { objectiveValue, pointViolation, isFeasiblePoint } from './canonical/check.js';
export type { Capability, SolveOptions, SolveResult, SolverBackend, TerminationReason, BackendLimits } from './solvers/contract.js';
export { registerBackend, getBackend, backendNames, availableBackends } from './solvers/registry.js';
export { mockBackend, type MockBackend } from './solvers/mock/index.js';
export { solve, solveCanonical, type Solution, type SolveRequest } from './solve/solve.js';
export { solveLexicographic, type LexicographicObjective, type LexicographicLevel, type LexicographicResult } from './solve/lexicographic.js';
export { SchedlabError, type SchedlabErrorKind } from './errors.js';
/** The hardware performance model and the discrete-event simulator, as one namespace: `perf.estimateTraining(...)`. */
export * as perf from './perf/index.js';
export type { Family, AnyFamily, Evaluation, Violation, Heuristic, HeuristicContext, ExactMethod, Formulation, FormulateOptions, GenerateParams } from './family/contract.js';
export { registerFamily, getFamily, familyIds, allFamilies } from './family/registry.js';
export { readInstanceText, instanceFileText, type LoadedInstance } from './family/instance-file.js';
export { runHeuristic, solveWithMip, type MethodResult, type MipOptions, type HeuristicOptions } from './family/run.js';
export { bench, type BenchOptions, type BenchOutcome } from './bench/bench.js';
export { summarize } from './bench/summary.js';
export { reportMarkdown, reportCsv, reportJson } from './bench/report.js';
export type { BenchRow, BenchReport, MethodSummary } from './bench/types.js';
export { seededRandom } from './util/random.js';
