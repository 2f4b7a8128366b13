/**
 * The evaluator's own reading of the pass rules, derived from the instance alone and written
 * apart from graph.ts (which the heuristics and the formulation share), so that a mistake
 * there cannot cancel out in the score: which passes exist, how long each runs, what it waits
 * for and how it changes its device's activation memory.
 */
import { deviceOfStage, stageCount, type Pass, type PassKind, type PipelineInstance } from './instance.js';

const kindSlot: Record<PassKind, number> = { F: 0, B: 1, W: 2 };

/** Position of a pass in the evaluator's arrays: (stage, microbatch, kind) → 0 .. 3·stages·m − 1. */
export function slotOf(instance: PipelineInstance, pass: Pass): number {
  return (pass.stage * instance.microbatches + pass.microbatch) * 3 + kindSlot[pass.kind];
}

/** Length of the evaluator's arrays (W slots stay unused when the backward is whole). */
export function slotCount(instance: PipelineInstance): number {
  return stageCount(instance) * instance.microbatches * 3;
}

/** Every pass the instance asks for: F and B of each stage and microbatch, and W when the backward is split. */
export function requiredPasses(instance: PipelineInstance): Pass[] {
  const kinds: PassKind[] = instance.splitBackward ? ['F', 'B', 'W'] : ['F', 'B'];
  const passes: Pass[] = [];
  for (let stage = 0; stage < stageCount(instance); stage++) {
    for (let microbatch = 0; microbatch < instance.microbatches; microbatch++)
      for (const kind of kinds) passes.push({ stage, microbatch, kind });
  }
  return passes;
}

/** `F3@s1`: the forward of microbatch 3 on stage 1. */
export function passName(pass: Pass): string {
  return `${pass.kind}${pass.microbatch}@s${pass.stage}`;
}

/** How long a pass runs: the instance's time of its kind on its stage. */
export function passLength(instance: PipelineInstance, pass: Pass): number {
  const table = { F: instance.forward, B: instance.backwardInput, W: instance.backwardWeight }[pass.kind];
  return table[pass.stage];
}

/**
 * What a pass waits for, with the time between that pass's end and its own start: a forward
 * needs the activation of the stage before (sent between devices in T_comm); a backward the
 * gradient of the stage after, or on the last stage its own forward; a W its own B.
 */
export function waitsFor(instance: PipelineInstance, pass: Pass): { pass: Pass; lag: number }[] {
  const { stage, microbatch } = pass;
  const sent = (other: number) =>
    deviceOfStage(instance, other) === deviceOfStage(instance, stage) ? 0 : instance.comm;
  switch (pass.kind) {
    case 'F':
      return stage > 0 ? [{ pass: { stage: stage - 1, microbatch, kind: 'F' }, lag: sent(stage - 1) }] : [];
    case 'B':
      return stage + 1 < stageCount(instance)
        ? [{ pass: { stage: stage + 1, microbatch, kind: 'B' }, lag: sent(stage + 1) }]
        : [{ pass: { stage, microbatch, kind: 'F' }, lag: 0 }];
    case 'W':
      return [{ pass: { stage, microbatch, kind: 'B' }, lag: 0 }];
  }
}

/**
 * Activation memory a pass adds to its device (negative: frees): F takes M_B at its start; at
 * its end B gives back all but M_W (all of it when the backward is whole); W gives back M_W.
 */
export function memoryChange(instance: PipelineInstance, pass: Pass): { amount: number; at: 'start' | 'end' } {
  const held = instance.activationB[pass.stage];
  const kept = instance.splitBackward ? instance.activationW[pass.stage] : 0;
  if (pass.kind === 'F') return { amount: held, at: 'start' };
  return { amount: pass.kind === 'B' ? kept - held : -kept, at: 'end' };
}
