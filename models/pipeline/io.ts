/**
 * Instances derived from the performance model: a model (a preset name, a Hugging Face
 * config.json, or a ModelSpec), a GPU, the number of stages and a partition of the layers.
 * T_F, T_B, T_W of a stage are the sums of `layerSeconds` over its layers (roofline GEMMs,
 * F/B/W split of `flops.ts`, TP collectives included); T_comm is one point-to-point send of
 * the microbatch's activation (2·b·s·h bytes / tp) over the link between adjacent stages; M_B
 * is the Korthikanti activation of the stage's layers and M_W the 32·s·b·h bytes per layer that
 * W keeps (Qi et al. 2024, Table 1). Memory is in GB, times in ms.
 *
 * Readers: `hf` reads a Hugging Face config.json into an 8-stage, 24-microbatch A100 instance
 * (use `instanceFromModel` to choose the rest).
 */
import { inputError } from '../../src/errors.js';
import { groupOn, p2pSeconds } from '../../src/perf/communication.js';
import { makeCluster } from '../../src/perf/hardware.js';
import { modelFromHfConfig } from '../../src/perf/hf-config.js';
import { layerSeconds, type LayerContext } from '../../src/perf/layer-time.js';
import { getModelPreset, type ModelSpec } from '../../src/perf/llm.js';
import { layerActivationBytes, type Recompute } from '../../src/perf/memory.js';
import { parsePipeline, type PipelineInstance } from './instance.js';

export interface DeriveOptions {
  /** A preset name (`gpt3-175b`, `llama3-8b`, ...) or a ModelSpec. */
  model: string | ModelSpec;
  /** GPU name from the catalog; default 'a100-80gb'. */
  gpu?: string;
  stages: number;
  microbatches: number;
  seqLength?: number;
  /** Sequences per microbatch; default 1. */
  microBatch?: number;
  tp?: number;
  /** Layers per stage; default an even split with the remainder on the middle stages. */
  layersPerStage?: number[];
  recompute?: Recompute;
  /** Activation memory limit per device in GB; default `memoryFactor`·p·M_B of the first stage. */
  memoryLimitGb?: number;
  memoryFactor?: number;
  splitBackward?: boolean;
}

function partition(layers: number, stages: number, given?: number[]): number[] {
  if (given) {
    if (given.length !== stages || given.reduce((a, b) => a + b, 0) !== layers) throw inputError(`layersPerStage must give ${stages} counts that add up to the model's ${layers} layers`);
    return given;
  }
  if (layers < stages) throw inputError(`the model has ${layers} layers, fewer than the ${stages} stages`);
  const base = Math.floor(layers / stages);
  const extra = layers - base * stages;
  // Extra layers go to the middle stages: the first and last carry the embedding and the loss.
  const start = Math.floor((stages - extra) / 2);
  return Array.from({ length: stages }, (_, s) => base + (s >= start && s < start + extra ? 1 : 0));
}

const ms = (seconds: number) => Math.round(seconds * 1e6) / 1e3;
const gb = (bytes: number) => Math.round(bytes / 1e6) / 1e3;

/**
 * A pipeline instance for a model on a GPU type, one stage per device.
 *
 * @example
 * ```ts
 * const instance = instanceFromModel({ model: 'llama3-8b', gpu: 'h100', stages: 4, microbatches: 16, seqLength: 4096, tp: 2 });
 * ```
 */
export function instanceFromModel(options: DeriveOptions): PipelineInstance {
  const model = typeof options.model === 'string' ? getModelPreset(options.model) : options.model;
  const tp = options.tp ?? 1;
  const p = options.stages;
  const cluster = makeCluster(options.gpu ?? 'a100-80gb', Math.max(1, p * tp) <= 8 ? 8 : Math.ceil((p * tp) / 8) * 8);
  const seqLength = options.seqLength ?? 2048;
  const sequences = options.microBatch ?? 1;
  const context: LayerContext = {
    gpu: cluster.gpu, model, sequences, seqLength, tp, cp: 1, ep: 1, sp: tp > 1, attention: 'flash',
    tpGroup: groupOn(cluster, tp, 1), cpGroup: groupOn(cluster, 1, tp), epGroup: groupOn(cluster, 1, tp),
  };
  const counts = partition(model.layers, p, options.layersPerStage);
  const recompute = options.recompute ?? 'none';
  const sum = (stage: number, f: (layer: number) => number) => {
    const first = counts.slice(0, stage).reduce((a, b) => a + b, 0);
    let total = 0;
    for (let l = first; l < first + counts[stage]; l++) total += f(l);
    return total;
  };
  const times = counts.map((_, s) => ({
    F: ms(sum(s, (l) => { const t = layerSeconds(context, l); return t.forwardS + t.commForwardS; })),
    B: ms(sum(s, (l) => { const t = layerSeconds(context, l); return t.backwardInputS + t.commBackwardS; })),
    W: ms(sum(s, (l) => layerSeconds(context, l).backwardWeightS)),
  }));
  const activation = { tp, sp: tp > 1, cp: 1, recompute, attention: 'flash' as const };
  const mB = counts.map((_, s) => gb(sum(s, (l) => layerActivationBytes(model, l, sequences, seqLength, activation))));
  const mW = counts.map((c) => gb((32 * seqLength * sequences * model.hiddenSize * c) / tp));
  const link = p * tp <= cluster.gpusPerNode ? cluster.intraLink : cluster.interLink;
  const comm = ms(p2pSeconds((2 * sequences * seqLength * model.hiddenSize) / tp, link));
  const split = options.splitBackward ?? true;
  const limit = options.memoryLimitGb ?? (options.memoryFactor ?? 1) * p * mB[0];
  return parsePipeline({
    name: `${model.name}-p${p}-m${options.microbatches}-${cluster.gpu.name}`,
    devices: p,
    microbatches: options.microbatches,
    splitBackward: split,
    times: split ? { F: times.map((t) => t.F), B: times.map((t) => t.B), W: times.map((t) => t.W) } : { F: times.map((t) => t.F), B: times.map((t) => ms((t.B + t.W) / 1e3)) },
    comm,
    memory: { mB, mW: mW.map((w, s) => Math.min(w, mB[s])), limit },
  });
}

export const pipelineReaders: Record<string, { extensions: string[]; read(text: string): PipelineInstance[] }> = {
  hf: {
    extensions: ['.hf.json'],
    read: (text) => [instanceFromModel({ model: modelFromHfConfig(JSON.parse(text) as unknown), stages: 8, microbatches: 24 })],
  },
};
