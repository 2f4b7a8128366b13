/** `schedlab evaluate FILE PLAN --trace OUT` writes a window of the plan's simulation as Chrome trace-event JSON. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { scratchDir } from '../../support/scratch.js';

const scratch = scratchDir('schedlab-serving-trace-');
const file = join(scratch, 'chat.json');
const small = JSON.parse(readFileSync('instances/serving-plan/small/chat-llama3-8b-8-150-1000.json', 'utf8'));
small.data.traffic.requests = 300;
writeFileSync(file, JSON.stringify(small));

interface TraceEvent {
  name: string;
  ph: string;
  cat?: string;
  pid: number;
  dur?: number;
}

it('writes prefill, decode and KV-transfer spans of a disaggregated plan, one process per node', async () => {
  const limits = { maxBatchTokens: 8192, maxBatchSize: 256 };
  const plan = {
    instances: [
      { role: 'prefill', tp: 1, node: 0, ...limits },
      { role: 'decode', tp: 1, node: 0, ...limits },
      { role: 'decode', tp: 1, node: 0, ...limits },
    ],
  };
  const planFile = join(scratch, 'plan.json');
  writeFileSync(planFile, JSON.stringify(plan));
  const out = join(scratch, 'trace.json');
  const run = await runCli('evaluate', file, planFile, '--trace', out);
  expect(run.code, run.stderr).toBe(0);
  const events = (JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const spans = events.filter((event) => event.ph === 'X');
  expect(new Set(spans.map((span) => span.cat))).toEqual(new Set(['prefill', 'decode', 'transfer']));
  expect(spans.every((span) => span.pid === 1 && (span.dur ?? -1) >= 0)).toBe(true);
  expect(events.some((event) => event.ph === 'M' && event.name === 'thread_name')).toBe(true);
});
