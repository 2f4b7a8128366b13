/**
 * The models of `../shared/data/mps` against their reference objectives in
 * `reference.csv` (relative error at most 1e-6; "infeasible" where listed, and exactly
 * that from a backend declaring `infeasibleVsUnbounded`). Models beyond a backend's
 * declared `limits`, and MIPs for a backend without `integer`, are skipped with the
 * reason in the test name; no backend is ever named here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { isMip, type CanonicalModel } from '../../src/canonical/canonical-model.js';
import { readMps } from '../../src/formats/mps-reader.js';
import type { SolverBackend } from '../../src/solvers/contract.js';
import { limitExceeded } from '../../src/solvers/limits.js';
import { checkResultInvariants } from './suite.js';

/** The shared MPS set, relative to the repository root. */
export const mpsDirectory = fileURLToPath(new URL('../../../shared/data/mps', import.meta.url));

export interface ReferenceEntry {
  file: string;
  kind: 'lp' | 'mip';
  status: 'optimal' | 'infeasible';
  objective: number;
}

/** The rows of `reference.csv` (header `file,kind,status,objective,note`). */
export function readReference(directory: string): ReferenceEntry[] {
  const lines = readFileSync(join(directory, 'reference.csv'), 'utf8').split('\n').slice(1);
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [file, kind, status, objective] = line.split(',');
      return {
        file,
        kind: kind as ReferenceEntry['kind'],
        status: status as ReferenceEntry['status'],
        objective: Number(objective),
      };
    });
}

/** Why a backend cannot take this model (by capability or declared limit), or undefined when it can. */
function reasonToSkip(backend: SolverBackend, model: CanonicalModel): string | undefined {
  if (isMip(model) && !backend.capabilities.has('integer')) return `a MIP, and ${backend.name} lacks integer`;
  return limitExceeded(backend, model);
}

/**
 * Relative error |x - ref| / |ref|, as the issue asks (1e-6). A reference of 0 has no
 * relative scale, so there, and only there, the error is absolute (|x|).
 */
export function referenceError(actual: number, reference: number): number {
  const scale = reference === 0 ? 1 : Math.abs(reference);
  return Math.abs(actual - reference) / scale;
}

/** What a backend may answer for an infeasible model: exactly 'infeasible' when it declares it can tell. */
function infeasibleAnswers(backend: SolverBackend): string[] {
  return backend.capabilities.has('infeasibleVsUnbounded') ? ['infeasible'] : ['infeasible', 'infeasibleOrUnbounded'];
}

/** Define one test per reference model for `backend`. */
export function runMpsReference(
  backend: SolverBackend,
  options: { install?: string; timeLimitSec?: number } = {},
): void {
  describe(`MPS reference: ${backend.name}`, () => {
    if (!existsSync(join(mpsDirectory, 'reference.csv'))) {
      it.skip(`the MPS set is absent (expected at ${mpsDirectory})`, () => {});
      return;
    }
    let available = false;
    beforeAll(async () => {
      available = await backend.isAvailable();
      if (!available)
        console.warn(`MPS reference: ${backend.name} is not available, skipping. ${options.install ?? ''}`);
    });
    for (const entry of readReference(mpsDirectory)) {
      const model = readMps(readFileSync(join(mpsDirectory, entry.file), 'utf8'), { fileName: entry.file });
      const skip = reasonToSkip(backend, model);
      if (skip) {
        it.skip(`${entry.file} (skipped: ${skip})`, () => {});
        continue;
      }
      it(`${entry.file}: ${entry.status}${entry.status === 'optimal' ? ` ${entry.objective}` : ''}`, async (context) => {
        if (!available) context.skip();
        const result = await backend.solve(model, { timeLimitSec: options.timeLimitSec ?? 20 });
        checkResultInvariants(result, model, backend);
        if (entry.status === 'infeasible') {
          expect(infeasibleAnswers(backend), result.message).toContain(result.termination);
          return;
        }
        expect(result.termination, result.message).toBe('optimal');
        const error = referenceError(result.objective, entry.objective);
        expect(error, `objective ${result.objective} vs ${entry.objective}`).toBeLessThanOrEqual(1e-6);
      });
    }
  });
}
