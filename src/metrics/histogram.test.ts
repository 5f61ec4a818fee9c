import { build, type Histogram } from 'hdr-histogram-js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HIGHEST_TRACKABLE_US,
  createHistogram,
  createIntervalHistogram,
  decode,
  emptySummary,
  encode,
  mergeEncoded,
  recordValue,
  summarize,
  summarizeEncoded,
} from './histogram.js';

describe('histogram presets', () => {
  it('summarises an empty histogram as zeros with an empty encoding', () => {
    expect(summarize(createHistogram(), 'us')).toEqual(emptySummary('us'));
    expect(encode(createHistogram())).toBe('');
    expect(decode('').totalCount).toBe(0);
  });

  it('computes percentiles within 3 significant digits', () => {
    const h = createHistogram();
    for (let v = 1; v <= 10_000; v++) recordValue(h, v * 100); // 100 µs .. 1 s
    const s = summarize(h, 'us');
    expect(s.count).toBe(10_000);
    expect(s.min).toBe(100);
    const near = (actual: number, expected: number): void => expect(Math.abs(actual - expected) / expected).toBeLessThan(0.001);
    near(s.p50, 500_000);
    near(s.p90, 900_000);
    near(s.p95, 950_000);
    near(s.p99, 990_000);
    near(s.p999, 999_000);
    near(s.max, 1_000_000);
    near(s.mean, 500_050);
    expect(s.encoded.startsWith('HISTF')).toBe(true);
  });

  it('clamps values into range instead of throwing', () => {
    const h = createHistogram();
    recordValue(h, -5);
    recordValue(h, Number.NaN);
    recordValue(h, 1e15);
    expect(h.totalCount).toBe(3);
    expect(summarize(h, 'us').min).toBe(0);
    expect(h.maxValue).toBeGreaterThanOrEqual(HIGHEST_TRACKABLE_US * 0.999);
  });

  it('round-trips through the encoding and merges exactly', () => {
    const a = createHistogram();
    const b = createHistogram();
    const all = createHistogram();
    for (let i = 0; i < 5000; i++) {
      const v = 300 + ((i * 104_729) % 2_000_000);
      recordValue(i % 2 === 0 ? a : b, v);
      recordValue(all, v);
    }
    const merged = summarizeEncoded(mergeEncoded([encode(a), '', encode(b)]), 'us');
    const whole = summarize(all, 'us');
    expect({ ...merged, encoded: '' }).toEqual({ ...whole, encoded: '' });
    expect(decode(encode(all)).totalCount).toBe(5000);
  });

  it('keeps count histograms in their unit', () => {
    const h = createHistogram();
    for (const n of [1, 1, 2, 7]) recordValue(h, n);
    expect(summarize(h, 'count')).toMatchObject({ unit: 'count', count: 4, min: 1, max: 7, p50: 1 });
  });
});

describe('integer bucket indexing', () => {
  /** The library's own index for `value`, on a histogram of the same preset without the override. */
  function libraryIndex(h: Histogram, value: number): number {
    return (h as unknown as { countsArrayIndex(v: number): number }).countsArrayIndex(value);
  }
  const presets: Array<[string, () => Histogram, () => Histogram]> = [
    ['3 digits (step, flow, total)', createHistogram, () => build({ bitBucketSize: 32, numberOfSignificantValueDigits: 3, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, autoResize: false, useWebAssembly: false })],
    ['2 digits (interval buckets)', createIntervalHistogram, () => build({ bitBucketSize: 32, numberOfSignificantValueDigits: 2, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, autoResize: false, useWebAssembly: false })],
  ];

  it.each(presets)('gives the library’s index for every power of two ±1 and random values (%s)', (_name, ours, theirs) => {
    const fast = ours();
    const reference = theirs();
    const values = [0, 1, 2, 3, HIGHEST_TRACKABLE_US];
    for (let k = 1; k < 32; k++) values.push(2 ** k - 1, 2 ** k, 2 ** k + 1);
    fc.assert(fc.property(fc.integer({ min: 0, max: HIGHEST_TRACKABLE_US }), (v) => libraryIndex(fast, v) === libraryIndex(reference, v)), { numRuns: 20_000 });
    for (const v of values.filter((x) => x <= HIGHEST_TRACKABLE_US)) expect(libraryIndex(fast, v), `value ${v}`).toBe(libraryIndex(reference, v));
  });

  it('records into the same buckets: encodings are byte-identical', () => {
    const fast = createHistogram();
    const reference = presets[0]?.[2]() as Histogram;
    for (let i = 0; i < 50_000; i++) {
      const v = Math.floor(Math.exp(Math.random() * Math.log(HIGHEST_TRACKABLE_US)));
      recordValue(fast, v);
      recordValue(reference, v);
    }
    expect(encode(fast)).toBe(encode(reference));
  });
});
