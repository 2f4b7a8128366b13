/**
 * The library entry points under hostile arguments (`import ... from 'schedlab'`): the model
 * readers, the DSL and `solve`, every family's `parse`, `parseSolution`, `generate` and
 * `runMethod`, the performance model, `score` and `readInstanceText`. A call may return, or
 * throw a `SchedlabError` that says what is wrong (at a path for documents); a TypeError, a
 * RangeError or a hang is a failure.
 */
import { getFamily, Model, perf, readInstanceText, readLp, readMps, runMethod, score, solve } from '../../src/index.js';
import type { AnyFamily, GenerateParams } from '../../src/family/contract.js';
import { familyIds } from '../../src/family/registry.js';

export interface LibraryCase {
  family?: string;
  label: string;
  /** The arguments are wrong: returning a value is weak (the call should say so). */
  refuse?: boolean;
  call(): unknown;
}

/** Data with `value` at the first number found under `data` (depth first), to reach a real field. */
function withFirstNumber(value: unknown, data: unknown): unknown {
  let done = false;
  const walk = (node: unknown): unknown => {
    if (done) return node;
    if (typeof node === 'number') {
      done = true;
      return value;
    }
    if (Array.isArray(node)) return node.map(walk);
    if (node !== null && typeof node === 'object')
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, walk(v)]));
    return node;
  };
  return walk(data);
}

function familyCases(family: AnyFamily): LibraryCase[] {
  const instance = family.generate({ size: 'small' }, 1);
  const data = family.serialize(instance);
  const on = (label: string, call: () => unknown, refuse = true): LibraryCase => ({
    family: family.id,
    label,
    call,
    refuse,
  });
  return [
    on('parse(null)', () => family.parse(null)),
    on('parse([])', () => family.parse([])),
    on('parse({})', () => family.parse({})),
    ...[Number.NaN, Number.POSITIVE_INFINITY, -1, 1e308, 0].map((edge) =>
      on(`parse(first number ${edge})`, () => family.parse(withFirstNumber(edge, data)), edge !== 0),
    ),
    on('parseSolution(null)', () => family.parseSolution(instance, null)),
    on('parseSolution("x")', () => family.parseSolution(instance, 'x')),
    on('parseSolution({})', () => family.parseSolution(instance, {})),
    on("generate({ size: 'huge' })", () => family.generate({ size: 'huge' } as unknown as GenerateParams, 1)),
    // Any number is a usable seed by design (seededRandom folds it into 32 bits); a refusal is fine too.
    on('generate(seed NaN)', () => family.generate({ size: 'small' }, Number.NaN), false),
    on('generate(seed 1e308)', () => family.generate({ size: 'small' }, 1e308), false),
    on("runMethod('no-such-method')", () => runMethod(family, instance, 'no-such-method')),
    on('runMethod(timeLimitSec -1)', () => runMethod(family, instance, undefined, { timeLimitSec: -1 })),
    on('runMethod(timeLimitSec NaN)', () => runMethod(family, instance, undefined, { timeLimitSec: Number.NaN })),
    on('runMethod(timeLimitSec 0)', () => runMethod(family, instance, 'heuristic/default', { timeLimitSec: 0 }), false),
  ];
}

function modelCases(): LibraryCase[] {
  const nanModel = () => {
    const m = new Model('nan');
    const x = m.addVar({ name: 'x', lb: 0, ub: 1 });
    m.addConstraint(x.times(Number.NaN).le(1), 'c');
    m.minimize(x);
    return m;
  };
  const infiniteBounds = () => {
    const m = new Model('inf');
    const x = m.addVar({ name: 'x', lb: Number.POSITIVE_INFINITY });
    m.minimize(x);
    return m;
  };
  return [
    { label: 'readLp("")', call: () => readLp('') },
    { label: 'readLp(garbage)', call: () => readLp('\u0000\uffff garbage') },
    { label: 'readMps("")', call: () => readMps('') },
    { label: 'readMps(garbage)', call: () => readMps('ROWS\nCOLUMNS x\n') },
    { label: 'solve(model with a NaN coefficient)', call: () => solve(nanModel()) },
    { label: 'solve(variable with lb +Infinity)', call: () => solve(infiniteBounds()) },
    { label: "solve(solver 'nope')", call: () => solve(new Model('empty'), { solver: 'nope' }) },
  ];
}

function perfCases(): LibraryCase[] {
  const model = perf.getModelPreset('llama3-8b');
  const cluster = perf.sizedCluster(perf.getGpu('h100'), 8, 8, perf.getLink('nvlink4'), perf.getLink('ib-ndr'));
  const train = { model, cluster, gpus: 8, tp: 1, pp: 1, seqLength: 2048, globalBatch: 8 };
  const serve = { model, cluster, tp: 1, batch: 1, inputLen: 128, outputLen: 128 };
  return [
    {
      label: 'estimateTraining(seqLength NaN)',
      call: () => perf.estimateTraining({ ...train, seqLength: Number.NaN }),
    },
    { label: 'estimateTraining(seqLength 1e308)', call: () => perf.estimateTraining({ ...train, seqLength: 1e308 }) },
    { label: 'estimateTraining(gpus 0)', call: () => perf.estimateTraining({ ...train, gpus: 0 }) },
    { label: 'estimateTraining(tp 3)', call: () => perf.estimateTraining({ ...train, tp: 3 }) },
    { label: 'estimateServing(inputLen 1e308)', call: () => perf.estimateServing({ ...serve, inputLen: 1e308 }) },
    { label: 'estimateServing(batch NaN)', call: () => perf.estimateServing({ ...serve, batch: Number.NaN }) },
    { label: 'estimateServing(outputLen 0)', call: () => perf.estimateServing({ ...serve, outputLen: 0 }) },
    { label: "getModelPreset('nope')", call: () => perf.getModelPreset('nope') },
    { label: 'modelFromHfConfig({})', call: () => perf.modelFromHfConfig({}) },
  ];
}

function otherCases(): LibraryCase[] {
  return [
    { label: "getFamily('nope')", call: () => getFamily('nope') },
    { label: "readInstanceText('', 'x.json')", call: () => readInstanceText('', 'x.json') },
    { label: "readInstanceText('{}', 'x.json')", call: () => readInstanceText('{}', 'x.json') },
    { label: "readInstanceText(bytes, 'x.unknown')", call: () => readInstanceText('abc', 'x.unknown') },
    { label: "score('nope', ...)", call: () => score('nope', 'export default () => ({})', []) },
    { label: "score('rcpsp', syntax error)", call: () => score('rcpsp', 'export default (', [], { workers: 0 }) },
    {
      label: "score('rcpsp', no instances)",
      call: () => score('rcpsp', 'export default () => ({})', [], { workers: 0 }),
    },
  ];
}

let cached: LibraryCase[] | undefined;

/** Every library case, in a fixed order (the worker runs them by index). */
export async function libraryCases(): Promise<LibraryCase[]> {
  if (cached) return cached;
  const families = await Promise.all(familyIds().map((id) => getFamily(id)));
  const wrongArguments = [...modelCases(), ...perfCases(), ...otherCases()].map((c) => ({ refuse: true, ...c }));
  cached = [...wrongArguments, ...families.flatMap(familyCases)];
  return cached;
}
