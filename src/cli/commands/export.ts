/** `schedlab export FILE --format lp|mps`: convert a model file between LP and MPS. */
import type { Command } from 'commander';
import { inputError } from '../../errors.js';
import { writeLp, writeMps } from '../../formats/index.js';
import { writeFileAtomic } from '../files.js';
import type { CliIo } from '../io.js';
import { loadModelFile } from './model-file.js';

interface ExportFlags {
  format: string;
  out?: string;
}

function runExport(file: string, flags: ExportFlags, io: CliIo): void {
  if (flags.format !== 'lp' && flags.format !== 'mps') throw inputError(`--format expects lp or mps, got '${flags.format}'`);
  const model = loadModelFile(file);
  const text = flags.format === 'lp' ? writeLp(model) : writeMps(model);
  if (flags.out) writeFileAtomic(flags.out, text);
  else io.stdout(text);
}

export function registerExport(program: Command, io: CliIo): void {
  program
    .command('export')
    .description('convert a model file to CPLEX LP or free MPS (printed, or written with --out)')
    .argument('<file>', 'an MPS or LP model file')
    .requiredOption('--format <lp|mps>', 'the format to write')
    .option('--out <file>', 'write to this file instead of standard output')
    .action((file: string, flags: ExportFlags) => runExport(file, flags, io));
}
