/**
 * The package as a user gets it: `npm pack`, installed into an empty project, imported by
 * a TypeScript file that type-checks under `strict` and runs a method on a bundled
 * instance. Dependencies come from npm's cache (`npm ci` filled it), the registry otherwise.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../support/scratch.js';

const root = resolve(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 240_000 });
}

/** Builds dist/ and packs it; returns the tarball's path. */
function pack(destination: string): string {
  run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], root);
  run('npm', ['pack', '--ignore-scripts', '--pack-destination', destination], root);
  const [tarball] = readdirSync(destination).filter((name) => name.endsWith('.tgz'));
  return join(destination, tarball);
}

const consumer = `
import { readFileSync } from 'node:fs';
import { runMethod, type MethodResult } from 'schedlab';
import { family, type RcpspInstance, type RcpspSolution } from 'schedlab/models/rcpsp';

const file = new URL('../node_modules/schedlab/instances/rcpsp/examples/rcpsp-psplib-medium-4.json', import.meta.url);
const instance: RcpspInstance = family.parse(JSON.parse(readFileSync(file, 'utf8')).data);
const result: MethodResult<RcpspSolution> = await runMethod(family, instance, undefined, { timeLimitSec: 30 });
const starts: number[] | undefined = result.solution?.starts;
console.log(JSON.stringify({ method: result.method, feasible: result.evaluation.feasible, proven: result.proven, objective: result.objective, activities: starts?.length }));
`;

describe('the packed package', () => {
  it('installs into an empty project, type-checks under strict, and runs a method', () => {
    const work = scratchDir('schedlab-pack-');
    const tarball = pack(work);
    const project = join(work, 'consumer');
    run('mkdir', [project], work);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    const install = ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball];
    run('npm', install, project);
    writeFileSync(join(project, 'consumer.ts'), consumer);
    const options = ['--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022'];
    const types = ['--typeRoots', join(root, 'node_modules/@types'), '--types', 'node', '--outDir', 'out'];
    run(process.execPath, [tsc, ...options, ...types, 'consumer.ts'], project);
    const output = JSON.parse(run(process.execPath, ['out/consumer.js'], project));
    expect(output).toMatchObject({ method: 'branch-and-bound', feasible: true, proven: true });
    expect(output.activities).toBeGreaterThan(0);
  }, 300_000);
});
