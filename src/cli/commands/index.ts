import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { registerBench } from './bench.js';
import { registerEstimate } from './estimate.js';
import { registerEvaluate } from './evaluate.js';
import { registerExport } from './export.js';
import { registerFamilies } from './families.js';
import { registerGenerate } from './generate.js';
import { registerHeuristic } from './heuristic.js';
import { registerReport } from './report.js';
import { registerScore } from './score.js';
import { registerSolve } from './solve.js';
import { registerSolvers } from './solvers.js';
import { registerWorker } from './worker.js';

/** Every command module registers itself here, in the order `schedlab help` lists them. */
export function registerCommands(program: Command, io: CliIo): void {
  registerFamilies(program, io);
  registerSolve(program, io);
  registerHeuristic(program, io);
  registerEvaluate(program, io);
  registerGenerate(program, io);
  registerExport(program, io);
  registerBench(program, io);
  registerSolvers(program, io);
  registerEstimate(program, io);
  registerWorker(program, io);
  registerScore(program, io);
  registerReport(program, io);
}
