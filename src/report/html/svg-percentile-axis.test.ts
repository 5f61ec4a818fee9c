import { describe, expect, it } from 'vitest';
import { MAX_NINES, percentileLabel, percentileTicks, percentileToX, xToPercentile } from './svg-percentile-axis.js';

describe('percentile axis (log scale of 1/(1−p))', () => {
  it('gives every nine the same width', () => {
    expect(percentileToX(0)).toBe(0);
    expect(percentileToX(0.9)).toBeCloseTo(1);
    expect(percentileToX(0.99)).toBeCloseTo(2);
    expect(percentileToX(0.999)).toBeCloseTo(3);
  });

  it('clamps 100 % to the last plotted nine', () => {
    expect(percentileToX(1)).toBe(MAX_NINES);
  });

  it('inverts', () => {
    for (const p of [0.5, 0.9, 0.95, 0.999]) expect(xToPercentile(percentileToX(p))).toBeCloseTo(p, 10);
  });

  it('labels ticks 0%, 90%, 99%, 99.9%, 99.99%', () => {
    expect([0, 1, 2, 3, 4].map(percentileLabel)).toEqual(['0%', '90%', '99%', '99.9%', '99.99%']);
  });

  it('ticks every whole nine up to the data, at least to 90 %', () => {
    expect(percentileTicks(3.38).map((t) => t.label)).toEqual(['0%', '90%', '99%', '99.9%']);
    expect(percentileTicks(0).map((t) => t.x)).toEqual([0, 1]);
    expect(percentileTicks(99).length).toBe(MAX_NINES + 1);
  });
});
