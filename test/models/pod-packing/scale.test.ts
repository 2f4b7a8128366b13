// The scheduler at scale keeps upstream's behaviour: it looks for numFeasibleNodesToFind
// feasible nodes from where the last cycle stopped, and the shortcuts it takes (jumping over
// full nodes, remembering which pod shapes fail) change no placement. Bad manifests stay input errors.
import { describe, expect, it } from 'vitest';
import { generatePodPacking } from '../../../models/pod-packing/generate.js';
import { Cluster } from '../../../models/pod-packing/heuristics/cluster.js';
import { feasibleNodes, feasibleNodesToFind } from '../../../models/pod-packing/heuristics/kube-scheduler.js';
import { eligible, fits } from '../../../models/pod-packing/heuristics/filters.js';
import { MaxTree } from '../../../models/pod-packing/heuristics/max-tree.js';
import { readManifests } from '../../../models/pod-packing/manifests.js';
import { seededRandom } from '../../../src/util/random.js';
import { inputErrorOf } from '../../support/errors.js';

describe('the node search', () => {
  it('numFeasibleNodesToFind: every node below 100, then (50 - n/125)% of them, at least 5% and at least 100', () => {
    expect([50, 99, 100, 128, 512, 1000, 5000, 10000].map(feasibleNodesToFind)).toEqual([
      50, 99, 100, 100, 235, 420, 500, 500,
    ]);
  });

  it('finds what a plain scan in name order from the start finds, and moves the start as far', () => {
    const instance = generatePodPacking({ nodes: 150, podsPerNode: 6, priorities: 2, utilization: 1.05 }, 4);
    const cluster = new Cluster(instance);
    const rng = seededRandom(9);
    for (let trial = 0; trial < 40; trial++) {
      const p = Math.floor(rng() * instance.pods.length);
      if (cluster.assignment[p] >= 0) continue;
      const start = Math.floor(rng() * 150);
      const sampler = { next: start };
      const found = feasibleNodes(cluster, p, sampler);
      // The plain scan.
      const expected: number[] = [];
      let checked = 0;
      while (checked < 150 && expected.length < feasibleNodesToFind(150)) {
        const n = cluster.order[(start + checked++) % 150];
        if (eligible(instance.pods[p], instance.nodes[n]) && fits(cluster, p, n)) expected.push(n);
      }
      expect(new Set(found)).toEqual(new Set(expected));
      expect(sampler.next).toBe((start + checked) % 150);
      if (found.length > 0) cluster.bind(p, found[0]);
    }
  });

  it('MaxTree finds the next value at least a threshold', () => {
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    const tree = new MaxTree(values);
    expect([tree.nextAtLeast(0, 4), tree.nextAtLeast(3, 5), tree.nextAtLeast(6, 7), tree.nextAtLeast(0, 10)]).toEqual([
      2, 4, -1, -1,
    ]);
    tree.add(7, 4);
    expect([tree.nextAtLeast(6, 7), tree.max()]).toEqual([7, 10]);
  });
});

describe('bad manifests at scale', () => {
  it('a YAML alias bomb is an input error, not an internal one', () => {
    let text = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    let previous = 'a';
    for (const name of 'bcdefghi') {
      text += `${name}: &${name} [${Array.from({ length: 9 }, () => `*${previous}`).join(',')}]\n`;
      previous = name;
    }
    const error = inputErrorOf(() => readManifests(text));
    expect(error.message).toMatch(/aliases .* too far/);
  });
});
