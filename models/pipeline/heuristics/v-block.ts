/**
 * V-Min, V-Half and V-ZB: the building-block schedules of Qi, Wan, Amar, Lin, "Pipeline
 * Parallelism with Controllable Memory" (NeurIPS 2024) on the V-shape placement (stages d and
 * 2p−1−d on device d). A block places one microbatch's passes in unit-time slots; repeated
 * every 6 slots it is the schedule, after squeezing (`v-squeeze.ts`), and each device's passes
 * sorted by slot are its order — the evaluator then runs them as early as possible.
 *
 * V-Min's and V-Half's blocks are the reference implementation's `stable_pattern_v_min` and
 * `stable_pattern_v_half` (sail-sg/zero-bubble-pipeline-parallelism, the module headed
 * "Implementation of vhalf and vmin schedules of Pipeline Parallelism with Controllable
 * Memory"), with its pipeline: W passes in the first free slots, squeeze warm-up and cool-down
 * under the block's peak, squeeze the cool-down again without the W passes, place them per chunk.
 * A chunk's activation lives from its F to its W: with a lifespan of l slots a device holds
 * ⌈l/6⌉ microbatches of it, so the chunk-0 lifespan (about 4p slots for V-Min, 6p for V-Half)
 * sets the peak — about p/3 and p/2 of 1F1B's p full-stage M_B.
 */
import { inputError } from '../../../src/errors.js';
import type { Pass, PipelineInstance, PipelineSolution } from '../instance.js';
import { deviceMemory, period, putW, repeatBlock, squeeze, type SlotTable } from './v-squeeze.js';

export type VBlockKind = 'v-min' | 'v-half' | 'v-zb';

/**
 * V-Min's block (the reference's `stable_pattern_v_min`): every pass one slot after the pass it
 * waits for — F down the devices, F of chunk 1 back up, B of chunk 1 down, B of chunk 0 up —
 * with two idle slots before the backward when 3 divides p, so that no two passes of a device
 * meet modulo the period.
 */
export function vMinBlock(p: number): number[][] {
  const gap = p % 3 === 0 ? 2 : 0;
  return Array.from({ length: p }, (_, i) => [i, 2 * p - 1 - i, 2 * p + gap + i, 4 * p + gap - 1 - i]);
}

/**
 * V-Half's block (the reference's `stable_pattern_v_half`): chunk-0 F and chunk-1 B passes two
 * slots apart between devices, so the turn at the last device comes later and the backward
 * reaches device 0 about 6p slots after its F (three idle slots before the backward for even p).
 */
export function vHalfBlock(p: number): number[][] {
  const gap = p % 2 === 0 ? 3 : 0;
  return Array.from({ length: p }, (_, i) => [2 * i, 3 * p - i - 2, 3 * p + gap + 2 * i - 1, 6 * p + gap - i - 2]);
}

/** Throws when two passes of one device share a slot modulo the period: the repeated block would collide. */
export function checkBlock(block: number[][], name: string): void {
  block.forEach((offsets, d) => {
    const residues = new Set(offsets.map((o) => ((o % period) + period) % period));
    if (residues.size !== offsets.length)
      throw inputError(
        `${name}: the building block puts two passes of device ${d} in the same slot modulo ${period} (offsets ${offsets.join(', ')}); no collision-free block is known for p = ${block.length}`,
      );
  });
}

/** The reference's `schedule_from_pattern` up to the final W placement: slots per device and type (W per chunk). */
export function blockSlots(block: number[][], microbatches: number): SlotTable {
  const repeated = repeatBlock(block, microbatches);
  const withW = squeeze(
    repeated.map((lists) => putW(lists, false)),
    true,
  );
  const cooled = squeeze(
    withW.map((lists) => lists.slice(0, 4)),
    false,
  );
  return cooled.map((lists) => putW(lists.slice(0, 4), true));
}

/** Slot table → per-device pass orders (W passes dropped when the backward is not split). */
export function slotsToSolution(instance: PipelineInstance, table: SlotTable): PipelineSolution {
  const p = instance.devices;
  const kinds: Pass['kind'][] = ['F', 'F', 'B', 'B', 'W', 'W'];
  return {
    orders: table.map((lists, d) => {
      const stageOf = [d, 2 * p - 1 - d, 2 * p - 1 - d, d, 2 * p - 1 - d, d];
      const timed: { slot: number; pass: Pass }[] = [];
      lists.forEach((list, type) => {
        if (type >= 4 && !instance.splitBackward) return;
        list.forEach((slot, microbatch) =>
          timed.push({ slot, pass: { stage: stageOf[type], microbatch, kind: kinds[type] } }),
        );
      });
      return timed.sort((a, b) => a.slot - b.slot).map((t) => t.pass);
    }),
  };
}

/**
 * V-ZB's block: every pass three slots after the pass it waits for (one at the two turns of
 * the V). The chunk-0 lifespan on device 0 is 12p−8 slots, so a device holds up to 2p chunks —
 * 1F1B's p full-stage M_B — and the warm-up squeeze can start that many forwards before the
 * first backward arrives, which closes the bubble. Residues modulo 6 are {0,1,2,3} on even and
 * {3,4,5,0} on odd devices, so the block never collides. The reference has no V-ZB block (its
 * ZB-V is a greedy); this one is the best of a small exhaustive search over uniform-step blocks
 * (steps 1–3 per direction, gap 0–5 before the backward, p = 8, m = 24, unit times): the only
 * ones with zero bubble, and the least memory among them.
 */
export function vZbBlock(p: number): number[][] {
  return Array.from({ length: p }, (_, i) => [3 * i, 6 * p - 5 - 3 * i, 6 * p - 4 + 3 * i, 12 * p - 9 - 3 * i]);
}

const blocks: Record<VBlockKind, (p: number) => number[][]> = {
  'v-min': vMinBlock,
  'v-half': vHalfBlock,
  'v-zb': vZbBlock,
};

/**
 * The building-block schedule of `kind` and, per device, the activation memory it can reach:
 * the unit model's peak in chunks (an F holds a chunk until its W) times the device's larger
 * M_B — an upper bound, since a B keeps only M_W ≤ M_B and the evaluator runs the same orders.
 *
 * @example
 * ```ts
 * const v = withLayout(instance, { chunks: 2, placement: 'vshape' });
 * const { solution, peak } = vBlockSchedule(v, 'v-half'); // peak ≈ half of 1F1B's p·M_B
 * ```
 */
export function vBlockSchedule(
  instance: PipelineInstance,
  kind: VBlockKind,
): { solution: PipelineSolution; peak: number[] } {
  if (instance.placement !== 'vshape')
    throw inputError(
      `${kind} needs the 'vshape' placement (chunks 2); this instance uses '${instance.placement}' with ${instance.chunks} chunk(s). Convert it with withLayout(instance, { chunks: 2, placement: 'vshape' })`,
    );
  const p = instance.devices;
  const block = blocks[kind](p);
  checkBlock(block, kind);
  const table = blockSlots(block, instance.microbatches);
  const peak = table.map(
    (lists, d) => deviceMemory(lists) * Math.max(instance.activationB[d], instance.activationB[2 * p - 1 - d]),
  );
  return { solution: slotsToSolution(instance, table), peak };
}
