import { describe, expect, it } from 'vitest';
import {
  HIGHEST_TRACKABLE_US,
  createHistogram,
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
