/**
 * The report page's view of a serving plan: one group of bars per instance (replica),
 * coloured by its role, with its GPUs, how busy the evaluator's simulation at the traffic's
 * rate keeps it, and its memory per GPU (weights and activations, and the KV cache the rest
 * holds) against the share of HBM serving may use. A plan is a choice of replicas, so the
 * view shows the replicas side by side: an idle decode pool next to a saturated prefill pool
 * is what to fix, which a Gantt chart of thousands of iterations would bury.
 */
import { SchedlabError } from '../../src/errors.js';
import type { ReportView, StagesData } from '../../src/family/report-view.js';
import { servingMemoryFraction } from '../../src/perf/serve-batch.js';
import { simulatePlan } from './assess.js';
import type { PlannedInstance, ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { longestNeed, planGpus, resolved } from './plan-space.js';

const memoryStack = 'memory per GPU';

/** Busy share per instance from the evaluator's simulation, or undefined when the plan cannot be simulated. */
function utilizationOf(instance: ServingPlanInstance, solution: ServingPlanSolution): Float64Array | undefined {
  try {
    return simulatePlan(instance, solution, resolved(instance).rate).result.utilization;
  } catch (error) {
    if (error instanceof SchedlabError) return undefined;
    throw error;
  }
}

function metricsOf(instance: ServingPlanInstance, simulated: boolean): StagesData['metrics'] {
  const usable = (servingMemoryFraction * resolved(instance).cluster.gpu.hbmBytes) / 1e9;
  return [
    { name: 'GPUs', unit: 'GPUs' },
    ...(simulated ? [{ name: 'busy', unit: '%', limit: 100 }] : []),
    { name: 'weights and activations', unit: 'GB', stack: memoryStack, limit: usable },
    { name: 'KV cache', unit: 'GB', stack: memoryStack, limit: usable },
  ];
}

function stageOf(instance: ServingPlanInstance, planned: PlannedInstance, k: number, busy: number | undefined) {
  const costs = resolved(instance).costs(planned.tp, planned.pp);
  const usable = servingMemoryFraction * resolved(instance).cluster.gpu.hbmBytes;
  const kvBytes = Math.max(0, costs.freeBytesPerGpu(planned.maxBatchTokens));
  const kvTokens = costs.kvCapacityTokens(planned.maxBatchTokens);
  const values: Record<string, number> = {
    GPUs: planned.tp * planned.pp,
    'weights and activations': (usable - costs.freeBytesPerGpu(planned.maxBatchTokens)) / 1e9,
    'KV cache': kvBytes / 1e9,
  };
  if (busy !== undefined) values.busy = 100 * busy;
  const note = `TP ${planned.tp} x PP ${planned.pp} on node ${planned.node}; KV cache for ${kvTokens} tokens (the longest request needs ${longestNeed(instance, planned.role)}); batches up to ${planned.maxBatchTokens} tokens, ${planned.maxBatchSize} sequences`;
  return { name: `${k} ${planned.role}`, values, note, group: planned.role };
}

/**
 * The plan as a stages view, one stage per instance named by its index and role.
 *
 * @example
 * ```ts
 * const view = servingPlanReportView(instance, distserve(instance, context));
 * view.kind; // 'stages'
 * ```
 */
export function servingPlanReportView(instance: ServingPlanInstance, solution: ServingPlanSolution): ReportView {
  const utilization = utilizationOf(instance, solution);
  const rate = resolved(instance).rate;
  return {
    kind: 'stages',
    title: `${instance.name}: ${solution.instances.length} instances on ${planGpus(solution)} GPUs, router ${solution.router}, at ${rate.toPrecision(3)} requests/s`,
    data: {
      metrics: metricsOf(instance, utilization !== undefined),
      stages: solution.instances.map((planned, k) => stageOf(instance, planned, k, utilization?.[k])),
      groupLegend: 'role',
      groups: ['colocated', 'prefill', 'decode'],
    },
  };
}
