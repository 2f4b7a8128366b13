/**
 * Seeded routing profiles. Each layer's expert popularity is Zipf (`zipf` the exponent, 0 =
 * uniform) over a random order of the experts; `drift` in [0, 1] mixes it with a second Zipf
 * order (a profile drifting towards another, for re-placement). Tokens pick top-k distinct
 * experts by popularity; from one layer to the next each of a token's experts leads, with
 * probability `correlation`, to its fixed successor expert (MoETuner's routing dependency),
 * else to a fresh pick. Counted: `n[l][e]`, and `A[l][e][f]` unless `pairs` is false.
 *
 * Sizes: small (Mixtral 8x7B, 4 GPUs, 2 layers, 512 tokens), medium (8 GPUs over 2 nodes,
 * 4 layers, 2,048 tokens), large (8 GPUs over 2 nodes, all 32 layers, 8,192 tokens).
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { GenerateParamReader, type SizeName } from '../../src/family/generate-params.js';
import { getModelPreset, moeLayerCount } from '../../src/perf/llm.js';
import { inputError } from '../../src/errors.js';
import { seededRandom } from '../../src/util/random.js';
import { parseExpertPlacement, type ExpertPlacementInstance } from './instance.js';

const sizes: Record<SizeName, { gpus: number; perNode: number; layers: number; tokens: number }> = {
  small: { gpus: 4, perNode: 8, layers: 2, tokens: 512 },
  medium: { gpus: 8, perNode: 4, layers: 4, tokens: 2048 },
  large: { gpus: 8, perNode: 4, layers: 32, tokens: 8192 },
};

/**
 * Redundant slots: by default the fewest that fill every GPU evenly (experts + slots a multiple
 * of the GPUs, at least one expert per GPU), so every admitted `gpus` gives a valid instance;
 * a value given must keep that rule (the instance's own), and is refused by name otherwise.
 */
function redundantSlotsOf(reader: GenerateParamReader, experts: number, gpus: number): number {
  const fewest = Math.ceil(experts / gpus) * gpus - experts;
  const slots = reader.number('redundantSlots', fewest, 0, 4 * experts);
  if ((experts + slots) % gpus !== 0 || slots < fewest) {
    const valid = Array.from({ length: 3 }, (_, k) => fewest + k * gpus).filter((r) => r <= 4 * experts);
    throw inputError(
      `generator parameter 'redundantSlots' must leave every one of the ${gpus} GPUs the same number of the ${experts} experts + slots; use ${valid.join(', ')}, ... (a multiple of ${gpus} more), got ${slots}`,
      { path: 'redundantSlots' },
    );
  }
  return slots;
}

function knobsOf(params: GenerateParams) {
  const reader = new GenerateParamReader(params, 'expert-placement');
  const size = reader.size(sizes, 'small');
  const model = reader.choice('model', 'mixtral-8x7b', ['mixtral-8x7b', 'deepseek-v3'] as const);
  const spec = getModelPreset(model);
  const experts = spec.moe?.experts ?? 1;
  const knobs = {
    model,
    gpu: reader.choice('gpu', 'h100', ['h100', 'a100', 'h200', 'b200', 'mi300x'] as const),
    gpus: reader.number('gpus', size.gpus, 1, Math.min(1024, experts * 4)),
    gpusPerNode: reader.number('gpusPerNode', size.perNode, 1, 64),
    layers: reader.number('layers', Math.min(size.layers, moeLayerCount(spec)), 1, moeLayerCount(spec)),
    tokens: reader.number('tokens', size.tokens, 1, 1_000_000),
    zipf: reader.number('zipf', 1, 0, 4, { integer: false }),
    correlation: reader.number('correlation', 0.6, 0, 1, { integer: false }),
    drift: reader.number('drift', 0, 0, 1, { integer: false }),
    redundantSlots: 0,
    expertGroups: reader.number('expertGroups', model === 'deepseek-v3' ? 8 : 1, 1, experts),
    phase: reader.choice('phase', 'inference', ['inference', 'training'] as const),
    pairs: reader.choice('pairs', experts <= 64, [true, false] as const),
  };
  knobs.redundantSlots = redundantSlotsOf(reader, experts, knobs.gpus);
  reader.finish();
  return { ...knobs, experts, topK: spec.moe?.topK ?? 1 };
}

function shuffled(count: number, rng: () => number): number[] {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Cumulative popularity of one layer: Zipf over a random order, drifted towards a second one. */
function popularity(experts: number, zipf: number, drift: number, rng: () => number): Float64Array {
  const [first, second] = [shuffled(experts, rng), shuffled(experts, rng)];
  const weight = new Float64Array(experts);
  for (let rank = 0; rank < experts; rank++) {
    const w = 1 / (rank + 1) ** zipf;
    weight[first[rank]] += (1 - drift) * w;
    weight[second[rank]] += drift * w;
  }
  for (let e = 1; e < experts; e++) weight[e] += weight[e - 1];
  return weight;
}

function draw(cumulative: Float64Array, rng: () => number): number {
  const target = rng() * cumulative[cumulative.length - 1];
  let [lo, hi] = [0, cumulative.length - 1];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid] > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** k distinct experts: the `preferred` ones first (when free), then draws by popularity. */
function pick(k: number, cumulative: Float64Array, preferred: number[], rng: () => number): number[] {
  const chosen: number[] = [];
  for (const e of preferred) if (chosen.length < k && !chosen.includes(e)) chosen.push(e);
  for (let tries = 0; chosen.length < k; tries++) {
    const e = tries < 64 ? draw(cumulative, rng) : Math.floor(rng() * cumulative.length);
    if (!chosen.includes(e)) chosen.push(e);
  }
  return chosen;
}

function sampleRouting(knobs: ReturnType<typeof knobsOf>, rng: () => number): { n: number[][]; A?: number[][][] } {
  const { experts, topK, layers, tokens } = knobs;
  const cumulative = Array.from({ length: layers }, () => popularity(experts, knobs.zipf, knobs.drift, rng));
  const successor = Array.from({ length: layers }, () => shuffled(experts, rng));
  const n = Array.from({ length: layers }, () => new Array<number>(experts).fill(0));
  const A = knobs.pairs
    ? Array.from({ length: layers - 1 }, () =>
        Array.from({ length: experts }, () => new Array<number>(experts).fill(0)),
      )
    : undefined;
  for (let t = 0; t < tokens; t++) {
    let current = pick(topK, cumulative[0], [], rng);
    for (let l = 0; ; l++) {
      for (const e of current) n[l][e]++;
      if (l === layers - 1) break;
      const preferred = current.filter(() => rng() < knobs.correlation).map((e) => successor[l][e]);
      const next = pick(topK, cumulative[l + 1], preferred, rng);
      if (A) for (const e of current) for (const f of next) A[l][e][f]++;
      current = next;
    }
  }
  return A ? { n, A } : { n };
}

/**
 * A seeded instance.
 *
 * @example
 * ```ts
 * const instance = generateExpertPlacement({ size: 'small', zipf: 1.2 }, 7);
 * instance.routing.n.length; // 2 layers
 * ```
 */
export function generateExpertPlacement(params: GenerateParams, seed: number): ExpertPlacementInstance {
  const knobs = knobsOf(params);
  const routing = sampleRouting(knobs, seededRandom(seed));
  return parseExpertPlacement({
    name: `${knobs.model}-g${knobs.gpus}-l${knobs.layers}-r${knobs.redundantSlots}-s${seed}`,
    model: knobs.model,
    cluster: { gpu: knobs.gpu, gpus: knobs.gpus, gpusPerNode: knobs.gpusPerNode },
    redundantSlots: knobs.redundantSlots,
    expertGroups: knobs.expertGroups,
    phase: knobs.phase,
    routing,
  });
}
