/**
 * Export of a trace to the Chrome trace-event format (the JSON that chrome://tracing
 * and ui.perfetto.dev open): one "X" complete event per task, "C" counter events for
 * device memory, and "M" metadata events that name processes and threads. Each
 * resource group (or resource without one) is a process; each slot of a resource is a
 * thread, so tasks that overlap on a resource of capacity > 1 never share a track.
 */
import { SchedlabError } from '../../errors.js';
import type { Trace } from './types.js';

/**
 * One trace event. Only the fields this exporter writes are listed.
 *
 * @example
 * ```ts
 * const event: ChromeTraceEvent = { name: 'F0', cat: 'F', ph: 'X', ts: 0, dur: 1000, pid: 1, tid: 1, args: {} };
 * ```
 */
export interface ChromeTraceEvent {
  name: string;
  cat?: string;
  ph: 'X' | 'C' | 'M';
  ts?: number;
  dur?: number;
  pid: number;
  tid?: number;
  args: Record<string, unknown>;
}

/**
 * The document chrome://tracing and Perfetto read.
 *
 * @example
 * ```ts
 * const doc: ChromeTrace = { traceEvents: [], displayTimeUnit: 'ms' };
 * ```
 */
export interface ChromeTrace {
  traceEvents: ChromeTraceEvent[];
  displayTimeUnit: 'ms' | 'ns';
}

/**
 * Options of the export.
 *
 * @example
 * ```ts
 * const options: ChromeTraceOptions = { microsecondsPerUnit: 1e3 }; // trace times are in ms
 * ```
 */
export interface ChromeTraceOptions {
  /** How many microseconds one trace time unit lasts; 1e6 (times in seconds) when omitted. */
  microsecondsPerUnit?: number;
}

interface Layout {
  pidOf: Map<string, number>;
  tidOf: Map<string, number>;
  metadata: ChromeTraceEvent[];
}

/** Rounds to the nanosecond, so binary noise such as 0.30000000000000004 does not reach the file. */
function micros(time: number, scale: number): number {
  return Math.round(time * scale * 1000) / 1000;
}

function processFor(layout: Layout, name: string): number {
  let pid = layout.pidOf.get(name);
  if (pid === undefined) {
    pid = layout.pidOf.size + 1;
    layout.pidOf.set(name, pid);
    layout.metadata.push({ name: 'process_name', ph: 'M', pid, args: { name } });
    layout.metadata.push({ name: 'process_sort_index', ph: 'M', pid, args: { sort_index: pid } });
  }
  return pid;
}

/** Assigns pids to groups and tids to resource slots, in the trace's resource order. */
function layoutOf(trace: Trace): Layout {
  const layout: Layout = { pidOf: new Map(), tidOf: new Map(), metadata: [] };
  for (const resource of trace.resources) {
    const pid = processFor(layout, resource.group ?? resource.id);
    for (let lane = 0; lane < Math.min(resource.capacity, Math.max(1, resource.tasks)); lane++) {
      const tid = layout.tidOf.size + 1;
      const name = resource.capacity > 1 ? `${resource.id} #${lane}` : resource.id;
      layout.tidOf.set(`${resource.id}\u0000${lane}`, tid);
      layout.metadata.push({ name: 'thread_name', ph: 'M', pid, tid, args: { name } });
      layout.metadata.push({ name: 'thread_sort_index', ph: 'M', pid, tid, args: { sort_index: tid } });
    }
  }
  return layout;
}

function taskEvents(trace: Trace, layout: Layout, scale: number): ChromeTraceEvent[] {
  const groupOf = new Map(trace.resources.map((resource) => [resource.id, resource.group ?? resource.id]));
  return trace.tasks.map((task) => {
    const args: Record<string, unknown> = { start: task.start, end: task.end, resource: task.resource };
    if (task.boundBy) args.boundBy = `${task.boundBy.kind}${task.boundBy.task === null ? '' : ` ${task.boundBy.task}`}`;
    return {
      name: task.id,
      cat: task.category ?? 'task',
      ph: 'X',
      ts: micros(task.start, scale),
      dur: micros(task.end - task.start, scale),
      pid: layout.pidOf.get(groupOf.get(task.resource)!)!,
      tid: layout.tidOf.get(`${task.resource}\u0000${task.lane}`)!,
      args,
    };
  });
}

/** Memory of a device is drawn in the process of the group of the same name, or in its own. */
function memoryEvents(trace: Trace, layout: Layout, scale: number): ChromeTraceEvent[] {
  const events: ChromeTraceEvent[] = [];
  for (const device of trace.memory) {
    const pid = processFor(layout, device.device);
    const name = `memory ${device.device}`;
    for (const point of device.timeline) {
      events.push({ name, cat: 'memory', ph: 'C', ts: micros(point.time, scale), pid, args: { bytes: point.bytes } });
    }
  }
  return events;
}

/**
 * The trace as a Chrome trace-event document (an object; see `traceToChromeJson` for text).
 *
 * @example
 * ```ts
 * const doc = traceToChromeEvents(simulate(input));
 * doc.traceEvents.filter((event) => event.ph === 'X').length; // one per task
 * ```
 */
export function traceToChromeEvents(trace: Trace, options: ChromeTraceOptions = {}): ChromeTrace {
  const scale = options.microsecondsPerUnit ?? 1e6;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new SchedlabError('input', `microsecondsPerUnit must be a positive finite number, got ${scale}`);
  const layout = layoutOf(trace);
  const tasks = taskEvents(trace, layout, scale);
  const memory = memoryEvents(trace, layout, scale);
  return { traceEvents: [...layout.metadata, ...tasks, ...memory], displayTimeUnit: 'ms' };
}

/**
 * The trace as Chrome trace-event JSON text, to save as a `.json` file and open in
 * https://ui.perfetto.dev or chrome://tracing. Times become microseconds: by default
 * the trace's time unit is taken to be seconds.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * writeFileSync('pipeline.trace.json', traceToChromeJson(simulate(input)));
 * ```
 */
export function traceToChromeJson(trace: Trace, options: ChromeTraceOptions = {}): string {
  return JSON.stringify(traceToChromeEvents(trace, options));
}
