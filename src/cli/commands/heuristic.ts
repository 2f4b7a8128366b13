/** `schedlab heuristic FILE`: run a named heuristic (seeded) and score it with the evaluator. */
import type { Command } from 'commander';
import { inputError } from '../../errors.js';
import { runHeuristic } from '../../family/run.js';
import { seedOption, timeLimitOption } from '../files.js';
import type { CliIo } from '../io.js';
import { emitResult, type OutputFlags } from './family-report.js';
import { inInstanceFile, loadInstances } from './instance-files.js';

interface HeuristicFlags extends OutputFlags {
  name: string;
  seed: string;
  timeLimit?: string;
  family?: string;
}

async function runHeuristicCommand(file: string, flags: HeuristicFlags, io: CliIo): Promise<void> {
  const seed = seedOption(flags.seed) ?? 1;
  const timeLimitSec = timeLimitOption(flags.timeLimit) ?? 1;
  for (const loaded of await loadInstances(file, flags.family)) {
    const { family } = loaded;
    if (!Object.hasOwn(family.heuristics, flags.name)) {
      throw inputError(
        `--name: family '${family.id}' has no heuristic '${flags.name}'; its heuristics are: ${Object.keys(family.heuristics).join(', ')}`,
      );
    }
    const result = await inInstanceFile(file, () =>
      runHeuristic(family, loaded.instance, flags.name, { seed, timeLimitSec }),
    );
    emitResult(loaded, result, flags, io);
  }
}

export function registerHeuristic(program: Command, io: CliIo): void {
  program
    .command('heuristic')
    .description("run a heuristic of the instance's family and score its solution with the evaluator")
    .argument('<file>', 'a schedlab JSON instance or a native instance file')
    .option('--name <name>', 'which heuristic (see `schedlab families`)', 'default')
    .option('--seed <n>', 'seed of the random source', '1')
    .option('--time-limit <sec>', 'budget of the heuristic in seconds', '1')
    .option('--family <id>', 'the family of the instance, when the file does not say')
    .option('--json', 'print one JSON object (see DESIGN.md)')
    .option('--out <file>', 'also write the JSON result to this file')
    .option('--svg <file>', 'draw the solution as SVG')
    .option(
      '--trace <file>',
      "write the solution's run as Chrome trace-event JSON (families that export one, e.g. pipeline)",
    )
    .action(async (file: string, flags: HeuristicFlags) => runHeuristicCommand(file, flags, io));
}
