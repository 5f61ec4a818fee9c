import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { build } from 'hdr-histogram-js';
import { percentileTable } from './percentile-table.js';
import { spectrumFromHistogram, spectrumMarksFromHistogram, spectrumPoints } from './spectrum.js';

function histogram(values: number[]) {
  const h = build({ bitBucketSize: 'packed', useWebAssembly: false, numberOfSignificantValueDigits: 3, highestTrackableValue: 3_600_000_000 });
  for (const v of values) h.recordValue(v);
  return h;
}

describe('percentileTable', () => {
  it('answers exactly what getValueAtPercentile answers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50_000_000 }), { minLength: 1, maxLength: 300 }),
        fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 1, maxLength: 20 }),
        (values, percentiles) => {
          const h = histogram(values);
          const t = percentileTable(h);
          for (const p of [0, 50, 90, 99, 99.9, 100, ...percentiles]) expect(t.valueAt(p)).toBe(h.getValueAtPercentile(p));
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('spectrum', () => {
  it('runs from the minimum to the maximum, monotonically, in ms', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 1) * 1000);
    const pts = spectrumFromHistogram(histogram(values));
    expect(pts[0]?.x).toBe(0);
    expect(pts[0]?.y).toBeCloseTo(1, 1);
    // 1000 samples resolve three nines, the last point is the maximum.
    expect(pts[pts.length - 1]?.x).toBeCloseTo(3);
    expect(pts[pts.length - 1]?.y).toBeCloseTo(1000, -1);
    for (let i = 1; i < pts.length; i++) expect(pts[i]?.y ?? 0).toBeGreaterThanOrEqual(pts[i - 1]?.y ?? 0);
  });

  it('still spans to 90 % for a single sample, and is empty for no data or a corrupt encoding', () => {
    const one = spectrumFromHistogram(histogram([5000]));
    expect(one[one.length - 1]?.x).toBe(1);
    expect(spectrumPoints('')).toEqual([]);
    expect(spectrumPoints('not-a-histogram')).toEqual([]);
  });
});

describe('spectrum marks', () => {
  it('mark p50…p99.9 as far as the samples resolve them, and the maximum', () => {
    const h = histogram(Array.from({ length: 200 }, (_, i) => (i + 1) * 1000));
    const labels = spectrumMarksFromHistogram(h).map((m) => m.label);
    // 200 samples resolve two nines (99 %), not 99.9 %.
    expect(labels).toEqual(['p50 100 ms', 'p90 180 ms', 'p99 198 ms', 'max 200 ms']);
  });
});

describe('spectrum marks with few samples', () => {
  it('merge the last percentile and the maximum into one dot when they coincide', () => {
    const labels = spectrumMarksFromHistogram(histogram([1000, 2000, 3000])).map((m) => m.label);
    expect(labels).toEqual(['p50 2.00 ms', 'p90 3.00 ms · max 3.00 ms']);
  });
});
