/** The `@example` blocks of io.ts, evaluate.ts, bounds.ts, generate*.ts, gantt-svg.ts and src/util/random.ts, run. */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { criticalPathBound, lowerBound, resourceBound, timeWindows } from '../../../models/rcpsp/bounds.js';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { ganttSvg } from '../../../models/rcpsp/gantt-svg.js';
import {
  generateMigration,
  generateMigrationWithReference,
  generatePsplibLike,
  generateRamp,
  generateRampWithReference,
  generateRcpsp,
} from '../../../models/rcpsp/generate.js';
import { readRcp, readSm, writeRcp, writeSm } from '../../../models/rcpsp/io.js';
import { pickOne, randomInt, seededRandom, shuffle } from '../../../src/util/random.js';

const j301 = resolve(__dirname, '../../../../shared/data/psplib/j30/j301_1.sm');

describe('documentation examples', () => {
  it('random', () => {
    expect(seededRandom(42)()).toBe(seededRandom(42)());
    expect(randomInt(seededRandom(1), 1, 6)).toBeGreaterThanOrEqual(1);
    expect(['red', 'green']).toContain(pickOne(seededRandom(1), ['red', 'green']));
    expect(shuffle(seededRandom(1), [0, 1, 2, 3]).sort()).toEqual([0, 1, 2, 3]);
  });

  it('io', () => {
    const instance = readRcp('2 1\n3\n2 1 1 2\n0 0 0\n');
    expect(instance.activities[0].successors).toEqual([1]);
    expect(writeRcp(readRcp('2 1\n3\n2 1 1 2\n0 0 0\n'))).toBe('2 1\n3\n2 1 1 2\n0 0 0\n');
    expect(readRcp(writeRcp(instance))).toEqual(instance);
    expect(readSm(writeSm(instance))).toEqual({ ...instance, name: 'rcp', horizon: 2 });
  });

  it.skipIf(!existsSync(j301))('io and bounds on j301_1', () => {
    const instance = readSm(readFileSync(j301, 'utf8'), { name: 'j301_1' });
    expect(instance.activities.length).toBe(32);
    expect(readSm(writeSm(instance), { name: 'j301_1' })).toEqual(instance);
    expect(criticalPathBound(instance)).toBe(38);
    expect(lowerBound(instance)).toBeGreaterThanOrEqual(criticalPathBound(instance));
    const { earliest, latest } = timeWindows(instance, 60);
    expect(earliest.every((e, j) => e <= latest[j])).toBe(true);
  });

  it('bounds, evaluate and gantt', () => {
    const instance = generatePsplibLike({ size: 'small', resourceFactor: 1 }, 2);
    const energy = instance.activities.reduce((sum, a) => sum + a.demand[0] * a.duration, 0);
    expect(resourceBound(instance)).toBeGreaterThanOrEqual(Math.ceil(energy / instance.resources[0].capacity));
    const result = evaluateRcpsp(instance, { starts: instance.activities.map(() => 0) });
    expect(result.feasible).toBe(false);
    for (const v of result.violations) expect(v.message.length).toBeGreaterThan(0);
    expect(ganttSvg(instance, { starts: instance.activities.map(() => 0) })).toMatch(/^<svg/);
  });

  it('generate', () => {
    expect(generatePsplibLike({ size: 'medium', resourceStrength: 0.2 }, 7).activities.length).toBe(32);
    const ramp = generateRampWithReference({ size: 'small', level: 4 }, 1);
    expect(evaluateRcpsp(ramp.instance, ramp.reference).feasible).toBe(true);
    expect(generateRamp({ size: 'medium', level: 2, extraArcs: 10 }, 3).activities.length).toBe(30);
    expect(generateMigrationWithReference({ size: 'small' }, 5).instance.activities[2].id).toBe('rack1.move');
    expect(generateMigration({ racks: 8, crews: 3 }, 11).activities.length).toBe(2 + 4 * 8);
    expect(generateRcpsp({ kind: 'ramp', size: 'small', level: 3 }, 42).name).toMatch(/^ramp-l3-n10-/);
  });
});
