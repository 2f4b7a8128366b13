import { describe, expect, it } from 'vitest';
import { ganttSvg } from '../../../models/rcpsp/gantt-svg.js';
import { generateMigrationWithReference, generatePsplibLike } from '../../../models/rcpsp/generate.js';
import { parseRcpsp } from '../../../models/rcpsp/instance.js';

/** A small XML well-formedness check: balanced tags, quoted attributes, escaped text. */
function assertWellFormed(xml: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(xml); match !== null; match = tag.exec(xml)) {
    const between = xml.slice(last, match.index);
    expect(between, `text before <${match[2]}>`).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = match;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else if (!selfClosing) stack.push(name);
  }
  expect(xml.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(xml.trimStart().startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
}

const barsOf = (svg: string) => [...svg.matchAll(/<g class="bar" data-activity="([^"]*)">/g)].map((m) => m[1]);

describe('ganttSvg', () => {
  it('draws a well-formed SVG with one bar per activity, rows sorted by start', () => {
    const { instance, reference } = generateMigrationWithReference({ size: 'small' }, 3);
    const svg = ganttSvg(instance, reference);
    assertWellFormed(svg);
    const bars = barsOf(svg);
    expect([...bars].sort()).toEqual(instance.activities.map((a) => a.id).sort());
    const startOf = (id: string) => reference.starts[instance.activities.findIndex((a) => a.id === id)];
    expect(bars.map(startOf)).toEqual([...reference.starts].sort((a, b) => a - b));
    expect(svg).toContain('class="downtime"');
    expect(svg).not.toContain('class="overload"');
  });

  it('escapes ids, marks overloads in red and survives unusable starts', () => {
    const instance = parseRcpsp({
      name: 'A & B <test>',
      resources: [{ id: 'R"1', capacity: 1 }],
      activities: [
        { id: 'x<1>', duration: 3, demand: { 'R"1': 1 } },
        { id: 'y&2', duration: 2, demand: { 'R"1': 1 } },
        { id: 'z', duration: 1 },
      ],
    });
    const svg = ganttSvg(instance, { starts: [0, 1, Number.NaN] });
    assertWellFormed(svg);
    expect(barsOf(svg)).toEqual(['x&lt;1&gt;', 'y&amp;2']);
    expect(svg).toContain('no valid start');
    expect(svg.match(/class="overload"/g)).toHaveLength(1);
    expect(svg).toContain('R&quot;1 over capacity in periods 1..2: 2 used, 1 available');
  });

  it('scales to a 62-activity instance', () => {
    const instance = generatePsplibLike({ size: 'large' }, 1);
    const starts: number[] = instance.activities.map(() => 0);
    for (const [j, a] of instance.activities.entries())
      for (const s of a.successors) starts[s] = Math.max(starts[s], starts[j] + a.duration);
    const svg = ganttSvg(instance, { starts }, { width: 1200, title: 'j60-like' });
    assertWellFormed(svg);
    expect(barsOf(svg)).toHaveLength(62);
    expect(svg).toContain('width="1200"');
  });
});
