import { highsBackend } from '../../src/solvers/highs/index.js';
import { runMpsReference } from './mps-reference.js';
import { runConformanceSuite } from './suite.js';

const install = 'highs is a regular dependency: run `npm install`.';
runConformanceSuite(highsBackend, { install });
runMpsReference(highsBackend, { install, timeLimitSec: 20 });
