/**
 * The hostile sweep's size and edge-instance cases: RCPSP and pipeline instances at the
 * edges and at the schema's largest sizes (through `solve`, `solve --method mip`, `heuristic`
 * and `export`), every family's `--size large` and largest generator knobs (through `solve`
 * and `heuristic`), and `export` of every family. An answer must come within the limit plus
 * the stated overhead.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GenerateParams } from '../../src/family/contract.js';
import { instanceFileText } from '../../src/family/instance-file.js';
import { allFamilies, getFamily } from '../../src/family/registry.js';
import { type CliCase, limitSec, overheadSec } from './cases.js';

type Data = Record<string, unknown>;

const big = 1_000_000_000;

function rcpsp(durations: number[], extra: { capacity?: number; demand?: number; chain?: boolean } = {}): Data {
  return {
    resources: [{ id: 'r', capacity: extra.capacity ?? 2 }],
    activities: durations.map((duration, i) => ({
      id: `a${i}`,
      duration,
      demand: { r: extra.demand ?? 1 },
      successors: extra.chain && i + 1 < durations.length ? [`a${i + 1}`] : [],
    })),
  };
}

const times = (F: number, B: number, W: number) => ({ F, B, W });

/** Instance files at the edges, by family (from issue 12's list). */
const edgeInstances: [string, string, Data][] = [
  ['rcpsp', 'zero durations', rcpsp([0, 0, 0])],
  ['rcpsp', 'chain of 10 x 1e6', rcpsp(Array(10).fill(1e6), { chain: true })],
  ['rcpsp', 'chain of 10 x 1e9', rcpsp(Array(10).fill(big), { chain: true })],
  ['rcpsp', '1e9 and 7 periods', rcpsp([big, 7, big])],
  ['rcpsp', 'capacity 0, demand 1', rcpsp([1, 2], { capacity: 0 })],
  ['rcpsp', 'capacity and demand 1e9', rcpsp([3, 4, 5], { capacity: big, demand: big })],
  ['rcpsp', 'chain of 10,000', rcpsp(Array(10_000).fill(1), { chain: true })],
  ['rcpsp', '6,000 free activities', rcpsp(Array(6_000).fill(1))],
  [
    'rcpsp',
    'deadline 1e9, release 1e9',
    {
      resources: [{ id: 'r', capacity: 1, downtime: [{ start: 0, end: big, capacity: 0 }] }],
      activities: [{ id: 'a', duration: big, demand: { r: 1 }, release: big, deadline: big }],
    },
  ],
  ['pipeline', 'all times 0', { devices: 4, microbatches: 8, times: times(0, 0, 0) }],
  ['pipeline', 'times 1e9', { devices: 4, microbatches: 8, times: times(big, big, big), comm: big }],
  ['pipeline', 'tight memory', { devices: 4, microbatches: 8, times: times(1, 1, 1), memory: { limit: 1e-9 } }],
  ['pipeline', '65,536 devices', { devices: 65_536, microbatches: 1, times: times(1, 1, 1) }],
  ['pipeline', '1,048,576 microbatches', { devices: 1, microbatches: 1_048_576, times: times(1, 1, 1) }],
  ['pipeline', '64 chunks x 2 devices', { devices: 2, microbatches: 4, chunks: 64, times: times(1, 2, 1) }],
  [
    'pipeline',
    'vshape, no split',
    { devices: 4, microbatches: 8, chunks: 2, placement: 'vshape', splitBackward: false, times: times(1, 2, 0) },
  ],
];

/** The largest generator knobs of the newer families (the schema's or the generator's maxima). */
const largest: [string, GenerateParams][] = [
  ['parallel-plan', { size: 'large', model: 'llama3-405b', gpus: 16_384 }],
  ['serving-plan', { size: 'large', requests: 200_000 }],
  ['sequence-parallel', { size: 'large', batch: 8192, gpus: 1024 }],
  ['expert-placement', { size: 'large', model: 'deepseek-v3', gpus: 64, layers: 58, redundantSlots: 64 }],
  ['pod-packing', { size: 'large' }],
  ['rcpsp', { size: 'large' }],
  ['pipeline', { size: 'large' }],
];

const answerSec = limitSec + overheadSec;

function runs(family: string, label: string, file: string, commands: string[][]): CliCase[] {
  return commands.map((command) => {
    const exporting = command[0] === 'export';
    // An export goes to a file the judge reads back (a model may be larger than a pipe should carry).
    const tail = exporting ? ['--out', `${file}.${command[2]}`] : ['--json', '--time-limit', String(limitSec)];
    const argv = [command[0], file, ...command.slice(1), ...tail];
    return {
      area: 'sizes',
      family,
      label: `${command.join(' ')}: ${label}`,
      argv,
      blame: { file },
      instanceFile: exporting ? undefined : file,
      answerSec,
    };
  });
}

/** Every size case; instance files go under `dir`. */
export async function allSizeCases(dir: string): Promise<CliCase[]> {
  const root = join(dir, 'sizes');
  mkdirSync(root, { recursive: true });
  const cases: CliCase[] = [];
  const all = [['solve'], ['solve', '--method', 'mip'], ['heuristic'], ['export', '--format', 'lp']];
  edgeInstances.forEach(([family, label, data], k) => {
    const file = join(root, `${family}-edge-${k}.json`);
    writeFileSync(file, JSON.stringify({ family, name: label, data }));
    cases.push(...runs(family, label, file, all));
  });
  for (const [id, params] of largest) {
    const family = await getFamily(id);
    const file = join(root, `${id}-largest.json`);
    writeFileSync(file, instanceFileText(family, `${id}-largest`, family.generate(params, 1)));
    cases.push(...runs(id, `largest (${JSON.stringify(params)})`, file, [['solve'], ['heuristic']]));
  }
  for (const family of await allFamilies()) {
    const file = join(root, `${family.id}-small.json`);
    writeFileSync(file, instanceFileText(family, `${family.id}-small`, family.generate({ size: 'small' }, 2)));
    cases.push(
      ...runs(family.id, 'small', file, [
        ['export', '--format', 'lp'],
        ['export', '--format', 'mps'],
      ]),
    );
  }
  return cases;
}
