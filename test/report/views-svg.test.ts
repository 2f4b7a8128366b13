/**
 * The pod-packing family's own SVG (`--svg FILE`, and the report page's `svg` view): pod names
 * on their node's bars, a legend of the priority colours, requested vs allocatable numbers per
 * node and resource, and the pods left without a node with the scheduler's reason.
 */
import { describe, expect, it } from 'vitest';
import { family } from '../../models/pod-packing/index.js';
import { renderPodPackingSvg } from '../../models/pod-packing/svg.js';
import { heuristicContext } from '../support/heuristics.js';
import { podInstance } from './views-pod-instance.js';

const solution = family.heuristics.default(podInstance, heuristicContext(1, 5));
const svg = renderPodPackingSvg(podInstance, solution);
const texts = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

describe('renderPodPackingSvg', () => {
  it('writes every placed pod name on its bars and lists the pending ones with the reason', () => {
    podInstance.pods.forEach((pod, p) => {
      if (solution.assignment[p] >= 0) expect(texts).toContain(pod.name);
      else expect(texts.some((t) => t.startsWith(`${pod.name} (priority ${pod.priority}): 0/2 nodes`))).toBe(true);
    });
    expect(texts).toContain('Without a node (1):');
  });

  it('has a legend entry per priority tier and for moved pods', () => {
    for (const label of ['priority 100', 'priority 50', 'priority 0', 'moved here']) expect(texts).toContain(label);
  });

  it('writes requested / allocatable per node and resource, from the placed pods', () => {
    const onA = podInstance.pods.filter((_, p) => solution.assignment[p] === 0);
    const gpus = onA.reduce((sum, pod) => sum + (pod.resources?.['nvidia.com/gpu'] ?? 0), 0);
    const cores = onA.reduce((sum, pod) => sum + pod.cpu / 1000, 0);
    expect(texts).toContain(`${cores} / 32 cores (${Math.round((100 * cores) / 32)}%)`);
    expect(texts).toContain(`${gpus} / 4 units (${Math.round((100 * gpus) / 4)}%)`);
  });

  it('escapes names and stays one well-formed svg element', () => {
    const odd = family.parse({
      name: 'a<b>&"c"',
      nodes: [{ name: 'n&1', cpu: '1', memory: '1Gi' }],
      pods: [{ name: 'p<1>', cpu: '500m', memory: '128Mi' }],
    });
    const text = renderPodPackingSvg(odd, { assignment: [0] });
    expect(text).toContain('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(text).not.toMatch(/<[^/a-z!]/);
    expect(text.match(/<svg /g)).toHaveLength(1);
  });
});
