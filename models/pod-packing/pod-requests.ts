/**
 * A pod's requests from its manifest, as the API server defaults and validates them and
 * as `resourcehelper.PodRequests` adds them up (Kubernetes 1.30+, with pod-level resources):
 *
 * - Per container: a resource with a limit but no request requests its limit. CPU, memory
 *   and ephemeral storage may request less than their limit. Extended resources
 *   (`nvidia.com/gpu`) and huge pages are not overcommitted: a request needs a limit and
 *   must equal it, and extended resources come in whole units. Any other name is refused.
 * - Per pod (KEP-753): app containers and sidecars (init containers with
 *   `restartPolicy: Always`) add up; each other init container needs its own request plus
 *   the sidecars started before it; the pod requests the larger. Pod-level
 *   `spec.resources` (cpu, memory, hugepages-*) replaces that sum for the resources it
 *   sets (a pod-level limit alone is the request), and may not be below it; then
 *   `spec.overhead` is added.
 * - The scheduler's scores count a container without a cpu or memory request as 100m /
 *   200Mi (`nonZero`); with pod-level requests, only where neither level sets it.
 */
import { failAt } from '../../src/family/schema.js';
import { quantityAt } from './instance.js';
import { parseBytes, parseCount, parseMillicores } from './quantity.js';
import { resourceKind } from './resources.js';
import { nonZeroCpu, nonZeroMemory } from './heuristics/scoring.js';

type Quantities = Record<string, string | number>;

export interface ContainerJson {
  resources?: { requests?: Quantities; limits?: Quantities };
  restartPolicy?: string;
}

export interface PodResourcesJson {
  containers: ContainerJson[];
  initContainers?: ContainerJson[];
  overhead?: Quantities;
  resources?: { requests?: Quantities; limits?: Quantities };
}

/** Requested amounts by resource name, in units (millicores, bytes, whole units). */
type Amounts = Map<string, number>;

/** What the pod model needs: cpu, memory, the named resources and, when they differ, the scores' non-zero requests. */
export interface PodAmounts {
  cpu: number;
  memory: number;
  resources?: Record<string, number>;
  nonZero?: { cpu: number; memory: number };
}

/** A manifest quantity (a bare number is whole units: `cpu: 2` is two cores) in the unit of its resource. */
function amountOf(name: string, value: string | number, path: string): number {
  const parse = name === 'cpu' ? parseMillicores : resourceKind(name) === 'extended' ? parseCount : parseBytes;
  return quantityAt(path, String(value), parse);
}

/** Refuse a name a container may not request, saying what to write instead. */
function checkName(name: string, path: string): void {
  if (name === 'cpu' || name === 'memory' || resourceKind(name) !== undefined) return;
  failAt(
    path,
    `'${name}' is not a resource Kubernetes schedules; use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-qualified extended resource such as nvidia.com/gpu`,
  );
}

/** One container's effective requests after defaulting (limits become requests) and the API server's checks. */
function containerAmounts(container: ContainerJson, path: string): Amounts {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  const amounts: Amounts = new Map();
  for (const name of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
    const [requestPath, limitPath] = [`${path}.resources.requests.${name}`, `${path}.resources.limits.${name}`];
    checkName(name, requests[name] === undefined ? limitPath : requestPath);
    const request = requests[name] === undefined ? undefined : amountOf(name, requests[name], requestPath);
    const limit = limits[name] === undefined ? undefined : amountOf(name, limits[name], limitPath);
    const kind = resourceKind(name);
    const exact = kind === 'extended' || kind === 'hugepages';
    if (exact && request !== undefined && limit === undefined)
      failAt(requestPath, `${name} is not overcommitted: set limits.${name} equal to the request`);
    if (exact && request !== undefined && request !== limit)
      failAt(requestPath, `${name} is not overcommitted: its request must equal its limit`);
    if (request !== undefined && limit !== undefined && request > limit)
      failAt(requestPath, `the ${name} request is above its limit; lower the request or raise the limit`);
    amounts.set(name, request ?? limit ?? 0);
  }
  return amounts;
}

function add(into: Amounts, from: Amounts): void {
  for (const [name, amount] of from) into.set(name, (into.get(name) ?? 0) + amount);
}

function max(into: Amounts, from: Amounts): void {
  for (const [name, amount] of from) into.set(name, Math.max(into.get(name) ?? 0, amount));
}

/** With `missing`, a container without a cpu (memory) request counts that much (the scores' non-zero requests). */
function withMissing(amounts: Amounts, missing?: { cpu: number; memory: number }): Amounts {
  if (missing === undefined) return amounts;
  const filled = new Map(amounts);
  if (!filled.has('cpu')) filled.set('cpu', missing.cpu);
  if (!filled.has('memory')) filled.set('memory', missing.memory);
  return filled;
}

/** KEP-753's sum over containers, sidecars and init containers (without pod-level resources or overhead). */
function containerSum(spec: PodResourcesJson, path: string, missing?: { cpu: number; memory: number }): Amounts {
  const total: Amounts = new Map();
  spec.containers.forEach((c, k) => add(total, withMissing(containerAmounts(c, `${path}.containers[${k}]`), missing)));
  const sidecars: Amounts = new Map();
  const init: Amounts = new Map();
  (spec.initContainers ?? []).forEach((c, k) => {
    const own = withMissing(containerAmounts(c, `${path}.initContainers[${k}]`), missing);
    if (c.restartPolicy === 'Always') {
      add(total, own);
      add(sidecars, own);
      max(init, sidecars);
    } else {
      const running = new Map(own);
      add(running, sidecars);
      max(init, running);
    }
  });
  max(total, init);
  return total;
}

/**
 * Pod-level requests (cpu, memory, hugepages-*), defaulted as the API server does: a
 * limit alone is the request (for huge pages, the containers' sum when they request some).
 */
function podLevel(spec: PodResourcesJson, path: string, sum: Amounts): Amounts {
  const { requests = {}, limits = {} } = spec.resources ?? {};
  const level: Amounts = new Map();
  for (const name of new Set([...Object.keys(requests), ...Object.keys(limits)])) {
    const field = requests[name] === undefined ? 'limits' : 'requests';
    const where = `${path}.resources.${field}.${name}`;
    if (name !== 'cpu' && name !== 'memory' && resourceKind(name) !== 'hugepages')
      failAt(where, `pod-level resources take only cpu, memory and hugepages-<size>; set ${name} on the containers`);
    const request = requests[name] === undefined ? undefined : amountOf(name, requests[name], where);
    const limit =
      limits[name] === undefined ? undefined : amountOf(name, limits[name], `${path}.resources.limits.${name}`);
    if (request !== undefined && limit !== undefined && request > limit)
      failAt(where, `the pod-level ${name} request is above its limit; lower the request or raise the limit`);
    const defaulted = request ?? (resourceKind(name) === 'hugepages' && sum.has(name) ? sum.get(name)! : limit!);
    if (defaulted < (sum.get(name) ?? 0))
      failAt(where, `the pod-level ${name} request is below what the containers request together; raise it`);
    level.set(name, defaulted);
  }
  return level;
}

function overheadOf(spec: PodResourcesJson, path: string): Amounts {
  const overhead: Amounts = new Map();
  for (const [name, value] of Object.entries(spec.overhead ?? {})) {
    checkName(name, `${path}.overhead.${name}`);
    overhead.set(name, amountOf(name, value, `${path}.overhead.${name}`));
  }
  return overhead;
}

/** The scores' cpu and memory: pod-level where set, else the containers' with per-container defaults where neither level sets one. */
function nonZeroOf(
  spec: PodResourcesJson,
  path: string,
  level: Amounts,
  actual: Amounts,
): { cpu: number; memory: number } {
  const overhead = overheadOf(spec, path);
  if (level.size === 0) {
    const filled = containerSum(spec, path, { cpu: nonZeroCpu, memory: nonZeroMemory });
    add(filled, overhead);
    return { cpu: filled.get('cpu') ?? 0, memory: filled.get('memory') ?? 0 };
  }
  const filled = containerSum(spec, path, {
    cpu: actual.has('cpu') ? 0 : nonZeroCpu,
    memory: actual.has('memory') ? 0 : nonZeroMemory,
  });
  for (const [name, amount] of level) filled.set(name, amount);
  add(filled, overhead);
  return { cpu: filled.get('cpu') ?? 0, memory: filled.get('memory') ?? 0 };
}

/**
 * A pod's requests from its spec; errors name the field (`spec.containers[0].resources.requests.nvidia.com/gpu`).
 *
 * @example
 * ```ts
 * podAmounts({ containers: [{ resources: { limits: { 'nvidia.com/gpu': 8 } } }] }, 'spec');
 * // { cpu: 0, memory: 0, resources: { 'nvidia.com/gpu': 8 }, nonZero: { cpu: 100, memory: 209715200 } }
 * ```
 */
export function podAmounts(spec: PodResourcesJson, path: string): PodAmounts {
  const sum = containerSum(spec, path);
  const level = podLevel(spec, path, sum);
  const actual = new Map(sum);
  for (const [name, amount] of level) actual.set(name, amount);
  add(actual, overheadOf(spec, path));
  const nonZero = nonZeroOf(spec, path, level, sum);
  const named = [...actual].filter(([name, amount]) => name !== 'cpu' && name !== 'memory' && amount > 0);
  const cpu = actual.get('cpu') ?? 0;
  const memory = actual.get('memory') ?? 0;
  return {
    cpu,
    memory,
    ...(named.length === 0 ? {} : { resources: Object.fromEntries(named.sort(([a], [b]) => (a < b ? -1 : 1))) }),
    ...(nonZero.cpu === cpu && nonZero.memory === memory ? {} : { nonZero }),
  };
}
