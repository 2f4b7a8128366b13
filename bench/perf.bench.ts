/**
 * `npm run bench -- perf`: the performance model's prediction for every published training
 * configuration it cites, next to the published figure and the ratio, and for every plan that
 * does not fit under the model, which memory is over. The assumptions behind each plan are in
 * `src/perf/published.ts` and `src/perf/README.md`.
 */
import { estimateTraining, predictPublished, publishedTrainingResults } from '../src/perf/index.js';

function format(metric: string, value: number): string {
  if (metric === 'mfu') return `${(100 * value).toFixed(1)}% MFU`;
  return metric === 'stepTimeS' ? `${value.toFixed(3)} s` : `${value.toFixed(1)} TF/s`;
}

/** Mean and worst |predicted / published - 1| of each source, in its order of appearance. */
function errorsBySource(rows: { source: string; ratio: number }[]): string[] {
  const bySource = new Map<string, number[]>();
  for (const { source, ratio } of rows) bySource.set(source, [...(bySource.get(source) ?? []), Math.abs(ratio - 1)]);
  return [...bySource].map(([source, errors]) => {
    const mean = errors.reduce((a, b) => a + b, 0) / errors.length;
    return `- ${source}: ${errors.length} rows, mean |error| ${(100 * mean).toFixed(2)}%, worst ${(100 * Math.max(...errors)).toFixed(2)}%`;
  });
}

/** Print the table of predicted vs published figures. */
export async function run(_args: string[]): Promise<void> {
  const header = ['source', 'configuration', 'published', 'predicted', 'ratio', 'fits'];
  const rows: string[][] = [];
  const ratios: number[] = [];
  const sources: { source: string; ratio: number }[] = [];
  const overflows: string[] = [];
  for (const row of publishedTrainingResults()) {
    const { predicted, published, ratio } = predictPublished(row);
    const { memory } = estimateTraining(row.plan);
    ratios.push(ratio);
    sources.push({ source: row.source, ratio });
    rows.push([
      row.source,
      row.label,
      format(row.metric, published),
      format(row.metric, predicted),
      ratio.toFixed(3),
      memory.fits ? 'yes' : 'no',
    ]);
    if (memory.overflow) overflows.push(`- ${row.label}: ${memory.overflow}`);
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((r) => (r[column] ?? '').length)));
  const line = (cells: string[]): string => `| ${cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  const logs = ratios.map((r) => Math.abs(Math.log(r)));
  const geoMeanError = Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length) - 1;
  console.log(
    `\n${rows.length} configurations; geometric-mean |error| ${(100 * geoMeanError).toFixed(1)}%, worst ratio ${ratios.reduce((w, r) => (Math.abs(Math.log(r)) > Math.abs(Math.log(w)) ? r : w), 1).toFixed(3)}`,
  );
  console.log(`\nPer source:\n${errorsBySource(sources).join('\n')}`);
  if (overflows.length > 0)
    console.log(
      `\nPlans that do not fit under the model (kept in the table; the prediction ignores the overflow):\n${overflows.join('\n')}`,
    );
}
