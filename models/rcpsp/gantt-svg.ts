/**
 * A Gantt chart of an RCPSP schedule as one self-contained SVG: a bar per activity (rows
 * sorted by start), a time axis, and under it one usage profile per resource (usage as
 * a step chart against the capacity line, downtime shaded, overloads in red).
 */
import type { RcpspInstance, RcpspSolution, Resource } from './instance.js';
import { escapeMarkup } from '../../src/util/markup.js';

/** Sizes of the chart, in pixels, and an optional title (the instance name by default). */
export interface GanttOptions {
  width?: number;
  rowHeight?: number;
  profileHeight?: number;
  title?: string;
}

interface Layout {
  left: number;
  top: number;
  chartWidth: number;
  scale: number;
  horizon: number;
  rowHeight: number;
  profileHeight: number;
}

const COLORS = { bar: '#4e79a7', usage: '#a0cbe8', over: '#e15759', down: '#bab0ac', grid: '#e6e6e6', text: '#333' };

const fmt = (x: number) => String(Math.round(x * 100) / 100);
const rect = (x: number, y: number, w: number, h: number, attrs: string) =>
  `<rect x="${fmt(x)}" y="${fmt(y)}" width="${fmt(w)}" height="${fmt(h)}" ${attrs}/>`;
const text = (x: number, y: number, content: string, attrs = '') =>
  `<text x="${fmt(x)}" y="${fmt(y)}" ${attrs}>${escapeMarkup(content)}</text>`;

function validStart(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** A tick spacing of 1, 2 or 5 times a power of ten giving about ten ticks. */
function tickStep(horizon: number): number {
  const raw = Math.max(1, horizon / 10);
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw)!;
}

function bars(instance: RcpspInstance, starts: unknown[], layout: Layout): string[] {
  const { left, top, scale, rowHeight } = layout;
  const rows = instance.activities
    .map((_, j) => j)
    .sort((a, b) => {
      const [sa, sb] = [starts[a], starts[b]];
      return (validStart(sa) ? sa : Infinity) - (validStart(sb) ? sb : Infinity) || a - b;
    });
  return rows.flatMap((j, k) => {
    const a = instance.activities[j];
    const y = top + k * rowHeight;
    const label = text(left - 6, y + rowHeight * 0.7, a.id, 'text-anchor="end"');
    const s = starts[j];
    if (!validStart(s)) return [label, text(left + 4, y + rowHeight * 0.7, 'no valid start', `fill="${COLORS.over}"`)];
    const tip = `<title>${escapeMarkup(`${a.id}: start ${s}, duration ${a.duration}, finish ${s + a.duration}`)}</title>`;
    const width = Math.max(a.duration * scale, 2);
    return [
      label,
      `<g class="bar" data-activity="${escapeMarkup(a.id)}">${tip}${rect(left + s * scale, y + 2, width, rowHeight - 4, `fill="${COLORS.bar}" rx="2"`)}</g>`,
    ];
  });
}

function axis(layout: Layout, y: number, bottom: number): string[] {
  const { left, scale, horizon } = layout;
  const step = tickStep(horizon);
  const parts = [
    `<line x1="${left}" y1="${fmt(y)}" x2="${fmt(left + horizon * scale)}" y2="${fmt(y)}" stroke="${COLORS.text}"/>`,
  ];
  for (let t = 0; t <= horizon; t += step) {
    const x = fmt(left + t * scale);
    parts.push(`<line x1="${x}" y1="${layout.top}" x2="${x}" y2="${fmt(bottom)}" stroke="${COLORS.grid}"/>`);
    parts.push(`<line x1="${x}" y1="${fmt(y)}" x2="${x}" y2="${fmt(y + 4)}" stroke="${COLORS.text}"/>`);
    parts.push(text(left + t * scale, y + 15, String(t), 'text-anchor="middle"'));
  }
  return parts;
}

function capacityAt(resource: Resource, t: number): number {
  let capacity = resource.capacity;
  for (const w of resource.downtime) if (w.start <= t && t < w.end) capacity = Math.min(capacity, w.capacity);
  return capacity;
}

/** Segments [from, to) of constant usage and capacity over [0, horizon). */
function segments(instance: RcpspInstance, starts: unknown[], r: number, horizon: number) {
  const resource = instance.resources[r];
  const users = instance.activities.flatMap((a, j) => {
    const s = starts[j];
    return validStart(s) && a.demand[r] > 0 && a.duration > 0 ? [{ s, f: s + a.duration, q: a.demand[r] }] : [];
  });
  const points = new Set([
    0,
    horizon,
    ...users.flatMap((u) => [u.s, u.f]),
    ...resource.downtime.flatMap((w) => [w.start, w.end]),
  ]);
  const sorted = [...points].filter((t) => t >= 0 && t <= horizon).sort((a, b) => a - b);
  return sorted.slice(0, -1).map((from, k) => ({
    from,
    to: sorted[k + 1],
    used: users.reduce((sum, u) => sum + (u.s <= from && from < u.f ? u.q : 0), 0),
    available: capacityAt(resource, from),
  }));
}

function profile(instance: RcpspInstance, starts: unknown[], r: number, layout: Layout, y0: number): string[] {
  const { left, scale, horizon, profileHeight: height } = layout;
  const resource = instance.resources[r];
  const segs = segments(instance, starts, r, horizon);
  const top = Math.max(1, resource.capacity, ...segs.map((s) => s.used));
  const y = (v: number) => y0 + height - (v / top) * height;
  const x = (t: number) => left + t * scale;
  const parts = [rect(left, y0, horizon * scale, height, 'fill="none" stroke="#999"')];
  for (const w of resource.downtime) {
    const [from, to] = [Math.min(w.start, horizon), Math.min(w.end, horizon)];
    if (to > from)
      parts.push(
        `<g class="downtime"><title>${escapeMarkup(`${resource.id} down to ${w.capacity} in periods ${w.start}..${w.end - 1}`)}</title>${rect(x(from), y0, (to - from) * scale, height, `fill="${COLORS.down}" fill-opacity="0.45"`)}</g>`,
      );
  }
  for (const s of segs) {
    const w = (s.to - s.from) * scale;
    if (s.used > 0)
      parts.push(
        rect(
          x(s.from),
          y(Math.min(s.used, s.available)),
          w,
          y(0) - y(Math.min(s.used, s.available)),
          `fill="${COLORS.usage}"`,
        ),
      );
    if (s.used > s.available)
      parts.push(
        `<g class="overload"><title>${escapeMarkup(`${resource.id} over capacity in periods ${s.from}..${s.to - 1}: ${s.used} used, ${s.available} available`)}</title>${rect(x(s.from), y(s.used), w, y(s.available) - y(s.used), `fill="${COLORS.over}"`)}</g>`,
      );
  }
  const line = segs
    .map(
      (s, k) =>
        `${k === 0 ? 'M' : 'L'}${fmt(x(s.from))},${fmt(y(s.available))} L${fmt(x(s.to))},${fmt(y(s.available))}`,
    )
    .join(' ');
  if (line)
    parts.push(`<path d="${line}" fill="none" stroke="${COLORS.text}" stroke-width="1.5" stroke-dasharray="4 2"/>`);
  parts.push(text(left - 6, y0 + 12, resource.id, 'text-anchor="end" font-weight="bold"'));
  parts.push(text(left - 6, y0 + 26, `cap ${resource.capacity}`, 'text-anchor="end"'));
  parts.push(text(x(horizon) + 4, y0 + 9, String(top)), text(x(horizon) + 4, y0 + height, '0'));
  return parts;
}

/**
 * The schedule as a self-contained SVG document: one bar per activity, a time axis, and
 * a usage profile per resource with its capacity (dashed), downtime (grey) and overloads (red).
 *
 * @example
 * ```ts
 * writeFileSync('schedule.svg', ganttSvg(instance, { starts }));
 * ```
 */
export function ganttSvg(instance: RcpspInstance, solution: RcpspSolution, options: GanttOptions = {}): string {
  const starts: unknown[] = Array.isArray(solution?.starts) ? solution.starts : [];
  const width = options.width ?? 960;
  const rowHeight = options.rowHeight ?? 18;
  const profileHeight = options.profileHeight ?? 70;
  const longestId = Math.max(
    4,
    ...instance.activities.map((a) => a.id.length),
    ...instance.resources.map((r) => r.id.length),
  );
  const left = Math.min(220, 16 + longestId * 7);
  const top = 34;
  const finishes = instance.activities.map((a, j) => (validStart(starts[j]) ? (starts[j] as number) + a.duration : 0));
  const horizon = Math.max(1, ...finishes);
  const chartWidth = width - left - 36;
  const layout: Layout = { left, top, chartWidth, scale: chartWidth / horizon, horizon, rowHeight, profileHeight };
  const axisY = top + instance.activities.length * rowHeight + 4;
  const profileTop = (r: number) => axisY + 34 + r * (profileHeight + 16);
  const height = profileTop(instance.resources.length) + 4;
  const title = options.title ?? `${instance.name}: makespan ${horizon}`;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${fmt(height)}" viewBox="0 0 ${width} ${fmt(height)}" font-family="sans-serif" font-size="11" fill="${COLORS.text}">`,
    rect(0, 0, width, height, 'fill="white"'),
    text(left, 20, title, 'font-size="14" font-weight="bold"'),
    ...axis(layout, axisY, profileTop(instance.resources.length) - 16),
    ...bars(instance, starts, layout),
    ...instance.resources.flatMap((_, r) => profile(instance, starts, r, layout, profileTop(r))),
    '</svg>',
    '',
  ].join('\n');
}
