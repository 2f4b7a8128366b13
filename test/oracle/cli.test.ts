/** `schedlab score`: exit 0 whatever the candidate did, exit 2 with a clear message for bad input. */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run-cli.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('schedlab-score-cli-');
const instance = 'instances/rcpsp/psplib-like/rcpsp-psplib-20-1.5-1-0.2-small-3.json';

function candidate(name: string, source: string): string {
  const file = join(dir, name);
  writeFileSync(file, source);
  return file;
}

const score = (...args: string[]) => runCli('score', ...args, '--workers', '0', '--no-cache');

describe('schedlab score', () => {
  it('exits 0 and reports the status when the candidate fails', async () => {
    const run = await score(
      'rcpsp',
      candidate('throws.js', 'export default () => { throw new Error("boom"); };'),
      instance,
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.instances[0]).toMatchObject({ status: 'error', message: 'Error: boom' });
    expect(report.openevolve.metrics.combined_score).toBe(0);
  });

  it('takes the longest time limit without its timers firing at once', async () => {
    const run = await runCli(
      'score',
      'rcpsp',
      'examples/oracle/chain-heuristic.js',
      instance,
      '--timeout-ms',
      String(2 ** 31 - 1),
      '--workers',
      '1',
      '--no-cache',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).instances[0].status).toBe('ok');
  });

  it('prints a table with the combined score for people', async () => {
    const run = await score('rcpsp', 'examples/oracle/lst-priority.js', instance, '--skeleton', 'serial-sgs');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/rcpsp-psplib-20-1\.5-1-0\.2-small-3\tok\t/);
    expect(run.stdout).toMatch(/combined score 0\.\d{4}/);
  });

  const bad: [string, string[], RegExp][] = [
    [
      'a candidate that does not parse',
      ['rcpsp', 'SYNTAX'],
      /syntax\.js:2:13: the candidate does not parse as an ES module: Unexpected token/,
    ],
    ['no default export', ['rcpsp', 'NODEFAULT'], /no default export; write `export default function/],
    [
      'a default export that is not a function',
      ['rcpsp', 'NUMBER'],
      /default export is a number; it must be a function/,
    ],
    ['an import', ['rcpsp', 'IMPORT'], /imports 'node:fs'; a candidate gets nothing but its arguments/],
    ['an unknown family', ['nope', 'NODEFAULT'], /unknown family 'nope'; known families: .*rcpsp/],
    [
      'an unknown skeleton',
      ['rcpsp', 'NODEFAULT', '--skeleton', 'ghost'],
      /no skeleton 'ghost'; its skeletons are: serial-sgs/,
    ],
    [
      'an unknown pipeline skeleton',
      ['pipeline', 'NODEFAULT', '--skeleton', 'x'],
      /family 'pipeline' has no skeleton 'x'; its skeletons are: next-pass/,
    ],
    ['a bad --timeout-ms', ['rcpsp', 'NODEFAULT', '--timeout-ms', '0'], /--timeout-ms expects a whole number from 1/],
    ['a bad --memory-mb', ['rcpsp', 'NODEFAULT', '--memory-mb', '4'], /--memory-mb expects a whole number from 8/],
    ['a missing candidate file', ['rcpsp', 'missing.js'], /missing\.js/],
  ];
  const files: Record<string, string> = {
    SYNTAX: candidate('syntax.js', 'export default function () {\n  return 1 +;\n}\n'),
    NODEFAULT: candidate('no-default.js', 'export const priority = () => 1;'),
    NUMBER: candidate('number.js', 'export default 42;'),
    IMPORT: candidate('import.js', "import fs from 'node:fs';\nexport default () => fs;"),
  };

  it.each(bad)('exits 2 for %s', async (_name, args, message) => {
    const run = await score(...args.map((a) => files[a] ?? a), instance);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('importing schedlab', () => {
  it('does not load isolated-vm (a native addon) until a candidate is scored', () => {
    const script = `
      import { createRequire } from 'node:module';
      await import('./src/index.ts');
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => p.includes('isolated-vm'));
      console.log(JSON.stringify(loaded));`;
    const output = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(JSON.parse(output.trim().split('\n').pop() ?? 'null')).toEqual([]);
  });

  it('scores the bundled sets when no instances are named', async () => {
    const run = await score('pipeline', candidate('empty.js', 'export default () => ({});'), '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.summary.instances).toBeGreaterThan(0);
    expect(report.instances.every((s: { status: string }) => s.status === 'invalid-output')).toBe(true);
  });
});
