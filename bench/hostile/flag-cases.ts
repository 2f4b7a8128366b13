/**
 * The hostile sweep's flag and command cases: every numeric flag of every command at the
 * edges (0, -1, 0.5, 1e9, 1e308, 1e999, NaN, empty, a word), each family's generator knobs at
 * the same edges, and each command with missing, wrong or empty arguments.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { rcpspCandidate } from '../../test/properties/reader-seeds.js';
import { type CliCase, smallTrainFlags } from './cases.js';

const flagEdges = ['0', '-1', '0.5', '1e9', '1e308', '1e999', 'NaN', '', 'abc'];

const rcpspFile = resolve('instances/rcpsp/examples/rcpsp-ramp-small-3.json');
const train = ['estimate', 'train', '--model', 'llama3-8b', '--gpu', 'h100', '--gpus', '8', '--tp', '2', '--pp', '2'];
const trainTail = ['--seq', '2048', '--global-batch', '16'];
const serve = ['estimate', 'serve', '--model', 'llama3-8b', '--gpu', 'h100', '--tp', '1'];
const serveTail = ['--batch', '4', '--input-len', '512', '--output-len', '128'];

/** A command line with one flag set to each edge (replacing its value when the base line has it). */
function flagCase(base: string[], flag: string, area = 'flags'): CliCase[] {
  return flagEdges.map((edge) => {
    const at = base.indexOf(flag);
    const argv = at >= 0 ? base.map((arg, k) => (k === at + 1 ? edge : arg)) : [...base, flag, edge];
    const label = `${base.slice(0, 2).join(' ')} ${flag} ${JSON.stringify(edge)}`;
    // A valid edge runs the command (score starts its isolates, bench its runs): an answer may take a while.
    return { area, label, argv, blame: { flag }, answerSec: 30 };
  });
}

/** Numeric generator knobs per family, each set through `--param` at the edges. */
const knobs: Record<string, string[]> = {
  rcpsp: ['activities', 'resources', 'maxDuration', 'maxDemand'],
  pipeline: ['devices', 'microbatches', 'memoryFactor', 'chunks'],
  'pod-packing': ['nodes', 'podsPerNode', 'priorities', 'utilization'],
  'parallel-plan': ['gpus', 'seqLength', 'top', 'memoryHeadroomGb'],
  'serving-plan': ['gpus', 'rate', 'requests', 'attainment'],
  'sequence-parallel': ['batch', 'maxContext', 'median', 'gpus'],
  'expert-placement': ['gpus', 'layers', 'tokens', 'redundantSlots'],
};

function generateCases(out: string): CliCase[] {
  return Object.entries(knobs).flatMap(([family, names]) =>
    names.flatMap((name) =>
      flagEdges.map(
        (edge): CliCase => ({
          area: 'generate knobs',
          family,
          label: `generate ${family} --param ${name}=${edge}`,
          argv: ['generate', family, '--param', `${name}=${edge}`, '--out', join(out, family)],
          blame: { flag: name },
          answerSec: 30,
        }),
      ),
    ),
  );
}

/** Each command's numeric flags at the edges. */
function commandFlagCases(out: string): CliCase[] {
  const solve = ['solve', rcpspFile, '--json'];
  const candidate = join(out, 'candidate.js');
  writeFileSync(candidate, rcpspCandidate);
  return [
    ...flagCase(solve, '--time-limit'),
    ...flagCase(solve, '--gap'),
    ...flagCase(solve, '--seed'),
    ...flagCase(['heuristic', rcpspFile, '--json'], '--time-limit'),
    ...flagCase(['heuristic', rcpspFile, '--json'], '--seed'),
    ...flagCase(['generate', 'rcpsp', '--out', join(out, 'count')], '--count'),
    ...flagCase(['generate', 'rcpsp', '--out', join(out, 'seed')], '--seed'),
    ...flagCase(['bench', rcpspFile, '--methods', 'heuristic/default', '--json'], '--time-limit'),
    ...flagCase(['bench', rcpspFile, '--methods', 'heuristic/default', '--json'], '--seed'),
    ...['--gpus', '--tp', '--pp', '--dp', '--cp', '--ep', '--seq', '--global-batch', '--micro-batch', '--zero'].flatMap(
      (flag) => flagCase([...train, ...trainTail, '--json'], flag),
    ),
    ...['--virtual-stages', '--stage-layers'].flatMap((flag) =>
      flagCase([...train, ...trainTail, '--schedule', 'interleaved', '--json'], flag),
    ),
    ...['--layers', '--hidden-size', '--heads', '--vocab-size'].flatMap((flag) =>
      flagCase(
        [
          ...'estimate train --model gpt --layers 24 --hidden-size 2048 --heads 16'.split(' '),
          ...smallTrainFlags,
          '--json',
        ],
        flag,
      ),
    ),
    ...['--tp', '--pp', '--batch', '--input-len', '--output-len', '--gpus'].flatMap((flag) =>
      flagCase([...serve, ...serveTail, '--json'], flag),
    ),
    ...['--timeout-ms', '--memory-mb', '--workers', '--seed', '--cascade-first', '--cascade-threshold'].flatMap(
      (flag) => flagCase(['score', 'rcpsp', candidate, rcpspFile, '--no-cache', '--json'], flag),
    ),
  ];
}

/** Missing, wrong and empty arguments of each command. */
function commandCases(out: string): CliCase[] {
  const empty = join(out, 'empty-folder');
  mkdirSync(empty, { recursive: true });
  const notJson = join(out, 'solution.txt');
  writeFileSync(notJson, 'not json');
  const missing = join(out, 'missing.json');
  const c = (label: string, argv: string[], blame?: CliCase['blame']): CliCase => ({
    area: 'commands',
    label,
    argv,
    blame,
  });
  return [
    c('no command', []),
    c('unknown command', ['frobnicate']),
    c('families with an extra argument', ['families', 'extra']),
    c('families --json', ['families', '--json']),
    c('solve a missing file', ['solve', missing], { file: missing, bare: true }),
    c('solve a folder', ['solve', empty], { file: empty, bare: true }),
    c('solve --method nope', ['solve', rcpspFile, '--method', 'nope'], { flag: 'nope' }),
    c('solve --solver nope', ['solve', rcpspFile, '--solver', 'nope'], { flag: 'nope' }),
    c('solve --family nope', ['solve', rcpspFile, '--family', 'nope'], { flag: 'nope' }),
    c('solve --format xyz', ['solve', rcpspFile, '--format', 'xyz'], { flag: 'xyz' }),
    c('solve --out into a missing folder', ['solve', rcpspFile, '--out', join(missing, 'x.json')], {
      flag: 'missing.json',
    }),
    c('heuristic --name nope', ['heuristic', rcpspFile, '--name', 'nope'], { flag: 'nope' }),
    c('evaluate without a solution', ['evaluate', rcpspFile]),
    c('evaluate a missing solution', ['evaluate', rcpspFile, missing], { file: missing, bare: true }),
    c('evaluate a text solution', ['evaluate', rcpspFile, notJson], { file: notJson }),
    c('evaluate the instance as its own solution', ['evaluate', rcpspFile, rcpspFile], { file: rcpspFile }),
    c('export --format xyz', ['export', rcpspFile, '--format', 'xyz'], { flag: 'xyz' }),
    c('export without --format', ['export', rcpspFile], { flag: '--format' }),
    c('export a heuristic-only family', [
      'export',
      resolve('instances/parallel-plan/small/llama3-8b-uneven-h100x16.json'),
      '--format',
      'lp',
    ]),
    c('generate an unknown family', ['generate', 'nope', '--out', out], { flag: 'nope' }),
    c('generate --size huge', ['generate', 'rcpsp', '--size', 'huge', '--out', out], { flag: '--size' }),
    c('generate an unknown knob', ['generate', 'rcpsp', '--param', 'nope=1', '--out', out], { flag: 'nope' }),
    c('generate --param without =', ['generate', 'rcpsp', '--param', 'activities', '--out', out], { flag: '--param' }),
    c('bench an empty folder', ['bench', empty], { file: empty, bare: true }),
    c('bench --methods nope', ['bench', rcpspFile, '--methods', 'nope'], { flag: 'nope' }),
    c('score an unknown family', ['score', 'nope', missing], { flag: 'nope' }),
    c('score a missing candidate', ['score', 'rcpsp', missing], { file: missing, bare: true }),
    c('score --skeleton nope', ['score', 'rcpsp', notJson, '--skeleton', 'nope'], { flag: 'nope' }),
    c('estimate train without flags', ['estimate', 'train'], { flag: '--' }),
    c('estimate train --model nope', [...train, ...trainTail, '--model', 'nope'], { flag: 'nope' }),
    c('estimate train --gpu nope', [...train, ...trainTail, '--gpu', 'nope'], { flag: 'nope' }),
    c('estimate train --plan missing', ['estimate', 'train', '--plan', missing], { file: missing, bare: true }),
    c('estimate serve --model nope', [...serve, ...serveTail, '--model', 'nope'], { flag: 'nope' }),
    c('worker --redis not-a-url', ['worker', '--redis', 'not-a-url'], { flag: 'not-a-url' }),
  ];
}

/** Every flag and command case; generated files go under `dir`. */
export function allFlagCases(dir: string): CliCase[] {
  const out = join(dir, 'flags');
  mkdirSync(out, { recursive: true });
  return [...commandFlagCases(out), ...generateCases(out), ...commandCases(out)];
}
