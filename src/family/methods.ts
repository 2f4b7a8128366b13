/**
 * Method names as users write them (`bench --methods`, `solve --method`) and how each
 * runs. A name is one of: `mip` or `mip/SOLVER` (the family's MIP), a heuristic of the
 * family, or one of its exact methods. `heuristic/NAME` and `exact/NAME` say which kind
 * when a bare name is both; a bare name that is both is an error listing the choices.
 */
import { inputError } from '../errors.js';
import type { AnyFamily } from './contract.js';
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
  seed?: number;
  relativeGap?: number;
  log?: (line: string) => void;
}

/**
 * Run a resolved method on one instance; the answer is scored by the family's evaluator.
 *
 * @example
 * ```ts
 * const result = await runMethod(family, instance, resolveMethod('default', [family]), { timeLimitSec: 1, seed: 1 });
 * ```
 */
export async function runMethod(
  family: AnyFamily,
  instance: unknown,
  method: MethodSpec,
  options: RunMethodOptions = {},
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
