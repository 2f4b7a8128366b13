/**
 * Sets of pairwise exclusive activities ("cliques"): two activities are exclusive when
 * their demands together exceed some capacity, or when one precedes the other. The
 * members of a clique run one at a time, so after any time t its unfinished members need
 * their whole remaining durations in sequence: a unit resource of capacity 1 on which each
 * member demands 1. The search adds the cliques to the real resources in its energy bound,
 * where they catch what the cumulative energy misses when each activity takes a bit more
 * than half of a resource (typical of the low resource strengths of the hard PSPLIB classes).
 */

/**
 * Greedy cliques grown from every activity by the longest compatible one; the `limit`
 * heaviest distinct ones. Growing stops at `deadline` (ms, performance.now() scale): the
 * cliques only strengthen a bound, and fewer of them keep it valid.
 */
export function exclusiveCliques(
  m: number,
  exclusive: (i: number, j: number) => boolean,
  duration: Int32Array,
  limit: number,
  deadline = Number.POSITIVE_INFINITY,
): number[][] {
  const seen = new Set<string>();
  const cliques: { members: number[]; weight: number }[] = [];
  for (let seed = 0; seed < m && performance.now() < deadline; seed++) {
    const members = [seed];
    for (;;) {
      let pick = -1;
      for (let k = 0; k < m; k++) {
        if (members.includes(k) || !members.every((i) => exclusive(i, k))) continue;
        if (pick < 0 || duration[k] > duration[pick]) pick = k;
      }
      if (pick < 0) break;
      members.push(pick);
    }
    if (members.length < 3) continue;
    members.sort((a, b) => a - b);
    const key = members.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    cliques.push({ members, weight: members.reduce((sum, k) => sum + duration[k], 0) });
  }
  cliques.sort((a, b) => b.weight - a.weight);
  return cliques.slice(0, limit).map((c) => c.members);
}
