/**
 * `schedlab export FILE --format lp|mps`: a model file converted between LP and MPS, or
 * the MIP of a family instance (with the default heuristic's solution as its incumbent).
 */
import type { Command } from 'commander';
import { inputError } from '../../errors.js';
import { writeLp, writeMps } from '../../formats/index.js';
import { writeFileAtomic } from '../../util/files.js';
import type { CliIo } from '../io.js';
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { compile } from '../../dsl/compile.js';
import { SchedlabError } from '../../errors.js';
import { runHeuristic } from '../../family/run.js';
import { loadInstances } from './instance-files.js';
import { isModelFile, loadModelFile } from './model-file.js';
import { assertBuildable } from '../../family/model-budget.js';

interface ExportFlags {
  format: string;
  out?: string;
  family?: string;
}

async function instanceModel(file: string, familyId: string | undefined): Promise<CanonicalModel> {
  const [loaded, ...more] = await loadInstances(file, familyId);
  if (more.length > 0)
    throw new SchedlabError('input', `${file} holds ${more.length + 1} instances; export takes a file with one`);
  const { family, instance } = loaded;
  const start = family.heuristics.default ? runHeuristic(family, instance, 'default', { timeLimitSec: 1 }) : undefined;
  const incumbent = start?.evaluation.feasible ? start.solution : undefined;
  const options = incumbent === undefined ? {} : { incumbent };
  // A model too large to build is refused with its size, as `solve` does.
  const size = family.modelSize?.(instance, options);
  if (size !== undefined) assertBuildable(family.id, size);
  return compile(family.formulate(instance, options).model);
}

async function runExport(file: string, flags: ExportFlags, io: CliIo): Promise<void> {
  if (flags.format !== 'lp' && flags.format !== 'mps')
    throw inputError(`--format expects lp or mps, got '${flags.format}'`);
  const model = isModelFile(file) ? loadModelFile(file) : await instanceModel(file, flags.family);
  // Ranged rows go out split in two, the LP form every reader takes (HiGHS 1.15 rejects `lb <= expr <= ub`).
  const text = flags.format === 'lp' ? writeLp(model, { ranges: 'split' }) : writeMps(model);
  if (flags.out) writeFileAtomic(flags.out, text);
  else io.stdout(text);
}

export function registerExport(program: Command, io: CliIo): void {
  program
    .command('export')
    .description("write an instance's MIP, or convert a model file, as CPLEX LP or free MPS")
    .argument('<file>', 'a family instance, or an MPS or LP model file')
    .requiredOption('--format <lp|mps>', 'the format to write')
    .option('--out <file>', 'write to this file instead of standard output')
    .option('--family <id>', 'the family of the instance, when the file does not say')
    .action(async (file: string, flags: ExportFlags) => runExport(file, flags, io));
}
