/**
 * The report page at scale (`npm run bench -- report`): a bench of three RCPSP heuristics on
 * REPORT_INSTANCES (default 2,000) generated small instances, written as instance files and
 * run by the real `bench` with their solutions kept, then two pages over it (the default,
 * every run's schedule, and `--max-views 500`); measured for each: the page's build time in
 * Node, its size, and in the system chromium the time from navigation to interactive (the
 * page's scripts done: `body[data-ready]`), with the page's own split (parsing its data,
 * building it), then sorting the runs table, selecting a run's schedule and picking the last
 * instance of the list (its schedule in the last compressed chunk). The issue's target:
 * interactive in under 2 s.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { family } from '../models/rcpsp/index.js';
import { bench } from '../src/bench/bench.js';
import { instanceFileText } from '../src/family/instance-file.js';
import type { BenchReport } from '../src/bench/types.js';
import { buildReportData, reportHtml, reportInput } from '../src/report/index.js';
import { browserSkipReason, launchBrowser } from '../test/support/browser.js';

const methods = 'serial-lft,parallel-lst,fbi';

/** Writes `count` generated small RCPSP instances as files; returns their folder. */
function writeInstances(root: string, count: number): string {
  const folder = join(root, 'instances');
  mkdirSync(folder);
  for (let k = 1; k <= count; k++) {
    const name = `rcpsp-small-${k}`;
    writeFileSync(join(folder, `${name}.json`), instanceFileText(family, name, family.generate({ size: 'small' }, k)));
  }
  return folder;
}

async function timed<T>(work: () => Promise<T> | T): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, performance.now() - started];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const figureNames = ['interactive', 'readyAt', 'parse', 'build', 'sort', 'select', 'last'] as const;
type Figure = (typeof figureNames)[number];

/** A page expression: the schedule of `instance` is drawn (its title no longer says it is loading). */
const drawnTitle = (instance: string | undefined) =>
  `(() => { const title = document.getElementById('schedule-title')?.textContent ?? ''; return title.startsWith(${JSON.stringify(`${instance} · `)}) && !title.includes('loading the schedule'); })()`;

/** Picks the last instance of the list (by name) and waits for its schedule, its chunk decompressed first. */
async function pickLastInstance(page: Page): Promise<number> {
  const options = await page.$$eval('#instance-picker option', (all) => all.map((option) => option.value));
  const instance = (options[options.length - 1] ?? '').split(' · ')[1];
  const [, ms] = await timed(async () => {
    await page.selectOption('#instance-picker', { index: options.length - 1 });
    await page.waitForFunction(drawnTitle(instance));
  });
  return ms;
}

/** Loads the page three times in one browser; the median of each figure. */
async function measureInBrowser(file: string): Promise<Record<Figure, number>> {
  const browser = await launchBrowser();
  const figures = Object.fromEntries(figureNames.map((name) => [name, [] as number[]])) as Record<Figure, number[]>;
  try {
    for (let round = 0; round < 3; round++) {
      const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      const [, interactive] = await timed(async () => {
        await page.goto(pathToFileURL(file).href);
        await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
      });
      const [, sort] = await timed(() => page.click('table[data-table="runs"] th[data-key="deviation"]'));
      const [, select] = await timed(async () => {
        await page.click('table[data-table="runs"] tbody tr.selectable');
        await page.waitForSelector('#schedule-view svg');
      });
      figures.interactive.push(interactive);
      figures.parse.push(Number(await page.getAttribute('body', 'data-parse-ms')));
      figures.build.push(Number(await page.getAttribute('body', 'data-build-ms')));
      figures.readyAt.push(Number(await page.getAttribute('body', 'data-ready-at-ms')));
      figures.sort.push(sort);
      figures.select.push(select);
      figures.last.push(await pickLastInstance(page));
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return Object.fromEntries(figureNames.map((name) => [name, median(figures[name])])) as Record<Figure, number>;
}

/** Builds the page with at most `maxViews` schedules (all without), writes it, and prints its figures. */
async function measurePage(root: string, report: BenchReport, maxViews?: number): Promise<void> {
  const options = maxViews === undefined ? {} : { maxViews };
  const [data, dataMs] = await timed(() => buildReportData([reportInput(report, 'bench')], options));
  const [html, htmlMs] = await timed(() => reportHtml(data));
  const file = join(root, `report-${maxViews ?? 'all'}.html`);
  writeFileSync(file, html);
  const megabytes = statSync(file).size / 1e6;
  console.log(
    `\n${data.views.length} schedules embedded (${maxViews === undefined ? 'the default: all' : `--max-views ${maxViews}`}); load ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`,
  );
  console.log(
    `page: ${megabytes.toFixed(2)} MB, built in ${dataMs.toFixed(0)} ms (data) + ${htmlMs.toFixed(0)} ms (HTML)`,
  );
  if (browserSkipReason) return console.log(`browser figures skipped: ${browserSkipReason}`);
  const figures = await measureInBrowser(file);
  const verdict = figures.interactive < 2000 ? 'under' : 'OVER';
  console.log(
    `chromium, median of 3 loads: interactive ${figures.interactive.toFixed(0)} ms (${verdict} the 2 s target) from goto to the ready page; by the page's own clock ready at ${figures.readyAt.toFixed(0)} ms after navigation start, of which parsing its data ${figures.parse.toFixed(0)} ms and building the page ${figures.build.toFixed(0)} ms`,
  );
  console.log(
    `  sort the runs table by deviation ${figures.sort.toFixed(0)} ms; select a run and draw its schedule ${figures.select.toFixed(0)} ms; pick the last instance of the list and draw its schedule ${figures.last.toFixed(0)} ms`,
  );
}

export async function run(): Promise<void> {
  const count = Number(process.env.REPORT_INSTANCES ?? 2000);
  const root = mkdtempSync(join(tmpdir(), 'schedlab-report-bench-'));
  try {
    const folder = writeInstances(root, count);
    const [{ report }, benchMs] = await timed(() => bench([folder], { methods, timeLimitSec: 1, keepSolutions: true }));
    console.log(
      `${count} instances, ${report.rows.length} runs (${methods}); the bench took ${(benchMs / 1000).toFixed(1)} s`,
    );
    // Every schedule (the default), and the first 500 (the best run of the first 500 instances): what the views cost.
    for (const maxViews of [undefined, 500]) await measurePage(root, report, maxViews);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
