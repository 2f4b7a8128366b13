/** `model.stats()` and a readable listing of small models. */
import type { Model } from './model.js';

export interface ModelStats {
  variables: number;
  continuous: number;
  integer: number;
  binary: number;
  constraints: number;
  nonzeros: number;
  /** Smallest and largest |coefficient| in the matrix (NaN when it is empty). */
  coefficientRange: [number, number];
}

/**
 * Counts by type, nonzeros and the coefficient range: what to look at first when a
 * model solves slowly (a range over 1e6 hints at a big-M that is too big).
 *
 * @example
 * ```ts
 * modelStats(model).nonzeros;
 * ```
 */
export function modelStats(model: Model): ModelStats {
  const counts = [0, 0, 0];
  for (let j = 0; j < model.numVars; j++) counts[model.colType.get(j)]++;
  let smallest = Infinity;
  let largest = 0;
  for (let k = 0; k < model.rows.nonzeros; k++) {
    const size = Math.abs(model.rows.value.get(k));
    smallest = Math.min(smallest, size);
    largest = Math.max(largest, size);
  }
  const empty = model.rows.nonzeros === 0;
  return {
    variables: model.numVars,
    continuous: counts[0],
    integer: counts[1],
    binary: counts[2],
    constraints: model.numConstraints,
    nonzeros: model.rows.nonzeros,
    coefficientRange: empty ? [Number.NaN, Number.NaN] : [smallest, largest],
  };
}

function formatTerms(
  model: Model,
  start: number,
  end: number,
  coefAt: (k: number) => number,
  colAt: (k: number) => number,
): string {
  const parts: string[] = [];
  for (let k = start; k < end; k++) {
    const coef = coefAt(k);
    const sign = coef < 0 ? '-' : '+';
    const size = Math.abs(coef) === 1 ? '' : `${Math.abs(coef)} `;
    parts.push(`${parts.length === 0 && sign === '+' ? '' : `${sign} `}${size}${model.variableName(colAt(k))}`);
  }
  return parts.length === 0 ? '0' : parts.join(' ');
}

function formatRow(model: Model, i: number): string {
  const rows = model.rows;
  const terms = formatTerms(
    model,
    rows.rowStart.get(i),
    rows.rowStart.get(i + 1),
    (k) => rows.value.get(k),
    (k) => rows.colIndex.get(k),
  );
  const lower = rows.lower.get(i);
  const upper = rows.upper.get(i);
  if (lower === upper) return `${terms} == ${lower}`;
  if (lower === -Infinity) return `${terms} <= ${upper}`;
  if (upper === Infinity) return `${terms} >= ${lower}`;
  return `${lower} <= ${terms} <= ${upper}`;
}

function formatVariable(model: Model, j: number): string {
  const type = ['', ' integer', ' binary'][model.colType.get(j)];
  return `  ${model.colLower.get(j)} <= ${model.variableName(j)} <= ${model.colUpper.get(j)}${type}`;
}

/**
 * The model written out as math, for small models (up to `maxRows` rows are listed).
 *
 * @example
 * ```ts
 * console.log(describeModel(model));
 * // max 4 take(a) + 5 take(b) ...
 * ```
 */
export function describeModel(model: Model, maxRows = 50): string {
  const merged = new Map<number, number>();
  model.objective.vars.forEach((column, k) => merged.set(column, (merged.get(column) ?? 0) + model.objective.coefs[k]));
  const terms = [...merged].filter(([, coef]) => coef !== 0);
  const objectiveText = formatTerms(
    model,
    0,
    terms.length,
    (k) => terms[k][1],
    (k) => terms[k][0],
  );
  const value = model.objective.constant;
  const constant = value === 0 ? '' : objectiveText === '0' ? '' : ` ${value < 0 ? '-' : '+'} ${Math.abs(value)}`;
  const shown = objectiveText === '0' && value !== 0 ? String(value) : `${objectiveText}${constant}`;
  const lines = [`${model.sense} ${shown}`, 'subject to'];
  for (let i = 0; i < Math.min(model.numConstraints, maxRows); i++)
    lines.push(`  ${model.constraintName(i)}: ${formatRow(model, i)}`);
  if (model.numConstraints > maxRows) lines.push(`  ... ${model.numConstraints - maxRows} more constraints`);
  lines.push('bounds');
  for (let j = 0; j < Math.min(model.numVars, maxRows); j++) lines.push(formatVariable(model, j));
  if (model.numVars > maxRows) lines.push(`  ... ${model.numVars - maxRows} more variables`);
  return lines.join('\n');
}
