import { glpkBackend } from '../../src/solvers/glpk/index.js';
import { runMpsReference } from './mps-reference.js';
import { runConformanceSuite } from './suite.js';

const install = 'Install the optional peer dependency with `npm install glpk.js`.';
runConformanceSuite(glpkBackend, { install });
runMpsReference(glpkBackend, { install, timeLimitSec: 10 });
