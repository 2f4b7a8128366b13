/**
 * Coarser periods, exactly: when every period of an instance (durations, release dates,
 * deadlines, the horizon, downtime windows) is a multiple of g, the instance divided by g has
 * the same schedules up to the factor, and the same optimum (a left-justified schedule starts
 * every activity at a sum of those periods, so at a multiple of g). The time-indexed methods
 * (heuristics' profiles, the MIP) then work on horizon/g periods: an instance written in
 * seconds with hour-long activities costs what it would in hours.
 */
import type { ExactMethod, Formulation, Heuristic } from '../../src/family/contract.js';
import type { RcpspInstance, RcpspSolution } from './instance.js';

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Every period of the instance (finite ones only). */
function periodsOf(instance: RcpspInstance): number[] {
  const periods = instance.activities.flatMap((a) => [a.duration, a.release, a.deadline]);
  for (const r of instance.resources) for (const w of r.downtime) periods.push(w.start, w.end);
  if (instance.horizon !== undefined) periods.push(instance.horizon);
  return periods.filter((t) => Number.isFinite(t) && t > 0);
}

/**
 * The largest factor that divides every period of the instance (1 when none does).
 *
 * @example
 * ```ts
 * periodFactor(instanceWithDurations([3_600, 7_200])); // 3600
 * ```
 */
export function periodFactor(instance: RcpspInstance): number {
  return periodsOf(instance).reduce(gcd, 0) || 1;
}

const divide = (t: number, factor: number) => (Number.isFinite(t) ? t / factor : t);

/** The instance with every period divided by `factor` (which must divide them all). */
export function scaledInstance(instance: RcpspInstance, factor: number): RcpspInstance {
  if (factor === 1) return instance;
  return {
    ...instance,
    ...(instance.horizon === undefined ? {} : { horizon: instance.horizon / factor }),
    activities: instance.activities.map((a) => ({
      ...a,
      duration: a.duration / factor,
      release: a.release / factor,
      deadline: divide(a.deadline, factor),
    })),
    resources: instance.resources.map((r) => ({
      ...r,
      downtime: r.downtime.map((w) => ({ ...w, start: w.start / factor, end: w.end / factor })),
    })),
  };
}

const times = (solution: RcpspSolution, factor: number): RcpspSolution =>
  factor === 1 ? solution : { starts: solution.starts.map((s) => s * factor) };

/** A heuristic run on the instance in its coarsest periods, its schedule returned in the instance's. */
export function inCoarsestPeriods(
  heuristic: Heuristic<RcpspInstance, RcpspSolution>,
): Heuristic<RcpspInstance, RcpspSolution> {
  return (instance, context) => {
    const factor = periodFactor(instance);
    return times(heuristic(scaledInstance(instance, factor), context), factor);
  };
}

/** An exact method run on the instance in its coarsest periods (bounds scaled back too). */
export function exactInCoarsestPeriods(
  method: ExactMethod<RcpspInstance, RcpspSolution>,
): ExactMethod<RcpspInstance, RcpspSolution> {
  return {
    async solve(instance, options) {
      const factor = periodFactor(instance);
      const answer = await method.solve(scaledInstance(instance, factor), options);
      const unit = `every period of the instance is a multiple of ${factor}: solved in units of ${factor} periods`;
      return {
        ...answer,
        ...(answer.report && factor > 1 ? { report: [unit, ...answer.report] } : {}),
        solution: answer.solution === undefined ? undefined : times(answer.solution, factor),
        ...(answer.bound === undefined ? {} : { bound: answer.bound * factor }),
      };
    },
  };
}

/** A formulation of the scaled instance whose decode and encode speak the instance's periods. */
export function formulationInPeriods<F extends Formulation<RcpspSolution>>(formulation: F, factor: number): F {
  if (factor === 1) return formulation;
  const encode = formulation.encode;
  return {
    ...formulation,
    decode: (values: Float64Array) => times(formulation.decode(values), factor),
    ...(encode ? { encode: (solution: RcpspSolution) => encode(times(solution, 1 / factor)) } : {}),
  };
}
