/** Loading the instance file named on the command line, and naming it in later errors. */
import { SchedlabError } from '../../errors.js';
import { readInstanceText, type LoadedInstance } from '../../family/instance-file.js';
import { readTextFile } from '../../util/files.js';

/**
 * Every instance in FILE (a JSON instance, or a native file that may hold several).
 * Input errors of a family's `parse` or readers (a bad field, a precedence cycle, a bad
 * line of a `.sm` file) come back naming FILE; `main` turns them into exit code 2.
 */
export async function loadInstances(file: string, familyOverride?: string): Promise<LoadedInstance[]> {
  return readInstanceText(readTextFile(file), file, familyOverride);
}

/**
 * Run a family method on an instance of FILE: an input error it raises (the instance
 * is unusable in a way its parser could not see) is prefixed with FILE, so that the user
 * knows which file to fix. Other errors, e.g. 'model' errors of a formulation, which are
 * runtime failures (exit 1), pass unchanged.
 */
export async function inInstanceFile<T>(file: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw error instanceof SchedlabError && error.kind === 'input' && !error.location.file ? error.inFile(file) : error;
  }
}
