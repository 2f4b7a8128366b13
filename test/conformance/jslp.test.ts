import { jslpBackend } from '../../src/solvers/jslp/index.js';
import { runMpsReference } from './mps-reference.js';
import { runConformanceSuite } from './suite.js';

const install = 'Install the optional peer dependency with `npm install javascript-lp-solver`.';
runConformanceSuite(jslpBackend, {
  install,
  // Measured: its best-first branch-and-cut finds no integer point of the 4 x 30 market split in 0.5 s.
  exclude: ['time limit with an incumbent'],
});
runMpsReference(jslpBackend, {
  install,
  timeLimitSec: 10,
  // Measured: lseu (28 x 89) is small but finds no solution within 20 s.
  exclude: { 'lseu.mps': 'jslp finds no solution within 20 s' },
});
