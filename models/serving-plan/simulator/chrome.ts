/**
 * A short window of a serving simulation as Chrome trace-event JSON (chrome://tracing,
 * ui.perfetto.dev), in the event format of the performance model's simulator: one process per
 * node, one thread per instance for its iterations and one for the KV transfers it sends.
 */
import type { ChromeTrace, ChromeTraceEvent } from '../../../src/perf/simulator/chrome.js';
import type { SimInstance, SimSpan } from './types.js';

function micros(seconds: number): number {
  return Math.round(seconds * 1e9) / 1e3;
}

function metadata(instances: readonly SimInstance[]): ChromeTraceEvent[] {
  const events: ChromeTraceEvent[] = [];
  const nodes = [...new Set(instances.map((instance) => instance.node))].sort((a, b) => a - b);
  for (const node of nodes)
    events.push({ name: 'process_name', ph: 'M', pid: node + 1, args: { name: `node ${node}` } });
  instances.forEach((instance, id) => {
    const pid = instance.node + 1;
    const { tp, pp } = instance.costs.shape;
    const label = `${instance.role} #${id} (TP${tp} PP${pp})`;
    events.push({ name: 'thread_name', ph: 'M', pid, tid: 2 * id + 1, args: { name: label } });
    if (instance.role === 'prefill')
      events.push({ name: 'thread_name', ph: 'M', pid, tid: 2 * id + 2, args: { name: `${label} KV out` } });
  });
  return events;
}

/**
 * The trace document of recorded spans.
 *
 * @example
 * ```ts
 * const doc = servingChromeTrace(config.instances, result.trace);
 * writeFileSync('serve.trace.json', JSON.stringify(doc));
 * ```
 */
export function servingChromeTrace(instances: readonly SimInstance[], spans: readonly SimSpan[]): ChromeTrace {
  const events = metadata(instances);
  for (const span of spans) {
    const pid = instances[span.instance].node + 1;
    const transfer = span.kind === 'transfer';
    events.push({
      name: transfer ? 'KV transfer' : `${span.kind} x${span.requests}`,
      cat: span.kind,
      ph: 'X',
      ts: micros(span.startS),
      dur: micros(span.durationS),
      pid,
      tid: 2 * span.instance + (transfer ? 2 : 1),
      args: { requests: span.requests, tokens: span.tokens },
    });
  }
  return { traceEvents: events, displayTimeUnit: 'ms' };
}
