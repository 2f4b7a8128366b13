// A whole heuristic for `schedlab score rcpsp chain-heuristic.js`: one activity after
// another in precedence order. Always feasible without deadlines, rarely good.
export default function chain(data) {
  const predecessors = {};
  for (const a of data.activities) for (const s of a.successors) (predecessors[s] ??= []).push(a.id);
  const starts = {};
  const done = new Set();
  let time = 0;
  while (done.size < data.activities.length) {
    for (const a of data.activities) {
      if (done.has(a.id) || !(predecessors[a.id] ?? []).every((p) => done.has(p))) continue;
      starts[a.id] = Math.max(time, a.release ?? 0);
      time = starts[a.id] + a.duration;
      done.add(a.id);
    }
  }
  return { starts };
}
