/**
 * Seeded serving-plan instances. Workloads: `chat` (Zipf-like prompts of 16 to 2,048 tokens,
 * BurstGPT-like bimodal answers of about 40 and 300 tokens; SLO p90 TTFT 0.25 s, TPOT 0.05 s)
 * and `summarization` (prompts of 1,024 to 8,192 tokens, answers of 32 to 256; TTFT 1.5 s,
 * TPOT 0.05 s). Sizes: small (Llama 3 8B, 4 H100, 300 requests), medium (Llama 3 8B, 8 H100,
 * 1,000 requests), large (Llama 3 70B, 16 H100, 1,000 requests). Knobs: model, gpu, gpus,
 * gpusPerNode, workload, rate, arrivals (poisson | gamma), cv, requests, ttft, tpot, attainment.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { GenerateParamReader, type SizeName } from '../../src/family/generate-params.js';
import { checkServingInstance } from './check-input.js';
import { parseServingPlanData, servingLimits, type ServingPlanInstance } from './instance.js';
import type { LengthDistribution } from './traffic.js';

const sizes: Record<SizeName, { model: string; gpus: number; requests: number; rate: number }> = {
  small: { model: 'llama3-8b', gpus: 4, requests: 300, rate: 6 },
  medium: { model: 'llama3-8b', gpus: 8, requests: 1000, rate: 12 },
  large: { model: 'llama3-70b', gpus: 16, requests: 1000, rate: 4 },
};

/** Prompt and answer lengths and SLO limits of the two workloads. */
export const workloads: Record<
  'chat' | 'summarization',
  { prompt: LengthDistribution; output: LengthDistribution; ttftS: number; tpotS: number }
> = {
  chat: {
    prompt: { kind: 'zipf', min: 16, max: 2048, exponent: 1.1 },
    output: { kind: 'bimodal', short: { mean: 40, sd: 15 }, long: { mean: 300, sd: 100 }, shortShare: 0.4, max: 1024 },
    ttftS: 0.25,
    tpotS: 0.05,
  },
  summarization: {
    prompt: { kind: 'uniform', min: 1024, max: 8192 },
    output: { kind: 'uniform', min: 32, max: 256 },
    ttftS: 1.5,
    tpotS: 0.05,
  },
};

/**
 * A seeded instance.
 *
 * @example
 * ```ts
 * const instance = generateServingPlan({ size: 'medium', workload: 'summarization', arrivals: 'gamma', cv: 3 }, 7);
 * ```
 */
export function generateServingPlan(params: GenerateParams, seed: number): ServingPlanInstance {
  const reader = new GenerateParamReader(params, 'serving-plan', ['model', 'gpu']);
  const size = reader.size(sizes, 'small');
  const workload = reader.choice('workload', 'chat', ['chat', 'summarization'] as const);
  const shape = workloads[workload];
  const arrivals = reader.choice('arrivals', 'poisson', ['poisson', 'gamma'] as const);
  const knobs = {
    gpus: reader.number('gpus', size.gpus, 1, 4096),
    gpusPerNode: reader.number('gpusPerNode', 8, 1, 64),
    rate: reader.number('rate', size.rate, 0, servingLimits.rate, { integer: false, above: true }),
    cv: reader.number('cv', 2, 0.1, 20, { integer: false }),
    requests: reader.number('requests', size.requests, 1, servingLimits.requests),
    ttftS: reader.number('ttft', shape.ttftS, 0, servingLimits.seconds, { integer: false, above: true }),
    tpotS: reader.number('tpot', shape.tpotS, 0, servingLimits.seconds, { integer: false, above: true }),
    attainment: reader.number('attainment', 0.9, 0, 1, { integer: false, above: true }),
  };
  reader.finish();
  const model = typeof params.model === 'string' ? params.model : size.model;
  const gpu = typeof params.gpu === 'string' ? params.gpu : 'h100';
  const data = parseServingPlanData({
    name: `serving-${workload}-${model}-${knobs.gpus}x${gpu}-r${knobs.rate}-s${seed}`,
    model,
    cluster: { gpu, gpus: knobs.gpus, gpusPerNode: knobs.gpusPerNode },
    traffic: {
      kind: 'synthetic',
      rate: knobs.rate,
      arrivals: arrivals === 'gamma' ? { kind: 'gamma', cv: knobs.cv } : { kind: 'poisson' },
      prompt: shape.prompt,
      output: shape.output,
      requests: knobs.requests,
      seed,
    },
    slo: { ttftS: knobs.ttftS, tpotS: knobs.tpotS, attainment: knobs.attainment },
  });
  return checkServingInstance(data);
}
