/**
 * Model → CanonicalModel. The rows are already CSR, so compiling only takes views of
 * the growable arrays (no copy: a model only ever appends, so a view stays a valid
 * snapshot) and adds the objective into a dense cost vector.
 */
import type { CanonicalModel } from '../canonical/canonical-model.js';
import { LazyNames } from '../canonical/names.js';
import type { Model } from './model.js';

/**
 * Compile a model for the backends and file writers.
 *
 * @example
 * ```ts
 * const canonical = compile(model);
 * canonical.numRows;   // number of constraints
 * ```
 */
export function compile(model: Model): CanonicalModel {
  const numCols = model.numVars;
  const numRows = model.numConstraints;
  const colCost = new Float64Array(numCols);
  model.objective.addToDense(colCost);
  const colNames = new LazyNames(numCols, (j) => model.variableName(j));
  const rowNames = new LazyNames(numRows, (i) => model.constraintName(i));
  return {
    name: model.name,
    sense: model.sense,
    objectiveConstant: model.objective.constant,
    objectiveName: 'obj',
    numCols,
    numRows,
    colCost,
    colLower: model.colLower.view(),
    colUpper: model.colUpper.view(),
    colInteger: model.colInteger.view(),
    rowLower: model.rows.lower.view(),
    rowUpper: model.rows.upper.view(),
    rowStart: model.rows.rowStart.view(),
    colIndex: model.rows.colIndex.view(),
    value: model.rows.value.view(),
    colName: (j) => colNames.get(j),
    rowName: (i) => rowNames.get(i),
  };
}
