/**
 * The schedule views of a report: for each run that kept its solution, the instance is
 * found again (re-read from the file its bench row names, or among instances the caller
 * hands in) and the family draws it: its `reportView`, or else its SVG renderer as an
 * `svg` view. A run whose instance or solution cannot be used gets no view and a note;
 * the rest of the report does not depend on it.
 */
import type { BenchInstance } from '../bench/types.js';
import type { AnyFamily } from '../family/contract.js';
import { readInstanceText } from '../family/instance-file.js';
import type { ReportView } from '../family/report-view.js';
import { readTextFile } from '../util/files.js';
import type { DraftRun } from './runs.js';

/** Draws one solution of a family's instance, or says why it cannot. */
export function solutionView(family: AnyFamily, instance: unknown, solutionJson: unknown): ReportView {
  const solution = family.parseSolution(instance, solutionJson);
  if (family.reportView) return family.reportView(instance, solution);
  if (family.renderSvg) return { kind: 'svg', title: family.title, svg: family.renderSvg(instance, solution) };
  throw new Error(`the family ${family.id} draws no schedules (neither reportView nor renderSvg)`);
}

/** Finds instances by family and name: in the given ones, then in the files bench rows name (each read once). */
class InstanceFinder {
  private readonly files = new Map<string, Map<string, unknown>>();
  private readonly given = new Map<string, unknown>();

  constructor(instances: readonly BenchInstance[]) {
    for (const item of instances) this.given.set(`${item.family.id}\u0000${item.name}`, item.instance);
  }

  async find(family: AnyFamily, name: string, file: string | undefined): Promise<unknown> {
    const given = this.given.get(`${family.id}\u0000${name}`);
    if (given !== undefined) return given;
    if (file === undefined) throw new Error('no instance file recorded; pass the instances with --instances');
    let byName = this.files.get(file);
    if (!byName) {
      const loaded = await readInstanceText(readTextFile(file), file, family.id);
      byName = new Map(loaded.map((item) => [item.name, item.instance]));
      this.files.set(file, byName);
    }
    if (!byName.has(name)) throw new Error(`${file} holds no instance named ${name}`);
    return byName.get(name);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error && 'describe' in error && typeof error.describe === 'function') return error.describe();
  return error instanceof Error ? error.message : String(error);
}

/**
 * Draws every run that kept a solution; sets `run.view` to the index of its view.
 * Returns the views and one note per kind of failure (with how many runs it hit).
 *
 * @example
 * ```ts
 * const { views } = await attachViews(drafts, families, bundled); // drafts[k].run.view indexes views
 * ```
 */
export async function attachViews(
  drafts: readonly DraftRun[],
  families: ReadonlyMap<string, AnyFamily>,
  instances: readonly BenchInstance[] = [],
): Promise<{ views: ReportView[]; notes: string[] }> {
  const finder = new InstanceFinder(instances);
  const views: ReportView[] = [];
  const failures = new Map<string, number>();
  for (const draft of drafts) {
    const family = families.get(draft.run.family);
    if (draft.solution === undefined || !family) continue;
    try {
      const instance = await finder.find(family, draft.run.instance, draft.file);
      views.push(solutionView(family, instance, draft.solution));
      draft.run.view = views.length - 1;
    } catch (error) {
      const reason = `${draft.run.family}: no schedule: ${errorText(error)}`;
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
  }
  const notes = [...failures].map(([reason, count]) => (count > 1 ? `${reason} (${count} runs)` : reason));
  return { views, notes };
}
