/**
 * `schedlab export FILE --format lp|mps [--time-limit S]`: a model file converted between LP
 * and MPS, or the MIP of a family instance (with the default heuristic's solution as its
 * incumbent). A MIP too large to build within memory is refused before it is built, with its
 * size (`Family.modelSize`); with `--time-limit`, so is one whose estimated build and writing
 * would take longer (building and writing are not interruptible, so the limit is checked up front).
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
import type { LoadedInstance } from '../../family/instance-file.js';
import { inInstanceFile, loadInstances } from './instance-files.js';
import { isModelFile, loadModelFile } from './model-file.js';
import {
  assertBuildable,
  assertBuildableFromInstance,
  describeSize,
  expectedBuildSec,
  type ModelSize,
} from '../../family/model-budget.js';
import { timeLimitOption } from '../files.js';

interface ExportFlags {
  format: string;
  out?: string;
  family?: string;
  timeLimit?: string;
}

/**
 * Seconds to write a model as text, per estimated nonzero: the pipeline ILP's LP text took
 * 2.3-13 µs per estimated nonzero at load 8-10 (9 MB in 2.2 s, 67 MB in 53 s).
 */
const writeSecondsPerNonzero = 1e-5;

/** Refuse, before building, a model whose estimated build and writing outlast `--time-limit`. */
function assertWritableInTime(familyId: string, size: ModelSize, timeLimitSec: number | undefined): void {
  if (timeLimitSec === undefined) return;
  const buildSec = expectedBuildSec(size);
  const writeSec = size.nonzeros * writeSecondsPerNonzero;
  if (buildSec + writeSec <= timeLimitSec) return;
  throw inputError(
    `the MIP of this ${familyId} instance (${describeSize(size)}) would take about ${(buildSec + writeSec).toFixed(0)} s to build and write (${buildSec.toFixed(0)} s building, ${writeSec.toFixed(0)} s writing), more than --time-limit ${timeLimitSec}; raise --time-limit${size.smaller ? `, or use ${size.smaller}` : ''}`,
  );
}

async function instanceModel(
  file: string,
  familyId: string | undefined,
  timeLimitSec: number | undefined,
): Promise<CanonicalModel> {
  const [loaded, ...more] = await loadInstances(file, familyId);
  if (more.length > 0)
    throw new SchedlabError('input', `${file} holds ${more.length + 1} instances; export takes a file with one`);
  // A refusal of the instance's model (its size, the time it would take) names the file.
  return inInstanceFile(file, () => buildModel(loaded, timeLimitSec));
}

/** The family's MIP of one instance, refused before it is built when too large or too slow. */
function buildModel({ family, instance }: LoadedInstance, timeLimitSec: number | undefined): CanonicalModel {
  // What is too large whatever the start is refused before the start heuristic runs.
  assertBuildableFromInstance(family, instance, 1);
  const start = family.heuristics.default ? runHeuristic(family, instance, 'default', { timeLimitSec: 1 }) : undefined;
  const incumbent = start?.evaluation.feasible ? start.solution : undefined;
  const options = incumbent === undefined ? {} : { incumbent };
  // A model too large to build is refused with its size, as `solve` does.
  const size = family.modelSize?.(instance, options);
  if (size !== undefined) assertBuildable(family.id, size);
  if (size !== undefined) assertWritableInTime(family.id, size, timeLimitSec);
  return compile(family.formulate(instance, options).model);
}

async function runExport(file: string, flags: ExportFlags, io: CliIo): Promise<void> {
  if (flags.format !== 'lp' && flags.format !== 'mps')
    throw inputError(`--format expects lp or mps, got '${flags.format}'`);
  const timeLimitSec = timeLimitOption(flags.timeLimit);
  const model = isModelFile(file) ? loadModelFile(file) : await instanceModel(file, flags.family, timeLimitSec);
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
    .option(
      '--time-limit <sec>',
      "refuse at once an instance's MIP whose estimated build and writing take longer (checked before building)",
    )
    .action(async (file: string, flags: ExportFlags) => runExport(file, flags, io));
}
