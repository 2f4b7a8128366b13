import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bench } from '../../src/bench/bench.js';
import { collectInstances } from '../../src/bench/collect.js';
import { parseMethods } from '../../src/bench/harness.js';
import type { BenchRow } from '../../src/bench/types.js';
import { SchedlabError } from '../../src/errors.js';
import { registerFamily } from '../../src/family/registry.js';
import { handSet, knapsackFamily } from './fixture-family.js';
import { makeSet, ref, tempFolder } from './helpers.js';

beforeAll(() => registerFamily(knapsackFamily));

const row = (rows: BenchRow[], instance: string, method: string): BenchRow => {
  const found = rows.find((r) => r.instance === instance && r.method === method);
  if (!found) throw new Error(`no row ${instance} ${method}`);
  return found;
};

describe('collectInstances', () => {
  it('expands folders (JSON and native files, subfolders) and skips reference files and non-instances', async () => {
    const folder = makeSet({ k1: handSet.k1 }, { k1: ref(18, true) });
    writeFileSync(join(folder, 'optimum.csv'), 'problem,optimum\nk1,18\n');
    writeFileSync(join(folder, 'notes.md'), '# notes');
    writeFileSync(join(folder, 'report.json'), '{"rows":[]}');
    mkdirSync(join(folder, 'native'));
    writeFileSync(join(folder, 'native', 'k9.ks'), 'capacity 4\na 2 3\nb 3 4\n');
    const instances = await collectInstances([folder]);
    expect(instances.map((item) => item.name)).toEqual(['k1', 'k9']);
    expect(instances[1].folder).toBe(join(folder, 'native'));
  });

  it('names a path without any readable instance (an input error)', async () => {
    const empty = tempFolder();
    writeFileSync(join(empty, 'readme.txt'), 'nothing here');
    await expect(collectInstances([empty])).rejects.toSatisfy((error: unknown) => error instanceof SchedlabError && error.kind === 'input' && error.location.file === empty);
  });
});

describe('parseMethods', () => {
  it('resolves heuristics and MIP backends, and lists the heuristics for an unknown name', () => {
    expect(parseMethods('greedy, mip,mip/glpk', [knapsackFamily]).map((m) => m.label)).toEqual(['greedy', 'mip/highs', 'mip/glpk']);
    expect(() => parseMethods('greedy,nope', [knapsackFamily])).toThrow(/unknown method 'nope'.*default, greedy, fragile, overfill, mip/);
  });
});

describe('bench on the hand-checked set', () => {
  // Max family; stored references: k1 18 (proven), k2 9 (proven), k3 15 (not proven; the optimum is 16).
  const index = { k1: ref(18, true), k2: ref(9, true), k3: ref(15) };

  it('has one row per method and instance, with deviations from index.json', async () => {
    const { report } = await bench([makeSet(handSet, index)], { methods: 'greedy,default,overfill', timeLimitSec: 1 });
    expect(report.rows).toHaveLength(3 * 3);
    expect(report.rows.map((r) => `${r.instance}/${r.method}`).slice(0, 3)).toEqual(['k1/greedy', 'k1/default', 'k1/overfill']);
    expect(row(report.rows, 'k1', 'greedy')).toMatchObject({ objective: 17, feasible: true, reference: 18, referenceProven: true, referenceSource: 'index.json' });
    expect(row(report.rows, 'k1', 'greedy').deviation).toBeCloseTo(1 / 18, 12);
    expect(row(report.rows, 'k3', 'default')).toMatchObject({ objective: 16, reference: 15, referenceProven: false });
    expect(row(report.rows, 'k3', 'default').deviation).toBeCloseTo(-1 / 15, 12);
    expect(row(report.rows, 'k1', 'greedy').bound).toBeCloseTo(10 + (5 / 6) * 11, 9);
    expect(row(report.rows, 'k2', 'overfill')).toMatchObject({ feasible: false, status: 'infeasible', violations: 1, deviation: null });
  });

  it('summarizes each method as computed by hand', async () => {
    const { report } = await bench([makeSet(handSet, index)], { methods: 'greedy,default,overfill', timeLimitSec: 1 });
    const [greedy, best, overfill] = report.summary;
    expect(greedy).toMatchObject({ method: 'greedy', runs: 3, feasible: 3, proven: 0, matched: 1, errors: 0, withReference: 3 });
    expect(greedy.meanDeviation).toBeCloseTo((1 / 18 + 0 + 4 / 15) / 3, 12);
    expect(greedy.maxDeviation).toBeCloseTo(4 / 15, 12);
    expect(best).toMatchObject({ method: 'default', runs: 3, feasible: 3, matched: 3, maxDeviation: 0 });
    expect(best.meanDeviation).toBeCloseTo(-1 / 45, 12);
    expect(overfill).toMatchObject({ feasible: 0, matched: 0, withReference: 0, meanDeviation: null, maxDeviation: null });
    const times = report.rows.filter((r) => r.method === 'greedy').map((r) => r.timeMs);
    expect(greedy.maxTimeMs).toBe(Math.max(...times));
    expect(greedy.meanTimeMs).toBeCloseTo(times.reduce((a, b) => a + b, 0) / 3, 9);
  });

  it('reads references from an optimum.csv, with lb..ub for an open instance', async () => {
    const folder = tempFolder();
    writeFileSync(join(folder, 'k1.ks'), 'capacity 10\na 5 10\nb 4 7\nc 6 11\n');
    writeFileSync(join(folder, 'k3.ks'), 'capacity 8\na 4 8\nb 4 8\nc 5 11\n');
    writeFileSync(join(folder, 'optimum.csv'), 'problem,optimum\nk1.ks,18\nk3.ks,15..17\n');
    const { report } = await bench([folder], { methods: 'greedy', timeLimitSec: 1 });
    expect(row(report.rows, 'k1', 'greedy')).toMatchObject({ reference: 18, referenceProven: true, referenceSource: 'optimum.csv' });
    expect(row(report.rows, 'k3', 'greedy')).toMatchObject({ objective: 11, reference: 15, referenceProven: false, referenceSource: 'optimum.csv' });
    expect(row(report.rows, 'k3', 'greedy').deviation).toBeCloseTo(4 / 15, 12);
  });

  it('falls back to the best objective of the run when no reference is stored', async () => {
    const { report } = await bench([makeSet({ k3: handSet.k3 })], { methods: 'greedy,default', timeLimitSec: 1 });
    expect(row(report.rows, 'k3', 'greedy')).toMatchObject({ reference: 16, referenceSource: 'run', referenceProven: false });
    expect(row(report.rows, 'k3', 'greedy').deviation).toBeCloseTo(5 / 16, 12);
    expect(report.summary[1]).toMatchObject({ method: 'default', matched: 1 });
  });
});

describe('bench error rows and the MIP', () => {
  it('records a throwing method as an error row and goes on', async () => {
    const folder = makeSet({ k1: handSet.k1, k2: { ...handSet.k2, trap: true }, k3: handSet.k3 });
    const { report } = await bench([folder], { methods: 'fragile', timeLimitSec: 1 });
    expect(report.rows.map((r) => r.status)).toEqual(['feasible', 'error', 'feasible']);
    expect(row(report.rows, 'k2', 'fragile')).toMatchObject({ objective: null, feasible: false, message: 'the fragile heuristic sprang its trap' });
    expect(report.summary[0]).toMatchObject({ runs: 3, feasible: 2, errors: 1 });
  });

  it('proves the knapsack optimum with HiGHS', async () => {
    const { report } = await bench([makeSet({ k1: handSet.k1 }, { k1: ref(18, true) })], { methods: 'mip', timeLimitSec: 10 });
    expect(report.rows[0]).toMatchObject({ method: 'mip/highs', status: 'optimal', objective: 18, bound: 18, proven: true, deviation: 0 });
    expect(report.summary[0]).toMatchObject({ proven: 1, matched: 1 });
  });
});
