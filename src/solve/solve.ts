/**
 * `solve`: pick a backend by name, check it can take this model and these options,
 * run it, and verify what it returns. The one entry point the rest of schedlab uses.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { isMip } from '../canonical/canonical-model.js';
import { SchedlabError } from '../errors.js';
import { compile } from '../dsl/compile.js';
import { LinExpr, type Term } from '../dsl/expression.js';
import { Model } from '../dsl/model.js';
import type { Capability, SolveOptions, SolveResult, SolverBackend } from '../solvers/contract.js';
import { limitExceeded } from '../solvers/limits.js';
import { availableBackends, getBackend } from '../solvers/registry.js';
import { verifiedResult } from './verify.js';

export interface SolveRequest extends SolveOptions {
  /** A backend name ('highs' by default) or a backend object. */
  solver?: string | SolverBackend;
}

/** A result plus a way to read the values of the model's variables and expressions. */
export interface Solution extends SolveResult {
  /** Value of a variable or expression in the solution (NaN without a solution). */
  value(term: Term): number;
}

async function refuseUnsupported(backend: SolverBackend, needed: Capability, what: string): Promise<never> {
  const others = (await availableBackends()).filter((b) => b.capabilities.has(needed)).map((b) => b.name);
  throw new SchedlabError(
    'unsupported',
    `the '${backend.name}' backend cannot handle ${what}; backends that can: ${others.join(', ') || 'none installed'}`,
  );
}

/** Options a caller got wrong are input errors here, not a solver 'error' (or a WASM trap) later. */
function checkOptions(model: CanonicalModel, options: SolveOptions): void {
  const { timeLimitSec, relativeGap, absoluteGap, warmStart } = options;
  if (timeLimitSec !== undefined && !(timeLimitSec >= 0))
    throw new SchedlabError(
      'input',
      `timeLimitSec must be a number of seconds >= 0 (Infinity for none), got ${timeLimitSec}`,
    );
  for (const [name, gap] of [
    ['relativeGap', relativeGap],
    ['absoluteGap', absoluteGap],
  ] as const) {
    if (gap !== undefined && !(gap >= 0)) throw new SchedlabError('input', `${name} must be a number >= 0, got ${gap}`);
  }
  if (warmStart === undefined) return;
  if (warmStart.length !== model.numCols) {
    throw new SchedlabError(
      'input',
      `warmStart has ${warmStart.length} values but the model has ${model.numCols} columns; give one value per column, in column order`,
    );
  }
  const bad = Array.prototype.findIndex.call(warmStart, (value: number) => !Number.isFinite(value));
  if (bad >= 0)
    throw new SchedlabError(
      'input',
      `warmStart value ${bad} (column '${model.colName(bad)}') is ${warmStart[bad]}; every value of a warm start must be finite`,
    );
}

async function checkFit(backend: SolverBackend, model: CanonicalModel, options: SolveOptions): Promise<void> {
  const mip = isMip(model);
  if (mip && !backend.capabilities.has('integer')) await refuseUnsupported(backend, 'integer', 'integer variables');
  if (options.timeLimitSec !== undefined && !backend.capabilities.has('timeLimit'))
    await refuseUnsupported(backend, 'timeLimit', 'a time limit');
  if (options.relativeGap !== undefined && mip && !backend.capabilities.has('gap'))
    await refuseUnsupported(backend, 'gap', 'a relative gap tolerance');
  if (options.absoluteGap !== undefined && mip && !backend.capabilities.has('absoluteGap'))
    await refuseUnsupported(backend, 'absoluteGap', 'an absolute gap tolerance');
  const native = options.solverOptions?.[backend.name];
  if (native && Object.keys(native).length > 0 && !backend.capabilities.has('nativeOptions'))
    await refuseUnsupported(backend, 'nativeOptions', 'native solver options');
  const beyond = limitExceeded(backend, model);
  if (beyond !== undefined) {
    const others = (await availableBackends()).filter((b) => limitExceeded(b, model) === undefined).map((b) => b.name);
    throw new SchedlabError(
      'unsupported',
      `${beyond}; backends that can take it: ${others.join(', ') || 'none installed'}`,
    );
  }
}

/**
 * The backend a request names: the one given, the registered one of that name, or HiGHS.
 *
 * @example
 * ```ts
 * (await backendOf({ solver: 'glpk' })).capabilities.has('absoluteGap'); // false
 * ```
 */
export async function backendOf(request: Pick<SolveRequest, 'solver'>): Promise<SolverBackend> {
  return typeof request.solver === 'object' ? request.solver : getBackend(request.solver ?? 'highs');
}

/**
 * Solve a canonical model with the chosen backend; the returned solution is verified.
 *
 * @example
 * ```ts
 * const result = await solveCanonical(readMps(text), { solver: 'glpk', timeLimitSec: 10 });
 * ```
 */
export async function solveCanonical(model: CanonicalModel, request: SolveRequest = {}): Promise<SolveResult> {
  const backend = await backendOf(request);
  if (!(await backend.isAvailable())) {
    throw new SchedlabError(
      'unavailable',
      `the '${backend.name}' solver is not installed here; see the README section "Solvers" for how to install it, or use --solver highs`,
    );
  }
  const { solver: _solver, ...options } = request;
  checkOptions(model, options);
  await checkFit(backend, model, options);
  // A warm start is a hint: a backend that cannot use one solves without it.
  const hints = backend.capabilities.has('warmStart') ? options : { ...options, warmStart: undefined };
  return verifiedResult(model, await backend.solve(model, hints));
}

function valueReader(values: Float64Array, hasSolution: boolean, owner: Model | undefined) {
  return (term: Term): number => {
    const expr = LinExpr.of(term);
    if (owner !== undefined && expr.owner !== undefined && expr.owner !== owner) {
      throw new SchedlabError(
        'model',
        `value(): the term uses variables of model '${expr.owner.name}', but this solution is of model '${owner.name}'`,
      );
    }
    if (!hasSolution) return Number.NaN;
    return expr.valueAt(values);
  };
}

/**
 * Solve a DSL model (or a canonical one) and read values back by variable.
 *
 * @example
 * ```ts
 * const solution = await solve(model, { solver: 'highs', timeLimitSec: 30 });
 * if (solution.hasSolution) console.log(solution.value(makespan));
 * ```
 */
export async function solve(model: Model | CanonicalModel, request: SolveRequest = {}): Promise<Solution> {
  const canonical = model instanceof Model ? compile(model) : model;
  const result = await solveCanonical(canonical, request);
  return {
    ...result,
    value: valueReader(result.values, result.hasSolution, model instanceof Model ? model : undefined),
  };
}
