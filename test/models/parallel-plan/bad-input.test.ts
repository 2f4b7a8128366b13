/** Bad input from the command line: exit 2, the path of the field, and a fix; never a stack trace. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { scratchDir } from '../../support/scratch.js';

const scratch = scratchDir('parallel-plan-bad-');
const file = (name: string, data: unknown): string => {
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify({ family: 'parallel-plan', name, data }));
  return path;
};
const base = {
  model: 'llama3-8b',
  cluster: { gpu: 'h100-sxm', gpus: 8 },
  workload: { seqLength: 4096, globalBatch: 32 },
};

async function refused(path: string, ...extra: string[]): Promise<string> {
  const run = await runCli('heuristic', path, ...extra);
  expect(run.code, run.stderr).toBe(2);
  expect(run.stderr).not.toMatch(/\n\s+at /);
  return run.stderr;
}

describe('parallel-plan bad input', () => {
  it('an unknown model or GPU names the field and the choices', async () => {
    expect(await refused(file('model.json', { ...base, model: 'llama9' }))).toMatch(
      /data\.model.*unknown model 'llama9'.*llama3-8b/,
    );
    expect(await refused(file('gpu.json', { ...base, cluster: { gpu: 'h900', gpus: 8 } }))).toMatch(
      /data\.cluster\.gpu/,
    );
  });

  it('a config.json without the fields the model needs', async () => {
    const path = file('config.json', { ...base, model: { hidden_size: 4096 } });
    expect(await refused(path)).toMatch(/data\.model\.num_hidden_layers/);
  });

  it('GPUs no plan can fit: which memory term is over, by how much', async () => {
    const path = file('fit.json', { ...base, model: 'llama3-405b', cluster: { gpu: 'h100-sxm', gpus: 8 } });
    expect(await refused(path)).toMatch(
      /data\.cluster\.gpus.*no plan fits in memory.*model states alone \([\d.]+ GB\) are over by [\d.]+ GB/,
    );
  });

  it('a memory headroom of the whole GPU or more: at the field, with the GPU memory', async () => {
    const path = file('headroom.json', { ...base, limits: { memoryHeadroomGb: 80 } });
    expect(await refused(path)).toMatch(/data\.limits\.memoryHeadroomGb.*h100-sxm's 80\.0 GB.*less than 80\.0/);
  });

  it('degrees that cannot divide: in the limits, and in a solution', async () => {
    const limits = file('limits.json', { ...base, limits: { tp: { values: [3] } } });
    expect(await refused(limits)).toMatch(/data\.cluster\.gpus.*tp must divide the 32 heads/);
    const solution = join(scratch, 'solution.json');
    writeFileSync(solution, JSON.stringify({ tp: 2, pp: 2, dp: 2, cp: 1, ep: 2 }));
    const run = await runCli('evaluate', file('ok.json', base), solution);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/solution\.ep.*ep 2 needs a mixture-of-experts model/);
  });

  it('a bad generator knob', async () => {
    const run = await runCli('generate', 'parallel-plan', '--param', 'gpuz=8', '--out', scratch);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown generator parameter 'gpuz'/);
  });
});
