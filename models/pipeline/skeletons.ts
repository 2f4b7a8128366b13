/**
 * Pipeline skeletons for the oracle (FunSearch style). `next-pass` is an event-driven list
 * scheduler: the device that can start a pass soonest starts one; among its passes whose
 * dependencies are done by then (F after the stage before, B after the stage after or its
 * own F on the last stage, W after its own B, with the communication lag between devices)
 * and that fit its memory limit (an F holds M_B from its start), the candidate's
 * `priority(pass, state)` picks (highest first; ties: the earlier pass in stage, microbatch,
 * kind order). The scheduler never leaves a device idle on purpose, so under a tight limit
 * it can fill a device's memory with early forwards that block the rest (the V-shape with
 * two stages per device is the usual case); when memory blocks every device, the earliest F
 * starts anyway and the evaluator reports the excess (status 'infeasible').
 *
 * Plain JavaScript in a string, run inside the candidate's isolate, on the instance JSON of
 * instance.ts (`times` and `memory` a number or one per stage).
 */
import type { Skeleton } from '../../src/family/contract.js';

const nextPassSource = `function nextPass(data, priority, ctx, invalid) {
  const p = data.devices, stages = p * data.chunks, m = data.microbatches, split = data.splitBackward;
  const perStage = (value, s) => (Array.isArray(value) ? value[s] : value);
  const deviceOf = (s) => (data.placement === 'vshape' ? (s < p ? s : 2 * p - 1 - s) : s % p);
  const limitOf = (d) => { const l = Array.isArray(data.memory.limit) ? data.memory.limit[d] : data.memory.limit; return l === null || l === undefined ? Infinity : l; };
  const kinds = split ? ['F', 'B', 'W'] : ['F', 'B'];
  const passes = [];
  for (let s = 0; s < stages; s++) for (let mb = 0; mb < m; mb++) for (const kind of kinds)
    passes.push({ stage: s, microbatch: mb, kind, device: deviceOf(s), duration: perStage(data.times[kind], s) });
  const id = (s, mb, kind) => (s * m + mb) * kinds.length + kinds.indexOf(kind);
  const deps = (q) => {
    const lag = (other) => (deviceOf(other) === q.device ? 0 : data.comm);
    if (q.kind === 'F') return q.stage > 0 ? [[id(q.stage - 1, q.microbatch, 'F'), lag(q.stage - 1)]] : [];
    if (q.kind === 'B') return q.stage + 1 < stages ? [[id(q.stage + 1, q.microbatch, 'B'), lag(q.stage + 1)]] : [[id(q.stage, q.microbatch, 'F'), 0]];
    return [[id(q.stage, q.microbatch, 'B'), 0]];
  };
  const end = new Array(passes.length).fill(-1);
  const waiting = passes.map((q) => deps(q));
  const byDevice = Array.from({ length: p }, () => []);
  passes.forEach((q, k) => byDevice[q.device].push(k));
  const free = new Array(p).fill(0), memory = new Array(p).fill(0), orders = Array.from({ length: p }, () => []);
  const readyAt = (k) => { let t = 0; for (const [d, lag] of waiting[k]) { if (end[d] < 0) return -1; t = Math.max(t, end[d] + lag); } return t; };
  const fitsMemory = (k) => passes[k].kind !== 'F' || memory[passes[k].device] + perStage(data.memory.mB, passes[k].stage) <= limitOf(passes[k].device) + 1e-9;
  const change = (k) => {
    const q = passes[k], mB = perStage(data.memory.mB, q.stage), mW = split ? perStage(data.memory.mW, q.stage) : 0;
    return q.kind === 'F' ? mB : q.kind === 'B' ? mW - mB : -mW;
  };
  let left = passes.length;
  const pending = byDevice.map((list) => new Set(list));
  while (left > 0) {
    let best = null;
    for (const strict of [true, false]) {
      for (let d = 0; d < p; d++) {
        for (const k of pending[d]) {
          const ready = readyAt(k);
          if (ready < 0 || (strict && !fitsMemory(k))) continue;
          const start = Math.max(free[d], ready);
          if (best === null || start < best.start || (start === best.start && d < best.device)) best = { device: d, start };
        }
      }
      if (best !== null) break;
    }
    const d = best.device, options = [];
    for (const k of pending[d]) { const ready = readyAt(k); if (ready >= 0 && ready <= best.start && fitsMemory(k)) options.push(k); }
    if (options.length === 0) for (const k of pending[d]) { const ready = readyAt(k); if (ready >= 0 && ready <= best.start) options.push(k); }
    let chosen = -1, chosenValue = 0;
    for (const k of options) {
      const q = passes[k];
      const view = { stage: q.stage, microbatch: q.microbatch, kind: q.kind, device: d, duration: q.duration, readyAt: readyAt(k), memory: change(k) };
      const state = { time: best.start, memory: memory[d], memoryLimit: limitOf(d), done: orders[d].length, remaining: pending[d].size };
      const value = priority(view, state);
      if (typeof value !== 'number' || !Number.isFinite(value)) invalid('priority(' + q.kind + q.stage + '.' + q.microbatch + ') returned ' + (typeof value === 'number' ? String(value) : 'a ' + typeof value) + '; return a finite number');
      if (chosen < 0 || value > chosenValue || (value === chosenValue && k < chosen)) { chosen = k; chosenValue = value; }
    }
    const q = passes[chosen];
    end[chosen] = best.start + q.duration;
    free[d] = end[chosen];
    memory[d] += change(chosen);
    pending[d].delete(chosen);
    orders[d].push({ stage: q.stage, microbatch: q.microbatch, kind: q.kind });
    left--;
  }
  return { orders };
}`;

/**
 * The skeletons of the pipeline family (`Family.skeletons`).
 *
 * @example
 * ```sh
 * schedlab score pipeline b-first.js instances/pipeline/zero-bubble --skeleton next-pass
 * ```
 */
export const pipelineSkeletons: Record<string, Skeleton> = {
  'next-pass': {
    description:
      'An event-driven list scheduler: the device that can start soonest runs the ready pass (within its memory limit) of highest priority.',
    signature:
      "priority(pass, state) => number, higher first. pass: { stage, microbatch, kind ('F' | 'B' | 'W'), device, duration, readyAt, memory (the change it makes) }; state: { time, memory (held on the device), memoryLimit (Infinity when none), done, remaining (passes of the device) }",
    source: nextPassSource,
    example:
      'export default function priority(pass) {\n  // B first (frees memory), then F, then W; earlier microbatches first\n  const rank = { B: 2, F: 1, W: 0 }[pass.kind];\n  return rank * 1e7 - pass.microbatch;\n}\n',
  },
};
