/**
 * Pipeline baselines: GPipe, 1F1B, interleaved 1F1B, ZB-H1, ZB-H2, the zero-bubble greedy
 * scheduler (a small grid over its two knobs, as the paper's search does), the
 * controllable-memory V-shape schedules V-Min, V-Half and V-ZB (building blocks, `v-block.ts`;
 * the greedy under their budgets stays as `greedy-v-min` / `greedy-v-half`), and `default`: the
 * best of those that apply to the instance's layout and keep its memory limit. The handcrafted
 * schedules ignore the memory limit (the evaluator judges); the greedy and V ones keep it.
 */
import { inputError } from '../../src/errors.js';
import type { Heuristic } from '../../src/family/contract.js';
import { scheduleSpans, timeOrders } from './graph.js';
import { greedyScheduleUntil, minimumMemory, type GreedyOptions, type StopSignal } from './heuristics/greedy.js';
import { zbAutoSchedule, type ZbAutoOptions } from './heuristics/zb-auto.js';
import { vBlockSchedule, type VBlockKind } from './heuristics/v-block.js';
import { gpipe, interleaved1F1B, oneFOneB, zbH1, zbH2 } from './heuristics/handcrafted.js';
import type { PipelineInstance, PipelineSolution } from './instance.js';
import { assertSchedulable } from './scale.js';

type PipelineHeuristic = Heuristic<PipelineInstance, PipelineSolution>;

const knobGrid: GreedyOptions[] = [
  { fillSmallGaps: false, protectB: false },
  { fillSmallGaps: true, protectB: false },
  { fillSmallGaps: false, protectB: true },
  { fillSmallGaps: true, protectB: true },
];

/** The reference heuristic's three switches (Qi et al.'s `initial_solution` tries all eight). */
const zbAutoGrid: ZbAutoOptions[] = [false, true].flatMap((allowBubbleBeforeFirstB) =>
  [false, true].flatMap((prioritizeB) =>
    [false, true].map((fillSmallGaps) => ({ allowBubbleBeforeFirstB, prioritizeB, fillSmallGaps })),
  ),
);

/** The instance's objective for a schedule (span cost or makespan); Infinity when it breaks the memory limit or cannot run. */
export function scheduleCost(
  instance: PipelineInstance,
  solution: PipelineSolution,
  limit = instance.memoryLimit,
): number {
  const timing = timeOrders(instance, solution);
  if (!timing.ok) return Infinity;
  const fits = timing.peakMemory.every((peak, d) => peak <= limit[d] + 1e-9 * Math.max(1, limit[d]));
  if (!fits) return Infinity;
  return instance.objective === 'span' ? scheduleSpans(instance, solution, timing).cost : timing.makespan;
}

/** A schedule built on demand; undefined when the builder does not apply or gave up when told to stop. */
type Candidate = (stop: StopSignal) => PipelineSolution | undefined;

/**
 * The cheapest schedule among the candidates, built in the order given (cheap ones first)
 * until the deadline: after it, only until one keeps the limit, so an answer always comes.
 * A candidate in progress at the deadline gives up when one that keeps the limit is in hand.
 */
function best(
  instance: PipelineInstance,
  candidates: Candidate[],
  limit = instance.memoryLimit,
  deadline = Number.POSITIVE_INFINITY,
): PipelineSolution {
  let chosen: PipelineSolution | undefined;
  let cost = Infinity;
  const stop = () => chosen !== undefined && Number.isFinite(cost) && Date.now() >= deadline;
  for (const candidate of candidates) {
    if (stop()) break;
    const solution = candidate(stop);
    if (solution === undefined) continue;
    const c = scheduleCost(instance, solution, limit);
    if (chosen === undefined || c < cost - 1e-9) {
      cost = c;
      chosen = solution;
    }
  }
  if (chosen === undefined) throw new Error('no pipeline schedule candidate applied');
  return chosen;
}

/**
 * The zero-bubble greedy scheduler under the instance's memory limit, best of its knob grid.
 *
 * @example
 * ```ts
 * const schedule = greedy(instance); // ZB-1p when the limit is p·M_B, ZB-2p at 2p·M_B
 * ```
 */
export function greedy(
  instance: PipelineInstance,
  limit = instance.memoryLimit,
  deadline = Number.POSITIVE_INFINITY,
): PipelineSolution {
  return best(instance, greedyCandidates(instance, limit), limit, deadline);
}

/** The greedy's knob grid as candidates: the event-driven scheduler's four, then the round-based eight. */
function greedyCandidates(instance: PipelineInstance, limit: number[]): Candidate[] {
  return [
    ...knobGrid.map(
      (knobs) => (stop: StopSignal) => greedyScheduleUntil(instance, { ...knobs, memoryLimit: limit }, stop),
    ),
    ...zbAutoGrid.map(
      (knobs) => (stop: StopSignal) => zbAutoSchedule(instance, { ...knobs, memoryLimit: limit, stop }),
    ),
  ];
}

/**
 * The greedy scheduler on the V-shape placement under `fraction` of 1F1B's activation memory
 * (p full-stage M_B): V-Half uses ⌈p/2⌉+1 and V-Min ⌈p/3⌉+1 full-stage units, never less
 * than one microbatch needs nor more than the instance allows.
 */
function greedyVShape(divisor: number, name: string): PipelineHeuristic {
  return (instance, context) => {
    if (instance.placement !== 'vshape')
      throw inputError(
        `${name} needs the 'vshape' placement (chunks 2); this instance uses '${instance.placement}' with ${instance.chunks} chunk(s). Convert it with withLayout(instance, { chunks: 2, placement: 'vshape' })`,
      );
    const full = minimumMemory(instance);
    const units = Math.ceil(instance.devices / divisor) + 1;
    const limit = full.map((unit, d) => Math.min(instance.memoryLimit[d], Math.max(unit, units * unit)));
    return greedy(instance, limit, context.deadline);
  };
}

/**
 * A building-block V schedule when its memory fits the instance's limit; otherwise the greedy
 * under the limit (capped at the block's budget, `fallbackDivisor`), which always keeps it.
 */
function vBlock(kind: VBlockKind, fallbackDivisor: number, name: string): PipelineHeuristic {
  const fallback = greedyVShape(fallbackDivisor, name);
  return (instance, context) => {
    const { solution, peak } = vBlockSchedule(instance, kind);
    const fits = peak.every((claim, d) => claim <= instance.memoryLimit[d] + 1e-9 * Math.max(1, claim));
    return fits || Number.isFinite(scheduleCost(instance, solution)) ? solution : fallback(instance, context);
  };
}

/**
 * Every schedule that applies to the instance's layout, the closed forms (linear time) first
 * and then the greedy's grid, so that a deadline cuts the expensive ones.
 */
function applicable(instance: PipelineInstance): Candidate[] {
  const closedForms: Candidate[] = [() => gpipe(instance)];
  if (instance.chunks === 1)
    closedForms.push(
      () => oneFOneB(instance),
      () => zbH1(instance),
      () => zbH2(instance),
    );
  if (instance.placement === 'loop' && instance.microbatches % instance.devices === 0)
    closedForms.push(() => interleaved1F1B(instance));
  if (instance.placement === 'vshape')
    for (const kind of ['v-min', 'v-half', 'v-zb'] as const)
      closedForms.push(() => vBlockSchedule(instance, kind).solution);
  return [...closedForms, ...greedyCandidates(instance, instance.memoryLimit)];
}

/** Every heuristic refuses, with its size, an instance beyond `maxPasses` (scale.ts). */
function sized(heuristic: PipelineHeuristic): PipelineHeuristic {
  return (instance, context) => {
    assertSchedulable(instance);
    return heuristic(instance, context);
  };
}

const heuristicsByName: Record<string, PipelineHeuristic> = {
  default: (instance, context) => best(instance, applicable(instance), instance.memoryLimit, context.deadline),
  greedy: (instance, context) => greedy(instance, instance.memoryLimit, context.deadline),
  gpipe: (instance) => gpipe(instance),
  '1f1b': (instance) => oneFOneB(instance),
  'interleaved-1f1b': (instance) => interleaved1F1B(instance),
  'zb-h1': (instance) => zbH1(instance),
  'zb-h2': (instance) => zbH2(instance),
  'v-half': vBlock('v-half', 2, 'V-Half'),
  'v-min': vBlock('v-min', 3, 'V-Min'),
  'v-zb': vBlock('v-zb', 1, 'V-ZB'),
  'greedy-v-half': greedyVShape(2, 'V-Half'),
  'greedy-v-min': greedyVShape(3, 'V-Min'),
};

export const pipelineHeuristics: Record<string, PipelineHeuristic> = Object.fromEntries(
  Object.entries(heuristicsByName).map(([name, heuristic]) => [name, sized(heuristic)]),
);
