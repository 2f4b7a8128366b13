import { describe, expect, it } from 'vitest';
import { main } from '../examples/assignment.js';

describe('the README example', () => {
  it('puts the 4-hour job alone and the other two together: makespan 5', async () => {
    const result = await main();
    expect(result.termination).toBe('optimal');
    expect(result.makespan).toBeCloseTo(5, 9);
    expect(result.placement.b).toBe(result.placement.c);
    expect(result.placement.a).not.toBe(result.placement.b);
  });
});
