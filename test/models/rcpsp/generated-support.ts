/**
 * Generated RCPSP instances of every constraint kind, each with a schedule known to
 * be feasible, for the heuristic property tests. The ramp and migration generators
 * build their constraints around a reference schedule; PSPLIB-like instances have only
 * precedence and capacity, so they are always feasible (a serial SGS schedules them),
 * and the "extended" kind adds downtime and disjunctive pairs to one and then draws
 * windows around a serial schedule of the result, the way the ramp generator does.
 */
import { expect } from 'vitest';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import {
  generateMigrationWithReference,
  generatePsplibLike,
  generateRampWithReference,
} from '../../../models/rcpsp/generate.js';
import { serialSchedule } from '../../../models/rcpsp/generate-support.js';
import type { RcpspInstance } from '../../../models/rcpsp/instance.js';
import { seededRng } from './heuristics-support.js';

export type GeneratedKind = 'psplib' | 'psplib-extended' | 'ramp' | 'migration';

export interface Generated {
  instance: RcpspInstance;
  /** A feasible schedule: every generated instance has one. */
  reference: { starts: number[] };
}

/** PSPLIB-like knobs across the ProGen classes (NC 1.5-2.1, RF 0.25-1, RS 0.2-0.7), 10-24 jobs. */
function psplibParams(rng: () => number) {
  const pick = <T>(values: T[]) => values[Math.floor(rng() * values.length)];
  return {
    activities: 10 + Math.floor(rng() * 15),
    networkComplexity: pick([1.5, 1.8, 2.1]),
    resourceFactor: pick([0.25, 0.5, 0.75, 1]),
    resourceStrength: pick([0.2, 0.5, 0.7]),
  };
}

/** Downtime, disjunctive pairs, then release dates and deadlines within 0-2 periods of a serial schedule. */
function extend(instance: RcpspInstance, rng: () => number): Generated {
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const span = instance.horizon ?? 50;
  for (const resource of instance.resources) {
    for (let k = int(0, 2); k > 0; k--) {
      const start = int(0, Math.max(0, Math.floor(span / 2)));
      resource.downtime.push({
        start,
        end: start + int(1, 4),
        capacity: rng() < 0.5 ? 0 : Math.floor(resource.capacity / 2),
      });
    }
    resource.downtime.sort((a, b) => a.start - b.start || a.end - b.end);
  }
  const n = instance.activities.length;
  for (let k = int(1, 4); k > 0; k--) {
    const [i, j] = [int(1, n - 2), int(1, n - 2)];
    if (i !== j) instance.disjunctive.push([Math.min(i, j), Math.max(i, j)]);
  }
  const starts = serialSchedule(instance, rng);
  instance.activities.forEach((a, j) => {
    if (rng() < 0.4) a.release = Math.max(0, starts[j] - int(0, 2));
    if (rng() < 0.4) a.deadline = starts[j] + a.duration + int(0, 2);
  });
  // Downtime can push the serial schedule past the generator's horizon (a bound for the plain instance only).
  const makespan = Math.max(0, ...instance.activities.map((a, j) => starts[j] + a.duration));
  const horizon = Math.max(instance.horizon ?? 0, makespan);
  return { instance: { ...instance, horizon, name: `${instance.name}-extended` }, reference: { starts } };
}

/**
 * A generated instance of `kind` and a feasible schedule of it; the same seed gives the same
 * pair. The schedule's feasibility is checked here, so a property that relies on it fails
 * at its source (the generator) rather than as a heuristic's fault.
 */
export function generated(kind: GeneratedKind, seed: number): Generated {
  const pair = generatedPair(kind, seed);
  const violations = evaluateRcpsp(pair.instance, pair.reference).violations;
  expect(
    violations,
    `${kind} seed ${seed}: the reference schedule breaks ${violations.map((v) => v.message).join('; ')}`,
  ).toEqual([]);
  return pair;
}

function generatedPair(kind: GeneratedKind, seed: number): Generated {
  const rng = seededRng(seed);
  const objective = rng() < 0.5 ? 'makespan' : 'feasibility';
  if (kind === 'ramp') {
    return generateRampWithReference(
      { activities: 8 + Math.floor(rng() * 23), level: Math.floor(rng() * 5), objective },
      seed,
    );
  }
  if (kind === 'migration')
    return generateMigrationWithReference({ racks: 2 + Math.floor(rng() * 6), objective }, seed);
  const instance = generatePsplibLike(psplibParams(rng), seed);
  if (kind === 'psplib-extended') return extend(instance, rng);
  return { instance, reference: { starts: serialSchedule(instance, rng) } };
}
