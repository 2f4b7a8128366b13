/** File I/O with errors that name the file, and writes that never leave half a file. */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { inputError, SchedlabError } from '../errors.js';

/**
 * Bytes as UTF-8 text, refusing invalid UTF-8 with the byte offset of the first bad byte
 * (a lenient decoder would turn it into U+FFFD and could merge two different ids into one).
 * A leading byte-order mark is dropped.
 *
 * @example
 * ```ts
 * decodeUtf8(new Uint8Array([0x68, 0x69]), 'x.txt'); // 'hi'
 * decodeUtf8(new Uint8Array([0x68, 0xff]), 'x.txt'); // throws 'x.txt:1: not valid UTF-8: the byte at offset 1 (0xff) ...'
 * ```
 */
export function decodeUtf8(bytes: Uint8Array, file?: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    const offset = firstInvalidUtf8(bytes);
    let line = 1;
    for (let k = 0; k < offset; k++) if (bytes[k] === 0x0a) line++;
    const byte = bytes[offset].toString(16).padStart(2, '0');
    throw inputError(
      `not valid UTF-8: the byte at offset ${offset} (0x${byte}) does not start a well-formed UTF-8 character; save the file as UTF-8`,
      { ...(file === undefined ? {} : { file }), line },
      error,
    );
  }
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (RFC 3629). */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let k = 0;
  while (k < bytes.length) {
    const lead = bytes[k];
    if (lead < 0x80) {
      k++;
      continue;
    }
    const length =
      lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0) return k;
    // The second byte's range is narrower after E0, ED, F0 and F4 (no overlongs, surrogates or > U+10FFFF).
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    for (let n = 1; n < length; n++) {
      const byte = bytes[k + n];
      if (byte === undefined || (n === 1 ? byte < low || byte > high : byte < 0x80 || byte > 0xbf)) return k;
    }
    k += length;
  }
  return bytes.length;
}

/**
 * The text of `path`, or an input error saying why it cannot be read (and `fix`, when given).
 * The file must be UTF-8: an invalid byte is an input error with its offset (`decodeUtf8`).
 *
 * @example
 * ```ts
 * const text = readTextFile('instances/rcpsp/j301_1.sm');
 * readTextFile('absent.json'); // throws SchedlabError 'input': "absent.json: cannot read the file: no such file"
 * ```
 */
export function readTextFile(path: string, fix?: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
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
  return decodeUtf8(bytes, path);
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
