/**
 * A ProGen-style generator of PSPLIB-like instances (Kolisch, Sprecher & Drexl 1995):
 * a network with a target network complexity, demands with a target resource factor,
 * and capacities set by the resource strength. Activities are numbered '1'..'n+2' with
 * a dummy source and sink, as in PSPLIB.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { randomInt, seededRandom, shuffle } from '../../src/util/random.js';
import { GenerateParamReader } from '../../src/family/generate-params.js';
import { Network } from './generate-support.js';
import type { RcpspInstance } from './instance.js';

interface PsplibKnobs {
  jobs: number;
  resources: number;
  networkComplexity: number;
  resourceFactor: number;
  resourceStrength: number;
  maxDuration: number;
  maxDemand: number;
  maxArcs: number;
}

function knobsOf(params: GenerateParams): PsplibKnobs {
  const reader = new GenerateParamReader(params, 'rcpsp (kind psplib)', ['kind']);
  const real = { integer: false };
  const knobs = {
    jobs: reader.number('activities', reader.size({ small: 10, medium: 30, large: 60 }, 'medium'), 1, 10_000),
    resources: reader.number('resources', 4, 1, 100),
    networkComplexity: reader.number('networkComplexity', 1.5, 0, 10, real),
    resourceFactor: reader.number('resourceFactor', 0.5, 0, 1, real),
    resourceStrength: reader.number('resourceStrength', 0.5, 0, 1, real),
    maxDuration: reader.number('maxDuration', 10, 1, 1000),
    maxDemand: reader.number('maxDemand', 10, 1, 1000),
    maxArcs: reader.number('maxArcs', 3, 1, 100),
  };
  reader.finish();
  return knobs;
}

/** Every non-start job gets a predecessor, every non-end job a successor (ProGen's first two steps). */
function connect(network: Network, starts: number, ends: number, maxArcs: number, rng: () => number): void {
  const n = network.size;
  for (let j = starts; j < n; j++) {
    const open = Array.from({ length: j }, (_, i) => i).filter((i) => network.successors[i].length < maxArcs);
    const pool = open.length > 0 ? open : Array.from({ length: j }, (_, i) => i);
    network.addArc(pool[Math.floor(rng() * pool.length)], j);
  }
  for (let j = 0; j < n - ends; j++) {
    if (network.successors[j].length > 0) continue;
    const candidates = shuffle(
      rng,
      Array.from({ length: n }, (_, v) => v).filter((v) => v > j && v >= starts),
    );
    if (candidates.length === 0) continue;
    network.addArc(j, candidates.find((v) => network.isNonRedundant(j, v)) ?? candidates[0]);
  }
}

/** Add non-redundant arcs until the arcs per activity (dummies included) reach the target. */
function addComplexity(network: Network, starts: number, knobs: PsplibKnobs, rng: () => number): void {
  const n = network.size;
  const target = Math.round(knobs.networkComplexity * (n + 2));
  const total = () => network.arcCount() + starts + network.successors.filter((s) => s.length === 0).length;
  for (let attempt = 0; attempt < 50 * n && total() < target && n > starts; attempt++) {
    const u = randomInt(rng, 0, n - 2);
    const v = randomInt(rng, Math.max(u + 1, starts), n - 1);
    // Arcs only from jobs that already have a successor, so each one adds to the count.
    if (v <= u || network.successors[u].length === 0 || network.successors[u].length >= knobs.maxArcs) continue;
    if (network.predecessorCount[v] >= knobs.maxArcs || !network.isNonRedundant(u, v)) continue;
    network.addArc(u, v);
  }
}

/** Capacity between the largest single demand (strength 0) and the peak of the earliest-start schedule (strength 1). */
function capacities(durations: number[], demands: number[][], successors: number[][], knobs: PsplibKnobs): number[] {
  const earliest = durations.map(() => 0);
  // Arcs always go from a lower to a higher index, so index order is a topological order.
  durations.forEach((d, j) =>
    successors[j].forEach((s) => {
      earliest[s] = Math.max(earliest[s], earliest[j] + d);
    }),
  );
  return Array.from({ length: knobs.resources }, (_, r) => {
    const minimum = Math.max(0, ...demands.map((q) => q[r]));
    const horizon = Math.max(0, ...durations.map((d, j) => earliest[j] + d));
    let peak = 0;
    for (let t = 0; t < horizon; t++) {
      peak = Math.max(
        peak,
        durations.reduce((sum, d, j) => sum + (earliest[j] <= t && t < earliest[j] + d ? demands[j][r] : 0), 0),
      );
    }
    return minimum + Math.round(knobs.resourceStrength * (peak - minimum));
  });
}

function demandsOf(knobs: PsplibKnobs, rng: () => number): number[] {
  const used = Array.from({ length: knobs.resources }, () => rng() < knobs.resourceFactor);
  if (knobs.resourceFactor > 0 && !used.some(Boolean)) used[randomInt(rng, 0, knobs.resources - 1)] = true;
  return used.map((u) => (u ? randomInt(rng, 1, knobs.maxDemand) : 0));
}

/**
 * A PSPLIB-like instance. Knobs (all optional): `size` small|medium|large (10/30/60
 * jobs), `activities` (jobs, overrides size), `resources` (4), `networkComplexity`
 * (1.5: arcs per activity, dummies included, all non-redundant), `resourceFactor`
 * (0.5: share of resources each job uses), `resourceStrength` (0.5: capacity from the
 * largest single demand at 0 to the earliest-start schedule's peak at 1),
 * `maxDuration` (10), `maxDemand` (10), `maxArcs` (3: successors/predecessors per job).
 *
 * @example
 * ```ts
 * const instance = generatePsplibLike({ size: 'medium', resourceStrength: 0.2 }, 7);
 * instance.activities.length; // 32
 * ```
 */
export function generatePsplibLike(params: GenerateParams, seed: number): RcpspInstance {
  const knobs = knobsOf(params);
  const rng = seededRandom(seed);
  const n = knobs.jobs;
  const starts = randomInt(rng, 1, Math.min(3, n));
  const ends = n > starts ? randomInt(rng, 1, Math.min(3, n - starts)) : 0;
  const network = new Network(n);
  connect(network, starts, ends, knobs.maxArcs, rng);
  addComplexity(network, starts, knobs, rng);
  // Index 0 is the dummy source and n + 1 the dummy sink; job k of the network is index k + 1.
  const successors = [
    Array.from({ length: n }, (_, k) => k)
      .filter((k) => network.predecessorCount[k] === 0)
      .map((k) => k + 1),
    ...network.successors.map((list) => (list.length === 0 ? [n + 1] : list.map((k) => k + 1).sort((x, y) => x - y))),
    [],
  ];
  const durations = [0, ...Array.from({ length: n }, () => randomInt(rng, 1, knobs.maxDuration)), 0];
  const zero = new Array<number>(knobs.resources).fill(0);
  const demands = [zero, ...Array.from({ length: n }, () => demandsOf(knobs, rng)), zero];
  const capacity = capacities(durations, demands, successors, knobs);
  return {
    name: `psplib-like-n${n}-s${seed}`,
    objective: 'makespan',
    horizon: durations.reduce((sum, d) => sum + d, 0),
    resources: capacity.map((c, r) => ({ id: `R${r + 1}`, capacity: c, downtime: [] })),
    activities: durations.map((duration, j) => ({
      id: String(j + 1),
      duration,
      demand: [...demands[j]],
      successors: successors[j],
      release: 0,
      deadline: Infinity,
    })),
    disjunctive: [],
  };
}
