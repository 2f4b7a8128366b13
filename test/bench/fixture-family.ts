/**
 * A test-only family: 0/1 knapsack (maximize value within a weight capacity), small
 * enough to reason about by hand. It has every part of the Family contract the bench
 * harness touches: a schema, a native reader (`.ks`), two heuristics plus a `fragile`
 * one that throws on instances marked `trap`, an exact method, a MIP in the DSL and an
 * evaluator. An instance may require items (`require`, which can make it infeasible) and
 * may ask for feasibility only (`feasibilityOnly`: its MIP has no objective).
 */
import { z } from 'zod';
import { Model, dot } from '../../src/dsl/index.js';
import type { Evaluation, Family } from '../../src/family/contract.js';
import { parseWithSchema } from '../../src/family/schema.js';
import { inputError } from '../../src/errors.js';

export interface KnapsackItem {
  name: string;
  weight: number;
  value: number;
}

export interface Knapsack {
  capacity: number;
  items: KnapsackItem[];
  /** When true, the `fragile` heuristic throws (to test error rows). */
  trap?: boolean;
  /** Items every solution must take. */
  require?: string[];
  /** Any solution within the capacity will do: nothing is optimized. */
  feasibilityOnly?: boolean;
}

export interface KnapsackSolution {
  take: string[];
}

const itemSchema = z.object({ name: z.string(), weight: z.number().nonnegative(), value: z.number().nonnegative() });
const instanceSchema = z.object({
  capacity: z.number().nonnegative(),
  items: z.array(itemSchema),
  trap: z.boolean().optional(),
  require: z.array(z.string()).optional(),
  feasibilityOnly: z.boolean().optional(),
});
const solutionSchema = z.object({ take: z.array(z.string()) });

function valueOf(instance: Knapsack, take: Iterable<string>): { weight: number; value: number } {
  const chosen = new Set(take);
  let weight = 0;
  let value = 0;
  for (const item of instance.items) {
    if (chosen.has(item.name)) {
      weight += item.weight;
      value += item.value;
    }
  }
  return { weight, value };
}

function byRatio(instance: Knapsack): KnapsackItem[] {
  return [...instance.items].sort((a, b) => b.value / Math.max(b.weight, 1e-12) - a.value / Math.max(a.weight, 1e-12));
}

/** Take items by value/weight ratio while they fit. */
function greedy(instance: Knapsack): KnapsackSolution {
  let room = instance.capacity;
  const take: string[] = [];
  for (const item of byRatio(instance)) {
    if (item.weight <= room) {
      take.push(item.name);
      room -= item.weight;
    }
  }
  return { take };
}

/** The best subset that fits and takes the required items, by enumeration; undefined when none does. */
function enumerate(instance: Knapsack): KnapsackSolution | undefined {
  const n = instance.items.length;
  let best: KnapsackSolution | undefined;
  let bestValue = -1;
  for (let mask = 0; mask < 1 << n; mask++) {
    const take = instance.items.filter((_, k) => mask & (1 << k)).map((item) => item.name);
    const { weight, value } = valueOf(instance, take);
    const required = (instance.require ?? []).every((name) => take.includes(name));
    if (required && weight <= instance.capacity && value > bestValue) {
      best = { take };
      bestValue = value;
    }
  }
  return best;
}

/** Enumerate every subset (fine for the handful of items of a test instance). */
function exhaustive(instance: Knapsack): KnapsackSolution {
  if (instance.items.length > 16) return greedy(instance);
  return enumerate(instance) ?? { take: [] };
}

/** The Dantzig bound: the LP relaxation, greedy with one fractional item. */
function upperBound(instance: Knapsack): number {
  let room = instance.capacity;
  let bound = 0;
  for (const item of byRatio(instance)) {
    const share = Math.min(1, item.weight === 0 ? 1 : room / item.weight);
    if (share <= 0) break;
    bound += share * item.value;
    room -= share * item.weight;
  }
  return bound;
}

function evaluate(instance: Knapsack, solution: KnapsackSolution): Evaluation {
  const { weight, value } = valueOf(instance, solution.take);
  const violations =
    weight > instance.capacity + 1e-9
      ? [
          {
            constraint: 'capacity',
            entities: solution.take,
            message: `weight ${weight} exceeds the capacity ${instance.capacity}`,
          },
        ]
      : [];
  const missing = (instance.require ?? []).filter((name) => !solution.take.includes(name));
  if (missing.length > 0)
    violations.push({
      constraint: 'require',
      entities: missing,
      message: `required items not taken: ${missing.join(', ')}`,
    });
  return { feasible: violations.length === 0, objective: value, violations, metrics: { weight } };
}

/** `.ks` text: a first line `capacity C`, then one `name weight value` line per item. */
function readKs(text: string): Knapsack[] {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const header = /^capacity\s+(\S+)$/.exec(lines[0] ?? '');
  if (!header) throw inputError('expected a first line `capacity C`', { line: 1 });
  const items = lines.slice(1).map((line, k) => {
    const [name, weight, value] = line.split(/\s+/);
    if (value === undefined) throw inputError('expected `name weight value`', { line: k + 2 });
    return { name, weight: Number(weight), value: Number(value) };
  });
  return [{ capacity: Number(header[1]), items }];
}

/** The knapsack family used by the bench tests. */
export const knapsackFamily: Family<Knapsack, KnapsackSolution> = {
  id: 'knapsack-test',
  title: '0/1 knapsack (test fixture)',
  sense: 'max',
  objectiveUnit: 'value',
  parse: (json) => parseWithSchema(instanceSchema, json, 'data'),
  serialize: (instance) => instance,
  readers: { ks: { extensions: ['ks'], read: readKs } },
  parseSolution: (_instance, json) => parseWithSchema(solutionSchema, json, 'solution'),
  serializeSolution: (_instance, solution) => solution,
  generate: (_params, seed) => ({ capacity: 10, items: [{ name: `i${seed}`, weight: 3, value: 4 }] }),
  formulate(instance) {
    const model = new Model('knapsack');
    const names = instance.items.map((item) => item.name);
    const take = model.addVars('take', [names], { type: 'binary' });
    const vars = [...take];
    model.addConstraint(
      dot(
        instance.items.map((item) => item.weight),
        vars,
      ).le(instance.capacity),
      'capacity',
    );
    for (const name of instance.require ?? []) model.addConstraint(vars[names.indexOf(name)].ge(1), `require_${name}`);
    if (!instance.feasibilityOnly)
      model.maximize(
        dot(
          instance.items.map((item) => item.value),
          vars,
        ),
      );
    return {
      model,
      decode: (values) => ({ take: names.filter((_, k) => values[vars[k].index] > 0.5) }),
      encode: (solution) => Float64Array.from(names, (name) => (solution.take.includes(name) ? 1 : 0)),
    };
  },
  heuristics: {
    default: exhaustive,
    greedy,
    fragile: (instance) => {
      if (instance.trap) throw new Error('the fragile heuristic sprang its trap');
      return greedy(instance);
    },
    overfill: (instance) => ({ take: instance.items.map((item) => item.name) }),
  },
  exact: {
    enumerate: {
      solve: async (instance) => {
        const solution = enumerate(instance);
        return { solution, proven: true, ...(solution ? { bound: valueOf(instance, solution.take).value } : {}) };
      },
    },
  },
  evaluate,
  optimizesObjective: (instance) => !instance.feasibilityOnly,
  lowerBound: upperBound,
};

/** A JSON instance file's text for the fixture family. */
export function knapsackFile(name: string, instance: Knapsack): string {
  return `${JSON.stringify({ family: knapsackFamily.id, name, data: instance }, null, 1)}\n`;
}

/** The three hand-checked instances of the summary test (optima 18, 9, 16; greedy 17, 9, 11). */
export const handSet: Record<string, Knapsack> = {
  k1: {
    capacity: 10,
    items: [
      { name: 'a', weight: 5, value: 10 },
      { name: 'b', weight: 4, value: 7 },
      { name: 'c', weight: 6, value: 11 },
    ],
  },
  k2: {
    capacity: 5,
    items: [
      { name: 'a', weight: 3, value: 6 },
      { name: 'b', weight: 2, value: 3 },
      { name: 'c', weight: 5, value: 8 },
    ],
  },
  k3: {
    capacity: 8,
    items: [
      { name: 'a', weight: 4, value: 8 },
      { name: 'b', weight: 4, value: 8 },
      { name: 'c', weight: 5, value: 11 },
    ],
  },
};
