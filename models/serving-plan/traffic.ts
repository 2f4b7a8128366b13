/**
 * Seeded traffic: arrival processes (Poisson, or Gamma inter-arrival times whose coefficient
 * of variation is the burstiness BurstGPT measures: CV 1 is Poisson, larger is burstier) and
 * length distributions (fixed, uniform, Zipf-like power law, bimodal). Arrivals are drawn at
 * unit rate and scaled by `1 / rate`, so the same seed gives the same requests at every rate
 * and a bisection on the rate sees a monotone stream.
 */
import { seededRandom } from '../../src/util/random.js';
import type { Workload } from './simulator/types.js';

/** How request gaps are drawn: exponential, or Gamma with coefficient of variation `cv` (shape 1/cv^2). */
export type ArrivalProcess = { kind: 'poisson' } | { kind: 'gamma'; cv: number };

/** A distribution of token counts; every draw is a whole number in [1, max] (or [min, max]). */
export type LengthDistribution =
  | { kind: 'fixed'; tokens: number }
  | { kind: 'uniform'; min: number; max: number }
  /** Density proportional to `x^-exponent` on [min, max]: many short, a long tail (prompt lengths). */
  | { kind: 'zipf'; min: number; max: number; exponent: number }
  /** Two normal modes (BurstGPT's response lengths), clipped to [1, max]. */
  | {
      kind: 'bimodal';
      short: { mean: number; sd: number };
      long: { mean: number; sd: number };
      shortShare: number;
      max: number;
    };

/** Synthetic traffic at a rate, or a recorded trace. */
export type Traffic =
  | {
      kind: 'synthetic';
      rate: number;
      arrivals: ArrivalProcess;
      prompt: LengthDistribution;
      output: LengthDistribution;
      requests: number;
      seed: number;
    }
  | {
      kind: 'trace';
      /** `[arrival seconds, prompt tokens, output tokens]`, arrivals non-decreasing. */
      requests: [number, number, number][];
      /** Multiplies the recorded times (0.5 replays twice as fast). */
      timeScale: number;
    };

function normal(rng: () => number): number {
  const u = 1 - rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** Gamma(shape, 1) by Marsaglia and Tsang (2000), with the `U^(1/shape)` boost below shape 1. */
function gamma(rng: () => number, shape: number): number {
  if (shape < 1) return gamma(rng, shape + 1) * (1 - rng()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normal(rng);
    const v = (1 + c * x) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng();
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

/** One gap between arrivals at unit rate (mean 1). */
function unitGap(rng: () => number, process: ArrivalProcess): number {
  if (process.kind === 'poisson') return -Math.log(1 - rng());
  const shape = 1 / (process.cv * process.cv);
  return gamma(rng, shape) / shape;
}

/**
 * One draw of a length distribution.
 *
 * @example
 * ```ts
 * drawLength(seededRandom(1), { kind: 'uniform', min: 10, max: 20 }); // a whole number in 10..20
 * ```
 */
export function drawLength(rng: () => number, d: LengthDistribution): number {
  switch (d.kind) {
    case 'fixed':
      return d.tokens;
    case 'uniform':
      return d.min + Math.floor(rng() * (d.max - d.min + 1));
    case 'zipf': {
      // Inverse CDF of the continuous power law on [min, max + 1), floored to a whole number.
      const a = 1 - d.exponent;
      const lo = d.min;
      const hi = d.max + 1;
      const u = rng();
      const x = Math.abs(a) < 1e-9 ? lo * (hi / lo) ** u : (lo ** a + u * (hi ** a - lo ** a)) ** (1 / a);
      return Math.min(d.max, Math.max(d.min, Math.floor(x)));
    }
    case 'bimodal': {
      const mode = rng() < d.shortShare ? d.short : d.long;
      return Math.min(d.max, Math.max(1, Math.round(mode.mean + mode.sd * normal(rng))));
    }
  }
}

/** The largest length a distribution can draw. */
export function maxLength(d: LengthDistribution): number {
  return d.kind === 'fixed' ? d.tokens : d.max;
}

/**
 * The requests of a traffic description at unit rate (mean gap 1 s) for synthetic traffic, or
 * as recorded (times the time scale, shifted to start at 0) for a trace.
 *
 * @example
 * ```ts
 * const w = unitWorkload({ kind: 'synthetic', rate: 4, arrivals: { kind: 'poisson' },
 *   prompt: { kind: 'fixed', tokens: 512 }, output: { kind: 'fixed', tokens: 128 }, requests: 100, seed: 1 });
 * w.arrivalS.length; // 100
 * ```
 */
export function unitWorkload(traffic: Traffic): Workload {
  if (traffic.kind === 'trace') {
    const rows = traffic.requests;
    const start = rows.length > 0 ? rows[0][0] : 0;
    return {
      arrivalS: Float64Array.from(rows, (row) => (row[0] - start) * traffic.timeScale),
      promptTokens: Int32Array.from(rows, (row) => row[1]),
      outputTokens: Int32Array.from(rows, (row) => row[2]),
    };
  }
  const n = traffic.requests;
  const arrivalRng = seededRandom(traffic.seed);
  const lengthRng = seededRandom(traffic.seed ^ 0x5bd1e995);
  const workload: Workload = {
    arrivalS: new Float64Array(n),
    promptTokens: new Int32Array(n),
    outputTokens: new Int32Array(n),
  };
  let t = 0;
  for (let r = 0; r < n; r++) {
    workload.arrivalS[r] = t;
    t += unitGap(arrivalRng, traffic.arrivals);
    workload.promptTokens[r] = drawLength(lengthRng, traffic.prompt);
    workload.outputTokens[r] = drawLength(lengthRng, traffic.output);
  }
  return workload;
}

/** The rate of a traffic description (requests per second): given, or a trace's count over its span. */
export function trafficRate(traffic: Traffic): number {
  if (traffic.kind === 'synthetic') return traffic.rate;
  const rows = traffic.requests;
  const spanS = rows.length > 1 ? (rows[rows.length - 1][0] - rows[0][0]) * traffic.timeScale : 0;
  return spanS > 0 ? (rows.length - 1) / spanS : 1;
}

/**
 * The workload at `rate` requests per second: the unit-rate stream with its times divided by the
 * rate (a trace is scaled by `rate / its own rate`).
 *
 * @example
 * ```ts
 * const atTen = workloadAtRate(unit, 10, 1); // a unit-rate stream at 10 requests/s
 * ```
 */
export function workloadAtRate(unit: Workload, rate: number, unitRate = 1): Workload {
  const factor = unitRate / rate;
  return { ...unit, arrivalS: unit.arrivalS.map((t) => t * factor) };
}
