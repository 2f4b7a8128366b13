import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRcp, readSm, writeRcp, writeSm } from '../../../models/rcpsp/io.js';
import { parseRcpsp } from '../../../models/rcpsp/instance.js';
import { inputErrorOf } from '../../support/errors.js';
import { smallSm } from '../../support/psplib.js';

const psplib = resolve(__dirname, '../../../../shared/data/psplib');

function smFiles(set: string): string[] {
  const dir = join(psplib, set);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.sm'))
        .sort()
        .map((f) => join(dir, f))
    : [];
}

for (const [set, jobs] of [
  ['j30', 32],
  ['j60', 62],
] as const) {
  const files = smFiles(set);
  if (files.length === 0) console.log(`skipping PSPLIB ${set} reader tests: ${join(psplib, set)} not found`);
  describe.skipIf(files.length === 0)(`PSPLIB ${set}`, () => {
    it(`reads all ${files.length} files with ${jobs} activities and 4 resources, and round-trips them`, () => {
      expect(files.length).toBe(240);
      for (const file of files) {
        const instance = readSm(readFileSync(file, 'utf8'));
        expect(instance.activities).toHaveLength(jobs);
        expect(instance.resources.map((r) => r.id)).toEqual(['R1', 'R2', 'R3', 'R4']);
        expect(instance.activities[0].duration).toBe(0);
        expect(instance.activities[jobs - 1].successors).toEqual([]);
        expect(readSm(writeSm(instance))).toEqual(instance);
        expect(readRcp(writeRcp(instance), { name: instance.name })).toEqual({ ...instance, horizon: undefined });
      }
    });
  });
}

const first = join(psplib, 'j30', 'j301_1.sm');
describe.skipIf(!existsSync(first))('j301_1.sm contents', () => {
  it('reads the values of the file', () => {
    const instance = readSm(readFileSync(first, 'utf8'), { name: 'j301_1' });
    expect(instance.name).toBe('j301_1');
    expect(instance.horizon).toBe(158);
    expect(instance.resources.map((r) => r.capacity)).toEqual([12, 13, 4, 12]);
    expect(instance.activities[1]).toEqual({
      id: '2',
      duration: 8,
      demand: [4, 0, 0, 0],
      successors: [5, 10, 14],
      release: 0,
      deadline: Infinity,
    });
    expect(readSm(readFileSync(first, 'utf8')).name).toBe('j30_17');
  });
});

const SMALL_SM = smallSm();

describe('readSm', () => {
  it('reads a minimal file', () => {
    const instance = readSm(SMALL_SM, { name: 'tiny' });
    expect(instance.activities.map((a) => a.duration)).toEqual([0, 5, 0]);
    expect(instance.resources).toEqual([{ id: 'R1', capacity: 3, downtime: [] }]);
    expect(instance.name).toBe('tiny');
  });

  it('names the line and what was expected in malformed files', () => {
    const badDuration = inputErrorOf(() =>
      readSm(SMALL_SM.replace('  2      1     5       2', '  2      1     x       2')),
    );
    expect(badDuration.location.line).toBe(14);
    expect(badDuration.message).toMatch(/duration of job 2/);
    const badSuccessor = inputErrorOf(() =>
      readSm(SMALL_SM.replace('   2        1          1           3', '   2        1          1           9')),
    );
    expect(badSuccessor.location.line).toBe(8);
    expect(badSuccessor.message).toMatch(/successor of job 2 in 1\.\.3/);
    const missingRow = inputErrorOf(() => readSm(SMALL_SM.replace('  3      1     0       0\n', '')));
    expect(missingRow.message).toMatch(/row 3 of 3 in the REQUESTS\/DURATIONS section/);
    const multiMode = inputErrorOf(() =>
      readSm(SMALL_SM.replace('   3        1          0', '   3        2          0')),
    );
    expect(multiMode.location.line).toBe(9);
    expect(inputErrorOf(() => readSm('hello')).message).toMatch(/'jobs' line/);
    expect(
      inputErrorOf(() => readSm(SMALL_SM.replace('nonrenewable              :  0', 'nonrenewable              :  2')))
        .location.line,
    ).toBe(4);
  });
});

const SMALL_RCP = '3 1\n3\n0 0 1 2\n5 2 1\n3\n0 0 0\n';

describe('readRcp', () => {
  it('reads and writes the Patterson format, with successors wrapped across lines', () => {
    const instance = readRcp(SMALL_RCP, { name: 'tiny' });
    expect(instance.activities.map((a) => a.successors)).toEqual([[1], [2], []]);
    expect(instance.activities[1].demand).toEqual([2]);
    expect(writeRcp(instance)).toBe('3 1\n3\n0 0 1 2\n5 2 1 3\n0 0 0\n');
    expect(readRcp(writeRcp(instance), { name: 'tiny' })).toEqual(instance);
  });

  it('names the line and what was expected', () => {
    const truncated = inputErrorOf(() => readRcp('3 1\n3\n0 0 1 2\n5 2 1\n'));
    expect(truncated.message).toMatch(/a successor of activity 2, found the end of the file/);
    expect(truncated.location.line).toBe(4);
    const negative = inputErrorOf(() => readRcp('3 1\n3\n0 0 1 2\n-5 2 1 3\n0 0 0\n'));
    expect(negative.location.line).toBe(4);
    expect(negative.message).toMatch(/duration of activity 2 >= 0/);
    expect(inputErrorOf(() => readRcp(`${SMALL_RCP}7\n`)).location.line).toBe(7);
    expect(inputErrorOf(() => readRcp('2 1\n3\n0 0 1 5\n0 0 0\n')).message).toMatch(/in 1\.\.2/);
  });
});

describe('precedence cycles in native files', () => {
  it('readSm refuses a cycle as an input error at the row of a job on it, naming the cycle', () => {
    const cyclic = inputErrorOf(() =>
      readSm(SMALL_SM.replace('   3        1          0', '   3        1          1           2')),
    );
    expect(cyclic.location.line).toBe(8);
    expect(cyclic.message).toMatch(/cycle job 2 → job 3 → job 2; remove one of its arcs/);
  });

  it('readRcp refuses a cycle as an input error at the successors of an activity on it', () => {
    const cyclic = inputErrorOf(() => readRcp('3 1\n3\n0 0 1 2\n5 2 1\n3\n0 0 1 2\n'));
    expect(cyclic.location.line).toBe(5);
    expect(cyclic.message).toMatch(/cycle activity 2 → activity 3 → activity 2/);
  });
});

describe('writers', () => {
  it('refuse the R-ConstraintBench extensions, naming the entity', () => {
    const windowed = parseRcpsp({
      resources: [{ id: 'crew', capacity: 1 }],
      activities: [{ id: 'a', duration: 1, release: 2 }],
    });
    expect(() => writeSm(windowed)).toThrow(/activity 'a' has a release date/);
    const down = parseRcpsp({
      resources: [{ id: 'crew', capacity: 1, downtime: [{ start: 1, end: 2 }] }],
      activities: [{ id: 'a', duration: 1 }],
    });
    expect(() => writeRcp(down)).toThrow(/resource 'crew' has downtime/);
  });
});
