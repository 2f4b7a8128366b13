/**
 * The report page at scale (`npm run bench -- report`): a bench of three RCPSP heuristics on
 * REPORT_INSTANCES (default 2,000) generated small instances, written as instance files and
 * run by the real `bench` with their solutions kept, then two pages over it (the default cap
 * of 500 schedules, and one schedule per instance); measured for each: the
 * page's build time in Node, its size, and in the system chromium the time from navigation
 * to interactive (the page's scripts done: `body[data-ready]`), then sorting the runs table
 * and selecting a run's schedule. The target: interactive in under 2 s.
 */
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { family } from '../models/rcpsp/index.js';
import { bench } from '../src/bench/bench.js';
import { instanceFileText } from '../src/family/instance-file.js';
import type { BenchReport } from '../src/bench/types.js';
import { buildReportData, reportHtml, reportInput } from '../src/report/index.js';
import { defaultMaxViews } from '../src/report/views.js';
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

/** Loads the page three times in one browser; the median of each figure. */
async function measureInBrowser(
  file: string,
): Promise<{ interactive: number; readyAt: number; build: number; sort: number; select: number }> {
  const browser = await launchBrowser();
  const figures = {
    interactive: [] as number[],
    readyAt: [] as number[],
    build: [] as number[],
    sort: [] as number[],
    select: [] as number[],
  };
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
      figures.build.push(Number(await page.getAttribute('body', 'data-build-ms')));
      figures.readyAt.push(Number(await page.getAttribute('body', 'data-ready-at-ms')));
      figures.sort.push(sort);
      figures.select.push(select);
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return {
    interactive: median(figures.interactive),
    readyAt: median(figures.readyAt),
    build: median(figures.build),
    sort: median(figures.sort),
    select: median(figures.select),
  };
}

/** Builds the page with at most `maxViews` schedules, writes it, and prints its figures. */
async function measurePage(root: string, report: BenchReport, maxViews: number): Promise<void> {
  const [data, dataMs] = await timed(() => buildReportData([reportInput(report, 'bench')], { maxViews }));
  const [html, htmlMs] = await timed(() => reportHtml(data));
  const file = join(root, `report-${maxViews}.html`);
  writeFileSync(file, html);
  const megabytes = statSync(file).size / 1e6;
  console.log(
    `\n${data.views.length} schedules embedded (maxViews ${maxViews}); load ${loadavg()[0].toFixed(2)} on ${cpus().length} cores`,
  );
  console.log(
    `page: ${megabytes.toFixed(2)} MB, built in ${dataMs.toFixed(0)} ms (data) + ${htmlMs.toFixed(0)} ms (HTML)`,
  );
  if (browserSkipReason) return console.log(`browser figures skipped: ${browserSkipReason}`);
  const figures = await measureInBrowser(file);
  const verdict = figures.interactive < 2000 ? 'under' : 'OVER';
  console.log(
    `chromium, median of 3 loads: interactive ${figures.interactive.toFixed(0)} ms (${verdict} the 2 s target) from goto to the ready page; by the page's own clock ready at ${figures.readyAt.toFixed(0)} ms after navigation start, its scripts ${figures.build.toFixed(0)} ms of that`,
  );
  console.log(
    `  sort the runs table by deviation ${figures.sort.toFixed(0)} ms; select a run and draw its schedule ${figures.select.toFixed(0)} ms`,
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
    // The default cap on schedules, and one schedule for every instance: what the views cost.
    for (const maxViews of [defaultMaxViews, count]) await measurePage(root, report, maxViews);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
