/**
 * Sequence-parallel instances: one training step, the token lengths of its global batch, the
 * model and the cluster (written as in every perf family, `src/family/perf-specs.ts`), the SP
 * degrees a group may have (each divides the GPU count; default the powers of two that do),
 * the recomputation policy, and the token capacity per GPU (default: derived from memory).
 *
 * A solution is a list of micro-batches run one after another; each has SP groups on disjoint
 * GPUs (`firstGpu .. firstGpu + degree - 1`), each group holding some sequences.
 */
import { z } from 'zod';
import {
  type ClusterRef,
  clusterRefSchema,
  type ModelRef,
  modelRefSchema,
  resolveCluster,
  resolveModel,
} from '../../src/family/perf-specs.js';
import { failAt, parseWithSchema, wholeNumber } from '../../src/family/schema.js';
import type { ClusterSpec } from '../../src/perf/hardware.js';
import type { ModelSpec } from '../../src/perf/llm.js';
import type { Recompute } from '../../src/perf/memory.js';
import { derivedTokenCapacity, type CapacityInfo } from './capacity.js';
import { sequenceParallelLimits as limits } from './limits.js';

export interface SequenceParallelInstance {
  name: string;
  /** Tokens of each sequence of the global batch. */
  lengths: number[];
  modelRef: ModelRef;
  model: ModelSpec;
  clusterRef: ClusterRef;
  cluster: ClusterSpec;
  /** GPUs of the cluster (N). */
  gpus: number;
  /** SP degrees a group may have, ascending; each divides N and every larger one. */
  degrees: number[];
  recompute: Recompute;
  /** Tokens one GPU can hold activations for. */
  tokenCapacity: number;
  /** True when the file gave the capacity (serialize writes it back only then). */
  capacityGiven: boolean;
  /** How the capacity was derived (bytes per token, model states, memory). */
  capacityInfo: CapacityInfo;
}

/** One SP group of a micro-batch: its GPUs and the sequences (indices into `lengths`) it runs. */
export interface SpGroup {
  degree: number;
  firstGpu: number;
  sequences: number[];
}

export interface SequenceParallelSolution {
  microBatches: { groups: SpGroup[] }[];
}

const instanceSchema = z
  .object({
    name: z.string().default('sequence-parallel'),
    lengths: z
      .array(wholeNumber('a sequence length in tokens', 1, limits.length))
      .min(1)
      .max(limits.sequences),
    model: modelRefSchema,
    cluster: clusterRefSchema,
    degrees: z
      .array(wholeNumber('an SP degree', 1, limits.gpus))
      .min(1)
      .optional(),
    recompute: z.enum(['none', 'selective', 'full']).default('none'),
    tokenCapacity: wholeNumber('a token capacity per GPU', 1, limits.length * limits.sequences).optional(),
  })
  .strict();

type InstanceJson = z.input<typeof instanceSchema>;

/** The powers of two that divide N and sit in one node or fill whole nodes. */
function defaultDegrees(gpus: number, perNode: number): number[] {
  const degrees: number[] = [];
  for (let d = 1; d <= gpus; d *= 2) if (gpus % d === 0 && (perNode % d === 0 || d % perNode === 0)) degrees.push(d);
  return degrees;
}

/** Each degree divides N, divides every larger degree, and sits in one node or fills whole nodes. */
function checkDegrees(degrees: number[], gpus: number, perNode: number): number[] {
  const sorted = [...new Set(degrees)].sort((a, b) => a - b);
  degrees.forEach((d, k) => {
    const path = `data.degrees[${k}]`;
    if (gpus % d !== 0)
      failAt(
        path,
        `SP degree ${d} does not divide the ${gpus} GPUs; use divisors of ${gpus} such as ${defaultDegrees(gpus, perNode).join(', ')}`,
      );
    if (perNode % d !== 0 && d % perNode !== 0)
      failAt(
        path,
        `SP degree ${d} neither fits in a node of ${perNode} GPUs nor fills whole nodes; use a divisor or a multiple of ${perNode}`,
      );
  });
  degrees.forEach((d, k) => {
    const path = `data.degrees[${k}]`;
    const clash = sorted.find((e) => e > d && e % d !== 0);
    if (clash !== undefined)
      failAt(
        path,
        `SP degree ${d} does not divide the larger degree ${clash}, so groups could not be packed without straddling nodes; use powers of two`,
      );
  });
  return sorted;
}

/** Every sequence fits on the largest group: `length / maxDegree <= capacity`. */
function checkLengthsFit(lengths: number[], maxDegree: number, capacity: number, capacityGiven: boolean): void {
  const most = maxDegree * capacity;
  lengths.forEach((l, i) => {
    if (l <= most) return;
    const knob = capacityGiven
      ? 'raise data.tokenCapacity'
      : "use more GPUs (data.cluster.gpus), full recomputation (data.recompute: 'full') or a GPU with more memory";
    failAt(
      `data.lengths[${i}]`,
      `sequence ${i} has ${l} tokens but ${maxDegree} GPUs hold at most ${most} (${capacity} tokens per GPU), ${l - most} tokens too many; split the sequence or ${knob}`,
    );
  });
}

/**
 * Validate the `data` of a sequence-parallel instance file; errors name the path.
 *
 * @example
 * ```ts
 * const instance = parseSequenceParallel({ lengths: [4096, 32768], model: 'llama3-8b', cluster: { gpu: 'h100', gpus: 8 } });
 * instance.degrees; // [1, 2, 4, 8]
 * ```
 */
export function parseSequenceParallel(json: unknown): SequenceParallelInstance {
  const data = parseWithSchema(instanceSchema, json, 'data');
  const model = resolveModel(data.model, 'data.model');
  const cluster = resolveCluster(data.cluster, 'data.cluster');
  const gpus = data.cluster.gpus;
  const degrees = checkDegrees(data.degrees ?? defaultDegrees(gpus, cluster.gpusPerNode), gpus, cluster.gpusPerNode);
  const capacityInfo = derivedTokenCapacity(model, cluster, gpus, data.recompute);
  if (data.tokenCapacity === undefined && capacityInfo.tokens < 1)
    failAt(
      'data.model',
      `${model.name}'s model states (${(capacityInfo.stateBytes / 1e9).toFixed(1)} GB per GPU) leave no memory for activations on ${cluster.gpu.name}; use more GPUs or a larger GPU`,
    );
  const tokenCapacity = data.tokenCapacity ?? capacityInfo.tokens;
  checkLengthsFit(data.lengths, degrees[degrees.length - 1], tokenCapacity, data.tokenCapacity !== undefined);
  return {
    name: data.name,
    lengths: data.lengths,
    modelRef: data.model,
    model,
    clusterRef: data.cluster,
    cluster,
    gpus,
    degrees,
    recompute: data.recompute,
    tokenCapacity,
    capacityGiven: data.tokenCapacity !== undefined,
    capacityInfo,
  };
}

/** The instance as the JSON `data` that `parseSequenceParallel` reads back. */
export function serializeSequenceParallel(instance: SequenceParallelInstance): InstanceJson {
  return {
    name: instance.name,
    lengths: [...instance.lengths],
    model: instance.modelRef,
    cluster: instance.clusterRef,
    degrees: [...instance.degrees],
    recompute: instance.recompute,
    ...(instance.capacityGiven ? { tokenCapacity: instance.tokenCapacity } : {}),
  };
}

const groupSchema = z
  .object({
    degree: wholeNumber('an SP degree', 1, limits.gpus),
    firstGpu: wholeNumber('a GPU index', 0, limits.gpus),
    sequences: z.array(wholeNumber('a sequence index', 0, limits.sequences)),
  })
  .strict();
const solutionSchema = z
  .object({ microBatches: z.array(z.object({ groups: z.array(groupSchema) }).strict()) })
  .strict();

/**
 * A solution file's `{ microBatches: [{ groups: [{ degree, firstGpu, sequences }] }] }`;
 * indices beyond the instance are refused at their path (the evaluator judges the rest).
 *
 * @example
 * ```ts
 * parseSequenceParallelSolution(instance, { microBatches: [{ groups: [{ degree: 8, firstGpu: 0, sequences: [0, 1] }] }] });
 * ```
 */
export function parseSequenceParallelSolution(
  instance: SequenceParallelInstance,
  json: unknown,
): SequenceParallelSolution {
  const data = parseWithSchema(solutionSchema, json, 'solution');
  data.microBatches.forEach((mb, m) =>
    mb.groups.forEach((g, k) => {
      const path = `solution.microBatches[${m}].groups[${k}]`;
      if (g.firstGpu + g.degree > instance.gpus)
        failAt(
          `${path}.firstGpu`,
          `GPUs ${g.firstGpu}..${g.firstGpu + g.degree - 1} do not exist; the cluster has GPUs 0..${instance.gpus - 1}`,
        );
      g.sequences.forEach((s, j) => {
        if (s >= instance.lengths.length)
          failAt(
            `${path}.sequences[${j}]`,
            `the batch has sequences 0..${instance.lengths.length - 1}; sequence ${s} does not exist`,
          );
      });
    }),
  );
  return data;
}

/** The solution as JSON (what `parseSequenceParallelSolution` reads back). */
export function serializeSequenceParallelSolution(
  _instance: SequenceParallelInstance,
  solution: SequenceParallelSolution,
): SequenceParallelSolution {
  return {
    microBatches: solution.microBatches.map((mb) => ({
      groups: mb.groups.map((g) => ({ degree: g.degree, firstGpu: g.firstGpu, sequences: [...g.sequences] })),
    })),
  };
}
