/**
 * The result object of `solve` and `heuristic` (DESIGN.md, stable: other tools read it):
 * { family, instance, method, status, objective, bound, gap, timeMs, feasible, violations, solution },
 * and, an addition for family methods, `metrics` (the evaluator's figures: bubble rate, peak
 * memory, ...). Numbers that are not known are null in JSON, never NaN.
 */
export interface ResultReport {
  family: string | null;
  instance: string;
  method: string;
  status: string;
  objective: number | null;
  bound: number | null;
  gap: number | null;
  timeMs: number;
  feasible: boolean;
  violations: { constraint: string; entities: (string | number)[]; message: string }[];
  solution: unknown;
  /** The evaluator's metrics (family methods only; absent for a raw model). */
  metrics?: Record<string, number | null>;
  /** How an exact method reached its answer, line by line (only when the method says). */
  report?: string[];
}

function formatValue(value: number | null, unit = ''): string {
  if (value === null) return '-';
  return `${Number.isInteger(value) ? value : Number(value.toPrecision(10))}${unit}`;
}

/** The report as aligned `key value` lines for a terminal. */
export function formatReport(
  report: ResultReport,
  extra: [string, string][] = [],
  notes: [string, string][] = [],
): string {
  const rows: [string, string][] = [
    ['instance', report.instance],
    ...(report.family ? [['family', report.family] as [string, string]] : []),
    ...extra,
    ['method', report.method],
    ['status', report.status],
    ['objective', formatValue(report.objective)],
    ['bound', formatValue(report.bound)],
    ['gap', report.gap === null ? '-' : report.gap === 0 ? '0%' : `${(report.gap * 100).toPrecision(4)}%`],
    ['feasible', report.feasible ? 'yes' : 'no'],
    ['time', `${report.timeMs.toFixed(0)} ms`],
    ...notes,
  ];
  const width = Math.max(...rows.map(([key]) => key.length));
  const lines = rows.map(([key, value]) => `${key.padEnd(width)}  ${value}`);
  for (const violation of report.violations.slice(0, 20))
    lines.push(`  violated ${violation.constraint}: ${violation.message}`);
  const metrics = Object.entries(report.metrics ?? {});
  if (metrics.length > 0) lines.push('metrics', ...metrics.map(([name, value]) => `  ${name} = ${formatValue(value)}`));
  return `${lines.join('\n')}\n`;
}
