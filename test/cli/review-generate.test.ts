import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { scratchDir } from '../support/scratch.js';

const scratch = scratchDir('schedlab-review-generate-');

describe('schedlab generate --out that cannot be a folder', () => {
  it('is bad input (exit 2) naming the folder, not an internal error', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const { code, stderr } = await runCli('generate', 'rcpsp', '--out', join(file, 'sub'));
    expect(code).toBe(2);
    expect(stderr).toContain(join(file, 'sub'));
    expect(stderr).toMatch(/cannot create the folder/);
    expect(stderr).not.toMatch(/internal error/);
  });
});
