/**
 * The derived form of a pipeline instance, `data.derive`: a model (a preset name or a Hugging
 * Face config.json object), a GPU, a partition of the layers into stages and the microbatch
 * shape; `parsePipeline` turns it into explicit per-stage times (ms) and memory (GB).
 *
 * T_F, T_B, T_W of a stage: its layers' `layerSeconds` (TP collectives included) plus the
 * embedding on the first stage and the output layer on the last (`derive-costs.ts`). T_comm:
 * one point-to-point send of the activation (2·b·s·h/t bytes) over the intra-node link, or
 * the inter-node link when the p·t GPUs span more than one node (the instance has one T_comm,
 * so the slowest boundary sets it). M_B: Korthikanti's activation of the layers (+ logits),
 * M_W: what W keeps, at most M_B. Limit: `memoryLimitBytes`, or `memoryLimit` in units of the
 * device's own M_B (its stages' sum; default p, what 1F1B holds).
 */
import { z } from 'zod';
import { atPath, resolveModel } from '../../src/family/perf-specs.js';
import { boundedNumber, failAt, parseWithSchema, wholeNumber } from '../../src/family/schema.js';
import { groupOn, p2pSeconds } from '../../src/perf/communication.js';
import { getLink, makeCluster, type ClusterSpec } from '../../src/perf/hardware.js';
import type { LayerContext } from '../../src/perf/layer-time.js';
import { checkHeadsDivide, perfLimits } from '../../src/perf/limits.js';
import type { ModelSpec } from '../../src/perf/llm.js';
import { stageCosts } from './derive-costs.js';
import { pipelineLimits } from './limits.js';

// The same ranges as `schedlab estimate` (src/perf/limits.ts) and the explicit instance (limits.ts).
const gpuCount = wholeNumber('a number of GPUs', 1, perfLimits.gpus);

export const deriveSchema = z
  .object({
    model: z.union([z.string(), z.record(z.string(), z.unknown())]),
    gpu: z.string().default('a100-80gb'),
    gpusPerNode: gpuCount.default(8),
    interNodeLink: z.string().optional(),
    devices: wholeNumber('a number of devices', 1, pipelineLimits.devices).optional(),
    layersPerStage: z
      .array(wholeNumber('a number of layers', 0, perfLimits.modelDimension))
      .min(1)
      .max(pipelineLimits.devices * pipelineLimits.chunks)
      .optional(),
    chunks: wholeNumber('a number of chunks per device', 1, pipelineLimits.chunks).default(1),
    placement: z.enum(['loop', 'vshape']).default('loop'),
    microbatches: wholeNumber('a number of microbatches', 1, pipelineLimits.microbatches),
    seqLength: wholeNumber('a sequence length in tokens', 1, perfLimits.tokens).default(2048),
    microBatchSize: wholeNumber('a number of sequences per microbatch', 1, perfLimits.sequences).default(1),
    tp: gpuCount.default(1),
    recompute: z.enum(['none', 'selective', 'full']).default('none'),
    splitBackward: z.boolean().default(true),
    memoryLimitBytes: boundedNumber('a memory limit in bytes', 0, 1e9 * pipelineLimits.memory, {
      above: true,
    }).optional(),
    memoryLimit: boundedNumber("a memory limit in units of a device's M_B", 0, pipelineLimits.memory, {
      above: true,
    }).optional(),
  })
  .strict();

/** The `data.derive` object as written (defaults not yet applied). */
export type DeriveJson = z.input<typeof deriveSchema>;
type Derive = z.output<typeof deriveSchema>;

function modelOf(derive: Derive, path: string): ModelSpec {
  return resolveModel(derive.model, `${path}.model`);
}

/** Layers per stage: as given, or an even split with the remainder on the middle stages (the end stages carry the embedding and the logits). */
function partition(derive: Derive, layers: number, path: string): number[] {
  const given = derive.layersPerStage;
  if (given) {
    const sum = given.reduce((a, b) => a + b, 0);
    if (sum !== layers)
      failAt(`${path}.layersPerStage`, `the counts add up to ${sum} layers, but the model has ${layers}`);
    if (given.length % derive.chunks !== 0)
      failAt(`${path}.layersPerStage`, `${given.length} stages do not split into ${derive.chunks} chunks per device`);
    if (derive.devices !== undefined && given.length !== derive.devices * derive.chunks)
      failAt(
        `${path}.layersPerStage`,
        `expected devices x chunks = ${derive.devices * derive.chunks} counts, got ${given.length}`,
      );
    return given;
  }
  if (derive.devices === undefined)
    failAt(`${path}.devices`, 'give the number of devices, or layersPerStage (one count per stage)');
  const stages = derive.devices * derive.chunks;
  if (layers < stages) failAt(`${path}.devices`, `the model has ${layers} layers, fewer than the ${stages} stages`);
  const base = Math.floor(layers / stages);
  const extra = layers - base * stages;
  const start = Math.floor((stages - extra) / 2);
  return Array.from({ length: stages }, (_, s) => base + (s >= start && s < start + extra ? 1 : 0));
}

function clusterOf(derive: Derive, devices: number, path: string): ClusterSpec {
  const gpus = devices * derive.tp;
  const perNode = derive.gpusPerNode;
  const cluster = atPath(`${path}.gpu`, () =>
    makeCluster(derive.gpu, gpus <= perNode ? perNode : Math.ceil(gpus / perNode) * perNode, perNode),
  );
  const link = derive.interNodeLink;
  return link === undefined ? cluster : { ...cluster, interLink: atPath(`${path}.interNodeLink`, () => getLink(link)) };
}

const ms = (seconds: number) => Math.round(seconds * 1e6) / 1e3;
const gb = (bytes: number) => Math.round(bytes / 1e6) / 1e3;

/** The device of stage s under the layout (the rule of `deviceOfStage` in instance.ts). */
const deviceOf = (s: number, p: number, placement: string) =>
  placement === 'vshape' ? (s < p ? s : 2 * p - 1 - s) : s % p;

function limits(derive: Derive, mB: number[], devices: number, path: string): number[] {
  if (derive.memoryLimit !== undefined && derive.memoryLimitBytes !== undefined)
    failAt(`${path}.memoryLimit`, "give memoryLimit (in units of a device's M_B) or memoryLimitBytes, not both");
  if (derive.memoryLimitBytes !== undefined) return new Array<number>(devices).fill(derive.memoryLimitBytes / 1e9);
  const own = new Array<number>(devices).fill(0);
  mB.forEach((value, s) => (own[deviceOf(s, devices, derive.placement)] += value));
  // Rounded to 1e-6 for readable files, but never down to 0, which no limit may be.
  return own.map((value) => {
    const exact = (derive.memoryLimit ?? devices) * value;
    const rounded = Math.round(exact * 1e6) / 1e6;
    return rounded > 0 ? rounded : exact;
  });
}

/**
 * `data.derive` → the explicit `data` of a pipeline instance (what `parsePipeline` reads);
 * errors name the path (`data.derive.layersPerStage`). `spec`, when given, replaces `model`.
 *
 * @example
 * ```ts
 * const data = deriveInstanceData({ model: 'llama3-8b', gpu: 'h100', layersPerStage: [6, 10, 10, 6], microbatches: 8 });
 * data.times.F; // four per-stage forward times in ms
 * ```
 */
export function deriveInstanceData(json: unknown, path = 'data.derive', spec?: ModelSpec) {
  const derive = parseWithSchema(deriveSchema, json, path);
  const model = spec ?? modelOf(derive, path);
  // `schedlab estimate` refuses the same: each tensor-parallel rank takes whole attention heads.
  atPath(`${path}.tp`, () => checkHeadsDivide(model, derive.tp, 'tp'));
  const counts = partition(derive, model.layers, path);
  const devices = counts.length / derive.chunks;
  if (derive.placement === 'vshape' && derive.chunks !== 2)
    failAt(`${path}.chunks`, `the 'vshape' placement needs exactly 2 chunks per device, got ${derive.chunks}`);
  const cluster = clusterOf(derive, devices, path);
  const { tp, microBatchSize: sequences, seqLength } = derive;
  const context: LayerContext = {
    gpu: cluster.gpu,
    model,
    sequences,
    seqLength,
    tp,
    cp: 1,
    ep: 1,
    sp: tp > 1,
    attention: 'flash',
    tpGroup: groupOn(cluster, tp, 1),
    cpGroup: groupOn(cluster, 1, tp),
    epGroup: groupOn(cluster, 1, tp),
  };
  const costs = stageCosts(context, counts, derive.recompute);
  const mB = costs.map((c) => gb(c.activationBBytes));
  const split = derive.splitBackward;
  const link = devices * tp <= cluster.gpusPerNode ? cluster.intraLink : cluster.interLink;
  return {
    name: `${model.name}-p${devices}-m${derive.microbatches}-${cluster.gpu.name}`,
    devices,
    microbatches: derive.microbatches,
    chunks: derive.chunks,
    placement: derive.placement,
    splitBackward: split,
    times: {
      F: costs.map((c) => ms(c.forwardS)),
      B: costs.map((c) => ms(split ? c.backwardInputS : c.backwardInputS + c.backwardWeightS)),
      W: costs.map((c) => (split ? ms(c.backwardWeightS) : 0)),
    },
    comm: ms(p2pSeconds((2 * sequences * seqLength * model.hiddenSize) / tp, link)),
    memory: {
      mB,
      mW: costs.map((c, s) => Math.min(gb(c.activationWBytes), mB[s])),
      limit: limits(derive, mB, devices, path),
    },
  };
}
