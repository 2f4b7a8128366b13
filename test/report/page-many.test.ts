/**
 * The report page over 1,200 runs in chromium: every run's schedule is on the page (in
 * several compressed chunks), one far down the list shows when its instance is picked, the
 * page decodes every view exactly as Node built it (with no request), a browser without
 * DecompressionStream gets a clear message instead of a schedule, and the runs table pages
 * and sorts across its pages (200 rows a page).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectInstances } from '../../src/bench/collect.js';
import type { BenchReport } from '../../src/bench/types.js';
import { buildReportData, type ReportData, reportHtml, reportInput } from '../../src/report/index.js';
import { browserSkipReason, launchBrowser } from '../support/browser.js';
import { scratchDir } from '../support/scratch.js';
import { rcpspBench, rcpspFiles } from './fixtures.js';

const copies = 1200;
const dir = scratchDir('schedlab-report-many-');
let browser: Browser;
let page: Page;
let data: ReportData;
let html: string;
const problems: string[] = [];
const requests: string[] = [];
let pageUrl: string;

/** The bench's rows again under the names many-1 ... many-1200, with the instances to draw them on. */
async function manyRuns(): Promise<{ report: BenchReport; instances: Awaited<ReturnType<typeof collectInstances>> }> {
  const report = await rcpspBench('serial-lft');
  const loaded = await collectInstances(rcpspFiles);
  const pick = (k: number) => k % report.rows.length;
  const rows = Array.from({ length: copies }, (_, k) => ({ ...report.rows[pick(k)], instance: `many-${k + 1}` }));
  const instances = rows.map((row, k) => ({
    ...(loaded.find((item) => item.name === report.rows[pick(k)].instance) as (typeof loaded)[number]),
    name: row.instance,
  }));
  return { report: { ...report, rows: rows.map(({ file: _file, ...row }) => row) }, instances };
}

beforeAll(async () => {
  if (browserSkipReason) return;
  const { report, instances } = await manyRuns();
  data = await buildReportData([reportInput(report, 'many')], { instances });
  html = reportHtml(data);
  const file = join(dir, 'many.html');
  writeFileSync(file, html);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  pageUrl = pathToFileURL(file).href;
  await page.goto(pageUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const instanceColumn = () =>
  page.$$eval('table[data-table="runs"] tbody tr', (rows) => rows.map((row) => row.children[1].textContent ?? ''));
const tableStatus = () => page.textContent('table[data-table="runs"] >> xpath=ancestor::div[@class="table-block"]//p');
const pagerButton = (label: string) =>
  page
    .locator('div.table-block', { has: page.locator('table[data-table="runs"]') })
    .getByRole('button', { name: label });

const title = browserSkipReason
  ? `the report page over 1,200 runs (skipped: ${browserSkipReason})`
  : 'the report page over 1,200 runs';

describe.skipIf(browserSkipReason !== undefined)(title, () => {
  it('embeds every run schedule, in several chunks, and decodes each as Node built it', async () => {
    expect(data.views).toHaveLength(copies);
    expect(data.runs.every((run) => run.view !== null)).toBe(true);
    expect(html.match(/type="application\/x-schedlab-views"/g)?.length ?? 0).toBeGreaterThan(2);
    // As one string: playwright's serialization of 1,200 objects takes many seconds.
    const decoded = await page.evaluate(
      `Promise.all(Array.from({ length: ${copies} }, (_, k) => globalThis.schedlabReport.viewAt(k))).then(JSON.stringify)`,
    );
    expect(JSON.parse(decoded as string)).toEqual(data.views);
    // Decompressing makes no request: the views are all in the file.
    expect(requests).toEqual([pageUrl]);
  });

  it('shows the schedule of an instance far down the list when it is picked', async () => {
    const run = data.runs.find((candidate) => candidate.instance === 'many-1100');
    expect(run?.view).toBeGreaterThan(1000);
    await page.selectOption('#instance-picker', 'rcpsp · many-1100');
    await expect
      .poll(() => page.textContent('#schedule-title'))
      .toBe(`many-1100 · serial-lft · ${data.views[run?.view as number].title}`);
    expect(await page.locator('#schedule-view svg').count()).toBeGreaterThan(0);
    expect(await page.getAttribute('#schedule-view', 'data-kind')).toBe(data.views[run?.view as number].kind);
    expect(problems).toEqual([]);
  });

  it('says where the schedule would be when the browser cannot decompress it', async () => {
    const old = await browser.newPage();
    await old.addInitScript('delete globalThis.DecompressionStream');
    await old.goto(pageUrl);
    await old.waitForSelector('body[data-ready="true"]');
    await old.selectOption('#instance-picker', 'rcpsp · many-7');
    await expect
      .poll(() => old.textContent('#schedule-view .error'))
      .toMatch(/has no DecompressionStream.*current Chromium, Firefox or Safari/);
    expect(await old.textContent('#schedule-title')).toBe('many-7 · serial-lft: the schedule cannot be shown');
    await old.close();
  });

  it('pages the runs table 200 rows at a time, and sorts across its pages', async () => {
    const names = data.runs.map((run) => run.instance);
    const sorted = [...names].sort(new Intl.Collator('en', { numeric: true }).compare);
    expect(await tableStatus()).toMatch(/^1200 of 1200 rows, 1–200 shown/);
    expect(await instanceColumn()).toEqual(names.slice(0, 200));
    await pagerButton('next ›').click();
    expect(await tableStatus()).toMatch(/^1200 of 1200 rows, 201–400 shown/);
    expect(await instanceColumn()).toEqual(names.slice(200, 400));
    await page.click('table[data-table="runs"] th[data-key="instance"]');
    expect(await instanceColumn()).toEqual(sorted.slice(200, 400));
    await pagerButton('‹ previous').click();
    expect(await instanceColumn()).toEqual(sorted.slice(0, 200));
    await page.click('table[data-table="runs"] th[data-key="instance"]');
    expect(await instanceColumn()).toEqual([...sorted].reverse().slice(0, 200));
  });
});
