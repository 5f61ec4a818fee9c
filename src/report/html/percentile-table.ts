/**
 * Many percentiles of one histogram in a single pass. `getValueAtPercentile` scans the counts
 * array from the start on every call, which made a spectrum of ~100 points cost a few hundred
 * ms per histogram; here the non-empty buckets are collected once and each percentile is a
 * binary search. Results equal getValueAtPercentile (same rounding, highest equivalent value).
 */
import { JsHistogram, type Histogram } from 'hdr-histogram-js';

export interface PercentileTable {
  totalCount: number;
  /** Value (highest equivalent) at percentile `p` (0..100). */
  valueAt(p: number): number;
}

interface Buckets {
  cumulative: number[];
  lowest: number[];
  highest: number[];
}

function collect(h: JsHistogram): Buckets {
  const b: Buckets = { cumulative: [], lowest: [], highest: [] };
  let total = 0;
  for (let i = 0; i < h.countsArrayLength && total < h.totalCount; i++) {
    const c = h.getCountAtIndex(i);
    if (c === 0) continue;
    total += c;
    const v = h.valueFromIndex(i);
    b.cumulative.push(total);
    b.lowest.push(h.lowestEquivalentValue(v));
    b.highest.push(h.highestEquivalentValue(v));
  }
  return b;
}

/** First index whose cumulative count reaches `target` (the array is increasing). */
function search(cumulative: readonly number[], target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) >= target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function percentileTable(h: Histogram): PercentileTable {
  if (!(h instanceof JsHistogram)) {
    // WebAssembly histograms keep their counts out of reach: ask them one by one.
    return { totalCount: h.totalCount, valueAt: (p) => h.getValueAtPercentile(p) };
  }
  const b = collect(h);
  const totalCount = h.totalCount;
  return {
    totalCount,
    valueAt(p: number): number {
      if (b.cumulative.length === 0) return 0;
      const fp = (Math.min(p, 100) / 100) * totalCount;
      // Same rounding as getValueAtPercentile: up, minus float noise, and at least one sample.
      const target = Math.max(1, Math.ceil(fp - Math.abs(fp) * Number.EPSILON * 2));
      const i = search(b.cumulative, target);
      return (p === 0 ? b.lowest[i] : b.highest[i]) ?? 0;
    },
  };
}
