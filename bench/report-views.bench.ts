/**
 * `npm run bench -- report-views`: each family's report view of a large instance (thousands
 * of bars, pods or cells): the time `reportView` takes in Node, the size of its JSON, and the
 * time `src/report/client/views.js` takes to draw it in headless Chromium, with the count of
 * SVG elements drawn, and the top of each view in `test-output/report/large-<id>.png`.
 * Drawing is skipped with a message when no Chromium is on this machine.
 */
import { mkdirSync } from 'node:fs';
import type { Family } from '../src/family/contract.js';
import type { ReportView } from '../src/family/report-view.js';
import { heuristicContext } from '../src/testing/support.js';
import { family as expertPlacement } from '../models/expert-placement/index.js';
import { family as parallelPlan } from '../models/parallel-plan/index.js';
import { family as pipeline } from '../models/pipeline/index.js';
import { family as podPacking } from '../models/pod-packing/index.js';
import { family as rcpsp } from '../models/rcpsp/index.js';
import { family as sequenceParallel } from '../models/sequence-parallel/index.js';
import { family as servingPlan } from '../models/serving-plan/index.js';
import { browserSkipReason, launchBrowser } from '../test/support/browser.js';
import { viewPage } from '../test/report/views-page.js';

interface Row {
  id: string;
  what: string;
  marks: number;
  viewMs: number;
  jsonKb: number;
  drawMs?: number;
  svgElements?: number;
}

/** Bars, items, cells or stages: what the view draws one mark (or group of marks) per. */
function markCount(view: ReportView): number {
  if (view.kind === 'gantt') return view.data.bars.length;
  if (view.kind === 'packing') return view.data.items.length;
  if (view.kind === 'heatmap') return view.data.cells.length;
  if (view.kind === 'stages') return view.data.stages.length * view.data.metrics.length;
  return 1;
}

function measure<I, S>(family: Family<I, S>, what: string, instance: I, heuristic: string): [Row, ReportView] {
  const solution = family.heuristics[heuristic](instance, heuristicContext(1, 30));
  const started = performance.now();
  const view = family.reportView!(instance, solution);
  const viewMs = performance.now() - started;
  const jsonKb = JSON.stringify(view).length / 1024;
  return [{ id: family.id, what, marks: markCount(view), viewMs, jsonKb }, view];
}

function largeCases(): [Row, ReportView][] {
  return [
    measure(
      rcpsp,
      'psplib-like, 2000 activities',
      rcpsp.generate({ kind: 'psplib', activities: 2000 }, 1),
      'serial-lft',
    ),
    measure(
      pipeline,
      '16 devices x 128 microbatches',
      pipeline.generate({ devices: 16, microbatches: 128 }, 1),
      '1f1b',
    ),
    measure(
      podPacking,
      '250 nodes, 2000 pods',
      podPacking.generate({ nodes: 250, podsPerNode: 8 }, 1),
      'first-fit-decreasing',
    ),
    measure(
      expertPlacement,
      'DeepSeek-V3, 64 GPUs x 58 layers',
      expertPlacement.generate({ model: 'deepseek-v3', gpus: 64, layers: 58 }, 1),
      'eplb',
    ),
    measure(parallelPlan, 'generated large', parallelPlan.generate({ size: 'large' }, 1), 'rule-of-thumb'),
    measure(servingPlan, 'generated large', servingPlan.generate({ size: 'large' }, 1), 'distserve'),
    measure(sequenceParallel, '128 sequences on 64 GPUs', sequenceParallel.generate({ size: 'large' }, 1), 'greedy'),
  ];
}

const screenshots = new URL('../test-output/report', import.meta.url).pathname;

async function drawAll(cases: [Row, ReportView][]): Promise<void> {
  mkdirSync(screenshots, { recursive: true });
  const browser = await launchBrowser();
  try {
    for (const [row, view] of cases) {
      const page = await browser.newPage({ viewport: { width: 1140, height: 900 } });
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.setContent(viewPage(view));
      if (errors.length > 0) throw new Error(`${row.id}: ${errors.join('; ')}`);
      row.drawMs = await page.evaluate(() => (globalThis as unknown as { drawMs: number }).drawMs);
      row.svgElements = await page.locator('#view svg *').count();
      // The top of the view: enough to judge it, and a few hundred KiB instead of megabytes.
      await page.screenshot({
        path: `${screenshots}/large-${row.id}.png`,
        clip: { x: 0, y: 0, width: 1140, height: 1400 },
      });
      await page.close();
    }
  } finally {
    await browser.close();
  }
}

export async function run(): Promise<void> {
  const cases = largeCases();
  if (browserSkipReason) console.log(`drawing skipped: ${browserSkipReason}`);
  else await drawAll(cases);
  console.log('| family | instance | marks | reportView ms | JSON KiB | draw ms (Chromium) | SVG elements |');
  console.log('|---|---|---:|---:|---:|---:|---:|');
  for (const [row] of cases) {
    const draw = row.drawMs === undefined ? '-' : row.drawMs.toFixed(0);
    console.log(
      `| ${row.id} | ${row.what} | ${row.marks} | ${row.viewMs.toFixed(1)} | ${row.jsonKb.toFixed(0)} | ${draw} | ${row.svgElements ?? '-'} |`,
    );
  }
}
