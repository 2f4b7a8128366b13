/**
 * `schedlab solve FILE` without `--method` runs the family's strongest method for the
 * instance, and the report names it; `--solver` or `--gap` ask for the MIP instead.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const j30 = fileURLToPath(new URL('../../../shared/data/psplib/j30', import.meta.url));
const optimaFile = `${j30}/optimum.csv`;
const hasJ30 = existsSync(optimaFile);
if (!hasJ30) console.warn(`skipping the j30 cases of solve's default method: ${optimaFile} is absent`);

/** The published optimum of a j30 file. */
function optimum(file: string): number {
  const line = readFileSync(optimaFile, 'utf8')
    .split('\n')
    .find((row) => row.startsWith(`${file},`));
  if (line === undefined) throw new Error(`${file} is not in ${optimaFile}`);
  return Number(line.split(',')[1]);
}

async function solveJson(...argv: string[]): Promise<Record<string, unknown>> {
  const run = await runCli('solve', ...argv, '--json');
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout);
}

describe('solve without --method', () => {
  // j3025_1 and j3029_1 are among the files mip-descent leaves open at 60 s; branch and bound needs under 1 s.
  it.skipIf(!hasJ30).each(['j301_1.sm', 'j3025_1.sm', 'j3029_1.sm'])(
    'proves the j30 optimum of %s with branch and bound',
    async (file) => {
      const report = await solveJson(`${j30}/${file}`, '--time-limit', '60');
      expect(report).toMatchObject({ method: 'branch-and-bound', status: 'optimal', feasible: true });
      expect(report.objective).toBe(optimum(file));
      expect(report.bound).toBe(optimum(file));
    },
  );

  it('runs mip-descent on an instance with extensions, and names it', async () => {
    const report = await solveJson('instances/rcpsp/examples/rcpsp-migration-small-1.json', '--time-limit', '20');
    expect(report).toMatchObject({ method: 'mip-descent', status: 'optimal', feasible: true });
  });

  it('runs the MIP where the family has no exact method (pipeline)', async () => {
    const report = await solveJson('instances/pipeline/zero-bubble/small-p3-m6-1p.json', '--time-limit', '2');
    expect(report.method).toBe('mip/highs');
  });

  it('runs the MIP when --solver or --gap is given', async () => {
    const file = 'instances/rcpsp/examples/rcpsp-psplib-medium-4.json';
    expect((await solveJson(file, '--solver', 'highs', '--time-limit', '20')).method).toBe('mip/highs');
    expect((await solveJson(file, '--gap', '0', '--time-limit', '20')).method).toBe('mip/highs');
    expect((await solveJson(file, '--time-limit', '20')).method).toBe('branch-and-bound');
  });
});
