/**
 * The MIP path of a family: size check from the instance alone → start heuristic → size check → formulate → compile → backend →
 * decode → evaluate, all within one deadline. A model too large for memory is refused with
 * its size (`model-budget.ts`); one whose build would outlast the limit is skipped, and the
 * answer is the start solution with status 'timeLimit'. A backend whose claim the evaluator
 * refutes (an 'optimal' beaten by a feasible solution, an 'infeasible' with one in hand) is
 * named as at fault, unless it is the reference backend the formulations are tested on.
 */
import { nonzeroCount, type CanonicalModel } from '../canonical/canonical-model.js';
import { compile } from '../dsl/compile.js';
import { SchedlabError } from '../errors.js';
import { solveCanonical } from '../solve/solve.js';
import type { SolveResult } from '../solvers/contract.js';
import { boundCloses, relativeGap } from '../solvers/contract.js';
import type { AnyFamily, Evaluation, Formulation } from './contract.js';
import {
  assertBuildable,
  assertBuildableFromInstance,
  describeSize,
  expectedBuildSec,
  type ModelSize,
} from './model-budget.js';
import {
  boundHolds,
  combinedBound,
  isBetter,
  type MethodResult,
  noSolution,
  optimizesObjective,
  runHeuristic,
  solverOptimalityGap,
} from './run.js';

export interface MipOptions {
  solver?: string;
  /** Native options per backend, merged over the formulation's own. */
  solverOptions?: Record<string, Record<string, number | string | boolean>>;
  /** One limit for the whole run: the start heuristic, building the model and the solver. */
  timeLimitSec?: number;
  relativeGap?: number;
  seed?: number;
  log?: (line: string) => void;
}

/** The backend every formulation is tested against; a fault it shows is schedlab's own. */
export const referenceBackend = 'highs';

/**
 * Seconds a backend takes to take in a model, per nonzero, before its own clock starts (HiGHS
 * WASM: 1.6 million nonzeros took 3 s beyond its limit on a loaded machine, about 1 s idle).
 */
const loadSecondsPerNonzero = 1e-6;

function mergeSolverOptions(
  own: MipOptions['solverOptions'],
  caller: MipOptions['solverOptions'],
): MipOptions['solverOptions'] {
  const merged: NonNullable<MipOptions['solverOptions']> = {};
  for (const source of [own ?? {}, caller ?? {}]) {
    for (const [backend, values] of Object.entries(source)) merged[backend] = { ...merged[backend], ...values };
  }
  return merged;
}

/** Share of the time limit the warm-start heuristic may use (at most 2 s). */
function heuristicBudgetSec(timeLimitSec: number | undefined): number {
  return Math.min(2, (timeLimitSec ?? 20) * 0.1);
}

/** True when the compiled model has an objective at all; without one a solver's 'optimal' proves feasibility only. */
function hasObjective(model: CanonicalModel): boolean {
  return model.colCost.some((cost) => cost !== 0);
}

/**
 * True when the solver's optimum is the evaluator's objective: its bound (when it reports
 * one) lies within the solver's optimality gap of that objective. Otherwise the model
 * optimized something else, and its 'optimal' proves nothing about the answer.
 */
function provesObjective(result: SolveResult, objective: number): boolean {
  if (!Number.isFinite(objective)) return false;
  if (!Number.isFinite(result.bestBound)) return true;
  return Math.abs(objective - result.bestBound) <= solverOptimalityGap * Math.max(1, Math.abs(objective));
}

/**
 * The status of a run that optimized nothing: 'feasible' once a feasible solution is in
 * hand (that proves feasibility), otherwise the solver's termination ('infeasible' proves
 * there is none); a solver error stays 'error'.
 */
function feasibilityStatus(termination: SolveResult['termination'], evaluation: Evaluation): string {
  if (termination === 'error') return termination;
  return evaluation.feasible ? 'feasible' : termination;
}

/** A solver fault of a backend other than the reference: the CLI says so and exits 1. */
function backendFault(solver: string, familyId: string, claim: string): SchedlabError {
  return new SchedlabError(
    'solver',
    `the ${solver} backend ${claim} on the MIP of this ${familyId} instance, which the evaluator refutes: a fault of the ${solver} backend (see test/conformance/known-faults.ts), not of the model; solve with --solver ${referenceBackend}`,
  );
}

/** The start heuristic's answer as the MIP's, when the MIP was not run (status 'timeLimit'). */
function startAnswer(
  family: AnyFamily,
  instance: unknown,
  start: MethodResult | undefined,
  solver: string,
  common: { timeMs: number; message: string },
): MethodResult {
  const evaluation = start?.evaluation ?? noSolution;
  const optimizes = optimizesObjective(family, instance);
  const ownBound = optimizes ? combinedBound(family, instance, Number.NaN) : Number.NaN;
  const proven = optimizes && evaluation.feasible && boundCloses(evaluation.objective, ownBound);
  const bound = proven ? evaluation.objective : ownBound;
  return {
    method: `mip/${solver}`,
    status: proven ? 'optimal' : optimizes || !evaluation.feasible ? 'timeLimit' : 'feasible',
    objective: evaluation.objective,
    bound,
    gap: evaluation.feasible ? relativeGap(evaluation.objective, bound) : Number.NaN,
    timeMs: common.timeMs,
    proven,
    provenInfeasible: false,
    evaluation,
    solution: evaluation.feasible ? start?.solution : undefined,
    message: common.message,
  };
}

/** Why the MIP is skipped for lack of time, or undefined when its build fits the time left. */
function noTimeToBuild(size: ModelSize | undefined, remainingSec: number): string | undefined {
  if (size === undefined || !Number.isFinite(remainingSec)) return undefined;
  const needed = expectedBuildSec(size);
  if (needed <= remainingSec) return undefined;
  return `the MIP (${describeSize(size)}) would take about ${needed.toFixed(1)} s to build, more than the ${Math.max(0, remainingSec).toFixed(1)} s the time limit leaves; this is the start heuristic's answer (a longer --time-limit runs the MIP)`;
}

/** The run's clock: seconds left before the one deadline (Infinity without a limit). */
function clockOf(timeLimitSec: number | undefined): { started: number; remainingSec(): number } {
  const started = performance.now();
  const end = timeLimitSec === undefined ? Number.POSITIVE_INFINITY : started + timeLimitSec * 1000;
  return { started, remainingSec: () => (end - performance.now()) / 1000 };
}

/** Solve the compiled model with what the deadline leaves after loading it; undefined when nothing is left. */
async function runBackend(
  model: CanonicalModel,
  formulation: Formulation<unknown>,
  warmStart: Float64Array | undefined,
  remainingSec: number,
  options: MipOptions,
): Promise<SolveResult | undefined> {
  const solverSec = remainingSec - nonzeroCount(model) * loadSecondsPerNonzero;
  if (solverSec < 0.05) return undefined;
  return solveCanonical(model, {
    ...(options.solver ? { solver: options.solver } : {}),
    ...(Number.isFinite(solverSec) ? { timeLimitSec: solverSec } : {}),
    ...(options.relativeGap === undefined ? {} : { relativeGap: options.relativeGap }),
    ...(warmStart ? { warmStart } : {}),
    ...(options.log ? { log: options.log } : {}),
    solverOptions: mergeSolverOptions(formulation.solverOptions, options.solverOptions),
  });
}

/**
 * Formulate, solve and evaluate, warm-started from the default heuristic, all within
 * `timeLimitSec`. On a feasibility-only instance (`Family.optimizesObjective`) the status
 * says 'feasible' or 'infeasible' instead of 'optimal', and bound, gap and proven are left
 * unset; a model without objective is taken to prove only what the family's own bound proves.
 * A model beyond `maxModelNonzeros` is refused (an input error stating its size).
 *
 * @example
 * ```ts
 * const result = await solveWithMip(family, instance, { solver: 'highs', timeLimitSec: 60 });
 * result.proven; // true when the MIP proved the evaluator's objective optimal
 * ```
 */
export async function solveWithMip(
  family: AnyFamily,
  instance: unknown,
  options: MipOptions = {},
): Promise<MethodResult> {
  const clock = clockOf(options.timeLimitSec);
  const solver = options.solver ?? referenceBackend;
  assertBuildableFromInstance(family, instance, options.seed ?? 1);
  const budget = heuristicBudgetSec(options.timeLimitSec);
  const start = family.heuristics.default
    ? runHeuristic(family, instance, 'default', { seed: options.seed ?? 1, timeLimitSec: budget })
    : undefined;
  const incumbent = start?.evaluation.feasible ? start.solution : undefined;
  const formulateOptions = incumbent === undefined ? {} : { incumbent };
  const size = family.modelSize?.(instance, formulateOptions);
  if (size !== undefined) assertBuildable(family.id, size);
  const elapsed = () => performance.now() - clock.started;
  const tooLong = noTimeToBuild(size, clock.remainingSec());
  if (tooLong) return startAnswer(family, instance, start, solver, { timeMs: elapsed(), message: tooLong });
  const formulation = family.formulate(instance, formulateOptions);
  const model = compile(formulation.model);
  const warmStart = incumbent === undefined ? undefined : formulation.encode?.(incumbent);
  const result = await runBackend(model, formulation, warmStart, clock.remainingSec(), options);
  if (result === undefined) {
    const message = `the time limit ran out while the MIP (${model.numRows} rows, ${model.numCols} columns) was built; this is the start heuristic's answer`;
    return startAnswer(family, instance, start, solver, { timeMs: elapsed(), message });
  }
  return interpret(family, instance, { start, incumbent, formulation, model, result, timeMs: elapsed });
}

interface Outcome {
  start: MethodResult | undefined;
  incumbent: unknown;
  formulation: Formulation<unknown>;
  model: CanonicalModel;
  result: SolveResult;
  timeMs(): number;
}

/** The backend's answer scored by the evaluator, its claims checked against it. */
function interpret(family: AnyFamily, instance: unknown, outcome: Outcome): MethodResult {
  const { start, incumbent, formulation, model, result } = outcome;
  if (result.termination === 'infeasible' && incumbent !== undefined) {
    if (result.solver !== referenceBackend) throw backendFault(result.solver, family.id, "reported 'infeasible'");
    throw new SchedlabError(
      'internal',
      `the ${result.solver} MIP of family '${family.id}' was reported infeasible although the default heuristic found a feasible solution; the formulation is wrong`,
    );
  }
  const decoded = result.hasSolution ? formulation.decode(result.values) : undefined;
  const decodedEvaluation = decoded === undefined ? noSolution : family.evaluate(instance, decoded);
  const keepIncumbent =
    start !== undefined && incumbent !== undefined && isBetter(family, start.evaluation, decodedEvaluation);
  const evaluation = keepIncumbent ? start.evaluation : decodedEvaluation;
  const common = {
    method: `mip/${result.solver}`,
    objective: evaluation.objective,
    timeMs: outcome.timeMs(),
    provenInfeasible: result.termination === 'infeasible',
    evaluation,
    solution: keepIncumbent ? incumbent : decoded,
    ...(result.message ? { message: result.message } : {}),
  };
  if (!optimizesObjective(family, instance)) {
    const status = feasibilityStatus(result.termination, evaluation);
    return { ...common, status, bound: Number.NaN, gap: Number.NaN, proven: false };
  }
  // A model without objective (e.g. one whose horizon already fixes the makespan) proves
  // nothing about the objective by itself; the family's own bound still may.
  // Nor does a formulation whose numerics the solver's tolerances cannot certify
  // (`provable: false`): then only the family's own bound proves anything.
  const trusted = hasObjective(model) && formulation.provable !== false;
  const refuted = !boundHolds(family, result.bestBound, evaluation);
  if (trusted && refuted && result.termination === 'optimal' && result.solver !== referenceBackend)
    throw backendFault(result.solver, family.id, `claimed the optimum ${result.bestBound}`);
  const solverBound = trusted && !refuted ? result.bestBound : Number.NaN;
  const ownBound = combinedBound(family, instance, solverBound);
  const solverProof =
    trusted && result.termination === 'optimal' && !keepIncumbent && provesObjective(result, evaluation.objective);
  const proven = evaluation.feasible && (boundCloses(evaluation.objective, ownBound) || solverProof);
  // A proven optimum is its own bound: the solver certifies it within its optimality gap, so
  // a bound a rounding step below it (11.999999 for 12) would report 'optimal' with a gap.
  const bound = proven ? evaluation.objective : ownBound;
  const gap = evaluation.feasible ? relativeGap(evaluation.objective, bound) : Number.NaN;
  // 'optimal' is said only of a proven optimum; a solver's optimum that does not prove the
  // evaluator's objective (the solution kept was the heuristic's, the model's objective is
  // not the evaluator's) is a feasible solution, and one the evaluator rejects is a defect.
  const unproven = evaluation.feasible ? 'feasible' : 'error';
  const status = result.termination === 'optimal' && !proven ? unproven : result.termination;
  return { ...common, status, bound, gap, proven };
}
