/**
 * Issue 12's bad and extreme inputs through the CLI, one block per class: each is exit 2 with
 * a message naming the file and the line or the path, never exit 1, an internal error, a NaN
 * in the output or a file the next command refuses.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scratchDir } from '../support/scratch.js';
import { runCli } from './run-cli.js';
import { smallSm } from '../support/psplib.js';

const scratch = scratchDir('schedlab-robust-');
const write = (name: string, text: string | Buffer): string => {
  const file = join(scratch, name);
  writeFileSync(file, text);
  return file;
};
const rcpspExample = resolve('instances/rcpsp/examples/rcpsp-migration-small-1.json');
const derivedExample = resolve('instances/pipeline/derived/llama3-8b-h100-p4-m8.json');

/** A pipeline instance file with `derive` fields replaced. */
function derived(name: string, fields: Record<string, unknown>): string {
  const json = JSON.parse(readFileSync(derivedExample, 'utf8'));
  Object.assign(json.data.derive, fields);
  return write(name, JSON.stringify(json, null, 2));
}

const sm = smallSm;

async function expectInputError(args: string[], where: string | RegExp): Promise<string> {
  const run = await runCli(...args);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).not.toMatch(/internal error|NaN|Infinity/);
  if (typeof where === 'string') expect(run.stderr).toContain(where);
  else expect(run.stderr).toMatch(where);
  return run.stderr;
}

describe('class 3: bad input is exit 2, never exit 1 or an internal error', () => {
  it('a .rcp file with a count of 1e18 or 1e15', async () => {
    const huge = write('huge.rcp', '1000000000000000000 1\n3\n2 1 1 2\n0 0 0\n');
    await expectInputError(['heuristic', huge], `${huge}:1: expected the number of activities`);
    const large = write('large.rcp', '1000000000000000 1\n3\n2 1 1 2\n0 0 0\n');
    await expectInputError(['heuristic', large], `${large}:4: expected the duration of activity 3, found the end`);
  });

  it('an LP row >= infinity', async () => {
    const file = write('inf-row.lp', 'Minimize\n obj: x\nSubject To\n c1: x >= infinity\nEnd\n');
    await expectInputError(['solve', file], `${file}:4:2: row 'c1' has the lower bound +infinity`);
  });

  it('a pipeline time of 1e308 and a derived seqLength of 1e12', async () => {
    const json = { family: 'pipeline', data: { devices: 2, microbatches: 2, times: { F: 1e308, B: 1, W: 1 } } };
    const file = write('huge-time.json', JSON.stringify(json));
    await expectInputError(['heuristic', file], `${file} (at data.times.F): expected a time in ms: a number from 0`);
    const seq = derived('seq.json', { seqLength: 1e12 });
    const stderr = await expectInputError(['solve', seq], `${seq} (at data.derive.seqLength)`);
    expect(stderr).toContain('a whole number from 1 to 16777216');
  });
});

describe('class 3: options at the edges', () => {
  it('--time-limit beyond what a timer can hold is refused, not a run ended at once', async () => {
    for (const command of ['solve', 'heuristic'])
      await expectInputError(
        [command, rcpspExample, '--time-limit', '1e308'],
        '--time-limit expects a positive number of seconds up to 1000000',
      );
  });
});

describe('class 4: nothing the next command refuses, no NaN in the output', () => {
  it('an LP with a 1e400 coefficient is refused at read time, so export writes nothing', async () => {
    const file = write('huge-coefficient.lp', 'Minimize\n obj: x + 1e400 y\nSubject To\n c1: x + y >= 1\nEnd\n');
    const run = await runCli('export', file, '--format', 'mps');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${file}:2:11: the number 1e400 is too large for a coefficient`);
  });

  it('estimate train --seq 1e308 and serve --input-len 1e308 state the accepted range', async () => {
    const cluster = ['--model', 'llama3-8b', '--gpu', 'h100'];
    const train = ['estimate', 'train', ...cluster, '--gpus', '8', '--tp', '1', '--pp', '1'];
    await expectInputError([...train, '--seq', '1e308', '--global-batch', '8'], /--seq.*1 to 16777216/);
    const serve = ['estimate', 'serve', ...cluster, '--tp', '1', '--batch', '1', '--output-len', '8'];
    await expectInputError([...serve, '--input-len', '1e308'], /--input-len.*1 to 16777216/);
    // At the largest accepted values every figure is still a number.
    const top = await runCli(...train, '--seq', '16777216', '--global-batch', '16777216', '--json');
    expect(top.code).toBe(0);
    expect(top.stdout).not.toMatch(/null|NaN|Infinity/);
  });

  it('a derived pipeline instance with tp 3 and 32 heads is refused as estimate refuses it', async () => {
    const file = derived('tp3.json', { tp: 3 });
    const stderr = await expectInputError(['heuristic', file], `${file} (at data.derive.tp)`);
    expect(stderr).toContain('tp 3 does not divide the 32 attention heads of llama3-8b; use a divisor: 1, 2, 4, 8');
  });
});

describe('class 2: every reader accepts the ranges of its schema', () => {
  it('a capacity of 1e18 (and 1e9 + 1) is refused by the .sm reader as by the JSON schema; 1e9 by neither', async () => {
    for (const capacity of ['1000000000000000000', '1000000001']) {
      const file = write(`cap-${capacity.length}.sm`, sm(capacity));
      await expectInputError(['heuristic', file], `${file}:18: expected the availability of R1 from 0 to 1000000000`);
      const json = JSON.parse(readFileSync(rcpspExample, 'utf8'));
      json.data.resources[0].capacity = Number(capacity);
      const jsonFile = write(`cap-${capacity.length}.json`, JSON.stringify(json));
      await expectInputError(['heuristic', jsonFile], `${jsonFile} (at data.resources[0].capacity)`);
    }
    const edge = await runCli('heuristic', write('cap-edge.sm', sm('1000000000')), '--json');
    expect(edge.code, edge.stderr).toBe(0);
  });
});

describe('class 6: messages that describe the value and the place', () => {
  it('1e308 is out of range, 1e999 is beyond a double (not "found null")', async () => {
    const json = JSON.parse(readFileSync(rcpspExample, 'utf8'));
    json.data.activities[0].duration = 1e308;
    const big = write('duration-1e308.json', JSON.stringify(json));
    await expectInputError(
      ['heuristic', big],
      'expected a time in periods: a whole number from 0 to 1000000000; found 1e+308',
    );
    const overflow = write('duration-1e999.json', JSON.stringify(json).replace('1e+308', '1e999'));
    await expectInputError(
      ['heuristic', overflow],
      /:1:\d+ \(at data\.activities\[0\]\.duration\): the number 1e999 is outside the range of a double/,
    );
  });

  it('a .sm error at the end of the file names its last line', async () => {
    const file = write('no-capacities.sm', sm('3').replace(/RESOURCEAVAILABILITIES:[\s\S]*$/, ''));
    await expectInputError(['heuristic', file], `${file}:15: expected a 'RESOURCEAVAILABILITIES' section`);
  });

  it('a derived value out of range is reported at data.derive, not at a field the file does not have', async () => {
    const file = derived('long.json', { seqLength: 16_777_216, microBatchSize: 16_777_216 });
    const stderr = await expectInputError(
      ['heuristic', file],
      `${file} (at data.derive): the instance derived from data.derive is out of range at times.F[0]`,
    );
    expect(stderr).not.toContain('(at data.times');
  });

  it('invalid UTF-8 is refused with the byte offset, never read as U+FFFD', async () => {
    const text = readFileSync(rcpspExample);
    const at = text.indexOf('"site.prepare"') + 2;
    const file = write('latin1.json', Buffer.concat([text.subarray(0, at), Buffer.from([0xe9]), text.subarray(at)]));
    await expectInputError(
      ['heuristic', file],
      new RegExp(`latin1\\.json:\\d+: not valid UTF-8: the byte at offset ${at} \\(0xe9\\)`),
    );
  });

  it('a disjunctive pair [a, a] is refused', async () => {
    const json = JSON.parse(readFileSync(rcpspExample, 'utf8'));
    const id = json.data.activities[1].id;
    json.data.disjunctive = [[id, id]];
    const file = write('self-pair.json', JSON.stringify(json));
    await expectInputError(
      ['heuristic', file],
      `${file} (at data.disjunctive[0]): a disjunctive pair needs two different activities`,
    );
  });

  it('a duplicate key in a solution and in an instance is refused at its line and column', async () => {
    const solution = write('twice.json', '{\n  "starts": {\n    "site.prepare": 0,\n    "site.prepare": 3\n  }\n}\n');
    await expectInputError(
      ['evaluate', rcpspExample, solution],
      `${solution}:4:5 (at starts["site.prepare"]): the key "site.prepare" appears twice`,
    );
    const instance = write(
      'twice-instance.json',
      readFileSync(rcpspExample, 'utf8').replace('"data": {', '"data": {\n  "name": "a",\n  "name": "b",'),
    );
    await expectInputError(
      ['heuristic', instance],
      /twice-instance\.json:\d+:\d+ \(at data\.name\): the key "name" appears twice/,
    );
  });

  it('generate refuses an unknown --param, listing the known ones, and an absurd --count at once', async () => {
    const out = join(scratch, 'generated');
    await expectInputError(
      ['generate', 'rcpsp', '--param', 'kind=ramp', '--param', 'levle=3', '--out', out],
      /--param levle: unknown generator parameter 'levle' for rcpsp \(kind ramp\); the known ones are .*level/,
    );
    await expectInputError(
      ['generate', 'pipeline', '--param', 'stages=4', '--out', out],
      /the known ones are chunks, devices, memoryFactor/,
    );
    await expectInputError(['generate', 'pod-packing', '--param', 'node=4', '--out', out], /'node' for pod-packing/);
    await expectInputError(
      ['generate', 'rcpsp', '--count', '1e9', '--out', out],
      '--count expects a whole number from 1 to 100000',
    );
    expect(() => readdirSync(out)).toThrow();
    const run = await runCli('generate', 'pipeline', '--count', '3', '--out', out);
    expect(run.code).toBe(0);
    expect(readdirSync(out)).toHaveLength(3);
  });
});
