import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../src/bench/types.js';
import { rowColumns, summaryColumns } from '../../src/bench/report.js';
import { registerFamily } from '../../src/family/registry.js';
import { handSet, knapsackFamily } from './fixture-family.js';
import { makeSet, ref, runBenchCli, tempFolder } from './helpers.js';
import { runCli } from '../cli/run-cli.js';

beforeAll(() => registerFamily(knapsackFamily));

const index = { k1: ref(18, true), k2: ref(9, true), k3: ref(15) };

/** Split one CSV line (RFC 4180 quotes). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (const match of line.matchAll(pattern)) {
    cells.push(match[1].startsWith('"') ? match[1].slice(1, -1).replace(/""/g, '"') : match[1]);
    if (match[2] === '') break;
  }
  return cells;
}

describe('schedlab bench', () => {
  it('prints the summary table and plain progress lines when not a TTY', async () => {
    const run = await runBenchCli([makeSet(handSet, index), '--methods', 'greedy,default', '--time-limit', '1']);
    expect(run.code).toBe(0);
    const progress = run.stderr.trim().split('\n');
    expect(progress).toHaveLength(6);
    expect(progress[0]).toMatch(/^\[1\/6\] k1 greedy: feasible, objective 17, ref 18, dev 5\.56%, \d+ ms$/);
    expect(progress[5]).toMatch(/^\[6\/6\] k3 default: feasible, objective 16, ref 15, dev -6\.67%/);
    const table = run.stdout.trim().split('\n');
    expect(table[0]).toMatch(
      /^\| method +\| runs \| feasible \| optimal \| infeasible \| matched \| errors \| mean dev +\| max dev +\| mean time \| max time \|$/,
    );
    expect(table[1]).toMatch(/^\|( -+ \|)+$/);
    expect(table[2]).toMatch(/^\| greedy +\| 3 +\| 3 +\| 0 +\| 0 +\| 1\/3 +\| 0 +\| 10\.74% +\| 26\.67% +\|/);
    expect(table[3]).toMatch(/^\| default +\| 3 +\| 3 +\| 0 +\| 0 +\| 3\/3 +\| 0 +\| -2\.22% +\| 0\.00% +\|/);
  });

  it('draws a progress bar when stderr, where progress goes, is a terminal', async () => {
    const run = await runBenchCli([makeSet({ k1: handSet.k1 }), '--methods', 'greedy'], { stderr: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/1\/1 runs/);
    expect(run.stderr).not.toMatch(/^\[1\/1\]/m);
  });

  it('writes plain lines when only stdout is a terminal (stderr redirected to a log)', async () => {
    const run = await runBenchCli([makeSet({ k1: handSet.k1 }), '--methods', 'greedy'], { stdout: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^\[1\/1\] k1 greedy: feasible/m);
    expect(run.stderr).not.toMatch(/runs \|/);
  });

  it('writes the report as JSON, CSV and Markdown by the extension', async () => {
    const folder = makeSet(handSet, index);
    const out = tempFolder();
    for (const extension of ['json', 'csv', 'md']) {
      const file = join(out, `report.${extension}`);
      const run = await runBenchCli([folder, '--methods', 'greedy,default,overfill', '--report', file]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain(`report written to ${file}`);
      if (extension === 'csv')
        expect(run.stdout).toContain(`report written to ${file} and ${join(out, 'report.summary.csv')}`);
    }
    const json = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as BenchReport;
    expect(json).toMatchObject({
      families: ['knapsack-test'],
      methods: ['greedy', 'default', 'overfill'],
      instances: 3,
      timeLimitSec: 10,
      seed: 1,
    });
    expect(json.rows).toHaveLength(9);
    expect(json.summary.map((entry) => entry.method)).toEqual(['greedy', 'default', 'overfill']);

    const csv = readFileSync(join(out, 'report.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe(rowColumns.join(','));
    expect(csv).toHaveLength(1 + 9);
    const cells = csvCells(csv[1]);
    expect(cells).toHaveLength(rowColumns.length);
    expect(Object.fromEntries(rowColumns.map((column, k) => [column, cells[k]]))).toMatchObject({
      instance: 'k1',
      method: 'greedy',
      objective: '17',
      reference: '18',
      feasible: 'true',
      provenInfeasible: 'false',
    });

    // The per-method summary is a second CSV file beside the runs, one line per method.
    const summary = readFileSync(join(out, 'report.summary.csv'), 'utf8').trimEnd().split('\n').map(csvCells);
    expect(summary[0]).toEqual([...summaryColumns]);
    expect(summary.map((line) => line[0])).toEqual(['method', 'greedy', 'default', 'overfill']);
    const greedy = Object.fromEntries(summaryColumns.map((column, k) => [column, summary[1][k]]));
    expect(greedy).toMatchObject({
      runs: '3',
      feasible: '3',
      proven: '0',
      provenInfeasible: '0',
      matched: '1',
      withReference: '3',
      errors: '0',
    });
    expect(Number(greedy.meanDeviation)).toBeCloseTo((1 / 18 + 0 + 4 / 15) / 3, 12);
    const overfill = Object.fromEntries(summaryColumns.map((column, k) => [column, summary[3][k]]));
    expect(overfill).toMatchObject({ feasible: '0', meanDeviation: '', maxDeviation: '' });

    const markdown = readFileSync(join(out, 'report.md'), 'utf8').split('\n');
    const tableLines = markdown.filter((line) => line.startsWith('|'));
    expect(tableLines).toHaveLength(2 + 3 + 2 + 9);
    expect(markdown).toContain('## Summary');
    expect(markdown.some((line) => /^\| knapsack-test \| k2 +\| overfill \| infeasible \|/.test(line))).toBe(true);
  });

  it('prints the report object with --json', async () => {
    const run = await runBenchCli([makeSet({ k1: handSet.k1 }), '--methods', 'default', '--json']);
    const report = JSON.parse(run.stdout) as BenchReport;
    expect(report.rows[0]).toMatchObject({ instance: 'k1', method: 'default', objective: 18, referenceSource: 'run' });
  });

  it('ends with exit code 1 after an error row, having run everything', async () => {
    const run = await runBenchCli([
      makeSet({ k1: { ...handSet.k1, trap: true }, k2: handSet.k2 }),
      '--methods',
      'fragile',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/\[1\/2\] k1 fragile: error, \d+ ms, the fragile heuristic sprang its trap/);
    expect(run.stdout).toMatch(/\| fragile +\| 2 +\| 1 +\| 0 +\| 0 +\| 1\/1 +\| 1 +\|/);
  });

  it('is bad input (exit 2) for a path without instances, an unknown method or a report format', async () => {
    const empty = tempFolder();
    writeFileSync(join(empty, 'readme.txt'), 'no instances');
    const noInstances = await runBenchCli([empty]);
    expect(noInstances.code).toBe(2);
    expect(noInstances.stderr).toContain(empty);
    expect(noInstances.stderr).toMatch(/no instance here/);

    const unknown = await runBenchCli([makeSet({ k1: handSet.k1 }), '--methods', 'greedy,tabu']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown method 'tabu'.*default, greedy/);

    const format = await runBenchCli([makeSet({ k1: handSet.k1 }), '--report', join(tempFolder(), 'r.xlsx')]);
    expect(format.code).toBe(2);
    expect(format.stderr).toMatch(/\.md, \.json or \.csv/);
    expect(format.stderr).not.toMatch(/\[1\//);

    const missing = await runBenchCli([join(empty, 'nope.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.json: cannot read the file: no such file/);

    const limit = await runBenchCli([makeSet({ k1: handSet.k1 }), '--time-limit', '0']);
    expect(limit.code).toBe(2);
  });

  it('is wired into the schedlab program', async () => {
    const run = await runCli('bench', makeSet({ k2: handSet.k2 }), '--methods', 'greedy,mip', '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as BenchReport;
    expect(report.summary.map((entry) => [entry.method, entry.proven])).toEqual([
      ['greedy', 0],
      ['mip/highs', 1],
    ]);
  });

  it('reports reference updates on stdout', async () => {
    const folder = makeSet({ k1: handSet.k1 }, { k1: ref(15) });
    const run = await runBenchCli([folder, '--methods', 'greedy', '--update-references']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${join(folder, 'index.json')}: k1 bestObjective 15 -> 17 (greedy)`);
  });
});
