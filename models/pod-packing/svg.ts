/**
 * A placement map as SVG (`schedlab solve pod-packing ... --svg FILE`): one block per node,
 * one bar per resource (CPU, memory and the named resources pods request) with the node's
 * pods stacked in it by name as a share of the node's allocatable, the requested and
 * allocatable amounts beside each bar, a legend of the priority colours (moved pods
 * outlined), and the pods left without a node listed with kube-scheduler's reason.
 */
import type { PodPackingInstance, PodPackingSolution } from './instance.js';
import { priorityTiers } from './instance.js';
import { noteOf, packingDimensions, priorityGroup, type PackingDimension } from './report-view.js';
import { pendingMessages } from './unschedulable.js';
import { escapeMarkup } from '../../src/util/markup.js';

/** Observable Plot's categorical palette, as the report page's packing view uses. */
const palette = ['#4269d0', '#efb118', '#ff725c', '#6cc5b0', '#3ca951', '#ff8ab7', '#a463f2', '#97bbf5', '#9c6b4e'];
const layout = { width: 980, left: 230, bar: 520, row: 18, gap: 12, top: 64, charWidth: 6.5 };
/** Pending pods listed one per line up to this many, then a count. */
const listedPending = 40;

const number = (x: number) => String(Number(x.toPrecision(4)));

/** `text` cut to fit `pixels` with an ellipsis; '' when not even two characters fit. */
function clip(text: string, pixels: number): string {
  const chars = Math.floor(pixels / layout.charWidth);
  if (text.length <= chars) return text;
  return chars < 3 ? '' : `${text.slice(0, chars - 1)}…`;
}

interface Context {
  instance: PodPackingInstance;
  assignment: number[];
  color(priority: number): string;
  /** Pixels per share of allocatable (1 = the whole node), fitted to the fullest bar. */
  scale: number;
}

/** One resource bar of node n at height y: its pods stacked left to right, then the numbers. */
function resourceBar(context: Context, n: number, dimension: PackingDimension, y: number): string[] {
  const { instance, assignment, color, scale } = context;
  const node = instance.nodes[n];
  const allocatable = dimension.allocatable(node);
  const parts = [`<text x="${layout.left - 6}" y="${y + 13}" text-anchor="end">${escapeMarkup(dimension.name)}</text>`];
  let x = layout.left;
  let requested = 0;
  instance.pods.forEach((pod, p) => {
    const amount = dimension.request(pod);
    if (assignment[p] !== n || amount <= 0) return;
    requested += amount;
    const width = allocatable > 0 ? (amount / allocatable) * scale : 0;
    const moved = pod.node !== undefined && pod.node !== n;
    const tip = `${pod.name}, priority ${pod.priority}: ${number(amount)} ${dimension.unit}${moved ? ', moved here' : ''}`;
    parts.push(
      `<g><title>${escapeMarkup(tip)}</title><rect x="${x.toFixed(1)}" y="${y + 1}" width="${width.toFixed(1)}" height="${layout.row - 2}" fill="${color(pod.priority)}" stroke="${moved ? '#d62728' : '#fff'}" stroke-width="${moved ? 2 : 0.5}"/>`,
      `<text x="${(x + width / 2).toFixed(1)}" y="${y + 13}" text-anchor="middle" fill="#fff">${escapeMarkup(clip(pod.name, width - 4))}</text></g>`,
    );
    x += width;
  });
  const share = allocatable > 0 ? ` (${Math.round((100 * requested) / allocatable)}%)` : '';
  const over = requested > allocatable ? ' fill="#c00"' : '';
  const numbers = `${number(requested)} / ${number(allocatable)} ${dimension.unit}${share}`;
  parts.push(`<text x="${layout.left + layout.bar + 8}" y="${y + 13}"${over}>${escapeMarkup(numbers)}</text>`);
  return parts;
}

function nodeBlock(context: Context, dimensions: PackingDimension[], n: number, y: number): string[] {
  const height = dimensions.length * layout.row;
  const node = context.instance.nodes[n];
  return [
    `<text x="10" y="${y + height / 2 + 4}" font-weight="bold">${escapeMarkup(clip(node.name, layout.left - 120))}</text>`,
    `<rect x="${layout.left}" y="${y}" width="${layout.bar}" height="${height}" fill="#f4f4f4"/>`,
    `<line x1="${layout.left + context.scale}" x2="${layout.left + context.scale}" y1="${y - 2}" y2="${y + height + 2}" stroke="#333" stroke-dasharray="4 2"/>`,
    ...dimensions.flatMap((dimension, d) => resourceBar(context, n, dimension, y + d * layout.row)),
  ];
}

function legend(instance: PodPackingInstance, color: (priority: number) => string): string[] {
  const entries = [
    ...priorityTiers(instance).map((priority) => ({
      label: priorityGroup(priority),
      fill: color(priority),
      stroke: 'none',
    })),
    { label: 'moved here', fill: '#fff', stroke: '#d62728' },
  ];
  let x = 10;
  return entries.map((entry) => {
    const item = `<rect x="${x}" y="30" width="12" height="12" fill="${entry.fill}" stroke="${entry.stroke}" stroke-width="2"/><text x="${x + 16}" y="40">${escapeMarkup(entry.label)}</text>`;
    x += 28 + layout.charWidth * entry.label.length;
    return item;
  });
}

function pendingLines(instance: PodPackingInstance, assignment: number[], y: number): string[] {
  const reasons = pendingMessages(instance, assignment);
  const pending = instance.pods.filter((_, p) => (assignment[p] ?? -1) < 0);
  const lines = pending.slice(0, listedPending).map((pod) => {
    // The same note as the report page's view: evicted from its node, else the scheduler's reason.
    const why = noteOf(instance, instance.pods.indexOf(pod), -1, reasons);
    return `${pod.name} (priority ${pod.priority})${why ? `: ${why}` : ''}`;
  });
  if (pending.length > listedPending) lines.push(`… and ${pending.length - listedPending} more`);
  const title = pending.length === 0 ? 'Every pod has a node.' : `Without a node (${pending.length}):`;
  return [title, ...lines].map((line, k) => `<text x="10" y="${y + 16 * k}">${escapeMarkup(line)}</text>`);
}

/**
 * Render a placement.
 *
 * @example
 * ```ts
 * writeFileSync('placement.svg', renderPodPackingSvg(instance, solution));
 * ```
 */
export function renderPodPackingSvg(instance: PodPackingInstance, solution: PodPackingSolution): string {
  const tiers = priorityTiers(instance);
  const color = (priority: number) => palette[Math.min(tiers.indexOf(priority), palette.length - 1)];
  const dimensions = packingDimensions(instance);
  const assignment = solution.assignment;
  const fullest = Math.max(
    1,
    ...instance.nodes.flatMap((_, n) => dimensions.map((d) => usedShare(instance, assignment, n, d))),
  );
  const context: Context = { instance, assignment, color, scale: layout.bar / fullest };
  const blockHeight = dimensions.length * layout.row + layout.gap;
  const nodes = instance.nodes.flatMap((_, n) => nodeBlock(context, dimensions, n, layout.top + n * blockHeight));
  const pendingTop = layout.top + instance.nodes.length * blockHeight + 16;
  const pending = pendingLines(instance, assignment, pendingTop);
  const height = pendingTop + 16 * pending.length;
  const title = `${instance.name}: requested / allocatable per node (the dashed line is 100%)`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${height}" font-family="sans-serif" font-size="11">
<text x="10" y="16" font-size="13" font-weight="bold">${escapeMarkup(title)}</text>
${[...legend(instance, color), ...nodes, ...pending].join('\n')}
</svg>
`;
}

/** The share of node n's allocatable that its pods request in one dimension (0 when it has none). */
function usedShare(instance: PodPackingInstance, assignment: number[], n: number, dimension: PackingDimension): number {
  const allocatable = dimension.allocatable(instance.nodes[n]);
  if (allocatable <= 0) return 0;
  const requested = instance.pods.reduce((sum, pod, p) => sum + (assignment[p] === n ? dimension.request(pod) : 0), 0);
  return requested / allocatable;
}
