/**
 * The report page (`schedlab report`): bench reports, score reports and solve/heuristic
 * results in, one self-contained offline HTML file out.
 *
 * @example
 * ```ts
 * import { readReportInput, buildReportData, reportHtml } from 'schedlab';
 * const data = await buildReportData([readReportInput('bench-greedy.json'), readReportInput('bench-mip.json')]);
 * writeFileSync('report.html', reportHtml(data));
 * ```
 */
import { writeFileAtomic } from '../util/files.js';
import { buildReportData, type ReportOptions } from './data.js';
import { reportHtml } from './html.js';
import type { ReportInput } from './inputs.js';

export { buildReportData, type ReportOptions } from './data.js';
export { reportHtml } from './html.js';
export { viewsOfPage } from './view-chunks.js';
export { readReportInput, reportInput, type ReportInput } from './inputs.js';
export { performanceProfile, performanceRatio, solvedOverTime } from './profile.js';
export type * from './types.js';

/**
 * Build the page over `inputs` and write it to `file` (through a temporary file: never half a page).
 *
 * @example
 * ```ts
 * await writeReport([{ kind: 'bench', name: 'bench', report }], 'report.html');
 * ```
 */
export async function writeReport(
  inputs: readonly ReportInput[],
  file: string,
  options: ReportOptions = {},
): Promise<void> {
  writeFileAtomic(file, reportHtml(await buildReportData(inputs, options)));
}
