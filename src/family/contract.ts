/**
 * The Family contract (DESIGN.md): one per problem, in `models/<family>/index.ts`.
 * Everything meets at `evaluate`, so a MIP answer and a heuristic answer are always
 * scored by the same code, which never calls the formulation.
 */
import type { Model } from '../dsl/model.js';
import type { ModelSize } from './model-budget.js';
import type { ReportView } from './report-view.js';

/** A broken rule: which rule, which entities, and a sentence a person can act on. */
export interface Violation {
  constraint: string;
  entities: (string | number)[];
  message: string;
}

/** The verdict of a family's independent evaluator on one solution. */
export interface Evaluation {
  feasible: boolean;
  /** The objective in the family's unit (e.g. makespan in periods); NaN when it cannot be computed. */
  objective: number;
  violations: Violation[];
  /** Further figures (lower bounds, idle share, peak memory, ...). */
  metrics: Record<string, number>;
}

/** What every heuristic gets: a seeded random source and a wall-clock deadline (ms since epoch, Date.now() scale). */
export interface HeuristicContext {
  rng(): number;
  deadline: number;
}

/** A pure, synchronous function of the instance and a seeded random source. */
export type Heuristic<I, S> = (instance: I, context: HeuristicContext) => S;

/**
 * A non-MIP exact method (DP, branch and bound, enumeration). `proven` with a solution
 * claims it optimal, `proven` without one claims there is none; the framework checks the
 * solution with `evaluate` and ignores an optimality claim on an instance for which
 * `optimizesObjective` is false.
 */
export interface ExactMethod<I, S> {
  solve(instance: I, options: { timeLimitSec?: number }): Promise<ExactAnswer<S>>;
}

/** What an exact method found, and optionally how (the CLI prints `report` and adds it to `--json`). */
export interface ExactAnswer<S> {
  solution: S | undefined;
  /** True when `solution` is optimal for the evaluator's objective (or, without one, no solution exists). */
  proven: boolean;
  bound?: number;
  /** Lines that say how the answer was reached, e.g. one per priority tier with what was proven. */
  report?: string[];
}

/** A writer of solutions in a native format (e.g. Kubernetes Binding/Eviction objects), chosen by `--out FILE.ext`. */
export interface SolutionWriter<I, S> {
  /** File endings without the dot, e.g. ['yaml', 'yml']. */
  extensions: string[];
  write(instance: I, solution: S): string;
}

/** Named sizes and any family-specific knobs; a size picks sensible defaults. */
export interface GenerateParams {
  size?: 'small' | 'medium' | 'large';
  [knob: string]: unknown;
}

/** The MIP of an instance, with the map from its variable values back to a solution. */
export interface Formulation<S> {
  model: Model;
  decode(values: Float64Array): S;
  /** Solution → variable values, for warm starts. */
  encode?(solution: S): Float64Array | undefined;
  /**
   * False when the model's numerics are beyond what a solver's tolerances certify (e.g.
   * objective weights spanning many orders of magnitude): a solver's 'optimal' and its bound
   * then prove nothing, and only the family's own bound can. Absent means true.
   */
  provable?: boolean;
  /** Native options that suit this model, per backend (e.g. `{ highs: { ... } }`); the caller's own win. */
  solverOptions?: Record<string, Record<string, number | string | boolean>>;
}

export interface Family<I, S> {
  id: string;
  title: string;
  sense: 'min' | 'max';
  objectiveUnit: string;
  /** Schema-validated; errors are SchedlabError 'input' naming the path inside `json`. */
  parse(json: unknown): I;
  /** The instance as JSON `data` (what `parse` reads back). */
  serialize(instance: I): unknown;
  /** Native formats by name (e.g. 'psplib' for `.sm`): text → instances. */
  readers: Record<string, NativeReader<I>>;
  /** Schema-validated solution JSON → solution; errors name the path (`solution.starts.a3`). */
  parseSolution(instance: I, json: unknown): S;
  /** The solution as JSON (what `parseSolution` reads back; the `solution` of the CLI's report). */
  serializeSolution(instance: I, solution: S): unknown;
  generate(params: GenerateParams, seed: number): I;
  /** The MIP; `incumbent` (a heuristic's solution) may set horizons and big-Ms and is the warm start. */
  formulate(instance: I, options?: FormulateOptions<S>): Formulation<S>;
  /**
   * The size `formulate` would build, estimated cheaply beforehand (an upper estimate is
   * fine): `solveWithMip` refuses a model too large for memory and skips one whose build
   * would outlast the time limit (`model-budget.ts`). Absent means the model is always small.
   */
  modelSize?(instance: I, options?: FormulateOptions<S>): ModelSize;
  /** At least two baselines; 'default' names the best. */
  heuristics: Record<string, Heuristic<I, S>>;
  exact?: Record<string, ExactMethod<I, S>>;
  evaluate(instance: I, solution: S): Evaluation;
  /**
   * False when this instance asks only for a feasible solution (e.g. an RCPSP instance with
   * `"objective": "feasibility"`), so no method optimizes the evaluator's objective: a
   * solver's 'optimal' then proves feasibility only, and every method reports no bound, no
   * gap and never a proven optimum. Absent means true.
   */
  optimizesObjective?(instance: I): boolean;
  /**
   * The method `solve` runs on this instance when the user names none: the name of the
   * family's strongest exact method for it (RCPSP: 'branch-and-bound' for the classic
   * problem, 'mip-descent' when extensions are present), or 'mip'. Absent means the MIP.
   */
  strongestMethod?(instance: I): string;
  /** An optimistic bound on the objective: a lower bound for 'min' families, an upper bound for 'max'. */
  lowerBound?(instance: I): number;
  /** A picture of a solution (Gantt chart, placement map) as standalone SVG. */
  renderSvg?(instance: I, solution: S): string;
  /** Native output formats of solutions, by name; `--out FILE` uses the one whose extension FILE has (JSON otherwise). */
  solutionWriters?: Record<string, SolutionWriter<I, S>>;
  /** The solution's run as Chrome trace-event JSON text (chrome://tracing, Perfetto): what `--trace FILE` writes. */
  renderTrace?(instance: I, solution: S): string;
  /** What the report page draws for a solution (`schedlab report`): a chart kind and its data. */
  reportView?(instance: I, solution: S): ReportView;
  /**
   * Constructive methods that call an outside candidate for one decision (FunSearch style), by
   * name; `schedlab score FAMILY CANDIDATE.js --skeleton NAME` runs them in the oracle's sandbox.
   */
  skeletons?: Record<string, Skeleton>;
}

/**
 * A family's constructive method with one decision left to a candidate (a priority or score
 * function). The whole method runs inside the oracle's sandbox next to the candidate, so
 * that its many calls never cross the sandbox boundary.
 */
export interface Skeleton {
  /** One sentence: what the method builds and which decision the candidate makes. */
  description: string;
  /** The candidate's signature and what each argument holds, e.g. `priority(activity, state) => number`. */
  signature: string;
  /**
   * Plain JavaScript, no imports: a function expression `(data, decide, ctx, invalid) => solutionJson`
   * that builds the family's solution JSON from its instance JSON, calling `decide` (the
   * candidate) for each decision. It must check what `decide` returns and call
   * `invalid(message)` naming the call when it is not a finite number (status 'invalid-output').
   */
  source: string;
  /** A candidate module for this skeleton (the family's usual rule), for docs and tests. */
  example: string;
}

/** A native file format of a family. */
export interface NativeReader<I> {
  /** File name endings without the dot, e.g. `['sm']` or `['hf.json']`; the longest match wins. */
  extensions: string[];
  read(text: string): I[];
  /** For `.json` files that are not schedlab instances: true when this reader takes the document (e.g. a Kubernetes `List`). */
  accepts?(json: unknown): boolean;
}

export interface FormulateOptions<S> {
  /** A known solution: bounds the horizon and warm-starts the solver. */
  incumbent?: S;
}

/** A family with its types erased, as the registry and CLI hold it. */
// biome-ignore lint/suspicious/noExplicitAny: the registry holds families of every instance and solution type.
export type AnyFamily = Family<any, any>;
