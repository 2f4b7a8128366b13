/** The DESIGN.md report of a family method, and how `solve`/`heuristic` print and save it. */
import type { AnyFamily } from '../../family/contract.js';
import type { LoadedInstance } from '../../family/instance-file.js';
import type { MethodResult } from '../../family/run.js';
import { writeFileAtomic } from '../files.js';
import { exitCodes, type CliIo } from '../io.js';
import { formatReport, jsonNumber, type ResultReport } from '../report.js';

export function familyReport(loaded: LoadedInstance, result: MethodResult): ResultReport {
  const { family, instance, name } = loaded;
  return {
    family: family.id,
    instance: name,
    method: result.method,
    status: result.status,
    objective: jsonNumber(result.objective),
    bound: jsonNumber(result.bound),
    gap: jsonNumber(result.gap),
    timeMs: result.timeMs,
    feasible: result.evaluation.feasible,
    violations: result.evaluation.violations,
    solution: result.solution === undefined ? null : family.serializeSolution(instance, result.solution),
    metrics: Object.fromEntries(Object.entries(result.evaluation.metrics).map(([key, value]) => [key, jsonNumber(value)])),
    ...(result.report ? { report: result.report } : {}),
  };
}

/** The family's writer for `--out FILE` by FILE's extension; undefined means the JSON report. */
function writerFor(family: AnyFamily, file: string) {
  const extension = file.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (extension === undefined || extension === 'json') return undefined;
  return Object.values(family.solutionWriters ?? {}).find((writer) => writer.extensions.includes(extension));
}

/**
 * Write `--out FILE`: the family's native format when FILE's extension names one (e.g.
 * `.yaml` for pod packing's Binding/Eviction objects), else the JSON report that `evaluate`
 * reads back. A native file needs a solution; without one a note says so.
 */
function writeOut(loaded: LoadedInstance, result: MethodResult, report: ResultReport, file: string, io: CliIo): void {
  const writer = writerFor(loaded.family, file);
  if (writer === undefined) return writeFileAtomic(file, `${JSON.stringify(report, null, 2)}\n`);
  if (result.solution === undefined) return void io.stderr(`note: no solution to write; ${file} not written\n`);
  writeFileAtomic(file, writer.write(loaded.instance, result.solution));
}

export interface OutputFlags {
  json?: boolean;
  out?: string;
  svg?: string;
  trace?: string;
}

function svgOf(family: AnyFamily, loaded: LoadedInstance, result: MethodResult): string | undefined {
  if (result.solution === undefined || !family.renderSvg) return undefined;
  return family.renderSvg(loaded.instance, result.solution);
}

/**
 * Write `--trace FILE`: the family's Chrome trace-event JSON of a solution, or a note on
 * stderr when there is no solution or the family exports none.
 */
export function writeTrace(family: AnyFamily, instance: unknown, solution: unknown, file: string | undefined, io: CliIo): void {
  if (!file) return;
  if (solution === undefined || !family.renderTrace) {
    io.stderr(`note: no solution to trace, or family '${family.id}' exports no trace; ${file} not written\n`);
    return;
  }
  writeFileAtomic(file, family.renderTrace(instance, solution));
}

/** Print one result (JSON or a summary), write --out, --svg and --trace, and set exit code 1 on a failed run. */
export function emitResult(loaded: LoadedInstance, result: MethodResult, flags: OutputFlags, io: CliIo): void {
  const report = familyReport(loaded, result);
  if (flags.svg) {
    const svg = svgOf(loaded.family, loaded, result);
    if (svg === undefined) io.stderr(`note: no solution to draw, or family '${loaded.family.id}' draws none; ${flags.svg} not written\n`);
    else writeFileAtomic(flags.svg, svg);
  }
  writeTrace(loaded.family, loaded.instance, result.solution, flags.trace, io);
  if (flags.out) writeOut(loaded, result, report, flags.out, io);
  if (flags.json) io.stdout(`${JSON.stringify(report)}\n`);
  else {
    const notes: [string, string][] = result.message ? [['solver', result.message]] : [];
    for (const line of result.report ?? []) notes.push(['method', line]);
    io.stdout(formatReport(report, [['unit', loaded.family.objectiveUnit]], notes));
  }
  if (result.status === 'error') io.exitCode = exitCodes.failure;
}
