import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lowerBound } from '../../../models/rcpsp/bounds.js';
import { evaluateRcpsp } from '../../../models/rcpsp/evaluate.js';
import { rcpspHeuristics } from '../../../models/rcpsp/heuristics.js';
import { parseRcpsp } from '../../../models/rcpsp/instance.js';
import { heuristicContext } from '../../support/heuristics.js';

const root = resolve(__dirname, '../../../instances/rcpsp');
// examples/index.json belongs to another change; these are the generated sets.
const sets = ['psplib-like', 'ramp', 'migration'];

describe.each(sets)('instances/rcpsp/%s', (set) => {
  const folder = join(root, set);
  const files = readdirSync(folder)
    .filter((f) => f.endsWith('.json') && f !== 'index.json')
    .sort();
  const index = JSON.parse(readFileSync(join(folder, 'index.json'), 'utf8')) as Record<
    string,
    { bestObjective: number; bestBound: number; proven: boolean }
  >;

  it('has a reference for every instance file and none for a missing one', () => {
    const names = files.map((f) => JSON.parse(readFileSync(join(folder, f), 'utf8')).name as string);
    expect(Object.keys(index).sort()).toEqual(names.sort());
  });

  it.each(files)(
    '%s: makespan objective, bound <= best objective, and the default heuristic is consistent with both',
    (file) => {
      const json = JSON.parse(readFileSync(join(folder, file), 'utf8'));
      expect(json.family).toBe('rcpsp');
      const instance = parseRcpsp(json.data);
      const reference = index[json.name];
      expect(instance.objective).toBe('makespan');
      expect(reference.bestBound).toBeLessThanOrEqual(reference.bestObjective);
      expect(reference.bestBound).toBeGreaterThanOrEqual(lowerBound(instance));
      expect(reference.proven).toBe(reference.bestBound === reference.bestObjective);
      const evaluation = evaluateRcpsp(instance, rcpspHeuristics.default(instance, heuristicContext(1, 0.2)));
      expect(evaluation.violations).toEqual([]);
      expect(evaluation.objective).toBeGreaterThanOrEqual(reference.bestBound);
    },
  );
});
