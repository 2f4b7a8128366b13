import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    await expect(collectInstances([empty])).rejects.toSatisfy(
      (error: unknown) => error instanceof SchedlabError && error.kind === 'input' && error.location.file === empty,
    );
  });
});

describe('parseMethods', () => {
  it('resolves heuristics, exact methods and MIP backends, and lists the methods for an unknown name', () => {
    expect(parseMethods('greedy, mip,mip/glpk,enumerate', [knapsackFamily]).map((m) => m.label)).toEqual([
      'greedy',
      'mip/highs',
      'mip/glpk',
      'enumerate',
    ]);
    expect(parseMethods('enumerate', [knapsackFamily])).toEqual([
      { kind: 'exact', label: 'enumerate', exact: 'enumerate' },
    ]);
    expect(parseMethods('mip,mip/highs', [knapsackFamily])).toHaveLength(1);
    expect(() => parseMethods('greedy,nope', [knapsackFamily])).toThrow(
      /unknown method 'nope'.*default, greedy, fragile, overfill, enumerate, mip, mip\/SOLVER/,
    );
    expect(() => parseMethods('heuristic/enumerate', [knapsackFamily])).toThrow(
      /unknown method 'heuristic\/enumerate'/,
    );
  });

  it('rejects a name that is both a heuristic and an exact method, listing the qualified choices', () => {
    const twofold = {
      ...knapsackFamily,
      id: 'knapsack-twofold',
      exact: { ...knapsackFamily.exact, greedy: knapsackFamily.exact!.enumerate },
    };
    expect(() => parseMethods('greedy', [twofold])).toThrow(
      /method 'greedy' is ambiguous: it is a heuristic and an exact method; name one of: heuristic\/greedy, exact\/greedy/,
    );
    expect(parseMethods('heuristic/greedy,exact/greedy', [twofold])).toEqual([
      { kind: 'heuristic', label: 'heuristic/greedy', heuristic: 'greedy' },
      { kind: 'exact', label: 'exact/greedy', exact: 'greedy' },
    ]);
    const mipNamed = { ...knapsackFamily, id: 'knapsack-mip', exact: { mip: knapsackFamily.exact!.enumerate } };
    expect(() => parseMethods('mip', [mipNamed])).toThrow(/name one of: mip\/highs, exact\/mip/);
  });

  it('needs the name in every family that runs it', () => {
    const plain = { ...knapsackFamily, id: 'knapsack-plain', exact: undefined };
    expect(() => parseMethods('enumerate', [knapsackFamily, plain])).toThrow(
      /unknown method 'enumerate' for family 'knapsack-plain'/,
    );
  });
});

describe('bench on the hand-checked set', () => {
  // Max family; stored references: k1 18 (proven), k2 9 (proven), k3 15 (not proven; the optimum is 16).
  const index = { k1: ref(18, true), k2: ref(9, true), k3: ref(15) };

  it('has one row per method and instance, with deviations from index.json', async () => {
    const { report } = await bench([makeSet(handSet, index)], { methods: 'greedy,default,overfill', timeLimitSec: 1 });
    expect(report.rows).toHaveLength(3 * 3);
    expect(report.rows.map((r) => `${r.instance}/${r.method}`).slice(0, 3)).toEqual([
      'k1/greedy',
      'k1/default',
      'k1/overfill',
    ]);
    expect(row(report.rows, 'k1', 'greedy')).toMatchObject({
      objective: 17,
      feasible: true,
      reference: 18,
      referenceProven: true,
      referenceSource: 'index.json',
    });
    expect(row(report.rows, 'k1', 'greedy').deviation).toBeCloseTo(1 / 18, 12);
    expect(row(report.rows, 'k3', 'default')).toMatchObject({ objective: 16, reference: 15, referenceProven: false });
    expect(row(report.rows, 'k3', 'default').deviation).toBeCloseTo(-1 / 15, 12);
    expect(row(report.rows, 'k1', 'greedy').bound).toBeCloseTo(10 + (5 / 6) * 11, 9);
    expect(row(report.rows, 'k2', 'overfill')).toMatchObject({
      feasible: false,
      status: 'infeasible',
      violations: 1,
      deviation: null,
    });
  });

  it('summarizes each method as computed by hand', async () => {
    const { report } = await bench([makeSet(handSet, index)], { methods: 'greedy,default,overfill', timeLimitSec: 1 });
    const [greedy, best, overfill] = report.summary;
    expect(greedy).toMatchObject({
      method: 'greedy',
      runs: 3,
      feasible: 3,
      proven: 0,
      matched: 1,
      errors: 0,
      withReference: 3,
    });
    expect(greedy.meanDeviation).toBeCloseTo((1 / 18 + 0 + 4 / 15) / 3, 12);
    expect(greedy.maxDeviation).toBeCloseTo(4 / 15, 12);
    expect(best).toMatchObject({ method: 'default', runs: 3, feasible: 3, matched: 3, maxDeviation: 0 });
    expect(best.meanDeviation).toBeCloseTo(-1 / 45, 12);
    expect(overfill).toMatchObject({
      feasible: 0,
      matched: 0,
      withReference: 0,
      meanDeviation: null,
      maxDeviation: null,
    });
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
    expect(row(report.rows, 'k1', 'greedy')).toMatchObject({
      reference: 18,
      referenceProven: true,
      referenceSource: 'optimum.csv',
    });
    expect(row(report.rows, 'k3', 'greedy')).toMatchObject({
      objective: 11,
      reference: 15,
      referenceProven: false,
      referenceSource: 'optimum.csv',
    });
    expect(row(report.rows, 'k3', 'greedy').deviation).toBeCloseTo(4 / 15, 12);
  });

  it('falls back to the best objective of the run when no reference is stored', async () => {
    const { report } = await bench([makeSet({ k3: handSet.k3 })], { methods: 'greedy,default', timeLimitSec: 1 });
    expect(row(report.rows, 'k3', 'greedy')).toMatchObject({
      reference: 16,
      referenceSource: 'run',
      referenceProven: false,
    });
    expect(row(report.rows, 'k3', 'greedy').deviation).toBeCloseTo(5 / 16, 12);
    expect(report.summary[1]).toMatchObject({ method: 'default', matched: 1 });
  });
});

describe('bench error rows and the MIP', () => {
  it('records a throwing method as an error row and goes on', async () => {
    const folder = makeSet({ k1: handSet.k1, k2: { ...handSet.k2, trap: true }, k3: handSet.k3 });
    const { report } = await bench([folder], { methods: 'fragile', timeLimitSec: 1 });
    expect(report.rows.map((r) => r.status)).toEqual(['feasible', 'error', 'feasible']);
    expect(row(report.rows, 'k2', 'fragile')).toMatchObject({
      objective: null,
      feasible: false,
      message: 'the fragile heuristic sprang its trap',
    });
    expect(report.summary[0]).toMatchObject({ runs: 3, feasible: 2, errors: 1 });
  });

  it('runs an exact method: proven optimal, scored by the evaluator', async () => {
    const { report } = await bench([makeSet({ k1: handSet.k1, k3: handSet.k3 }, { k1: ref(18, true) })], {
      methods: 'enumerate',
      timeLimitSec: 1,
    });
    expect(report.rows.map((r) => [r.instance, r.method, r.status, r.objective, r.bound, r.proven])).toEqual([
      ['k1', 'enumerate', 'optimal', 18, 18, true],
      ['k3', 'enumerate', 'optimal', 16, 16, true],
    ]);
    expect(report.summary[0]).toMatchObject({ method: 'enumerate', proven: 2, provenInfeasible: 0, matched: 2 });
  });

  it('proves the knapsack optimum with HiGHS', async () => {
    const { report } = await bench([makeSet({ k1: handSet.k1 }, { k1: ref(18, true) })], {
      methods: 'mip',
      timeLimitSec: 10,
    });
    expect(report.rows[0]).toMatchObject({
      method: 'mip/highs',
      status: 'optimal',
      objective: 18,
      bound: 18,
      proven: true,
      deviation: 0,
    });
    expect(report.summary[0]).toMatchObject({ proven: 1, matched: 1 });
  });
});

describe('feasibility-only and infeasible instances', () => {
  const feasibilityOnly = { ...handSet.k1, feasibilityOnly: true };
  const impossible = { ...handSet.k2, require: ['a', 'c'] };

  it('counts a feasibility-only run as feasible, never optimal, with no bound', async () => {
    const { report } = await bench([makeSet({ f1: feasibilityOnly })], {
      methods: 'default,mip,enumerate',
      timeLimitSec: 5,
    });
    for (const method of ['default', 'mip/highs', 'enumerate']) {
      expect(row(report.rows, 'f1', method), method).toMatchObject({
        status: 'feasible',
        feasible: true,
        proven: false,
        provenInfeasible: false,
        bound: null,
      });
    }
    for (const entry of report.summary)
      expect(entry, entry.method).toMatchObject({ runs: 1, feasible: 1, proven: 0, provenInfeasible: 0 });
  });

  it('counts a MIP or exact proof of infeasibility as proven infeasible', async () => {
    const { report } = await bench([makeSet({ x1: impossible })], {
      methods: 'default,mip,enumerate',
      timeLimitSec: 5,
    });
    expect(row(report.rows, 'x1', 'default')).toMatchObject({
      status: 'infeasible',
      feasible: false,
      provenInfeasible: false,
    });
    expect(row(report.rows, 'x1', 'mip/highs')).toMatchObject({
      status: 'infeasible',
      feasible: false,
      proven: false,
      provenInfeasible: true,
    });
    expect(row(report.rows, 'x1', 'enumerate')).toMatchObject({
      status: 'infeasible',
      feasible: false,
      proven: false,
      provenInfeasible: true,
    });
    expect(report.summary.map((entry) => [entry.method, entry.provenInfeasible, entry.proven])).toEqual([
      ['default', 0, 0],
      ['mip/highs', 1, 0],
      ['enumerate', 1, 0],
    ]);
  });

  it('stores no proven optimum for a feasibility-only instance with --update-references', async () => {
    const folder = makeSet({ f1: feasibilityOnly });
    const { report } = await bench([folder], {
      methods: 'mip,enumerate',
      timeLimitSec: 5,
      updateReferences: { date: '2024-01-01' },
    });
    expect(report.referenceUpdates?.[0].changes.map((change) => change.field)).toEqual(['bestObjective']);
    const stored = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8'));
    expect(stored.f1).toMatchObject({ bestBound: null, proven: false });
  });

  it("does not take a MIP without objective for a proof of optimality, only the family's bound", async () => {
    const silent = { ...knapsackFamily, id: 'knapsack-silent', optimizesObjective: undefined };
    registerFamily(silent);
    const folder = tempFolder();
    writeFileSync(join(folder, 'f1.json'), JSON.stringify({ family: silent.id, name: 'f1', data: feasibilityOnly }));
    writeFileSync(
      join(folder, 'f2.json'),
      JSON.stringify({ family: silent.id, name: 'f2', data: { ...feasibilityOnly, capacity: 100 } }),
    );
    const { report } = await bench([folder], { methods: 'mip', timeLimitSec: 5 });
    // f1: HiGHS says 'optimal' for any subset that fits, and the Dantzig bound 19.17 is above it.
    expect(report.rows[0]).toMatchObject({ instance: 'f1', status: 'feasible', proven: false });
    expect(report.rows[0].bound).toBeCloseTo(10 + (5 / 6) * 11, 9);
    // f2: everything fits, the default heuristic takes everything, and the bound proves it.
    expect(report.rows[1]).toMatchObject({ instance: 'f2', status: 'optimal', objective: 28, bound: 28, proven: true });
  });
});
