/**
 * The data-center migration scenario: racks are decommissioned, moved, re-cabled and
 * tested by crews (renewable), with shared equipment (lifts, a test bench), maintenance
 * windows as downtime, change-freeze windows as release dates and deadlines, and racks
 * on a shared power feed that must not be re-cabled at the same time (disjunctive pairs).
 * Like the ramp, it is built around a reference schedule, so it is feasible by construction.
 */
import type { GenerateParams } from '../../src/family/contract.js';
import { pickOne, randomInt, seededRandom, shuffle } from '../../src/util/random.js';
import { GenerateParamReader } from '../../src/family/generate-params.js';
import { type GeneratedWithReference, makespanOf, objectiveKnob, serialSchedule } from './generate-support.js';
import type { Activity, RcpspInstance } from './instance.js';

interface MigrationKnobs {
  racks: number;
  crews: number;
  lifts: number;
  benches: number;
  feeds: number;
  maintenanceWindows: number;
  freezeWindows: number;
  objective: 'makespan' | 'feasibility';
}

function knobsOf(params: GenerateParams): MigrationKnobs {
  const reader = new GenerateParamReader(params, 'rcpsp (kind migration)', ['kind']);
  const racks = reader.number('racks', reader.size({ small: 3, medium: 6, large: 10 }, 'medium'), 1, 1000);
  const knobs = {
    racks,
    crews: reader.number('crews', 2, 1, 100),
    lifts: reader.number('lifts', 1, 1, 100),
    benches: reader.number('benches', 1, 1, 100),
    feeds: reader.number('feeds', Math.ceil(racks / 2), 1, racks),
    maintenanceWindows: reader.number('maintenanceWindows', 2, 0, 1000),
    freezeWindows: reader.number('freezeWindows', 1, 0, 100),
    objective: objectiveKnob(reader, 'makespan'),
  };
  reader.finish();
  return knobs;
}

const STEPS = ['decommission', 'move', 'recable', 'test'] as const;
const [_CREW, _LIFT, _BENCH] = [0, 1, 2];

function activity(id: string, duration: number, demand: number[], successors: number[] = []): Activity {
  return { id, duration, demand, successors, release: 0, deadline: Infinity };
}

/** site.prepare, then per rack decommission → move → recable → test, then site.signoff. */
function plainInstance(knobs: MigrationKnobs, rng: () => number): RcpspInstance {
  const signoff = 1 + 4 * knobs.racks;
  const rackIndex = (rack: number, step: number) => 1 + 4 * rack + step;
  const activities = [
    activity(
      'site.prepare',
      2,
      [1, 0, 0],
      Array.from({ length: knobs.racks }, (_, rack) => rackIndex(rack, 1)),
    ),
  ];
  for (let rack = 0; rack < knobs.racks; rack++) {
    const heavy = rng() < 0.3 ? Math.min(2, knobs.crews) : 1;
    const id = (step: number) => `rack${rack + 1}.${STEPS[step]}`;
    activities.push(
      activity(id(0), randomInt(rng, 1, 3), [1, 0, 0], [rackIndex(rack, 1)]),
      activity(id(1), randomInt(rng, 2, 4), [heavy, 1, 0], [rackIndex(rack, 2)]),
      activity(id(2), randomInt(rng, 2, 4), [1, 0, 0], [rackIndex(rack, 3)]),
      activity(id(3), randomInt(rng, 1, 2), [0, 0, 1], [signoff]),
    );
  }
  activities.push(activity('site.signoff', 1, [1, 0, 0]));
  return {
    name: 'migration',
    objective: 'makespan',
    resources: [
      { id: 'crew', capacity: knobs.crews, downtime: [] },
      { id: 'lift', capacity: knobs.lifts, downtime: [] },
      { id: 'bench', capacity: knobs.benches, downtime: [] },
    ],
    activities,
    disjunctive: [],
  };
}

/** Lift and bench maintenance (unavailable) and crew training (one crew fewer), over the plan's span. */
function addMaintenance(instance: RcpspInstance, count: number, span: number, rng: () => number): void {
  for (let k = 0; k < count; k++) {
    const resource = pickOne(rng, instance.resources);
    const start = randomInt(rng, 0, Math.max(0, span - 1));
    resource.downtime.push({
      start,
      end: start + randomInt(rng, 1, 3),
      capacity: resource.id === 'crew' ? resource.capacity - 1 : 0,
    });
  }
  for (const resource of instance.resources) resource.downtime.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** Racks dealt to power feeds; the re-cabling of two racks on one feed must not overlap. */
function addPowerFeeds(instance: RcpspInstance, knobs: MigrationKnobs, rng: () => number): void {
  const racks = shuffle(
    rng,
    Array.from({ length: knobs.racks }, (_, rack) => rack),
  );
  const feeds: number[][] = Array.from({ length: knobs.feeds }, () => []);
  racks.forEach((rack, k) => feeds[k % knobs.feeds].push(rack));
  for (const members of feeds) {
    const sorted = members.sort((a, b) => a - b);
    for (let a = 0; a < sorted.length; a++)
      for (let b = a + 1; b < sorted.length; b++)
        instance.disjunctive.push([1 + 4 * sorted[a] + 2, 1 + 4 * sorted[b] + 2]);
  }
}

/** Freeze windows [start, end) during which no rack is decommissioned or moved. */
function freezeWindows(count: number, span: number, rng: () => number): [number, number][] {
  return Array.from({ length: count }, () => {
    const start = randomInt(rng, 1, Math.max(1, span - 1));
    return [start, start + randomInt(rng, 2, 4)] as [number, number];
  });
}

/** Each changing activity must end before the freezes after it in the reference, and start after those before. */
function freezeAsWindows(instance: RcpspInstance, freezes: [number, number][], starts: number[]): void {
  instance.activities.forEach((a, j) => {
    if (!/\.(decommission|move)$/.test(a.id)) return;
    for (const [from, to] of freezes) {
      if (starts[j] + a.duration <= from) a.deadline = Math.min(a.deadline, from);
      else if (starts[j] >= to) a.release = Math.max(a.release, to);
    }
  });
}

/**
 * A migration instance and its reference schedule. Knobs (all optional): `size`
 * small|medium|large (3/6/10 racks), `racks`, `crews` (2), `lifts` (1), `benches` (1),
 * `feeds` (racks/2, rounded up: power feeds shared by racks), `maintenanceWindows` (2),
 * `freezeWindows` (1), `objective` ('makespan'). Activity ids read `rack3.move`.
 *
 * @example
 * ```ts
 * const { instance, reference } = generateMigrationWithReference({ size: 'small' }, 5);
 * instance.activities[2].id; // 'rack1.move'
 * ```
 */
export function generateMigrationWithReference(params: GenerateParams, seed: number): GeneratedWithReference {
  const knobs = knobsOf(params);
  const rng = seededRandom(seed);
  const instance = plainInstance(knobs, rng);
  const span = makespanOf(instance, serialSchedule(instance, rng));
  addMaintenance(instance, knobs.maintenanceWindows, span, rng);
  addPowerFeeds(instance, knobs, rng);
  const freezes = freezeWindows(knobs.freezeWindows, span, rng);
  const changing = (j: number) => /\.(decommission|move)$/.test(instance.activities[j].id);
  const starts = serialSchedule(instance, rng, (j) => (changing(j) ? freezes : []));
  freezeAsWindows(instance, freezes, starts);
  const makespan = makespanOf(instance, starts);
  instance.name = `migration-r${knobs.racks}-s${seed}-ref${makespan}`;
  instance.objective = knobs.objective;
  instance.horizon = makespan;
  return { instance, reference: { starts } };
}

/**
 * A migration instance (see `generateMigrationWithReference` for the knobs).
 *
 * @example
 * ```ts
 * const instance = generateMigration({ racks: 8, crews: 3 }, 11);
 * ```
 */
export function generateMigration(params: GenerateParams, seed: number): RcpspInstance {
  return generateMigrationWithReference(params, seed).instance;
}
