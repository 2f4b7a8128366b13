/**
 * How a reader case judges one input: `valid` (read, and what was read is valid), `refused`
 * (an input error naming the file and a line or a path: exit 2) or `failure` (anything else:
 * another error kind, no location, an accepted value the schema refuses, a NaN in a report).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchedlabError } from '../../src/errors.js';
import type { CliRun } from '../cli/run-cli.js';

export type Outcome = { kind: 'valid' } | { kind: 'refused' } | { kind: 'failure'; message: string };

export interface ReaderCase {
  name: string;
  /** Valid files to truncate and edit. */
  seeds: Uint8Array[];
  outcome(bytes: Uint8Array): Promise<Outcome>;
}

export const valid: Outcome = { kind: 'valid' };
export const refused: Outcome = { kind: 'refused' };
export const failure = (message: string): Outcome => ({ kind: 'failure', message });
export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/** An error is a refusal when it is an input error that names the file and a line or a path. */
export function classify(error: unknown, file: string): Outcome {
  if (!(error instanceof SchedlabError))
    return failure(`not a SchedlabError: ${String((error as Error)?.stack ?? error)}`);
  const { location } = error;
  if (error.kind !== 'input') return failure(`a '${error.kind}' error, not 'input': ${error.describe()}`);
  if (location.file !== file) return failure(`the error does not name the file: ${error.describe()}`);
  if (location.line === undefined && !location.path)
    return failure(`the error names no line or path: ${error.describe()}`);
  return refused;
}

/**
 * Whether output shows a NaN or an infinity as a number. JSON cannot hold them (so a message
 * such as "starts.A1 is Infinity" in a JSON report is fine); other text must not show them.
 */
function printsNonFinite(stdout: string): boolean {
  try {
    JSON.parse(stdout);
    return false;
  } catch {
    return /\bNaN\b|Infinity/.test(stdout);
  }
}

/**
 * A CLI run on a damaged file: exit 0 with no NaN or Infinity printed is valid; exit 2 whose
 * message names the file with a line (`file:3:`) or a path (`file (at data.x)`) is a refusal.
 */
export function cliOutcome(run: CliRun, file: string): Outcome {
  if (run.code === 0)
    return printsNonFinite(run.stdout) ? failure(`exit 0 printing NaN or Infinity: ${run.stdout}`) : valid;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const located = new RegExp(`${escaped}(:\\d| \\(at )`).test(run.stderr);
  if (run.code === 2 && located && !run.stderr.includes('internal error')) return refused;
  return failure(`exited ${run.code}: ${run.stderr.trim().slice(0, 600)}`);
}

/** Where cases keep their files (removed by `disposeScratch`). */
export const scratch = mkdtempSync(join(tmpdir(), 'schedlab-readers-'));

let fileCount = 0;

/** Writes the bytes to a fresh file named `name` (in a folder of its own, so names are kept). */
export function scratchFile(name: string, bytes: Uint8Array | string): string {
  const folder = join(scratch, `f${fileCount++ % 8}`);
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder);
  const file = join(folder, name);
  writeFileSync(file, bytes);
  return file;
}

/** Remove the scratch folder. */
export function disposeScratch(): void {
  rmSync(scratch, { recursive: true, force: true });
}
