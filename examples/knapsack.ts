/**
 * A 0/1 knapsack: five items, capacity 15; take the most valuable set that fits.
 * Run it with `npx tsx examples/knapsack.ts`; `test/examples.test.ts` checks the answer.
 *
 * Items (weight, value): a (12, 4), b (2, 2), c (1, 1), d (1, 2), e (4, 10). Taking
 * b, c, d and e weighs 8 and is worth 15; any set with a leaves room for at most 3 more
 * weight, worth at most 4 + 2 + 2 = 8 (a, b, d). So the optimum is 15.
 */
import { Model, dot, solve } from '../src/index.js';

const items = ['a', 'b', 'c', 'd', 'e'];
const weight: Record<string, number> = { a: 12, b: 2, c: 1, d: 1, e: 4 };
const worth: Record<string, number> = { a: 4, b: 2, c: 1, d: 2, e: 10 };

export async function main(): Promise<{ termination: string; value: number; weight: number; taken: string[] }> {
  const model = new Model('knapsack');
  const take = model.addVars('take', [items], { type: 'binary' });
  const members = items.map((item) => take.get(item));
  const load = dot(
    items.map((item) => weight[item]),
    members,
  );
  model.addConstraint(load.le(15), 'capacity');
  model.maximize(
    dot(
      items.map((item) => worth[item]),
      members,
    ),
  );

  const solution = await solve(model, { solver: 'highs', timeLimitSec: 10 });
  const taken = items.filter((item) => solution.value(take.get(item)) > 0.5);
  return { termination: solution.termination, value: solution.objective, weight: solution.value(load), taken };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await main());
