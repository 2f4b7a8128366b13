import { describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('schedlab estimate (through the real entry point)', () => {
  it('train --json gives the figures named in the issue', async () => {
    const { code, stdout } = await runCli('estimate', 'train', '--model', 'llama3-8b', '--gpu', 'H100', '--gpus', '8', '--tp', '1', '--pp', '1', '--seq', '4096', '--global-batch', '64', '--micro-batch', '1', '--json');
    expect(code).toBe(0);
    const estimate = JSON.parse(stdout);
    for (const key of ['stepTimeS', 'tflopsPerGpu', 'mfu', 'peakMemoryBytes']) expect(Number.isFinite(estimate[key])).toBe(true);
    expect(estimate.mfu).toBeGreaterThan(0);
    expect(estimate.mfu).toBeLessThan(1);
  });

  it('serve --json gives TTFT, TPOT and throughput', async () => {
    const { code, stdout } = await runCli('estimate', 'serve', '--model', 'llama3-70b', '--gpu', 'H100', '--tp', '8', '--batch', '8', '--input-len', '1024', '--output-len', '256', '--json');
    expect(code).toBe(0);
    const estimate = JSON.parse(stdout);
    expect(estimate.ttftS).toBeGreaterThan(0);
    expect(estimate.tpotS).toBeGreaterThan(0);
    expect(estimate.tokensPerS).toBeGreaterThan(0);
  });

  it('an unknown GPU is bad input (exit 2) and the message names the choices', async () => {
    const { code, stderr } = await runCli('estimate', 'train', '--model', 'llama3-8b', '--gpu', 'V100', '--gpus', '8', '--tp', '1', '--pp', '1', '--seq', '4096', '--global-batch', '64');
    expect(code).toBe(2);
    expect(stderr).toMatch(/V100/);
    expect(stderr).toMatch(/h100-sxm/);
  });
});
