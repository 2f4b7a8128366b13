/**
 * The growing model an MPS reader fills in, section by section, and its conversion to a
 * `CanonicalModel` once ENDATA is reached. Kept apart from the line parsing so that the
 * conventions (default bounds, RHS on the objective, RANGES by row type) sit in one place.
 */
import { canonicalModel } from '../canonical/build.js';
import type { CanonicalModel, ObjectiveSense } from '../canonical/canonical-model.js';
import { errorAt, impossibleBound, triplesToCsr } from './shared.js';

/** Row index stored for the objective row and for later N rows, which readers ignore. */
export const OBJECTIVE_ROW = -1;
export const IGNORED_ROW = -2;

export type RowType = 'L' | 'G' | 'E';

export class MpsState {
  name = '';
  sense: ObjectiveSense = 'min';
  objectiveName: string | undefined;
  objectiveConstant = 0;
  readonly rowIndex = new Map<string, number>();
  readonly rowNames: string[] = [];
  readonly rowTypes: RowType[] = [];
  readonly rhs: number[] = [];
  readonly ranges: number[] = [];
  /** The line of the RHS or RANGES entry that last set each row's bounds (0: none). */
  readonly boundLine: number[] = [];
  readonly colIndex = new Map<string, number>();
  readonly colNames: string[] = [];
  readonly colCost: number[] = [];
  readonly costLine: number[] = [];
  readonly colLower: number[] = [];
  readonly colUpper: number[] = [];
  readonly colInteger: number[] = [];
  /** Column was declared between INTORG and INTEND markers. */
  readonly inMarker: boolean[] = [];
  /** A BOUNDS line set the lower bound (decides the negative-UP convention). */
  readonly lowerSet: boolean[] = [];
  /** Any BOUNDS line touched the column (decides the marker default [0, 1]). */
  readonly boundsSeen: boolean[] = [];
  readonly entryRow: number[] = [];
  readonly entryCol: number[] = [];
  readonly entryValue: number[] = [];
  readonly entryLine: number[] = [];

  constructor(readonly fileName: string | undefined) {}

  addRow(type: string, name: string, line: number): void {
    if (this.rowIndex.has(name)) throw errorAt(`row '${name}' is declared twice`, line, this.fileName);
    if (type === 'N') {
      // The first N row is the objective; later ones are free rows that readers drop.
      const isObjective = this.objectiveName === undefined;
      if (isObjective) this.objectiveName = name;
      this.rowIndex.set(name, isObjective ? OBJECTIVE_ROW : IGNORED_ROW);
      return;
    }
    this.rowIndex.set(name, this.rowNames.length);
    this.rowNames.push(name);
    this.rowTypes.push(type as RowType);
    this.rhs.push(0);
    this.ranges.push(NaN);
    this.boundLine.push(line);
  }

  /** The index of a column, created on first sight in COLUMNS. */
  column(name: string, integer: boolean): number {
    let j = this.colIndex.get(name);
    if (j !== undefined) return j;
    j = this.colNames.length;
    this.colIndex.set(name, j);
    this.colNames.push(name);
    this.colCost.push(0);
    this.costLine.push(0);
    this.colLower.push(0);
    this.colUpper.push(Infinity);
    this.colInteger.push(integer ? 1 : 0);
    this.inMarker.push(integer);
    this.lowerSet.push(false);
    this.boundsSeen.push(false);
    return j;
  }

  addEntry(col: number, row: number, value: number, line: number): void {
    if (row === IGNORED_ROW) return;
    if (row === OBJECTIVE_ROW) {
      if (this.costLine[col] !== 0) {
        throw errorAt(
          `column '${this.colNames[col]}' has a second objective coefficient (first on line ${this.costLine[col]})`,
          line,
          this.fileName,
        );
      }
      this.colCost[col] = value;
      this.costLine[col] = line;
      return;
    }
    this.entryRow.push(row);
    this.entryCol.push(col);
    this.entryValue.push(value);
    this.entryLine.push(line);
  }

  /** Row bounds from the row type, the RHS and the RANGES value (CPLEX/HiGHS semantics). */
  private rowBounds(i: number): [number, number] {
    const rhs = this.rhs[i];
    const range = this.ranges[i];
    const type = this.rowTypes[i];
    if (Number.isNaN(range)) {
      if (type === 'E') return [rhs, rhs];
      return type === 'L' ? [-Infinity, rhs] : [rhs, Infinity];
    }
    const width = Math.abs(range);
    if (type === 'L') return [rhs - width, rhs];
    if (type === 'G') return [rhs, rhs + width];
    return range >= 0 ? [rhs, rhs + width] : [rhs - width, rhs];
  }

  toModel(): CanonicalModel {
    const numRows = this.rowNames.length;
    const numCols = this.colNames.length;
    const csr = triplesToCsr(numRows, numCols, this.entryRow, this.entryCol, this.entryValue);
    if (csr.duplicate) {
      const { row, col, first, second } = csr.duplicate;
      const message = `column '${this.colNames[col]}' has a second coefficient in row '${this.rowNames[row]}' (first on line ${this.entryLine[first]}); duplicate entries are rejected, merge them into one`;
      throw errorAt(message, this.entryLine[second], this.fileName);
    }
    const rowLower = new Float64Array(numRows);
    const rowUpper = new Float64Array(numRows);
    for (let i = 0; i < numRows; i++) {
      [rowLower[i], rowUpper[i]] = this.rowBounds(i);
      const impossible = impossibleBound('row', this.rowNames[i], rowLower[i], rowUpper[i]);
      if (impossible) throw errorAt(impossible, this.boundLine[i], this.fileName);
    }
    // Integer columns between markers with no BOUNDS line are binary: CPLEX documents
    // "bounds of 0 and 1 are assumed", and HiGHS 1.15 reads them the same way.
    const colUpper = this.colUpper.map((ub, j) => (this.inMarker[j] && !this.boundsSeen[j] ? 1 : ub));
    return canonicalModel({
      name: this.name,
      sense: this.sense,
      objectiveConstant: this.objectiveConstant,
      objectiveName: this.objectiveName ?? 'obj',
      colCost: this.colCost,
      colLower: this.colLower,
      colUpper,
      colInteger: this.colInteger,
      rowLower,
      rowUpper,
      rowStart: csr.rowStart,
      colIndex: csr.colIndex,
      value: csr.value,
      colNames: this.colNames,
      rowNames: this.rowNames,
    });
  }
}
