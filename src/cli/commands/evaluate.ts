/**
 * `schedlab evaluate FILE SOLUTION.json`: score a solution with the family's evaluator.
 * SOLUTION.json is either a report written by `solve`/`heuristic --out` (its `solution`
 * is used) or the bare solution object.
 */
import type { Command } from 'commander';
import { SchedlabError } from '../../errors.js';
import { parseJsonText } from '../../family/instance-file.js';
import { readTextFile } from '../../util/files.js';
import type { CliIo } from '../io.js';
import { jsonNumber } from '../../util/json.js';
import { traceFile, writeFiles } from './family-report.js';
import { loadInstances } from './instance-files.js';

function solutionPart(json: unknown): unknown {
  const isReport = json !== null && typeof json === 'object' && 'solution' in json && 'status' in json;
  return isReport ? (json as { solution: unknown }).solution : json;
}

interface EvaluateFlags {
  json?: boolean;
  family?: string;
  trace?: string;
}

async function runEvaluate(file: string, solutionFile: string, flags: EvaluateFlags, io: CliIo): Promise<void> {
  const [loaded, ...more] = await loadInstances(file, flags.family);
  if (more.length > 0)
    throw new SchedlabError('input', `${file} holds ${more.length + 1} instances; evaluate takes a file with one`);
  const json = solutionPart(parseJsonText(readTextFile(solutionFile), solutionFile));
  let solution: unknown;
  try {
    solution = loaded.family.parseSolution(loaded.instance, json);
  } catch (error) {
    throw error instanceof SchedlabError ? error.inFile(solutionFile) : error;
  }
  const evaluation = loaded.family.evaluate(loaded.instance, solution);
  // No objective means the evaluator could not run the solution (e.g. a deadlock): nothing to trace.
  writeFiles([
    traceFile(
      loaded.family,
      loaded.instance,
      Number.isNaN(evaluation.objective) ? undefined : solution,
      flags.trace,
      io,
    ),
  ]);
  const report = {
    family: loaded.family.id,
    instance: loaded.name,
    feasible: evaluation.feasible,
    objective: jsonNumber(evaluation.objective),
    violations: evaluation.violations,
    metrics: evaluation.metrics,
  };
  if (flags.json) return void io.stdout(`${JSON.stringify(report)}\n`);
  io.stdout(
    `${loaded.name}: ${evaluation.feasible ? 'feasible' : 'INFEASIBLE'}, objective ${evaluation.objective} ${loaded.family.objectiveUnit}\n`,
  );
  for (const violation of evaluation.violations) io.stdout(`  ${violation.constraint}: ${violation.message}\n`);
  for (const [name, value] of Object.entries(evaluation.metrics)) io.stdout(`  ${name} = ${value}\n`);
}

export function registerEvaluate(program: Command, io: CliIo): void {
  program
    .command('evaluate')
    .description('check a solution against every rule of its family and report its objective')
    .argument('<file>', 'the instance')
    .argument('<solution>', 'a solution JSON (or a report written by solve/heuristic --out)')
    .option('--family <id>', 'the family of the instance, when the file does not say')
    .option('--json', 'print JSON')
    .option(
      '--trace <file>',
      "write the solution's run as Chrome trace-event JSON (families that export one, e.g. pipeline)",
    )
    .action(async (file: string, solution: string, flags: EvaluateFlags) => runEvaluate(file, solution, flags, io));
}
