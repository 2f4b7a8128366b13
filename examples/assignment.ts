/**
 * The README's example: three jobs on two nodes, minimize the makespan.
 * Run it with `npx tsx examples/assignment.ts`; `test/readme-example.test.ts` checks it.
 */
import { Model, all, dot, maxOf, solve } from '../src/index.js';

export async function main(): Promise<{ termination: string; makespan: number; placement: Record<string, number> }> {
  const jobs = ['a', 'b', 'c'];
  const nodes = [1, 2];
  const hours: Record<string, number> = { a: 4, b: 3, c: 2 };

  const model = new Model('assignment');
  // A family keyed by typed tuples: x.get('a', 1) compiles, x.get(1) does not.
  const x = model.addVars('x', [jobs, nodes], { type: 'binary' });
  model.addConstraints('assign', [jobs], (job) => x.sum(job, all).eq(1));
  const finish = nodes.map((node) =>
    dot(
      jobs.map((job) => hours[job]),
      x.slice(all, node),
    ),
  );
  const makespan = maxOf(model, finish, { name: 'makespan' });
  model.minimize(makespan);

  const solution = await solve(model, { solver: 'highs', timeLimitSec: 10 });
  const placement: Record<string, number> = {};
  for (const [[job, node], v] of x.entries()) if (solution.value(v) > 0.5) placement[job] = node;
  return { termination: solution.termination, makespan: solution.value(makespan), placement };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await main());
