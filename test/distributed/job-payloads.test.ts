/**
 * Job payloads are validated where they are made (enqueue) and where they are run (a worker),
 * so a malformed job never reaches Redis and a foreign one never reaches a method; and equal
 * payloads get equal content ids whatever the order of their keys.
 */
import { describe, expect, it } from 'vitest';
import { benchJob, benchQueueOf, runBenchJob } from '../../src/distributed/bench-jobs.js';
import { contentId } from '../../src/distributed/queues.js';
import { scoreJob } from '../../src/distributed/score-jobs.js';
import { getFamily } from '../../src/family/registry.js';
import { defaultLimits } from '../../src/oracle/types.js';
import { inputErrorOf, rejectionOf } from '../support/errors.js';

describe('job payloads', () => {
  it('refuse a bad bench job at enqueue and at run time, naming the field', async () => {
    const family = await getFamily('rcpsp');
    const item = { family, name: 'a', instance: family.generate({ size: 'small' }, 1), file: 'a.json', folder: '.' };
    const method = { kind: 'heuristic' as const, label: 'serial-lft', heuristic: 'serial-lft' };
    const good = benchJob(item, method, { timeLimitSec: 5, seed: 1, references: new Map() });
    expect(benchQueueOf(good)).toBe('bench');
    expect(benchQueueOf({ ...good, method: { kind: 'mip', label: 'mip', solver: 'highs' } })).toBe('exact');
    const tooLong = inputErrorOf(() => benchJob(item, method, { timeLimitSec: 1e9, seed: 1, references: new Map() }));
    expect(tooLong.location.path).toBe('bench job.timeLimitSec');
    const foreign = await rejectionOf(runBenchJob({ ...good, method: { kind: 'shell', command: 'rm -rf /' } }));
    expect(foreign.kind).toBe('input');
    expect(foreign.location.path).toMatch(/^bench job\.method/);
    expect((await runBenchJob(good)).feasible).toBe(true);
  });

  it('refuse a score chunk with limits out of range', () => {
    const chunk = {
      familyId: 'rcpsp',
      source: 'export default () => ({})',
      skeleton: null,
      limits: { ...defaultLimits, timeoutMs: -1 },
      seed: 1,
      instances: [{ index: 0, dataText: '{}' }],
    };
    expect(inputErrorOf(() => scoreJob(chunk)).location.path).toBe('score job.limits.timeoutMs');
  });

  it('give equal payloads equal ids, whatever the order of their keys', () => {
    expect(contentId('bench', { a: 1, b: [1, { c: 2, d: 3 }] })).toBe(
      contentId('bench', { b: [1, { d: 3, c: 2 }], a: 1 }),
    );
    expect(contentId('bench', { a: 1 })).not.toBe(contentId('score', { a: 1 }));
    expect(contentId('bench', { a: 1 })).toMatch(/^bench-[0-9a-f]{64}$/);
  });
});
