/**
 * Temporary folders for tests, removed when the test file is done (vitest runs `afterAll`
 * per file); the removal is checked, so a folder that could not be removed fails the file.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) {
    rmSync(dir, { recursive: true, force: true });
    expect(existsSync(dir), `scratch folder ${dir} is still there`).toBe(false);
  }
});

/** A new empty folder under the system's temporary folder, named `<prefix>XXXXXX`. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  expect(readdirSync(dir), `a new scratch folder ${dir} is empty`).toEqual([]);
  made.push(dir);
  return dir;
}
