/**
 * Bad input through the CLI: exit code 2 and a message naming the file and the line or
 * the path inside it; failures of a family's own code stay exit code 1.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { inputError, modelError } from '../../src/errors.js';
import type { AnyFamily } from '../../src/family/contract.js';
import { registerFamily } from '../../src/family/registry.js';
import { handSet, knapsackFamily } from '../bench/fixture-family.js';
import { runCli } from './run-cli.js';
import { scratchDir } from '../support/scratch.js';

const example = resolve('instances/rcpsp/examples/rcpsp-migration-small-1.json');
const scratch = scratchDir('schedlab-bad-input-');
const write = (name: string, text: string): string => {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
};
const exampleJson = () => JSON.parse(readFileSync(example, 'utf8'));

/** A PSPLIB .sm file of two jobs between the dummies; `duration3` is the text of job 3's duration. */
const smallSm = (duration3: string): string => `************************************************************************
projects                      :  1
jobs (incl. supersource/sink ):  4
horizon                       :  20
RESOURCES
  - renewable                 :  1   R
  - nonrenewable              :  0   N
  - doubly constrained        :  0   D
************************************************************************
PRECEDENCE RELATIONS:
jobnr.    #modes  #successors   successors
   1        1          2           2   3
   2        1          1           4
   3        1          1           4
   4        1          0
************************************************************************
REQUESTS/DURATIONS:
jobnr. mode duration  R 1
------------------------------------------------------------------------
  1      1     0       0
  2      1     3       2
  3      1     ${duration3}       2
  4      1     0       0
************************************************************************
RESOURCEAVAILABILITIES:
  R 1
    3
************************************************************************
`;

describe('bad instance and solution files (exit 2, naming the file)', () => {
  it('evaluate: a solution of the wrong shape names the solution file and the path', async () => {
    const wrongType = await runCli(
      'evaluate',
      example,
      write('wrong-type.json', JSON.stringify({ starts: { 'site.prepare': 'soon' } })),
    );
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain(`${join(scratch, 'wrong-type.json')} (at solution.starts.site.prepare): `);
    expect(wrongType.stderr).toMatch(/expected number/);
    const broken = await runCli('evaluate', example, write('broken-solution.json', '{\n  "starts": \n'));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/broken-solution\.json:\d+: not valid JSON/);
    const missing = await runCli('evaluate', example, join(scratch, 'absent.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(scratch, 'absent.json')}: cannot read the file: no such file`);
  });

  it('a bad PSPLIB .sm file names the file and the line', async () => {
    const good = await runCli('heuristic', write('tiny.sm', smallSm('4')), '--json');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ family: 'rcpsp', objective: 7, feasible: true });
    const file = write('bad.sm', smallSm('x'));
    for (const command of ['solve', 'heuristic', 'export']) {
      const run = await runCli(command, file, ...(command === 'export' ? ['--format', 'lp'] : []));
      expect(run.code, command).toBe(2);
      expect(run.stderr, command).toContain(`${file}:22: expected the duration of job 3 (a whole number), found 'x'`);
    }
  });

  it('export of a bad instance names the file and the path', async () => {
    const json = exampleJson();
    json.data.activities[1].duration = 'long';
    const file = write('bad-export.json', JSON.stringify(json));
    const { code, stdout, stderr } = await runCli('export', file, '--format', 'mps');
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`${file} (at data.activities[1].duration)`);
  });

  it('a precedence cycle names the file and the successor list', async () => {
    const json = exampleJson();
    const first = json.data.activities[0].id;
    const last = json.data.activities[json.data.activities.length - 1];
    last.successors = [...(last.successors ?? []), first];
    const file = write('cycle.json', JSON.stringify(json));
    for (const command of ['solve', 'heuristic']) {
      const run = await runCli(command, file);
      expect(run.code, command).toBe(2);
      expect(run.stderr, command).toMatch(
        new RegExp(
          `${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(at data\\.activities\\[\\d+\\]\\.successors[^)]*\\): .*cycle`,
        ),
      );
    }
  });

  it('heuristic --name unknown lists the heuristics', async () => {
    const { code, stderr } = await runCli('heuristic', example, '--name', 'tabu');
    expect(code).toBe(2);
    expect(stderr).toMatch(/--name: family 'rcpsp' has no heuristic 'tabu'; its heuristics are: .*default/);
    expect(stderr).not.toContain(example);
  });
});

describe("errors of a family's own code", () => {
  // Test families: one whose heuristic finds the instance unusable (an input error
  // without a file), one whose formulation builds a broken model (a 'model' error).
  const picky: AnyFamily = {
    ...knapsackFamily,
    id: 'knapsack-picky',
    heuristics: {
      default: () => {
        throw inputError('the instance has no item of value above 100; add one', { path: 'data.items' });
      },
    },
  };
  const brokenModel: AnyFamily = {
    ...knapsackFamily,
    id: 'knapsack-broken-model',
    formulate: () => {
      throw modelError('variable take[a] has a non-finite cost; this is a bug in the formulation');
    },
  };
  beforeAll(() => {
    registerFamily(picky);
    registerFamily(brokenModel);
  });
  const instanceOf = (family: AnyFamily, name: string): string =>
    write(`${name}.json`, JSON.stringify({ family: family.id, name, data: handSet.k1 }));

  it('an input error raised while running is bad input naming the file (exit 2)', async () => {
    const file = instanceOf(picky, 'picky');
    for (const command of ['heuristic', 'solve']) {
      const run = await runCli(command, file);
      expect(run.code, command).toBe(2);
      expect(run.stderr, command).toContain(
        `schedlab: ${file} (at data.items): the instance has no item of value above 100`,
      );
    }
  });

  it("a 'model' error raised while formulating is a runtime failure (exit 1)", async () => {
    const file = instanceOf(brokenModel, 'broken-model');
    for (const argv of [
      ['solve', file],
      ['export', file, '--format', 'lp'],
    ]) {
      const run = await runCli(...argv);
      expect(run.code, argv[0]).toBe(1);
      expect(run.stderr, argv[0]).toContain('non-finite cost; this is a bug in the formulation');
    }
  });
});
