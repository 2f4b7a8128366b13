/**
 * A closed pipe ends a command quietly: `schedlab families | head -1` must not die with an
 * unhandled EPIPE stack trace. The reader here (`true`) exits at once, so every write fails.
 */
import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../support/scratch.js';
import { runCli } from './run-cli.js';

const example = resolve('instances/rcpsp/examples/rcpsp-migration-small-1.json');

function intoClosedPipe(args: string): { stderr: string; code: string | undefined } {
  const command = `(${process.execPath} --import tsx src/cli/main.ts ${args}; echo "exit $?" >&2) | true`;
  const run = spawnSync('sh', ['-c', command], { encoding: 'utf8', timeout: 60_000 });
  const code = /exit (\d+)\s*$/.exec(run.stderr)?.[1];
  return { stderr: run.stderr.replace(/exit \d+\s*$/, ''), code };
}

describe('output into a closed pipe', () => {
  it('families and evaluate end without a stack trace', async () => {
    const solution = join(scratchDir('schedlab-pipe-'), 'solution.json');
    expect((await runCli('heuristic', example, '--out', solution)).code).toBe(0);
    for (const args of ['families', `evaluate ${example} ${solution}`]) {
      const run = intoClosedPipe(args);
      expect(run.stderr, args).toBe('');
      expect(run.code, args).toBe('0');
    }
  }, 60_000);
});
