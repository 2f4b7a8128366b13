/**
 * `schedlab solve FILE`: a family instance (JSON or a native format) is formulated,
 * solved with a heuristic warm start, decoded and scored by the family's evaluator, or,
 * with `--method NAME`, answered by one of the family's exact methods; a model file (LP
 * or MPS) is solved as it is. Either way: status, objective, bound, gap and time, or the
 * DESIGN.md JSON object.
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { isMip, nonzeroCount } from '../../canonical/canonical-model.js';
import { inputError } from '../../errors.js';
import type { AnyFamily } from '../../family/contract.js';
import { isMethodOf, resolveMethod, runMethod, strongestMethod, type MethodSpec } from '../../family/methods.js';
import type { ModelFormat } from '../../formats/index.js';
import { solveCanonical } from '../../solve/solve.js';
import type { SolveResult } from '../../solvers/contract.js';
import { writeFileAtomic } from '../../util/files.js';
import { jsonNumber } from '../../util/json.js';
import { numberOption, seedOption, timeLimitOption } from '../files.js';
import { exitCodes, type CliIo } from '../io.js';
import { formatReport, type ResultReport } from '../report.js';
import { emitResult } from './family-report.js';
import { inInstanceFile, loadInstances } from './instance-files.js';
import { isModelFile, loadModelFile } from './model-file.js';

interface SolveFlags {
  /** Absent unless given: an explicit `--solver` (or `--gap`) asks for the MIP. */
  solver?: string;
  method?: string;
  family?: string;
  svg?: string;
  trace?: string;
  seed?: string;
  timeLimit?: string;
  gap?: string;
  json?: boolean;
  out?: string;
  format?: string;
  log?: boolean;
}

function modelFormat(flag: string | undefined): ModelFormat | undefined {
  if (flag === undefined) return undefined;
  if (flag !== 'lp' && flag !== 'mps') throw inputError(`--format expects lp or mps, got '${flag}'`);
  return flag;
}

function solutionByName(model: CanonicalModel, result: SolveResult): Record<string, number> | null {
  if (!result.hasSolution) return null;
  const byName: Record<string, number> = {};
  for (let j = 0; j < model.numCols; j++) byName[model.colName(j)] = result.values[j];
  return byName;
}

/** The DESIGN.md report of a raw model solve (no family: `family` is null). */
export function rawModelReport(file: string, model: CanonicalModel, result: SolveResult): ResultReport {
  return {
    family: null,
    instance: basename(file),
    method: result.solver,
    status: result.termination,
    objective: jsonNumber(result.objective),
    bound: jsonNumber(result.bestBound),
    gap: jsonNumber(result.gap),
    timeMs: result.timeMs,
    feasible: result.hasSolution,
    violations: [],
    solution: solutionByName(model, result),
  };
}

async function runSolve(file: string, flags: SolveFlags, io: CliIo): Promise<void> {
  const timeLimitSec = timeLimitOption(flags.timeLimit);
  const relativeGap = numberOption('--gap', flags.gap, (v) => v >= 0, 'a relative gap >= 0, e.g. 0.01');
  if (flags.format !== undefined || isModelFile(file))
    return solveModelFile(file, flags, { timeLimitSec, relativeGap }, io);
  const seed = seedOption(flags.seed);
  for (const loaded of await loadInstances(file, flags.family)) {
    const method = solveMethod(loaded.family, loaded.instance, flags);
    const result = await inInstanceFile(file, () =>
      runMethod(loaded.family, loaded.instance, method, {
        ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
        ...(relativeGap === undefined ? {} : { relativeGap }),
        ...(seed === undefined ? {} : { seed }),
        ...(flags.log ? { log: (line: string) => io.stderr(`${line}\n`) } : {}),
      }),
    );
    emitResult(loaded, result, flags, io);
  }
}

/**
 * The method of `--method`: an exact method of the family, or its MIP (`mip`, or
 * `mip/SOLVER` over `--solver`); a heuristic is for `schedlab heuristic`. Without
 * `--method`, the family's strongest method for the instance (`strongestMethod`), unless
 * `--solver` or `--gap` says the user wants the MIP.
 */
function solveMethod(family: AnyFamily, instance: unknown, flags: SolveFlags): MethodSpec {
  const solver = flags.solver ?? 'highs';
  if (flags.method === undefined) {
    if (flags.solver !== undefined || flags.gap !== undefined) return { kind: 'mip', label: `mip/${solver}`, solver };
    return strongestMethod(family, instance, solver);
  }
  const choices = ['mip', 'mip/SOLVER', ...Object.keys(family.exact ?? {})].join(', ');
  if (!isMethodOf(flags.method, family))
    throw inputError(`--method: family '${family.id}' has no method '${flags.method}'; solve runs: ${choices}`);
  const method = resolveMethod(flags.method, [family], solver);
  if (method.kind === 'heuristic') {
    throw inputError(
      `--method: '${flags.method}' is a heuristic of family '${family.id}'; run it with \`schedlab heuristic FILE --name ${method.heuristic}\`, or give one of: ${choices}`,
    );
  }
  // An exact method picks its own solver and stopping rule; silently ignoring the flags would mislead.
  if (method.kind === 'exact' && (flags.gap !== undefined || flags.solver !== undefined)) {
    throw inputError(
      `--solver and --gap apply to the MIP only; the exact method '${method.exact}' chooses its own; drop them or use --method mip/${solver}`,
    );
  }
  return method;
}

async function solveModelFile(
  file: string,
  flags: SolveFlags,
  limits: { timeLimitSec?: number; relativeGap?: number },
  io: CliIo,
): Promise<void> {
  const { timeLimitSec, relativeGap } = limits;
  const model = loadModelFile(file, modelFormat(flags.format));
  const result = await solveCanonical(model, {
    solver: flags.solver ?? 'highs',
    ...(timeLimitSec === undefined ? {} : { timeLimitSec }),
    ...(relativeGap === undefined ? {} : { relativeGap }),
    ...(flags.log ? { log: (line: string) => io.stderr(`${line}\n`) } : {}),
  });
  const report = rawModelReport(file, model, result);
  if (flags.out) writeFileAtomic(flags.out, `${JSON.stringify(report, null, 2)}\n`);
  if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
  else {
    const size = `${model.numRows} rows, ${model.numCols} columns, ${nonzeroCount(model)} nonzeros; ${isMip(model) ? 'MIP' : 'LP'}`;
    io.stdout(formatReport(report, [['model', size]]));
    if (result.message && result.termination === 'error') io.stdout(`message   ${result.message}\n`);
  }
  if (result.termination === 'error') io.exitCode = exitCodes.failure;
}

export function registerSolve(program: Command, io: CliIo): void {
  program
    .command('solve')
    .description(
      "solve an instance with the family's strongest exact method for it (or the MIP, warm-started by a heuristic), or a model file (.mps/.lp) as it is",
    )
    .argument('<file>', 'a schedlab JSON instance, a native instance file (e.g. PSPLIB .sm), or an MPS/LP model')
    .option(
      '--method <name>',
      "an exact method of the family (see `schedlab families`), mip or mip/SOLVER; default: the family's strongest for the instance",
    )
    .option('--solver <name>', 'backend of the MIP: highs (default), glpk, jslp or cbc; implies the MIP')
    .option('--time-limit <sec>', 'wall-clock limit in seconds')
    .option('--gap <rel>', 'relative MIP gap at which to stop; implies the MIP')
    .option('--family <id>', 'the family of the instance, when the file does not say')
    .option('--seed <n>', 'seed of the warm-start heuristic', '1')
    .option('--svg <file>', "draw the solution as SVG (the family's chart, e.g. a Gantt chart)")
    .option(
      '--trace <file>',
      "write the solution's run as Chrome trace-event JSON (families that export one, e.g. pipeline)",
    )
    .option('--format <lp|mps>', 'read FILE as a model file in this format')
    .option('--json', 'print one JSON object (see DESIGN.md)')
    .option('--out <file>', 'also write the JSON result to this file')
    .option('--log', "print the solver's log to stderr")
    .action(async (file: string, flags: SolveFlags) => runSolve(file, flags, io));
}
