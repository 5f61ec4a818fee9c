import { describe, expect, it } from 'vitest';
import { WeightedRoundRobin } from './weighted.js';

describe('WeightedRoundRobin', () => {
  it('picks each item exactly weight times per cycle, spread out', () => {
    const rr = new WeightedRoundRobin([
      { item: 'a', weight: 5 },
      { item: 'b', weight: 1 },
      { item: 'c', weight: 1 },
    ]);
    const picks = Array.from({ length: 14 }, () => rr.next());
    expect(picks.filter((p) => p === 'a')).toHaveLength(10);
    expect(picks.filter((p) => p === 'b')).toHaveLength(2);
    expect(picks.slice(0, 7)).toEqual(['a', 'a', 'b', 'a', 'c', 'a', 'a']);
  });

  it('is a plain rotation with equal weights', () => {
    const rr = new WeightedRoundRobin([
      { item: 1, weight: 1 },
      { item: 2, weight: 1 },
      { item: 3, weight: 1 },
    ]);
    expect(Array.from({ length: 6 }, () => rr.next())).toEqual([1, 2, 3, 1, 2, 3]);
  });
});
