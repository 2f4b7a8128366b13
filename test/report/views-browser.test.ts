/**
 * Each family's report view drawn in headless Chromium by `src/report/client/views.js` on a
 * minimal page with the bundled d3 and Plot: no console error, no network request, the
 * labels a reader needs are in the drawing, a pointer on a mark shows its tooltip, and a
 * screenshot per family goes to `test-output/report/views-<id>.png` for a person to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportView } from '../../src/family/report-view.js';
import { browserSkipReason, launchBrowser } from '../support/browser.js';
import { viewCases } from './views-fixtures.js';
import { viewPage } from './views-page.js';

const outputDir = new URL('../../test-output/report/', import.meta.url);

/** Texts a reader needs to find in the drawing, by view kind. */
function expectedLabels(view: ReportView): string[] {
  switch (view.kind) {
    case 'gantt':
      return [
        ...view.data.lanes,
        ...(view.data.profiles ?? []).map((p) => p.name),
        ...new Set(view.data.bars.flatMap((b) => (b.group ? [b.group] : []))),
      ];
    case 'packing':
      return [
        ...view.data.bins.map((b) => b.name),
        ...view.data.dimensions.map((d) => d.name),
        ...view.data.items.map((i) => i.name),
        ...new Set(view.data.items.flatMap((i) => (i.group ? [i.group] : []))),
      ];
    case 'heatmap':
      return [...(view.data.rows ?? []), ...(view.data.columns ?? []), view.data.valueLabel];
    case 'stages':
      return [...view.data.stages.map((s) => s.name), ...view.data.metrics.map((m) => m.stack ?? m.name)];
    case 'svg':
      return [...view.svg.matchAll(/<text[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]).filter((t) => !t.includes('&'));
  }
}

interface Drawn {
  errors: string[];
  requests: string[];
  text: string;
  /** addEventListener calls made while the page loaded and drew. */
  listeners: number;
}

/** Counts addEventListener calls on the page (a page script, so it runs before d3, Plot and the views). */
const countListeners = `{
  const add = EventTarget.prototype.addEventListener;
  let calls = 0;
  EventTarget.prototype.addEventListener = function (...args) { calls++; return add.apply(this, args); };
  Object.defineProperty(globalThis, 'listenerCalls', { get: () => calls });
}`;

/** Draws the page from a file:// URL, recording console errors and every request beyond the page itself. */
async function draw(page: Page, id: string, view: ReportView): Promise<Drawn> {
  const file = new URL(`views-${id}.html`, outputDir);
  writeFileSync(file, viewPage(view));
  const drawn: Drawn = { errors: [], requests: [], text: '', listeners: 0 };
  await page.addInitScript({ content: countListeners });
  page.on('console', (message) => message.type() === 'error' && drawn.errors.push(message.text()));
  page.on('pageerror', (error) => drawn.errors.push(error.message));
  page.on('request', (request) => request.url() !== file.href && drawn.requests.push(request.url()));
  await page.goto(file.href);
  drawn.text = await page.locator('#view').evaluate((element) => element.textContent ?? '');
  drawn.listeners = await page.evaluate(() => (globalThis as unknown as { listenerCalls: number }).listenerCalls);
  await page.locator('#view').screenshot({ path: new URL(`views-${id}.png`, outputDir).pathname });
  return drawn;
}

/** Moves the pointer onto the first bar or cell big enough to point at; the tooltip's text ('' without one). */
async function tipText(page: Page): Promise<string> {
  const marks = page.locator('#view svg g[aria-label="bar"] > *, #view svg g[aria-label="cell"] > *');
  const centre = await marks.evaluateAll((elements) => {
    const mark = elements.find((e) => e.getBoundingClientRect().width > 3 && e.getBoundingClientRect().height > 3);
    if (!mark) return undefined;
    mark.scrollIntoView({ block: 'center' });
    const box = mark.getBoundingClientRect();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  });
  if (!centre) return '';
  await page.mouse.move(centre.x, centre.y);
  const tip = page.locator('#view svg g[aria-label="tip"]').first();
  return (await tip.count()) > 0 ? ((await tip.textContent()) ?? '') : '';
}

describe.skipIf(browserSkipReason !== undefined)('report views in Chromium', () => {
  let browser: Browser;
  const all = viewCases();
  const cases = Object.entries(all);
  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  const podSvg = all['pod-packing'];
  const svgView: ReportView = {
    kind: 'svg',
    title: 'pod-packing SVG',
    svg: podSvg.family.renderSvg?.(podSvg.instance, podSvg.solution) ?? '',
  };
  const views = [...cases.map(([id, c]) => [id, c.view] as const), ['pod-packing-svg', svgView] as const];

  it.each(views)('draws the %s view', async (id, view) => {
    const page = await browser.newPage({ viewport: { width: 1140, height: 900 } });
    try {
      const drawn = await draw(page, id, view);
      expect(drawn.errors).toEqual([]);
      expect(drawn.requests).toEqual([]);
      for (const label of expectedLabels(view)) expect(drawn.text, `${id}: label ${label}`).toContain(label);
      // The family's own SVG has <title> tooltips, which the browser draws outside the page.
      if (view.kind !== 'svg') expect(await tipText(page), `${id}: tooltip`).not.toBe('');
    } finally {
      await page.close();
    }
  });
});

/** Synthetic views of thousands of marks: what a large schedule gives the page. */
function largeViews(): [string, ReportView, number][] {
  const lanes = Array.from({ length: 30 }, (_, k) => `lane ${k}`);
  const bars = Array.from({ length: 3000 }, (_, k) => ({
    lane: lanes[k % 30],
    label: `task ${k}`,
    start: Math.floor(k / 30),
    end: Math.floor(k / 30) + 1,
    group: `kind ${k % 3}`,
  }));
  const bins = Array.from({ length: 100 }, (_, k) => ({ name: `node-${k}`, capacity: { cpu: 64 } }));
  const items = Array.from({ length: 1000 }, (_, k) => ({
    name: `pod-${k}`,
    bin: k < 950 ? `node-${k % 100}` : null,
    request: { cpu: 5 },
    group: `priority ${k % 2}`,
  }));
  return [
    ['large-gantt', { kind: 'gantt', title: '3000 bars', unit: 's', data: { lanes, bars } }, bars.length],
    [
      'large-packing',
      { kind: 'packing', title: '1000 pods', data: { dimensions: [{ name: 'cpu', unit: 'cores' }], bins, items } },
      950,
    ],
  ];
}

describe.skipIf(browserSkipReason !== undefined)('report views of thousands of marks', () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(outputDir, { recursive: true });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each(largeViews())('draws %s with a tooltip and no listener per mark', async (id, view, marks) => {
    const page = await browser.newPage({ viewport: { width: 1140, height: 900 } });
    try {
      const drawn = await draw(page, id, view);
      expect(drawn.errors).toEqual([]);
      // Bars that are not the packing view's shading of every other bin.
      const bars = page.locator('#view svg g[aria-label="bar"]:not([aria-description="bin shading"]) rect');
      expect(await bars.count()).toBe(marks);
      // Plot's tips listen once per chart; one listener per mark would be thousands.
      expect(drawn.listeners, `${drawn.listeners} listeners`).toBeLessThan(50);
      expect(await tipText(page)).not.toBe('');
    } finally {
      await page.close();
    }
  });
});

if (browserSkipReason) it.skip(browserSkipReason, () => {});
