/**
 * The report page's view of an RCPSP schedule: a Gantt chart, one lane per activity in the
 * order they start, and under it each resource's usage against its capacity (lowered during
 * downtime), as the evaluator computes it (`resourceUsage`).
 */
import type { GanttData, ReportView } from '../../src/family/report-view.js';
import { resourceUsage, usableStarts } from './evaluate.js';
import type { RcpspInstance, RcpspSolution } from './instance.js';

/** The activities with a usable start (a whole number >= 0), in start order. */
function scheduled(instance: RcpspInstance, solution: RcpspSolution): { j: number; start: number }[] {
  return usableStarts(instance, solution)
    .flatMap((start, j) => (start === undefined ? [] : [{ j, start }]))
    .sort((a, b) => a.start - b.start || a.j - b.j);
}

function barOf(instance: RcpspInstance, j: number, start: number): GanttData['bars'][number] {
  const activity = instance.activities[j];
  const demands = instance.resources
    .flatMap((resource, r) => (activity.demand[r] > 0 ? [`${resource.id} ${activity.demand[r]}`] : []))
    .join(', ');
  return {
    lane: activity.id,
    label: activity.id,
    start,
    end: start + activity.duration,
    note: demands ? `uses ${demands}` : 'uses no resource',
  };
}

/** One resource's usage as step points; time 0 starts at zero usage and the nominal capacity. */
function profileOf(
  instance: RcpspInstance,
  solution: RcpspSolution,
  r: number,
): NonNullable<GanttData['profiles']>[number] {
  const resource = instance.resources[r];
  const segments = resourceUsage(instance, solution, r);
  const points = segments.map((s) => ({ time: s.from, usage: s.used, capacity: s.available }));
  const first = segments[0]?.from ?? 0;
  // Before the first event nothing runs and no downtime has begun (every window start is an event).
  if (first > 0) points.unshift({ time: 0, usage: 0, capacity: resource.capacity });
  const last = segments[segments.length - 1];
  if (last) points.push({ time: last.to, usage: 0, capacity: resource.capacity });
  return { name: resource.id, capacity: resource.capacity, points };
}

/**
 * The schedule as a Gantt view: a bar per scheduled activity from its start to its finish
 * (activities without a usable start are left out; the evaluator reports them), and one usage
 * profile per resource.
 *
 * @example
 * ```ts
 * const view = rcpspReportView(instance, family.heuristics.default(instance, context));
 * view.kind; // 'gantt'
 * ```
 */
export function rcpspReportView(instance: RcpspInstance, solution: RcpspSolution): ReportView {
  const rows = scheduled(instance, solution);
  const bars = rows.map(({ j, start }) => barOf(instance, j, start));
  const missing = instance.activities.length - rows.length;
  const title = `${instance.name}: ${bars.length} activities${missing > 0 ? ` (${missing} without a usable start)` : ''}`;
  return {
    kind: 'gantt',
    title,
    unit: 'periods',
    data: {
      lanes: bars.map((bar) => bar.lane),
      bars,
      profiles: instance.resources.map((_, r) => profileOf(instance, solution, r)),
    },
  };
}
