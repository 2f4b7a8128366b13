import { describe, expect, it } from 'vitest';
import { main as knapsack } from '../examples/knapsack.js';
import { main as lexicographic } from '../examples/lexicographic.js';

describe('examples', () => {
  it('knapsack: takes b, c, d, e (weight 8) for value 15', async () => {
    const result = await knapsack();
    expect(result.termination).toBe('optimal');
    expect(result.value).toBeCloseTo(15, 9);
    expect(result.weight).toBeCloseTo(8, 9);
    expect(result.taken).toEqual(['b', 'c', 'd', 'e']);
  });

  it('lexicographic: places all four jobs, then pays 32 with the cheap node full', async () => {
    const result = await lexicographic();
    expect(result.proven).toEqual([true, true]);
    expect(result.placed).toBeCloseTo(4, 9);
    expect(result.cost).toBeCloseTo(32, 6);
    expect(result.cheapLoad).toBeCloseTo(8, 6);
  });
});
