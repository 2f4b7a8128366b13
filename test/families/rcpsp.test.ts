/** The family conformance suite on RCPSP: bundled examples, a PSPLIB j30 file when the shared data is there. */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { family, type RcpspInstance } from '../../models/rcpsp/index.js';
import { writeRcp, writeSm } from '../../models/rcpsp/io.js';
import { runFamilySuite } from './suite.js';

const root = new URL('../../', import.meta.url);
const bundled = (path: string) =>
  family.parse(JSON.parse(readFileSync(new URL(`instances/rcpsp/${path}`, root), 'utf8')).data);
const j30 = fileURLToPath(new URL('../shared/data/psplib/j30/j301_1.sm', root));
const psplib = existsSync(j30) ? readFileSync(j30, 'utf8') : undefined;
if (!psplib) console.info(`rcpsp family suite: ${j30} not found, so no PSPLIB file among the fixtures`);

const generated = family.generate({ kind: 'psplib', size: 'small' }, 3);
/** Activity a needs 3 periods but must finish by period 2. */
const tooTight = family.parse({
  name: 'too-tight',
  resources: [],
  activities: [{ id: 'a', duration: 3, deadline: 2 }],
});

const instances: RcpspInstance[] = [
  bundled('examples/rcpsp-migration-small-1.json'),
  bundled('examples/rcpsp-ramp-4-small-5.json'),
  generated,
  ...(psplib ? family.readers.psplib.read(psplib) : []),
];

runFamilySuite(family, {
  instances,
  infeasible: [tooTight],
  generateParams: [
    { kind: 'psplib', size: 'small' },
    { kind: 'ramp', size: 'small', level: 4, objective: 'makespan' },
  ],
  seeds: [1, 2],
  timeLimitSec: 0.3,
  nativeFiles: [
    { name: 'j301_1.sm', text: psplib ?? writeSm(generated) },
    { name: 'generated.rcp', text: writeRcp(generated) },
  ],
  badSolutions: [
    { instance: instances[0], json: { starts: {} }, path: `solution.starts.${instances[0].activities[0].id}` },
  ],
});
