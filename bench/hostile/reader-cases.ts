/**
 * The hostile sweep's reader cases: every file a command reads (instances in each format,
 * models, solutions, plans, catalogs, config.json, candidates, bench references), through
 * the command that reads it, as an empty file, binary garbage, a byte-order mark, invalid
 * UTF-8 inside a valid file, half a file, deep nesting, a large file, and a folder in its
 * place. The random damage of the same readers is `robust-sweep`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AnyFamily } from '../../src/family/contract.js';
import { instanceFileText } from '../../src/family/instance-file.js';
import { allFamilies } from '../../src/family/registry.js';
import { generatePsplibLike } from '../../models/rcpsp/generate.js';
import { writeRcp, writeSm } from '../../models/rcpsp/io.js';
import * as seeds from '../../test/properties/reader-seeds.js';
import { type CliCase, limitSec, smallTrainFlags } from './cases.js';

interface Reader {
  name: string;
  fileName: string;
  seed: string;
  /** The command line that reads `file`. */
  argv(file: string, dir: string): string[];
  /** JSON formats get deep nesting; others a long line. */
  json: boolean;
}

const heuristic =
  (extra: string[] = []) =>
  (file: string) => ['heuristic', file, '--json', '--time-limit', String(limitSec), ...extra];
const rcpspFile = resolve('instances/rcpsp/examples/rcpsp-ramp-small-3.json');

const psplib = generatePsplibLike({ size: 'small', maxDuration: 9 }, 3);

function instanceReaders(families: AnyFamily[]): Reader[] {
  const reader = (name: string, fileName: string, seed: string, extra: string[] = [], json = true): Reader => ({
    name,
    fileName,
    seed,
    argv: heuristic(extra),
    json,
  });
  return [
    ...families.map((f) =>
      reader(`${f.id} JSON`, `${f.id}.json`, instanceFileText(f, f.id, f.generate({ size: 'small' }, 1))),
    ),
    reader('PSPLIB .sm', 'x.sm', writeSm(psplib), [], false),
    reader('Patterson .rcp', 'x.rcp', writeRcp(psplib), [], false),
    reader('pipeline .hf.json', 'x.hf.json', seeds.hfConfig),
    reader('parallel-plan .hf.json', 'x.hf.json', seeds.hfConfig, ['--family', 'parallel-plan']),
    reader('Kubernetes YAML', 'x.yaml', seeds.text('instances/pod-packing/manifests/example.yaml'), [], false),
    reader('Kubernetes List JSON', 'x.json', seeds.kubernetesList(), ['--family', 'pod-packing']),
    reader('BurstGPT CSV', 'x.csv', seeds.burstGptTrace, [], false),
  ];
}

function otherReaders(): Reader[] {
  const train = [...smallTrainFlags, '--json'];
  return [
    { name: 'LP model', fileName: 'x.lp', seed: seeds.smallLp, json: false, argv: (f) => ['solve', f, '--json'] },
    { name: 'MPS model', fileName: 'x.mps', seed: seeds.smallMps, json: false, argv: (f) => ['solve', f, '--json'] },
    {
      name: 'training plan',
      fileName: 'plan.json',
      seed: seeds.trainingPlan,
      json: true,
      argv: (f) => ['estimate', 'train', '--plan', f, '--json'],
    },
    {
      name: 'hardware catalog',
      fileName: 'catalog.json',
      seed: seeds.hardwareCatalog,
      json: true,
      argv: (f) => ['estimate', 'train', '--model', 'llama3-8b', ...train, '--catalog', f],
    },
    {
      name: 'config.json (--model)',
      fileName: 'config.json',
      seed: seeds.hfConfig,
      json: true,
      argv: (f) => ['estimate', 'train', '--model', f, ...train],
    },
    {
      name: 'config.json (generate --param config)',
      fileName: 'config.json',
      seed: seeds.hfConfig,
      json: true,
      argv: (f, dir) => ['generate', 'parallel-plan', '--param', `config=${f}`, '--out', join(dir, 'out')],
    },
    {
      name: 'oracle candidate',
      fileName: 'candidate.js',
      seed: seeds.rcpspCandidate,
      json: false,
      argv: (f) => ['score', 'rcpsp', f, rcpspFile, '--workers', '0', '--no-cache', '--json'],
    },
    {
      name: 'bench index.json',
      fileName: 'index.json',
      seed: seeds.referenceIndex,
      json: true,
      argv: (_, dir) => ['bench', dir, '--methods', 'heuristic/default', '--time-limit', '1', '--json'],
    },
    {
      name: 'bench optimum.csv',
      fileName: 'optimum.csv',
      seed: seeds.optimumCsv,
      json: false,
      argv: (_, dir) => ['bench', dir, '--methods', 'heuristic/default', '--time-limit', '1', '--json'],
    },
  ];
}

const encoder = new TextEncoder();

/** The damaged versions of a reader's seed file. */
function damages(reader: Reader): [string, Uint8Array][] {
  const seed = encoder.encode(reader.seed);
  const middle = Math.floor(seed.length / 2);
  const withBytes = (bytes: number[]) =>
    new Uint8Array([...seed.subarray(0, middle), ...bytes, ...seed.subarray(middle)]);
  const deep = reader.json ? `${'['.repeat(200_000)}${']'.repeat(200_000)}` : `${'9'.repeat(2_000_000)}\n`;
  const large = reader.seed.repeat(Math.ceil(8_000_000 / reader.seed.length));
  return [
    ['empty', new Uint8Array()],
    ['binary garbage', new Uint8Array([0x00, 0xff, 0xfe, 0x7f, 0x80, 0x0a, 0xc3, 0x28, 0x00])],
    ['byte-order mark', new Uint8Array([0xef, 0xbb, 0xbf, ...seed])],
    ['invalid UTF-8 inside', withBytes([0xff, 0xc3])],
    ['NUL inside', withBytes([0x00])],
    ['half the file', seed.subarray(0, middle)],
    [reader.json ? 'nesting 200,000 deep' : 'a 2 MB number', encoder.encode(deep)],
    ['the file 8 MB long, repeated', encoder.encode(large)],
  ];
}

function readerCases(reader: Reader, root: string, index: number): CliCase[] {
  return damages(reader).map(([damage, bytes], k): CliCase => {
    const dir = join(root, `r${index}-${k}`);
    mkdirSync(dir, { recursive: true });
    if (reader.fileName === 'index.json' || reader.fileName === 'optimum.csv')
      writeFileSync(join(dir, 'j301-1.json'), seeds.text('instances/rcpsp/examples/rcpsp-ramp-small-3.json'));
    const file = join(dir, reader.fileName);
    writeFileSync(file, bytes);
    return {
      area: 'readers',
      label: `${reader.name}: ${damage}`,
      argv: reader.argv(file, dir),
      blame: { file },
      answerSec: limitSec + 20,
    };
  });
}

/** Every reader's cases, and a folder where each expects a file. */
export async function allReaderCases(dir: string): Promise<CliCase[]> {
  const root = join(dir, 'readers');
  mkdirSync(root, { recursive: true });
  const readers = [...instanceReaders(await allFamilies()), ...otherReaders()];
  const folder = join(root, 'a-folder.json');
  mkdirSync(folder, { recursive: true });
  return [
    ...readers.flatMap((reader, k) => readerCases(reader, root, k)),
    // A folder where a file is expected (bench reads its references from the folder it is given, so not those).
    ...readers
      .filter((reader) => !reader.argv('', '').includes('bench'))
      .map(
        (reader): CliCase => ({
          area: 'readers',
          label: `${reader.name}: a folder in its place`,
          argv: reader.argv(folder, root),
          blame: { file: folder, bare: true },
        }),
      ),
  ];
}
