import { describe, expect, it } from 'vitest';
import { simulate, type SimTask, type SimulationInput } from '../../src/perf/simulator/index.js';

/**
 * A wide DAG: 64 resources, each task depends on one of the 100 tasks before it, and
 * every 16th resource has a prescribed order (its tasks by index, which cannot deadlock).
 */
function wideDag(tasks: number): SimulationInput {
  const all: SimTask[] = [];
  for (let i = 0; i < tasks; i++) {
    const deps = i > 0 ? [{ task: `t${i - 1 - ((i * 7919) % Math.min(i, 100))}`, lag: (i % 3) * 0.1 }] : [];
    all.push({ id: `t${i}`, resource: `r${(i * 31) % 64}`, duration: 1 + (i % 5), deps, memory: [{ device: `d${i % 8}`, bytes: 1, at: 'start' }] });
  }
  const order: Record<string, string[]> = {};
  for (let r = 0; r < 64; r += 16) order[`r${r}`] = all.filter((task) => task.resource === `r${r}`).map((task) => task.id);
  return { resources: Array.from({ length: 64 }, (_, r) => ({ id: `r${r}`, capacity: 1 + (r % 2) })), tasks: all, order };
}

function bestMs(input: SimulationInput, repeats: number): number {
  let best = Infinity;
  for (let k = 0; k < repeats; k++) {
    const begin = performance.now();
    simulate(input);
    best = Math.min(best, performance.now() - begin);
  }
  return best;
}

describe('simulate: scale', () => {
  it('simulates 100,000 tasks in well under a second, and scales near-linearly', () => {
    const small = wideDag(10_000);
    const large = wideDag(100_000);
    const smallMs = bestMs(small, 3);
    const largeMs = bestMs(large, 3);
    // The bound is loose because test machines are shared; `npm run bench -- simulator` measures.
    expect(largeMs).toBeLessThan(2_000);
    // Ten times the tasks must cost far less than the hundred times a quadratic scan would.
    expect(largeMs / Math.max(smallMs, 1)).toBeLessThan(30);
    expect(simulate(large).tasks).toHaveLength(100_000);
  });
});
