/**
 * The report page's view of an expert placement: a heat map of each GPU's load per layer,
 * as the tokens its replicas serve over the layer's mean per GPU (1 is an even share, the
 * row's largest value is the evaluator's imbalance of that layer), so hot GPUs stand out
 * whatever the layer's traffic. The tooltip lists the experts on the GPU and their tokens.
 */
import type { HeatmapData, ReportView } from '../../src/family/report-view.js';
import { replicaShares } from './evaluate-traffic.js';
import type { ExpertPlacementInstance, ExpertPlacementSolution } from './instance.js';

/** What the tooltip lists per GPU before it summarises the rest. */
const listedExperts = 8;

interface Served {
  tokens: number;
  experts: { expert: number; tokens: number }[];
}

/** Per GPU of layer `l`: the tokens its replicas serve (the evaluator's split) and which experts they are. */
function servedByGpu(instance: ExpertPlacementInstance, solution: ExpertPlacementSolution, l: number): Served[] {
  const served: Served[] = Array.from({ length: instance.gpus }, () => ({ tokens: 0, experts: [] }));
  replicaShares(instance, solution, l).forEach((replicas, expert) => {
    for (const replica of replicas) {
      const gpu = served[replica.gpu];
      if (!gpu) continue;
      gpu.tokens += replica.tokens;
      gpu.experts.push({ expert, tokens: replica.tokens });
    }
  });
  return served;
}

function noteOf(served: Served): string {
  const sorted = [...served.experts].sort((a, b) => b.tokens - a.tokens);
  const listed = sorted.slice(0, listedExperts).map((e) => `${e.expert} (${Math.round(e.tokens)})`);
  const rest = sorted.length - listed.length;
  return `${Math.round(served.tokens)} tokens; experts ${listed.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`;
}

function layerCells(
  instance: ExpertPlacementInstance,
  solution: ExpertPlacementSolution,
  l: number,
): HeatmapData['cells'] {
  const served = servedByGpu(instance, solution, l);
  const mean = served.reduce((sum, gpu) => sum + gpu.tokens, 0) / instance.gpus;
  return served.map((gpu, g) => ({
    row: `layer ${l}`,
    column: `GPU ${g}`,
    // A layer without tokens is evenly (un)loaded, as the evaluator counts it.
    value: mean > 0 ? gpu.tokens / mean : 1,
    note: noteOf(gpu),
  }));
}

/**
 * The placement as a heat map: rows are layers, columns GPUs, values the GPU's load over the
 * layer's mean. The placement must list every layer's GPUs (the evaluator reports one that
 * does not); the view shows the layers it lists.
 *
 * @example
 * ```ts
 * const view = expertPlacementReportView(instance, eplb(instance));
 * view.kind; // 'heatmap'
 * ```
 */
export function expertPlacementReportView(
  instance: ExpertPlacementInstance,
  solution: ExpertPlacementSolution,
): ReportView {
  const layers = Math.min(instance.layers, solution.placement.length);
  const cells = Array.from({ length: layers }, (_, l) => layerCells(instance, solution, l)).flat();
  return {
    kind: 'heatmap',
    title: `${instance.name}: load per GPU and layer (${instance.experts} experts, ${instance.redundantSlots} redundant slots, ${instance.gpus} GPUs)`,
    data: {
      rowLabel: 'layer',
      columnLabel: 'GPU',
      valueLabel: 'tokens served / layer mean per GPU',
      cells,
      // An even share is 1: hot GPUs are red, idle ones blue.
      pivot: 1,
      rows: Array.from({ length: layers }, (_, l) => `layer ${l}`),
      columns: Array.from({ length: instance.gpus }, (_, g) => `GPU ${g}`),
    },
  };
}
