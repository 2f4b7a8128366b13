/**
 * Piecewise-linear function y ~ f(x) through breakpoints (x_0, y_0) ... (x_n, y_n).
 *
 * - relation '>=' with convex f (slopes non-decreasing), or '<=' with concave f:
 *   an epigraph (hypograph): one row per segment, y >= y_k + s_k (x - x_k); pure LP.
 * - every other case: the lambda (convex-combination) formulation with binaries,
 *   x = sum λ_i x_i,  y (rel) sum λ_i y_i,  sum λ_i = 1,  λ_i >= 0,
 *   one binary z_s per segment, sum z_s = 1, and λ_i <= z_{i-1} + z_i so that only the
 *   two ends of the chosen segment are non-zero (SOS2 written with binaries).
 * x is always restricted to [x_0, x_n].
 */
import { modelError } from '../../errors.js';
import { LinExpr, sum, type Var } from '../expression.js';
import type { Model } from '../model.js';

export interface PiecewiseOptions {
  /** y == f(x) (default), y >= f(x) or y <= f(x). */
  relation?: '==' | '>=' | '<=';
  name?: string;
}

function slopesOf(points: readonly (readonly [number, number])[], name: string): number[] {
  if (points.length < 2) throw modelError(`piecewise '${name}' needs at least two breakpoints, got ${points.length}`);
  const slopes: number[] = [];
  for (let k = 0; k < points.length; k++) {
    const [x, y] = points[k];
    if (!Number.isFinite(x) || !Number.isFinite(y))
      throw modelError(`piecewise '${name}': breakpoint ${k} (${x}, ${y}) is not finite`);
    if (k === 0) continue;
    const [previousX, previousY] = points[k - 1];
    if (!(x > previousX))
      throw modelError(
        `piecewise '${name}': breakpoint x values must increase strictly; x_${k} = ${x} follows ${previousX}`,
      );
    slopes.push((y - previousY) / (x - previousX));
  }
  return slopes;
}

const isMonotone = (values: number[], sign: 1 | -1) =>
  values.every((v, k) => k === 0 || sign * (v - values[k - 1]) >= -1e-12);

/**
 * A variable y tied to f(x) for the breakpoints `points`.
 *
 * @example
 * ```ts
 * // Convex cost of a load x in [0, 10]: y >= f(x), an LP.
 * const cost = piecewise(model, load, [[0, 0], [5, 5], [10, 20]], { relation: '>=', name: 'cost' });
 * model.minimize(cost);
 * ```
 */
export function piecewise(
  model: Model,
  x: Var,
  points: readonly (readonly [number, number])[],
  options: PiecewiseOptions = {},
): Var {
  const relation = options.relation ?? '==';
  const name = options.name ?? `pwl${model.numVars}`;
  const slopes = slopesOf(points, name);
  const ys = points.map(([, y]) => y);
  const y = model.addVar({
    name,
    lb: relation === '<=' ? -Infinity : Math.min(...ys),
    ub: relation === '>=' ? Infinity : Math.max(...ys),
  });
  model.addConstraint(LinExpr.of(x).between(points[0][0], points[points.length - 1][0]), `${name}.domain`);
  if ((relation === '>=' && isMonotone(slopes, 1)) || (relation === '<=' && isMonotone(slopes, -1))) {
    addEpigraph(model, x, y, points, slopes, relation, name);
  } else {
    addLambda(model, x, y, points, relation, name);
  }
  return y;
}

function addEpigraph(
  model: Model,
  x: Var,
  y: Var,
  points: readonly (readonly [number, number])[],
  slopes: number[],
  relation: '>=' | '<=',
  name: string,
): void {
  slopes.forEach((slope, k) => {
    const [xk, yk] = points[k];
    const line = new LinExpr().add(x, slope).add(yk - slope * xk);
    model.addConstraint(relation === '>=' ? y.ge(line) : y.le(line), `${name}.segment${k}`);
  });
}

function addLambda(
  model: Model,
  x: Var,
  y: Var,
  points: readonly (readonly [number, number])[],
  relation: '==' | '>=' | '<=',
  name: string,
): void {
  const n = points.length;
  const lambda = model.addVars(`${name}.lambda`, [points.map((_, i) => i)], { lb: 0, ub: 1 });
  const segment = model.addVars(`${name}.segment`, [points.slice(1).map((_, s) => s)], { type: 'binary' });
  const weights = [...lambda];
  const xSum = new LinExpr();
  const ySum = new LinExpr();
  weights.forEach((weight, i) => {
    xSum.add(weight, points[i][0]);
    ySum.add(weight, points[i][1]);
  });
  model.addConstraint(LinExpr.of(x).eq(xSum), `${name}.x`);
  const yRow = relation === '==' ? y.eq(ySum) : relation === '>=' ? y.ge(ySum) : y.le(ySum);
  model.addConstraint(yRow, `${name}.y`);
  model.addConstraint(sum(weights).eq(1), `${name}.convexity`);
  model.addConstraint(sum([...segment]).eq(1), `${name}.choose`);
  for (let i = 0; i < n; i++) {
    const neighbours = new LinExpr();
    if (i > 0) neighbours.add(segment.get(i - 1));
    if (i < n - 1) neighbours.add(segment.get(i));
    model.addConstraint(weights[i].le(neighbours), `${name}.adjacent${i}`);
  }
}
