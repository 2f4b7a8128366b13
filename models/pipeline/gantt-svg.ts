/**
 * A schedule as a standalone SVG Gantt chart (one row per device, F blue, B teal, W green,
 * microbatch numbers inside the bars) and as Chrome trace-event JSON (Perfetto,
 * chrome://tracing), both from the evaluator's span-optimal simulated run.
 */
import { traceToChromeEvents, type ChromeTrace, type ChromeTraceEvent } from '../../src/perf/simulator/chrome.js';
import { pipelineTrace } from './evaluate.js';
import type { PipelineInstance, PipelineSolution } from './instance.js';
import { escapeMarkup } from '../../src/util/markup.js';

const colors: Record<string, string> = { F: '#4c78a8', B: '#54a3a3', W: '#59a14f' };

/**
 * The schedule's Gantt chart as SVG text.
 *
 * @example
 * ```ts
 * writeFileSync('zb-h1.svg', renderPipelineSvg(instance, zbH1(instance)));
 * ```
 */
export function renderPipelineSvg(instance: PipelineInstance, solution: PipelineSolution): string {
  const trace = pipelineTrace(instance, solution);
  const width = 1200;
  const rowHeight = 28;
  const left = 80;
  const top = 30;
  const scale = trace.makespan > 0 ? (width - left - 10) / trace.makespan : 1;
  const height = top + instance.devices * rowHeight + 30;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
  );
  parts.push(
    `<text x="${left}" y="18" font-size="13">${escapeMarkup(instance.name)}: makespan ${trace.makespan.toFixed(2)} ms</text>`,
  );
  for (let d = 0; d < instance.devices; d++)
    parts.push(`<text x="4" y="${top + d * rowHeight + 18}">device ${d}</text>`);
  for (const task of trace.tasks) {
    const d = Number(task.resource.replace('device', ''));
    const x = left + task.start * scale;
    const w = Math.max(0.5, (task.end - task.start) * scale);
    const y = top + d * rowHeight + 2;
    const kind = task.category ?? 'F';
    const label = task.id.slice(1, task.id.indexOf('@'));
    parts.push(
      `<rect x="${x.toFixed(2)}" y="${y}" width="${w.toFixed(2)}" height="${rowHeight - 4}" fill="${colors[kind] ?? '#999'}" stroke="#fff" stroke-width="0.5"><title>${escapeMarkup(task.id)} ${task.start.toFixed(3)}–${task.end.toFixed(3)}</title></rect>`,
    );
    if (w > 7 * label.length)
      parts.push(`<text x="${(x + w / 2).toFixed(2)}" y="${y + 16}" text-anchor="middle" fill="#fff">${label}</text>`);
  }
  const legendY = top + instance.devices * rowHeight + 20;
  Object.entries(colors).forEach(([kind, color], k) => {
    parts.push(
      `<rect x="${left + k * 60}" y="${legendY - 10}" width="12" height="12" fill="${color}"/><text x="${left + k * 60 + 16}" y="${legendY}">${kind}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * The schedule's simulated run as a Chrome trace-event document: one process, one thread per
 * device (tid = device index, named `device d`), one complete event ('X') per pass named like
 * `F3@s1` (kind, microbatch, stage) with category F/B/W, times in µs (instance times are ms),
 * and a memory counter per device.
 *
 * @example
 * ```ts
 * pipelineChromeEvents(instance, zbH1(instance)).traceEvents.filter((e) => e.ph === 'X').length; // every pass
 * ```
 */
export function pipelineChromeEvents(instance: PipelineInstance, solution: PipelineSolution): ChromeTrace {
  const trace = pipelineTrace(instance, solution);
  const us = (ms: number) => Math.round(ms * 1e6) / 1e3;
  const device = (resource: string) => Number(resource.replace('device', ''));
  const metadata: ChromeTraceEvent[] = [
    { name: 'process_name', ph: 'M', pid: 0, args: { name: `pipeline ${instance.name}` } },
  ];
  for (let d = 0; d < instance.devices; d++)
    metadata.push({ name: 'thread_name', ph: 'M', pid: 0, tid: d, args: { name: `device ${d}` } });
  const passes: ChromeTraceEvent[] = trace.tasks.map((task) => ({
    name: task.id,
    cat: task.category ?? 'F',
    ph: 'X',
    ts: us(task.start),
    dur: us(task.end - task.start),
    pid: 0,
    tid: device(task.resource),
    args: { start: task.start, end: task.end, device: device(task.resource) },
  }));
  // The memory counters as the generic exporter writes them, moved into the one process.
  const counters = traceToChromeEvents(trace, { microsecondsPerUnit: 1e3 })
    .traceEvents.filter((e) => e.ph === 'C')
    .map((e) => ({ ...e, pid: 0 }));
  return { traceEvents: [...metadata, ...passes, ...counters], displayTimeUnit: 'ms' };
}

/**
 * The schedule's simulated run as Chrome trace-event JSON text (`pipelineChromeEvents`).
 *
 * @example
 * ```ts
 * writeFileSync('zb-h1.trace.json', pipelineChromeJson(instance, zbH1(instance)));
 * ```
 */
export function pipelineChromeJson(instance: PipelineInstance, solution: PipelineSolution): string {
  return `${JSON.stringify(pipelineChromeEvents(instance, solution))}\n`;
}
