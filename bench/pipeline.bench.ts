/**
 * Pipeline schedules: bubble rate and peak activation memory (in M_B of one full stage) of
 * every method for p in {4, 8, 16} and m in {p, 2p, 3p, 4p}, with the zero-bubble paper's 1.5B
 * times (T_F 18.5, T_B 18.1, T_W 9.3, T_comm 0.6 ms, M_W/M_B 0.366), and the ILP under p·M_B
 * warm-started from the default heuristic: solve time, gap, and what it gains on the greedy
 * scheduler (ZB-1p). Then the paper's check: the 1.5B case (p 8, m 24) under p·M_B and 2p·M_B.
 *
 * Environment: PIPELINE_BENCH_GRID (default "4,8,16": the p values; or "4x8,8x24" for pairs),
 * PIPELINE_BENCH_ILP_S (default 60; 0 skips the ILP), PIPELINE_BENCH_ILP_MAX_P (default 16).
 */
import { family } from '../models/pipeline/index.js';
import { formulatePipeline } from '../models/pipeline/formulation.js';
import { parsePipeline, withLayout, type PipelineInstance } from '../models/pipeline/instance.js';
import { solve } from '../src/solve/solve.js';
import { seededRandom } from '../src/util/random.js';

const paperStage = { times: { F: 18.5, B: 18.1, W: 9.3 }, comm: 0.6 };

function base(p: number, m: number, limit: number): PipelineInstance {
  return parsePipeline({
    name: `p${p}-m${m}`,
    devices: p,
    microbatches: m,
    ...paperStage,
    memory: { mB: 1, mW: 0.366, limit },
  });
}

interface Row {
  method: string;
  rate: number;
  peak: number;
  note?: string;
}

function score(instance: PipelineInstance, method: string): Row {
  const started = performance.now();
  try {
    const schedule = family.heuristics[method](instance, { rng: seededRandom(1), deadline: Date.now() + 10_000 });
    const evaluation = family.evaluate(instance, schedule);
    const note = `${(performance.now() - started).toFixed(0)} ms${evaluation.feasible ? '' : ' over limit'}`;
    return { method, rate: evaluation.metrics.bubbleRate, peak: evaluation.metrics.peakMemory, note };
  } catch (error) {
    return { method, rate: Number.NaN, peak: Number.NaN, note: (error as Error).message.slice(0, 60) };
  }
}

/** Every method on the layout it is made for; peaks in full-stage M_B. */
function baselines(p: number, m: number): Row[] {
  const split = base(p, m, p);
  const whole = withLayout(split, { splitBackward: false, memoryLimit: m });
  const rows = [
    { ...score(whole, 'gpipe'), method: 'GPipe' },
    { ...score(whole, '1f1b'), method: '1F1B' },
    { ...score(withLayout(whole, { chunks: 2 }), 'interleaved-1f1b'), method: '1F1B-I (v=2)' },
    { ...score(split, 'zb-h1'), method: 'ZB-H1' },
    { ...score(withLayout(split, { memoryLimit: 2 * p }), 'zb-h2'), method: 'ZB-H2' },
    { ...score(split, 'greedy'), method: 'greedy p·M_B (ZB-1p)' },
    { ...score(withLayout(split, { memoryLimit: 2 * p }), 'greedy'), method: 'greedy 2p·M_B (ZB-2p)' },
  ];
  // Chunks hold half a stage's activations each, so peaks stay in full-stage M_B.
  const v = withLayout(split, { chunks: 2, placement: 'vshape' });
  rows.push(
    { ...score(v, 'v-min'), method: 'V-Min' },
    { ...score(v, 'v-half'), method: 'V-Half' },
    { ...score(v, 'v-zb'), method: 'V-ZB' },
  );
  return rows;
}

async function ilp(
  instance: PipelineInstance,
  limitSec: number,
): Promise<Row & { gap: number; timeS: number; status: string; greedyRate: number }> {
  const incumbent = family.heuristics.default(instance, { rng: seededRandom(1), deadline: Date.now() + 10_000 });
  const greedyRate = family.evaluate(
    instance,
    family.heuristics.greedy(instance, { rng: seededRandom(1), deadline: 0 }),
  ).metrics.bubbleRate;
  const started = performance.now();
  const formulation = formulatePipeline(instance, { incumbent });
  const warmStart = formulation.encode(incumbent);
  const result = await solve(formulation.model, {
    solver: 'highs',
    timeLimitSec: limitSec,
    ...(warmStart ? { warmStart } : {}),
  });
  const timeS = (performance.now() - started) / 1000;
  const start = family.evaluate(instance, incumbent);
  const decoded = result.hasSolution ? family.evaluate(instance, formulation.decode(result.values)) : start;
  const best = decoded.feasible && decoded.objective <= start.objective ? decoded : start;
  const bound = Math.max(result.bestBound, family.lowerBound?.(instance) ?? 0);
  return {
    method: 'ILP p·M_B',
    rate: best.metrics.bubbleRate,
    peak: best.metrics.peakMemory,
    gap: Math.max(0, (best.objective - bound) / best.objective),
    timeS,
    status: result.termination,
    greedyRate,
    note: `${formulation.binaries} binaries`,
  };
}

function grid(): [number, number][] {
  const spec = process.env.PIPELINE_BENCH_GRID ?? '4,8,16';
  return spec.split(',').flatMap((part): [number, number][] => {
    if (part.includes('x')) {
      const [p, m] = part.split('x').map(Number);
      return [[p, m]];
    }
    const p = Number(part);
    return [1, 2, 3, 4].map((k): [number, number] => [p, k * p]);
  });
}

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : '—');

export async function run(_args: string[]): Promise<void> {
  const ilpLimit = Number(process.env.PIPELINE_BENCH_ILP_S ?? 60);
  const ilpMaxP = Number(process.env.PIPELINE_BENCH_ILP_MAX_P ?? 16);
  console.log('| p | m | method | bubble rate | peak M_B | note |');
  console.log('|---|---|---|---|---|---|');
  for (const [p, m] of grid()) {
    for (const row of baselines(p, m))
      console.log(`| ${p} | ${m} | ${row.method} | ${fmt(row.rate)} | ${fmt(row.peak, 2)} | ${row.note ?? ''} |`);
    if (ilpLimit > 0 && p <= ilpMaxP) {
      const row = await ilp(base(p, m, p), ilpLimit);
      console.log(
        `| ${p} | ${m} | ${row.method} | ${fmt(row.rate)} | ${fmt(row.peak, 2)} | ${row.status}, ${row.timeS.toFixed(1)} s, gap ${fmt(row.gap)}, greedy ${fmt(row.greedyRate)}, ${row.note} |`,
      );
    }
  }
  console.log(
    '\nPaper check, 1.5B (p 8, m 24): bubble rates vs the paper (ZB-1p = ZB-H1 0.1585 at p·M_B; ZB-2p 0.0433 at 2p·M_B)',
  );
  for (const [limit, paper, target] of [
    [8, 0.1585, 'ZB-H1'],
    [16, 0.0433, 'ZB-2p'],
  ] as const) {
    const instance = base(8, 24, limit);
    const ctx = { rng: seededRandom(1), deadline: Date.now() + 10_000 };
    const greedyEval = family.evaluate(instance, family.heuristics.greedy(instance, ctx));
    const reference =
      limit === 8 ? family.evaluate(instance, family.heuristics['zb-h1'](instance, ctx)).metrics.bubbleRate : paper;
    const bound = family.lowerBound?.(instance) ?? 0;
    const boundRate = (bound - greedyEval.metrics.busyMax) / bound;
    const row = ilpLimit > 0 ? await ilp(instance, ilpLimit) : undefined;
    const best = Math.min(greedyEval.metrics.bubbleRate, row?.rate ?? Infinity);
    const verdict =
      best <= reference + 1e-9
        ? 'met'
        : best <= boundRate + 1e-9
          ? `not met: ${fmt(best)} is the proven optimum (lower bound ${fmt(boundRate)})`
          : 'not met';
    const ilpText = row ? `ILP ${fmt(row.rate)} (${row.status}, ${row.timeS.toFixed(1)} s, gap ${fmt(row.gap)}), ` : '';
    console.log(
      `limit ${limit}·M_B: ${ilpText}greedy ${fmt(greedyEval.metrics.bubbleRate)}, lower bound ${fmt(boundRate)}, target ${target} ${fmt(reference)} (paper ${paper}): ${verdict}`,
    );
  }
}
