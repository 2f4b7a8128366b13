import { describe, expect, it } from 'vitest';
import { solve } from '../../../src/solve/solve.js';
import { runExact } from '../../../src/family/run-exact.js';
import { family } from '../../../models/pod-packing/index.js';
import { formulatePodPacking } from '../../../models/pod-packing/formulation.js';
import { compareLexicographic, lexicographicVector } from '../../../models/pod-packing/lexicographic.js';
import { encodeObjective, objectiveWeights } from '../../../models/pod-packing/objective.js';
import { generatePodPacking } from '../../../models/pod-packing/generate.js';
import { cluster, node, pod } from './support.js';

/**
 * The audit's repro: two movable, non-evictable high pods (one per node) and a pending
 * 2-CPU low pod. Placing the low pod needs a move (disruption 2 at the high tier), which
 * the order forbids: the high tier's disruption comes before the low tier's count.
 */
const repro = () =>
  cluster(
    [node('a', { cpu: '2' }), node('b', { cpu: '2' })],
    [
      pod('h1', { node: 'a', priority: 100, owner: 'rs', movable: true, evictable: false }),
      pod('h2', { node: 'b', priority: 100, owner: 'rs', movable: true, evictable: false }),
      pod('low', { cpu: '2', priority: 0 }),
    ],
  );

describe('the objective (mixed-radix encoding of the lexicographic order)', () => {
  it('builds the weights from the radices (n_k + 1) and (2 r_k + 1)', () => {
    const weights = objectiveWeights(repro());
    // Digits p_100 in 0..2, s_100 in 0..4, p_0 in 0..1, s_0 in 0..0: radices 3, 5, 2, 1.
    expect(weights).toMatchObject({ tiers: [100, 0], placed: [10n, 1n], stability: [2n, 1n], max: 29n, exact: true });
    expect(encodeObjective(weights, [2, 0], [0, 0])).toBe(28);
    expect(encodeObjective(weights, [2, 1], [2, 0])).toBe(25);
  });

  it('orders solutions exactly as the lexicographic vector does', () => {
    const instance = generatePodPacking({ nodes: 3, podsPerNode: 3, priorities: 3, utilization: 1.05 }, 4);
    const random = (seed: number) =>
      instance.pods.map((_p, k) => ((seed * 7919 + k * 104729) % (instance.nodes.length + 1)) - 1);
    const solutions = Array.from({ length: 40 }, (_, seed) => ({ assignment: random(seed + 1) }));
    for (const a of solutions) {
      for (const b of solutions) {
        const byObjective = Math.sign(family.evaluate(instance, a).objective - family.evaluate(instance, b).objective);
        expect(byObjective).toBe(
          compareLexicographic(lexicographicVector(instance, a), lexicographicVector(instance, b)),
        );
      }
    }
  });

  it("the lexicographic method's proven result scores at least as well as formulate's MIP", async () => {
    const instance = repro();
    const exact = await runExact(family, instance, 'lexicographic', { timeLimitSec: 10 });
    expect(exact.proven).toBe(true);
    const mip = formulatePodPacking(instance);
    const result = await solve(mip.model, { timeLimitSec: 10, solverOptions: mip.solverOptions });
    const mipEvaluation = family.evaluate(instance, mip.decode(result.values));
    expect(mipEvaluation.feasible).toBe(true);
    expect(exact.objective).toBeGreaterThanOrEqual(mipEvaluation.objective);
    // Both agree on the optimum: the high pods stay, the low pod waits.
    expect(exact.objective).toBe(28);
    expect(result.objective).toBeCloseTo(28, 6);
    expect(exact.bound).toBe(28);
  });
});
