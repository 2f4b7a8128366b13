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
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../cli/run-cli.js';
import type { AnyFamily } from '../../src/family/contract.js';
import { instanceFileText, readInstanceText } from '../../src/family/instance-file.js';
import { getFamily } from '../../src/family/registry.js';
import { readModelFile, readLp, readMps, writeLp, writeMps } from '../../src/formats/index.js';
import { decodeUtf8 } from '../../src/util/files.js';
import { writeRcp, writeSm } from '../../models/rcpsp/io.js';
import { generatePsplibLike } from '../../models/rcpsp/generate.js';
import { fileCases } from './file-cases.js';
import {
  bytesOf,
  classify,
  cliOutcome,
  disposeScratch,
  failure,
  type ReaderCase,
  scratch,
  scratchFile,
  valid,
} from './reader-outcome.js';
import { burstGptTrace, hfConfig, kubernetesList, repo, smallLp, smallMps, text } from './reader-seeds.js';

export type { Outcome, ReaderCase } from './reader-outcome.js';
export { type Damage, damagedInput, showInput } from './damage.js';

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
function instanceCase(name: string, file: string, seeds: string[], familyOverride?: string): ReaderCase {
  return {
    name,
    seeds: seeds.map(bytesOf),
    async outcome(bytes) {
      let loaded: Awaited<ReturnType<typeof readInstanceText>>;
      try {
        loaded = await readInstanceText(decodeUtf8(bytes, file), file, familyOverride);
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

/** Solution files through `schedlab evaluate`: exit 0 with a number or null, or exit 2 naming the file and a line or path. */
async function solutionCase(familyId: string, instanceFile: string): Promise<ReaderCase> {
  const report = join(scratch, `${familyId}-report.json`);
  const made = await runCli('heuristic', instanceFile, '--out', report);
  if (made.code !== 0) throw new Error(`cannot make a ${familyId} solution: ${made.stderr}`);
  const reportText = readFileSync(report, 'utf8');
  const bare = `${JSON.stringify(JSON.parse(reportText).solution, null, 1)}\n`;
  return {
    name: `${familyId} solution (evaluate)`,
    seeds: [bytesOf(reportText), bytesOf(bare)],
    async outcome(bytes) {
      const file = scratchFile('solution.json', bytes);
      const run = await runCli('evaluate', instanceFile, file, '--json');
      if (run.code === 0 && cliOutcome(run, file).kind === 'valid') {
        const printed = JSON.parse(run.stdout) as { objective: unknown };
        return typeof printed.objective === 'number' || printed.objective === null
          ? valid
          : failure(`evaluate printed objective ${String(printed.objective)}`);
      }
      return cliOutcome(run, file);
    },
  };
}

/** A small instance file of each family, for its solution case (and the JSON instance case of the newer ones). */
async function instanceFiles(): Promise<Record<string, string>> {
  const bundled = {
    rcpsp: repo('instances/rcpsp/examples/rcpsp-migration-small-1.json'),
    pipeline: repo('instances/pipeline/zero-bubble/small-p3-m6-1p.json'),
    'pod-packing': repo('instances/pod-packing/paper-grid/pp-n4-p4-l2-u100-s1.json'),
  };
  const generated = await Promise.all(
    ['parallel-plan', 'serving-plan', 'sequence-parallel', 'expert-placement'].map(async (id) => {
      const family: AnyFamily = await getFamily(id);
      const file = join(scratch, `${id}.json`);
      writeFileSync(file, instanceFileText(family, id, family.generate({ size: 'small' }, 1)));
      return [id, file] as const;
    }),
  );
  return { ...bundled, ...Object.fromEntries(generated) };
}

/** The JSON instance cases of the newer families: a generated file and the bundled ones. */
function newerJsonCases(files: Record<string, string>): ReaderCase[] {
  const bundled: Record<string, string[]> = {
    'parallel-plan': ['small/llama3-8b-uneven-h100x16.json', 'small/mixtral-8x7b-h100x64.json'],
    'serving-plan': ['small/chat-llama3-8b-8-150-1000.json', 'varied/chat-llama3-8b-8-150-1000-gamma-3.json'],
    'sequence-parallel': ['tiny/sequence-parallel-4-4-2-32768-long_docs-small-1.json'],
    'expert-placement': ['examples/mixtral-8x7b-g4-l2-r0-s1.json'],
  };
  return Object.entries(bundled).map(([id, paths]) =>
    instanceCase(`${id} JSON`, `${id}.json`, [
      readFileSync(files[id], 'utf8'),
      ...paths.map((path) => text(`instances/${id}/${path}`)),
    ]),
  );
}

/**
 * Every reader case: LP and MPS models; PSPLIB .sm and Patterson .rcp; Kubernetes manifests
 * (YAML and a JSON List); Hugging Face configs as pipeline and parallel-plan instances; a
 * BurstGPT trace; schedlab JSON of each family; solution files of each family through
 * `evaluate`; and the files commands read besides instances (`fileCases`).
 */
export async function readerCases(): Promise<ReaderCase[]> {
  const rcpsp = await getFamily('rcpsp');
  const pipeline = await getFamily('pipeline');
  const psplib = generatePsplibLike({ size: 'small', maxDuration: 9 }, 3);
  const generatedPipeline = pipeline.generate({ size: 'small', chunks: 2, placement: 'vshape' }, 5);
  const files = await instanceFiles();
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
    instanceCase('parallel-plan hf reader', 'config.hf.json', [hfConfig], 'parallel-plan'),
    instanceCase('rcpsp JSON', 'rcpsp.json', [
      text('instances/rcpsp/examples/rcpsp-ramp-small-3.json'),
      instanceFileText(rcpsp, 'psplib', psplib),
    ]),
    instanceCase('pod-packing JSON', 'pods.json', [text('instances/pod-packing/paper-grid/pp-n4-p4-l2-u100-s1.json')]),
    instanceCase('Kubernetes manifests (YAML)', 'cluster.yaml', [
      text('instances/pod-packing/manifests/example.yaml'),
      text('instances/pod-packing/manifests/gpu-two-pods.yaml'),
    ]),
    instanceCase('Kubernetes List (JSON)', 'cluster.json', [kubernetesList()]),
    instanceCase('BurstGPT trace (.csv)', 'trace.csv', [burstGptTrace]),
    ...newerJsonCases(files),
    ...(await Promise.all(Object.entries(files).map(([id, file]) => solutionCase(id, file)))),
    ...fileCases(),
  ];
}

/** Remove the scratch folder of the cases. */
export const disposeReaderCases = disposeScratch;
