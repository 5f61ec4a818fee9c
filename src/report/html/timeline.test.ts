import { describe, expect, it } from 'vitest';
import type { IntervalSeries } from '../model.js';
import { errorBars, latencyPoints, ratePoints, timeAxisFor } from './timeline.js';

const point = (t: number, count: number, p: number, errors = 0) => ({ t, count, errors, p50: p, p95: p * 2, p99: p * 3, encoded: '' });

const series: IntervalSeries = {
  intervalMs: 1000,
  points: [point(0, 10, 1000), point(1000, 0, 0), point(2000, 4, 0), point(3000, 5, 2000, 2)],
};

describe('over-time points', () => {
  const axis = timeAxisFor(3500);

  it('places each bucket at its centre, in seconds, over the run span', () => {
    expect(axis.domain).toEqual([0, 3.5]);
    expect(latencyPoints(series, 'p50', axis).map((p) => p.x)).toEqual([0.5, 1.5, 2.5, 3.5]);
  });

  it('switches to minutes for long runs', () => {
    expect(timeAxisFor(3_600_000).label).toContain('min');
  });

  it('leaves gaps where a bucket measured no latency (empty, or attempts without a done time)', () => {
    expect(latencyPoints(series, 'p99', axis).map((p) => p.y)).toEqual([3, null, null, 6]);
  });

  it('divides the cut-short last bucket by its real width', () => {
    // The run ended 500 ms into the last bucket: 5 in 0.5 s is 10/s, not 5/s.
    expect(ratePoints(series, axis, 3500).map((p) => p.y)).toEqual([10, 0, 4, 10]);
  });

  it('keeps error counts per bucket with a tooltip', () => {
    const bars = errorBars(series, axis);
    expect(bars[3]).toMatchObject({ y: 2 });
    expect(bars[3]?.label).toContain('2 errors of 5');
  });
});

describe('densePoints', () => {
  it('fills buckets the recorder did not store, so lines break (latency) or drop to zero (rate)', () => {
    const sparse: IntervalSeries = { intervalMs: 1000, points: [point(0, 2, 1000), point(3000, 2, 1000)] };
    const axis = timeAxisFor(4000);
    expect(latencyPoints(sparse, 'p50', axis).map((p) => p.y)).toEqual([1, null, null, 1]);
    expect(ratePoints(sparse, axis, 4000).map((p) => p.y)).toEqual([2, 0, 0, 2]);
  });
});
