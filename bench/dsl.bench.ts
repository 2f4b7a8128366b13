/**
 * DSL build + compile cost against filling the same CSR arrays by hand, for a
 * time-indexed assignment model with ~1,000,000 nonzeros:
 *   x(j, t) binary, j < 1000, t < 500
 *   once(j):  sum_t x(j, t) == 1          (1000 rows x 500 terms)
 *   cap(t):   sum_j x(j, t) <= 3          (500 rows x 1000 terms)
 *   min sum_{j,t} t x(j, t)
 * Three ways are timed side by side, each the median of several runs: direct typed
 * arrays (every array of the canonical model, bounds and integrality included), the DSL with slice sums (`x.sum(j, all)`), and the DSL term by term
 * (`sum(times.map((t) => x.get(j, t)))`).
 */
import { all, compile, LinExpr, Model, sum } from '../src/dsl/index.js';
import type { CanonicalModel } from '../src/canonical/canonical-model.js';

const jobs = Array.from({ length: 1000 }, (_, j) => j);
const times = Array.from({ length: 500 }, (_, t) => t);

/**
 * The same model filled by hand: every array a CanonicalModel holds (CSR matrix, row and
 * column bounds, integrality, costs), each allocated once at its final size.
 */
function direct(): {
  rowStart: Int32Array;
  colIndex: Int32Array;
  value: Float64Array;
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  colInteger: Uint8Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
} {
  const J = jobs.length;
  const T = times.length;
  const rowStart = new Int32Array(J + T + 1);
  const colIndex = new Int32Array(2 * J * T);
  const value = new Float64Array(2 * J * T);
  const cost = new Float64Array(J * T);
  const colLower = new Float64Array(J * T);
  const colUpper = new Float64Array(J * T).fill(1);
  const colInteger = new Uint8Array(J * T).fill(1);
  const rowLower = new Float64Array(J + T);
  const rowUpper = new Float64Array(J + T);
  let k = 0;
  let row = 0;
  for (let j = 0; j < J; j++) {
    rowLower[row] = 1;
    rowUpper[row] = 1;
    rowStart[row++] = k;
    for (let t = 0; t < T; t++) {
      colIndex[k] = j * T + t;
      value[k++] = 1;
      cost[j * T + t] = t;
    }
  }
  for (let t = 0; t < T; t++) {
    rowLower[row] = -Infinity;
    rowUpper[row] = 3;
    rowStart[row++] = k;
    for (let j = 0; j < J; j++) {
      colIndex[k] = j * T + t;
      value[k++] = 1;
    }
  }
  rowStart[row] = k;
  return { rowStart, colIndex, value, cost, colLower, colUpper, colInteger, rowLower, rowUpper };
}

function dslSlices(): CanonicalModel {
  return compile(buildSlices());
}

function buildSlices(): Model {
  const model = new Model('time-indexed');
  const x = model.addVars('x', [jobs, times], { type: 'binary' });
  model.addConstraints('once', [jobs], (j) => x.sum(j, all).eq(1));
  model.addConstraints('cap', [times], (t) => x.sum(all, t).le(3));
  const objective = new LinExpr();
  for (const t of times) objective.add(x.sumScaled(t, all, t));
  model.minimize(objective);
  return model;
}

function dslTerms(): CanonicalModel {
  const model = new Model('time-indexed');
  const x = model.addVars('x', [jobs, times], { type: 'binary' });
  model.addConstraints('once', [jobs], (j) => sum(times.map((t) => x.get(j, t))).eq(1));
  model.addConstraints('cap', [times], (t) => sum(jobs.map((j) => x.get(j, t))).le(3));
  const objective = new LinExpr();
  for (const j of jobs) for (const t of times) objective.add(x.get(j, t), t);
  model.minimize(objective);
  return compile(model);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeIt(run: () => unknown, repeats: number): number {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** Bytes the model keeps (typed arrays, counting their spare capacity) per nonzero: exact, not sampled. */
function keptBytesPerNonzero(model: Model | ReturnType<typeof direct>): number {
  if (!(model instanceof Model)) {
    return Object.values(model).reduce((total, array) => total + array.byteLength, 0) / 1_000_000;
  }
  const arrays = [
    model.colLower,
    model.colUpper,
    model.colType,
    model.colInteger,
    model.rows.rowStart,
    model.rows.colIndex,
    model.rows.value,
    model.rows.lower,
    model.rows.upper,
  ];
  // The objective's dense cost vector is made by compile; count it like the direct way's.
  return (arrays.reduce((total, array) => total + array.byteCapacity, 0) + 8 * model.numVars) / 1_000_000;
}

export async function run(): Promise<void> {
  const check = dslSlices();
  if (check.rowStart[check.numRows] !== 1_000_000)
    throw new Error(`expected 1e6 nonzeros, got ${check.rowStart[check.numRows]}`);
  const repeats = 7;
  // Interleave a warm-up of each so the JIT has seen all three before timing.
  direct();
  dslSlices();
  dslTerms();
  const directMs = timeIt(direct, repeats);
  const slicesMs = timeIt(dslSlices, repeats);
  const termsMs = timeIt(dslTerms, repeats);
  console.log('model: 500,000 binaries, 1,500 rows, 1,000,000 nonzeros (median of 7 runs)');
  console.log('way                       ms      ratio to direct   bytes/nonzero (kept model)');
  const modelBytes = keptBytesPerNonzero(buildSlices()).toFixed(1);
  console.log(
    `direct CSR arrays     ${directMs.toFixed(1).padStart(8)}   ${'1.00'.padStart(8)}          ${keptBytesPerNonzero(direct()).toFixed(1)}`,
  );
  console.log(
    `DSL, slice sums       ${slicesMs.toFixed(1).padStart(8)}   ${(slicesMs / directMs).toFixed(2).padStart(8)}          ${modelBytes}`,
  );
  console.log(
    `DSL, term by term     ${termsMs.toFixed(1).padStart(8)}   ${(termsMs / directMs).toFixed(2).padStart(8)}          ${modelBytes} (same model)`,
  );
}
