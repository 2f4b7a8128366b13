/**
 * The report page in a real browser (the system chromium, driven by playwright-core): it
 * loads with no console error and no request beyond its own file, sorting a column reorders
 * the rows, selecting a run shows its schedule, and a screenshot of each view is written to
 * test-output/report/ for a person to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportData, type ReportData, reportHtml, reportInput } from '../../src/report/index.js';
import { browserSkipReason, launchBrowser } from '../support/browser.js';
import { scratchDir } from '../support/scratch.js';
import { failingCandidate, otherBench, rcpspBench, scoreFixture } from './fixtures.js';

const screenshots = resolve('test-output/report');
const dir = scratchDir('schedlab-report-page-');

let browser: Browser;
let page: Page;
const problems: string[] = [];
const requests: string[] = [];
let pageUrl: string;

beforeAll(async () => {
  if (browserSkipReason) return;
  // serial-lft's rows as a method that reports no bound would give them (the family's lower bound is their bound).
  const rcpsp = await rcpspBench();
  const rows = rcpsp.rows.map((row) => (row.method === 'serial-lft' ? { ...row, bound: null } : row));
  const inputs = [
    reportInput({ ...rcpsp, rows }, 'rcpsp'),
    reportInput(await otherBench(), 'others'),
    reportInput(await scoreFixture(failingCandidate), 'failing-candidate'),
  ];
  const file = join(dir, 'report.html');
  writeFileSync(file, reportHtml(await buildReportData(inputs)));
  pageUrl = pathToFileURL(file).href;
  mkdirSync(screenshots, { recursive: true });
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      problems.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(pageUrl);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 10_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

const columnTexts = (table: string, column: number) =>
  page.$$eval(
    `table[data-table="${table}"] tbody tr`,
    (rows, k) => rows.map((row) => row.children[k].textContent ?? ''),
    column,
  );

/** The schedule title once the view of `start` (an instance, or instance · method) is drawn, not loading. */
const drawnTitle = (start: string) =>
  new RegExp(`^${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} · (?!.*loading the schedule)`);

// Without a browser the tests skip, and their title says why.
const title = browserSkipReason
  ? `the report page in chromium (skipped: ${browserSkipReason})`
  : 'the report page in chromium';

describe.skipIf(browserSkipReason !== undefined)(title, () => {
  it('loads with no console error and no request beyond its own file', async () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([pageUrl]);
    await page.screenshot({ path: join(screenshots, 'page.png'), fullPage: true });
    expect(await page.locator('section.family').count()).toBe(4);
    expect(await page.locator('section.family[data-family="rcpsp"] svg').count()).toBeGreaterThanOrEqual(3);
    await page
      .locator('section.family[data-family="rcpsp"]')
      .screenshot({ path: join(screenshots, 'charts-rcpsp.png') });
  });

  it('reorders the rows when a column is sorted, and back the other way', async () => {
    const byFile = await columnTexts('runs', 1);
    await page.click('table[data-table="runs"] th[data-key="instance"]');
    const byInstance = await columnTexts('runs', 1);
    const sorted = [...byFile].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(byInstance).toEqual(sorted);
    expect(byInstance).not.toEqual(byFile);
    await page.click('table[data-table="runs"] th[data-key="instance"]');
    expect(await columnTexts('runs', 1)).toEqual([...sorted].reverse());
    expect(await page.getAttribute('table[data-table="runs"] th[data-key="instance"]', 'aria-sort')).toBe('descending');
    await page.focus('table[data-table="runs"] th[data-key="instance"]');
    await page.keyboard.press('Enter');
    expect(await columnTexts('runs', 1)).toEqual(sorted);
  });

  it('plots the gap to the bound for runs with one and the deviation for the rest, and says which', async () => {
    // branch-and-bound and the other families' heuristics report a bound; serial-lft here does not (beforeAll).
    const caption = (family: string) =>
      page.locator(`section.family[data-family="${family}"] figure.chart`, { hasText: 'against time' }).nth(0);
    const mixed = caption('rcpsp');
    expect(await mixed.locator('figcaption strong').textContent()).toBe(
      'Gap against time: to the bound where a run has one, else from the best known',
    );
    expect(await mixed.textContent()).toContain('gap to its own bound');
    expect(await mixed.textContent()).toContain('deviation from the best known');
    const data = JSON.parse((await page.textContent('#schedlab-data')) ?? '{}') as ReportData;
    const rcpsp = data.runs.filter((run) => run.family === 'rcpsp' && (run.gap ?? run.deviation) !== null);
    expect(await mixed.locator('svg [aria-label="dot"] path').count()).toBe(rcpsp.length);
    expect(await caption('pipeline').locator('figcaption strong').textContent()).toBe('Gap to the bound against time');
  });

  it('sorts the summary numerically', async () => {
    await page.click('table[data-table="summary"] th[data-key="meanTimeMs"]');
    const methods = await columnTexts('summary', 1);
    const data = JSON.parse((await page.textContent('#schedlab-data')) ?? '{}') as ReportData;
    const expected = [...data.summary]
      .sort((a, b) => (a.meanTimeMs ?? 0) - (b.meanTimeMs ?? 0))
      .map((row) => row.method);
    expect(methods).toEqual(expected);
  });

  it('filters the rows by the words typed', async () => {
    await page.fill('input[aria-label="filter the runs table"]', 'pod-packing');
    expect(await columnTexts('runs', 0)).toEqual(['pod-packing']);
    await page.fill('input[aria-label="filter the runs table"]', '');
  });

  it("shows a run's schedule when it is selected, for each family that draws one", async () => {
    // Every family whose runs have a view: those with a reportView or an SVG renderer.
    const data = JSON.parse((await page.textContent('#schedlab-data')) ?? '{}') as ReportData;
    const families = [...new Set(data.runs.filter((run) => run.view !== null).map((run) => run.family))];
    expect(families).toEqual(expect.arrayContaining(['rcpsp', 'pipeline', 'pod-packing']));
    for (const family of families) {
      await page.fill('input[aria-label="filter the runs table"]', family);
      const row = page.locator('table[data-table="runs"] tbody tr.selectable').first();
      const instance = (await row.locator('td').nth(1).textContent()) ?? '';
      await row.click();
      await expect.poll(() => page.textContent('#schedule-title')).toMatch(drawnTitle(instance));
      expect(await page.locator('#schedule-view svg').count()).toBeGreaterThan(0);
      const kind = await page.getAttribute('#schedule-view', 'data-kind');
      await page.locator('#schedule').screenshot({ path: join(screenshots, `schedule-${family}-${kind}.png`) });
    }
    expect(problems).toEqual([]);
  });

  it("shows an instance's best run when the instance is picked from the list", async () => {
    // There serial-lft finds 48 and branch-and-bound the optimum 44.
    await page.selectOption('#instance-picker', 'rcpsp · rcpsp-psplib-25-1.5-1-0.5-small-4');
    await expect
      .poll(() => page.textContent('#schedule-title'))
      .toMatch(drawnTitle('rcpsp-psplib-25-1.5-1-0.5-small-4 · branch-and-bound'));
    expect(await page.locator('#schedule-view svg').count()).toBeGreaterThan(0);
  });

  it('shows the oracle scores and each failure with the first lines of its output', async () => {
    const oracle = page.locator('#oracle');
    expect(await oracle.locator('details').count()).toBe(3);
    await oracle.locator('details summary').first().click();
    expect(await oracle.locator('details pre').first().textContent()).toBe(
      'Error: no schedule today\nlooking at the activities\ngiving up',
    );
    await oracle.screenshot({ path: join(screenshots, 'oracle.png') });
  });
});
