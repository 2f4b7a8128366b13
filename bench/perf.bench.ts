/**
 * `npm run bench -- perf`: the performance model's prediction for every published training
 * configuration it cites, next to the published figure and the ratio, and for every plan that
 * does not fit under the model, which memory is over. The assumptions behind each plan are in
 * `src/perf/published.ts` and `src/perf/README.md`.
 */
import { estimateTraining, predictPublished, publishedTrainingResults } from '../src/perf/index.js';

function format(metric: string, value: number): string {
  return metric === 'mfu' ? `${(100 * value).toFixed(1)}% MFU` : `${value.toFixed(1)} TF/s`;
}

/** Print the table of predicted vs published figures. */
export async function run(_args: string[]): Promise<void> {
  const header = ['source', 'configuration', 'published', 'predicted', 'ratio', 'fits'];
  const rows: string[][] = [];
  const ratios: number[] = [];
  const overflows: string[] = [];
  for (const row of publishedTrainingResults()) {
    const { predicted, published, ratio } = predictPublished(row);
    const { memory } = estimateTraining(row.plan);
    ratios.push(ratio);
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
  if (overflows.length > 0)
    console.log(
      `\nPlans that do not fit under the model (kept in the table; the prediction ignores the overflow):\n${overflows.join('\n')}`,
    );
}
