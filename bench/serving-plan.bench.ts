/**
 * `npm run bench -- serving-plan`: the serving simulator's speed (100,000 requests), then for
 * Llama 3 8B on 8 H100 and Llama 3 70B on 16 and 32 H100, chat-like and summarization-like
 * traffic, the goodput per GPU of the colocated baseline (smallest TP, replicas filling the
 * budget), the best colocated shape, and the best disaggregated plan (DistServe's per-phase
 * shapes, the prefill:decode counts that fill the budget best), each measured by full
 * simulation and bisection on the rate; then the same plans under bursty traffic (Gamma,
 * CV 3) at the same mean rate; then the family's methods sized to a rate. `--quick` runs the
 * 8B rows only.
 */
import {
  bestPerGpu,
  candidateShapes,
  family,
  placeGroups,
  planGoodput,
  planGpus,
  resolved,
  shapeCapacities,
  simConfigOf,
  simulateServing,
  workloadOf,
  type InstanceGroup,
  type ServingPlanInstance,
  type ServingPlanSolution,
} from '../models/serving-plan/index.js';

const requests = 4000;

/** One row of the goodput table: a model on a budget, a workload, and optionally tighter SLO limits. */
interface Scenario {
  model: string;
  gpus: number;
  workload: 'chat' | 'summarization';
  slo?: { ttft?: number; tpot?: number };
}

function instanceOf(scenario: Scenario, arrivals = 'poisson'): ServingPlanInstance {
  const { model, gpus, workload, slo } = scenario;
  return family.generate({ model, gpus, workload, arrivals, cv: 3, requests, rate: 10, ...slo }, 1);
}

function speed(): void {
  console.log('\nSimulator speed: 100,000 requests (Llama 3 8B, H100, chat traffic), one run each after a warm-up');
  console.log('| plan | rate (req/s) | iterations | wall ms | CPU ms | requests/s simulated (CPU) |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const instance = family.generate({ model: 'llama3-8b', gpus: 8, workload: 'chat', requests: 100_000 }, 1);
  const plans: [string, InstanceGroup[]][] = [
    ['8 x colocated TP1', [{ role: 'colocated', shape: { tp: 1, pp: 1 }, count: 8 }]],
    [
      '4 x prefill TP1 + 4 x decode TP1',
      [
        { role: 'prefill', shape: { tp: 1, pp: 1 }, count: 4 },
        { role: 'decode', shape: { tp: 1, pp: 1 }, count: 4 },
      ],
    ],
  ];
  for (const [label, groups] of plans) {
    const config = simConfigOf(instance, placeGroups(instance, groups) as ServingPlanSolution);
    for (const rate of [50, 200, 600]) {
      const workload = workloadOf(instance, rate);
      simulateServing(workload, config);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const result = simulateServing(workload, config);
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      const cpuMs = (used.user + used.system) / 1000;
      const cells = [
        label,
        rate,
        result.iterations,
        ms.toFixed(0),
        cpuMs.toFixed(0),
        Math.round(100_000 / (cpuMs / 1000)),
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
}

/** Goodput per GPU of a plan (full simulation, bisection on the rate). */
function perGpu(instance: ServingPlanInstance, plan: ServingPlanSolution | undefined): number {
  return plan ? planGoodput(instance, plan).rate / planGpus(plan) : 0;
}

function colocatedBaseline(instance: ServingPlanInstance): ServingPlanSolution | undefined {
  const shape =
    candidateShapes(instance, 'colocated').find((s) => s.pp === 1) ?? candidateShapes(instance, 'colocated')[0];
  const count = Math.floor(resolved(instance).budget / (shape.tp * shape.pp));
  return placeGroups(instance, [{ role: 'colocated', shape, count }]);
}

function bestColocated(instance: ServingPlanInstance): { plan: ServingPlanSolution | undefined; label: string } {
  const best = bestPerGpu(shapeCapacities(instance, 'colocated'));
  if (!best) return { plan: undefined, label: '-' };
  const count = Math.floor(resolved(instance).budget / best.gpus);
  return {
    plan: placeGroups(instance, [{ role: 'colocated', shape: best.shape, count }]),
    label: `TP${best.shape.tp} PP${best.shape.pp}`,
  };
}

/** DistServe's shapes per phase; the counts that fill the budget with the best estimated goodput per GPU, checked by simulation. */
function bestDisaggregated(instance: ServingPlanInstance): {
  plan: ServingPlanSolution | undefined;
  label: string;
  perGpu: number;
} {
  const prefill = bestPerGpu(shapeCapacities(instance, 'prefill'));
  const decode = bestPerGpu(shapeCapacities(instance, 'decode'));
  if (!prefill || !decode) return { plan: undefined, label: '-', perGpu: 0 };
  const { budget } = resolved(instance);
  const options: { np: number; nd: number; estimate: number }[] = [];
  for (let np = 1; np * prefill.gpus + decode.gpus <= budget; np++) {
    const nd = Math.floor((budget - np * prefill.gpus) / decode.gpus);
    const gpus = np * prefill.gpus + nd * decode.gpus;
    options.push({ np, nd, estimate: Math.min(np * prefill.rate, nd * decode.rate) / gpus });
  }
  options.sort((a, b) => b.estimate - a.estimate);
  let best = { plan: undefined as ServingPlanSolution | undefined, label: '-', perGpu: 0 };
  for (const { np, nd } of options.slice(0, 3)) {
    const plan = placeGroups(instance, [
      { role: 'prefill', shape: prefill.shape, count: np },
      { role: 'decode', shape: decode.shape, count: nd },
    ]);
    const value = perGpu(instance, plan);
    if (value > best.perGpu)
      best = {
        plan,
        perGpu: value,
        label: `${np} x P TP${prefill.shape.tp} PP${prefill.shape.pp} + ${nd} x D TP${decode.shape.tp} PP${decode.shape.pp}`,
      };
  }
  return best;
}

function goodputTable(scenarios: Scenario[]): void {
  console.log(
    '\nGoodput per GPU (req/s/GPU; SLO attainment 90%; chat: TTFT 0.25 s, TPOT 0.05 s; summarization: TTFT 1.5 s, TPOT 0.05 s)',
  );
  console.log(
    '| model | GPUs | traffic (SLO) | colocated baseline | best colocated (shape) | best disaggregated (plan) | disagg / baseline | bursty CV3: baseline | bursty: disagg | s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const scenario of scenarios) {
    {
      const started = performance.now();
      const instance = instanceOf(scenario);
      const baselinePlan = colocatedBaseline(instance);
      const baseline = perGpu(instance, baselinePlan);
      const colocated = bestColocated(instance);
      const disaggregated = bestDisaggregated(instance);
      const bursty = instanceOf(scenario, 'gamma');
      const burstyBaseline = perGpu(bursty, baselinePlan);
      const burstyDisaggregated = perGpu(bursty, disaggregated.plan);
      const cells = [
        scenario.model,
        scenario.gpus,
        `${scenario.workload} (TTFT ${instance.slo.ttftS} s, TPOT ${instance.slo.tpotS} s)`,
        baseline.toFixed(2),
        `${perGpu(instance, colocated.plan).toFixed(2)} (${colocated.label})`,
        `${disaggregated.perGpu.toFixed(2)} (${disaggregated.label})`,
        `${(disaggregated.perGpu / baseline).toFixed(2)}x`,
        `${burstyBaseline.toFixed(2)} (${(100 * (burstyBaseline / baseline - 1)).toFixed(0)}%)`,
        `${burstyDisaggregated.toFixed(2)} (${(100 * (burstyDisaggregated / disaggregated.perGpu - 1)).toFixed(0)}%)`,
        ((performance.now() - started) / 1000).toFixed(1),
      ];
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
}

export async function run(args: string[]): Promise<void> {
  speed();
  const quick = args.includes('--quick');
  const budgets: [string, number][] = quick
    ? [['llama3-8b', 8]]
    : [
        ['llama3-8b', 8],
        ['llama3-70b', 16],
        ['llama3-70b', 32],
      ];
  const scenarios: Scenario[] = budgets.flatMap(([model, gpus]) => [
    { model, gpus, workload: 'chat' as const },
    { model, gpus, workload: 'summarization' as const },
  ]);
  // Tighter limits, where prefill stalls in a colocated replica weigh more.
  scenarios.push({ model: 'llama3-8b', gpus: 8, workload: 'chat', slo: { tpot: 0.012 } });
  scenarios.push({ model: 'llama3-8b', gpus: 8, workload: 'summarization', slo: { ttft: 0.5, tpot: 0.015 } });
  goodputTable(scenarios);
}
