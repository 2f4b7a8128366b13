/**
 * The files commands read besides instances and solutions: `estimate train --plan PLAN.json`,
 * `--catalog FILE.json`, a Hugging Face config.json named by path (`--model`, an instance's
 * `model`, `generate parallel-plan --param config=FILE`), an oracle candidate
 * (`schedlab score`), and a bench set's references (`index.json`, `optimum.csv`, read by
 * `bench` and `score`). Each is read as its command reads it; on success what was read must
 * hold no NaN or Infinity, and references must agree with themselves.
 */
import { readIndexJson, readOptimumCsv, type ReferenceIndex } from '../../src/bench/references.js';
import { parseJsonText } from '../../src/family/instance-file.js';
import { parseHardwareCatalog } from '../../src/perf/hardware-json.js';
import { readHfConfig } from '../../src/perf/hf-config.js';
import { decodeUtf8 } from '../../src/util/files.js';
import { runCli } from '../cli/run-cli.js';
import {
  bytesOf,
  classify,
  cliOutcome,
  failure,
  type Outcome,
  type ReaderCase,
  scratchFile,
  valid,
} from './reader-outcome.js';
import {
  hardwareCatalog,
  hfConfig,
  optimumCsv,
  printedPlan,
  rcpspCandidate,
  referenceIndex,
  repo,
  trainingPlan,
} from './reader-seeds.js';

/** The first number in `value` (walked as JSON) that is not finite, as a path; undefined when there is none. */
function nonFinitePath(value: unknown, path = '(root)'): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path;
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinitePath(item, `${path}.${key}`);
    if (found) return found;
  }
  return undefined;
}

/** A library reader of a file's text (or of the file itself): valid when it reads and `check` finds nothing wrong. */
function libraryCase(
  name: string,
  fileName: string,
  seeds: string[],
  read: (text: string, file: string) => unknown,
  check: (value: unknown) => string | undefined = (value) => nonFinitePath(value),
): ReaderCase {
  return {
    name,
    seeds: seeds.map(bytesOf),
    async outcome(bytes): Promise<Outcome> {
      const file = scratchFile(fileName, bytes);
      let value: unknown;
      try {
        value = read(decodeUtf8(bytes, file), file);
      } catch (error) {
        return classify(error, file);
      }
      const wrong = check(value);
      return wrong === undefined ? valid : failure(`read, but wrong at ${wrong}: ${JSON.stringify(value)}`);
    },
  };
}

/** A CLI run on the file: exit 0 without NaN, or exit 2 naming the file with a line or path. */
function commandCase(name: string, fileName: string, seeds: string[], argv: (file: string) => string[]): ReaderCase {
  return {
    name,
    seeds: seeds.map(bytesOf),
    async outcome(bytes) {
      const file = scratchFile(fileName, bytes);
      return cliOutcome(await runCli(...argv(file)), file);
    },
  };
}

/** Slack between a bound and a value: solver tolerances, as the reader allows. */
const slack = (value: number) => 1e-6 * Math.max(1, Math.abs(value));

/** References agree with themselves: a proven value has its bound, and no bound is beyond its value (a minimum). */
function referencesWrong(index: unknown): string | undefined {
  for (const [key, ref] of Object.entries(index as ReferenceIndex)) {
    const { bestObjective: value, bestBound: bound } = ref;
    if (nonFinitePath(ref)) return `${key}: ${nonFinitePath(ref)}`;
    if (ref.proven && (value === null || bound === null || Math.abs(bound - value) > slack(value)))
      return `${key}: proven without a bound equal to the value`;
    if (value !== null && bound !== null && bound > value + slack(value))
      return `${key}: bound ${bound} beyond the value ${value}`;
  }
  return undefined;
}

const rcpspInstance = repo('instances/rcpsp/examples/rcpsp-ramp-small-3.json');

/** The cases, each with a few seeds. */
export function fileCases(): ReaderCase[] {
  return [
    commandCase('training plan (estimate train --plan)', 'plan.json', [trainingPlan, printedPlan], (file) => [
      'estimate',
      'train',
      '--plan',
      file,
      '--json',
    ]),
    libraryCase('hardware catalog (--catalog)', 'catalog.json', [hardwareCatalog], (text, file) =>
      parseHardwareCatalog(parseJsonText(text, file), file),
    ),
    libraryCase('Hugging Face config.json by path', 'config.json', [hfConfig], (_, file) => readHfConfig(file)),
    commandCase('config.json of generate (--param config=FILE)', 'config.json', [hfConfig], (file) => [
      'generate',
      'parallel-plan',
      '--param',
      `config=${file}`,
      '--param',
      'gpus=8',
      '--out',
      `${file}.out`,
    ]),
    commandCase('oracle candidate (score)', 'candidate.js', [rcpspCandidate], (file) => [
      'score',
      'rcpsp',
      file,
      rcpspInstance,
      '--workers',
      '0',
      '--no-cache',
      '--json',
    ]),
    libraryCase('bench references (index.json)', 'index.json', [referenceIndex], readIndexJson, referencesWrong),
    libraryCase(
      'bench references (optimum.csv)',
      'optimum.csv',
      [optimumCsv],
      (text, file) => readOptimumCsv(text, file),
      referencesWrong,
    ),
  ];
}
