/**
 * From report inputs to the page's data (`ReportData`): the merged runs, the summary per
 * family and method, the curves per family, the oracle section and the schedule views.
 * Everything the page shows is computed here, in Node, where it is tested; the browser
 * only draws and sorts.
 */
import { summarizeMethod } from '../bench/summary.js';
import type { BenchInstance } from '../bench/types.js';
import type { AnyFamily } from '../family/contract.js';
import { getFamily } from '../family/registry.js';
import type { ReportInput } from './inputs.js';
import { oracleSection } from './oracle.js';
import { groupBy, performanceProfile, profileMaxTau, profileNote, solvedOverTime } from './profile.js';
import { type DraftRun, draftRuns, fillReferences, separateClashingMethods } from './runs.js';
import type { ReportData, ReportFamily, ReportRun, ReportSource, ReportSummaryRow } from './types.js';
import { attachViews } from './views.js';

export interface ReportOptions {
  /** The page's title; default 'schedlab report'. */
  title?: string;
  /** Instances to draw solutions on when a run names no instance file (solve/heuristic results). */
  instances?: readonly BenchInstance[];
  /** The creation time shown on the page; default now. */
  created?: Date;
  /** The most schedules the page embeds, the best run of each instance first (default: all). */
  maxViews?: number;
}

function sourceOf(input: ReportInput): ReportSource {
  const created = input.kind === 'bench' ? input.report.created : null;
  return { name: input.name, kind: input.kind, created };
}

function familySection(family: AnyFamily, runs: readonly ReportRun[]): ReportFamily {
  const profile = performanceProfile(runs, family.sense);
  return {
    id: family.id,
    title: family.title,
    sense: family.sense,
    unit: family.objectiveUnit,
    instances: new Set(runs.map((run) => run.instance)).size,
    methods: [...new Set(runs.map((run) => run.method))],
    profile,
    profileMaxTau: profileMaxTau(profile),
    profileNote: profileNote(runs, family.sense),
    solvedOverTime: solvedOverTime(runs),
  };
}

function summaryRows(byFamily: ReadonlyMap<string, ReportRun[]>): ReportSummaryRow[] {
  return [...byFamily].flatMap(([family, runs]) =>
    [...groupBy(runs, (run) => run.method)].map(([method, own]) => ({ family, ...summarizeMethod(method, own) })),
  );
}

async function familiesOf(drafts: readonly DraftRun[]): Promise<Map<string, AnyFamily>> {
  const ids = [...new Set(drafts.map((draft) => draft.run.family))];
  return new Map(await Promise.all(ids.map(async (id) => [id, await getFamily(id)] as const)));
}

/** Input names made unique (two `bench.json` files from different folders become `bench`, `bench #2`). */
function uniqueNames(inputs: readonly ReportInput[]): ReportInput[] {
  const seen = new Map<string, number>();
  return inputs.map((input) => {
    const count = (seen.get(input.name) ?? 0) + 1;
    seen.set(input.name, count);
    return count === 1 ? input : { ...input, name: `${input.name} #${count}` };
  });
}

/**
 * The data of a report page over bench reports, score reports and solve/heuristic results.
 *
 * @example
 * ```ts
 * const data = await buildReportData([readReportInput('bench.json')]);
 * data.summary; // one row per family and method
 * ```
 */
export async function buildReportData(
  inputs: readonly ReportInput[],
  options: ReportOptions = {},
): Promise<ReportData> {
  const named = uniqueNames(inputs);
  const drafts = draftRuns(named);
  const families = await familiesOf(drafts);
  const senseOf = (id: string) => families.get(id)?.sense ?? 'min';
  const notes = separateClashingMethods(drafts);
  fillReferences(drafts, senseOf);
  const { views, notes: viewNotes } = await attachViews(drafts, families, {
    ...(options.instances ? { instances: options.instances } : {}),
    ...(options.maxViews === undefined ? {} : { maxViews: options.maxViews }),
  });
  const runs = drafts.map((draft) => draft.run);
  const byFamily = groupBy(runs, (run) => run.family);
  return {
    title: options.title ?? 'schedlab report',
    created: (options.created ?? new Date()).toISOString(),
    sources: named.map(sourceOf),
    families: [...byFamily].map(([id, own]) => familySection(families.get(id) as AnyFamily, own)),
    summary: summaryRows(byFamily),
    runs,
    views,
    oracle: oracleSection(named),
    notes: [...notes, ...viewNotes],
  };
}
