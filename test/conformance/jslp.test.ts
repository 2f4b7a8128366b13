import { jslpBackend } from '../../src/solvers/jslp/index.js';
import { runMpsReference } from './mps-reference.js';
import { runConformanceSuite } from './suite.js';

const install = 'Install the optional peer dependency with `npm install javascript-lp-solver`.';
runConformanceSuite(jslpBackend, { install });
runMpsReference(jslpBackend, { install, timeLimitSec: 10 });
