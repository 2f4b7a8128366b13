/**
 * Parallel-plan instances and solutions. An instance is a model, a cluster, a training
 * workload (sequence length, global batch) and the limits of the search (memory headroom,
 * allowed degrees, knobs, layouts); a solution is a plan written with the names of
 * `schedlab estimate train`'s flags (`tp`, `pp`, `dp`, `cp`, `ep`, `microBatch`, `schedule`,
 * `virtualStages`, `recompute`, `zero`, `distributedOptimizer`, `stageLayers`), so that a plan
 * can be re-run by hand, plus the runner-up plans (`alternatives`).
 */
import { z } from 'zod';
import type { ClusterSpec } from '../../src/perf/hardware.js';
import type { ModelSpec } from '../../src/perf/llm.js';
import type { AttentionKernel, Recompute } from '../../src/perf/memory.js';
import { perfLimits } from '../../src/perf/limits.js';
import { schedules, type Schedule } from '../../src/perf/plan.js';
import {
  clusterRefSchema,
  modelRefSchema,
  resolveCluster,
  resolveModel,
  type ClusterRef,
  type ModelRef,
} from '../../src/family/perf-specs.js';
import { boundedNumber, parseWithSchema, wholeNumber } from '../../src/family/schema.js';
import { inputError } from '../../src/errors.js';
import { checkInstanceFits } from './memory-bound.js';

/** Allowed values of a degree: a list (`{ "values": [1, 2, 4] }`) or a range (`{ "max": 8 }`). */
export interface DegreeRange {
  min: number;
  max: number;
  /** When given, only these values. */
  values?: number[];
}

/** What the search may choose, and the memory it must leave free. */
export interface PlanLimits {
  /** GB per GPU kept free (allocator fragmentation, CUDA context, buffers); default 0. */
  memoryHeadroomGb: number;
  tp: DegreeRange;
  pp: DegreeRange;
  cp: DegreeRange;
  ep: DegreeRange;
  /** Largest microbatch the search tries; `microBatch` fixes it. */
  maxMicroBatch: number;
  microBatch?: number;
  schedules: Schedule[];
  maxVirtualStages: number;
  recompute: Recompute[];
  zero: number[];
  distributedOptimizer: boolean;
  /** 'even': every pipeline stage holds the even split (Megatron's default); 'any': uneven stages too. */
  layouts: 'even' | 'any';
}

export interface ParallelPlanInstance {
  name: string;
  modelRef: ModelRef;
  clusterRef: ClusterRef;
  model: ModelSpec;
  cluster: ClusterSpec;
  gpus: number;
  seqLength: number;
  globalBatch: number;
  attention: AttentionKernel;
  limits: PlanLimits;
  /** How many plans a search reports (the best and `top - 1` alternatives). */
  top: number;
}

/** One plan: every degree and knob, and the transformer layers of each pipeline stage. */
export interface Plan {
  tp: number;
  pp: number;
  dp: number;
  cp: number;
  ep: number;
  microBatch: number;
  schedule: Schedule;
  virtualStages: number;
  recompute: Recompute;
  zero: number;
  distributedOptimizer: boolean;
  stageLayers: number[];
}

/** A plan and the runner-up plans a search found, best first. */
export interface ParallelPlanSolution extends Plan {
  alternatives?: Plan[];
}

const degree = wholeNumber('a parallel degree', 1, perfLimits.gpus);
const degreeRange = z.union([
  z.object({ values: z.array(degree).min(1) }).strict(),
  z.object({ min: degree.default(1), max: degree.default(perfLimits.gpus) }).strict(),
]);
const recomputeSchema = z.enum(['none', 'selective', 'full']);
const scheduleSchema = z.enum(schedules as unknown as [Schedule, ...Schedule[]]);

const limitsSchema = z
  .object({
    memoryHeadroomGb: boundedNumber('GB of headroom per GPU', 0, 1e6).default(0),
    tp: degreeRange.optional(),
    pp: degreeRange.optional(),
    cp: degreeRange.optional(),
    ep: degreeRange.optional(),
    maxMicroBatch: wholeNumber('a microbatch size', 1, perfLimits.sequences).default(8),
    microBatch: wholeNumber('a microbatch size', 1, perfLimits.sequences).optional(),
    schedules: z
      .array(scheduleSchema)
      .min(1)
      .default([...schedules]),
    maxVirtualStages: wholeNumber('a number of virtual stages', 1, 1024).default(8),
    recompute: z.array(recomputeSchema).min(1).default(['none', 'selective', 'full']),
    zero: z
      .array(z.union([z.literal(0), z.literal(1), z.literal(2), z.literal(3)]))
      .min(1)
      .default([0, 1, 2, 3]),
    distributedOptimizer: z.boolean().default(true),
    layouts: z.enum(['even', 'any']).default('even'),
  })
  .strict();

const instanceSchema = z
  .object({
    name: z.string().default('parallel-plan'),
    model: modelRefSchema,
    cluster: clusterRefSchema,
    workload: z
      .object({
        kind: z.literal('train').default('train'),
        seqLength: wholeNumber('a sequence length in tokens', 1, perfLimits.tokens),
        globalBatch: wholeNumber('a global batch in sequences', 1, perfLimits.sequences),
        attention: z.enum(['flash', 'materialized']).default('flash'),
      })
      .strict(),
    limits: limitsSchema.default(limitsSchema.parse({})),
    top: wholeNumber('a number of plans to report', 1, 100).default(3),
  })
  .strict();

type LimitsJson = z.output<typeof limitsSchema>;

function rangeOf(json: z.output<typeof degreeRange> | undefined, fallback: DegreeRange): DegreeRange {
  if (json === undefined) return fallback;
  if ('values' in json) {
    const values = [...new Set(json.values)].sort((a, b) => a - b);
    return { min: values[0] ?? 1, max: values[values.length - 1] ?? 1, values };
  }
  return { min: json.min, max: json.max };
}

/** Defaults: TP inside a node, PP up to one layer per stage, CP up to 32, EP over every expert. */
/** A headroom of the whole GPU memory or more leaves nothing for any plan: say so at the field. */
function checkHeadroom(headroomGb: number, cluster: ClusterSpec): void {
  const memoryGb = cluster.gpu.hbmBytes / 1e9;
  if (headroomGb < memoryGb) return;
  throw inputError(
    `a headroom of ${headroomGb} GB leaves nothing of the ${cluster.gpu.name}'s ${memoryGb.toFixed(1)} GB for the plan; give less than ${memoryGb.toFixed(1)} (a few GB is usual)`,
    { path: 'data.limits.memoryHeadroomGb' },
  );
}

function limitsOf(json: LimitsJson, model: ModelSpec, cluster: ClusterSpec): PlanLimits {
  const { tp, pp, cp, ep, microBatch, ...rest } = json;
  checkHeadroom(rest.memoryHeadroomGb, cluster);
  return {
    ...rest,
    tp: rangeOf(tp, { min: 1, max: cluster.gpusPerNode }),
    pp: rangeOf(pp, { min: 1, max: model.layers }),
    cp: rangeOf(cp, { min: 1, max: 32 }),
    ep: rangeOf(ep, { min: 1, max: model.moe ? model.moe.experts : 1 }),
    ...(microBatch === undefined ? {} : { microBatch }),
    schedules: [...new Set(rest.schedules)],
    recompute: [...new Set(rest.recompute)],
    zero: [...new Set(rest.zero)].sort(),
  };
}

/**
 * True when `value` is an allowed degree.
 *
 * @example
 * ```ts
 * allowsDegree({ min: 1, max: 8 }, 16); // false
 * ```
 */
export function allowsDegree(range: DegreeRange, value: number): boolean {
  if (range.values) return range.values.includes(value);
  return value >= range.min && value <= range.max;
}

/**
 * Read the `data` of a parallel-plan instance; errors name the path (`data.cluster.gpu`).
 * An instance on which no plan can fit in memory is refused, saying which memory is over.
 *
 * @example
 * ```ts
 * const instance = parseParallelPlan({ model: 'llama3-8b', cluster: { gpu: 'h100', gpus: 8 },
 *   workload: { seqLength: 4096, globalBatch: 64 } });
 * instance.limits.tp.max; // 8
 * ```
 */
export function parseParallelPlan(json: unknown): ParallelPlanInstance {
  const data = parseWithSchema(instanceSchema, json, 'data');
  const model = resolveModel(data.model, 'data.model');
  const cluster = resolveCluster(data.cluster, 'data.cluster');
  const instance: ParallelPlanInstance = {
    name: data.name,
    modelRef: data.model,
    clusterRef: data.cluster,
    model,
    cluster,
    gpus: data.cluster.gpus,
    seqLength: data.workload.seqLength,
    globalBatch: data.workload.globalBatch,
    attention: data.workload.attention,
    limits: limitsOf(data.limits, model, cluster),
    top: data.top,
  };
  checkInstanceFits(instance);
  return instance;
}

function rangeJson(range: DegreeRange): { values: number[] } | { min: number; max: number } {
  return range.values ? { values: [...range.values] } : { min: range.min, max: range.max };
}

/**
 * The instance as JSON `data` (what `parseParallelPlan` reads back).
 *
 * @example
 * ```ts
 * parseParallelPlan(serializeParallelPlan(instance)); // equal to instance
 * ```
 */
export function serializeParallelPlan(instance: ParallelPlanInstance): unknown {
  const { tp, pp, cp, ep, microBatch, ...rest } = instance.limits;
  return {
    name: instance.name,
    model: instance.modelRef,
    cluster: instance.clusterRef,
    workload: {
      kind: 'train',
      seqLength: instance.seqLength,
      globalBatch: instance.globalBatch,
      attention: instance.attention,
    },
    limits: {
      ...rest,
      tp: rangeJson(tp),
      pp: rangeJson(pp),
      cp: rangeJson(cp),
      ep: rangeJson(ep),
      ...(microBatch === undefined ? {} : { microBatch }),
    },
    top: instance.top,
  };
}

export { parseParallelPlanSolution, serializeParallelPlanSolution, planFields } from './solution-json.js';
