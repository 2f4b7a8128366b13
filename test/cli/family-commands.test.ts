import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLp } from '../../src/formats/index.js';
import { familyIds } from '../../src/family/registry.js';
import { runCli } from './run-cli.js';
import { scratchDir } from '../support/scratch.js';

const example = resolve('instances/rcpsp/examples/rcpsp-migration-small-1.json');
const j301 = resolve('../shared/data/psplib/j30/j301_1.sm');
const scratch = scratchDir('schedlab-family-cli-');

describe('schedlab families', () => {
  it('lists rcpsp with its heuristics and readers', async () => {
    const { code, stdout } = await runCli('families', '--json');
    expect(code).toBe(0);
    const rcpsp = (
      JSON.parse(stdout) as { id: string; heuristics: string[]; readers: Record<string, string[]> }[]
    ).find((f) => f.id === 'rcpsp');
    expect(rcpsp?.heuristics).toContain('default');
    expect(rcpsp?.readers.psplib).toEqual(['sm']);
  });
});

describe('schedlab solve / heuristic / evaluate on a family instance', () => {
  it('solve --json: the strongest method proves the bundled instance optimal; objective from the evaluator', async () => {
    const out = join(scratch, 'solved.json');
    const { code, stdout } = await runCli('solve', example, '--json', '--time-limit', '30', '--out', out);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const reference = JSON.parse(readFileSync(resolve('instances/rcpsp/examples/index.json'), 'utf8'))[
      'rcpsp-migration-small-1'
    ];
    expect(report).toMatchObject({
      family: 'rcpsp',
      instance: 'rcpsp-migration-small-1',
      // Disjunctive pairs: branch and bound does not apply, mip-descent does.
      method: 'mip-descent',
      status: 'optimal',
      feasible: true,
      violations: [],
    });
    expect(report.objective).toBe(reference.bestObjective);
    expect(report.bound).toBe(reference.bestObjective);
    expect(Object.keys(report.solution.starts)).toContain('site.prepare');
    // The saved report is a valid solution file for evaluate.
    const evaluated = await runCli('evaluate', example, out, '--json');
    expect(evaluated.code).toBe(0);
    expect(JSON.parse(evaluated.stdout)).toMatchObject({ feasible: true, objective: reference.bestObjective });
  });

  it('heuristic is seeded: the same seed gives the same schedule', async () => {
    const first = JSON.parse((await runCli('heuristic', example, '--name', 'genetic', '--seed', '3', '--json')).stdout);
    const second = JSON.parse(
      (await runCli('heuristic', example, '--name', 'genetic', '--seed', '3', '--json')).stdout,
    );
    expect(first.feasible).toBe(true);
    expect(second.solution).toEqual(first.solution);
  });

  it('evaluate reports the broken rule of a hand-broken schedule', async () => {
    const solved = JSON.parse((await runCli('heuristic', example, '--json')).stdout);
    const starts = { ...solved.solution.starts };
    const first = Object.keys(starts)[0];
    starts[first] = 1000;
    const file = join(scratch, 'broken.json');
    writeFileSync(file, JSON.stringify({ starts }));
    const { code, stdout } = await runCli('evaluate', example, file, '--json');
    expect(code).toBe(0);
    const verdict = JSON.parse(stdout);
    expect(verdict.feasible).toBe(false);
    expect(verdict.violations.map((v: { constraint: string }) => v.constraint)).toContain('precedence');
  });

  it.skipIf(!existsSync(j301))('reads PSPLIB .sm files directly', async () => {
    const { code, stdout } = await runCli('heuristic', j301, '--json', '--time-limit', '0.5');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.family).toBe('rcpsp');
    expect(report.objective).toBeGreaterThanOrEqual(43);
    expect(report.feasible).toBe(true);
  });
});

describe('every family through the CLI', () => {
  it('reads a Kubernetes List in a .json file as a pod-packing instance', async () => {
    const list = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        {
          apiVersion: 'v1',
          kind: 'Node',
          metadata: { name: 'n1' },
          status: { allocatable: { cpu: '2', memory: '4Gi', pods: '10' } },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p1', namespace: 'default' },
          spec: { priority: 10, containers: [{ name: 'c', resources: { requests: { cpu: '1500m', memory: '1Gi' } } }] },
        },
        {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p2', namespace: 'default' },
          spec: { priority: 0, containers: [{ name: 'c', resources: { requests: { cpu: '1', memory: '1Gi' } } }] },
        },
      ],
    };
    const file = join(scratch, 'cluster.json');
    writeFileSync(file, JSON.stringify(list));
    const { code, stdout, stderr } = await runCli('solve', file, '--json', '--time-limit', '10');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report).toMatchObject({ family: 'pod-packing', instance: 'cluster', status: 'optimal', feasible: true });
    // Only one of the two pods fits on the 2-CPU node: the higher-priority one.
    const placed = Object.entries(report.solution.placement)
      .filter(([, node]) => node !== null)
      .map(([pod]) => pod);
    expect(placed).toHaveLength(1);
    expect(placed[0]).toContain('p1');
  });

  it('solves the bundled pipeline and pod-packing sets heuristically through the CLI', async () => {
    for (const folder of ['instances/pipeline', 'instances/pod-packing']) {
      const { code, stdout } = await runCli('bench', folder, '--methods', 'default', '--time-limit', '1', '--json');
      expect(code, folder).toBe(0);
      const report = JSON.parse(stdout);
      expect(report.rows.length).toBeGreaterThan(0);
      for (const row of report.rows) expect(row.feasible, `${folder} ${row.instance}`).toBe(true);
    }
  });
});

describe('schedlab generate and export', () => {
  it('writes seeded instances that read back, and exports their MIP', async () => {
    const folder = join(scratch, 'generated');
    const { code, stdout } = await runCli(
      'generate',
      'rcpsp',
      '--size',
      'small',
      '--count',
      '2',
      '--seed',
      '9',
      '--param',
      'kind=ramp',
      '--out',
      folder,
    );
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(2);
    expect(readdirSync(folder).sort()).toEqual(['rcpsp-ramp-small-10.json', 'rcpsp-ramp-small-9.json']);
    const again = join(scratch, 'again');
    await runCli('generate', 'rcpsp', '--size', 'small', '--seed', '9', '--param', 'kind=ramp', '--out', again);
    expect(readFileSync(join(again, 'rcpsp-ramp-small-9.json'), 'utf8')).toBe(
      readFileSync(join(folder, 'rcpsp-ramp-small-9.json'), 'utf8'),
    );
    const exported = await runCli('export', join(folder, 'rcpsp-ramp-small-9.json'), '--format', 'lp');
    expect(exported.code).toBe(0);
    expect(readLp(exported.stdout).numCols).toBeGreaterThan(0);
  });
});

describe('bad instance files exit 2 with the file and the path inside it', () => {
  const write = (name: string, text: string) => {
    const file = join(scratch, name);
    writeFileSync(file, text);
    return file;
  };

  it('a negative duration names data.activities[k].duration', async () => {
    const json = JSON.parse(readFileSync(example, 'utf8'));
    json.data.activities[2].duration = -2;
    const file = write('negative.json', JSON.stringify(json));
    const { code, stderr } = await runCli('solve', file);
    expect(code).toBe(2);
    expect(stderr).toContain(`${file} (at data.activities[2].duration)`);
  });

  it('an unknown successor, a missing family, broken JSON, an unknown family', async () => {
    const json = JSON.parse(readFileSync(example, 'utf8'));
    json.data.activities[0].successors = ['nowhere'];
    const unknown = await runCli('heuristic', write('successor.json', JSON.stringify(json)));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("(at data.activities[0].successors[0]): unknown activity 'nowhere'");
    const noFamily = await runCli('solve', write('nofamily.json', JSON.stringify({ data: {} })));
    expect(noFamily.code).toBe(2);
    expect(noFamily.stderr).toContain('nofamily.json (at family): missing "family"');
    const broken = await runCli('solve', write('broken.json', '{\n  "family": "rcpsp",\n  "data": [\n}'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken\.json:4: not valid JSON/);
    const family = await runCli('generate', 'tsp', '--out', scratch);
    expect(family.code).toBe(2);
    expect(family.stderr).toContain(`unknown family 'tsp'; known families: ${familyIds().join(', ')}`);
    expect(familyIds()).toEqual(expect.arrayContaining(['pipeline', 'pod-packing', 'rcpsp']));
  });
});
