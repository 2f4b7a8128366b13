/**
 * The independent pipeline evaluator. It checks that the per-device orders list every pass
 * exactly once on its stage's device, then executes them on the discrete-event simulator of
 * the performance model (`src/perf/simulator`): each device is a resource whose prescribed
 * order is the solution's list, F/B dependencies carry the communication lag, and memory
 * events hold M_B from F's start to B's end and M_W from B's end to W's end. Makespan, the
 * bubble rate and peak activation memory are read off the trace; deadlocks come back as
 * violation records. It never imports the heuristics, the formulation or their shared graph.ts:
 * it reads the pass rules off the instance itself (`evaluate-graph.ts`).
 *
 * The objective is the paper's cost — the longest device span, for the least value any timing
 * of these orders allows (`evaluate-spans.ts`, exact) — or the as-soon-as-possible makespan,
 * as the instance says; both are in the metrics.
 *
 * Bubble rate (Qi et al. 2024, §5.3): (cost − busy) / cost, where cost is the largest span
 * of any device (its last end minus its first start) and busy the largest total pass time
 * of any device (= m(T_F + T_B + T_W) when stages are uniform).
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import { SchedlabError } from '../../src/errors.js';
import { simulate } from '../../src/perf/simulator/simulate.js';
import type { DeadlockInfo, CycleInfo, SimTask, SimulationInput, Trace } from '../../src/perf/simulator/types.js';
import { memoryChange, passLength, passName, requiredPasses, slotCount, slotOf, waitsFor } from './evaluate-graph.js';
import { minimalSpans } from './evaluate-spans.js';
import { deviceOfStage, stageCount, type Pass, type PipelineInstance, type PipelineSolution } from './instance.js';
import { assertSchedulable } from './scale.js';

const resourceOf = (d: number) => `device${d}`;
const tolerance = (limit: number) => 1e-9 * Math.max(1, Math.abs(limit));

function validPass(instance: PipelineInstance, pass: unknown): pass is Pass {
  const p = pass as Partial<Pass> | null;
  return (
    typeof p === 'object' &&
    p !== null &&
    Number.isInteger(p.stage) &&
    Number.isInteger(p.microbatch) &&
    (p.stage as number) >= 0 &&
    (p.stage as number) < stageCount(instance) &&
    (p.microbatch as number) >= 0 &&
    (p.microbatch as number) < instance.microbatches &&
    (p.kind === 'F' || p.kind === 'B' || (p.kind === 'W' && instance.splitBackward))
  );
}

/** Every pass appears exactly once, on the device that holds its stage. */
function shape(instance: PipelineInstance, solution: PipelineSolution): Violation[] {
  const orders: unknown = solution?.orders;
  if (!Array.isArray(orders) || orders.length !== instance.devices) {
    return [
      {
        constraint: 'shape',
        entities: [],
        message: `the solution needs one pass list per device (${instance.devices}) in 'orders'`,
      },
    ];
  }
  const violations: Violation[] = [];
  const seen = new Uint8Array(slotCount(instance));
  const kinds = instance.splitBackward ? 'F/B/W' : 'F/B';
  orders.forEach((list: unknown, d) => {
    if (!Array.isArray(list)) {
      violations.push({ constraint: 'shape', entities: [d], message: `orders[${d}] is not a list of passes` });
      return;
    }
    list.forEach((pass: unknown, k) => {
      if (!validPass(instance, pass)) {
        violations.push({
          constraint: 'shape',
          entities: [d, k],
          message: `orders[${d}][${k}] is not a pass of this instance (stage 0..${stageCount(instance) - 1}, microbatch 0..${instance.microbatches - 1}, kind ${kinds})`,
        });
        return;
      }
      const owner = deviceOfStage(instance, pass.stage);
      if (owner !== d)
        violations.push({
          constraint: 'placement',
          entities: [passName(pass), d],
          message: `${passName(pass)} is listed on device ${d} but stage ${pass.stage} lives on device ${owner}; move it there`,
        });
      if (seen[slotOf(instance, pass)]++)
        violations.push({
          constraint: 'duplicate',
          entities: [passName(pass)],
          message: `${passName(pass)} is listed more than once; list every pass once`,
        });
    });
  });
  requiredPasses(instance).forEach((pass) => {
    if (!seen[slotOf(instance, pass)])
      violations.push({
        constraint: 'missing',
        entities: [passName(pass)],
        message: `${passName(pass)} is not listed; add it to device ${deviceOfStage(instance, pass.stage)}'s order`,
      });
  });
  return violations;
}

/** The simulator input: one resource per device, one task per pass, the orders as given. */
export function simulationInput(instance: PipelineInstance, solution: PipelineSolution): SimulationInput {
  const tasks: SimTask[] = requiredPasses(instance).map((pass) => {
    const device = resourceOf(deviceOfStage(instance, pass.stage));
    const change = memoryChange(instance, pass);
    return {
      id: passName(pass),
      resource: device,
      duration: passLength(instance, pass),
      category: pass.kind,
      deps: waitsFor(instance, pass).map((dep) => ({ task: passName(dep.pass), lag: dep.lag })),
      memory: change.amount === 0 ? [] : [{ device, bytes: change.amount, at: change.at }],
    };
  });
  return {
    resources: Array.from({ length: instance.devices }, (_, d) => ({ id: resourceOf(d), group: resourceOf(d) })),
    tasks,
    order: Object.fromEntries(solution.orders.map((list, d) => [resourceOf(d), list.map(passName)])),
  };
}

/** A pass's dependency that the order makes wait forever, as a violation. */
function deadlock(error: SchedlabError): Violation[] {
  const cause = error.cause as Partial<DeadlockInfo & CycleInfo> | undefined;
  if (cause?.blocked) {
    return cause.blocked.map((b) => ({
      constraint: 'deadlock',
      entities: [b.task, ...b.waitingOn],
      message: `${b.resource} waits forever: its next pass ${b.task} needs ${b.waitingOn.join(', ')}, which come later in their own device orders; reorder them`,
    }));
  }
  return [{ constraint: 'deadlock', entities: cause?.cycle ?? [], message: error.message }];
}

/** Peak activation memory of a device stays within its limit. */
function memoryLimit(instance: PipelineInstance, trace: Trace): Violation[] {
  return trace.memory.flatMap((m) => {
    const d = Number(m.device.replace('device', ''));
    const limit = instance.memoryLimit[d];
    if (m.peakBytes <= limit + tolerance(limit)) return [];
    return [
      {
        constraint: 'memory',
        entities: [d],
        message: `device ${d} holds ${round(m.peakBytes)} units of activations at time ${round(m.peakTime)}, over its limit ${limit}; run W or B passes earlier or fewer forwards ahead`,
      },
    ];
  });
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Makespan (of the as-soon-as-possible run, the shortest for these orders), bubble rate
 * (paper's definition), spans and peak memory, from the span-optimal trace.
 */
export function traceMetrics(
  instance: PipelineInstance,
  trace: Trace,
  makespan = trace.makespan,
): Record<string, number> {
  let cost = 0;
  let busy = 0;
  for (const r of trace.resources) {
    cost = Math.max(cost, r.lastEnd - r.firstStart);
    busy = Math.max(busy, r.busy);
  }
  const peaks = Array.from(
    { length: instance.devices },
    (_, d) => trace.memory.find((m) => m.device === resourceOf(d))?.peakBytes ?? 0,
  );
  const metrics: Record<string, number> = {
    makespan,
    bubbleRate: cost > 0 ? (cost - busy) / cost : 0,
    bubble: cost - busy,
    maxSpan: cost,
    busyMax: busy,
    peakMemory: Math.max(0, ...peaks),
  };
  peaks.forEach((peak, d) => (metrics[`peakMemory.device${d}`] = peak));
  return metrics;
}

/**
 * Check a schedule and score it: the objective is the longest device span when every pass
 * is timed to make it as short as it can be for these orders (`evaluate-spans.ts`), or the
 * makespan of the as-soon-as-possible run, as the instance says.
 *
 * @example
 * ```ts
 * const evaluation = evaluatePipeline(instance, schedule);
 * evaluation.metrics.bubbleRate; // (cost - busy) / cost, as in Qi et al. 2024
 * ```
 */
export function evaluatePipeline(instance: PipelineInstance, solution: PipelineSolution): Evaluation {
  assertSchedulable(instance);
  const violations = shape(instance, solution);
  if (violations.length > 0) return { feasible: false, objective: Number.NaN, violations, metrics: {} };
  let runs: ReturnType<typeof simulatedRuns>;
  try {
    runs = simulatedRuns(instance, solution);
  } catch (error) {
    if (error instanceof SchedlabError && error.kind === 'model')
      return { feasible: false, objective: Number.NaN, violations: deadlock(error), metrics: {} };
    throw error;
  }
  const memory = memoryLimit(instance, runs.spans);
  const metrics = traceMetrics(instance, runs.spans, runs.asap.makespan);
  const objective = instance.objective === 'span' ? metrics.maxSpan : metrics.makespan;
  return { feasible: memory.length === 0, objective, violations: memory, metrics };
}

/**
 * The orders run twice on the simulator: as soon as possible (deadlocks surface here as the
 * simulator's 'model' error), then with every pass released at its span-optimal start.
 */
function simulatedRuns(instance: PipelineInstance, solution: PipelineSolution): { asap: Trace; spans: Trace } {
  const input = simulationInput(instance, solution);
  const asap = simulate(input);
  const best = minimalSpans(instance, solution);
  if (!best) throw new SchedlabError('internal', 'the simulator ran orders that the span solver finds cyclic');
  const release = (pass: Pass) => best.start[slotOf(instance, pass)];
  const starts = new Map(requiredPasses(instance).map((pass) => [passName(pass), release(pass)]));
  return {
    asap,
    spans: simulate({ ...input, tasks: input.tasks.map((task) => ({ ...task, release: starts.get(task.id) ?? 0 })) }),
  };
}

/**
 * The simulated run of a schedule, every pass at its start in a schedule whose longest device
 * span is the shortest these orders allow (so each span is the one the paper's cost counts).
 * Throws the simulator's 'model' error when the orders deadlock.
 *
 * @example
 * ```ts
 * const chrome = traceToChromeJson(pipelineTrace(instance, schedule));
 * ```
 */
export function pipelineTrace(instance: PipelineInstance, solution: PipelineSolution): Trace {
  return simulatedRuns(instance, solution).spans;
}
