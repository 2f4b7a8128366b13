/**
 * Aligned placement of a micro-batch's SP groups on GPUs: largest degree first, each group on
 * the next free GPUs. Degrees divide one another (the schema checks it), so every group starts
 * at a multiple of its degree: one that divides the node size stays in one node, a larger one
 * fills whole nodes. This is the layout the planners' costs assume (`costs.ts`).
 */
import type { SpGroup } from './instance.js';

/**
 * Give each group its `firstGpu`; groups whose degrees sum past `gpus` are the caller's error.
 *
 * @example
 * ```ts
 * placeGroups([{ degree: 2, sequences: [0] }, { degree: 4, sequences: [1] }]); // 4 at GPU 0, 2 at GPU 4
 * ```
 */
export function placeGroups(groups: readonly { degree: number; sequences: number[] }[]): SpGroup[] {
  const sorted = groups.filter((g) => g.sequences.length > 0).sort((a, b) => b.degree - a.degree);
  let next = 0;
  return sorted.map((g) => {
    const placed = { degree: g.degree, firstGpu: next, sequences: [...g.sequences].sort((a, b) => a - b) };
    next += g.degree;
    return placed;
  });
}
