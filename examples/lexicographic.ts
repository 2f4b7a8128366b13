/**
 * Two objectives in priority order: first place as many jobs as possible on two GPU
 * nodes, then, among the placements that do, pay the least for the GPUs used.
 * Run it with `npx tsx examples/lexicographic.ts`; `test/examples.test.ts` checks it.
 *
 * Jobs need a: 6, b: 5, c: 3, d: 2 GPUs (16 in all). Node `cheap` has 8 GPUs at 1 per
 * GPU, node `dear` 10 GPUs at 3 per GPU. All four jobs fit only if `cheap` holds a
 * set of jobs worth 6..8 GPUs and `dear` the rest; the cost 1 * load + 3 * (16 - load)
 * is least with `cheap` full (load 8: a + d or b + c), so the cost is 8 + 3 * 8 = 32.
 * Minimizing the cost alone would place nothing (cost 0): the priority order matters.
 */
import { Model, all, dot, solveLexicographic } from '../src/index.js';

const jobs = ['a', 'b', 'c', 'd'];
const gpus: Record<string, number> = { a: 6, b: 5, c: 3, d: 2 };
const nodes = ['cheap', 'dear'];
const capacity: Record<string, number> = { cheap: 8, dear: 10 };
const price: Record<string, number> = { cheap: 1, dear: 3 };

export async function main(): Promise<{ placed: number; cost: number; cheapLoad: number; proven: boolean[] }> {
  const model = new Model('placement');
  const place = model.addVars('place', [jobs, nodes], { type: 'binary' });
  model.addConstraints('once', [jobs], (job) => place.sum(job, all).le(1));
  const load = (node: string) =>
    dot(
      jobs.map((job) => gpus[job]),
      place.slice(all, node),
    );
  model.addConstraints('capacity', [nodes], (node) => load(node).le(capacity[node]));
  const placed = place.sum(all, all);
  const cost = dot(
    nodes.map((node) => price[node]),
    nodes.map(load),
  );

  const { levels, final } = await solveLexicographic(
    model,
    [
      { name: 'placed', sense: 'max', expr: placed },
      { name: 'cost', sense: 'min', expr: cost },
    ],
    { solver: 'highs', timeLimitSec: 20 },
  );
  const value = (terms: ReturnType<typeof load>) =>
    terms.vars.reduce((total, j, k) => total + terms.coefs[k] * final.values[j], terms.constant);
  return {
    placed: levels[0].value,
    cost: levels[1].value,
    cheapLoad: value(load('cheap')),
    proven: levels.map((level) => level.proven),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await main());
