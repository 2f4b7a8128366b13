/** Reading each input kind, refusing bad input, and merging inputs into the page's data. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BenchReport } from '../../src/bench/types.js';
import { SchedlabError } from '../../src/errors.js';
import type { ScoreReport } from '../../src/oracle/types.js';
import { buildReportData, readReportInput, reportInput } from '../../src/report/index.js';
import { serialRcpspCandidate } from '../support/candidates.js';
import { scratchDir } from '../support/scratch.js';
import { runCli } from '../cli/run-cli.js';
import { failingCandidate, rcpspBench, rcpspFiles, scoreFixture } from './fixtures.js';

const dir = scratchDir('schedlab-report-data-');
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
};

function inputErrorOf(run: () => unknown): SchedlabError {
  try {
    run();
  } catch (error) {
    if (error instanceof SchedlabError) return error;
    throw error;
  }
  throw new Error('expected an input error');
}

let both: BenchReport;
let heuristicOnly: BenchReport;
let failing: ScoreReport;
let resultFile: string;

beforeAll(async () => {
  both = await rcpspBench();
  heuristicOnly = await rcpspBench('serial-lft');
  failing = await scoreFixture(failingCandidate);
  const run = await runCli('heuristic', rcpspFiles[0], '--name', 'serial-lst', '--json');
  expect(run.code, run.stderr).toBe(0);
  resultFile = write('serial-lst.json', run.stdout);
}, 60_000);

describe('reading report inputs', () => {
  it('tells bench reports, score reports and solve/heuristic results apart', () => {
    expect(readReportInput(write('bench-a.json', both))).toMatchObject({ kind: 'bench', name: 'bench-a' });
    expect(readReportInput(write('greedy.json', failing))).toMatchObject({ kind: 'score', name: 'greedy' });
    expect(readReportInput(resultFile)).toMatchObject({ kind: 'result', name: 'serial-lst' });
  });

  it('refuses a file that is none of them, naming the file and what was expected', () => {
    const error = inputErrorOf(() => readReportInput(write('list.json', [1, 2])));
    expect(error.kind).toBe('input');
    expect(error.describe()).toMatch(/list\.json \(at \(root\)\): expected a schedlab result: a bench report/);
  });

  it('names the path of a bad field inside a recognized file', () => {
    const broken = { ...both, rows: [{ ...both.rows[0], timeMs: 'fast' }] };
    const error = inputErrorOf(() => readReportInput(write('broken.json', broken)));
    expect(error.describe()).toMatch(/broken\.json \(at rows\[0\]\.timeMs\): .*expected number/);
  });

  it("refuses a raw model's result, which has no family", () => {
    const raw = { ...JSON.parse(readFileSync(resultFile, 'utf8')), family: null };
    expect(inputErrorOf(() => reportInput(raw, 'raw')).describe()).toMatch(
      /^\(at family\): expected a family's result .*; found null$/,
    );
  });

  it('names the file that is not JSON, or not there', () => {
    expect(inputErrorOf(() => readReportInput(write('text.json', 'not json'))).describe()).toMatch(/^.*text\.json:1/);
    expect(inputErrorOf(() => readReportInput(join(dir, 'absent.json'))).describe()).toMatch(
      /absent\.json: cannot read/,
    );
  });
});

describe('buildReportData', () => {
  it('keeps methods of the same name from two files apart, and says so', async () => {
    const data = await buildReportData([reportInput(both, 'a'), reportInput(heuristicOnly, 'b')]);
    const methods = data.summary.map((row) => row.method);
    expect(methods).toEqual(['serial-lft (a)', 'branch-and-bound', 'serial-lft (b)']);
    expect(data.notes[0]).toMatch(/method serial-lft comes from a, b/);
    expect(data.families[0].profile.map((series) => series.method)).toEqual(methods);
  });

  it('measures a result without a stored reference against the best run of the whole report', async () => {
    const data = await buildReportData([reportInput(both, 'bench'), readReportInput(resultFile)]);
    const optimum = data.runs.find((run) => run.method === 'branch-and-bound' && run.proven)?.objective;
    const result = data.runs.find((run) => run.method === 'serial-lst');
    expect(result?.reference).toBe(optimum);
    expect(result?.deviation).toBe(((result?.objective as number) - (optimum as number)) / (optimum as number));
  });

  it("keeps each run's gap to its own bound, next to its deviation from the reference", async () => {
    const rows = both.rows.map((row, k) =>
      k === 0 ? { ...row, objective: 50, bound: 40 } : k === 1 ? { ...row, bound: null } : row,
    );
    const data = await buildReportData([reportInput({ ...both, rows }, 'bench')]);
    expect(data.runs[0].gap).toBeCloseTo(0.2, 12);
    expect(data.runs[1].gap).toBeNull();
    expect(data.runs[1].deviation).not.toBeNull();
  });

  it('draws every kept solution, and notes the runs whose instance file is gone', async () => {
    const moved = {
      ...both,
      rows: both.rows.map((row, k) => (k === 0 ? { ...row, file: join(dir, 'moved.json') } : row)),
    };
    const data = await buildReportData([reportInput(moved, 'bench')]);
    expect(data.runs[0].view).toBeNull();
    expect(data.runs.slice(1).every((run) => run.view !== null)).toBe(true);
    expect(data.views.length).toBe(data.runs.length - 1);
    expect(data.notes.join('\n')).toMatch(/rcpsp: no schedule: .*moved\.json: cannot read the file: no such file/);
  });

  it('draws at most maxViews schedules, the best run of each instance first, and says how many are left', async () => {
    const data = await buildReportData([reportInput(both, 'bench')], { maxViews: 3 });
    const drawn = data.runs.filter((run) => run.view !== null);
    expect(drawn.map((run) => run.instance)).toEqual(rcpspFiles.map((file) => file.replace(/^.*\/|\.json$/g, '')));
    for (const run of drawn) {
      const others = data.runs.filter((other) => other.instance === run.instance && other.feasible);
      expect(run.objective).toBe(Math.min(...others.map((other) => other.objective as number)));
    }
    expect(data.notes).toContain(
      '3 more runs kept a solution but are not drawn: the page draws at most 3 schedules, the best run of each instance first (--max-views)',
    );
  });

  it("lists each oracle failure's status with the first lines of its output", async () => {
    const good = await scoreFixture(serialRcpspCandidate);
    const data = await buildReportData([reportInput(failing, 'failing'), reportInput(good, 'serial')]);
    expect(data.runs).toEqual([]);
    expect(data.oracle?.candidates.map((c) => [c.candidate, c.combinedScore > 0])).toEqual([
      ['failing', false],
      ['serial', true],
    ]);
    expect(data.oracle?.scores).toHaveLength(2 * rcpspFiles.length);
    expect(data.oracle?.failures).toHaveLength(rcpspFiles.length);
    expect(data.oracle?.failures[0]).toMatchObject({ candidate: 'failing', status: 'error' });
    expect(data.oracle?.failures[0].lines).toEqual([
      'Error: no schedule today',
      'looking at the activities',
      'giving up',
    ]);
  });
});
