/**
 * Serving-plan instances and solutions. An instance is a model, a cluster (its GPUs are the
 * budget), traffic and SLOs; a solution is a set of instances (replicas) with their role
 * (colocated, prefill, decode), parallelism, node and batch limits, plus the router.
 */
import { z } from 'zod';
import { modelRefSchema, clusterRefSchema, type ModelRef, type ClusterRef } from '../../src/family/perf-specs.js';
import { boundedNumber, failAt, parseWithSchema, wholeNumber } from '../../src/family/schema.js';
import type { Slo } from './simulator/metrics.js';
import type { InstanceRole, RouterPolicy } from './simulator/types.js';
import type { LengthDistribution, Traffic } from './traffic.js';

/** The ranges every number of an instance must lie in (README, "Instances and formats"). */
export const servingLimits = {
  /** Tokens of a prompt or an answer. */
  tokens: 1_048_576,
  /** Requests simulated per run (synthetic traffic or trace rows). */
  requests: 200_000,
  rate: 1e6,
  batchSize: 65_536,
  /** Instances of one plan (the router looks at each for every request). */
  planInstances: 4096,
  seconds: 86_400,
} as const;

/** A serving-plan instance. */
export interface ServingPlanInstance {
  name: string;
  model: ModelRef;
  cluster: ClusterRef;
  traffic: Traffic;
  slo: Slo;
  /** Batch limits of every instance a method builds (vLLM's max_num_batched_tokens, max_num_seqs). */
  limits: { maxBatchTokens: number; maxBatchSize: number };
  router: RouterPolicy;
}

/** One instance (replica) of a plan. */
export interface PlannedInstance {
  role: InstanceRole;
  tp: number;
  pp: number;
  /** The node it sits on (whole instances sit in one node). */
  node: number;
  maxBatchTokens: number;
  maxBatchSize: number;
}

/** A plan: replicas and the router. */
export interface ServingPlanSolution {
  router: RouterPolicy;
  instances: PlannedInstance[];
}

const tokens = wholeNumber('a number of tokens', 1, servingLimits.tokens);
const share = boundedNumber('a share', 0, 1, { above: true });
const seconds = boundedNumber('seconds', 0, servingLimits.seconds, { above: true });

const lengthSchema: z.ZodType<LengthDistribution> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), tokens }).strict(),
  z.object({ kind: z.literal('uniform'), min: tokens, max: tokens }).strict(),
  z
    .object({ kind: z.literal('zipf'), min: tokens, max: tokens, exponent: boundedNumber('an exponent', 0, 5) })
    .strict(),
  z
    .object({
      kind: z.literal('bimodal'),
      short: z.object({ mean: tokens, sd: boundedNumber('a spread in tokens', 0, servingLimits.tokens) }).strict(),
      long: z.object({ mean: tokens, sd: boundedNumber('a spread in tokens', 0, servingLimits.tokens) }).strict(),
      shortShare: boundedNumber('a share', 0, 1),
      max: tokens,
    })
    .strict(),
]);

const arrivalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('poisson') }).strict(),
  z.object({ kind: z.literal('gamma'), cv: boundedNumber('a coefficient of variation', 0.1, 20) }).strict(),
]);

const traceRow = z.tuple([boundedNumber('an arrival time in seconds', 0, 1e12), tokens, tokens]);

const trafficSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('synthetic'),
      rate: boundedNumber('requests per second', 0, servingLimits.rate, { above: true }),
      arrivals: arrivalSchema.default({ kind: 'poisson' }),
      prompt: lengthSchema,
      output: lengthSchema,
      requests: wholeNumber('a number of requests', 1, servingLimits.requests).default(1000),
      seed: wholeNumber('a seed', 0, 2 ** 32 - 1).default(1),
    })
    .strict(),
  z
    .object({
      kind: z.literal('trace'),
      requests: z.array(traceRow).min(1).max(servingLimits.requests),
      timeScale: boundedNumber('a time scale', 0, 1e6, { above: true }).default(1),
    })
    .strict(),
]);

const routerSchema = z.enum(['round-robin', 'least-tokens', 'phase-aware']);

const instanceSchema = z
  .object({
    name: z.string().default('serving-plan'),
    model: modelRefSchema,
    cluster: clusterRefSchema,
    traffic: trafficSchema,
    slo: z.object({ ttftS: seconds, tpotS: seconds, attainment: share.default(0.9) }).strict(),
    limits: z
      .object({
        maxBatchTokens: tokens.default(8192),
        maxBatchSize: wholeNumber('a number of requests', 1, servingLimits.batchSize).default(256),
      })
      .strict()
      .default({ maxBatchTokens: 8192, maxBatchSize: 256 }),
    router: routerSchema.default('least-tokens'),
  })
  .strict();

function checkLengths(d: LengthDistribution, path: string): void {
  if ((d.kind === 'uniform' || d.kind === 'zipf') && d.min > d.max)
    failAt(`${path}.min`, `min (${d.min}) is above max (${d.max}); swap them`);
}

function checkTrace(traffic: Traffic): void {
  if (traffic.kind !== 'trace') return;
  traffic.requests.forEach((row, k) => {
    if (k > 0 && row[0] < traffic.requests[k - 1][0])
      failAt(
        `data.traffic.requests[${k}][0]`,
        `arrival times must not decrease: ${row[0]} comes after ${traffic.requests[k - 1][0]}; sort the rows by time`,
      );
  });
}

/**
 * Schema-checked instance data (the `data` of a schedlab instance file). The checks that
 * need the performance model (budget, reachable SLO) are in `checkServingInstance`.
 *
 * @example
 * ```ts
 * const instance = parseServingPlanData({ model: 'llama3-8b', cluster: { gpu: 'h100', gpus: 8 },
 *   traffic: { kind: 'synthetic', rate: 5, prompt: { kind: 'fixed', tokens: 512 }, output: { kind: 'fixed', tokens: 128 } },
 *   slo: { ttftS: 0.4, tpotS: 0.1 } });
 * ```
 */
export function parseServingPlanData(json: unknown): ServingPlanInstance {
  const data = parseWithSchema(instanceSchema, json, 'data') as ServingPlanInstance;
  if (data.traffic.kind === 'synthetic') {
    checkLengths(data.traffic.prompt, 'data.traffic.prompt');
    checkLengths(data.traffic.output, 'data.traffic.output');
  }
  checkTrace(data.traffic);
  return data;
}

/** The instance as JSON `data` (what `parseServingPlanData` reads back). */
export function serializeServingPlan(instance: ServingPlanInstance): unknown {
  return structuredClone(instance);
}

const plannedSchema = z
  .object({
    role: z.enum(['colocated', 'prefill', 'decode']),
    tp: wholeNumber('a tensor-parallel degree', 1, 1024),
    pp: wholeNumber('a pipeline-parallel degree', 1, 1024).default(1),
    node: wholeNumber('a node index', 0, 1_048_576),
    maxBatchTokens: tokens.optional(),
    maxBatchSize: wholeNumber('a number of requests', 1, servingLimits.batchSize).optional(),
  })
  .strict();

const solutionSchema = z
  .object({
    router: routerSchema.optional(),
    instances: z.array(plannedSchema).min(1).max(servingLimits.planInstances),
  })
  .strict();

/**
 * A plan file's `{ router?, instances: [{ role, tp, pp?, node, maxBatchTokens?, maxBatchSize? }] }`;
 * omitted limits and router are the instance's.
 *
 * @example
 * ```ts
 * parseServingPlanSolution(instance, { instances: [{ role: 'colocated', tp: 1, node: 0 }] });
 * ```
 */
export function parseServingPlanSolution(instance: ServingPlanInstance, json: unknown): ServingPlanSolution {
  const data = parseWithSchema(solutionSchema, json, 'solution');
  return {
    router: data.router ?? instance.router,
    instances: data.instances.map((planned) => ({
      role: planned.role,
      tp: planned.tp,
      pp: planned.pp,
      node: planned.node,
      maxBatchTokens: planned.maxBatchTokens ?? instance.limits.maxBatchTokens,
      maxBatchSize: planned.maxBatchSize ?? instance.limits.maxBatchSize,
    })),
  };
}

/** The plan as JSON (what `parseServingPlanSolution` reads back). */
export function serializeServingPlanSolution(
  _instance: ServingPlanInstance,
  solution: ServingPlanSolution,
): ServingPlanSolution {
  return { router: solution.router, instances: solution.instances.map((planned) => ({ ...planned })) };
}
