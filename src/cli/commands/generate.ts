/** `schedlab generate FAMILY --out DIR`: seeded instances written as schedlab JSON files. */
import type { Command } from 'commander';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { inputError } from '../../errors.js';
import type { GenerateParams } from '../../family/contract.js';
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

async function runGenerate(familyId: string, flags: GenerateFlags, io: CliIo): Promise<void> {
  const family = await getFamily(familyId);
  const count = numberOption('--count', flags.count, (v) => Number.isInteger(v) && v > 0, 'a positive integer') ?? 1;
  const seed = numberOption('--seed', flags.seed, Number.isInteger, 'an integer') ?? 1;
  const params = parseParams(flags.param, flags.size);
  const instances = Array.from({ length: count }, (_, k) => family.generate(params, seed + k));
  makeFolder(flags.out);
  // The parameters are part of the name, so files of different kinds do not overwrite each other.
  const tags = flags.param.map((pair) => pair.split('=')[1].replace(/[^\w.]+/g, '_'));
  instances.forEach((instance, k) => {
    const name = [family.id, ...tags, flags.size, seed + k].join('-');
    const path = join(flags.out, `${name}.json`);
    writeFileAtomic(path, instanceFileText(family, name, instance));
    io.stdout(`${path}\n`);
  });
}

export function registerGenerate(program: Command, io: CliIo): void {
  program
    .command('generate')
    .description('write seeded instances of a family as JSON files')
    .argument('<family>', 'the family id (see `schedlab families`)')
    .option('--size <size>', 'small, medium or large', 'small')
    .option('--count <n>', 'how many instances', '1')
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
