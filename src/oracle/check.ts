/**
 * The checks that make a candidate bad input (exit code 2) rather than a score: its
 * source must parse as an ES module and import nothing. Parsing runs no candidate code,
 * so it is done here in the calling process, in a throwaway isolate; whether the module
 * has a default export function is known only once it is evaluated, in the sandbox.
 */
import { createHash } from 'node:crypto';
import { inputError } from '../errors.js';
import { loadIsolatedVm } from './isolated-vm.js';

/** Sources that passed, by hash: a search loop's evaluator scores the same source again and again. */
const passed = new Set<string>();

/**
 * Throws an input error with the syntax error's line and column, or naming the imports.
 *
 * @example
 * ```ts
 * await checkCandidate('export default function () { return 1 +; }', 'cand.js'); // cand.js:1:37: ... Unexpected token ';'
 * ```
 */
export async function checkCandidate(source: string, file = 'candidate.js'): Promise<void> {
  const hash = createHash('sha256').update(source).digest('hex');
  if (passed.has(hash)) return;
  const ivm = await loadIsolatedVm();
  const isolate = new ivm.Isolate({ memoryLimit: 32 });
  try {
    const module = await compile(isolate, source, file);
    const imports = module.dependencySpecifiers;
    if (imports.length > 0)
      throw inputError(
        `the candidate imports ${imports.map((s) => `'${s}'`).join(', ')}; a candidate gets nothing but its arguments, so remove the import`,
        { file },
      );
    if (passed.size >= 10_000) passed.clear();
    passed.add(hash);
  } finally {
    isolate.dispose();
  }
}

async function compile(isolate: import('isolated-vm').Isolate, source: string, file: string) {
  try {
    return await isolate.compileModule(source, { filename: file });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // isolated-vm appends the position as `[file:line:column]`.
    const position = /\[[^\]]*:(\d+):(\d+)\]\s*$/.exec(message);
    const text = message.replace(/\s*\[[^\]]*\]\s*$/, '');
    throw inputError(
      `the candidate does not parse as an ES module: ${text}`,
      position ? { file, line: Number(position[1]), column: Number(position[2]) } : { file },
      error,
    );
  }
}
