/**
 * Per-request latencies and per-instance utilization from the times a simulation recorded.
 * A request no instance could hold has NaN times (it meets no limit); TPOT of a one-token
 * answer is 0 (there is no second token).
 */
import type { SimResult, Workload } from './types.js';

/** The times a simulation recorded: per request its first token and its end, per instance its busy seconds. */
export interface RecordedTimes {
  firstTokenS: Float64Array;
  doneS: Float64Array;
  busySeconds: number[];
}

/**
 * TTFT, TPOT and end-to-end latency per request, the unserved count, the span from the first
 * arrival to the last completion, and each instance's busy share of it.
 *
 * @example
 * ```ts
 * const { ttftS, utilization } = requestResults(workload, { firstTokenS, doneS, busySeconds });
 * ```
 */
export function requestResults(workload: Workload, times: RecordedTimes): Omit<SimResult, 'iterations' | 'trace'> {
  const { arrivalS, outputTokens } = workload;
  const { firstTokenS, doneS } = times;
  const n = arrivalS.length;
  const ttftS = new Float64Array(n);
  const tpotS = new Float64Array(n);
  const e2eS = new Float64Array(n);
  let unserved = 0;
  let lastS = n > 0 ? arrivalS[0] : 0;
  for (let r = 0; r < n; r++) {
    if (Number.isNaN(doneS[r])) unserved++;
    else lastS = Math.max(lastS, doneS[r]);
    ttftS[r] = firstTokenS[r] - arrivalS[r];
    tpotS[r] = outputTokens[r] > 1 ? (doneS[r] - firstTokenS[r]) / (outputTokens[r] - 1) : 0;
    e2eS[r] = doneS[r] - arrivalS[r];
  }
  const spanS = n > 0 ? lastS - arrivalS[0] : 0;
  const utilization = Float64Array.from(times.busySeconds, (busy) => (spanS > 0 ? Math.min(1, busy / spanS) : 0));
  return { ttftS, tpotS, e2eS, unserved, utilization, spanS };
}
