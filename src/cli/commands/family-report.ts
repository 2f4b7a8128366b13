/** The DESIGN.md report of a family method, and how `solve`/`heuristic` print and save it. */
import type { AnyFamily } from '../../family/contract.js';
import type { LoadedInstance } from '../../family/instance-file.js';
import type { MethodResult } from '../../family/run.js';
import { writeFileAtomic } from '../../util/files.js';
import { exitCodes, type CliIo } from '../io.js';
import { jsonNumber } from '../../util/json.js';
import { formatReport, type ResultReport } from '../report.js';

export function familyReport(loaded: LoadedInstance, result: MethodResult): ResultReport {
  const { family, instance, name } = loaded;
  return {
    family: family.id,
    instance: name,
    method: result.method,
    status: result.status,
    // An infeasible answer has no objective value (what its evaluator measured stays in metrics).
    objective: result.evaluation.feasible ? jsonNumber(result.objective) : null,
    bound: jsonNumber(result.bound),
    gap: jsonNumber(result.gap),
    timeMs: result.timeMs,
    feasible: result.evaluation.feasible,
    violations: result.evaluation.violations,
    solution: result.solution === undefined ? null : family.serializeSolution(instance, result.solution),
    metrics: Object.fromEntries(
      Object.entries(result.evaluation.metrics).map(([key, value]) => [key, jsonNumber(value)]),
    ),
    ...(result.report ? { report: result.report } : {}),
  };
}

export interface OutputFlags {
  json?: boolean;
  out?: string;
  svg?: string;
  trace?: string;
}

/** A file to write and its text, rendered before anything is written. */
type PendingFile = { file: string; text: string };

/**
 * The text of `--trace FILE`: the family's Chrome trace-event JSON of a solution, or
 * undefined (with a note on stderr) when there is no solution or the family exports none.
 */
export function traceFile(
  family: AnyFamily,
  instance: unknown,
  solution: unknown,
  file: string | undefined,
  io: CliIo,
): PendingFile | undefined {
  if (!file) return undefined;
  if (solution === undefined || !family.renderTrace) {
    io.stderr(`note: no solution to trace, or family '${family.id}' exports no trace; ${file} not written\n`);
    return undefined;
  }
  return { file, text: family.renderTrace(instance, solution) };
}

function svgFile(
  loaded: LoadedInstance,
  result: MethodResult,
  file: string | undefined,
  io: CliIo,
): PendingFile | undefined {
  if (!file) return undefined;
  if (result.solution === undefined || !loaded.family.renderSvg) {
    io.stderr(`note: no solution to draw, or family '${loaded.family.id}' draws none; ${file} not written\n`);
    return undefined;
  }
  return { file, text: loaded.family.renderSvg(loaded.instance, result.solution) };
}

/** The family's writer for `--out FILE` by FILE's extension; undefined means the JSON report. */
function writerFor(family: AnyFamily, file: string) {
  const extension = file.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension === undefined || extension === 'json') return undefined;
  return Object.values(family.solutionWriters ?? {}).find((writer) => writer.extensions.includes(extension));
}

/**
 * The text of `--out FILE`: the family's native format when FILE's extension names one
 * (e.g. `.yaml` for pod packing's Binding/Eviction objects), else the JSON report that
 * `evaluate` reads back. A native file needs a solution; without one a note says so.
 */
function outFile(
  loaded: LoadedInstance,
  result: MethodResult,
  report: ResultReport,
  file: string | undefined,
  io: CliIo,
): PendingFile | undefined {
  if (!file) return undefined;
  const writer = writerFor(loaded.family, file);
  if (writer === undefined) return { file, text: `${JSON.stringify(report, null, 2)}\n` };
  if (result.solution === undefined) {
    io.stderr(`note: no solution to write; ${file} not written\n`);
    return undefined;
  }
  return { file, text: writer.write(loaded.instance, result.solution) };
}

/** Write the rendered files (each atomically); rendering all of them first means a failure writes none. */
export function writeFiles(files: (PendingFile | undefined)[]): void {
  for (const pending of files) if (pending) writeFileAtomic(pending.file, pending.text);
}

/** Print one result (JSON or a summary), write --out, --svg and --trace, and set exit code 1 on a failed run. */
export function emitResult(loaded: LoadedInstance, result: MethodResult, flags: OutputFlags, io: CliIo): void {
  const report = familyReport(loaded, result);
  const files = [
    svgFile(loaded, result, flags.svg, io),
    traceFile(loaded.family, loaded.instance, result.solution, flags.trace, io),
    outFile(loaded, result, report, flags.out, io),
  ];
  writeFiles(files);
  if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
  else {
    const notes: [string, string][] = result.message ? [['solver', result.message]] : [];
    for (const line of result.report ?? []) notes.push(['method', line]);
    io.stdout(formatReport(report, [['unit', loaded.family.objectiveUnit]], notes));
  }
  if (result.status === 'error') io.exitCode = exitCodes.failure;
}
