import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BenchReport } from '../../src/bench/types.js';
import { runCli } from './run-cli.js';
import { scratchDir } from '../support/scratch.js';

const examples = resolve('instances/rcpsp/examples');
const migration = join(examples, 'rcpsp-migration-small-1.json');
const scratch = scratchDir('schedlab-family-methods-');
const activityIds = (file: string): string[] =>
  (JSON.parse(readFileSync(file, 'utf8')).data.activities as { id: string }[]).map((a) => a.id);

/** The `data-activity` of every Gantt bar in an SVG. */
function bars(svg: string): string[] {
  return [...svg.matchAll(/<g class="bar" data-activity="([^"]+)">/g)].map((match) => match[1]);
}

describe('--svg draws the schedule', () => {
  it('solve writes a standalone SVG with one bar per activity', async () => {
    const file = join(scratch, 'solve.svg');
    const { code, stdout } = await runCli('solve', migration, '--time-limit', '20', '--svg', file, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).feasible).toBe(true);
    const svg = readFileSync(file, 'utf8');
    expect(svg.trimStart()).toMatch(/^(<\?xml[^>]*>\s*)?<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.trimEnd()).toMatch(/<\/svg>$/);
    expect(bars(svg).sort()).toEqual(activityIds(migration).sort());
  });

  it('heuristic writes the same kind of chart', async () => {
    const file = join(scratch, 'heuristic.svg');
    const { code } = await runCli('heuristic', migration, '--name', 'genetic', '--svg', file);
    expect(code).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg).toContain('<svg');
    expect(bars(svg).sort()).toEqual(activityIds(migration).sort());
  });
});

describe('solve --method', () => {
  it("runs the family's exact method and says so in the report", async () => {
    const { code, stdout } = await runCli(
      'solve',
      migration,
      '--method',
      'mip-descent',
      '--time-limit',
      '20',
      '--json',
    );
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
      'metrics',
    ]); // metrics: an addition (README)
    const reference = JSON.parse(readFileSync(join(examples, 'index.json'), 'utf8'))['rcpsp-migration-small-1'];
    expect(report).toMatchObject({
      family: 'rcpsp',
      method: 'mip-descent',
      status: 'optimal',
      objective: reference.bestObjective,
      bound: reference.bestObjective,
      gap: 0,
      feasible: true,
    });
  });

  it('takes mip/SOLVER, and rejects a heuristic or an unknown name with the choices (exit 2)', async () => {
    const mip = await runCli('solve', migration, '--method', 'mip/highs', '--time-limit', '20', '--json');
    expect(mip.code).toBe(0);
    expect(JSON.parse(mip.stdout).method).toBe('mip/highs');
    const heuristic = await runCli('solve', migration, '--method', 'genetic');
    expect(heuristic.code).toBe(2);
    expect(heuristic.stderr).toContain(
      "'genetic' is a heuristic of family 'rcpsp'; run it with `schedlab heuristic FILE --name genetic`",
    );
    const unknown = await runCli('solve', migration, '--method', 'tabu');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("family 'rcpsp' has no method 'tabu'; solve runs: mip, mip/SOLVER, mip-descent");
  });
});

describe('bench on the bundled RCPSP examples', () => {
  it('runs a heuristic, the MIP and the exact method, and summarizes them', async () => {
    const { code, stdout, stderr } = await runCli(
      'bench',
      examples,
      '--methods',
      'default,mip,mip-descent',
      '--time-limit',
      '20',
      '--json',
    );
    expect(code, stderr).toBe(0);
    const report = JSON.parse(stdout) as BenchReport;
    expect(report).toMatchObject({
      families: ['rcpsp'],
      methods: ['default', 'mip/highs', 'mip-descent'],
      instances: 5,
    });
    expect(report.rows).toHaveLength(15);
    for (const row of report.rows)
      expect(row, `${row.instance} ${row.method}`).toMatchObject({
        feasible: true,
        deviation: 0,
        referenceSource: 'index.json',
      });
    for (const entry of report.summary)
      expect(entry, entry.method).toMatchObject({
        runs: 5,
        feasible: 5,
        matched: 5,
        withReference: 5,
        errors: 0,
        provenInfeasible: 0,
      });
    // The three makespan instances are proven optimal by the MIP and the exact method.
    const makespan = ['rcpsp-migration-medium-2', 'rcpsp-migration-small-1', 'rcpsp-psplib-medium-4'];
    for (const method of ['mip/highs', 'mip-descent']) {
      const proven = report.rows.filter((row) => row.method === method && row.proven).map((row) => row.instance);
      expect(proven, method).toEqual(expect.arrayContaining(makespan));
    }
    // The MIP of a feasibility-only instance has no objective, so its 'optimal' proves feasibility only.
    const ramp = report.rows.find((row) => row.instance === 'rcpsp-ramp-4-small-5' && row.method === 'mip/highs');
    expect(ramp).toMatchObject({ status: 'feasible', proven: false });
  });

  it('prints the summary table with the exact method as a row', async () => {
    const { code, stdout } = await runCli(
      'bench',
      join(examples, 'rcpsp-migration-small-1.json'),
      '--methods',
      'default,mip-descent',
      '--time-limit',
      '10',
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\| method +\| runs \| feasible \| optimal \| infeasible \|/);
    expect(stdout).toMatch(/^\| mip-descent +\| 1 +\| 1 +\| 1 +\| 0 +\| 1\/1 +\| 0 +\|/m);
  });
});
