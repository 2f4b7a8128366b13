/** `schedlab generate FAMILY --out DIR`: seeded instances written as schedlab JSON files. */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inputError, SchedlabError } from '../../errors.js';
import type { AnyFamily, GenerateParams } from '../../family/contract.js';
import { instanceFileText } from '../../family/instance-file.js';
import { getFamily } from '../../family/registry.js';
import { writeFileAtomic } from '../../util/files.js';
import { numberOption } from '../files.js';
import type { CliIo } from '../io.js';

interface GenerateFlags {
  size: string;
  count: string;
  seed: string;
  out: string;
  param: string[];
}

function parseParams(pairs: string[], size: string): GenerateParams {
  if (size !== 'small' && size !== 'medium' && size !== 'large')
    throw inputError(`--size expects small, medium or large, got '${size}'`);
  const params: GenerateParams = { size };
  for (const pair of pairs) {
    const match = /^([A-Za-z][\w-]*)=(.*)$/.exec(pair);
    if (!match) throw inputError(`--param expects key=value, got '${pair}'`);
    const [, key, text] = match;
    params[key] = text !== '' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return params;
}

/** The output folder, made if missing; an input error naming it when that fails (a file in the way, no permission). */
function makeFolder(path: string): void {
  try {
    mkdirSync(path, { recursive: true });
  } catch (error) {
    throw inputError(
      `cannot create the folder: ${(error as Error).message}; pass --out a folder you can write`,
      { file: path },
      error,
    );
  }
}

/** One instance; a generator's error about a knob names it as the flag that set it (`--param level`). */
function generateOne(family: AnyFamily, params: GenerateParams, seed: number): unknown {
  try {
    return family.generate(params, seed);
  } catch (error) {
    const path = error instanceof SchedlabError && error.kind === 'input' ? error.location.path : undefined;
    // An error inside a file a knob names (a config.json) already names that file and its key.
    if (path === undefined || (error as SchedlabError).location.file !== undefined) throw error;
    throw inputError(
      `${path === 'size' ? '--size' : `--param ${path}`}: ${(error as SchedlabError).message}`,
      {},
      error,
    );
  }
}

/**
 * The most instances one `generate` writes: enough for any benchmark set, and a bound on
 * how long a mistyped count (1e9) can run. Files are written one by one as they are made,
 * so memory does not grow with the count.
 */
export const maxGenerateCount = 100_000;

async function runGenerate(familyId: string, flags: GenerateFlags, io: CliIo): Promise<void> {
  const family = await getFamily(familyId);
  const count =
    numberOption(
      '--count',
      flags.count,
      (v) => Number.isInteger(v) && v >= 1 && v <= maxGenerateCount,
      `a whole number from 1 to ${maxGenerateCount}`,
    ) ?? 1;
  // Seeds stay exact integers up to the last one (seed + count - 1).
  const seedLimit = 2 ** 53 - 1 - count;
  const seed =
    numberOption(
      '--seed',
      flags.seed,
      (v) => Number.isInteger(v) && Math.abs(v) <= seedLimit,
      `a whole number from -${seedLimit} to ${seedLimit}`,
    ) ?? 1;
  const params = parseParams(flags.param, flags.size);
  // The first instance is made before the folder, so bad parameters leave nothing behind.
  let instance = generateOne(family, params, seed);
  makeFolder(flags.out);
  // The parameters are part of the name, so files of different kinds do not overwrite each other.
  const tags = flags.param.map((pair) => pair.split('=')[1].replace(/[^\w.]+/g, '_'));
  for (let k = 0; k < count; k++) {
    if (k > 0) instance = generateOne(family, params, seed + k);
    const name = [family.id, ...tags, flags.size, seed + k].join('-');
    const path = join(flags.out, `${name}.json`);
    writeFileAtomic(path, instanceFileText(family, name, instance));
    io.stdout(`${path}\n`);
  }
}

export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description('write seeded instances of a family as JSON files')
    .argument('<family>', 'the family id (see `schedlab families`)')
    .option('--size <size>', 'small, medium or large', 'small')
    .option('--count <n>', `how many instances (at most ${maxGenerateCount}), written one by one`, '1')
    .option('--seed <k>', 'seed of the first instance (the next ones use k+1, k+2, ...)', '1')
    .option(
      '--param <key=value>',
      'a family-specific generator parameter (repeatable), e.g. kind=ramp',
      (value: string, all: string[]) => [...all, value],
      [] as string[],
    )
    .requiredOption('--out <dir>', 'the folder to write into')
    .action(async (familyId: string, flags: GenerateFlags) => runGenerate(familyId, flags, io));
}
