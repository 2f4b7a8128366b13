/**
 * The vocabulary of the request-level serving simulator: the requests it replays, the
 * instances it runs them on, and what it reports per request and per instance.
 */
import type { LinkSpec } from '../../../src/perf/hardware.js';
import type { ServingCosts } from '../../../src/perf/serve-batch.js';

/** What an instance runs: both phases (colocated), or one phase of a disaggregated plan. */
export type InstanceRole = 'colocated' | 'prefill' | 'decode';

/** How a request is sent to an instance of the phase it needs next. */
export type RouterPolicy = 'round-robin' | 'least-tokens' | 'phase-aware';

/** The request stream, sorted by arrival; lengths in tokens (prompt >= 1, output >= 1). */
export interface Workload {
  arrivalS: Float64Array;
  promptTokens: Int32Array;
  outputTokens: Int32Array;
}

/** One instance as the simulator sees it. */
export interface SimInstance {
  role: InstanceRole;
  costs: ServingCosts;
  /** The node the instance sits on (its first node when it spans several). */
  node: number;
  /** Prompt tokens one prefill iteration takes at most (a longer prompt runs alone). */
  maxBatchTokens: number;
  /** Requests an instance holds at most at once (in its running batch). */
  maxBatchSize: number;
  /** Tokens of KV cache the instance holds. */
  kvCapacityTokens: number;
}

/**
 * What to simulate: the instances, the router, and the link between two nodes (NVLink inside
 * one node, the network across nodes). `phase` runs one phase alone, as DistServe measures each
 * phase's capacity: 'prefill' ends every request at its first token; 'decode' starts every
 * request at a decode instance with its prompt's KV cache already there.
 */
export interface SimConfig {
  instances: SimInstance[];
  router: RouterPolicy;
  link(fromNode: number, toNode: number): LinkSpec;
  phase?: 'both' | 'prefill' | 'decode';
  /** Record the iterations and transfers that start inside this window (seconds) for a Chrome trace. */
  traceWindow?: { startS: number; endS: number };
  /**
   * Wall-clock deadline (ms since epoch, `Date.now()` scale): past it the simulation stops
   * where it is and its result says `cut` (requests not yet done count as missing their SLO).
   */
  deadline?: number;
}

/** One iteration or KV transfer, for the Chrome trace. */
export interface SimSpan {
  instance: number;
  kind: 'prefill' | 'decode' | 'transfer';
  startS: number;
  durationS: number;
  /** Requests in the iteration (1 for a transfer). */
  requests: number;
  /** Prompt tokens of a prefill, context tokens of a decode step, KV tokens of a transfer. */
  tokens: number;
}

/** Per-request and per-instance results. Unserved requests (a KV cache too small for them) have NaN times. */
export interface SimResult {
  ttftS: Float64Array;
  /** Mean time per output token after the first; 0 for one-token answers. */
  tpotS: Float64Array;
  e2eS: Float64Array;
  /** Requests no instance could ever hold (prompt + output beyond the KV capacity). */
  unserved: number;
  /** Busy seconds per instance over the span from the first arrival to the last completion. */
  utilization: Float64Array;
  spanS: number;
  iterations: number;
  trace: SimSpan[];
  /** True when the simulation stopped at its deadline before every request was done: its report is not a measurement. */
  cut?: boolean;
}
