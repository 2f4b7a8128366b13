/**
 * The placement baselines, layer by layer. Redundant slots, when the instance has them, go to
 * the experts with the highest load per replica (EPLB's `replicateExperts`); each expert's
 * tokens split evenly over its replicas. Then:
 *
 * - contiguous (Megatron's default): slots in expert order, S consecutive ones per GPU;
 * - round-robin: slot i on GPU i mod G;
 * - lpt: per layer, heaviest replica first onto the lightest GPU with a free slot;
 * - eplb: DeepSeek's EPLB (hierarchical over nodes when the expert groups allow it);
 * - routing-aware: each replica, heaviest first, onto the GPU that already holds the experts of
 *   the previous layer that send it the most tokens (`A`), among GPUs not above the mean load
 *   by more than one replica's load.
 */
import type { ExpertPlacementInstance, ExpertPlacementSolution } from '../instance.js';
import { balancedPacking, rebalanceExperts, replicateExperts } from './eplb.js';

type LayerPlacement = number[][];

/** How far above the mean load the routing-aware greedy lets a GPU go to keep traffic local. */
const loadCap = 1.05;

/** Physical slots per layer. */
function physicalSlots(instance: ExpertPlacementInstance): number {
  return instance.slotsPerGpu * instance.gpus;
}

/** The logical expert of every physical slot, in expert order (replicas next to their expert). */
function replicasInOrder(instance: ExpertPlacementInstance, l: number): number[] {
  return replicateExperts(instance.routing.n[l], physicalSlots(instance)).phy2log.sort((a, b) => a - b);
}

function byLayer(
  instance: ExpertPlacementInstance,
  place: (l: number, previous?: LayerPlacement) => LayerPlacement,
): ExpertPlacementSolution {
  const placement: LayerPlacement[] = [];
  for (let l = 0; l < instance.layers; l++) placement.push(place(l, placement[l - 1]));
  return { placement };
}

/**
 * Megatron's default: expert e on GPU floor(e G / E) (replicas next to their expert).
 *
 * @example
 * ```ts
 * contiguous(instance).placement[0]; // [[0, 1], [2, 3], [4, 5], [6, 7]] for 8 experts on 4 GPUs
 * ```
 */
export function contiguous(instance: ExpertPlacementInstance): ExpertPlacementSolution {
  const S = instance.slotsPerGpu;
  return byLayer(instance, (l) => {
    const slots = replicasInOrder(instance, l);
    return Array.from({ length: instance.gpus }, (_, g) => slots.slice(g * S, (g + 1) * S));
  });
}

/**
 * Slot i on GPU i mod G.
 *
 * @example
 * ```ts
 * roundRobin(instance).placement[0]; // [[0, 4], [1, 5], [2, 6], [3, 7]] for 8 experts on 4 GPUs
 * ```
 */
export function roundRobin(instance: ExpertPlacementInstance): ExpertPlacementSolution {
  return byLayer(instance, (l) => {
    const lists: LayerPlacement = Array.from({ length: instance.gpus }, () => []);
    replicasInOrder(instance, l).forEach((e, i) => lists[i % instance.gpus].push(e));
    return lists;
  });
}

function packed(phy2log: readonly number[], loads: readonly number[], gpus: number): LayerPlacement {
  const { pack } = balancedPacking(loads, gpus);
  const lists: LayerPlacement = Array.from({ length: gpus }, () => []);
  phy2log.forEach((e, i) => lists[pack[i]].push(e));
  return lists;
}

/**
 * Longest processing time first, per layer, with S slots per GPU.
 *
 * @example
 * ```ts
 * lpt(instance).placement[0]; // the heaviest expert alone with the lightest ones
 * ```
 */
export function lpt(instance: ExpertPlacementInstance): ExpertPlacementSolution {
  return byLayer(instance, (l) => {
    const weight = instance.routing.n[l];
    const { phy2log, count } = replicateExperts(weight, physicalSlots(instance));
    return packed(
      phy2log,
      phy2log.map((e) => weight[e] / count[e]),
      instance.gpus,
    );
  });
}

/**
 * DeepSeek's EPLB on the instance's nodes and expert groups.
 *
 * @example
 * ```ts
 * eplb(instance).placement[0];
 * ```
 */
export function eplb(instance: ExpertPlacementInstance): ExpertPlacementSolution {
  const nodes = instance.cluster.nodes;
  const S = instance.slotsPerGpu;
  return byLayer(instance, (l) => {
    const { phy2log } = rebalanceExperts(
      instance.routing.n[l],
      physicalSlots(instance),
      instance.expertGroups,
      nodes,
      instance.gpus,
    );
    return Array.from({ length: instance.gpus }, (_, g) => phy2log.slice(g * S, (g + 1) * S));
  });
}

/** Tokens the previous layer's GPU g sends to expert f (its experts' A rows, split over their replicas). */
function affinity(instance: ExpertPlacementInstance, previous: LayerPlacement, l: number): number[][] {
  const pairs = instance.routing.A?.[l - 1];
  const gpuOf: number[][] = Array.from({ length: instance.experts }, () => []);
  previous.forEach((list, g) => list.forEach((e) => gpuOf[e].push(g)));
  const score = Array.from({ length: instance.gpus }, () => new Array<number>(instance.experts).fill(0));
  if (!pairs) return score;
  pairs.forEach((row, e) =>
    row.forEach((count, f) => gpuOf[e].forEach((g) => (score[g][f] += count / gpuOf[e].length))),
  );
  return score;
}

function routingAwareLayer(
  instance: ExpertPlacementInstance,
  l: number,
  previous: LayerPlacement | undefined,
): LayerPlacement {
  const weight = instance.routing.n[l];
  const { phy2log, count } = replicateExperts(weight, physicalSlots(instance));
  const loads = phy2log.map((e) => weight[e] / count[e]);
  if (!previous || !instance.routing.A) return packed(phy2log, loads, instance.gpus);
  const score = affinity(instance, previous, l);
  const mean = loads.reduce((a, b) => a + b, 0) / instance.gpus;
  const lists: LayerPlacement = Array.from({ length: instance.gpus }, () => []);
  const load = new Array<number>(instance.gpus).fill(0);
  const order = loads.map((_, i) => i).sort((a, b) => loads[b] - loads[a] || a - b);
  for (const i of order) {
    const free = lists.map((_, g) => g).filter((g) => lists[g].length < instance.slotsPerGpu);
    const fitting = free.filter((g) => load[g] + loads[i] <= loadCap * mean || load[g] === 0);
    const pool = fitting.length > 0 ? fitting : free;
    const g = pool.reduce((best, c) =>
      score[c][phy2log[i]] > score[best][phy2log[i]] ||
      (score[c][phy2log[i]] === score[best][phy2log[i]] && load[c] < load[best])
        ? c
        : best,
    );
    lists[g].push(phy2log[i]);
    load[g] += loads[i];
  }
  return lists;
}

/**
 * Routing-aware greedy: co-locate each expert with the previous layer's experts that send it
 * the most tokens, keeping every GPU near the mean load (LPT for the first layer and without `A`).
 *
 * @example
 * ```ts
 * routingAware(instance).placement;
 * ```
 */
export function routingAware(instance: ExpertPlacementInstance): ExpertPlacementSolution {
  return byLayer(instance, (l, previous) => routingAwareLayer(instance, l, previous));
}
