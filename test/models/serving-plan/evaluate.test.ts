/** One test per evaluator rule, each with a hand-made broken plan; and a plan that meets its SLO. */
import { describe, expect, it } from 'vitest';
import {
  evaluateServingPlan,
  family,
  type PlannedInstance,
  type ServingPlanSolution,
} from '../../../models/serving-plan/index.js';

const instance = family.generate({ size: 'small', requests: 200, rate: 40 }, 1); // Llama 3 8B, 4 H100 in one node
const limits = { maxBatchTokens: 8192, maxBatchSize: 256 };
const at = (role: PlannedInstance['role'], tp: number, node = 0): PlannedInstance => ({
  role,
  tp,
  pp: 1,
  node,
  ...limits,
});
const plan = (...instances: PlannedInstance[]): ServingPlanSolution => ({ router: 'least-tokens', instances });
const rules = (solution: ServingPlanSolution) =>
  evaluateServingPlan(instance, solution).violations.map((v) => v.constraint);

describe('serving-plan evaluator rules', () => {
  it('accepts one colocated replica at this rate, with its metrics', () => {
    const evaluation = evaluateServingPlan(instance, plan(at('colocated', 1)));
    expect(evaluation.feasible).toBe(true);
    expect(evaluation.objective).toBe(1);
    expect(evaluation.metrics.attainment).toBeGreaterThanOrEqual(0.9);
    expect(evaluation.metrics.goodput).toBeGreaterThan(40);
    expect(evaluation.metrics.goodputPerGpu).toBe(evaluation.metrics.goodput);
  });

  it('roles: a plan mixes colocated and disaggregated instances, or lacks a decode instance', () => {
    expect(rules(plan(at('colocated', 1), at('prefill', 1)))).toEqual(['roles']);
    expect(rules(plan(at('prefill', 1)))).toEqual(['roles']);
  });

  it('node: an instance on a node the budget does not have, or a node given more GPUs than it has', () => {
    expect(rules(plan(at('colocated', 1, 3)))).toContain('node');
    expect(rules(plan(at('colocated', 4), at('colocated', 1)))).toEqual(expect.arrayContaining(['node', 'gpu-budget']));
  });

  it('heads-divide: TP 3 does not divide 32 heads', () => {
    expect(rules(plan(at('colocated', 3)))).toContain('heads-divide');
  });

  it('gpu-budget: more GPUs than the cluster has', () => {
    expect(rules(plan(at('colocated', 2), at('colocated', 2), at('colocated', 1)))).toContain('gpu-budget');
  });

  it('kv-capacity: an instance whose batch budget leaves no room for the KV cache', () => {
    const greedy = { ...at('colocated', 1), maxBatchTokens: 1_048_576 };
    expect(rules(plan(greedy))).toEqual(['kv-capacity']);
  });

  it('slo-at-rate: one replica at twenty times its goodput', () => {
    const busy = family.generate({ size: 'small', requests: 200, rate: 2000 }, 1);
    const evaluation = evaluateServingPlan(busy, plan(at('colocated', 1)));
    expect(evaluation.violations.map((v) => v.constraint)).toEqual(['slo-at-rate']);
    expect(evaluation.violations[0].message).toMatch(/TTFT misses most/);
  });
});
