/**
 * `score` beyond the adversarial suite: reproducible to the byte, the cache, the cascade,
 * the score formula, the skeletons of RCPSP and pod-packing, and the examples' evaluators.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { openEvaluator } from '../../examples/oracle/evaluator.js';
import { family as pipeline } from '../../models/pipeline/index.js';
import { family as podPacking } from '../../models/pod-packing/index.js';
import { family as rcpsp } from '../../models/rcpsp/index.js';
import { instanceScore } from '../../src/oracle/aggregate.js';
import { defaultCacheDir } from '../../src/oracle/cache.js';
import { openOracle, score } from '../../src/oracle/score.js';
import { scratchDir } from '../support/scratch.js';

const oracle = openOracle({ workers: 2 });
afterAll(() => oracle.close());

const psplib = 'instances/rcpsp/psplib-like';
const chain = readFileSync('examples/oracle/chain-heuristic.js', 'utf8');
const lst = readFileSync('examples/oracle/lst-priority.js', 'utf8');
/** A random-restart candidate: Math.random and ctx.random both feed its answer. */
const randomized = `${chain.replace('export default function chain', 'function chain')}
export default function (data, ctx) {
  const order = data.activities.map((a, k) => k).sort(() => Math.random() - ctx.random());
  console.log('first', order[0], ctx.seed);
  return chain(data);
}`;

describe('score: reproducible, cached, cascaded', () => {
  it('gives byte-identical JSON for the same inputs, with any number of workers', async () => {
    const options = { cache: false as const, seed: 5 };
    const first = JSON.stringify(await oracle.score('rcpsp', randomized, [psplib], options));
    const again = JSON.stringify(await oracle.score('rcpsp', randomized, [psplib], options));
    const inProcess = JSON.stringify(await score('rcpsp', randomized, [psplib], { ...options, workers: 0 }));
    expect(again).toBe(first);
    expect(inProcess).toBe(first);
    const otherSeed = JSON.stringify(await oracle.score('rcpsp', randomized, [psplib], { ...options, seed: 6 }));
    expect(otherSeed).not.toBe(first);
  });

  it('serves a re-scored candidate from the on-disk cache, with the same report', async () => {
    const cache = scratchDir('schedlab-oracle-cache-');
    const fresh = await oracle.score('rcpsp', chain, [psplib], { cache, timings: true });
    const cached = await oracle.score('rcpsp', chain, [psplib], { cache, timings: true });
    expect(fresh.instances.every((s) => s.cached === false)).toBe(true);
    expect(cached.instances.every((s) => s.cached === true)).toBe(true);
    const strip = (r: typeof fresh) => r.instances.map(({ timeMs, cached, ...rest }) => rest);
    expect(strip(cached)).toEqual(strip(fresh));
    expect(readdirSync(cache).length).toBeGreaterThan(0);
    const otherSeed = await oracle.score('rcpsp', chain, [psplib], { cache, timings: true, seed: 2 });
    expect(otherSeed.instances.every((s) => s.cached === false)).toBe(true);
  });

  it('finds the cache folder from the environment', () => {
    expect(defaultCacheDir({ HOME: '/home/me' })).toBe('/home/me/.cache/schedlab/oracle');
    expect(defaultCacheDir({ HOME: '/home/me', XDG_CACHE_HOME: '/cache' })).toBe('/cache/schedlab/oracle');
    expect(defaultCacheDir({ SCHEDLAB_CACHE_DIR: '/elsewhere' })).toBe('/elsewhere');
    expect(defaultCacheDir({ SCHEDLAB_CACHE_DIR: 'off' })).toBeNull();
  });

  it('stops the cascade early under the threshold, and runs everything above it', async () => {
    const bad = 'export default () => ({ starts: {} });';
    const stopped = await oracle.score('rcpsp', bad, [psplib], { cache: false, cascade: { firstStage: 3 } });
    expect(stopped.cascade).toEqual({ firstStage: 3, threshold: 0.5, stoppedEarly: true });
    expect(stopped.summary).toMatchObject({ instances: 12, scored: 3, combinedScore: 0 });
    const full = await oracle.score('rcpsp', lst, [psplib], { cache: false, cascade: true, skeleton: 'serial-sgs' });
    expect(full.cascade?.stoppedEarly).toBe(false);
    expect(full.summary.scored).toBe(12);
  });

  it('computes gaps and scores by the documented formula, for both senses', () => {
    const run = { status: 'ok' as const, objective: 44, feasible: true, violations: [], console: '', timeMs: 0 };
    const instance = { name: 'x', dataText: '{}', reference: { value: 40, proven: true } };
    expect(instanceScore('min', instance, run, false)).toMatchObject({ gap: 0.1, score: 1 / 1.1 });
    expect(instanceScore('max', instance, run, false)).toMatchObject({ gap: -0.1, score: 1 });
    expect(instanceScore('min', { ...instance, reference: undefined }, run, false)).toMatchObject({
      gap: null,
      score: 1,
    });
    expect(instanceScore('min', instance, { ...run, status: 'infeasible' }, false)).toMatchObject({
      gap: null,
      score: 0,
    });
  });
});

describe('skeletons', () => {
  it('RCPSP serial-sgs: a feasible schedule on every classic instance (fast-check, fixed seed)', async () => {
    const seeds = fc.sample(fc.integer({ min: 1, max: 1_000_000 }), { seed: 42, numRuns: 6 });
    const inputs = seeds.map((seed) => ({ name: `g${seed}`, instance: rcpsp.generate({ size: 'small' }, seed) }));
    const report = await oracle.score('rcpsp', rcpsp.skeletons?.['serial-sgs'].example ?? '', inputs, {
      cache: false,
      skeleton: 'serial-sgs',
    });
    for (const result of report.instances) expect(result.status, result.violations.join('\n')).toBe('ok');
  });

  it('RCPSP serial-sgs: a priority that is not a finite number is invalid output naming the call', async () => {
    const report = await oracle.score('rcpsp', 'export default (a) => (a.index === 3 ? NaN : 1);', [psplib], {
      cache: false,
      skeleton: 'serial-sgs',
    });
    expect(report.instances[0].status).toBe('invalid-output');
    expect(report.instances[0].message).toMatch(/^priority\(".+"\) returned NaN; return a finite number$/);
  });

  it('pod-packing scheduler-score: the example places pods feasibly on the paper grid', async () => {
    const example = podPacking.skeletons?.['scheduler-score'].example ?? '';
    const report = await oracle.score('pod-packing', example, ['instances/pod-packing/paper-grid'], {
      cache: false,
      skeleton: 'scheduler-score',
    });
    for (const result of report.instances) expect(result.status, result.violations.join('\n')).toBe('ok');
    expect(report.summary.meanGap).toBeLessThan(0.05);
  });
});

describe('pipeline skeleton', () => {
  it('next-pass: the example gives feasible schedules on the one-stage-per-device zero-bubble instances', async () => {
    const example = pipeline.skeletons?.['next-pass'].example ?? '';
    const files = ['small-p3-m6-1p', 'gpt-1.5b-p8-m24-1p'].map((name) => `instances/pipeline/zero-bubble/${name}.json`);
    const report = await oracle.score('pipeline', example, files, {
      cache: false,
      skeleton: 'next-pass',
      timeoutMs: 5000,
    });
    for (const result of report.instances) expect(result.status, result.violations.join('\n')).toBe('ok');
    expect(report.summary.meanGap).toBeLessThan(0.1);
  });
});

describe('examples/oracle', () => {
  it('the Node evaluator returns the OpenEvolve object, and 0 with the reason for a refused candidate', async () => {
    const evaluator = openEvaluator({
      family: 'rcpsp',
      instances: [psplib],
      skeleton: 'serial-sgs',
      cache: false,
      workers: 0,
    });
    try {
      const good = await evaluator.evaluate(lst);
      expect(good.metrics.combined_score).toBeGreaterThan(0.8);
      expect(good.metrics.ok).toBe(12);
      const refused = await evaluator.evaluate('export default function ( {');
      expect(refused).toMatchObject({ metrics: { combined_score: 0 } });
      expect(refused.artifacts.error).toMatch(/does not parse/);
    } finally {
      evaluator.close();
    }
  });

  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python)(
    'the Python evaluate(program_path) scores through `schedlab score` (skipped without python3)',
    () => {
      const env = {
        ...process.env,
        SCHEDLAB_CMD: `${process.execPath} --import tsx src/cli/main.ts`,
        SCHEDLAB_INSTANCES: psplib,
        SCHEDLAB_SCORE_ARGS: '--no-cache --workers 0',
      };
      const run = spawnSync(
        'python3',
        [join('examples', 'oracle', 'evaluator.py'), 'examples/oracle/chain-heuristic.js'],
        {
          env,
          encoding: 'utf8',
          timeout: 60_000,
        },
      );
      expect(run.status, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as { metrics: Record<string, number> };
      expect(result.metrics.ok).toBe(12);
      expect(result.metrics.combined_score).toBeGreaterThan(0);
    },
  );
});
