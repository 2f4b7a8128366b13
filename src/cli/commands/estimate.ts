/**
 * `schedlab estimate train|serve`: the hardware performance model's estimate of a training
 * step or of serving one batch, as a table or (`--json`) one object.
 */
import { existsSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliIo } from '../io.js';
import { estimateServing, type ServeEstimate } from '../../perf/serve-estimate.js';
import { estimateTraining, type TrainEstimate } from '../../perf/train-estimate.js';
import { makeCluster } from '../../perf/hardware.js';
import { getModelPreset, type ModelSpec } from '../../perf/llm.js';
import { readHfConfig } from '../../perf/hf-config.js';
import { schedules, type Schedule } from '../../perf/plan.js';
import type { Recompute } from '../../perf/memory.js';

function positiveInt(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new InvalidArgumentError('expected a positive integer.');
  return parsed;
}

function zeroStage(value: string): number {
  const parsed = Number(value);
  if (![0, 1, 2, 3].includes(parsed)) throw new InvalidArgumentError('expected 0, 1, 2 or 3.');
  return parsed;
}

/** A preset name, or a path to a Hugging Face config.json. */
function loadModel(name: string): ModelSpec {
  if (name.endsWith('.json') || existsSync(name)) return readHfConfig(name);
  return getModelPreset(name);
}

const gb = (bytes: number): string => `${(bytes / 1e9).toFixed(2)} GB`;
const seconds = (s: number): string => (s >= 1 ? `${s.toFixed(3)} s` : `${(s * 1e3).toFixed(3)} ms`);
const row = (label: string, value: string): string => `  ${label.padEnd(18)}${value}\n`;

function trainText(e: TrainEstimate): string {
  const p = e.plan;
  const share = (s: number): string => `${seconds(s)} (${((100 * s) / e.stepTimeS).toFixed(1)}%)`;
  let text = `${p.model.name} on ${p.gpus} x ${p.cluster.gpu.name} (${p.cluster.gpusPerNode} per node): tp ${p.tp} pp ${p.pp} dp ${p.dp} ep ${p.ep} cp ${p.cp}, seq ${p.seqLength}, global batch ${p.globalBatch}, micro-batch ${p.microBatch} x ${p.microbatches}, ${p.schedule}, recompute ${p.recompute}, zero ${p.zeroStage}\n`;
  text += row('step time', seconds(e.stepTimeS)) + row('TFLOP/s per GPU', e.tflopsPerGpu.toFixed(1)) + row('MFU', `${(100 * e.mfu).toFixed(1)}%`) + row('tokens/s', e.tokensPerS.toFixed(0));
  text += 'time\n' + row('compute', share(e.time.computeS)) + row('communication', share(e.time.communicationS)) + row('bubble', share(e.time.bubbleS));
  text += row('data parallel', share(e.time.dataParallelS)) + row('optimizer', share(e.time.optimizerS));
  const m = e.memory;
  text += `memory per GPU (${m.stage} pipeline stage, ${m.inFlightMicrobatches.toFixed(1)} microbatches in flight)\n`;
  text += row('weights', gb(m.weightBytes)) + row('gradients', gb(m.gradientBytes)) + row('optimizer', gb(m.optimizerBytes)) + row('activations', gb(m.activationBytes));
  text += row('peak', `${gb(m.peakMemoryBytes)} of ${gb(m.capacityBytes)}`);
  return text + (m.overflow ? `${m.overflow}\n` : 'fits\n');
}

function serveText(e: ServeEstimate, title: string): string {
  let text = `${title}\n` + row('TTFT', seconds(e.ttftS)) + row('TPOT', seconds(e.tpotS)) + row('tokens/s', e.tokensPerS.toFixed(1));
  text += 'time\n' + row('prefill compute', seconds(e.prefill.computeS)) + row('prefill comm', seconds(e.prefill.communicationS));
  text += row('decode compute', `${seconds(e.decode.computeS)} per token${e.decode.memoryBound ? ' (memory-bound)' : ''}`) + row('decode comm', `${seconds(e.decode.communicationS)} per token`);
  const m = e.memory;
  text += 'memory per GPU\n' + row('weights', gb(m.weightBytes)) + row('KV cache', gb(m.kvCacheBytes)) + row('activations', gb(m.activationBytes));
  text += row('peak', `${gb(m.peakMemoryBytes)} of ${gb(m.capacityBytes)}`);
  return text + (m.overflow ? `${m.overflow}\n` : 'fits\n');
}

function trainJson(e: TrainEstimate): object {
  const { model, cluster, ...plan } = e.plan;
  return {
    stepTimeS: e.stepTimeS, tflopsPerGpu: e.tflopsPerGpu, mfu: e.mfu, peakMemoryBytes: e.peakMemoryBytes,
    tokensPerS: e.tokensPerS, fits: e.memory.fits, ...(e.memory.overflow ? { overflow: e.memory.overflow } : {}),
    breakdown: { time: e.time, microbatch: e.microbatch, memory: e.memory },
    flops: { modelFlopsPerStep: e.modelFlopsPerStep, hardwareFlopsPerStep: e.hardwareFlopsPerStep },
    plan: { model: model.name, gpu: cluster.gpu.name, gpusPerNode: cluster.gpusPerNode, ...plan },
  };
}

interface TrainFlags {
  model: string; gpu: string; gpus: number; gpusPerNode: number; tp: number; pp: number; dp?: number; ep?: number; cp?: number;
  seq: number; globalBatch: number; microBatch?: number; recompute: Recompute; zero: number; schedule: Schedule; json?: boolean;
}

function registerTrain(estimate: Command, io: CliIo): void {
  estimate.command('train').description('estimate one training step: step time, TFLOP/s per GPU, MFU, peak memory per GPU')
    .requiredOption('--model <name|config.json>', 'model preset or Hugging Face config.json')
    .requiredOption('--gpu <name>', 'GPU (a100-80gb, h100-sxm, h200, b200, mi300x)')
    .requiredOption('--gpus <n>', 'number of GPUs', positiveInt)
    .option('--gpus-per-node <n>', 'GPUs per node', positiveInt, 8)
    .requiredOption('--tp <t>', 'tensor-parallel degree', positiveInt)
    .requiredOption('--pp <p>', 'pipeline-parallel degree', positiveInt)
    .option('--dp <d>', 'data-parallel degree (default: gpus / (tp pp cp))', positiveInt)
    .option('--ep <e>', 'expert-parallel degree', positiveInt)
    .option('--cp <c>', 'context-parallel degree', positiveInt)
    .requiredOption('--seq <s>', 'sequence length', positiveInt)
    .requiredOption('--global-batch <b>', 'global batch in sequences', positiveInt)
    .option('--micro-batch <b>', 'microbatch size', positiveInt)
    .addOption(new Option('--recompute <mode>', 'activation recomputation').choices(['none', 'selective', 'full']).default('none'))
    .option('--zero <stage>', 'ZeRO stage 0-3', zeroStage, 0)
    .addOption(new Option('--schedule <name>', 'pipeline schedule').choices([...schedules]).default('1f1b'))
    .option('--json', 'print one JSON object')
    .action((flags: TrainFlags) => {
      const e = estimateTraining({
        model: loadModel(flags.model), cluster: makeCluster(flags.gpu, flags.gpus, flags.gpusPerNode), gpus: flags.gpus,
        tp: flags.tp, pp: flags.pp, dp: flags.dp, ep: flags.ep, cp: flags.cp, seqLength: flags.seq, globalBatch: flags.globalBatch,
        microBatch: flags.microBatch, recompute: flags.recompute, zeroStage: flags.zero, schedule: flags.schedule,
      });
      io.stdout(flags.json ? `${JSON.stringify(trainJson(e))}\n` : trainText(e));
    });
}

interface ServeFlags { model: string; gpu: string; tp: number; pp: number; batch: number; inputLen: number; outputLen: number; json?: boolean }

function registerServe(estimate: Command, io: CliIo): void {
  estimate.command('serve').description('estimate serving one batch: TTFT, time per output token, throughput')
    .requiredOption('--model <name|config.json>', 'model preset or Hugging Face config.json')
    .requiredOption('--gpu <name>', 'GPU (a100-80gb, h100-sxm, h200, b200, mi300x)')
    .requiredOption('--tp <t>', 'tensor-parallel degree', positiveInt)
    .option('--pp <p>', 'pipeline-parallel degree', positiveInt, 1)
    .requiredOption('--batch <b>', 'concurrent requests', positiveInt)
    .requiredOption('--input-len <i>', 'prompt tokens per request', positiveInt)
    .requiredOption('--output-len <o>', 'generated tokens per request', positiveInt)
    .option('--json', 'print one JSON object')
    .action((flags: ServeFlags) => {
      const model = loadModel(flags.model);
      const gpus = flags.tp * flags.pp;
      const e = estimateServing({ model, cluster: makeCluster(flags.gpu, gpus), tp: flags.tp, pp: flags.pp, batch: flags.batch, inputLen: flags.inputLen, outputLen: flags.outputLen });
      const title = `${model.name} on ${gpus} x ${flags.gpu}: tp ${flags.tp} pp ${flags.pp}, batch ${flags.batch}, input ${flags.inputLen}, output ${flags.outputLen}`;
      const json = { ttftS: e.ttftS, tpotS: e.tpotS, tokensPerS: e.tokensPerS, peakMemoryBytes: e.memory.peakMemoryBytes, fits: e.memory.fits, ...(e.memory.overflow ? { overflow: e.memory.overflow } : {}), breakdown: { prefill: e.prefill, decode: e.decode, memory: e.memory, totalTimeS: e.totalTimeS } };
      io.stdout(flags.json ? `${JSON.stringify(json)}\n` : serveText(e, title));
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
  const estimate = program.command('estimate').description('hardware performance model: estimate a training step or serving');
  registerTrain(estimate, io);
  registerServe(estimate, io);
}
