/**
 * The report page's view of a sequence-parallel plan: a Gantt chart with one lane per GPU.
 * Micro-batches run one after another, each as long as its slowest SP group; a group's bar
 * sits on each of its GPUs for the evaluator's time of that group (`simulatedGroupMs`), so
 * the gaps after the faster groups are the time the plan wastes. Under the bars, the tokens
 * per GPU of each micro-batch's most loaded group against the per-GPU token capacity.
 */
import type { GanttData, ReportView } from '../../src/family/report-view.js';
import { simulatedGroupMs, timedGroup } from './evaluate.js';
import type { SequenceParallelInstance, SequenceParallelSolution, SpGroup } from './instance.js';

/** What the tooltip lists of a group's sequences before it summarises the rest. */
const listedSequences = 12;

const laneOf = (gpu: number) => `GPU ${gpu}`;

function groupNote(instance: SequenceParallelInstance, group: SpGroup, m: number, k: number, ms: number): string {
  const listed = group.sequences.slice(0, listedSequences).map((i) => `${i} (${instance.lengths[i]})`);
  const rest = group.sequences.length - listed.length;
  const gpus = `GPUs ${group.firstGpu}-${group.firstGpu + group.degree - 1}`;
  return `micro-batch ${m} group ${k}, ${gpus}, ${ms.toFixed(2)} ms; sequences (tokens) ${listed.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

/** The GPUs of the cluster a group holds (a group past the cluster's end is cut; the evaluator reports it). */
function gpusOf(instance: SequenceParallelInstance, group: SpGroup): number[] {
  const last = Math.min(instance.gpus, group.firstGpu + group.degree);
  return Array.from({ length: Math.max(0, last - group.firstGpu) }, (_, r) => group.firstGpu + r);
}

interface Timeline {
  bars: GanttData['bars'];
  points: { time: number; usage: number }[];
}

/** Bars and the token profile of every micro-batch, back to back as the evaluator sums them. */
function timeline(instance: SequenceParallelInstance, solution: SequenceParallelSolution): Timeline {
  const result: Timeline = { bars: [], points: [] };
  let start = 0;
  solution.microBatches.forEach((mb, m) => {
    let slowest = 0;
    let peakTokens = 0;
    mb.groups.forEach((group, k) => {
      if (!timedGroup(instance, group)) return;
      const ms = simulatedGroupMs(instance, group);
      const tokens = group.sequences.reduce((sum, i) => sum + (instance.lengths[i] ?? 0), 0);
      [slowest, peakTokens] = [Math.max(slowest, ms), Math.max(peakTokens, tokens / group.degree)];
      const bar = {
        label: `mb ${m}: ${group.sequences.length} seq`,
        start,
        end: start + ms,
        group: `SP ${group.degree}`,
        note: groupNote(instance, group, m, k, ms),
      };
      for (const gpu of gpusOf(instance, group)) result.bars.push({ ...bar, lane: laneOf(gpu) });
    });
    result.points.push({ time: start, usage: peakTokens });
    start += slowest;
  });
  result.points.push({ time: start, usage: 0 });
  return result;
}

/**
 * The plan as a Gantt view: lanes are GPUs, bars SP groups coloured by degree.
 *
 * @example
 * ```ts
 * const view = sequenceParallelReportView(instance, family.heuristics.default(instance, context));
 * view.kind; // 'gantt'
 * ```
 */
export function sequenceParallelReportView(
  instance: SequenceParallelInstance,
  solution: SequenceParallelSolution,
): ReportView {
  const { bars, points } = timeline(instance, solution);
  const step = points[points.length - 1].time;
  return {
    kind: 'gantt',
    title: `${instance.name}: ${instance.lengths.length} sequences in ${solution.microBatches.length} micro-batches on ${instance.gpus} GPUs, step ${step.toFixed(2)} ms`,
    unit: 'ms',
    data: {
      lanes: Array.from({ length: instance.gpus }, (_, gpu) => laneOf(gpu)),
      bars,
      groupLegend: 'SP degree',
      groups: instance.degrees.map((degree) => `SP ${degree}`),
      profiles: [{ name: 'tokens per GPU (most loaded group)', capacity: instance.tokenCapacity, points }],
    },
  };
}
