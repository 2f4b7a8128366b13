/**
 * What a simulation means for a service-level objective: the share of requests that meet both
 * the TTFT and the TPOT limit (attainment), latency percentiles, and which phase misses more.
 */
import type { SimResult } from './types.js';

/** Latency limits and the share of requests that must meet both. */
export interface Slo {
  ttftS: number;
  tpotS: number;
  /** Share of requests that must meet both limits, in (0, 1]. */
  attainment: number;
}

/** The summary of one simulation under an SLO. */
export interface SloReport {
  /** Share of requests meeting both limits (an unserved request meets none). */
  attainment: number;
  ttftAttainment: number;
  tpotAttainment: number;
  ttftP50S: number;
  ttftP90S: number;
  ttftP99S: number;
  tpotP50S: number;
  tpotP90S: number;
  tpotP99S: number;
  e2eP50S: number;
  e2eP90S: number;
  meanTtftS: number;
  meanTpotS: number;
}

/** The q-quantile (nearest rank) of the finite values; 0 when there are none. */
export function quantile(values: Float64Array, q: number): number {
  return quantiles(values, [q])[0];
}

/** Several q-quantiles of the finite values, sorting them once (a report asks three per array). */
function quantiles(values: Float64Array, qs: readonly number[]): number[] {
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  const rank = (q: number) => Math.min(finite.length - 1, Math.max(0, Math.ceil(q * finite.length) - 1));
  return qs.map((q) => (finite.length === 0 ? 0 : finite[rank(q)]));
}

function mean(values: Float64Array): number {
  let sum = 0;
  let count = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    sum += v;
    count++;
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * Attainment and percentiles of a simulation.
 *
 * @example
 * ```ts
 * sloReport(result, { ttftS: 0.4, tpotS: 0.1, attainment: 0.9 }).attainment; // e.g. 0.97
 * ```
 */
export function sloReport(result: SimResult, slo: Pick<Slo, 'ttftS' | 'tpotS'>): SloReport {
  const n = result.ttftS.length;
  let both = 0;
  let ttftOk = 0;
  let tpotOk = 0;
  for (let r = 0; r < n; r++) {
    // NaN (unserved) compares false: it meets neither limit.
    const first = result.ttftS[r] <= slo.ttftS;
    const rest = result.tpotS[r] <= slo.tpotS;
    if (first) ttftOk++;
    if (rest) tpotOk++;
    if (first && rest) both++;
  }
  const share = (count: number): number => (n === 0 ? 1 : count / n);
  const [ttftP50S, ttftP90S, ttftP99S] = quantiles(result.ttftS, [0.5, 0.9, 0.99]);
  const [tpotP50S, tpotP90S, tpotP99S] = quantiles(result.tpotS, [0.5, 0.9, 0.99]);
  const [e2eP50S, e2eP90S] = quantiles(result.e2eS, [0.5, 0.9]);
  return {
    attainment: share(both),
    ttftAttainment: share(ttftOk),
    tpotAttainment: share(tpotOk),
    ttftP50S,
    ttftP90S,
    ttftP99S,
    tpotP50S,
    tpotP90S,
    tpotP99S,
    e2eP50S,
    e2eP90S,
    meanTtftS: mean(result.ttftS),
    meanTpotS: mean(result.tpotS),
  };
}
