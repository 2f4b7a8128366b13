import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';
import { scratchDir } from '../support/scratch.js';

const manifest = resolve('instances/pod-packing/manifests/example.yaml');
const scratch = scratchDir('schedlab-native-out-');

describe('--out FILE in a family format, and an exact method report', () => {
  it('writes pod packing decisions as Binding and Eviction objects that match the JSON placement', async () => {
    const file = join(scratch, 'decisions.yaml');
    const { code, stdout } = await runCli(
      'solve',
      manifest,
      '--method',
      'lexicographic',
      '--time-limit',
      '10',
      '--out',
      file,
      '--json',
    );
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    const objects = parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS());
    const bindings = objects.filter((o) => o.kind === 'Binding');
    const evictions = objects.filter((o) => o.kind === 'Eviction');
    // Every Binding names a node the JSON placement gives its pod; every Eviction a pod placed
    // nowhere. The placement keys pods outside the default namespace as namespace/name.
    const key = (meta: { name: string; namespace: string }) =>
      meta.namespace === 'default' ? meta.name : `${meta.namespace}/${meta.name}`;
    for (const binding of bindings) expect(report.solution.placement[key(binding.metadata)]).toBe(binding.target.name);
    for (const eviction of evictions) expect(report.solution.placement[key(eviction.metadata)]).toBeNull();
    expect(bindings.length).toBe(report.metrics.bindings);
    expect(evictions.length).toBe(report.metrics.evictions);
    // The method says per tier what it proved.
    expect(report.report.filter((line: string) => line.startsWith('tier p')).length).toBeGreaterThan(0);
  });

  it('keeps writing the JSON report for a .json file, which evaluate reads back', async () => {
    const file = join(scratch, 'report.json');
    expect((await runCli('heuristic', manifest, '--out', file)).code).toBe(0);
    expect(JSON.parse(readFileSync(file, 'utf8')).family).toBe('pod-packing');
    const { code, stdout } = await runCli('evaluate', manifest, file, '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout).feasible).toBe(true);
  });

  it('lists the writers a family has', async () => {
    const { stdout } = await runCli('families');
    expect(stdout).toMatch(/writers: +kubernetes \(\.yaml \.yml\)/);
  });
});

describe('solve --method with flags of the MIP', () => {
  it('refuses --solver for an exact method instead of ignoring it (exit 2)', async () => {
    const { code, stderr } = await runCli('solve', manifest, '--method', 'lexicographic', '--solver', 'glpk');
    expect(code).toBe(2);
    expect(stderr).toContain(
      "--solver and --gap apply to the MIP only; the exact method 'lexicographic' chooses its own",
    );
  });
});
