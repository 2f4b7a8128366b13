/**
 * The instance checks that need the performance model, run when an instance is read: the
 * model and cluster resolve, the budget holds at least one instance that fits the longest
 * request, and the SLO can be met at all (at the lowest rate, one request at a time on the
 * fastest instance). Each failure is an input error at the field to change, with the fix.
 */
import { resolveCluster } from '../../src/family/perf-specs.js';
import { failAt } from '../../src/family/schema.js';
import { ServingCosts } from '../../src/perf/serve-batch.js';
import type { ServingPlanInstance } from './instance.js';
import { candidateShapes, longestNeed, resolved, type Shape } from './plan-space.js';

/** The fewest-GPU shape inside one node (ignoring the budget) that holds the longest request. */
function smallestShapeAnywhere(instance: ServingPlanInstance): Shape | undefined {
  const { model } = resolved(instance);
  // A budget below one node shrinks the resolved node; search a whole node of this kind.
  const ref = instance.cluster;
  const nodeSize = 'gpusPerNode' in ref && ref.gpusPerNode ? ref.gpusPerNode : 8;
  const cluster = resolveCluster({ ...ref, gpus: Math.max(ref.gpus, nodeSize) }, 'data.cluster');
  const need = longestNeed(instance, 'colocated');
  let best: Shape | undefined;
  for (let tp = 1; tp <= cluster.gpusPerNode; tp *= 2) {
    if (model.heads % tp !== 0) continue;
    for (const pp of [1, 2, 4]) {
      const worse = best && (tp * pp > best.tp * best.pp || (tp * pp === best.tp * best.pp && pp >= best.pp));
      if (tp * pp > cluster.gpusPerNode || worse) continue;
      const costs = new ServingCosts({ model, cluster, tp, pp });
      if (costs.kvCapacityTokens(instance.limits.maxBatchTokens) >= need) best = { tp, pp };
    }
  }
  return best;
}

function checkBudget(instance: ServingPlanInstance): void {
  if (candidateShapes(instance, 'colocated').length > 0) return;
  const { model, cluster, budget } = resolved(instance);
  const need = longestNeed(instance, 'colocated');
  const shape = smallestShapeAnywhere(instance);
  if (!shape)
    failAt(
      'data.cluster',
      `no instance inside one node of ${cluster.gpusPerNode} ${cluster.gpu.name} GPUs holds ${model.name} and the KV cache of the longest request (${need} tokens); use a GPU with more memory, shorter requests (data.traffic) or a smaller data.limits.maxBatchTokens`,
    );
  failAt(
    'data.cluster.gpus',
    `the smallest instance that holds ${model.name} and the longest request (${need} tokens of KV cache) is TP ${shape.tp} x PP ${shape.pp} = ${shape.tp * shape.pp} GPUs, more than the budget of ${budget}; raise data.cluster.gpus to at least ${shape.tp * shape.pp}`,
  );
}

function quantileOf(values: Float64Array, q: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Per request, the best TTFT and TPOT any candidate shape gives it alone (no queueing). */
function unloadedLatencies(instance: ServingPlanInstance): { ttftS: Float64Array; tpotS: Float64Array; label: string } {
  const r = resolved(instance);
  const shapes = candidateShapes(instance, 'colocated');
  const fastest = shapes.reduce((a, b) => (b.tp > a.tp || (b.tp === a.tp && b.pp < a.pp) ? b : a));
  const costs = r.costs(fastest.tp, fastest.pp);
  const n = r.unit.promptTokens.length;
  const ttftS = new Float64Array(n);
  const tpotS = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const prompt = r.unit.promptTokens[k];
    const output = r.unit.outputTokens[k];
    ttftS[k] = costs.prefillSeconds([prompt]);
    tpotS[k] = output > 1 ? costs.decodeStepSeconds(1, prompt + output / 2) : 0;
  }
  return { ttftS, tpotS, label: `TP ${fastest.tp} x PP ${fastest.pp}` };
}

function checkSloReachable(instance: ServingPlanInstance): void {
  const { slo } = instance;
  const { ttftS, tpotS, label } = unloadedLatencies(instance);
  let meet = 0;
  for (let k = 0; k < ttftS.length; k++) if (ttftS[k] <= slo.ttftS && tpotS[k] <= slo.tpotS) meet++;
  const share = meet / ttftS.length;
  if (share >= slo.attainment) return;
  const percent = Math.round(100 * slo.attainment);
  const ttftQ = quantileOf(ttftS, slo.attainment);
  const tpotQ = quantileOf(tpotS, slo.attainment);
  const ttftOver = ttftQ / slo.ttftS;
  const [field, q, limit, phase] =
    ttftOver >= tpotQ / slo.tpotS ? ['ttftS', ttftQ, slo.ttftS, 'prefill'] : ['tpotS', tpotQ, slo.tpotS, 'decode'];
  failAt(
    `data.slo.${field}`,
    `no plan can meet this SLO: even at the lowest rate (one request at a time) on the fastest instance (${label}) only ${(100 * share).toFixed(1)}% of requests meet both limits, below data.slo.attainment = ${slo.attainment}; the ${phase} phase fails most, its p${percent} is ${q.toPrecision(3)} s, ${(q - limit).toPrecision(3)} s over data.slo.${field} = ${limit} s; raise data.slo.${field} to at least ${q.toPrecision(3)} or lower data.slo.attainment`,
  );
}

/**
 * Throws an input error at the field to change when no plan can exist for the instance.
 *
 * @example
 * ```ts
 * checkServingInstance(parseServingPlanData(json)); // throws for a budget below one instance
 * ```
 */
export function checkServingInstance(instance: ServingPlanInstance): ServingPlanInstance {
  checkBudget(instance);
  checkSloReachable(instance);
  return instance;
}
