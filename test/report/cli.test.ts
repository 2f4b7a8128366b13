/** `schedlab report`, `bench --report FILE.html` and `score --report FILE.html` from the command line. */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { viewsOfPage } from '../../src/report/view-chunks.js';
import type { ReportData } from '../../src/report/types.js';
import { runCli } from '../cli/run-cli.js';
import { serialRcpspCandidate } from '../support/candidates.js';
import { scratchDir } from '../support/scratch.js';
import { rcpspFiles } from './fixtures.js';

const dir = scratchDir('schedlab-report-cli-');
const path = (name: string) => join(dir, name);

/** The data a written page embeds, with its views decoded from their compressed chunks. */
function pageData(file: string): ReportData {
  const html = readFileSync(file, 'utf8');
  const json = /<script type="application\/json" id="schedlab-data">(.*?)<\/script>/s.exec(html)?.[1];
  expect(json, `${file} embeds its data`).toBeDefined();
  return { ...JSON.parse(json as string), views: viewsOfPage(html) };
}

async function benchJson(methods: string, ...flags: string[]) {
  const run = await runCli(
    'bench',
    rcpspFiles[0],
    rcpspFiles[1],
    '--methods',
    methods,
    '--time-limit',
    '1',
    '--json',
    ...flags,
  );
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout);
}

describe('schedlab report', () => {
  it('merges several result files into one self-contained page', async () => {
    writeFileSync(path('lft.json'), JSON.stringify(await benchJson('serial-lft', '--keep-solutions')));
    writeFileSync(path('bnb.json'), JSON.stringify(await benchJson('branch-and-bound', '--keep-solutions')));
    const run = await runCli('report', path('lft.json'), path('bnb.json'), '-o', path('merged.html'));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(`report written to ${path('merged.html')}\n`);
    const html = readFileSync(path('merged.html'), 'utf8');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="(?!data:)|https?:\/\/[^"'\s]*\.(js|css)\b/);
    const data = pageData(path('merged.html'));
    expect(data.sources.map((source) => source.name)).toEqual(['lft', 'bnb']);
    expect(data.summary.map((row) => row.method)).toEqual(['serial-lft', 'branch-and-bound']);
    expect(data.runs.every((run) => run.view !== null)).toBe(true);
  });

  it('draws a heuristic result on the instance given with --instances', async () => {
    const heuristic = await runCli('heuristic', rcpspFiles[0], '--name', 'serial-lst', '--json');
    writeFileSync(path('result.json'), heuristic.stdout);
    expect((await runCli('report', path('result.json'), '-o', path('result.html'))).code).toBe(0);
    expect(pageData(path('result.html')).notes).toEqual([
      'rcpsp: no schedule: no instance file recorded; pass the instances with --instances',
    ]);
    const run = await runCli('report', path('result.json'), '--instances', rcpspFiles[0], '-o', path('result.html'));
    expect(run.code, run.stderr).toBe(0);
    const data = pageData(path('result.html'));
    expect(data.runs[0].view).toBe(0);
    expect(['gantt', 'svg']).toContain(data.views[0].kind); // the family's reportView, or its SVG renderer
  });

  it('exits 2 naming the bad file, and writes nothing', async () => {
    writeFileSync(path('solution.json'), JSON.stringify({ starts: { a: 0 } }));
    const run = await runCli('report', path('lft.json'), path('solution.json'), '-o', path('bad.html'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/solution\.json \(at \(root\)\): expected a schedlab result/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir).filter((name) => name.includes('bad'))).toEqual([]);
  });

  it('embeds every schedule by default, at most --max-views N when asked, and refuses a bad N', async () => {
    const capped = await runCli('report', path('lft.json'), '--max-views', '1', '-o', path('capped.html'));
    expect(capped.code, capped.stderr).toBe(0);
    const data = pageData(path('capped.html'));
    expect(data.views).toHaveLength(1);
    expect(data.runs.filter((run) => run.view !== null)).toHaveLength(1);
    expect(data.notes.at(-1)).toMatch(
      /^\d+ more runs kept a solution but are not drawn: the page draws at most 1 schedules/,
    );
    const merged = pageData(path('merged.html')); // written without --max-views by the first test
    expect(merged.views).toHaveLength(merged.runs.length);
    const bad = await runCli('report', path('lft.json'), '--max-views', 'all', '-o', path('bad-cap.html'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--max-views expects a whole number >= 0, got 'all'/);
    expect(existsSync(path('bad-cap.html'))).toBe(false);
  });

  it('asks for an .html page', async () => {
    const run = await runCli('report', path('lft.json'), '-o', path('page.pdf'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/-o expects an \.html file, got '.*page\.pdf'/);
  });
});

describe('bench --report FILE.html', () => {
  it('writes the page with schedules, and keeps the solutions out of the JSON unless asked', async () => {
    const report = await benchJson('serial-lft', '--report', path('bench.html'));
    expect(report.rows[0].solution).toBeUndefined();
    expect(report.rows[0].file).toBeUndefined();
    const data = pageData(path('bench.html'));
    expect(data.runs).toHaveLength(2);
    expect(data.views).toHaveLength(2);
    const kept = await benchJson('serial-lft', '--keep-solutions');
    expect(kept.rows[0]).toMatchObject({ file: rcpspFiles[0], solution: { starts: expect.any(Object) } });
  });
});

describe('score --report', () => {
  const candidate = path('serial.js');
  const score = (...flags: string[]) =>
    runCli('score', 'rcpsp', candidate, rcpspFiles[0], '--workers', '0', '--no-cache', ...flags);

  it('writes the page (.html) or the JSON (.json)', async () => {
    writeFileSync(candidate, serialRcpspCandidate);
    expect((await score('--report', path('score.html'))).code).toBe(0);
    expect(pageData(path('score.html')).oracle?.candidates[0]).toMatchObject({ candidate: 'serial', family: 'rcpsp' });
    expect((await score('--report', path('score.json'))).code).toBe(0);
    expect(JSON.parse(readFileSync(path('score.json'), 'utf8')).summary.instances).toBe(1);
  });

  it('refuses another extension before scoring', async () => {
    const run = await score('--report', path('score.txt'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--report expects a \.html or \.json file/);
    expect(existsSync(path('score.txt'))).toBe(false);
  });
});
