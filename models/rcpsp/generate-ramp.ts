/**
 * The R-ConstraintBench ramp: a layered precedence DAG with k added non-redundant arcs,
 * then, level by level, one more kind of constraint. Every constraint is drawn around a
 * reference schedule built first (serial SGS), so every instance is feasible by
 * construction; the reference is returned with the instance and its makespan is in the name.
 *
 * Levels: 0 precedence and capacity; 1 + resource downtime; 2 + release dates;
 * 3 + deadlines; 4 + disjunctive pairs.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { pickOne, randomInt, seededRandom, shuffle } from '../../src/util/random.js';
import { GenerateParamReader } from '../../src/family/generate-params.js';
import { type GeneratedWithReference, makespanOf, Network, objectiveKnob, serialSchedule } from './generate-support.js';
import type { Downtime, RcpspInstance } from './instance.js';

interface RampKnobs {
  activities: number;
  layers: number;
  extraArcs: number;
  resources: number;
  level: number;
  downtimes: number;
  windowShare: number;
  windowSlack: number;
  disjunctivePairs: number;
  maxDuration: number;
  maxDemand: number;
  objective: 'makespan' | 'feasibility';
}

function knobsOf(params: GenerateParams): RampKnobs {
  const reader = new GenerateParamReader(params, 'rcpsp (kind ramp)', ['kind']);
  const activities = reader.number(
    'activities',
    reader.size({ small: 10, medium: 30, large: 60 }, 'medium'),
    1,
    10_000,
  );
  const resources = reader.number('resources', 2, 0, 100);
  const knobs = {
    activities,
    layers: reader.number(
      'layers',
      Math.max(1, Math.min(activities, Math.round(Math.sqrt(activities)))),
      1,
      activities,
    ),
    extraArcs: reader.number('extraArcs', Math.round(activities / 4), 0, 100_000),
    resources,
    level: reader.number('level', 4, 0, 4),
    downtimes: reader.number('downtimes', 2 * resources, 0, 10_000),
    windowShare: reader.number('windowShare', 0.5, 0, 1, { integer: false }),
    windowSlack: reader.number('windowSlack', 2, 0, 10_000),
    disjunctivePairs: reader.number('disjunctivePairs', Math.ceil(activities / 6), 0, 100_000),
    maxDuration: reader.number('maxDuration', 8, 1, 1000),
    maxDemand: reader.number('maxDemand', 5, 1, 1000),
    objective: objectiveKnob(reader, 'feasibility'),
  };
  reader.finish();
  return knobs;
}

/** Layer of each activity, non-decreasing with the index, every layer non-empty. */
function layering(knobs: RampKnobs, rng: () => number): number[] {
  const extra = Array.from({ length: knobs.activities - knobs.layers }, () => randomInt(rng, 0, knobs.layers - 1));
  return [...Array.from({ length: knobs.layers }, (_, l) => l), ...extra].sort((a, b) => a - b);
}

/** Arcs between consecutive layers so every activity is linked, then k extra non-redundant arcs across layers. */
function layeredNetwork(layer: number[], knobs: RampKnobs, rng: () => number): { network: Network; added: number } {
  const n = layer.length;
  const network = new Network(n);
  const inLayer = (l: number) => layer.flatMap((x, j) => (x === l ? [j] : []));
  for (let j = 0; j < n; j++) if (layer[j] > 0) network.addArc(pickOne(rng, inLayer(layer[j] - 1)), j);
  for (let j = 0; j < n; j++) {
    if (layer[j] === knobs.layers - 1 || network.successors[j].length > 0) continue;
    const next = shuffle(rng, inLayer(layer[j] + 1));
    network.addArc(j, next.find((v) => network.isNonRedundant(j, v)) ?? next[0]);
  }
  let added = 0;
  for (let attempt = 0; attempt < 100 * knobs.extraArcs + 100 && added < knobs.extraArcs; attempt++) {
    const [u, v] = [randomInt(rng, 0, n - 1), randomInt(rng, 0, n - 1)];
    if (layer[u] < layer[v] && network.isNonRedundant(u, v)) {
      network.addArc(u, v);
      added++;
    }
  }
  return { network, added };
}

function baseInstance(knobs: RampKnobs, network: Network, rng: () => number): RcpspInstance {
  const demands = network.successors.map(() =>
    Array.from({ length: knobs.resources }, () => (rng() < 0.6 ? randomInt(rng, 1, knobs.maxDemand) : 0)),
  );
  return {
    name: 'ramp',
    objective: 'makespan',
    resources: Array.from({ length: knobs.resources }, (_, r) => ({
      id: `R${r + 1}`,
      capacity: Math.max(1, ...demands.map((q) => q[r])) + randomInt(rng, 0, knobs.maxDemand),
      downtime: [],
    })),
    activities: network.successors.map((successors, j) => ({
      id: `A${j + 1}`,
      duration: randomInt(rng, 1, knobs.maxDuration),
      demand: demands[j],
      successors: [...successors].sort((a, b) => a - b),
      release: 0,
      deadline: Infinity,
    })),
    disjunctive: [],
  };
}

/** Windows of reduced (often zero) capacity, spread over the plain schedule's span. */
function addDowntime(instance: RcpspInstance, knobs: RampKnobs, span: number, rng: () => number): void {
  for (let k = 0; k < knobs.downtimes && instance.resources.length > 0; k++) {
    const resource = pickOne(rng, instance.resources);
    const start = randomInt(rng, 0, Math.max(0, span - 1));
    const window: Downtime = {
      start,
      end: start + randomInt(rng, 1, 4),
      capacity: rng() < 0.5 ? 0 : Math.floor(resource.capacity / 2),
    };
    resource.downtime.push(window);
  }
  for (const resource of instance.resources) resource.downtime.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Pairs of activities unrelated by precedence, both of positive duration, drawn without repeats. */
function addDisjunctivePairs(instance: RcpspInstance, network: Network, count: number, rng: () => number): void {
  const seen = new Set<string>();
  const n = instance.activities.length;
  for (let attempt = 0; attempt < 50 * count + 50 && instance.disjunctive.length < count; attempt++) {
    const [i, j] = [randomInt(rng, 0, n - 1), randomInt(rng, 0, n - 1)];
    const key = `${Math.min(i, j)},${Math.max(i, j)}`;
    if (i === j || seen.has(key) || network.reaches(i, j) || network.reaches(j, i)) continue;
    seen.add(key);
    instance.disjunctive.push(i < j ? [i, j] : [j, i]);
  }
}

/** Release dates (level 2) and deadlines (level 3) on a share of the activities, slack around the reference. */
function addWindows(instance: RcpspInstance, knobs: RampKnobs, starts: number[], rng: () => number): void {
  instance.activities.forEach((a, j) => {
    if (knobs.level >= 2 && rng() < knobs.windowShare)
      a.release = Math.max(0, starts[j] - randomInt(rng, 0, knobs.windowSlack));
    if (knobs.level >= 3 && rng() < knobs.windowShare)
      a.deadline = starts[j] + a.duration + randomInt(rng, 0, knobs.windowSlack);
  });
}

/**
 * A ramp instance and its reference schedule. Knobs (all optional): `size`
 * small|medium|large (10/30/60 activities), `activities`, `layers` (√n), `extraArcs`
 * (k, n/4), `resources` (2), `level` (0..4, default 4), `downtimes` (2 per resource),
 * `windowShare` (0.5: share of activities given a release date, and a deadline),
 * `windowSlack` (2: periods between the reference and a window's edge; 0 is tightest),
 * `disjunctivePairs` (n/6), `maxDuration` (8), `maxDemand` (5), `objective` ('feasibility').
 *
 * @example
 * ```ts
 * const { instance, reference } = generateRampWithReference({ size: 'small', level: 4 }, 1);
 * evaluateRcpsp(instance, reference).feasible; // true
 * ```
 */
export function generateRampWithReference(params: GenerateParams, seed: number): GeneratedWithReference {
  const knobs = knobsOf(params);
  const rng = seededRandom(seed);
  const { network, added } = layeredNetwork(layering(knobs, rng), knobs, rng);
  const instance = baseInstance(knobs, network, rng);
  if (knobs.level >= 1) addDowntime(instance, knobs, makespanOf(instance, serialSchedule(instance, rng)), rng);
  if (knobs.level >= 4) addDisjunctivePairs(instance, network, knobs.disjunctivePairs, rng);
  const starts = serialSchedule(instance, rng);
  addWindows(instance, knobs, starts, rng);
  const makespan = makespanOf(instance, starts);
  instance.name = `ramp-l${knobs.level}-n${knobs.activities}-k${added}-s${seed}-ref${makespan}`;
  instance.objective = knobs.objective;
  instance.horizon = makespan;
  return { instance, reference: { starts } };
}

/**
 * A ramp instance (see `generateRampWithReference` for the knobs); feasible by construction.
 *
 * @example
 * ```ts
 * const instance = generateRamp({ size: 'medium', level: 2, extraArcs: 10 }, 3);
 * ```
 */
export function generateRamp(params: GenerateParams, seed: number): RcpspInstance {
  return generateRampWithReference(params, seed).instance;
}
