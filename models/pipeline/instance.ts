/**
 * Pipeline-schedule instances: p devices, m microbatches, and the stages of a model spread
 * over the devices. A stage's forward (F), backward-for-inputs (B) and backward-for-weights
 * (W) times, the communication time between stages on different devices, the activation
 * memory a stage holds between F and B (M_B) and between B and W (M_W), and a memory limit
 * per device. Times are in milliseconds by convention; memory in any unit shared by M_B,
 * M_W and the limit (the bundled sets use M_B of one full stage = 1).
 *
 * Layout: `chunks` stages per device. 'loop' puts stage s on device s mod p (1F1B and
 * interleaved 1F1B); 'vshape' (chunks = 2) puts stages s and 2p-1-s on device s (ZB-V,
 * V-Half, V-Min). With `splitBackward` false the backward is one pass (B) and there are no W passes.
 */
import { z } from 'zod';
import { SchedlabError } from '../../src/errors.js';
import { boundedNumber, failAt, parseWithSchema, wholeNumber } from '../../src/family/schema.js';
import { deriveInstanceData } from './derive.js';
import { pipelineLimits } from './limits.js';

export type Placement = 'loop' | 'vshape';
export type PassKind = 'F' | 'B' | 'W';

export interface PipelineInstance {
  name: string;
  devices: number;
  microbatches: number;
  chunks: number;
  placement: Placement;
  splitBackward: boolean;
  /** Per stage (devices x chunks entries), in stage order. */
  forward: number[];
  backwardInput: number[];
  backwardWeight: number[];
  /** Time to send an activation or a gradient between stages on different devices. */
  comm: number;
  /** Per stage: memory an F allocates, held until its B. */
  activationB: number[];
  /** Per stage: memory kept from B until W (ignored when the backward is not split). */
  activationW: number[];
  /** Per device; Infinity when unlimited. */
  memoryLimit: number[];
  /**
   * 'span' (default): the paper's cost, the longest device span (last end minus first start),
   * what a training loop pays per iteration when iterations overlap; 'makespan': end of the last pass.
   */
  objective: 'span' | 'makespan';
}

/** One pass of one microbatch on one stage. */
export interface Pass {
  stage: number;
  microbatch: number;
  kind: PassKind;
}

/** Per device, the passes it runs, in order. */
export interface PipelineSolution {
  orders: Pass[][];
}

const time = boundedNumber('a time in ms', 0, pipelineLimits.time);
const amount = boundedNumber('an amount of memory', 0, pipelineLimits.memory);
const limit = boundedNumber('a memory limit', 0, pipelineLimits.memory, { above: true });
const perStage = <T extends z.ZodType<number>>(item: T) => z.union([item, z.array(item).min(1)]);

const instanceSchema = z.object({
  name: z.string().default('pipeline'),
  devices: wholeNumber('a number of devices', 1, pipelineLimits.devices),
  microbatches: wholeNumber('a number of microbatches', 1, pipelineLimits.microbatches),
  chunks: wholeNumber('a number of chunks per device', 1, pipelineLimits.chunks).default(1),
  placement: z.enum(['loop', 'vshape']).default('loop'),
  splitBackward: z.boolean().default(true),
  times: z.object({ F: perStage(time), B: perStage(time), W: perStage(time).default(0) }),
  comm: time.default(0),
  objective: z.enum(['span', 'makespan']).default('span'),
  memory: z
    .object({
      mB: perStage(amount).default(1),
      mW: perStage(amount).default(0.5),
      limit: z.union([limit, z.null(), z.array(limit.nullable())]).default(null),
    })
    .default({ mB: 1, mW: 0.5, limit: null }),
});

type InstanceJson = z.input<typeof instanceSchema>;

/** Number of stages: devices x chunks. */
export function stageCount(instance: Pick<PipelineInstance, 'devices' | 'chunks'>): number {
  return instance.devices * instance.chunks;
}

/** The device that runs stage `s`. */
export function deviceOfStage(instance: Pick<PipelineInstance, 'devices' | 'placement'>, s: number): number {
  const p = instance.devices;
  if (instance.placement === 'vshape') return s < p ? s : 2 * p - 1 - s;
  return s % p;
}

/** The stages of device `d`, in stage order (its chunks). */
export function stagesOfDevice(instance: PipelineInstance, d: number): number[] {
  const stages: number[] = [];
  for (let s = 0; s < stageCount(instance); s++) if (deviceOfStage(instance, s) === d) stages.push(s);
  return stages;
}

function expand(value: number | number[], count: number, path: string): number[] {
  if (typeof value === 'number') return new Array<number>(count).fill(value);
  if (value.length !== count)
    failAt(path, `expected one value per stage (${count}) or a single number, got ${value.length} values`);
  return value;
}

function expandLimit(value: number | null | (number | null)[], devices: number): number[] {
  if (value === null) return new Array<number>(devices).fill(Infinity);
  if (typeof value === 'number') return new Array<number>(devices).fill(value);
  if (value.length !== devices)
    failAt(
      'data.memory.limit',
      `expected one limit per device (${devices}), a single number or null, got ${value.length} values`,
    );
  return value.map((v) => v ?? Infinity);
}

/** Fields that may stand next to `derive`: the rest comes from the derivation. */
const besideDerive = new Set(['derive', 'name', 'objective']);

/** `data` with `derive` → the explicit data it stands for; other data as it is. */
function explicitData(json: unknown): unknown {
  if (json === null || typeof json !== 'object' || !('derive' in json)) return json;
  const record = json as Record<string, unknown>;
  const clash = Object.keys(record).find((key) => !besideDerive.has(key));
  if (clash)
    failAt(
      `data.${clash}`,
      `'${clash}' comes from data.derive; next to derive give only name and objective, or drop derive and give explicit times`,
    );
  const { derive, ...rest } = record;
  return { ...deriveInstanceData(derive), ...rest };
}

/**
 * The explicit data, validated. When it was derived, a value the schema refuses is one the
 * file does not contain (`data.times.F[0]`), so the error names `data.derive` and the derived
 * field instead, and says which derive fields make it smaller or larger.
 */
function validData(json: unknown, explicit: unknown) {
  if (explicit === json) return parseWithSchema(instanceSchema, explicit, 'data');
  try {
    return parseWithSchema(instanceSchema, explicit, 'data');
  } catch (error) {
    if (!(error instanceof SchedlabError) || error.kind !== 'input') throw error;
    const field = error.location.path?.replace(/^data\./, '') ?? 'a value';
    return failAt(
      'data.derive',
      `the instance derived from data.derive is out of range at ${field}: ${error.message}; change the derivation (a shorter seqLength, a smaller microBatchSize, more devices or tp, a larger memoryLimit) or give explicit times`,
    );
  }
}

/**
 * Validate the `data` of a pipeline instance file; errors name the path (`data.times.F`).
 * `data.derive` (see derive.ts) stands for explicit times derived from the performance model.
 *
 * @example
 * ```ts
 * const instance = parsePipeline({ devices: 4, microbatches: 8, times: { F: 1, B: 1, W: 1 }, memory: { limit: 4 } });
 * instance.memoryLimit; // [4, 4, 4, 4]
 * ```
 */
export function parsePipeline(json: unknown): PipelineInstance {
  const data = validData(json, explicitData(json));
  if (data.placement === 'vshape' && data.chunks !== 2)
    failAt('data.chunks', `the 'vshape' placement needs exactly 2 chunks per device, got ${data.chunks}`);
  const stages = data.devices * data.chunks;
  const weight = expand(data.times.W, stages, 'data.times.W');
  if (!data.splitBackward && weight.some((w) => w > 0))
    failAt(
      'data.times.W',
      'with splitBackward false the backward is one pass: put its whole time in times.B and leave W at 0',
    );
  return {
    name: data.name,
    devices: data.devices,
    microbatches: data.microbatches,
    chunks: data.chunks,
    placement: data.placement,
    splitBackward: data.splitBackward,
    forward: expand(data.times.F, stages, 'data.times.F'),
    backwardInput: expand(data.times.B, stages, 'data.times.B'),
    backwardWeight: weight,
    comm: data.comm,
    activationB: expand(data.memory.mB, stages, 'data.memory.mB'),
    activationW: expand(data.memory.mW, stages, 'data.memory.mW'),
    memoryLimit: expandLimit(data.memory.limit, data.devices),
    objective: data.objective,
  };
}

const compact = (values: number[]): number | number[] =>
  values.every((v) => v === values[0]) ? values[0] : [...values];

/** The instance as the JSON `data` that `parsePipeline` reads back. */
export function serializePipeline(instance: PipelineInstance): InstanceJson {
  const limits = instance.memoryLimit.map((v) => (Number.isFinite(v) ? v : null));
  return {
    name: instance.name,
    devices: instance.devices,
    microbatches: instance.microbatches,
    chunks: instance.chunks,
    placement: instance.placement,
    splitBackward: instance.splitBackward,
    times: { F: compact(instance.forward), B: compact(instance.backwardInput), W: compact(instance.backwardWeight) },
    comm: instance.comm,
    objective: instance.objective,
    memory: {
      mB: compact(instance.activationB),
      mW: compact(instance.activationW),
      limit: limits.every((v) => v === limits[0]) ? limits[0] : limits,
    },
  };
}

export interface LayoutOptions {
  chunks?: number;
  placement?: Placement;
  splitBackward?: boolean;
  /** New memory limit per device (a number for all); default: unchanged. */
  memoryLimit?: number | number[];
}

/**
 * The same model and microbatches under another layout. Per-device work is kept: with
 * `chunks` v each of device d's v stages gets 1/v of the time and activation memory that d
 * had (its stage's, from one chunk per device, so unequal stages stay unequal devices). From
 * several chunks per device this is unambiguous only when each device's chunks are alike;
 * otherwise it refuses (which chunk's share would go where is a choice of the model split:
 * derive the instance again with `data.derive`). Merging the backward adds W's time to B's.
 *
 * @example
 * ```ts
 * const interleaved = withLayout(instance, { chunks: 2 });
 * const classic = withLayout(instance, { splitBackward: false });
 * ```
 */
export function withLayout(instance: PipelineInstance, options: LayoutOptions): PipelineInstance {
  const chunks = options.chunks ?? instance.chunks;
  const placement =
    options.placement ??
    (chunks === instance.chunks
      ? instance.placement
      : chunks === 2 && instance.placement === 'vshape'
        ? 'vshape'
        : 'loop');
  const split = options.splitBackward ?? instance.splitBackward;
  if (split && !instance.splitBackward)
    throw failAt('layout.splitBackward', 'cannot split a backward that was given whole; give B and W times');
  let next: PipelineInstance = { ...instance, chunks, placement, splitBackward: split };
  if (chunks !== instance.chunks) {
    const spread = (values: number[], field: string) => spreadOverChunks(instance, next, values, field);
    next = {
      ...next,
      forward: spread(instance.forward, 'forward'),
      backwardInput: spread(instance.backwardInput, 'backwardInput'),
      backwardWeight: spread(instance.backwardWeight, 'backwardWeight'),
      activationB: spread(instance.activationB, 'activationB'),
      activationW: spread(instance.activationW, 'activationW'),
    };
  }
  if (!split && instance.splitBackward) {
    next = {
      ...next,
      backwardInput: next.backwardInput.map((b, s) => b + next.backwardWeight[s]),
      backwardWeight: next.backwardWeight.map(() => 0),
    };
  }
  if (options.memoryLimit !== undefined) {
    const limit = options.memoryLimit;
    next = {
      ...next,
      memoryLimit: typeof limit === 'number' ? new Array<number>(instance.devices).fill(limit) : [...limit],
    };
  }
  return next;
}

/** Each device's total of a per-stage value, shared equally by its stages in the new layout. */
function spreadOverChunks(
  from: PipelineInstance,
  to: Pick<PipelineInstance, 'devices' | 'chunks' | 'placement'>,
  values: number[],
  field: string,
): number[] {
  const totals = Array.from({ length: from.devices }, (_, d) => {
    const own = stagesOfDevice(from, d).map((s) => values[s]);
    if (own.some((v) => Math.abs(v - own[0]) > 1e-12 * Math.max(1, Math.abs(own[0])))) {
      failAt(
        'layout.chunks',
        `device ${d}'s chunks differ in ${field} (${own.join(', ')}), so how to split them into ${to.chunks} chunks is ambiguous; convert from one chunk per device or derive the instance again`,
      );
    }
    return own.reduce((a, b) => a + b, 0);
  });
  return Array.from({ length: to.devices * to.chunks }, (_, s) => totals[deviceOfStage(to, s)] / to.chunks);
}

const passSchema = z.object({
  stage: z.number().int().nonnegative().optional(),
  chunk: z.number().int().nonnegative().optional(),
  microbatch: z.number().int().nonnegative(),
  kind: z.enum(['F', 'B', 'W']),
});
const solutionSchema = z.object({ orders: z.array(z.array(passSchema)) });

/**
 * A solution file's `{ orders: [[{ stage | chunk, microbatch, kind }, ...], ...] }` → the
 * per-device pass lists. `chunk` is the index among the device's own stages (0 = its first).
 *
 * @example
 * ```ts
 * const solution = parsePipelineSolution(instance, { orders: [[{ chunk: 0, microbatch: 0, kind: 'F' }, ...]] });
 * ```
 */
export function parsePipelineSolution(instance: PipelineInstance, json: unknown): PipelineSolution {
  const data = parseWithSchema(solutionSchema, json, 'solution');
  if (data.orders.length !== instance.devices)
    failAt('solution.orders', `expected one pass list per device (${instance.devices}), got ${data.orders.length}`);
  return {
    orders: data.orders.map((list, d) => {
      const own = stagesOfDevice(instance, d);
      return list.map((pass, k) => {
        const path = `solution.orders[${d}][${k}]`;
        if ((pass.stage === undefined) === (pass.chunk === undefined))
          failAt(path, "give exactly one of stage (global index) or chunk (index among the device's stages)");
        const stage = pass.stage ?? own[pass.chunk as number];
        if (stage === undefined)
          failAt(`${path}.chunk`, `device ${d} has ${own.length} chunk(s); chunk ${pass.chunk} does not exist`);
        // A pass of a stage or microbatch the instance does not have names nothing to schedule.
        if (stage >= stageCount(instance))
          failAt(
            `${path}.stage`,
            `the instance has stages 0..${stageCount(instance) - 1}; stage ${stage} does not exist`,
          );
        if (pass.microbatch >= instance.microbatches)
          failAt(
            `${path}.microbatch`,
            `the instance has microbatches 0..${instance.microbatches - 1}; microbatch ${pass.microbatch} does not exist`,
          );
        return { stage, microbatch: pass.microbatch, kind: pass.kind };
      });
    }),
  };
}

/** The per-device pass lists as JSON (what `parsePipelineSolution` reads back). */
export function serializePipelineSolution(
  _instance: PipelineInstance,
  solution: PipelineSolution,
): { orders: Pass[][] } {
  return {
    orders: solution.orders.map((list) =>
      list.map((p) => ({ stage: p.stage, microbatch: p.microbatch, kind: p.kind })),
    ),
  };
}
