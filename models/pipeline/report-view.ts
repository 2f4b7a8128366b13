/**
 * The report page's view of a pipeline schedule: the evaluator's simulated run as a Gantt
 * chart, one lane per device, one bar per F, B or W pass labelled with its microbatch and
 * coloured by its kind, and (for up to eight devices with a finite limit) each device's
 * activation memory over time against its limit.
 */
import { SchedlabError } from '../../src/errors.js';
import type { GanttData, ReportView } from '../../src/family/report-view.js';
import type { Trace } from '../../src/perf/simulator/types.js';
import { pipelineTrace } from './evaluate.js';
import { passName, requiredPasses } from './evaluate-graph.js';
import type { Pass, PipelineInstance, PipelineSolution } from './instance.js';

/** Memory panels past this many devices would bury the chart; the bars still show every device. */
const maxMemoryProfiles = 8;

const passKinds = { F: 'forward', B: 'backward (input)', W: 'backward (weights)' } as const;

const laneOf = (d: number) => `device ${d}`;

/** Simulator resource id -> device index (the simulator's resources are the devices, in order). */
type Devices = Map<string, number>;

function bars(instance: PipelineInstance, trace: Trace, devices: Devices): GanttData['bars'] {
  const passes = new Map<string, Pass>(requiredPasses(instance).map((pass) => [passName(pass), pass]));
  return trace.tasks.flatMap((task) => {
    const pass = passes.get(task.id);
    const d = devices.get(task.resource);
    if (!pass || d === undefined) return [];
    return [
      {
        lane: laneOf(d),
        label: String(pass.microbatch),
        start: task.start,
        end: task.end,
        group: pass.kind,
        note: `${passKinds[pass.kind]} of microbatch ${pass.microbatch} on stage ${pass.stage}`,
      },
    ];
  });
}

function memoryProfiles(
  instance: PipelineInstance,
  trace: Trace,
  devices: Devices,
): NonNullable<GanttData['profiles']> {
  if (instance.devices > maxMemoryProfiles) return [];
  return trace.memory.flatMap((memory) => {
    const d = devices.get(memory.device);
    const limit = d === undefined ? undefined : instance.memoryLimit[d];
    if (d === undefined || limit === undefined || !Number.isFinite(limit)) return [];
    const points = memory.timeline.map((point) => ({ time: point.time, usage: point.bytes }));
    return [{ name: `${laneOf(d)} activations`, capacity: limit, points }];
  });
}

/**
 * The schedule as a Gantt view of its simulated run (the run whose longest device span the
 * evaluator scores). Orders that deadlock have no run: the view then has the devices and no
 * bar, and its title says why.
 *
 * @example
 * ```ts
 * const view = pipelineReportView(instance, zbH1(instance));
 * view.kind; // 'gantt', a bar per pass
 * ```
 */
export function pipelineReportView(instance: PipelineInstance, solution: PipelineSolution): ReportView {
  const deviceLanes = Array.from({ length: instance.devices }, (_, d) => laneOf(d));
  const common = { kind: 'gantt', unit: 'ms' } as const;
  const data = { lanes: deviceLanes, groupLegend: 'pass', groups: ['F', 'B', 'W'] };
  let trace: Trace;
  try {
    trace = pipelineTrace(instance, solution);
  } catch (error) {
    if (!(error instanceof SchedlabError)) throw error;
    return { ...common, title: `${instance.name}: no run (${error.message})`, data: { ...data, bars: [] } };
  }
  const devices: Devices = new Map(trace.resources.map((resource, d) => [resource.id, d]));
  const title = `${instance.name}: ${instance.devices} devices, ${instance.microbatches} microbatches, makespan ${trace.makespan.toFixed(2)} ms`;
  const profiles = memoryProfiles(instance, trace, devices);
  return {
    ...common,
    title,
    data: { ...data, bars: bars(instance, trace, devices), ...(profiles.length > 0 ? { profiles } : {}) },
  };
}
