/**
 * Canonical models of family instances on which a backend once gave a wrong answer, kept as
 * fixed conformance cases (`schedlab export FILE --format mps` of the generated instance, so
 * the model is the one `solve` builds). The optima are HiGHS's, confirmed by the family's
 * evaluator on the decoded placement; `known-faults.ts` lists the backends that fail them.
 *
 * Reproduce: `schedlab generate pod-packing --seed 997 --param nodes=3 --param podsPerNode=2
 * --param priorities=1 --param utilization=1`, then `schedlab export FILE --format mps`.
 */
import { readFileSync } from 'node:fs';
import { readMps } from '../../src/formats/mps-reader.js';
import type { ConformanceCase } from './cases.js';
import { expectOptimal } from './cases.js';

function modelFile(name: string) {
  const path = new URL(`./models/${name}`, import.meta.url);
  return () => readMps(readFileSync(path, 'utf8'));
}

export const familyCases: ConformanceCase[] = [
  {
    // pod-packing generate({ nodes: 3, podsPerNode: 2, priorities: 1, utilization: 1 }, 997): a maximum.
    name: 'pod-packing MIP n3 p2 seed 997: optimum 41',
    requires: ['integer'],
    build: modelFile('pod-packing-n3-p2-s997.mps'),
    check: expectOptimal(41),
  },
  {
    // pod-packing generate({ nodes: 4, podsPerNode: 2, priorities: 1, utilization: 1.5 }, 84).
    name: 'pod-packing MIP n4 p2 utilization 1.5 seed 84: optimum 24',
    requires: ['integer'],
    build: modelFile('pod-packing-n4-p2-u1.5-s84.mps'),
    check: expectOptimal(24),
  },
];
