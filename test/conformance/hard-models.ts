/**
 * Seeded MIPs that are easy to find a solution for and hard to prove optimal: the
 * market-split problems of Cornuejols and Dawande (1999), in their optimization form
 *
 *     min sum_i (s+_i + s-_i)  s.t.  sum_j a_ij x_j + s+_i - s-_i = b_i,  x binary,
 *
 * with a_ij uniform in 0..99 and b_i = floor(sum_j a_ij / 2). Every 0/1 point is feasible
 * (the slacks absorb the rest), but branch-and-bound needs millions of nodes to prove the
 * optimum for m = 4, n = 30.
 */
import { canonicalModel } from '../../src/canonical/build.js';
import type { CanonicalModel } from '../../src/canonical/canonical-model.js';

function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function marketSplitData(m: number, n: number, seed: number): { a: number[][]; b: number[] } {
  const random = lcg(seed);
  const a = Array.from({ length: m }, () => Array.from({ length: n }, () => Math.floor(random() * 100)));
  return { a, b: a.map((row) => Math.floor(row.reduce((s, v) => s + v, 0) / 2)) };
}

/** Columns x_0..x_{n-1} (binary), then s+_i and s-_i for each row i. */
export function marketSplit(m: number, n: number, seed: number): CanonicalModel {
  const { a, b } = marketSplitData(m, n, seed);
  const numCols = n + 2 * m;
  const rowStart = [0];
  const colIndex: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < m; i++) {
    a[i].forEach((v, j) => v !== 0 && (colIndex.push(j), value.push(v)));
    colIndex.push(n + 2 * i, n + 2 * i + 1);
    value.push(1, -1);
    rowStart.push(colIndex.length);
  }
  return canonicalModel({
    name: `market-split-${m}x${n}-${seed}`,
    colCost: Array.from({ length: numCols }, (_, j) => (j < n ? 0 : 1)),
    colLower: new Array(numCols).fill(0),
    colUpper: Array.from({ length: numCols }, (_, j) => (j < n ? 1 : Infinity)),
    colInteger: Array.from({ length: numCols }, (_, j) => (j < n ? 1 : 0)),
    rowLower: b,
    rowUpper: b,
    rowStart,
    colIndex,
    value,
    colNames: (j) => (j < n ? `x${j}` : `s${j - n}`),
  });
}

/**
 * The feasibility form of a market split with a planted solution: no slack columns, so
 * `sum_j a_ij x_j = b_i` must hold exactly, with b = A x* for a seeded 0/1 point x*, and
 * costs c_j in 1..9. Finding any feasible point is what makes these problems hard
 * (measured: HiGHS finds none of the 4 x 30 one within 0.5 s), while x* is one at hand,
 * so a solver that returns a point within a short limit has used x* as its start.
 */
export function plantedMarketSplit(m: number, n: number, seed: number): { model: CanonicalModel; start: number[] } {
  const random = lcg(seed);
  const a = Array.from({ length: m }, () => Array.from({ length: n }, () => Math.floor(random() * 100)));
  const start = Array.from({ length: n }, () => (random() < 0.5 ? 1 : 0));
  const cost = Array.from({ length: n }, () => 1 + Math.floor(random() * 9));
  const b = a.map((row) => row.reduce((total, v, j) => total + v * start[j], 0));
  const rowStart = [0];
  const colIndex: number[] = [];
  const value: number[] = [];
  for (const row of a) {
    row.forEach((v, j) => v !== 0 && (colIndex.push(j), value.push(v)));
    rowStart.push(colIndex.length);
  }
  const model = canonicalModel({
    name: `planted-market-split-${m}x${n}-${seed}`,
    colCost: cost,
    colLower: new Array(n).fill(0),
    colUpper: new Array(n).fill(1),
    colInteger: new Array(n).fill(1),
    rowLower: b,
    rowUpper: b,
    rowStart,
    colIndex,
    value,
  });
  return { model, start };
}
