/**
 * The classic hand-written schedules as per-device pass orders: GPipe, 1F1B (Harlap et al.
 * 2018), interleaved 1F1B (Narayanan et al. 2021, Megatron-LM's order) and the zero-bubble
 * handcrafted ZB-H1 and ZB-H2 (Qi et al. 2024, §2). Each is a fixed order; the times come
 * from running it as soon as possible. W passes (when the backward is split) follow their B
 * at once in GPipe and 1F1B, and are delayed in the ZB schedules.
 */
import { inputError } from '../../../src/errors.js';
import { stagesOfDevice, type Pass, type PipelineInstance, type PipelineSolution } from '../instance.js';

const F = (stage: number, microbatch: number): Pass => ({ stage, microbatch, kind: 'F' });
const B = (stage: number, microbatch: number): Pass => ({ stage, microbatch, kind: 'B' });
const W = (stage: number, microbatch: number): Pass => ({ stage, microbatch, kind: 'W' });

/** B, followed at once by its W when the backward is split. */
function backward(instance: PipelineInstance, stage: number, microbatch: number): Pass[] {
  return instance.splitBackward ? [B(stage, microbatch), W(stage, microbatch)] : [B(stage, microbatch)];
}

function requireOneChunk(instance: PipelineInstance, method: string): void {
  if (instance.chunks !== 1) {
    throw inputError(
      `the ${method} schedule needs one stage per device; this instance has ${instance.chunks} chunks per device in the '${instance.placement}' placement. Use 'interleaved-1f1b' (loop placement), 'v-half'/'v-min' (V-shape) or 'greedy'`,
    );
  }
}

/**
 * GPipe: every forward, then every backward. Works on any layout: each device runs its F
 * passes by stage then microbatch, then its backward passes by stage from the last.
 *
 * @example
 * ```ts
 * const schedule = gpipe(instance);
 * ```
 */
export function gpipe(instance: PipelineInstance): PipelineSolution {
  const m = instance.microbatches;
  const orders = Array.from({ length: instance.devices }, (_, d) => {
    const stages = stagesOfDevice(instance, d);
    const list: Pass[] = [];
    for (const s of stages) for (let j = 0; j < m; j++) list.push(F(s, j));
    for (const s of [...stages].reverse()) for (let j = 0; j < m; j++) list.push(...backward(instance, s, j));
    return list;
  });
  return { orders };
}

/**
 * 1F1B: device i runs min(p-1-i, m) warm-up forwards, then alternates one forward and one
 * backward, then drains the backwards.
 *
 * @example
 * ```ts
 * const schedule = oneFOneB(instance); // peak activation p·M_B on the first device
 * ```
 */
export function oneFOneB(instance: PipelineInstance): PipelineSolution {
  requireOneChunk(instance, '1F1B');
  const p = instance.devices;
  const m = instance.microbatches;
  const orders = Array.from({ length: p }, (_, i) => {
    const warmup = Math.min(p - 1 - i, m);
    const list: Pass[] = [];
    for (let j = 0; j < warmup; j++) list.push(F(i, j));
    for (let k = 0; k < m; k++) {
      if (k + warmup < m) list.push(F(i, k + warmup));
      list.push(...backward(instance, i, k));
    }
    return list;
  });
  return { orders };
}

/** Megatron's k-th forward (or backward) unit on a device: which chunk and microbatch. */
function interleavedUnit(k: number, p: number, v: number, forward: boolean): { chunk: number; microbatch: number } {
  const group = Math.floor(k / (p * v));
  const inGroup = k % (p * v);
  const chunk = Math.floor(inGroup / p);
  return { chunk: forward ? chunk : v - 1 - chunk, microbatch: group * p + (inGroup % p) };
}

/**
 * Interleaved 1F1B (Megatron-LM): v chunks per device in the loop placement, forwards in
 * groups of p microbatches per chunk, warm-up (p-1-i)·2 + (v-1)·p units on device i.
 * Needs m to be a multiple of p, as Megatron does. Peak activation on device i:
 * min(2(p−1−i) + (v−1)p + 1, m·v) chunk M_B (its warm-up plus the forward before the first B;
 * W runs right after its B), i.e. p(1 + (p−1)/(pv)) full-stage M_B on device 0 (Korthikanti
 * et al. 2022, §4.2.3) — test/properties/pipeline-interleaved.test.ts.
 *
 * @example
 * ```ts
 * const schedule = interleaved1F1B(withLayout(instance, { chunks: 2 }));
 * ```
 */
export function interleaved1F1B(instance: PipelineInstance): PipelineSolution {
  const p = instance.devices;
  const m = instance.microbatches;
  const v = instance.chunks;
  if (instance.placement !== 'loop')
    throw inputError(`interleaved 1F1B needs the 'loop' placement; this instance uses '${instance.placement}'`);
  // Megatron's groups of p microbatches per chunk: a last, partial group with the same warm-up
  // deadlocks (its forwards on the next chunk wait for ones the order puts later), so refuse.
  if (m % p !== 0)
    throw inputError(
      `interleaved 1F1B (Megatron's order) needs the microbatches (${m}) to be a multiple of the devices (${p}); use ${Math.ceil(m / p) * p} or ${Math.max(p, Math.floor(m / p) * p)} microbatches, or the 'greedy' heuristic, which takes any m`,
    );
  const units = m * v;
  const orders = Array.from({ length: p }, (_, i) => {
    const stages = stagesOfDevice(instance, i);
    const fwd = (k: number) => {
      const u = interleavedUnit(k, p, v, true);
      return F(stages[u.chunk], u.microbatch);
    };
    const bwd = (k: number) => {
      const u = interleavedUnit(k, p, v, false);
      return backward(instance, stages[u.chunk], u.microbatch);
    };
    const warmup = v === 1 ? Math.min(p - 1 - i, units) : Math.min((p - 1 - i) * 2 + (v - 1) * p, units);
    const list: Pass[] = [];
    for (let k = 0; k < warmup; k++) list.push(fwd(k));
    for (let k = 0; k < units; k++) {
      if (k + warmup < units) list.push(fwd(k + warmup));
      list.push(...bwd(k));
    }
    return list;
  });
  return { orders };
}

/**
 * ZB-H1 (Qi et al. 2024, §2.1): 1F1B's forwards and B passes with one more warm-up forward,
 * each device i delaying its W passes by i microbatches; the W passes left fill the tail.
 * Peak activation (p-i)·M_B + i·M_W on device i, bubble (p-1)(T_F + T_B - T_W).
 *
 * @example
 * ```ts
 * const schedule = zbH1(instance);
 * ```
 */
export function zbH1(instance: PipelineInstance): PipelineSolution {
  return zeroBubbleHandcrafted(
    instance,
    'ZB-H1',
    (p, i) => p - i,
    (_p, i) => i,
  );
}

/**
 * ZB-H2 (Qi et al. 2024, §2.2): 2(p-i)-1 warm-up forwards on device i and W passes delayed by
 * 2i microbatches, which turns the trapezoid into a parallelogram. Peak (2p-1)·M_B on the
 * first device, bubble (p-1)(T_F + T_B - 2T_W).
 *
 * @example
 * ```ts
 * const schedule = zbH2(instance);
 * ```
 */
export function zbH2(instance: PipelineInstance): PipelineSolution {
  return zeroBubbleHandcrafted(
    instance,
    'ZB-H2',
    (p, i) => 2 * (p - i) - 1,
    (_p, i) => 2 * i,
  );
}

/**
 * Warm-up forwards, then per microbatch k: B_k, the W that is `lag` microbatches old, and
 * the next forward; the W passes left at the end run last.
 */
function zeroBubbleHandcrafted(
  instance: PipelineInstance,
  method: string,
  warmupOf: (p: number, i: number) => number,
  lagOf: (p: number, i: number) => number,
): PipelineSolution {
  requireOneChunk(instance, method);
  const p = instance.devices;
  const m = instance.microbatches;
  const orders = Array.from({ length: p }, (_, i) => {
    const warmup = Math.min(warmupOf(p, i), m);
    const lag = instance.splitBackward ? lagOf(p, i) : 0;
    const list: Pass[] = [];
    for (let j = 0; j < warmup; j++) list.push(F(i, j));
    for (let k = 0; k < m; k++) {
      list.push(B(i, k));
      if (instance.splitBackward && k >= lag) list.push(W(i, k - lag));
      if (k + warmup < m) list.push(F(i, k + warmup));
    }
    if (instance.splitBackward) for (let j = Math.max(0, m - lag); j < m; j++) list.push(W(i, j));
    return list;
  });
  return { orders };
}
