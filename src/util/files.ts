/** File I/O with errors that name the file, and writes that never leave half a file. */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputError, SchedlabError } from '../errors.js';

/**
 * The text of `path`, or an input error saying why it cannot be read (and `fix`, when given).
 *
 * @example
 * ```ts
 * const text = readTextFile('instances/rcpsp/j301_1.sm');
 * readTextFile('absent.json'); // throws SchedlabError 'input': "absent.json: cannot read the file: no such file"
 * ```
 */
export function readTextFile(path: string, fix?: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String(error);
    throw inputError(`cannot read the file: ${reason}${fix ? `; ${fix}` : ''}`, { file: path }, error);
  }
}

/**
 * Write `text` to `path` through a temporary file and a rename, so a reader never sees half of it.
 *
 * @example
 * ```ts
 * writeFileAtomic('out/report.json', JSON.stringify(report));
 * ```
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new SchedlabError('input', `cannot write the file: ${(error as Error).message}`, {
      cause: error,
      location: { file: path },
    });
  }
}
