/**
 * schedlab's public API. Importing it loads no solver: backends load their packages
 * (HiGHS WASM, glpk.js, javascript-lp-solver, the cbc binary) on first use.
 */
export * from './dsl/index.js';
export type { CanonicalModel, ObjectiveSense } from './canonical/canonical-model.js';
export { canonicalModel, type CanonicalModelData } from './canonical/build.js';
export { objectiveValue, pointViolation, isFeasiblePoint } from './canonical/check.js';
/**
 * LP and MPS files: `readMps`, `readLp` and `readModelFile` make a `CanonicalModel`,
 * `writeMps` and `writeLp` write one (each has an `@example` in its own TSDoc), e.g.
 *
 * @example
 * ```ts
 * import { readMps, writeLp, solve } from 'schedlab';
 * const model = readMps(readFileSync('afiro.mps', 'utf8'), { fileName: 'afiro.mps' });
 * writeFileSync('afiro.lp', writeLp(model)); // ranged rows split in two: every LP reader takes it
 * const result = await solve(model, { solver: 'highs' });
 * ```
 */
export {
  readMps,
  readLp,
  readModelFile,
  formatFromFileName,
  writeMps,
  writeLp,
  type ReadOptions,
  type WriteLpOptions,
  type ModelFormat,
} from './formats/index.js';
export type {
  Capability,
  SolveOptions,
  SolveResult,
  SolverBackend,
  TerminationReason,
  BackendLimits,
} from './solvers/contract.js';
export { registerBackend, getBackend, backendNames, availableBackends } from './solvers/registry.js';
export { limitExceeded } from './solvers/limits.js';
export { mockBackend, type MockBackend } from './solvers/mock/index.js';
export { solve, solveCanonical, type Solution, type SolveRequest } from './solve/solve.js';
export {
  solveLexicographic,
  type LexicographicObjective,
  type LexicographicLevel,
  type LexicographicResult,
  type LexicographicRequest,
  type LexicographicPart,
  type LexicographicLeading,
} from './solve/lexicographic.js';
export { SchedlabError, type SchedlabErrorKind } from './errors.js';
/** The hardware performance model and the discrete-event simulator, as one namespace: `perf.estimateTraining(...)`. */
export * as perf from './perf/index.js';
export type {
  Family,
  AnyFamily,
  Evaluation,
  Violation,
  Heuristic,
  HeuristicContext,
  ExactMethod,
  ExactAnswer,
  NativeReader,
  SolutionWriter,
  Formulation,
  FormulateOptions,
  GenerateParams,
  Skeleton,
} from './family/contract.js';
export type { ReportView, GanttData, PackingData, HeatmapData, StagesData } from './family/report-view.js';
export { registerFamily, getFamily, familyIds, allFamilies } from './family/registry.js';
export { readInstanceText, instanceFileText, type LoadedInstance } from './family/instance-file.js';
export { runHeuristic, solveWithMip, type MethodResult, type MipOptions, type HeuristicOptions } from './family/run.js';
export { runExact, type ExactOptions } from './family/run-exact.js';
/**
 * Run any method of a family — a heuristic, the MIP or an exact method — with the answer
 * scored by the family's evaluator; without a method, the one `schedlab solve` runs.
 *
 * @example
 * ```ts
 * import { runMethod } from 'schedlab';
 * import { family } from 'schedlab/models/rcpsp';
 * const result = await runMethod(family, family.generate({ size: 'small' }, 1), undefined, { timeLimitSec: 10 });
 * result.method; // 'branch-and-bound'
 * ```
 */
export {
  runMethod,
  resolveMethod,
  strongestMethod,
  methodNames,
  type MethodSpec,
  type RunMethodOptions,
} from './family/methods.js';
export { bench, type BenchOptions, type BenchOutcome } from './bench/bench.js';
export { summarize } from './bench/summary.js';
export { reportMarkdown, reportCsv, reportJson } from './bench/report.js';
export type { BenchRow, BenchReport, MethodSummary } from './bench/types.js';
export { seededRandom } from './util/random.js';
/**
 * The oracle: score an outside heuristic's source safely (a V8 isolate per candidate, in
 * a pool of processes) with the family's own evaluator. isolated-vm loads on first use.
 *
 * @example
 * ```ts
 * import { score } from 'schedlab';
 * const report = await score('rcpsp', readFileSync('candidate.js', 'utf8'), ['instances/rcpsp/psplib-like']);
 * report.summary.combinedScore; // in [0, 1]
 * ```
 */
export {
  score,
  openOracle,
  defaultCacheDir,
  defaultLimits,
  type ScoreOptions,
  type InstanceInput,
  type ScoreReport,
  type InstanceScore,
  type ScoreStatus,
  type SandboxLimits,
  type OpenEvolveResult,
} from './oracle/index.js';
/**
 * The report page (`schedlab report`): bench reports, score reports and solve/heuristic
 * results in, one self-contained offline HTML page out (charts, tables, schedules).
 *
 * @example
 * ```ts
 * import { readReportInput, writeReport } from 'schedlab';
 * await writeReport([readReportInput('bench-greedy.json'), readReportInput('bench-mip.json')], 'report.html');
 * ```
 */
export {
  buildReportData,
  reportHtml,
  viewsOfPage,
  writeReport,
  readReportInput,
  reportInput,
  performanceProfile,
  performanceRatio,
  solvedOverTime,
  type ReportOptions,
  type ReportInput,
  type ReportData,
  type ReportRun,
  type ReportFamily,
  type ReportSummaryRow,
  type StepSeries,
} from './report/index.js';
