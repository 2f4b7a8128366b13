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
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  if (finite.length === 0) return 0;
  const rank = Math.min(finite.length - 1, Math.max(0, Math.ceil(q * finite.length) - 1));
  return finite[rank];
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
  return {
    attainment: share(both),
    ttftAttainment: share(ttftOk),
    tpotAttainment: share(tpotOk),
    ttftP50S: quantile(result.ttftS, 0.5),
    ttftP90S: quantile(result.ttftS, 0.9),
    ttftP99S: quantile(result.ttftS, 0.99),
    tpotP50S: quantile(result.tpotS, 0.5),
    tpotP90S: quantile(result.tpotS, 0.9),
    tpotP99S: quantile(result.tpotS, 0.99),
    e2eP50S: quantile(result.e2eS, 0.5),
    e2eP90S: quantile(result.e2eS, 0.9),
    meanTtftS: mean(result.ttftS),
    meanTpotS: mean(result.tpotS),
  };
}
