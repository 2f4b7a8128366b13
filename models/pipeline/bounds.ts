/**
 * Lower bounds on the objective. Span: every device is busy for its whole work, and with one
 * stage per device, device d can run only forwards until its first B, which cannot start
 * before microbatch 0 has gone to the last stage and back (the round trip R_d), and no more
 * of them than its memory holds; after that it still runs all its B and W passes and the
 * remaining forwards. Makespan: a device's work starts no earlier than its
 * first forward can arrive. Both: the device of stage 0 starts before any forward reaches stage
 * k and ends after the W of the microbatch whose B leaves stage k last, so its span covers
 * the forward chain to k, all of stage k's F and B passes, and the backward chain back.
 */
import { duration, lagBetween, passKinds } from './graph.js';
import { stageCount, stagesOfDevice, type PipelineInstance } from './instance.js';

function busy(instance: PipelineInstance, d: number): number {
  let total = 0;
  for (const stage of stagesOfDevice(instance, d)) {
    for (const kind of passKinds(instance))
      total += instance.microbatches * duration(instance, { stage, microbatch: 0, kind });
  }
  return total;
}

/** Time from the start of F(d, 0) to the earliest start of B(d, 0), one stage per device. */
function roundTrip(instance: PipelineInstance, d: number): number {
  let total = 0;
  for (let s = d; s < stageCount(instance); s++) total += instance.forward[s];
  for (let s = d + 1; s < stageCount(instance); s++) total += instance.backwardInput[s];
  return total + 2 * (stageCount(instance) - 1 - d) * instance.comm;
}

/** Earliest start of any pass on device d: its lowest stage's first forward. */
function head(instance: PipelineInstance, d: number): number {
  const first = stagesOfDevice(instance, d)[0];
  let total = 0;
  for (let s = 0; s < first; s++) total += instance.forward[s] + instance.comm;
  return total;
}

/**
 * One stage per device: before device d's first B can start (a round trip after its first
 * pass), at most k = min(m, limit / M_B) forwards run, since nothing frees memory before a B;
 * every other pass runs after it. Taking all k forwards first is best, so the span is at least
 * max(R_d, k·T_F) + (m − k)·T_F + m(T_B + T_W).
 */
function firstBackward(instance: PipelineInstance, d: number): number {
  const m = instance.microbatches;
  const mB = instance.activationB[d];
  const fit = mB > 0 ? Math.floor(instance.memoryLimit[d] / mB + 1e-9) : m;
  const ahead = Math.max(1, Math.min(m, fit));
  const tF = instance.forward[d];
  return (
    Math.max(roundTrip(instance, d), ahead * tF) +
    (m - ahead) * tF +
    m * (instance.backwardInput[d] + instance.backwardWeight[d])
  );
}

/**
 * Span of stage 0's device through stage k: F chain 0..k-1 with lags, all m F and B passes of
 * stage k (the last B of stage k ends after all of them), B chain k-1..0 with lags, then W on stage 0.
 */
function throughStage(instance: PipelineInstance, k: number): number {
  let total = instance.microbatches * (instance.forward[k] + instance.backwardInput[k]);
  for (let s = 0; s < k; s++)
    total +=
      instance.forward[s] + instance.backwardInput[s] + lagBetween(instance, s, s + 1) + lagBetween(instance, s + 1, s);
  return total + (instance.splitBackward ? instance.backwardWeight[0] : 0);
}

/**
 * A lower bound on the instance's objective (span cost or makespan).
 *
 * @example
 * ```ts
 * pipelineLowerBound(instance) <= evaluatePipeline(instance, schedule).objective; // true
 * ```
 */
export function pipelineLowerBound(instance: PipelineInstance): number {
  let bound = 0;
  for (let k = 0; k < stageCount(instance); k++) bound = Math.max(bound, throughStage(instance, k));
  for (let d = 0; d < instance.devices; d++) {
    const work = busy(instance, d);
    if (instance.objective === 'makespan') {
      bound = Math.max(bound, head(instance, d) + work);
      continue;
    }
    bound = Math.max(bound, work);
    if (instance.chunks === 1) bound = Math.max(bound, firstBackward(instance, d));
  }
  return bound;
}
