/**
 * The independent evaluator: the plan's structure (roles, nodes, budget, heads, KV cache)
 * checked rule by rule, then the plan replayed by the request-level simulator at the
 * traffic's rate (every request of the stream). The objective is the GPUs the plan uses (fewer is better); the plan is
 * feasible when it fits and meets the SLO attainment at the traffic's rate. Never imports the
 * formulation or the heuristics.
 */
import type { Evaluation, Violation } from '../../src/family/contract.js';
import { planGoodput, sampleRequests, simulatePlan } from './assess.js';
import type { ServingPlanInstance, ServingPlanSolution } from './instance.js';
import { gpusOnNode, longestNeed, nodeCount, planGpus, resolved } from './plan-space.js';

/** A plan is either all colocated replicas or at least one prefill and one decode instance. */
function ruleRoles(solution: ServingPlanSolution): Violation[] {
  const roles = new Set(solution.instances.map((planned) => planned.role));
  if (roles.has('colocated') && roles.size > 1)
    return [
      {
        constraint: 'roles',
        entities: [],
        message: 'a plan mixes colocated replicas with prefill/decode instances; use one kind',
      },
    ];
  if (!roles.has('colocated') && (!roles.has('prefill') || !roles.has('decode'))) {
    const missing = roles.has('prefill') ? 'decode' : 'prefill';
    return [
      {
        constraint: 'roles',
        entities: [],
        message: `a disaggregated plan needs at least one ${missing} instance; add one`,
      },
    ];
  }
  return [];
}

/** Every instance sits in one node, whose GPUs its instances do not exceed; TP divides the heads. */
function ruleNodes(instance: ServingPlanInstance, solution: ServingPlanSolution): Violation[] {
  const violations: Violation[] = [];
  const used = new Map<number, number>();
  const { model } = resolved(instance);
  solution.instances.forEach((planned, k) => {
    const gpus = planned.tp * planned.pp;
    if (planned.node >= nodeCount(instance))
      violations.push({
        constraint: 'node',
        entities: [k],
        message: `instance ${k} sits on node ${planned.node}, but the budget has nodes 0..${nodeCount(instance) - 1}`,
      });
    else if (gpus > gpusOnNode(instance, planned.node))
      violations.push({
        constraint: 'node',
        entities: [k],
        message: `instance ${k} needs ${gpus} GPUs, node ${planned.node} has ${gpusOnNode(instance, planned.node)}; use a smaller TP x PP`,
      });
    if (model.heads % planned.tp !== 0)
      violations.push({
        constraint: 'heads-divide',
        entities: [k],
        message: `instance ${k}: TP ${planned.tp} does not divide the ${model.heads} attention heads; use a divisor`,
      });
    if (planned.pp > model.layers)
      violations.push({
        constraint: 'heads-divide',
        entities: [k],
        message: `instance ${k}: PP ${planned.pp} exceeds the ${model.layers} layers`,
      });
    used.set(planned.node, (used.get(planned.node) ?? 0) + gpus);
  });
  for (const [node, gpus] of used) {
    if (node < nodeCount(instance) && gpus > gpusOnNode(instance, node))
      violations.push({
        constraint: 'node',
        entities: [node],
        message: `node ${node} is given ${gpus} GPUs of instances and has ${gpusOnNode(instance, node)}; move an instance to another node`,
      });
  }
  return violations;
}

/** The plan uses at most the budget's GPUs. */
function ruleBudget(instance: ServingPlanInstance, solution: ServingPlanSolution): Violation[] {
  const gpus = planGpus(solution);
  const { budget } = resolved(instance);
  return gpus <= budget
    ? []
    : [
        {
          constraint: 'gpu-budget',
          entities: [],
          message: `the plan uses ${gpus} GPUs, the budget is ${budget}; drop instances`,
        },
      ];
}

/** Each instance holds its weights and the KV cache of the longest request it must serve. */
function ruleKvCapacity(instance: ServingPlanInstance, solution: ServingPlanSolution): Violation[] {
  const violations: Violation[] = [];
  solution.instances.forEach((planned, k) => {
    const costs = resolved(instance).costs(planned.tp, planned.pp);
    const capacity = costs.kvCapacityTokens(planned.maxBatchTokens);
    const need = longestNeed(instance, planned.role);
    if (capacity < need)
      violations.push({
        constraint: 'kv-capacity',
        entities: [k],
        message: `instance ${k} (${planned.role}, TP ${planned.tp} PP ${planned.pp}) holds ${capacity} KV tokens after its weights, the longest request needs ${need}; use more GPUs per instance or a smaller maxBatchTokens`,
      });
  });
  return violations;
}

/**
 * The verdict on a plan.
 *
 * @example
 * ```ts
 * const evaluation = evaluateServingPlan(instance, { router: 'least-tokens', instances: [{ role: 'colocated', tp: 1, pp: 1, node: 0, maxBatchTokens: 8192, maxBatchSize: 256 }] });
 * evaluation.metrics.attainment;
 * ```
 */
export function evaluateServingPlan(instance: ServingPlanInstance, solution: ServingPlanSolution): Evaluation {
  const gpus = planGpus(solution);
  const structural = [
    ...ruleRoles(solution),
    ...ruleNodes(instance, solution),
    ...ruleBudget(instance, solution),
    ...ruleKvCapacity(instance, solution),
  ];
  const count = (role: string) => solution.instances.filter((planned) => planned.role === role).length;
  const metrics: Record<string, number> = {
    gpus,
    colocatedInstances: count('colocated'),
    prefillInstances: count('prefill'),
    decodeInstances: count('decode'),
    rate: resolved(instance).rate,
  };
  if (structural.length > 0) return { feasible: false, objective: gpus, violations: structural, metrics };
  const { result, report } = simulatePlan(instance, solution, resolved(instance).rate);
  // Feasibility is the replay of the whole stream above; goodput, a figure of merit found by
  // bisection (a dozen replays, some overloaded), is measured on the first `sampleRequests`.
  const goodput = planGoodput(instance, solution, 'both', { requests: sampleRequests });
  Object.assign(metrics, report, {
    goodput: goodput.rate,
    goodputPerGpu: goodput.rate / gpus,
    goodputRequests: goodput.requests,
    unserved: result.unserved,
    meanUtilization: result.utilization.reduce((a, b) => a + b, 0) / Math.max(1, result.utilization.length),
    maxUtilization: result.utilization.reduce((a, b) => Math.max(a, b), 0),
  });
  const violations: Violation[] = [];
  if (report.attainment < instance.slo.attainment) {
    const phase = report.ttftAttainment <= report.tpotAttainment ? 'TTFT' : 'TPOT';
    violations.push({
      constraint: 'slo-at-rate',
      entities: [],
      message: `at ${metrics.rate.toPrecision(4)} requests/s only ${(100 * report.attainment).toFixed(1)}% of requests meet both limits (TTFT ${(100 * report.ttftAttainment).toFixed(1)}%, TPOT ${(100 * report.tpotAttainment).toFixed(1)}%), below the ${(100 * instance.slo.attainment).toFixed(1)}% target; ${phase} misses most, add capacity to that phase`,
    });
  }
  return { feasible: violations.length === 0, objective: gpus, violations, metrics };
}
