/**
 * Per-shape capacities measured by the simulator, as DistServe measures them: the goodput of
 * one instance of a shape running one phase alone (prefill: TTFT attainment only; decode:
 * TPOT attainment only, requests arriving with their prompt's KV cache), or both phases for a
 * colocated replica. Measured once per instance and shape, on a prefix of the stream (a
 * capacity is a property of the shape and the request mix, not of the trace's length).
 */
import { planGoodput } from './assess.js';
import type { ServingPlanInstance } from './instance.js';
import { candidateShapes, type Shape } from './plan-space.js';
import type { InstanceRole } from './simulator/types.js';

/** A candidate shape of a role and its measured capacity. */
export interface Capacity {
  role: InstanceRole;
  shape: Shape;
  gpus: number;
  /** Requests/s one instance serves within the SLO target (its phase alone). */
  rate: number;
}

/**
 * Requests one capacity measurement replays: the first 2,000 of the stream. On the
 * 200,000-request Llama 3 70B instance of the limits bench every shape's capacity on 2,000 was
 * within 8% of that on 20,000 (most within 3%); a capacity only starts a sizing (which runs on
 * `sampleRequests`) and weighs the MIP's shapes (whose plans are re-simulated).
 */
export const capacityRequests = 2_000;

const cache = new WeakMap<ServingPlanInstance, Map<string, Capacity>>();

/**
 * The measured capacity of one shape of a role (remembered per instance, role and shape).
 *
 * @example
 * ```ts
 * shapeCapacity(instance, 'colocated', { tp: 4, pp: 1 }).rate; // requests/s one TP 4 replica serves within the SLO
 * ```
 */
export function shapeCapacity(instance: ServingPlanInstance, role: InstanceRole, shape: Shape): Capacity {
  let known = cache.get(instance);
  if (!known) {
    known = new Map();
    cache.set(instance, known);
  }
  const key = `${role} ${shape.tp}x${shape.pp}`;
  const hit = known.get(key);
  if (hit) return hit;
  const phase = role === 'colocated' ? 'both' : role;
  const plan = { router: instance.router, instances: [{ role, ...shape, node: 0, ...instance.limits }] };
  // No deadline inside one measurement: a bisection cut short would understate the shape.
  const rate = planGoodput(instance, plan, phase, { requests: capacityRequests }).rate;
  const capacity = { role, shape, gpus: shape.tp * shape.pp, rate };
  known.set(key, capacity);
  return capacity;
}

/**
 * The measured capacity of every candidate shape of a role, fewest GPUs first. Past
 * `deadline` no further shape is measured: the shapes measured so far are the answer.
 *
 * @example
 * ```ts
 * shapeCapacities(instance, 'decode').map((c) => c.rate / c.gpus); // goodput per GPU of each decode shape
 * ```
 */
export function shapeCapacities(
  instance: ServingPlanInstance,
  role: InstanceRole,
  deadline = Number.POSITIVE_INFINITY,
): Capacity[] {
  const capacities: Capacity[] = [];
  for (const shape of candidateShapes(instance, role)) {
    if (Date.now() > deadline) break;
    capacities.push(shapeCapacity(instance, role, shape));
  }
  return capacities;
}

/** The capacity with the highest goodput per GPU (fewest GPUs on a tie); undefined when none serves anything. */
export function bestPerGpu(capacities: readonly Capacity[]): Capacity | undefined {
  let best: Capacity | undefined;
  for (const capacity of capacities) {
    if (capacity.rate <= 0) continue;
    if (!best || capacity.rate / capacity.gpus > (best.rate / best.gpus) * (1 + 1e-9)) best = capacity;
  }
  return best;
}
