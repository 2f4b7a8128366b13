/** File I/O for the CLI: errors that name the file, and writes that never leave half a file. */
import { readFileSync, renameSync, writeFileSync, rmSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { inputError, SchedlabError } from '../errors.js';

/** The text of `path`, or an input error saying why it cannot be read. */
export function readTextFile(path: string): string {
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
    throw inputError(`cannot read the file: ${reason}`, { file: path }, error);
  }
}

/** Write `text` to `path` through a temporary file and a rename, so a reader never sees half of it. */
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

/** Parse a numeric CLI option, or fail with the flag's name and what it expects. */
export function numberOption(
  flag: string,
  text: string | undefined,
  check: (value: number) => boolean,
  expected: string,
): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || !check(value))
    throw inputError(`${flag} expects ${expected}, got '${text}'`);
  return value;
}
