import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bench } from '../../src/bench/bench.js';
import { readIndexJson } from '../../src/bench/references.js';
import { registerFamily } from '../../src/family/registry.js';
import { handSet, knapsackFamily } from './fixture-family.js';
import { makeSet, ref, tempFolder } from './helpers.js';

beforeAll(() => registerFamily(knapsackFamily));

// The knapsack fixture maximizes: its bounds lie above its values.
const readIndex = (folder: string) =>
  readIndexJson(readFileSync(join(folder, 'index.json'), 'utf8'), 'index.json', 'max');

describe('--update-references', () => {
  it('writes a better objective, adds a missing instance and leaves a worse result alone', async () => {
    // Max family. Stored: k1 15 (greedy finds 17: better), k3 16 (greedy finds 11: worse); k2 missing.
    const folder = makeSet(handSet, { k1: ref(15), k3: ref(16) });
    const { report } = await bench([folder], {
      methods: 'greedy',
      timeLimitSec: 1,
      updateReferences: { date: '2025-06-01' },
    });
    const index = readIndex(folder);
    expect(index.k1).toMatchObject({ bestObjective: 17, method: 'greedy', date: '2025-06-01', proven: false });
    expect(index.k1.bestBound).toBeCloseTo(10 + (5 / 6) * 11, 9);
    expect(index.k2).toMatchObject({ bestObjective: 9, method: 'greedy', proven: false });
    expect(index.k3).toMatchObject({ bestObjective: 16, method: 'stored' });
    // The greedy's Dantzig bound 17 is new information about k3, and consistent with 16.
    expect(index.k3.bestBound).toBe(17);
    const [update] = report.referenceUpdates ?? [];
    expect(update.written).toBe(join(folder, 'index.json'));
    const objectiveChanges = update.changes.filter((change) => change.field === 'bestObjective');
    expect(objectiveChanges.map((change) => [change.instance, change.before, change.after])).toEqual([
      ['k1', 15, 17],
      ['k2', null, 9],
    ]);
  });

  it('records a proven optimum from the MIP, and a later worse run changes nothing', async () => {
    const folder = makeSet({ k1: handSet.k1 }, { k1: ref(17) });
    await bench([folder], { methods: 'mip', timeLimitSec: 10, updateReferences: { date: '2025-06-02' } });
    expect(readIndex(folder).k1).toEqual({
      bestObjective: 18,
      bestBound: 18,
      proven: true,
      method: 'mip/highs',
      date: '2025-06-02',
    });
    const before = readFileSync(join(folder, 'index.json'), 'utf8');
    const { report } = await bench([folder], {
      methods: 'greedy',
      timeLimitSec: 1,
      updateReferences: { date: '2025-06-03' },
    });
    expect(readFileSync(join(folder, 'index.json'), 'utf8')).toBe(before);
    expect(report.referenceUpdates?.[0]).toMatchObject({ changes: [] });
    expect(report.referenceUpdates?.[0].written).toBeUndefined();
  });

  it('creates index.json in a set folder that has none', async () => {
    const folder = makeSet({ k2: handSet.k2 });
    await bench([folder], { methods: 'default', timeLimitSec: 1, updateReferences: { date: '2025-06-04' } });
    expect(readIndex(folder).k2).toMatchObject({ bestObjective: 9, method: 'default' });
  });

  it('never writes into an optimum.csv folder or a protected root', async () => {
    const csvFolder = makeSet({ k1: handSet.k1 });
    writeFileSync(join(csvFolder, 'optimum.csv'), 'problem,optimum\nk1,17\n');
    const { report } = await bench([csvFolder], { methods: 'default', timeLimitSec: 1, updateReferences: true });
    expect(existsSync(join(csvFolder, 'index.json'))).toBe(false);
    expect(report.referenceUpdates?.[0].skipped).toMatch(/optimum\.csv/);

    const root = tempFolder();
    const shared = makeSet({ k1: handSet.k1 }, undefined, join(root, 'set'));
    const second = await bench([shared], {
      methods: 'default',
      timeLimitSec: 1,
      updateReferences: { protectedRoots: [root] },
    });
    expect(existsSync(join(shared, 'index.json'))).toBe(false);
    expect(second.report.referenceUpdates?.[0].skipped).toMatch(/shared data/);
  });

  it('warns about, and never writes, an objective better than a stored proven optimum', async () => {
    const folder = makeSet({ k1: handSet.k1 }, { k1: ref(17, true) });
    const { warnings, report } = await bench([folder], { methods: 'default', timeLimitSec: 1, updateReferences: true });
    expect(warnings).toEqual([expect.stringMatching(/k1: default found 18, better than the proven optimum 17/)]);
    expect(report.referenceWarnings).toEqual(warnings);
    expect(readIndex(folder).k1).toMatchObject({ bestObjective: 17, proven: true });
  });
});
