import { cbcBackend } from '../../src/solvers/cbc/index.js';
import { runMpsReference } from './mps-reference.js';
import { runConformanceSuite } from './suite.js';

const install = 'Install CBC with `apt-get install coinor-cbc` so that `cbc` is on PATH.';
runConformanceSuite(cbcBackend, { install });
runMpsReference(cbcBackend, { install, timeLimitSec: 20 });
