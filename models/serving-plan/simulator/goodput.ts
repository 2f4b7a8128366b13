/**
 * Goodput: the highest request rate at which a plan still meets its SLO attainment, found by
 * bisection on the rate over the same seeded request stream (arrival times scaled by the rate,
 * so a higher rate is the same requests closer together).
 */
import { workloadAtRate } from '../traffic.js';
import type { Workload } from './types.js';

/** Options of the search. */
export interface GoodputOptions {
  /** Where the search starts, requests/s (e.g. the traffic's own rate). */
  startRate: number;
  /** Relative width at which the bisection stops; default 0.01. */
  tolerance?: number;
  /** Simulations at most; default 40. */
  maxSimulations?: number;
  /** Wall-clock deadline (ms since epoch): no simulation starts past it, and the highest rate seen to meet the target is the answer. */
  deadline?: number;
}

/** The rate found and how many simulations it took. */
export interface Goodput {
  /** The highest rate seen to meet the target (0 when even a trickle misses it). */
  rate: number;
  simulations: number;
}

/**
 * Bisection on the rate; `meets(workload)` simulates and says whether the target holds.
 *
 * @example
 * ```ts
 * const g = findGoodput(unit, (w) => sloReport(simulateServing(w, config), slo).attainment >= 0.9, { startRate: 10 });
 * g.rate; // requests per second at which 90% of requests still meet the SLO
 * ```
 */
export function findGoodput(unit: Workload, meets: (workload: Workload) => boolean, options: GoodputOptions): Goodput {
  const tolerance = options.tolerance ?? 0.01;
  const deadline = options.deadline ?? Number.POSITIVE_INFINITY;
  let simulations = 0;
  // Past the deadline the search ends as if out of simulations: `lo` was measured, so it stands.
  const maxSimulations = (): number => (Date.now() > deadline ? simulations : (options.maxSimulations ?? 40));
  const test = (rate: number): boolean => {
    simulations++;
    return meets(workloadAtRate(unit, rate));
  };
  let lo = 0;
  let hi = Number.POSITIVE_INFINITY;
  let rate = Math.max(options.startRate, 1e-9);
  // Bracket: double while the target holds, halve while it does not (20 halvings: a million times lower).
  for (let k = 0; k < 40 && simulations < maxSimulations() && (lo === 0 || hi === Number.POSITIVE_INFINITY); k++) {
    if (test(rate)) {
      lo = rate;
      rate *= 2;
    } else {
      hi = rate;
      if (k >= 20 && lo === 0) break;
      rate /= 2;
    }
  }
  while (lo > 0 && hi < Number.POSITIVE_INFINITY && hi > lo * (1 + tolerance) && simulations < maxSimulations()) {
    const mid = Math.sqrt(lo * hi);
    if (test(mid)) lo = mid;
    else hi = mid;
  }
  return { rate: lo, simulations };
}
