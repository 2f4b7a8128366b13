/**
 * `estimate train --plan PLAN.json`: a whole training plan in one file, each field named as its
 * flag is (camelCase: `globalBatch` for `--global-batch`), so that a plan can be kept, diffed and
 * re-run. The file may be the `plan` object that `estimate train --json` prints (its own names
 * `seqLength` and `zeroStage` are read too), that whole output, or a report whose `solution` is a
 * plan (`schedlab solve --json` on a parallel-plan instance). Flags given on the command line
 * override the file; a relative config.json path in the file is read from the file's folder.
 */
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import { inputError, SchedlabError } from '../../errors.js';
import { parseJsonText } from '../../family/instance-file.js';
import { formatPath, parseWithSchema, wholeNumber } from '../../family/schema.js';
import { perfLimits } from '../../perf/limits.js';
import { schedules } from '../../perf/plan.js';
import { readTextFile } from '../../util/files.js';

const count = wholeNumber('a whole number', 1, perfLimits.gpus);
const tokens = wholeNumber('a number of tokens', 1, perfLimits.tokens);
const sequences = wholeNumber('a number of sequences', 1, perfLimits.sequences);
const dimension = wholeNumber('a model dimension', 1, perfLimits.modelDimension);

const planFileSchema = z
  .object({
    model: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    layers: dimension,
    hiddenSize: dimension,
    heads: dimension,
    vocabSize: dimension,
    gpus: count,
    gpu: z.string().min(1),
    cluster: z.string().min(1),
    gpusPerNode: count,
    intraLink: z.string().min(1),
    interLink: z.string().min(1),
    tp: count,
    pp: count,
    dp: count,
    ep: count,
    cp: count,
    sp: z.boolean(),
    seq: tokens,
    seqLength: tokens,
    globalBatch: sequences,
    microBatch: sequences,
    microbatches: sequences,
    schedule: z.enum(schedules as [string, ...string[]]),
    virtualStages: count,
    recompute: z.enum(['none', 'selective', 'full']),
    zero: z.number().int().min(0).max(3),
    zeroStage: z.number().int().min(0).max(3),
    distributedOptimizer: z.boolean(),
    attention: z.enum(['flash', 'materialized']),
    overlapGradReduce: z.boolean(),
    stageLayers: z.array(wholeNumber('a number of layers', 0, perfLimits.modelDimension)).min(1),
  })
  .partial()
  .strict();

/** A plan file's fields, under the flags' names (`seqLength` read as `seq`, `zeroStage` as `zero`). */
export type PlanFileFields = Omit<z.infer<typeof planFileSchema>, 'seqLength' | 'zeroStage' | 'microbatches'> & {
  /** The file's microbatch count, a derived figure checked against the plan rather than used. */
  microbatches?: number;
};

/** The plan object inside a file: the file itself, its `plan`, or its `solution`. */
function planObject(json: unknown): { value: unknown; prefix: string } {
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const record = json as Record<string, unknown>;
    if (typeof record.plan === 'object' && record.plan !== null) return { value: record.plan, prefix: 'plan' };
    if (typeof record.solution === 'object' && record.solution !== null)
      return { value: record.solution, prefix: 'solution' };
  }
  return { value: json, prefix: '' };
}

/** A plan file as read: its fields, and where each (and a missing one) sits in the file. */
export interface PlanFile {
  file: string;
  fields: PlanFileFields;
  /** `plan` or `solution` when the fields sit under that key of the file; empty at its root. */
  prefix: string;
  /** The path of each field the file gives, under its name there (`plan.seqLength` for `seq`). */
  paths: Partial<Record<string, string>>;
}

/**
 * Read a plan file; errors name the file and the field.
 *
 * @example
 * ```ts
 * const { fields } = readPlanFile('plans/llama3-70b.json');
 * fields.tp; // 8
 * ```
 */
export function readPlanFile(file: string): PlanFile {
  try {
    const { value, prefix } = planObject(parseJsonText(readTextFile(file), file));
    const { seqLength, zeroStage, ...fields } = parseWithSchema(planFileSchema, value, prefix);
    const seq = fields.seq ?? seqLength;
    const zero = fields.zero ?? zeroStage;
    const model = typeof fields.model === 'string' ? inFolderOf(file, fields.model) : fields.model;
    const given = Object.keys(value as object).map((key) => [key, formatPath([key], prefix)]);
    const paths = Object.fromEntries(
      given.map(([key, path]) => [{ seqLength: 'seq', zeroStage: 'zero' }[key] ?? key, path]),
    );
    return {
      file,
      prefix,
      paths,
      fields: { ...fields, model, ...(seq === undefined ? {} : { seq }), ...(zero === undefined ? {} : { zero }) },
    };
  } catch (error) {
    throw error instanceof SchedlabError && error.location.file === undefined ? error.inFile(file) : error;
  }
}

/** Where a field sits, or would sit, in the plan file. */
export function planFieldPath(plan: PlanFile, key: string): string {
  return plan.paths[key] ?? formatPath([key], plan.prefix);
}

/** The flags a message names, as plan fields (`--global-batch` → `globalBatch`), in order. */
function fieldsNamed(message: string): string[] {
  return [...message.matchAll(/--([a-z][a-z-]*)/g)].map(([, flag]) =>
    flag.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase()),
  );
}

/**
 * Runs `build` on a plan that the file (partly) gave. An input error that names no file is
 * about the plan: it is refused at the file and the first field the file gave among those
 * the message names (by their flags), else among `about`, else at the plan as a whole. An
 * error about flags typed on the command line only is left as it is.
 *
 * @example
 * ```ts
 * const model = blamePlanFile(plan, typed, ['model'], () => loadModel(flags));
 * ```
 */
export function blamePlanFile<T>(
  plan: PlanFile | undefined,
  typed: (key: string) => boolean,
  about: readonly string[],
  build: () => T,
): T {
  try {
    return build();
  } catch (error) {
    if (!plan || !(error instanceof SchedlabError) || error.kind !== 'input' || error.location.file) throw error;
    const named = fieldsNamed(error.message);
    const fromFile = (key: string) => plan.paths[key] !== undefined && !typed(key);
    const key = named.find(fromFile) ?? about.find(fromFile);
    if (key === undefined && named.some(typed)) throw error;
    const path = key === undefined ? plan.prefix || '(root)' : planFieldPath(plan, key);
    throw inputError(error.message, { file: plan.file, path }, error);
  }
}

/** A config.json path relative to the plan file's folder; a preset name as it is. */
function inFolderOf(file: string, model: string): string {
  if (!model.endsWith('.json') || isAbsolute(model)) return model;
  return join(dirname(file), model);
}
