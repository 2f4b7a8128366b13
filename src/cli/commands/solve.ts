/**
 * `schedlab solve FILE`: solve a model file (LP or MPS) with a chosen backend and
 * print status, objective, bound, gap and time (or the DESIGN.md JSON object).
 */
import type { Command } from 'commander';
import { basename } from 'node:path';
import type { CanonicalModel } from '../../canonical/canonical-model.js';
import { isMip, nonzeroCount } from '../../canonical/canonical-model.js';
import { inputError } from '../../errors.js';
import type { ModelFormat } from '../../formats/index.js';
import { solveCanonical } from '../../solve/solve.js';
import type { SolveResult } from '../../solvers/contract.js';
import { numberOption, writeFileAtomic } from '../files.js';
import { exitCodes, type CliIo } from '../io.js';
import { formatReport, jsonNumber, type ResultReport } from '../report.js';
import { loadModelFile } from './model-file.js';

interface SolveFlags {
  solver: string;
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
  const timeLimitSec = numberOption('--time-limit', flags.timeLimit, (v) => v > 0, 'a positive number of seconds');
  const relativeGap = numberOption('--gap', flags.gap, (v) => v >= 0, 'a relative gap >= 0, e.g. 0.01');
  const model = loadModelFile(file, modelFormat(flags.format));
  const result = await solveCanonical(model, {
    solver: flags.solver,
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
    .description('solve a model file (.mps or .lp) and report status, objective, bound, gap and time')
    .argument('<file>', 'an MPS (fixed or free) or CPLEX LP model file')
    .option('--solver <name>', 'highs, glpk, jslp or cbc', 'highs')
    .option('--time-limit <sec>', 'wall-clock limit in seconds')
    .option('--gap <rel>', 'relative MIP gap at which to stop')
    .option('--format <lp|mps>', 'file format, when the file name does not say')
    .option('--json', 'print one JSON object (see DESIGN.md)')
    .option('--out <file>', 'also write the JSON result to this file')
    .option('--log', "print the solver's log to stderr")
    .action(async (file: string, flags: SolveFlags) => runSolve(file, flags, io));
}
