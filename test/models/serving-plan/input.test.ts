/**
 * Bad input, as the issue lists it: a BurstGPT trace with a missing column or a timestamp that
 * goes back (the line), an SLO no plan can meet (the phase and by how much), a budget below one
 * instance (the field and the size to raise it to); and the CLI's exit 2 for each.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { family, readBurstGptRows } from '../../../models/serving-plan/index.js';
import { runCli } from '../../cli/run-cli.js';
import { burstGptSample } from '../../support/burstgpt.js';
import { inputErrorOf } from '../../support/errors.js';
import { scratchDir } from '../../support/scratch.js';

const scratch = scratchDir('schedlab-serving-plan-');
const base = {
  model: 'llama3-8b',
  cluster: { gpu: 'h100', gpus: 8 },
  traffic: {
    kind: 'synthetic',
    rate: 5,
    requests: 100,
    prompt: { kind: 'fixed', tokens: 1024 },
    output: { kind: 'fixed', tokens: 64 },
  },
  slo: { ttftS: 0.4, tpotS: 0.1 },
};

describe('BurstGPT reader', () => {
  it('reads the rows, skipping failed requests (0 response tokens)', () => {
    const rows = readBurstGptRows(burstGptSample);
    expect(rows).toHaveLength(7);
    expect(rows[0]).toEqual([5, 472, 18]);
  });

  it('names the missing column on line 1', () => {
    const error = inputErrorOf(() => readBurstGptRows('Timestamp,Model,Request tokens,Total tokens\n1,a,2,3\n'));
    expect(error.location.line).toBe(1);
    expect(error.message).toMatch(/'Response tokens'/);
  });

  it('names the line whose timestamp goes back', () => {
    const text = burstGptSample.replace('140,ChatGPT', '100,ChatGPT');
    const error = inputErrorOf(() => readBurstGptRows(text));
    expect(error.location.line).toBe(6);
    expect(error.message).toMatch(/sort the trace by Timestamp/);
  });

  it('names the line and column of a token count that is not a whole number', () => {
    const error = inputErrorOf(() => readBurstGptRows(burstGptSample.replace('472,18', '47.5,18')));
    expect([error.location.line, error.location.column]).toEqual([2, 3]);
  });
});

describe('model and cluster as in the other perf families', () => {
  it('reads a Hugging Face config.json as the model and gives the same costs as the preset', async () => {
    const { llama3_8bConfig } = await import('../../support/hf-configs.js');
    const fromConfig = family.parse({ ...base, model: llama3_8bConfig });
    const fromPreset = family.parse(base);
    const plan = {
      router: 'least-tokens' as const,
      instances: [{ role: 'colocated' as const, tp: 1, pp: 1, node: 0, maxBatchTokens: 8192, maxBatchSize: 256 }],
    };
    expect(family.evaluate(fromConfig, plan).metrics.ttftP90S).toBeCloseTo(
      family.evaluate(fromPreset, plan).metrics.ttftP90S,
      6,
    );
  });

  it('names the path of an unknown GPU', () => {
    const error = inputErrorOf(() => family.parse({ ...base, cluster: { gpu: 'h1000', gpus: 8 } }));
    expect(error.location.path).toBe('data.cluster.gpu');
  });
});

describe('instances no plan can serve', () => {
  it('refuses a budget below one instance, naming the size to raise it to', () => {
    const error = inputErrorOf(() => family.parse({ ...base, model: 'llama3-70b', cluster: { gpu: 'h100', gpus: 1 } }));
    expect(error.location.path).toBe('data.cluster.gpus');
    expect(error.message).toMatch(
      /TP 4 x PP 1 = 4 GPUs, more than the budget of 1; raise data.cluster.gpus to at least 4/,
    );
  });

  it('refuses an SLO no plan can meet, naming the phase and by how much', () => {
    const error = inputErrorOf(() => family.parse({ ...base, slo: { ttftS: 0.001, tpotS: 0.1 } }));
    expect(error.location.path).toBe('data.slo.ttftS');
    expect(error.message).toMatch(
      /the prefill phase fails most, its p90 is [\d.e-]+ s, [\d.e-]+ s over data.slo.ttftS = 0.001 s/,
    );
  });

  it('refuses a trace whose arrivals go back, at the row', () => {
    const traffic = {
      kind: 'trace',
      requests: [
        [0, 10, 10],
        [2, 10, 10],
        [1, 10, 10],
      ],
    };
    const error = inputErrorOf(() => family.parse({ ...base, traffic }));
    expect(error.location.path).toBe('data.traffic.requests[2][0]');
  });
});

describe('the CLI on bad input', () => {
  const write = (name: string, text: string) => {
    const file = join(scratch, name);
    writeFileSync(file, text);
    return file;
  };

  it('exits 2 on a trace with a missing column, naming the file and line', async () => {
    const file = write('bad.csv', 'Timestamp,Model\n1,a\n');
    const run = await runCli('heuristic', file, '--family', 'serving-plan');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/bad\.csv:1.*'Request tokens'/);
  });

  it('exits 2 on a budget below one instance, naming the path', async () => {
    const data = { ...base, model: 'llama3-70b', cluster: { gpu: 'h100', gpus: 1 } };
    const file = write('small-budget.json', JSON.stringify({ family: 'serving-plan', data }));
    const run = await runCli('solve', file);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/data\.cluster\.gpus/);
    expect(run.stderr).not.toMatch(/at .*\.ts:\d+/);
  });

  it('solves a trace file with the strongest method and reports it', async () => {
    const file = write('trace.csv', burstGptSample);
    const run = await runCli('solve', file, '--family', 'serving-plan', '--json');
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { method: string; feasible: boolean; objective: number };
    expect(report.method).toBe('capacity-plan');
    expect(report.feasible).toBe(true);
    expect(report.objective).toBe(1);
  });
});
