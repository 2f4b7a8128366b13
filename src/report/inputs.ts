/**
 * The inputs of a report: bench reports (`bench --json`, `--report FILE.json`), score reports
 * (`score --json`) and solve/heuristic results (`--json`), told apart by their fields and
 * checked with a schema, so a wrong file fails with its name, the path inside it and what
 * was expected there, before anything is drawn.
 */
import { basename, extname } from 'node:path';
import { z } from 'zod';
import type { BenchReport } from '../bench/types.js';
import type { ResultReport } from '../cli/report.js';
import { inputError, SchedlabError } from '../errors.js';
import { parseWithSchema } from '../family/schema.js';
import type { ScoreReport } from '../oracle/types.js';
import { readTextFile } from '../util/files.js';
import { parseJsonText } from '../util/json-text.js';

/** One input of a report, named as the page shows it (a score report's name is its candidate). */
export type ReportInput =
  | { kind: 'bench'; name: string; report: BenchReport }
  | { kind: 'score'; name: string; report: ScoreReport }
  | { kind: 'result'; name: string; result: ResultReport };

const number = z.number();
const nullableNumber = z.number().nullable();

const benchRowSchema = z.looseObject({
  family: z.string().min(1),
  instance: z.string(),
  folder: z.string(),
  method: z.string().min(1),
  status: z.string(),
  objective: nullableNumber,
  bound: nullableNumber,
  feasible: z.boolean(),
  proven: z.boolean(),
  provenInfeasible: z.boolean().default(false),
  timeMs: number.min(0),
  reference: nullableNumber,
  referenceProven: z.boolean(),
  referenceSource: z.enum(['index.json', 'optimum.csv', 'run']).nullable(),
  deviation: nullableNumber,
  violations: number,
  message: z.string().optional(),
  file: z.string().optional(),
  solution: z.unknown().optional(),
});

const benchReportSchema = z.looseObject({
  created: z.string(),
  families: z.array(z.string()),
  methods: z.array(z.string()),
  timeLimitSec: number,
  seed: number,
  instances: number,
  rows: z.array(benchRowSchema),
  summary: z.array(z.unknown()),
});

const scoreStatus = z.enum(['ok', 'infeasible', 'timeout', 'memory', 'error', 'invalid-output']);

const instanceScoreSchema = z.looseObject({
  instance: z.string(),
  status: scoreStatus,
  objective: nullableNumber,
  reference: nullableNumber,
  referenceProven: z.boolean(),
  gap: nullableNumber,
  score: number.min(0).max(1),
  violations: z.array(z.string()),
  message: z.string().optional(),
  console: z.string().optional(),
});

const scoreReportSchema = z.looseObject({
  family: z.string().min(1),
  skeleton: z.string().nullable(),
  seed: number,
  version: z.string(),
  instances: z.array(instanceScoreSchema),
  summary: z.looseObject({
    instances: number,
    scored: number,
    feasibleShare: number,
    meanGap: nullableNumber,
    combinedScore: number,
    byStatus: z.record(z.string(), number),
  }),
  cascade: z.unknown(),
  openevolve: z.unknown(),
});

const rawModel =
  "expected a family's result (family: 'rcpsp', ...); a raw model's result has no family to draw or compare it with";

const resultSchema = z.looseObject({
  // A raw .mps/.lp model's result has family null: nothing to draw it with or compare it to.
  family: z.string({ error: rawModel }).min(1, rawModel),
  instance: z.string(),
  method: z.string().min(1),
  status: z.string(),
  objective: nullableNumber,
  bound: nullableNumber,
  gap: nullableNumber,
  timeMs: number.min(0),
  feasible: z.boolean(),
  violations: z.array(z.unknown()),
  solution: z.unknown(),
});

const expected =
  'expected a schedlab result: a bench report (`schedlab bench --json` or `--report FILE.json`: { rows, summary, ... }), ' +
  'a score report (`schedlab score --json`: { family, instances, summary, ... }) ' +
  'or a solve/heuristic result (`--json`: { family, instance, method, status, ... })';

function kindOf(json: unknown): ReportInput['kind'] | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return undefined;
  const has = (key: string) => Object.hasOwn(json, key);
  if (has('rows') && has('summary')) return 'bench';
  if (has('instances') && has('summary') && has('openevolve')) return 'score';
  if (has('method') && has('status') && has('instance')) return 'result';
  return undefined;
}

/**
 * A parsed result document as a report input; `name` labels it (a score report's candidate).
 *
 * @example
 * ```ts
 * const input = reportInput(JSON.parse(text), 'greedy-candidate'); // { kind: 'score', ... }
 * ```
 */
export function reportInput(json: unknown, name: string): ReportInput {
  const kind = kindOf(json);
  if (kind === 'bench') return { kind, name, report: parseWithSchema(benchReportSchema, json) as BenchReport };
  if (kind === 'score') return { kind, name, report: parseWithSchema(scoreReportSchema, json) as ScoreReport };
  if (kind === 'result') return { kind, name, result: parseWithSchema(resultSchema, json) as ResultReport };
  throw inputError(`${expected}; this file has none of their fields`, { path: '(root)' });
}

/**
 * Read one result file (JSON) as a report input named after the file; errors name the file.
 *
 * @example
 * ```ts
 * const input = readReportInput('runs/bench-greedy.json'); // { kind: 'bench', name: 'bench-greedy', ... }
 * ```
 */
export function readReportInput(file: string): ReportInput {
  const text = readTextFile(file, 'give the JSON that `bench --json`, `score --json` or `solve --json` wrote');
  try {
    return reportInput(parseJsonText(text, file), basename(file, extname(file)));
  } catch (error) {
    throw error instanceof SchedlabError && !error.location.file ? error.inFile(file) : error;
  }
}
