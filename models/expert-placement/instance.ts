/**
 * Expert-placement instances: an MoE model, an expert-parallel group (the cluster's GPUs), a
 * number of redundant expert slots per layer, and a routing profile (`n[l][e]` tokens routed to
 * expert e in layer l, optionally `A[l][e][f]` tokens going from expert e in layer l to expert f
 * in layer l+1). Solutions: per layer, the experts each GPU holds, and optionally the tokens each
 * replica serves. Errors name the path (`data.routing.n[3][7]`) and the fix.
 */
import { z } from 'zod';
import {
  clusterRefSchema,
  modelRefSchema,
  resolveCluster,
  resolveModel,
  type ClusterRef,
  type ModelRef,
} from '../../src/family/perf-specs.js';
import { boundedNumber, failAt, parseWithSchema, wholeNumber } from '../../src/family/schema.js';
import { expertWeightBytes } from '../../src/perf/expert-traffic.js';
import { clusterGpus, type ClusterSpec } from '../../src/perf/hardware.js';
import { moeLayerCount, type ModelSpec } from '../../src/perf/llm.js';
import { checkRouting, checkSolutionShape } from './instance-checks.js';

/** The largest sizes accepted: beyond them the methods' arrays outgrow a laptop. */
export const expertPlacementLimits = {
  experts: 1024,
  gpus: 1024,
  layers: 256,
  /** Tokens routed to one expert in one layer of one batch. */
  tokens: 1e12,
} as const;

const count = boundedNumber('a token count', 0, expertPlacementLimits.tokens);

const instanceSchema = z
  .object({
    name: z.string().min(1).optional(),
    model: modelRefSchema,
    cluster: clusterRefSchema,
    redundantSlots: wholeNumber(
      'a number of redundant expert slots per layer',
      0,
      4 * expertPlacementLimits.experts,
    ).default(0),
    expertGroups: wholeNumber('a number of expert groups (DeepSeek-V3: 8)', 1, expertPlacementLimits.experts).default(
      1,
    ),
    phase: z.enum(['inference', 'training']).default('inference'),
    expertMemoryGb: boundedNumber('GB of HBM per GPU for expert weights', 0, 1e6, { above: true }).optional(),
    routing: z
      .object({
        n: z.array(z.array(count)).min(1, 'expected at least one layer of counts').max(expertPlacementLimits.layers),
        A: z.array(z.array(z.array(count))).optional(),
      })
      .strict(),
  })
  .strict();

/** An instance as written in JSON (`data`). */
export type ExpertPlacementJson = z.input<typeof instanceSchema>;

/** A resolved instance: the JSON plus the model, the cluster and the derived sizes. */
export interface ExpertPlacementInstance {
  name: string;
  modelRef: ModelRef;
  clusterRef: ClusterRef;
  model: ModelSpec;
  cluster: ClusterSpec;
  /** Routed experts per layer (E), experts per token (k), GPUs (G), layers of the profile (L). */
  experts: number;
  topK: number;
  gpus: number;
  layers: number;
  redundantSlots: number;
  /** Experts each GPU holds per layer: (E + R) / G. */
  slotsPerGpu: number;
  expertGroups: number;
  phase: 'inference' | 'training';
  /** HBM per GPU for expert weights, bytes (default 80% of the GPU's HBM). */
  expertMemoryBytes: number;
  routing: { n: number[][]; A?: number[][][] };
}

/** Experts on each GPU per layer (`placement[l][g]`, S ids each) and, optionally, tokens per replica. */
export interface ExpertPlacementSolution {
  placement: number[][][];
  /** `shares[l][g][i]`: tokens the i-th replica on GPU g serves; absent: each expert's tokens split evenly over its replicas. */
  shares?: number[][][];
}

/** The default share of HBM that expert weights may take (the rest: attention, activations, KV cache). */
export const defaultExpertMemoryShare = 0.8;

function moeOf(model: ModelSpec): NonNullable<ModelSpec['moe']> {
  if (!model.moe)
    return failAt(
      'data.model',
      `'${model.name}' has no routed experts; give a mixture-of-experts model (mixtral-8x7b, deepseek-v3 or a config.json with num_local_experts / n_routed_experts)`,
    );
  if (model.moe.topK > model.moe.experts)
    return failAt(
      'data.model',
      `top-k ${model.moe.topK} is above the ${model.moe.experts} experts; each token visits at most every expert once, so set num_experts_per_tok <= the expert count`,
    );
  return model.moe;
}

function slotsPerGpu(experts: number, redundant: number, gpus: number): number {
  const physical = experts + redundant;
  if (gpus > physical)
    failAt(
      'data.cluster.gpus',
      `${gpus} GPUs for ${physical} expert slots per layer leaves GPUs empty; use at most ${physical} GPUs or add redundant slots`,
    );
  if (physical % gpus !== 0) {
    const next = Math.ceil(physical / gpus) * gpus - experts;
    failAt(
      'data.redundantSlots',
      `${experts} experts + ${redundant} redundant slots = ${physical} is not a multiple of the ${gpus} GPUs (each GPU holds the same number of experts); use ${next} redundant slots`,
    );
  }
  return physical / gpus;
}

function checkMemory(instance: ExpertPlacementInstance): void {
  const perGpu = instance.slotsPerGpu * instance.layers * expertWeightBytes(instance.model);
  if (perGpu <= instance.expertMemoryBytes) return;
  const fits = Math.floor(instance.expertMemoryBytes / (instance.layers * expertWeightBytes(instance.model)));
  failAt(
    instance.redundantSlots > 0 ? 'data.redundantSlots' : 'data.cluster.gpus',
    `each GPU would hold ${instance.slotsPerGpu} experts x ${instance.layers} layers = ${(perGpu / 1e9).toFixed(1)} GB of expert weights, over its ${(instance.expertMemoryBytes / 1e9).toFixed(1)} GB (expertMemoryGb); memory holds ${fits} experts per layer: use fewer redundant slots, more GPUs or a larger expertMemoryGb`,
  );
}

/**
 * Read an instance from its JSON `data`; every error names the path and the fix.
 *
 * @example
 * ```ts
 * const instance = parseExpertPlacement({ model: 'mixtral-8x7b', cluster: { gpu: 'h100', gpus: 4 },
 *   routing: { n: [[10, 20, 30, 40, 50, 60, 70, 80]] } });
 * instance.slotsPerGpu; // 2
 * ```
 */
export function parseExpertPlacement(json: unknown): ExpertPlacementInstance {
  const data = parseWithSchema(instanceSchema, json, 'data');
  const model = resolveModel(data.model, 'data.model');
  const moe = moeOf(model);
  const cluster = resolveCluster(data.cluster, 'data.cluster');
  if (moe.experts > expertPlacementLimits.experts)
    failAt(
      'data.model',
      `${moe.experts} experts per layer is above the ${expertPlacementLimits.experts} this family handles`,
    );
  const gpus = clusterGpus(cluster);
  if (gpus > expertPlacementLimits.gpus)
    failAt(
      'data.cluster.gpus',
      `${gpus} GPUs is above the ${expertPlacementLimits.gpus} this family handles; place one expert-parallel group at a time`,
    );
  const layers = data.routing.n.length;
  const moeLayers = moeLayerCount(model);
  if (layers > moeLayers)
    failAt(
      'data.routing.n',
      `${layers} layers of counts, but ${model.name} has ${moeLayers} MoE layers; give one row per MoE layer (or fewer)`,
    );
  checkRouting(data.routing, moe.experts);
  const instance: ExpertPlacementInstance = {
    name: data.name ?? `${model.name}-g${gpus}-r${data.redundantSlots}`,
    modelRef: data.model,
    clusterRef: data.cluster,
    model,
    cluster,
    experts: moe.experts,
    topK: moe.topK,
    gpus,
    layers,
    redundantSlots: data.redundantSlots,
    slotsPerGpu: slotsPerGpu(moe.experts, data.redundantSlots, gpus),
    expertGroups: data.expertGroups,
    phase: data.phase,
    expertMemoryBytes:
      data.expertMemoryGb === undefined ? defaultExpertMemoryShare * cluster.gpu.hbmBytes : data.expertMemoryGb * 1e9,
    routing: data.routing,
  };
  checkMemory(instance);
  return instance;
}

/**
 * The instance as JSON `data` (what `parseExpertPlacement` reads back).
 *
 * @example
 * ```ts
 * parseExpertPlacement(serializeExpertPlacement(instance)); // the same instance
 * ```
 */
export function serializeExpertPlacement(instance: ExpertPlacementInstance): ExpertPlacementJson {
  const defaultMemory = defaultExpertMemoryShare * instance.cluster.gpu.hbmBytes;
  return {
    name: instance.name,
    model: instance.modelRef,
    cluster: instance.clusterRef,
    redundantSlots: instance.redundantSlots,
    expertGroups: instance.expertGroups,
    phase: instance.phase,
    ...(instance.expertMemoryBytes === defaultMemory ? {} : { expertMemoryGb: instance.expertMemoryBytes / 1e9 }),
    routing: instance.routing,
  };
}

const solutionSchema = z
  .object({
    placement: z.array(z.array(z.array(wholeNumber('an expert id', 0, expertPlacementLimits.experts - 1)))),
    shares: z.array(z.array(z.array(count))).optional(),
  })
  .strict();

/**
 * Read a solution for `instance`; errors name the path (`solution.placement[2][1][0]`).
 *
 * @example
 * ```ts
 * const solution = parseExpertPlacementSolution(instance, { placement: [[[0, 1], [2, 3], [4, 5], [6, 7]]] });
 * ```
 */
export function parseExpertPlacementSolution(
  instance: ExpertPlacementInstance,
  json: unknown,
): ExpertPlacementSolution {
  const data = parseWithSchema(solutionSchema, json, 'solution');
  checkSolutionShape(instance, data);
  return data.shares === undefined ? { placement: data.placement } : { placement: data.placement, shares: data.shares };
}

/** The solution as JSON (what `parseExpertPlacementSolution` reads back). */
export function serializeExpertPlacementSolution(
  _instance: ExpertPlacementInstance,
  solution: ExpertPlacementSolution,
): ExpertPlacementSolution {
  return solution.shares === undefined
    ? { placement: solution.placement }
    : { placement: solution.placement, shares: solution.shares };
}
