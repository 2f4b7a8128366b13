/**
 * The readers of schedlab under hostile bytes, shared by the property test
 * (`readers-robust.test.ts`, fixed seeds, bounded runs) and the sweep
 * (`bench/robust-sweep.bench.ts`, fresh seeds, many runs). Each case reads bytes the way the
 * CLI does (UTF-8 decoding, then the reader its file name selects) and classifies the outcome:
 * `valid` (read, and what was read is valid: an instance the family's schema takes back, a
 * model both writers write and both readers read again, a solution the evaluator scores with
 * a number or null), `refused` (an input error naming the file and a line or a path: exit 2),
 * or `failure` (anything else: another error kind, no location, an accepted value the schema
 * refuses, a NaN in a report).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { runCli } from '../cli/run-cli.js';
import { SchedlabError } from '../../src/errors.js';
import { instanceFileText, readInstanceText } from '../../src/family/instance-file.js';
import { getFamily } from '../../src/family/registry.js';
import { readModelFile, readLp, readMps, writeLp, writeMps } from '../../src/formats/index.js';
import { decodeUtf8 } from '../../src/util/files.js';
import { writeRcp, writeSm } from '../../models/rcpsp/io.js';
import { generatePsplibLike } from '../../models/rcpsp/generate.js';

export type Outcome = { kind: 'valid' } | { kind: 'refused' } | { kind: 'failure'; message: string };

export interface ReaderCase {
  name: string;
  /** Valid files to truncate and edit. */
  seeds: Uint8Array[];
  outcome(bytes: Uint8Array): Promise<Outcome>;
}

const valid: Outcome = { kind: 'valid' };
const failure = (message: string): Outcome => ({ kind: 'failure', message });
const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

/** An error is a refusal when it is an input error that names the file and a line or a path. */
function classify(error: unknown, file: string): Outcome {
  if (!(error instanceof SchedlabError))
    return failure(`not a SchedlabError: ${String((error as Error)?.stack ?? error)}`);
  const { location } = error;
  if (error.kind !== 'input') return failure(`a '${error.kind}' error, not 'input': ${error.describe()}`);
  if (location.file !== file) return failure(`the error does not name the file: ${error.describe()}`);
  if (location.line === undefined && !location.path)
    return failure(`the error names no line or path: ${error.describe()}`);
  return { kind: 'refused' };
}

const smallLp = `\\ Problem name: robust
Maximize
 profit: 3 x + 2 y - z + 0 w + 0 b + 5
Subject To
 cap: x + y <= 4
 mix: 2 x + 3 z = 6
 band: -1 <= x - y <= 5
 c4: x + w >= -2
Bounds
 x <= 3
 -1 <= y <= 4
 w free
Generals
 y
Binaries
 b
End
`;

const smallMps = `NAME          robust
ROWS
 N  obj
 L  cap
 G  low
 E  mix
COLUMNS
    x         obj       3.0          cap       1.0
    x         low       1.0
    MARKER    'MARKER'  'INTORG'
    y         obj       2.0          cap       1.0
    MARKER    'MARKER'  'INTEND'
    z         mix       3.0          low       -1
RHS
    rhs       cap       4.0          mix       6.0
    rhs       obj       -5
RANGES
    rng       cap       2.5
BOUNDS
 UP bnd       x         3.0
 MI bnd       z
ENDATA
`;

/** A model reader: on success both writers must write what both readers read back. */
function modelCase(name: string, file: string, seed: string): ReaderCase {
  return {
    name,
    seeds: [bytesOf(seed)],
    async outcome(bytes) {
      let model: ReturnType<typeof readModelFile>;
      try {
        model = readModelFile(decodeUtf8(bytes, file), undefined, file);
      } catch (error) {
        return classify(error, file);
      }
      try {
        // The LP writer splits a ranged row in two, so only the columns must match exactly.
        for (const again of [readLp(writeLp(model)), readMps(writeMps(model))]) {
          if (again.numRows < model.numRows || again.numCols !== model.numCols)
            return failure(
              `written and read again, ${model.numRows} x ${model.numCols} became ${again.numRows} x ${again.numCols}`,
            );
        }
      } catch (error) {
        return failure(`read, but its written form is refused: ${(error as Error).message}`);
      }
      return valid;
    },
  };
}

/** An instance reader, as `loadInstances` runs it; on success the family's schema must take the instance back. */
function instanceCase(name: string, file: string, seeds: string[]): ReaderCase {
  return {
    name,
    seeds: seeds.map(bytesOf),
    async outcome(bytes) {
      let loaded: Awaited<ReturnType<typeof readInstanceText>>;
      try {
        loaded = await readInstanceText(decodeUtf8(bytes, file), file);
      } catch (error) {
        return classify(error, file);
      }
      for (const { family, instance } of loaded) {
        try {
          family.parse(JSON.parse(JSON.stringify(family.serialize(instance))));
        } catch (error) {
          return failure(`read, but the ${family.id} schema refuses it: ${(error as Error).message}`);
        }
      }
      return valid;
    },
  };
}

/** Where solution cases keep their instance and solution files (removed by `disposeReaderCases`). */
const scratch = mkdtempSync(join(tmpdir(), 'schedlab-readers-'));

/** Runs the CLI in-process, quietly. */
const cli = runCli;

let solutionCount = 0;

/** Solution files through `schedlab evaluate`: exit 0 with a number or null, or exit 2 naming the file and a line or path. */
async function solutionCase(familyId: string, instanceFile: string): Promise<ReaderCase> {
  const report = join(scratch, `${familyId}-report.json`);
  const made = await cli('heuristic', instanceFile, '--out', report);
  if (made.code !== 0) throw new Error(`cannot make a ${familyId} solution: ${made.stderr}`);
  const reportText = readFileSync(report, 'utf8');
  const bare = `${JSON.stringify(JSON.parse(reportText).solution, null, 1)}\n`;
  return {
    name: `${familyId} solution (evaluate)`,
    seeds: [bytesOf(reportText), bytesOf(bare)],
    async outcome(bytes) {
      const file = join(scratch, `solution-${solutionCount++ % 8}.json`);
      writeFileSync(file, bytes);
      const run = await cli('evaluate', instanceFile, file, '--json');
      if (run.code === 0) {
        const printed = JSON.parse(run.stdout) as { objective: unknown };
        return typeof printed.objective === 'number' || printed.objective === null
          ? valid
          : failure(`evaluate printed objective ${String(printed.objective)}`);
      }
      const located = run.stderr.includes(`${file}:`) || run.stderr.includes(`${file} (at `);
      if (run.code === 2 && located && !run.stderr.includes('internal error')) return { kind: 'refused' };
      return failure(`evaluate exited ${run.code}: ${run.stderr.trim()}`);
    },
  };
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const repo = (path: string) => resolve(root, path);
const text = (path: string) => readFileSync(repo(path), 'utf8');

const hfConfig = `${JSON.stringify(
  {
    model_type: 'llama',
    num_hidden_layers: 16,
    hidden_size: 2048,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    intermediate_size: 8192,
    vocab_size: 32000,
    hidden_act: 'silu',
  },
  null,
  2,
)}\n`;

/**
 * Every reader case: LP and MPS models, PSPLIB .sm and Patterson .rcp, pipeline JSON (explicit
 * and derived) and Hugging Face configs, schedlab JSON of each family, and solution files.
 */
export async function readerCases(): Promise<ReaderCase[]> {
  const rcpsp = await getFamily('rcpsp');
  const pipeline = await getFamily('pipeline');
  const psplib = generatePsplibLike({ size: 'small', maxDuration: 9 }, 3);
  const generatedPipeline = pipeline.generate({ size: 'small', chunks: 2, placement: 'vshape' }, 5);
  const instances = {
    rcpsp: repo('instances/rcpsp/examples/rcpsp-migration-small-1.json'),
    pipeline: repo('instances/pipeline/zero-bubble/small-p3-m6-1p.json'),
    'pod-packing': repo('instances/pod-packing/paper-grid/pp-n4-p4-l2-u100-s1.json'),
  };
  return [
    modelCase('LP reader', 'model.lp', smallLp),
    modelCase('MPS reader', 'model.mps', smallMps),
    instanceCase('PSPLIB .sm reader', 'instance.sm', [writeSm(psplib)]),
    instanceCase('Patterson .rcp reader', 'instance.rcp', [writeRcp(psplib)]),
    instanceCase('pipeline JSON', 'pipeline.json', [
      text('instances/pipeline/zero-bubble/small-p3-m6-1p.json'),
      text('instances/pipeline/derived/llama3-8b-h100-p4-m8.json'),
      instanceFileText(pipeline, 'vshape', generatedPipeline),
    ]),
    instanceCase('pipeline hf reader', 'config.hf.json', [hfConfig]),
    instanceCase('rcpsp JSON', 'rcpsp.json', [
      text('instances/rcpsp/examples/rcpsp-ramp-small-3.json'),
      instanceFileText(rcpsp, 'psplib', psplib),
    ]),
    instanceCase('pod-packing JSON', 'pods.json', [text('instances/pod-packing/paper-grid/pp-n4-p4-l2-u100-s1.json')]),
    ...(await Promise.all(Object.entries(instances).map(([id, file]) => solutionCase(id, file)))),
  ];
}

/** Remove the scratch folder of the solution cases. */
export function disposeReaderCases(): void {
  rmSync(scratch, { recursive: true, force: true });
}

const edgeTokens = [
  '1e308',
  '1e999',
  '-1e999',
  '-1',
  '0',
  '0.5',
  '1e-400',
  'NaN',
  'Infinity',
  'infinity',
  'inf',
  '-inf',
  '99999999999999999999',
  '1e18',
  '1000000001',
  '2147483648',
  '9007199254740993',
  '""',
  'null',
  'true',
  '[]',
  '{}',
  '[',
  ']',
  '{',
  '}',
  ',',
  ':',
  '"',
  '\n',
  '\r\n',
  ' ',
  '\t',
  '-',
  '+',
  'e',
  'x',
  '<=',
  '>=',
  '=',
  'free',
  'End',
  'ENDATA',
  'RHS',
  'BOUNDS',
  '\\',
  '*',
  '"a"',
  '"__proto__"',
].map(bytesOf);
const badBytes = [[0xff], [0xc3], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xef, 0xbb, 0xbf], [0x00]].map(
  (b) => new Uint8Array(b),
);
const insertable = [...edgeTokens, ...badBytes];

interface Edit {
  op: 'replace' | 'delete' | 'insert' | 'number' | 'repeat';
  at: number;
  length: number;
  token: number;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** Replace the k-th number of the text (mod their count) with an edge token. */
function editNumber(bytes: Uint8Array, k: number, token: Uint8Array): Uint8Array {
  const source = new TextDecoder().decode(bytes);
  const numbers = [...source.matchAll(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)];
  if (numbers.length === 0 || source.length !== bytes.length) return concat(bytes, token);
  const match = numbers[k % numbers.length];
  return concat(bytes.subarray(0, match.index), token, bytes.subarray(match.index + match[0].length));
}

function applyEdit(bytes: Uint8Array, edit: Edit): Uint8Array {
  const at = bytes.length === 0 ? 0 : edit.at % (bytes.length + 1);
  const end = Math.min(bytes.length, at + edit.length);
  const token = insertable[edit.token % insertable.length];
  switch (edit.op) {
    case 'replace':
      return concat(bytes.subarray(0, at), token, bytes.subarray(end));
    case 'delete':
      return concat(bytes.subarray(0, at), bytes.subarray(end));
    case 'insert':
      return concat(bytes.subarray(0, at), token, bytes.subarray(at));
    case 'number':
      return editNumber(bytes, edit.at, edgeTokens[edit.token % 16]);
    case 'repeat':
      return concat(
        bytes.subarray(0, end),
        bytes.subarray(at, Math.min(bytes.length, at + 8 * edit.length)),
        bytes.subarray(end),
      );
  }
}

const editArbitrary = fc.record({
  op: fc.constantFrom<Edit['op']>('replace', 'delete', 'insert', 'number', 'number', 'repeat'),
  at: fc.nat(),
  length: fc.nat({ max: 12 }),
  token: fc.nat(),
});

/** What kind of damage an input carries, for the sweep's counts. */
export type Damage = 'bytes' | 'truncation' | 'edits';

/** Random bytes, a truncated seed file, or a seed file with one to six edits. */
export function damagedInput(seeds: Uint8Array[]): fc.Arbitrary<{ damage: Damage; bytes: Uint8Array }> {
  const seed = fc.nat({ max: seeds.length - 1 }).map((k) => seeds[k]);
  return fc.oneof(
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({ damage: 'bytes' as const, bytes })) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(seed, fc.nat())
        .map(([bytes, cut]) => ({ damage: 'truncation' as const, bytes: bytes.subarray(0, cut % (bytes.length + 1)) })),
    },
    {
      weight: 5,
      arbitrary: fc.tuple(seed, fc.array(editArbitrary, { minLength: 1, maxLength: 6 })).map(([bytes, edits]) => ({
        damage: 'edits' as const,
        bytes: edits.reduce(applyEdit, bytes),
      })),
    },
  );
}

/** A failing input as text a test can hold: JSON-escaped when it is UTF-8, else its bytes in hex. */
export function showInput(bytes: Uint8Array): string {
  try {
    return JSON.stringify(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return `hex ${Buffer.from(bytes).toString('hex')}`;
  }
}
