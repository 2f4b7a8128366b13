/**
 * What the hostile sweep (`npm run bench -- hostile-sweep`) found, each kept as a fixed case
 * with its fix: an infeasible answer printed with an objective, a JSON file nested 200,000
 * deep ending in a stack overflow, an 8 MB YAML stream parsed whole before its first error,
 * a generator knob of 1e9 nodes running for minutes, seeds and library options taken although
 * wrong, and refusals that named no path.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIndexJson } from '../../src/bench/references.js';
import { runMethod } from '../../src/family/methods.js';
import { getFamily } from '../../src/family/registry.js';
import { runCli } from '../cli/run-cli.js';
import { scratchDir } from '../support/scratch.js';

const dir = scratchDir('schedlab-hostile-found-');
const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;

describe('found by the hostile sweep', () => {
  it('an infeasible answer has no objective in the report (its makespan stays a metric)', async () => {
    const data = { devices: 2, microbatches: 2, times: { F: 1, B: 1, W: 1 }, memory: { mB: 1, mW: 1e9, limit: 3 } };
    const file = join(dir, 'memory-1e9.json');
    writeFileSync(file, JSON.stringify({ family: 'pipeline', data }));
    const run = await runCli('heuristic', file, '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ feasible: false, objective: null, gap: null });
    expect(report.metrics.makespan).toBeGreaterThan(0);
  });

  it('a JSON document nested 200,000 deep is refused at its root, not a stack overflow', async () => {
    const plan = join(dir, 'plan.json');
    writeFileSync(plan, deep);
    const run = await runCli('estimate', 'train', '--plan', plan);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${plan} (at (root)): Invalid input: expected object, received array; found an array`);
    expect(() => readIndexJson(deep, 'index.json')).toThrow(/nested too deep to show/);
  });

  it('a generator knob of 1e9 nodes is refused at once with the range', async () => {
    const run = await runCli('generate', 'pod-packing', '--param', 'nodes=1e9', '--out', dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--param nodes: .*1\.\.5000/);
    const pods = await runCli(
      'generate',
      'pod-packing',
      '--param',
      'nodes=5000',
      '--param',
      'podsPerNode=100',
      '--out',
      dir,
    );
    expect(pods.stderr).toContain('= 500000 pods; at most 200000');
  });

  it('--seed 1e308 is refused as a flag by solve, heuristic and bench (it was a failed bench row, exit 1)', async () => {
    const file = join(dir, 'rcpsp.json');
    writeFileSync(
      file,
      JSON.stringify({ family: 'rcpsp', data: { resources: [], activities: [{ id: 'a', duration: 1 }] } }),
    );
    for (const command of ['solve', 'heuristic', 'bench']) {
      const run = await runCli(command, file, '--seed', '1e308');
      expect(run.code, command).toBe(2);
      expect(run.stderr).toContain(
        "--seed expects a whole number from -9007199254740991 to 9007199254740991, got '1e308'",
      );
    }
  });

  it('a refusal of the whole document or instance still points at a path', async () => {
    const catalog = join(dir, 'catalog.json');
    writeFileSync(catalog, '[]');
    const flags = '--model llama3-8b --gpu h100 --gpus 8 --tp 1 --pp 1 --seq 2048 --global-batch 8'.split(' ');
    const run = await runCli('estimate', 'train', ...flags, '--catalog', catalog);
    expect(run.stderr).toContain(`${catalog} (at (root)): invalid hardware catalog`);
    const tight = join(dir, 'tight.json');
    const data = { devices: 2, microbatches: 2, times: { F: 1, B: 1, W: 1 }, memory: { limit: 1e-9 } };
    writeFileSync(tight, JSON.stringify({ family: 'pipeline', data }));
    const heuristic = await runCli('heuristic', tight);
    expect(heuristic.stderr).toContain(`${tight} (at data.memory.limit): device 0 needs 1 units`);
  });

  it('a YAML stream is refused at its first bad document, before the rest is parsed (8 MB took 45 s)', async () => {
    const example = readFileSync('instances/pod-packing/manifests/example.yaml', 'utf8');
    const file = join(dir, 'repeated.yaml');
    writeFileSync(file, example.repeat(Math.ceil(8e6 / example.length)));
    const run = await runCli('heuristic', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}:108: not valid YAML or JSON: Map keys must be unique (line 108, column 1)`);
  });

  it('runMethod refuses a negative or NaN time limit and a fractional seed, whichever method would run', async () => {
    const family = await getFamily('rcpsp');
    const instance = family.generate({ size: 'small' }, 1);
    for (const options of [{ timeLimitSec: -1 }, { timeLimitSec: Number.NaN }, { seed: 0.5 }])
      await expect(runMethod(family, instance, 'heuristic/default', options)).rejects.toMatchObject({ kind: 'input' });
  });
});
