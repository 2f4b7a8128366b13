/** Text files must be UTF-8: an invalid byte is an input error with its offset, never a silent U+FFFD. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SchedlabError } from '../../../src/errors.js';
import { decodeUtf8, firstInvalidUtf8, readTextFile } from '../../../src/util/files.js';
import { scratchDir } from '../../support/scratch.js';

const scratch = scratchDir('schedlab-files-');

describe('readTextFile', () => {
  it('refuses invalid UTF-8 with the file, the line and the byte offset', () => {
    const file = join(scratch, 'latin1.sm');
    // 'caf\xe9' in Latin-1: a lenient decoder would read 'caf\uFFFD'.
    writeFileSync(file, Buffer.from([0x61, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]));
    let error: unknown;
    try {
      readTextFile(file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(SchedlabError);
    expect((error as SchedlabError).kind).toBe('input');
    expect((error as SchedlabError).describe()).toBe(
      `${file}:2: not valid UTF-8: the byte at offset 5 (0xe9) does not start a well-formed UTF-8 character; save the file as UTF-8`,
    );
  });

  it('reads UTF-8 and drops a byte-order mark', () => {
    const file = join(scratch, 'bom.txt');
    writeFileSync(file, Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('é\n')]));
    expect(readTextFile(file)).toBe('é\n');
  });

  it('finds the first invalid byte exactly where a fatal decoder fails', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 10 }), (bytes) => {
        const offset = firstInvalidUtf8(bytes);
        let valid = true;
        try {
          decodeUtf8(bytes);
        } catch {
          valid = false;
        }
        expect(valid).toBe(offset === bytes.length);
        // Everything before the offset is well-formed.
        expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(0, offset))).not.toThrow();
      }),
      { seed: 12, numRuns: 1000 },
    );
  });
});
