/** Our EPLB port against the reference outputs of github.com/deepseek-ai/EPLB and cases worked out by hand. */
import { describe, expect, it } from 'vitest';
import { balancedPacking, rebalanceExperts, replicateExperts } from '../../../models/expert-placement/index.js';

describe('EPLB port', () => {
  it("reproduces the README's two-layer example (12 experts, 4 groups, 16 slots, 2 nodes of 4 GPUs)", () => {
    const first = [90, 132, 40, 61, 104, 165, 39, 4, 73, 56, 183, 86];
    const second = [20, 107, 104, 64, 19, 197, 187, 157, 172, 86, 16, 27];
    expect(rebalanceExperts(first, 16, 4, 2, 8).phy2log).toEqual([5, 6, 5, 7, 8, 4, 3, 4, 10, 9, 10, 2, 0, 1, 11, 1]);
    expect(rebalanceExperts(second, 16, 4, 2, 8).phy2log).toEqual([7, 10, 6, 8, 6, 11, 8, 9, 2, 4, 5, 1, 5, 0, 3, 1]);
  });

  it('packs heaviest first into the lightest pack with room (by hand: 5, 4, 3, 2 into 2 packs of 2)', () => {
    // 5 -> pack 0; 4 -> pack 1; 3 -> pack 1 (4 < 5); 2 -> pack 0 (pack 1 is full).
    expect(balancedPacking([5, 4, 3, 2], 2)).toEqual({ pack: [0, 1, 1, 0], rank: [0, 0, 1, 1] });
  });

  it('gives each redundant slot to the highest load per replica (by hand: 10, 6 with 2 extra slots)', () => {
    // 10/1 > 6/1: expert 0 gets a replica (10/2 = 5); then 6/1 > 5: expert 1 does.
    expect(replicateExperts([10, 6], 4)).toEqual({ phy2log: [0, 1, 0, 1], rank: [0, 0, 1, 1], count: [2, 2] });
  });

  it('falls back to the global policy when the nodes do not divide the groups', () => {
    const weight = [8, 1, 1, 1, 1, 1, 1, 2];
    const global = rebalanceExperts(weight, 8, 3, 2, 4);
    expect(global).toEqual(rebalanceExperts(weight, 8, 1, 1, 4));
  });
});
