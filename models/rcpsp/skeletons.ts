/**
 * RCPSP skeletons for the oracle (FunSearch style): the family's constructive method with
 * one decision left to a candidate. `serial-sgs` is the serial schedule-generation scheme:
 * at each step, among the activities whose predecessors are all scheduled, the one with
 * the highest `priority(activity, state)` (ties: the earlier activity) starts at the
 * earliest period where its resources, the downtime windows, its release date and its
 * disjunctive partners allow.
 *
 * The method is plain JavaScript in a string: it runs inside the candidate's isolate, so
 * its many calls to the candidate never cross the sandbox boundary. It reads the
 * instance JSON of instance.ts (ids, `demand` by resource id, `successors` by id).
 */
import type { Skeleton } from '../../src/family/contract.js';

const serialSgsSource = `function serialSgs(data, priority, ctx, invalid) {
  const acts = data.activities, res = data.resources, n = acts.length;
  const index = new Map();
  for (let i = 0; i < n; i++) index.set(acts[i].id, i);
  const preds = acts.map(() => []), succ = acts.map((a) => a.successors.map((id) => index.get(id)));
  for (let i = 0; i < n; i++) for (const s of succ[i]) preds[s].push(i);
  const demand = acts.map((a) => res.map((r) => a.demand[r.id] || 0));
  // Critical-path figures for the candidate: earliest starts, latest starts against the critical-path length.
  const order = [], indegree = preds.map((p) => p.length);
  for (let i = 0; i < n; i++) if (indegree[i] === 0) order.push(i);
  for (let k = 0; k < order.length; k++) for (const s of succ[order[k]]) if (--indegree[s] === 0) order.push(s);
  const es = new Array(n).fill(0);
  for (const i of order) { es[i] = Math.max(es[i], acts[i].release || 0); for (const s of succ[i]) es[s] = Math.max(es[s], es[i] + acts[i].duration); }
  let length = 0;
  for (let i = 0; i < n; i++) length = Math.max(length, es[i] + acts[i].duration);
  const ls = new Array(n).fill(0), below = new Array(n).fill(0);
  for (let k = order.length - 1; k >= 0; k--) {
    const i = order[k];
    let latestFinish = length;
    for (const s of succ[i]) { latestFinish = Math.min(latestFinish, ls[s]); below[i] += 1 + below[s]; }
    ls[i] = latestFinish - acts[i].duration;
  }
  const views = acts.map((a, i) => ({
    id: a.id, index: i, duration: a.duration, demand: a.demand, successors: a.successors,
    predecessors: preds[i].map((p) => acts[p].id), release: a.release || 0,
    deadline: a.deadline === undefined ? null : a.deadline,
    earliestStart: es[i], latestStart: ls[i], successorCount: below[i],
  }));
  // Resource profiles by period, grown on demand; capacity per period honours downtime windows.
  // Past the last release and downtime window, with every activity after another, each one fits if it ever does.
  let horizon = 1;
  for (const a of acts) horizon += a.duration + (a.release || 0);
  for (const r of res) for (const w of r.downtime) horizon += w.end;
  // Packed arrays of zeros read fastest; past the first 100 000 periods they grow on demand.
  const usage = res.map(() => new Array(Math.min(horizon + 1, 100000)).fill(0));
  const capacity = (r, t) => {
    for (const w of res[r].downtime) if (t >= w.start && t < w.end) return w.capacity;
    return res[r].capacity;
  };
  const partners = acts.map(() => []);
  for (const [a, b] of data.disjunctive) { partners[index.get(a)].push(index.get(b)); partners[index.get(b)].push(index.get(a)); }
  const start = new Array(n).fill(-1);
  // The first period in s..s+d-1 where activity i does not fit, or -1 when it fits from s.
  const clash = (i, s) => {
    const d = acts[i].duration;
    for (const p of partners[i]) if (start[p] >= 0 && d > 0 && acts[p].duration > 0 && s < start[p] + acts[p].duration && start[p] < s + d) return start[p] + acts[p].duration - 1;
    for (let t = s; t < s + d; t++) for (let r = 0; r < res.length; r++) if (demand[i][r] > 0 && (usage[r][t] || 0) + demand[i][r] > capacity(r, t)) return t;
    return -1;
  };
  const place = (i, from) => {
    for (let s = from; s <= from + horizon; ) { const t = clash(i, s); if (t < 0) return s; s = t + 1; }
    return from; // It never fits (a demand above every capacity): the evaluator will say so.
  };
  const ready = (i) => { let t = acts[i].release || 0; for (const p of preds[i]) t = Math.max(t, start[p] + acts[p].duration); return t; };
  let scheduled = 0, makespan = 0;
  const waiting = preds.map((p) => p.length);
  let eligible = [];
  for (let i = 0; i < n; i++) if (waiting[i] === 0) eligible.push(i);
  while (eligible.length > 0) {
    let best = -1, bestValue = 0;
    for (const i of eligible) {
      const state = { scheduled, makespan, eligible: eligible.length, readyAt: ready(i) };
      const value = priority(views[i], state);
      if (typeof value !== 'number' || !Number.isFinite(value)) invalid('priority(' + JSON.stringify(acts[i].id) + ') returned ' + (typeof value === 'number' ? String(value) : 'a ' + typeof value) + '; return a finite number');
      if (best < 0 || value > bestValue || (value === bestValue && i < best)) { best = i; bestValue = value; }
    }
    const s = place(best, ready(best));
    start[best] = s;
    for (let t = s; t < s + acts[best].duration; t++) for (let r = 0; r < res.length; r++) usage[r][t] = (usage[r][t] || 0) + demand[best][r];
    scheduled++;
    makespan = Math.max(makespan, s + acts[best].duration);
    eligible = eligible.filter((i) => i !== best);
    for (const s2 of succ[best]) if (--waiting[s2] === 0) eligible.push(s2);
  }
  const starts = {};
  for (let i = 0; i < n; i++) starts[acts[i].id] = start[i] < 0 ? 0 : start[i];
  return { starts };
}`;

/**
 * The skeletons of the RCPSP family (`Family.skeletons`).
 *
 * @example
 * ```sh
 * schedlab score rcpsp lst.js instances/rcpsp/psplib-like --skeleton serial-sgs
 * # lst.js: export default (activity) => -activity.latestStart;
 * ```
 */
export const rcpspSkeletons: Record<string, Skeleton> = {
  'serial-sgs': {
    description:
      'The serial schedule-generation scheme: the eligible activity of highest priority starts at its earliest resource-feasible period.',
    signature:
      'priority(activity, state) => number, higher first. activity: { id, index, duration, demand: { resourceId: amount }, successors, predecessors (ids), release, deadline (or null), earliestStart, latestStart (critical path), successorCount (all descendants) }; state: { scheduled, makespan (so far), eligible (how many), readyAt (its earliest precedence-feasible start) }',
    source: serialSgsSource,
    example:
      'export default function priority(activity) {\n  return -activity.latestStart; // latest start time first (LST)\n}\n',
  },
};
