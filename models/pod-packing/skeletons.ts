/**
 * Pod-packing skeletons for the oracle (FunSearch style). `scheduler-score` is the
 * kube-scheduler's loop without preemption: running pods stay where they are; pending
 * pods are taken by priority (highest first, then in creation order); for each, the nodes
 * that pass the filters (NodeResourcesFit on cpu, memory, pod slots and named resources;
 * NodePorts; nodeSelector and required node affinity; NoSchedule and NoExecute taints)
 * are scored by the candidate's `score(pod, node, state)` and the highest wins (ties: the
 * earlier node). A gang left below its `minMember` has its new placements undone, as a
 * coscheduling plugin would.
 *
 * The loop is plain JavaScript in a string that runs inside the candidate's isolate, next
 * to the candidate, on the instance JSON of instance.ts (numbers already normalized).
 */
import type { Skeleton } from '../../src/family/contract.js';

const schedulerScoreSource = String.raw`function schedulerScore(data, score, ctx, invalid) {
  const nodes = data.nodes, pods = data.pods;
  const nodeIndex = new Map(nodes.map((n, k) => [n.name, k]));
  const used = nodes.map(() => ({ cpu: 0, memory: 0, pods: 0, resources: {}, ports: [] }));
  const take = (p, k) => {
    const u = used[k], pod = pods[p];
    u.cpu += pod.cpu || 0; u.memory += pod.memory || 0; u.pods += 1;
    for (const name in pod.resources || {}) u.resources[name] = (u.resources[name] || 0) + pod.resources[name];
    for (const port of pod.hostPorts || []) u.ports.push(port);
  };
  const give = (p, k) => {
    const u = used[k], pod = pods[p];
    u.cpu -= pod.cpu || 0; u.memory -= pod.memory || 0; u.pods -= 1;
    for (const name in pod.resources || {}) u.resources[name] -= pod.resources[name];
    const ports = pod.hostPorts || [];
    u.ports = u.ports.filter((have) => !ports.includes(have));
  };
  const fits = (pod, k) => {
    const node = nodes[k], u = used[k];
    if (u.pods + 1 > node.pods) return false;
    if ((pod.cpu || 0) > 0 && node.cpu - u.cpu < pod.cpu) return false;
    if ((pod.memory || 0) > 0 && node.memory - u.memory < pod.memory) return false;
    for (const name in pod.resources || {}) {
      const want = pod.resources[name];
      if (want > 0 && ((node.resources || {})[name] || 0) - (u.resources[name] || 0) < want) return false;
    }
    for (const want of pod.hostPorts || [])
      for (const have of u.ports)
        if (have.port === want.port && have.protocol === want.protocol && (have.hostIP === want.hostIP || have.hostIP === '0.0.0.0' || want.hostIP === '0.0.0.0')) return false;
    return true;
  };
  const requirement = (labels, req) => {
    const value = labels[req.key];
    if (req.operator === 'In') return value !== undefined && req.values.includes(value);
    if (req.operator === 'NotIn') return value === undefined || !req.values.includes(value);
    if (req.operator === 'Exists') return value !== undefined;
    if (req.operator === 'DoesNotExist') return value === undefined;
    if (value === undefined || !/^-?\d+$/.test(value)) return false;
    return req.operator === 'Gt' ? Number(value) > Number(req.values[0]) : Number(value) < Number(req.values[0]);
  };
  const tolerates = (t, taint) =>
    (t.effect === undefined || t.effect === taint.effect) && (t.key === undefined || t.key === '' || t.key === taint.key) &&
    (t.operator === 'Exists' || (t.value || '') === (taint.value || ''));
  const eligible = (pod, node) => {
    for (const key in pod.nodeSelector || {}) if ((node.labels || {})[key] !== pod.nodeSelector[key]) return false;
    const terms = pod.affinity || [];
    if (terms.length > 0 && !terms.some((term) => term.length > 0 && term.every((req) => requirement(node.labels || {}, req)))) return false;
    return (node.taints || []).every((taint) => taint.effect === 'PreferNoSchedule' || (pod.tolerations || []).some((t) => tolerates(t, taint)));
  };
  const placement = {};
  const pending = [];
  pods.forEach((pod, p) => {
    const k = pod.node === undefined ? undefined : nodeIndex.get(pod.node);
    if (k === undefined) { pending.push(p); placement[pod.name] = null; } else { take(p, k); placement[pod.name] = pod.node; }
  });
  pending.sort((a, b) => (pods[b].priority || 0) - (pods[a].priority || 0) || a - b);
  const chosen = new Map();
  pending.forEach((p, position) => {
    const pod = pods[p];
    let best = -1, bestValue = 0;
    for (let k = 0; k < nodes.length; k++) {
      if (!eligible(pod, nodes[k]) || !fits(pod, k)) continue;
      const node = nodes[k], u = used[k], free = {};
      for (const name in node.resources || {}) free[name] = node.resources[name] - (u.resources[name] || 0);
      const view = { name: node.name, index: k, labels: node.labels || {}, taints: node.taints || [], cpu: node.cpu, memory: node.memory, pods: node.pods,
        resources: node.resources || {}, free: { cpu: node.cpu - u.cpu, memory: node.memory - u.memory, pods: node.pods - u.pods, resources: free }, podCount: u.pods };
      const value = score(pod, view, { position, pending: pending.length, placed: chosen.size });
      if (typeof value !== 'number' || !Number.isFinite(value)) invalid('score(' + JSON.stringify(pod.name) + ', ' + JSON.stringify(node.name) + ') returned ' + (typeof value === 'number' ? String(value) : 'a ' + typeof value) + '; return a finite number');
      if (best < 0 || value > bestValue) { best = k; bestValue = value; }
    }
    if (best >= 0) { take(p, best); chosen.set(p, best); placement[pod.name] = nodes[best].name; }
  });
  const podIndex = new Map(pods.map((pod, p) => [pod.name, p]));
  for (const group of data.groups || []) {
    const members = group.pods.map((name) => podIndex.get(name)).filter((p) => p !== undefined);
    const placed = members.filter((p) => placement[pods[p].name] !== null).length;
    if (placed >= group.minMember) continue;
    for (const p of members) if (chosen.has(p)) { give(p, chosen.get(p)); chosen.delete(p); placement[pods[p].name] = null; }
  }
  return { placement };
}`;

/**
 * The skeletons of the pod-packing family (`Family.skeletons`).
 *
 * @example
 * ```sh
 * schedlab score pod-packing most-allocated.js instances/pod-packing/paper-grid --skeleton scheduler-score
 * ```
 */
export const podPackingSkeletons: Record<string, Skeleton> = {
  'scheduler-score': {
    description:
      "The kube-scheduler's loop without preemption: each pending pod, by priority, goes to the feasible node with the highest score.",
    signature:
      'score(pod, node, state) => number, higher wins. pod: the instance JSON pod ({ name, cpu, memory, resources, priority, owner, ... }); node: { name, index, labels, taints, cpu, memory, pods, resources, free: { cpu, memory, pods, resources }, podCount }; state: { position (in the queue), pending (queue length), placed (so far) }',
    source: schedulerScoreSource,
    example:
      'export default function score(pod, node) {\n  // MostAllocated: pack the fullest node first\n  const cpu = 1 - node.free.cpu / Math.max(node.cpu, 1);\n  const memory = 1 - node.free.memory / Math.max(node.memory, 1);\n  return cpu + memory;\n}\n',
  },
};
