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
 * The page draws every schedule unless told otherwise: the views travel compressed and are
 * decoded only when shown (`view-chunks.ts`), so they cost file size and build time, not
 * opening time.
 */
export const defaultMaxViews = Number.POSITIVE_INFINITY;

/**
 * The runs to draw, best first: per instance its best feasible run with a solution (so
 * that every instance has a schedule while the budget lasts), then the other runs.
 */
function drawingOrder(drafts: readonly DraftRun[], senseOf: (family: string) => 'min' | 'max'): DraftRun[] {
  const kept = drafts.filter((draft) => draft.solution !== undefined);
  const best = new Map<string, DraftRun>();
  for (const draft of kept) {
    const key = `${draft.run.family}\u0000${draft.run.instance}`;
    const current = best.get(key);
    if (!current || isBetterRun(draft.run, current.run, senseOf(draft.run.family))) best.set(key, draft);
  }
  const first = new Set(best.values());
  return [...first, ...kept.filter((draft) => !first.has(draft))];
}

function isBetterRun(a: DraftRun['run'], b: DraftRun['run'], sense: 'min' | 'max'): boolean {
  if (a.feasible !== b.feasible) return a.feasible;
  if (a.objective === null || b.objective === null) return b.objective === null && a.objective !== null;
  return sense === 'min' ? a.objective < b.objective : a.objective > b.objective;
}

/**
 * Draws the runs that kept a solution, all of them or at most `maxViews` (the best run of each
 * instance first); sets `run.view` to the index of its view. Returns the views and one note
 * per kind of failure (with how many runs it hit), and one for the runs left undrawn.
 *
 * @example
 * ```ts
 * const { views } = await attachViews(drafts, families, { instances: bundled }); // drafts[k].run.view indexes views
 * ```
 */
export async function attachViews(
  drafts: readonly DraftRun[],
  families: ReadonlyMap<string, AnyFamily>,
  options: { instances?: readonly BenchInstance[]; maxViews?: number } = {},
): Promise<{ views: ReportView[]; notes: string[] }> {
  const finder = new InstanceFinder(options.instances ?? []);
  const maxViews = options.maxViews ?? defaultMaxViews;
  const views: ReportView[] = [];
  const failures = new Map<string, number>();
  const order = drawingOrder(drafts, (id) => families.get(id)?.sense ?? 'min');
  for (const draft of order.slice(0, maxViews)) {
    const family = families.get(draft.run.family);
    if (!family) continue;
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
  const left = order.length - Math.min(order.length, maxViews);
  if (left > 0)
    notes.push(
      `${left} more runs kept a solution but are not drawn: the page draws at most ${maxViews} schedules, the best run of each instance first (--max-views)`,
    );
  return { views, notes };
}
