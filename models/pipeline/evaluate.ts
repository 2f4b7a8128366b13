/**
 * The independent pipeline evaluator. It checks that the per-device orders list every pass
 * exactly once on its stage's device, then executes them on the discrete-event simulator of
 * the performance model (`src/perf/simulator`): each device is a resource whose prescribed
 * order is the solution's list, F/B dependencies carry the communication lag, and memory
 * events hold M_B from F's start to B's end and M_W from B's end to W's end. Makespan, the
 * bubble rate and peak activation memory are read off the trace; deadlocks come back as
 * violation records. It never imports the heuristics or the formulation.
 *
 * The objective is the paper's cost (the longest device span) or the makespan, as the
 * instance says; both are in the metrics.
 *
 * Bubble rate (Qi et al. 2024, §5.3): (cost − busy) / cost, where cost is the largest span
 * of any device (its last end minus its first start) and busy the largest total pass time
 * of any device (= m(T_F + T_B + T_W) when stages are uniform).
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import { SchedlabError } from '../../src/errors.js';
import { simulate } from '../../src/perf/simulator/simulate.js';
import type { DeadlockInfo, CycleInfo, SimTask, SimulationInput, Trace } from '../../src/perf/simulator/types.js';
import { allPasses, dependencies, duration, memoryDelta, passId, passIndex, passKinds, scheduleSpans, type Timing } from './graph.js';
import { deviceOfStage, stageCount, type Pass, type PipelineInstance, type PipelineSolution } from './instance.js';

const resourceOf = (d: number) => `device${d}`;
const tolerance = (limit: number) => 1e-9 * Math.max(1, Math.abs(limit));

function validPass(instance: PipelineInstance, pass: unknown): pass is Pass {
  const p = pass as Partial<Pass> | null;
  return typeof p === 'object' && p !== null && Number.isInteger(p.stage) && Number.isInteger(p.microbatch)
    && (p.stage as number) >= 0 && (p.stage as number) < stageCount(instance)
    && (p.microbatch as number) >= 0 && (p.microbatch as number) < instance.microbatches
    && passKinds(instance).includes(p.kind as Pass['kind']);
}

/** Every pass appears exactly once, on the device that holds its stage. */
function shape(instance: PipelineInstance, solution: PipelineSolution): Violation[] {
  const orders: unknown = solution?.orders;
  if (!Array.isArray(orders) || orders.length !== instance.devices) {
    return [{ constraint: 'shape', entities: [], message: `the solution needs one pass list per device (${instance.devices}) in 'orders'` }];
  }
  const violations: Violation[] = [];
  const seen = new Uint8Array(allPasses(instance).length);
  orders.forEach((list: unknown, d) => {
    if (!Array.isArray(list)) { violations.push({ constraint: 'shape', entities: [d], message: `orders[${d}] is not a list of passes` }); return; }
    list.forEach((pass: unknown, k) => {
      if (!validPass(instance, pass)) {
        violations.push({ constraint: 'shape', entities: [d, k], message: `orders[${d}][${k}] is not a pass of this instance (stage 0..${stageCount(instance) - 1}, microbatch 0..${instance.microbatches - 1}, kind ${passKinds(instance).join('/')})` });
        return;
      }
      const owner = deviceOfStage(instance, pass.stage);
      if (owner !== d) violations.push({ constraint: 'placement', entities: [passId(pass), d], message: `${passId(pass)} is listed on device ${d} but stage ${pass.stage} lives on device ${owner}; move it there` });
      const k2 = passIndex(instance, pass);
      if (seen[k2]++) violations.push({ constraint: 'duplicate', entities: [passId(pass)], message: `${passId(pass)} is listed more than once; list every pass once` });
    });
  });
  allPasses(instance).forEach((pass) => {
    if (!seen[passIndex(instance, pass)]) violations.push({ constraint: 'missing', entities: [passId(pass)], message: `${passId(pass)} is not listed; add it to device ${deviceOfStage(instance, pass.stage)}'s order` });
  });
  return violations;
}

/** The simulator input: one resource per device, one task per pass, the orders as given. */
export function simulationInput(instance: PipelineInstance, solution: PipelineSolution): SimulationInput {
  const tasks: SimTask[] = allPasses(instance).map((pass) => {
    const device = resourceOf(deviceOfStage(instance, pass.stage));
    const delta = memoryDelta(instance, pass);
    return {
      id: passId(pass),
      resource: device,
      duration: duration(instance, pass),
      category: pass.kind,
      deps: dependencies(instance, pass).map((dep) => ({ task: passId(dep.pass), lag: dep.lag })),
      memory: delta === 0 ? [] : [{ device, bytes: delta, at: delta > 0 ? 'start' : 'end' }],
    };
  });
  return {
    resources: Array.from({ length: instance.devices }, (_, d) => ({ id: resourceOf(d), group: resourceOf(d) })),
    tasks,
    order: Object.fromEntries(solution.orders.map((list, d) => [resourceOf(d), list.map(passId)])),
  };
}

/** A pass's dependency that the order makes wait forever, as a violation. */
function deadlock(error: SchedlabError): Violation[] {
  const cause = error.cause as Partial<DeadlockInfo & CycleInfo> | undefined;
  if (cause?.blocked) {
    return cause.blocked.map((b) => ({ constraint: 'deadlock', entities: [b.task, ...b.waitingOn], message: `${b.resource} waits forever: its next pass ${b.task} needs ${b.waitingOn.join(', ')}, which come later in their own device orders; reorder them` }));
  }
  return [{ constraint: 'deadlock', entities: cause?.cycle ?? [], message: error.message }];
}

/** Peak activation memory of a device stays within its limit. */
function memoryLimit(instance: PipelineInstance, trace: Trace): Violation[] {
  return trace.memory.flatMap((m) => {
    const d = Number(m.device.replace('device', ''));
    const limit = instance.memoryLimit[d];
    if (m.peakBytes <= limit + tolerance(limit)) return [];
    return [{ constraint: 'memory', entities: [d], message: `device ${d} holds ${round(m.peakBytes)} units of activations at time ${round(m.peakTime)}, over its limit ${limit}; run W or B passes earlier or fewer forwards ahead` }];
  });
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** Makespan, bubble rate (paper's definition), spans and peak memory, from the trace. */
export function traceMetrics(instance: PipelineInstance, trace: Trace): Record<string, number> {
  let cost = 0;
  let busy = 0;
  for (const r of trace.resources) {
    cost = Math.max(cost, r.lastEnd - r.firstStart);
    busy = Math.max(busy, r.busy);
  }
  const peaks = Array.from({ length: instance.devices }, (_, d) => trace.memory.find((m) => m.device === resourceOf(d))?.peakBytes ?? 0);
  const metrics: Record<string, number> = {
    makespan: trace.makespan,
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
 * Check a schedule and score it; the objective is the makespan of the simulated run.
 *
 * @example
 * ```ts
 * const evaluation = evaluatePipeline(instance, schedule);
 * evaluation.metrics.bubbleRate; // (cost - busy) / cost, as in Qi et al. 2024
 * ```
 */
export function evaluatePipeline(instance: PipelineInstance, solution: PipelineSolution): Evaluation {
  const violations = shape(instance, solution);
  if (violations.length > 0) return { feasible: false, objective: Number.NaN, violations, metrics: {} };
  let trace: Trace;
  try {
    trace = pipelineTrace(instance, solution);
  } catch (error) {
    if (error instanceof SchedlabError && error.kind === 'model') return { feasible: false, objective: Number.NaN, violations: deadlock(error), metrics: {} };
    throw error;
  }
  const memory = memoryLimit(instance, trace);
  const metrics = traceMetrics(instance, trace);
  const objective = instance.objective === 'span' ? metrics.maxSpan : metrics.makespan;
  return { feasible: memory.length === 0, objective, violations: memory, metrics };
}

/** Start and end by pass index, read off a trace. */
function timingOf(instance: PipelineInstance, trace: Trace): Timing {
  const passes = allPasses(instance);
  const start = new Float64Array(passes.length);
  const end = new Float64Array(passes.length);
  passes.forEach((pass, k) => {
    const record = trace.tasks[k];
    start[passIndex(instance, pass)] = record.start;
    end[passIndex(instance, pass)] = record.end;
  });
  return { ok: true, start, end, makespan: trace.makespan, peakMemory: [] };
}

/**
 * The simulated run of a schedule: first as soon as possible, then again with each device's
 * first pass released as late as it can start without delaying any device's last end, so
 * each device's span is the one the paper's cost counts. Throws the simulator's 'model'
 * error when the orders deadlock.
 *
 * @example
 * ```ts
 * const chrome = traceToChromeJson(pipelineTrace(instance, schedule));
 * ```
 */
export function pipelineTrace(instance: PipelineInstance, solution: PipelineSolution): Trace {
  const input = simulationInput(instance, solution);
  const asap = simulate(input);
  const { firstStart } = scheduleSpans(instance, solution, timingOf(instance, asap));
  const releases = new Map(solution.orders.map((list, d) => [passId(list[0] ?? { stage: 0, microbatch: 0, kind: 'F' }), firstStart[d]]));
  return simulate({ ...input, tasks: input.tasks.map((task) => (releases.has(task.id) ? { ...task, release: Math.max(0, releases.get(task.id) as number) } : task)) });
}
