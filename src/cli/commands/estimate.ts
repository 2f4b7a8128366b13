/**
 * `schedlab estimate train|serve`: the hardware performance model's estimate of a training
 * step or of serving one batch, as a table or (`--json`) one object.
 */
import { existsSync } from 'node:fs';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { inputError } from '../../errors.js';
import { parseJsonText } from '../../family/instance-file.js';
import { readTextFile } from '../../util/files.js';
import type { CliIo } from '../io.js';
import { estimateServing, type ServeEstimate } from '../../perf/serve-estimate.js';
import { estimateTraining, type TrainEstimate } from '../../perf/train-estimate.js';
import {
  builtInCatalog,
  getGpu,
  getLink,
  sizedCluster,
  type ClusterSpec,
  type HardwareCatalog,
} from '../../perf/hardware.js';
import { getClusterPreset } from '../../perf/clusters.js';
import { parseHardwareCatalog } from '../../perf/hardware-json.js';
import { getModelPreset, gptSpec, type ModelSpec } from '../../perf/llm.js';
import { modelFromHfConfig, readHfConfig } from '../../perf/hf-config.js';
import { blamePlanFile, type PlanFile, planFieldPath, readPlanFile } from './estimate-plan.js';
import { schedules, type Schedule, type TrainPlan } from '../../perf/plan.js';
import type { AttentionKernel, Recompute } from '../../perf/memory.js';
import { nonFiniteAt, perfLimits } from '../../perf/limits.js';

/** A parser of a whole number from 1 to `max` (the ranges of src/perf/limits.ts). */
function wholeUpTo(max: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 1 || parsed > max)
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}.`);
    return parsed;
  };
}

const positiveInt = wholeUpTo(perfLimits.gpus);
const tokenCount = wholeUpTo(perfLimits.tokens);
const sequenceCount = wholeUpTo(perfLimits.sequences);

/** Print an estimate; a figure that is not finite is refused rather than printed as NaN or Infinity. */
function printEstimate(io: CliIo, json: object, text: () => string, asJson: boolean | undefined): void {
  const bad = nonFiniteAt(json);
  if (bad !== undefined)
    throw inputError(
      `the estimate's ${bad} is not a finite number for these inputs; bring the sizes closer to real models and clusters`,
    );
  io.stdout(asJson ? `${JSON.stringify(json)}\n` : text());
}

function zeroStage(value: string): number {
  const parsed = Number(value);
  if (![0, 1, 2, 3].includes(parsed)) throw new InvalidArgumentError('expected 0, 1, 2 or 3.');
  return parsed;
}

function layerList(value: string): number[] {
  const counts = value.split(',').map((part) => Number(part.trim()));
  if (counts.length === 0 || counts.some((n) => !Number.isInteger(n) || n < 0))
    throw new InvalidArgumentError('expected comma-separated non-negative layer counts, one per stage.');
  return counts;
}

/** The model flags: a preset, a config.json (a path, or inline from a plan file), or `gpt` with its shape. */
interface ModelFlags {
  model: string | Record<string, unknown>;
  layers?: number;
  hiddenSize?: number;
  heads?: number;
  vocabSize?: number;
}

const shapeFlags = ['layers', 'hiddenSize', 'heads', 'vocabSize'] as const;

/** A preset name, a path to a Hugging Face config.json, an inline config.json, or `gpt` with `--layers --hidden-size --heads`. */
function loadModel(flags: ModelFlags): ModelSpec {
  const { model } = flags;
  if (typeof model === 'object') return modelFromHfConfig(model, 'plan-model');
  if (model.toLowerCase() === 'gpt') {
    const { layers, hiddenSize, heads, vocabSize } = flags;
    if (layers === undefined || hiddenSize === undefined || heads === undefined)
      throw inputError(
        '--model gpt needs --layers, --hidden-size and --heads (and optionally --vocab-size, default 51200)',
      );
    if (hiddenSize % heads !== 0)
      throw inputError(
        `--hidden-size ${hiddenSize} is not a multiple of --heads ${heads}; each head needs a whole width`,
      );
    return gptSpec(`gpt-${layers}l-${hiddenSize}h-${heads}a`, { layers, hiddenSize, heads, vocabSize });
  }
  const shaped = shapeFlags.find((flag) => flags[flag] !== undefined);
  if (shaped !== undefined)
    throw inputError(
      `the model shape flags (--layers, --hidden-size, --heads, --vocab-size) go with --model gpt; for another shape of '${model}', pass a config.json`,
    );
  if (model.endsWith('.json') || existsSync(model)) return readHfConfig(model);
  return getModelPreset(model);
}

/** The model as the flags gave it, for the JSON plan: `estimate train --plan` reads it back. */
function modelAsGiven(flags: ModelFlags): Record<string, unknown> {
  const shape = Object.fromEntries(shapeFlags.filter((f) => flags[f] !== undefined).map((f) => [f, flags[f]]));
  return { model: flags.model, ...shape };
}

/** The built-in catalog, extended by `--catalog FILE.json` (errors name the file and the path inside it). */
function loadCatalog(file: string | undefined): HardwareCatalog {
  if (file === undefined) return builtInCatalog;
  return parseHardwareCatalog(parseJsonText(readTextFile(file), file), file);
}

interface ClusterFlags {
  gpu?: string;
  cluster?: string;
  gpusPerNode?: number;
  interLink?: string;
  intraLink?: string;
  catalog?: string;
}

/** `--cluster` preset or `--gpu`, sized to `gpus`; `--gpu`, `--gpus-per-node` and the link flags override the preset. */
function buildCluster(flags: ClusterFlags, gpus: number): ClusterSpec {
  const catalog = loadCatalog(flags.catalog);
  const preset = flags.cluster ? getClusterPreset(flags.cluster, catalog) : undefined;
  const gpuName = flags.gpu ?? preset?.gpu;
  if (gpuName === undefined)
    throw inputError('give --gpu NAME or --cluster NAME (a preset such as dgx-h100-superpod or meta-roce-h100)');
  const gpu = getGpu(gpuName, catalog);
  const intraLink = getLink(flags.intraLink ?? preset?.intraLink ?? gpu.intraLink, catalog);
  const interLink = getLink(flags.interLink ?? preset?.interLink ?? gpu.interLink, catalog);
  return sizedCluster(gpu, gpus, flags.gpusPerNode ?? preset?.gpusPerNode ?? 8, intraLink, interLink, preset?.name);
}

function clusterOptions(command: Command): Command {
  return command
    .option('--gpu <name>', 'GPU (a100-80gb, h100-sxm, h200, b200, mi300x, or one from --catalog)')
    .option(
      '--cluster <name>',
      'cluster preset instead of --gpu (dgx-a100-superpod, dgx-h100-superpod, dgx-b200, meta-roce-h100, meta-ib-h100)',
    )
    .option('--gpus-per-node <n>', "GPUs per node (default 8, or the preset's)", positiveInt)
    .option('--intra-link <name>', "link inside a node (default: the GPU's or preset's)")
    .option(
      '--inter-link <name>',
      "link between nodes, e.g. ib-hdr, ib-ndr, roce-400g (default: the GPU's or preset's)",
    )
    .option('--catalog <file.json>', 'extend the hardware catalog: { gpus: [...], links: [...], clusters: [...] }');
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;
const seconds = (s: number): string => (s >= 1 ? `${s.toFixed(3)} s` : `${(s * 1e3).toFixed(3)} ms`);
const row = (label: string, value: string): string => `  ${label.padEnd(18)}${value}\n`;

function trainText(e: TrainEstimate): string {
  const p = e.plan;
  const share = (s: number): string => `${seconds(s)} (${((100 * s) / e.stepTimeS).toFixed(1)}%)`;
  const chunks = p.schedule === 'interleaved' ? ` x ${p.virtualStages} chunks` : '';
  let text = `${p.model.name} on ${p.gpus} x ${p.cluster.gpu.name} (${p.cluster.gpusPerNode} per node, ${p.cluster.intraLink.name} + ${p.cluster.interLink.name}): tp ${p.tp}${p.sp ? ' sp' : ''} pp ${p.pp} dp ${p.dp} ep ${p.ep} cp ${p.cp}, seq ${p.seqLength}, global batch ${p.globalBatch}, micro-batch ${p.microBatch} x ${p.microbatches}, ${p.schedule}${chunks}, recompute ${p.recompute}, zero ${p.zeroStage}${p.distributedOptimizer ? ', distributed optimizer' : ''}, ${p.attention} attention\n`;
  text +=
    row('step time', seconds(e.stepTimeS)) +
    row('TFLOP/s per GPU', e.tflopsPerGpu.toFixed(1)) +
    row('MFU', `${(100 * e.mfu).toFixed(1)}%`) +
    row('tokens/s', e.tokensPerS.toFixed(0));
  text += `time\n${row('compute', share(e.time.computeS))}${row('communication', share(e.time.communicationS))}${row('bubble', share(e.time.bubbleS))}`;
  text += row('data parallel', share(e.time.dataParallelS)) + row('optimizer', share(e.time.optimizerS));
  const m = e.memory;
  text += `memory per GPU (${m.stage} pipeline stage, ${m.stageLayers} layers, ${m.inFlightMicrobatches.toFixed(1)} microbatches in flight)\n`;
  text +=
    row('weights', gb(m.weightBytes)) +
    row('gradients', gb(m.gradientBytes)) +
    row('optimizer', gb(m.optimizerBytes)) +
    row('activations', gb(m.activationBytes));
  text += row('peak', `${gb(m.peakMemoryBytes)} of ${gb(m.capacityBytes)}`);
  return text + (m.overflow ? `${m.overflow}\n` : 'fits\n');
}

function serveText(e: ServeEstimate, title: string): string {
  let text = `${title}\n${row('TTFT', seconds(e.ttftS))}${row('TPOT', seconds(e.tpotS))}${row('tokens/s', e.tokensPerS.toFixed(1))}`;
  text += `time\n${row('prefill compute', seconds(e.prefill.computeS))}${row('prefill comm', seconds(e.prefill.communicationS))}`;
  text +=
    row('decode compute', `${seconds(e.decode.computeS)} per token${e.decode.memoryBound ? ' (memory-bound)' : ''}`) +
    row('decode comm', `${seconds(e.decode.communicationS)} per token`);
  const m = e.memory;
  text += `memory per GPU\n${row('weights', gb(m.weightBytes))}${row('KV cache', gb(m.kvCacheBytes))}${row('activations', gb(m.activationBytes))}`;
  text += row('peak', `${gb(m.peakMemoryBytes)} of ${gb(m.capacityBytes)}`);
  return text + (m.overflow ? `${m.overflow}\n` : 'fits\n');
}

function trainJson(e: TrainEstimate, model: Record<string, unknown>): object {
  const { model: _spec, cluster, ...plan } = e.plan;
  return {
    stepTimeS: e.stepTimeS,
    tflopsPerGpu: e.tflopsPerGpu,
    mfu: e.mfu,
    peakMemoryBytes: e.peakMemoryBytes,
    tokensPerS: e.tokensPerS,
    fits: e.memory.fits,
    ...(e.memory.overflow ? { overflow: e.memory.overflow } : {}),
    breakdown: { time: e.time, microbatch: e.microbatch, memory: e.memory },
    flops: { modelFlopsPerStep: e.modelFlopsPerStep, hardwareFlopsPerStep: e.hardwareFlopsPerStep },
    plan: {
      ...model,
      gpu: cluster.gpu.name,
      gpusPerNode: cluster.gpusPerNode,
      ...(cluster.name ? { cluster: cluster.name } : {}),
      intraLink: cluster.intraLink.name,
      interLink: cluster.interLink.name,
      ...plan,
    },
  };
}

interface TrainFlags extends ClusterFlags, Partial<ModelFlags> {
  plan?: string;
  gpus?: number;
  tp?: number;
  pp?: number;
  dp?: number;
  ep?: number;
  cp?: number;
  seq?: number;
  globalBatch?: number;
  microBatch?: number;
  recompute: Recompute;
  zero: number;
  schedule: Schedule;
  virtualStages?: number;
  distributedOptimizer?: boolean;
  sp?: boolean;
  attention: AttentionKernel;
  overlapGradReduce: boolean;
  stageLayers?: number[];
  json?: boolean;
}

/** The flags a plan needs, whether from the command line or from `--plan`. */
const neededFlags = [
  ['model', '--model'],
  ['gpus', '--gpus'],
  ['tp', '--tp'],
  ['pp', '--pp'],
  ['seq', '--seq'],
  ['globalBatch', '--global-batch'],
] as const;

/** The plan file's fields under the command line's: a flag the user typed wins, a default loses to the file. */
function withPlanFile(flags: TrainFlags, plan: PlanFile | undefined, typed: (key: string) => boolean): TrainFlags {
  const merged: Record<string, unknown> = { ...flags };
  for (const [key, value] of Object.entries(plan?.fields ?? {}))
    if (!typed(key) && value !== undefined) merged[key] = value;
  for (const [key, flag] of neededFlags) {
    if (merged[key] !== undefined) continue;
    const message = `${flag} is required (give it on the command line or in the --plan file)`;
    throw inputError(message, plan ? { file: plan.file, path: planFieldPath(plan, key) } : {});
  }
  return merged as unknown as TrainFlags;
}

type TrainFlagsWithPlan = TrainFlags &
  ModelFlags & { gpus: number; tp: number; pp: number; seq: number; globalBatch: number };

/** The plan of the flags; an error about a field the plan file gave names the file and the field. */
function trainPlan(flags: TrainFlagsWithPlan, blame: <T>(about: string[], build: () => T) => T): TrainPlan {
  return {
    model: blame(['model'], () => loadModel(flags)),
    cluster: blame(['gpu', 'cluster', 'intraLink', 'interLink'], () => buildCluster(flags, flags.gpus)),
    gpus: flags.gpus,
    tp: flags.tp,
    pp: flags.pp,
    dp: flags.dp,
    ep: flags.ep,
    cp: flags.cp,
    seqLength: flags.seq,
    globalBatch: flags.globalBatch,
    microBatch: flags.microBatch,
    recompute: flags.recompute,
    zeroStage: flags.zero,
    schedule: flags.schedule,
    virtualStages: flags.virtualStages,
    distributedOptimizer: flags.distributedOptimizer,
    sp: flags.sp,
    attention: flags.attention,
    overlapGradReduce: flags.overlapGradReduce,
    stageLayers: flags.stageLayers,
  };
}

/** A plan file's `microbatches` is derived; one that disagrees with its own batch sizes is a mistake worth naming. */
function checkMicrobatches(plan: PlanFile | undefined, e: TrainEstimate): void {
  const given = plan?.fields.microbatches;
  if (plan === undefined || given === undefined || given === e.plan.microbatches) return;
  throw inputError(
    `the --plan file says microbatches ${given}, but globalBatch ${e.plan.globalBatch} / (dp ${e.plan.dp} x microBatch ${e.plan.microBatch}) = ${e.plan.microbatches}; drop the field or fix the batch sizes`,
    { file: plan.file, path: planFieldPath(plan, 'microbatches') },
  );
}

function modelShapeOptions(command: Command): Command {
  return command
    .option('--layers <n>', 'Transformer layers of a --model gpt', wholeUpTo(perfLimits.modelDimension))
    .option('--hidden-size <h>', 'hidden size of a --model gpt', wholeUpTo(perfLimits.modelDimension))
    .option('--heads <a>', 'attention heads of a --model gpt', wholeUpTo(perfLimits.modelDimension))
    .option('--vocab-size <v>', 'vocabulary of a --model gpt (default 51200)', wholeUpTo(perfLimits.modelDimension));
}

function registerTrain(estimate: Command, io: CliIo): void {
  const train = estimate
    .command('train')
    .description('estimate one training step: step time, TFLOP/s per GPU, MFU, peak memory per GPU')
    .option(
      '--plan <plan.json>',
      "a whole plan: flags' names in camelCase, or estimate train --json's plan; flags override it",
    )
    .option(
      '--model <name|config.json>',
      "model preset, Hugging Face config.json, or 'gpt' with --layers --hidden-size --heads",
    )
    .option('--gpus <n>', 'number of GPUs', positiveInt);
  modelShapeOptions(train);
  clusterOptions(train)
    .option('--tp <t>', 'tensor-parallel degree', positiveInt)
    .option('--sp', 'sequence parallelism (default: on when --tp > 1)')
    .option('--no-sp', 'no sequence parallelism')
    .option('--pp <p>', 'pipeline-parallel degree', positiveInt)
    .option('--dp <d>', 'data-parallel degree (default: gpus / (tp pp cp))', positiveInt)
    .option('--ep <e>', 'expert-parallel degree', positiveInt)
    .option('--cp <c>', 'context-parallel degree', positiveInt)
    .option('--seq <s>', 'sequence length', tokenCount)
    .option('--global-batch <b>', 'global batch in sequences', sequenceCount)
    .option('--micro-batch <b>', 'microbatch size', sequenceCount)
    .addOption(
      new Option('--recompute <mode>', 'activation recomputation')
        .choices(['none', 'selective', 'full'])
        .default('none'),
    )
    .option('--zero <stage>', 'ZeRO stage 0-3', zeroStage, 0)
    .option('--distributed-optimizer', "Megatron's distributed optimizer (FP32 gradients, sharded optimizer states)")
    .addOption(new Option('--schedule <name>', 'pipeline schedule').choices([...schedules]).default('1f1b'))
    .option('--virtual-stages <v>', 'model chunks per stage for --schedule interleaved (default 2)', positiveInt)
    .option('--stage-layers <n,n,...>', 'layers of each pipeline stage, first to last (default: even)', layerList)
    .addOption(
      new Option('--attention <kernel>', 'attention kernel').choices(['flash', 'materialized']).default('flash'),
    )
    .option('--no-overlap-grad-reduce', 'do not overlap the data-parallel gradient reduction with the last backward')
    .option('--json', 'print one JSON object')
    .action((given: TrainFlags, command: Command) => {
      const plan = given.plan === undefined ? undefined : readPlanFile(given.plan);
      const typed = (key: string) => command.getOptionValueSource(key) === 'cli';
      const flags = withPlanFile(given, plan, typed) as TrainFlagsWithPlan;
      const blame = <T>(about: string[], build: () => T) => blamePlanFile(plan, typed, about, build);
      const e = blame([], () => estimateTraining(trainPlan(flags, blame)));
      checkMicrobatches(plan, e);
      printEstimate(io, trainJson(e, modelAsGiven(flags)), () => trainText(e), flags.json);
    });
}

interface ServeFlags extends ClusterFlags {
  model: string;
  tp: number;
  pp: number;
  batch: number;
  inputLen: number;
  outputLen: number;
  json?: boolean;
}

function registerServe(estimate: Command, io: CliIo): void {
  const serve = estimate
    .command('serve')
    .description('estimate serving one batch: TTFT, time per output token, throughput')
    .requiredOption('--model <name|config.json>', 'model preset or Hugging Face config.json');
  clusterOptions(serve)
    .requiredOption('--tp <t>', 'tensor-parallel degree', positiveInt)
    .option('--pp <p>', 'pipeline-parallel degree', positiveInt, 1)
    .requiredOption('--batch <b>', 'concurrent requests', sequenceCount)
    .requiredOption('--input-len <i>', 'prompt tokens per request', tokenCount)
    .requiredOption('--output-len <o>', 'generated tokens per request', tokenCount)
    .option('--json', 'print one JSON object')
    .action((flags: ServeFlags) => {
      const model = loadModel({ model: flags.model });
      const gpus = flags.tp * flags.pp;
      const cluster = buildCluster(flags, gpus);
      const e = estimateServing({
        model,
        cluster,
        tp: flags.tp,
        pp: flags.pp,
        batch: flags.batch,
        inputLen: flags.inputLen,
        outputLen: flags.outputLen,
      });
      const title = `${model.name} on ${gpus} x ${cluster.gpu.name} (${cluster.gpusPerNode} per node): tp ${flags.tp} pp ${flags.pp}, batch ${flags.batch}, input ${flags.inputLen}, output ${flags.outputLen}`;
      const json = {
        ttftS: e.ttftS,
        tpotS: e.tpotS,
        tokensPerS: e.tokensPerS,
        peakMemoryBytes: e.memory.peakMemoryBytes,
        fits: e.memory.fits,
        ...(e.memory.overflow ? { overflow: e.memory.overflow } : {}),
        breakdown: { prefill: e.prefill, decode: e.decode, memory: e.memory, totalTimeS: e.totalTimeS },
      };
      printEstimate(io, json, () => serveText(e, title), flags.json);
    });
}

/**
 * Register `estimate train` and `estimate serve` on a program.
 *
 * @example
 * ```ts
 * const program = new Command().exitOverride();
 * registerEstimate(program, io);
 * await program.parseAsync(['estimate', 'serve', '--model', 'llama3-8b', '--gpu', 'h100', '--tp', '1',
 *   '--batch', '8', '--input-len', '1024', '--output-len', '128', '--json'], { from: 'user' });
 * ```
 */
export function registerEstimate(program: Command, io: CliIo): void {
  const estimate = program
    .command('estimate')
    .description('hardware performance model: estimate a training step or serving');
  registerTrain(estimate, io);
  registerServe(estimate, io);
}
