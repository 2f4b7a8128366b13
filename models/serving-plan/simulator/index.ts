/**
 * The request-level serving simulator: continuous batching per instance, KV capacity and
 * transfers, per-request latencies, SLO attainment, goodput by bisection, Chrome traces.
 */
export * from './types.js';
export { simulateServing } from './engine.js';
export { sloReport, quantile, type Slo, type SloReport } from './metrics.js';
export { findGoodput, type Goodput, type GoodputOptions } from './goodput.js';
export { servingChromeTrace } from './chrome.js';
