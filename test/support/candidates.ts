/** Oracle candidates shared by the tests and the benches that score outside code. */

/** A correct RCPSP whole heuristic: one activity at a time in precedence order (a serial schedule, no overlap). */
export const serialRcpspCandidate = `export default function (data) {
  const done = new Set(), starts = {}; let t = 0;
  const preds = {}; for (const a of data.activities) for (const s of a.successors) (preds[s] ??= []).push(a.id);
  while (done.size < data.activities.length)
    for (const a of data.activities)
      if (!done.has(a.id) && (preds[a.id] ?? []).every((p) => done.has(p))) { starts[a.id] = t; t += a.duration; done.add(a.id); }
  return { starts };
}`;
