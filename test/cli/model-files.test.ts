import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CanonicalModel } from '../../src/canonical/canonical-model.js';
import { readLp } from '../../src/formats/index.js';
import { runCli } from './run-cli.js';
import { scratchDir } from '../support/scratch.js';

const example = resolve('examples/models/gpu-jobs.lp');
const sharedMps = resolve('../shared/data/mps');
/** The matrix as sorted (row, column name, value) triples: independent of storage order. */
function entries(model: CanonicalModel): string[] {
  const triples: string[] = [];
  for (let i = 0; i < model.numRows; i++) {
    for (let k = model.rowStart[i]; k < model.rowStart[i + 1]; k++)
      triples.push(`${i} ${model.colName(model.colIndex[k])} ${model.value[k]}`);
  }
  return triples.sort();
}

const scratch = scratchDir('schedlab-cli-');

describe('schedlab solve MODEL', () => {
  it('solves the bundled example to its optimum (makespan 7) and prints a summary', async () => {
    const { code, stdout } = await runCli('solve', example);
    expect(code).toBe(0);
    expect(stdout).toMatch(/status\s+optimal/);
    expect(stdout).toMatch(/objective\s+7\n/);
    expect(stdout).toMatch(/9 rows, 19 columns, 39 nonzeros; MIP/);
  });

  it('prints the DESIGN.md object with --json, numbers from the evaluator of the point', async () => {
    const { code, stdout } = await runCli('solve', example, '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual([
      'family',
      'instance',
      'method',
      'status',
      'objective',
      'bound',
      'gap',
      'timeMs',
      'feasible',
      'violations',
      'solution',
    ]);
    expect(report).toMatchObject({
      family: null,
      instance: 'gpu-jobs.lp',
      method: 'highs',
      status: 'optimal',
      objective: 7,
      bound: 7,
      gap: 0,
      feasible: true,
      violations: [],
    });
    expect(report.solution.T).toBe(7);
    const assigned = Object.entries(report.solution).filter(([name, value]) => name.startsWith('x_') && value === 1);
    expect(assigned).toHaveLength(6);
  });

  it('writes the same object to --out', async () => {
    const out = join(scratch, 'solution.json');
    const { code } = await runCli('solve', example, '--out', out, '--time-limit', '30', '--gap', '0');
    expect(code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ status: 'optimal', objective: 7 });
  });

  it.skipIf(!existsSync(sharedMps))('reports a proven-infeasible model with exit code 0 and null numbers', async () => {
    const { code, stdout } = await runCli('solve', join(sharedMps, 'galenet.mps'), '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      status: 'infeasible',
      feasible: false,
      objective: null,
      solution: null,
    });
  });
});

describe('schedlab solve: bad input exits 2 with a message naming the place', () => {
  it('a missing file', async () => {
    const { code, stderr } = await runCli('solve', 'no/such/model.mps');
    expect(code).toBe(2);
    expect(stderr).toContain('no/such/model.mps: cannot read the file: no such file');
  });

  it('a malformed MPS file names its line, and --out is not written', async () => {
    const bad = join(scratch, 'bad.mps');
    writeFileSync(bad, 'NAME bad\nROWS\n N obj\n X c1\nCOLUMNS\nENDATA\n');
    const out = join(scratch, 'never.json');
    const { code, stderr } = await runCli('solve', bad, '--out', out);
    expect(code).toBe(2);
    expect(stderr).toContain(`${bad}:4`);
    expect(existsSync(out)).toBe(false);
  });

  it('an unknown extension, solver, option or a bad number', async () => {
    const text = join(scratch, 'model.txt');
    writeFileSync(text, 'max: x;');
    const unknown = await runCli('solve', text);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain(
      `${text}: no family reads '.txt' files; give a schedlab .json instance, an .mps or .lp model, or one of: `,
    );
    expect(unknown.stderr).toContain('.sm (rcpsp)');
    const solver = await runCli('solve', example, '--solver', 'gurobi');
    expect(solver.code).toBe(2);
    expect(solver.stderr).toMatch(/unknown solver 'gurobi'; choose one of: highs, glpk, jslp, cbc/);
    const limit = await runCli('solve', example, '--time-limit', 'soon');
    expect(limit.code).toBe(2);
    expect(limit.stderr).toContain("--time-limit expects a positive number of seconds up to 1000000, got 'soon'");
    expect((await runCli('solve', example, '--bogus')).code).toBe(2);
    expect((await runCli('solve')).code).toBe(2);
  });
});

describe('schedlab export', () => {
  it('converts LP to MPS and back without changing the model', async () => {
    const mps = join(scratch, 'gpu-jobs.mps');
    expect((await runCli('export', example, '--format', 'mps', '--out', mps)).code).toBe(0);
    const back = await runCli('export', mps, '--format', 'lp');
    expect(back.code).toBe(0);
    const original = readLp(readFileSync(example, 'utf8'));
    const roundTripped = readLp(back.stdout);
    expect(entries(roundTripped)).toEqual(entries(original));
    expect(Array.from(roundTripped.colInteger)).toEqual(Array.from(original.colInteger));
    expect(Array.from(roundTripped.rowUpper)).toEqual(Array.from(original.rowUpper));
    const solved = await runCli('solve', mps, '--json');
    expect(JSON.parse(solved.stdout).objective).toBe(7);
  });

  it('refuses an unknown format with exit code 2', async () => {
    const { code, stderr } = await runCli('export', example, '--format', 'xlsx');
    expect(code).toBe(2);
    expect(stderr).toContain("--format expects lp or mps, got 'xlsx'");
  });
});

describe('schedlab solvers', () => {
  it('lists every backend; HiGHS is always installed', async () => {
    const { code, stdout } = await runCli('solvers', '--json');
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as { name: string; available: boolean; capabilities: string[] }[];
    expect(rows.map((row) => row.name)).toEqual(['highs', 'glpk', 'jslp', 'cbc']);
    expect(rows[0]).toMatchObject({ name: 'highs', available: true });
    expect(rows[0].capabilities).toContain('integer');
  });
});
