/**
 * Seeded RCPSP generators: PSPLIB-like (ProGen-style), the R-ConstraintBench ramp and
 * the data-center migration scenario. The same parameters and seed always give the
 * same instance.
 */
import { inputError } from '../../src/errors.js';
import type { GenerateParams } from '../../src/family/contract.js';
import { generateMigration } from './generate-migration.js';
import { generatePsplibLike } from './generate-psplib.js';
import { generateRamp } from './generate-ramp.js';
import type { RcpspInstance } from './instance.js';

export { generateMigration, generateMigrationWithReference } from './generate-migration.js';
export { generatePsplibLike } from './generate-psplib.js';
export { generateRamp, generateRampWithReference } from './generate-ramp.js';
export type { GeneratedWithReference } from './generate-support.js';

/** The generator kinds of `generateRcpsp`. */
export type RcpspGeneratorKind = 'psplib' | 'ramp' | 'migration';

const generators: Record<RcpspGeneratorKind, (params: GenerateParams, seed: number) => RcpspInstance> = {
  psplib: generatePsplibLike,
  ramp: generateRamp,
  migration: generateMigration,
};

/**
 * One RCPSP instance of the given kind ('psplib' by default); the knobs of each kind
 * are documented on `generatePsplibLike`, `generateRampWithReference` and
 * `generateMigrationWithReference`.
 *
 * @example
 * ```ts
 * const instance = generateRcpsp({ kind: 'ramp', size: 'small', level: 3 }, 42);
 * ```
 */
export function generateRcpsp(params: GenerateParams & { kind?: RcpspGeneratorKind }, seed: number): RcpspInstance {
  const kind = params.kind ?? 'psplib';
  if (!Object.hasOwn(generators, kind))
    throw inputError(`unknown RCPSP generator kind '${String(kind)}'; use psplib, ramp or migration`, { path: 'kind' });
  return generators[kind](params, seed);
}
