/**
 * A placement map as SVG: one column per node with two bars (CPU, memory) stacked with
 * its pods, colored by priority tier (darker is higher), moved pods outlined, and the
 * pods left pending listed under the chart.
 */
import type { PodPackingInstance, PodPackingSolution } from './instance.js';
import { priorityTiers } from './instance.js';

const palette = ['#08306b', '#2171b5', '#6baed6', '#c6dbef', '#deebf7'];

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
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
  const [column, height, top] = [48, 200, 20];
  const parts: string[] = [];
  instance.nodes.forEach((node, n) => {
    const x = 10 + n * column;
    parts.push(`<text x="${x}" y="${top + height + 14}" font-size="9">${escape(node.name)}</text>`);
    (['cpu', 'memory'] as const).forEach((resource, r) => {
      let y = top + height;
      const bx = x + r * 18;
      parts.push(`<rect x="${bx}" y="${top}" width="16" height="${height}" fill="none" stroke="#999"/>`);
      instance.pods.forEach((pod, p) => {
        if (solution.assignment[p] !== n || node[resource] === 0) return;
        const h = (pod[resource] / node[resource]) * height;
        y -= h;
        const moved = pod.node !== undefined && pod.node !== n;
        parts.push(
          `<rect x="${bx}" y="${y.toFixed(1)}" width="16" height="${h.toFixed(1)}" fill="${color(pod.priority)}" stroke="${moved ? '#d62728' : '#fff'}"><title>${escape(pod.name)} (priority ${pod.priority})</title></rect>`,
        );
      });
    });
  });
  const pending = instance.pods
    .filter((_, p) => (solution.assignment[p] ?? -1) < 0)
    .map((pod) => `${pod.name} (${pod.priority})`);
  const width = Math.max(300, 20 + instance.nodes.length * column);
  parts.push(
    `<text x="10" y="${top + height + 32}" font-size="10">pending: ${escape(pending.join(', ') || 'none')}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + height + 44}" font-family="sans-serif">\n<text x="10" y="12" font-size="11">${escape(instance.name)}: CPU | memory per node</text>\n${parts.join('\n')}\n</svg>\n`;
}
