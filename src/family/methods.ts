/**
 * Method names as users write them (`bench --methods`, `solve --method`) and how each
 * runs. A name is one of: `mip` or `mip/SOLVER` (the family's MIP), a heuristic of the
 * family, or one of its exact methods. `heuristic/NAME` and `exact/NAME` say which kind
 * when a bare name is both; a bare name that is both is an error listing the choices.
 */
import { inputError, SchedlabError } from '../errors.js';
import type { AnyFamily, Family } from './contract.js';
import { runExact } from './run-exact.js';
import { runHeuristic, solveWithMip, type MethodResult } from './run.js';

/** A resolved method; `label` is what reports call it. */
export type MethodSpec =
  | { kind: 'heuristic'; label: string; heuristic: string }
  | { kind: 'mip'; label: string; solver: string }
  | { kind: 'exact'; label: string; exact: string };

type Kind = MethodSpec['kind'];

const mipPattern = /^mip(?:\/(.+))?$/;
const qualifiedPattern = /^(heuristic|exact)\/(.+)$/;

function has(record: Record<string, unknown> | undefined, name: string): boolean {
  return record !== undefined && Object.hasOwn(record, name);
}

/** The kinds a bare name has in one family. */
function kindsIn(family: AnyFamily, name: string): Kind[] {
  const kinds: Kind[] = [];
  if (mipPattern.test(name)) kinds.push('mip');
  if (has(family.heuristics, name)) kinds.push('heuristic');
  if (has(family.exact, name)) kinds.push('exact');
  return kinds;
}

/** True when `name` (bare or qualified) names some method of the family. */
export function isMethodOf(name: string, family: AnyFamily): boolean {
  const qualified = qualifiedPattern.exec(name);
  if (qualified) return has(qualified[1] === 'heuristic' ? family.heuristics : family.exact, qualified[2]);
  return kindsIn(family, name).length > 0;
}

/** Every method name a family accepts, for error messages. */
export function methodNames(family: AnyFamily): string[] {
  return [...Object.keys(family.heuristics), ...Object.keys(family.exact ?? {}), 'mip', 'mip/SOLVER'];
}

function unknownMethod(name: string, family: AnyFamily): Error {
  return inputError(
    `unknown method '${name}' for family '${family.id}'; its methods are: ${methodNames(family).join(', ')}`,
  );
}

function spec(kind: Kind, name: string, label: string, defaultSolver: string): MethodSpec {
  if (kind === 'heuristic') return { kind, label, heuristic: name };
  if (kind === 'exact') return { kind, label, exact: name };
  const solver = mipPattern.exec(name)?.[1] ?? defaultSolver;
  return { kind, label: `mip/${solver}`, solver };
}

const kindNouns: Record<Kind, string> = { heuristic: 'a heuristic', exact: 'an exact method', mip: 'the MIP' };

function qualifiedChoice(kind: Kind, name: string, defaultSolver: string): string {
  return kind === 'mip' ? spec('mip', name, name, defaultSolver).label : `${kind}/${name}`;
}

/**
 * Resolve one method name against every family that will run it: it must mean the same
 * kind of method in each.
 *
 * @example
 * ```ts
 * resolveMethod('mip-descent', [rcpsp]); // { kind: 'exact', label: 'mip-descent', exact: 'mip-descent' }
 * resolveMethod('mip/glpk', [rcpsp]);    // { kind: 'mip', label: 'mip/glpk', solver: 'glpk' }
 * ```
 */
export function resolveMethod(name: string, families: readonly AnyFamily[], defaultSolver = 'highs'): MethodSpec {
  const qualified = qualifiedPattern.exec(name);
  if (qualified) {
    const [kind, bare] = [qualified[1] as 'heuristic' | 'exact', qualified[2]];
    for (const family of families) if (!isMethodOf(name, family)) throw unknownMethod(name, family);
    return spec(kind, bare, name, defaultSolver);
  }
  const kinds = new Set<Kind>();
  for (const family of families) {
    if (!isMethodOf(name, family)) throw unknownMethod(name, family);
    for (const kind of kindsIn(family, name)) kinds.add(kind);
  }
  if (kinds.size > 1) {
    const choices = [...kinds].map((kind) => qualifiedChoice(kind, name, defaultSolver));
    const meanings = [...kinds].map((kind) => kindNouns[kind]).join(' and ');
    throw inputError(`method '${name}' is ambiguous: it is ${meanings}; name one of: ${choices.join(', ')}`);
  }
  const [kind] = [...kinds];
  return spec(kind ?? 'mip', name, name, defaultSolver);
}

export interface RunMethodOptions {
  timeLimitSec?: number;
  /** Seed of the heuristic (and of the MIP's warm-start heuristic); default 1. */
  seed?: number;
  /** Relative gap at which the MIP stops. */
  relativeGap?: number;
  /** Backend of the MIP when the method is given by name (`'mip'`): default 'highs'. */
  solver?: string;
  log?: (line: string) => void;
}

/**
 * The method `schedlab solve` runs when none is named: the family's strongest exact method
 * for this instance (`Family.strongestMethod`), or its MIP on `solver`.
 *
 * @example
 * ```ts
 * strongestMethod(rcpsp, classicInstance);  // { kind: 'exact', label: 'branch-and-bound', exact: 'branch-and-bound' }
 * strongestMethod(pipeline, instance);      // { kind: 'mip', label: 'mip/highs', solver: 'highs' }
 * ```
 */
export function strongestMethod<I, S>(family: Family<I, S>, instance: I, solver = 'highs'): MethodSpec {
  const name = family.strongestMethod?.(instance) ?? 'mip';
  const method = resolveMethod(name, [family as AnyFamily], solver);
  if (method.kind === 'heuristic')
    throw new SchedlabError(
      'model',
      `family '${family.id}' names the heuristic '${name}' as its strongest exact method`,
    );
  return method;
}

/**
 * Run a method on one instance and score its answer with the family's evaluator: a
 * heuristic, the MIP (`'mip'`, `'mip/glpk'`) or an exact method, by name or resolved; without
 * a method, what `schedlab solve` runs (`strongestMethod`). The result's `objective` and
 * `evaluation` are the evaluator's, never the solver's.
 *
 * @example
 * ```ts
 * import { runMethod } from 'schedlab';
 * import { family } from 'schedlab/models/rcpsp';
 * const instance = family.generate({ size: 'small' }, 1);
 * const best = await runMethod(family, instance, undefined, { timeLimitSec: 10 });
 * const quick = await runMethod(family, instance, 'default', { seed: 1 });
 * best.proven;          // true when best.objective is proven optimal
 * ```
 */
export async function runMethod<I, S>(
  family: Family<I, S>,
  instance: I,
  method?: MethodSpec | string,
  options: RunMethodOptions = {},
): Promise<MethodResult<S>> {
  checkRunOptions(options);
  const erased = family as AnyFamily;
  const spec =
    method === undefined
      ? strongestMethod(family, instance, options.solver)
      : typeof method === 'string'
        ? resolveMethod(method, [erased], options.solver)
        : method;
  const result = await runResolved(erased, instance, spec, options);
  return result as MethodResult<S>;
}

/** Options a caller got wrong are input errors at once, whichever kind of method would have run. */
function checkRunOptions(options: RunMethodOptions): void {
  const { timeLimitSec, seed, relativeGap } = options;
  if (timeLimitSec !== undefined && !(timeLimitSec >= 0))
    throw inputError(`timeLimitSec must be a number of seconds >= 0 (Infinity for none), got ${timeLimitSec}`, {
      path: 'timeLimitSec',
    });
  if (seed !== undefined && !Number.isSafeInteger(seed))
    throw inputError(`seed must be a whole number, got ${seed}`, { path: 'seed' });
  if (relativeGap !== undefined && !(relativeGap >= 0))
    throw inputError(`relativeGap must be a number >= 0, got ${relativeGap}`, { path: 'relativeGap' });
}

async function runResolved(
  family: AnyFamily,
  instance: unknown,
  method: MethodSpec,
  options: RunMethodOptions,
): Promise<MethodResult> {
  const limit = options.timeLimitSec === undefined ? {} : { timeLimitSec: options.timeLimitSec };
  if (method.kind === 'heuristic')
    return runHeuristic(family, instance, method.heuristic, {
      ...limit,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
  if (method.kind === 'exact')
    return { ...(await runExact(family, instance, method.exact, limit)), method: method.label };
  return solveWithMip(family, instance, {
    solver: method.solver,
    ...limit,
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    ...(options.relativeGap === undefined ? {} : { relativeGap: options.relativeGap }),
    ...(options.log ? { log: options.log } : {}),
  });
}
