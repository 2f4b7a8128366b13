/**
 * Sets of activities no two of which can ever run in the same period: pairs whose
 * demands exceed a resource's capacity together, disjunctive pairs, and pairs ordered
 * by precedence. Each maximal set (a clique of the conflict graph) yields, per period,
 * the valid inequality "at most one of them runs now", which the capacity rows imply
 * for integer points but not for the LP relaxation (the minimal forbidden sets of size
 * two of Demassey, Artigues and Michelon).
 */
import type { RcpspInstance } from '../instance.js';

/** At most this many cliques are kept, so that instances with dense conflict graphs stay small. */
const maxCliques = 2000;

/** conflict[i][j] = 2 for a resource or disjunctive conflict, 1 for precedence only, 0 for none. */
function conflictMatrix(instance: RcpspInstance, profiles: Int32Array[], predecessors: Uint8Array[]): Uint8Array[] {
  const { activities } = instance;
  const n = activities.length;
  const peak = profiles.map((profile, r) => Math.max(instance.resources[r].capacity, ...profile));
  const conflict = Array.from({ length: n }, () => new Uint8Array(n));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (activities[i].duration === 0 || activities[j].duration === 0) continue;
      const clash = activities[i].demand.some((d, r) => d + activities[j].demand[r] > peak[r]);
      const ordered = predecessors[i][j] === 1 || predecessors[j][i] === 1;
      conflict[i][j] = conflict[j][i] = clash ? 2 : ordered ? 1 : 0;
    }
  }
  for (const [i, j] of instance.disjunctive) {
    if (i !== j && activities[i].duration > 0 && activities[j].duration > 0) conflict[i][j] = conflict[j][i] = 2;
  }
  return conflict;
}

/** The most members a clique grows to (the recursion's depth). */
const maxCliqueDepth = 256;

/**
 * Maximal cliques (of up to 256 members) of the conflict graph (Bron-Kerbosch with pivoting) that contain at
 * least one resource or disjunctive conflict; chains of precedence alone are left to
 * the precedence rows.
 *
 * @example
 * ```ts
 * conflictCliques(instance, profiles, predecessors); // e.g. [[2, 5, 9], [3, 5]]
 * ```
 */
export function conflictCliques(
  instance: RcpspInstance,
  profiles: Int32Array[],
  predecessors: Uint8Array[],
): number[][] {
  const conflict = conflictMatrix(instance, profiles, predecessors);
  const n = conflict.length;
  const neighbors = conflict.map((row) => Array.from(row.keys()).filter((j) => row[j] > 0));
  const cliques: number[][] = [];
  const hasClash = (clique: number[]) => clique.some((i, a) => clique.slice(a + 1).some((j) => conflict[i][j] === 2));
  const expand = (members: number[], candidates: number[], excluded: number[]): void => {
    if (cliques.length >= maxCliques) return;
    // Any clique gives a valid row, maximal or not: a deep one (a long precedence chain) stops
    // growing here rather than recursing thousands of levels deep.
    const deep = members.length >= maxCliqueDepth;
    if (deep || (candidates.length === 0 && excluded.length === 0)) {
      if (members.length >= 2 && hasClash(members)) cliques.push(members);
      return;
    }
    const pivot = [...candidates, ...excluded].reduce((best, u) =>
      neighbors[u].length > neighbors[best].length ? u : best,
    );
    for (const v of candidates.filter((u) => conflict[pivot][u] === 0)) {
      expand(
        [...members, v],
        candidates.filter((u) => conflict[v][u] > 0),
        excluded.filter((u) => conflict[v][u] > 0),
      );
      candidates = candidates.filter((u) => u !== v);
      excluded = [...excluded, v];
    }
  };
  const active = Array.from({ length: n }, (_, j) => j).filter((j) => neighbors[j].length > 0);
  expand([], active, []);
  return cliques;
}
