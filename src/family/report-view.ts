/**
 * What a family shows of one solution on the report page (`schedlab report`): a chart kind
 * the page knows how to draw, and the plain-JSON data it draws. The page draws every kind
 * with the bundled chart library (`src/report/client/views.js`), so a family only chooses
 * the kind and extracts the numbers; `svg` embeds the family's own renderer as it is.
 */
export type ReportView =
  /** Bars on a time axis, one row per lane (activities on resources, passes on devices). */
  | { kind: 'gantt'; title: string; unit: string; data: GanttData }
  /** Bins (nodes, GPUs) with the items placed in them, labelled, with requested vs capacity. */
  | { kind: 'packing'; title: string; data: PackingData }
  /** A matrix of numbers, e.g. expert load per GPU and layer. */
  | { kind: 'heatmap'; title: string; data: HeatmapData }
  /** Grouped bars per stage or group: time and memory of each stage of a plan. */
  | { kind: 'stages'; title: string; data: StagesData }
  /** A standalone SVG from the family's own renderer. */
  | { kind: 'svg'; title: string; svg: string };

export interface GanttData {
  lanes: string[];
  /** `note` is extra tooltip text (e.g. the sequences a group runs). */
  bars: { lane: string; label: string; start: number; end: number; group?: string; note?: string }[];
  /**
   * Optional capacity/usage profile drawn under the bars (RCPSP resources). Each point holds
   * from its time to the next one's (a step chart); `capacity` on a point overrides the
   * profile's capacity from that time on (downtime), until a point without it.
   */
  profiles?: { name: string; capacity: number; points: { time: number; usage: number; capacity?: number }[] }[];
  /** What the colour of a bar means (e.g. 'pass'), shown as the legend's title. */
  groupLegend?: string;
  /** The groups in legend order (default: order of first appearance). */
  groups?: string[];
}

export interface PackingData {
  /** The dimensions compared per bin (cpu, memory, gpu, ...), with their unit. */
  dimensions: { name: string; unit: string }[];
  /** `labels` are shown with the bin's name on pointing at it (e.g. a node's labels and taints). */
  bins: { name: string; capacity: Record<string, number>; labels?: string[] }[];
  /** `note` is extra tooltip text (e.g. why a pod is pending, or that it moved). */
  items: { name: string; bin: string | null; request: Record<string, number>; group?: string; note?: string }[];
  /** What the colour of an item means (e.g. 'priority'), shown as the legend's title. */
  groupLegend?: string;
  /** The groups in legend order (default: order of first appearance), e.g. highest priority first. */
  groups?: string[];
}

export interface HeatmapData {
  rowLabel: string;
  columnLabel: string;
  valueLabel: string;
  cells: { row: string; column: string; value: number; note?: string }[];
  /**
   * The value that means "as expected" (e.g. 1 for a load over the mean): the colours then
   * diverge from it, cold below and hot above, each side full at its extreme value but no
   * sooner than a quarter of the pivot off it (1 if it is 0). Without it the colours run from zero up.
   */
  pivot?: number;
  /** Row and column order (default: order of first appearance in `cells`). */
  rows?: string[];
  columns?: string[];
}

export interface StagesData {
  /**
   * One entry per stage/group; each metric a bar, with its unit, in a panel of its own.
   * Metrics that name the same `stack` are the parts of one total (memory by kind) and are
   * stacked in one panel titled by the stack's name; a `limit` on any of them is that panel's line.
   */
  metrics: { name: string; unit: string; limit?: number; stack?: string }[];
  /** `group` colours the stage's bars in unstacked panels (e.g. an instance's role). */
  stages: { name: string; values: Record<string, number>; note?: string; group?: string }[];
  /** What the colour of a stage means (e.g. 'role'), shown as the legend's title. */
  groupLegend?: string;
  /** The groups in legend order (default: order of first appearance). */
  groups?: string[];
}
