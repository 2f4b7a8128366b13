import { glpkBackend } from '../../src/solvers/glpk/index.js';
import { runMpsReference } from './mps-reference.js';
import { runConformanceSuite } from './suite.js';

const install = 'Install the optional peer dependency with `npm install glpk.js`.';
runConformanceSuite(glpkBackend, { install });
runMpsReference(glpkBackend, {
  install,
  timeLimitSec: 10,
  // Measured: GLPK 5 does not prove gt2 optimal within 20 s (HiGHS and CBC take well under 1 s),
  // and bell5 takes 3 s alone but over 10 s while the other test files run beside it.
  exclude: {
    'gt2.mps': 'GLPK needs more than 20 s to prove it optimal',
    'bell5.mps': 'GLPK needs 3-10+ s, too slow for the fast suite',
  },
});
