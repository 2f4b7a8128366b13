/**
 * The MIP's rules beyond placing each pod once, one builder per rule over the x(pod, node)
 * variables of formulation.ts (`vars[p][k]` is pod p on its k-th allowed node, the current
 * node of a running pod first).
 */
import { LinExpr, type Var } from '../../src/dsl/expression.js';
import type { Model } from '../../src/dsl/model.js';
import { budgetTier, runningMembers } from './budgets.js';
import { tooFewPods } from './gangs.js';
import { resourceTable } from './resources.js';
import { compacting, domainOf, keyedGangs } from './topology.js';
import type { DisruptionBudget, HostPort, PodPackingInstance } from './types.js';

/**
 * The pods on a node request no more CPU, memory, pod slots and of each named resource
 * (GPUs, ephemeral storage, huge pages) than it has allocatable: one row per node and
 * resource that some pod allowed there requests.
 */
export function addCapacity(model: Model, instance: PodPackingInstance, nodes: number[][], vars: Var[][]): void {
  const table = resourceTable(instance);
  const resources = ['cpu', 'memory', 'pods', ...table.names];
  const width = resources.length;
  const request = (p: number, r: number) => {
    const pod = instance.pods[p];
    return r === 0 ? pod.cpu : r === 1 ? pod.memory : r === 2 ? 1 : table.requests[p][r - 3];
  };
  const limit = (n: number, r: number) => {
    const node = instance.nodes[n];
    return r === 0 ? node.cpu : r === 1 ? node.memory : r === 2 ? node.pods : table.allocatable[n][r - 3];
  };
  const rows = instance.nodes.map(() => resources.map(() => new LinExpr()));
  nodes.forEach((allowed, p) =>
    allowed.forEach((n, k) => {
      for (let r = 0; r < width; r++) if (request(p, r) > 0) rows[n][r].add(vars[p][k], request(p, r));
    }),
  );
  const keys = instance.nodes.flatMap((node) => resources.map((r) => [node.name, r] as [string, string]));
  let index = 0;
  model.addConstraintsOver('capacity', keys, () => {
    const [n, r] = [Math.floor(index / width), index % width];
    index++;
    return rows[n][r].size === 0 ? null : rows[n][r].le(limit(n, r));
  });
}

/** Host ports a pod binds, keyed by protocol and port; the IPs it binds them on. */
function portsByKey(ports: HostPort[] | undefined): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const port of ports ?? []) {
    const key = `${port.protocol}/${port.port}`;
    byKey.set(key, [...(byKey.get(key) ?? []), port.hostIP]);
  }
  return byKey;
}

/**
 * NodePorts: on each node, pods that bind one protocol and port clash when their IPs are
 * equal or one is 0.0.0.0. Per node, port and specific IP s: (pods binding 0.0.0.0) +
 * (pods binding s) <= 1; with no specific IP, the 0.0.0.0 pods alone <= 1. These rows
 * allow exactly the clash-free sets: one 0.0.0.0 pod alone, or one pod per specific IP.
 */
export function addHostPorts(model: Model, instance: PodPackingInstance, nodes: number[][], vars: Var[][]): void {
  const users = instance.nodes.map(() => new Map<string, { wildcard: Var[]; byIp: Map<string, Var[]> }>());
  nodes.forEach((allowed, p) =>
    allowed.forEach((n, k) => {
      for (const [key, ips] of portsByKey(instance.pods[p].hostPorts)) {
        const entry = users[n].get(key) ?? { wildcard: [] as Var[], byIp: new Map<string, Var[]>() };
        users[n].set(key, entry);
        if (ips.includes('0.0.0.0')) entry.wildcard.push(vars[p][k]);
        for (const ip of ips) if (ip !== '0.0.0.0') entry.byIp.set(ip, [...(entry.byIp.get(ip) ?? []), vars[p][k]]);
      }
    }),
  );
  const rows: [string, LinExpr][] = [];
  users.forEach((byKey, n) =>
    byKey.forEach(({ wildcard, byIp }, key) => {
      const groups: [string, Var[]][] = byIp.size === 0 ? [['0.0.0.0', []]] : [...byIp];
      for (const [ip, specific] of groups) {
        if (wildcard.length + specific.length < 2) continue;
        const row = new LinExpr();
        for (const v of [...wildcard, ...specific]) row.add(v);
        rows.push([`${instance.nodes[n].name}/${key}/${ip}`, row]);
      }
    }),
  );
  let index = 0;
  model.addConstraintsOver(
    'hostPort',
    rows.map(([name]) => [name] as [string]),
    () => rows[index++][1].le(1),
  );
}

/** A counted budget's violation variable and the tier it counts in. */
export interface BudgetVar {
  budget: DisruptionBudget;
  tier: number;
  violation: Var;
}

/**
 * PodDisruptionBudgets: the running pods of a budget that leave their node (evicted or
 * moved), R - sum over them of x(p, current node), exceed `allowed` by at most v, an integer
 * >= 0 that the objective charges to the budget's tier (counted budgets); a `forbid` budget
 * has no v: R - sum x(p, current) <= allowed.
 */
export function addBudgets(model: Model, instance: PodPackingInstance, vars: Var[][]): BudgetVar[] {
  const counted: BudgetVar[] = [];
  (instance.budgets ?? []).forEach((budget, b) => {
    const running = runningMembers(instance, budget);
    const tier = budgetTier(instance, budget);
    if (tier === undefined || running.length <= budget.allowed) return;
    const disrupted = new LinExpr();
    disrupted.add(running.length);
    for (const p of running) disrupted.add(vars[p][0], -1);
    if (budget.forbid) {
      model.addConstraint(disrupted.le(budget.allowed), `budget[${b}]`);
      return;
    }
    const violation = model.addVar({
      type: 'integer',
      lb: 0,
      ub: running.length - budget.allowed,
      name: `violation[${b}]`,
    });
    model.addConstraint(disrupted.add(violation, -1).le(budget.allowed), `budget[${b}]`);
    counted.push({ budget, tier, violation });
  });
  return counted;
}

/**
 * `preemptionPolicy: Never`: a pod newly placed on node n displaces none of the n's running
 * pods of lower priority, L: |L| x(p, n) <= sum over q in L of x(q, n) (all of L stay when
 * p lands there).
 */
export function addNeverPreempts(model: Model, instance: PodPackingInstance, nodes: number[][], vars: Var[][]): void {
  const runningOn = instance.nodes.map(() => [] as number[]);
  instance.pods.forEach((pod, q) => pod.node !== undefined && runningOn[pod.node].push(q));
  instance.pods.forEach((pod, p) => {
    if (pod.preemptionPolicy !== 'Never') return;
    nodes[p].forEach((n, k) => {
      if (n === pod.node) return;
      const lower = runningOn[n].filter((q) => instance.pods[q].priority < pod.priority);
      if (lower.length === 0) return;
      const row = new LinExpr();
      row.add(vars[p][k], lower.length);
      for (const q of lower) row.add(vars[q][0], -1);
      model.addConstraint(row.le(0), `never[${p},${n}]`);
    });
  });
}

/**
 * Gangs, one binary y per group: each pod of the group is placed only if y is 1, and with
 * y = 1 at least minMember of them are, sum of placed >= minMember y. A group with fewer pods
 * than minMember has y fixed at 0. Returns y per group (for the warm start).
 */
export function addGangs(model: Model, instance: PodPackingInstance, vars: Var[][]): Var[] {
  return (instance.groups ?? []).map((group, g) => {
    const y = model.addVar({ type: 'binary', ub: tooFewPods(group) ? 0 : 1, name: `gang[${g}]` });
    const placed = new LinExpr();
    for (const p of group.pods) {
      if (vars[p].length === 0) continue;
      const own = new LinExpr();
      for (const v of vars[p]) {
        own.add(v);
        placed.add(v);
      }
      model.addConstraint(own.add(y, -1).le(0), `gangMember[${g},${p}]`);
    }
    model.addConstraint(placed.add(y, -group.minMember).ge(0), `gang[${g}]`);
    return y;
  });
}

/**
 * Topology of gangs (with `compactGangs`): per gang g and domain d of its key, a binary z
 * that is 1 when some pod of g sits in d, sum of x(p, n) over g's pods and d's nodes <= |g| z;
 * the spread, sum of z - sum of y (domains beyond one per placed gang), is what the last
 * objective level minimizes. Undefined when the objective has no such level.
 */
export function addTopology(
  model: Model,
  instance: PodPackingInstance,
  nodes: number[][],
  vars: Var[][],
  gangs: Var[],
): { spread: LinExpr; domains: { group: number; key: string; domain: string; z: Var }[] } | undefined {
  if (!compacting(instance)) return undefined;
  const spread = new LinExpr();
  const domains: { group: number; key: string; domain: string; z: Var }[] = [];
  const groupIndex = new Map((instance.groups ?? []).map((group, g) => [group, g]));
  for (const { group, key } of keyedGangs(instance)) {
    const g = groupIndex.get(group)!;
    const rows = new Map<string, LinExpr>();
    for (const p of group.pods)
      nodes[p].forEach((n, k) => {
        const domain = domainOf(instance.nodes[n], key);
        rows.set(domain, (rows.get(domain) ?? new LinExpr()).add(vars[p][k]));
      });
    let d = 0;
    for (const [domain, row] of rows) {
      const z = model.addVar({ type: 'binary', name: `domain[${g},${d}]` });
      model.addConstraint(row.add(z, -group.pods.length).le(0), `inDomain[${g},${d++}]`);
      spread.add(z);
      domains.push({ group: g, key, domain, z });
    }
    spread.add(gangs[g], -1);
  }
  return { spread, domains };
}
