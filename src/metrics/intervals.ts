/**
 * Per-interval series (the over-time charts). Every series of one recorder shares an
 * `IntervalClock`: buckets are `intervalMs` wide from the run start. When a run grows past
 * MAX_INTERVAL_POINTS buckets, the clock doubles the width and each series merges neighbouring
 * buckets pairwise (exact: histograms add), so a long run stays small.
 *
 * A bucket's `count` counts exactly the samples its histogram holds. Series whose exchanges are
 * not their samples (poll and stream steps: the histogram holds time to done) count exchanges
 * separately in `requests` (`addRequests`); such a series carries `requests` on every bucket.
 */
import type { Histogram } from 'hdr-histogram-js';
import type { IntervalPoint, IntervalSeries } from '../report/model.js';
import { addEncoded, createIntervalHistogram, decode, encode, encodeCached, recordValue } from './histogram.js';
import type { IntervalBucketSnapshot, IntervalSeriesSnapshot } from './snapshot.js';

/** Most points a series keeps; beyond it the bucket width doubles. */
export const MAX_INTERVAL_POINTS = 240;

export class IntervalClock {
  /** Current bucket width in ms (only ever doubles). */
  intervalMs: number;

  constructor(
    readonly startMs: number,
    intervalMs: number,
  ) {
    if (!(intervalMs > 0)) throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
    this.intervalMs = intervalMs;
  }

  /** Bucket index of `atMs`, widening first when it would fall past the last allowed point. */
  index(atMs: number): number {
    const offset = Math.max(0, atMs - this.startMs);
    let i = Math.floor(offset / this.intervalMs);
    while (i >= MAX_INTERVAL_POINTS) {
      this.intervalMs *= 2;
      i = Math.floor(offset / this.intervalMs);
    }
    return i;
  }
}

interface LiveBucket {
  h: Histogram;
  count: number;
  errors: number;
  requests: number;
}

function newBucket(): LiveBucket {
  return { h: createIntervalHistogram(), count: 0, errors: 0, requests: 0 };
}

export class LiveIntervalSeries {
  private width: number;
  private buckets = new Map<number, LiveBucket>();
  /** Set by the first `addRequests`: the snapshot then carries `requests` on every bucket. */
  private countsRequests = false;
  /** The bucket written last: nearly every sample lands in the current second's bucket. */
  private lastIndex = -1;
  private lastBucket: LiveBucket | undefined;

  constructor(private readonly clock: IntervalClock) {
    this.width = clock.intervalMs;
  }

  /**
   * One sample at `atMs` (or `times` identical ones): `value` goes into the bucket histogram and
   * its count; `error` adds to the bucket's errors.
   */
  add(atMs: number, value: number, error: boolean, times = 1): void {
    const b = this.bucket(atMs);
    recordValue(b.h, value, times);
    b.count += times;
    if (error) b.errors += times;
  }

  /** Exchanges that are not samples of this series (poll attempts, stream requests). */
  addRequests(atMs: number, error: boolean, times = 1): void {
    const b = this.bucket(atMs);
    this.countsRequests = true;
    b.requests += times;
    if (error) b.errors += times;
  }

  /** Samples per second in the last complete bucket before `atMs`. */
  ratePerSec(atMs: number): number {
    const last = this.clock.index(atMs) - 1;
    this.sync();
    const b = this.buckets.get(last);
    return b === undefined ? 0 : (b.count * 1000) / this.width;
  }

  /**
   * The `percentile` of the samples in the buckets from the one holding `atMs - spanMs` to the
   * one holding `atMs` (the live view's recent p95); 0 when they hold none.
   */
  recentPercentile(atMs: number, spanMs: number, percentile: number): number {
    const current = this.clock.index(atMs);
    const oldest = this.clock.index(atMs - spanMs);
    this.sync();
    const h = createIntervalHistogram();
    for (let i = oldest; i <= current; i += 1) {
      const b = this.buckets.get(i);
      if (b !== undefined) h.add(b.h);
    }
    return h.totalCount === 0 ? 0 : h.getValueAtPercentile(percentile);
  }

  snapshot(): IntervalSeriesSnapshot {
    this.sync();
    const buckets = [...this.buckets.entries()]
      .sort((x, y) => x[0] - y[0])
      .map(([i, b]) => {
        const out: IntervalBucketSnapshot = { i, count: b.count, errors: b.errors, encoded: encodeCached(b.h) };
        if (this.countsRequests) out.requests = b.requests;
        return out;
      });
    return { startMs: this.clock.startMs, intervalMs: this.width, buckets };
  }

  private bucket(atMs: number): LiveBucket {
    const i = this.clock.index(atMs);
    if (i === this.lastIndex && this.width === this.clock.intervalMs && this.lastBucket !== undefined) return this.lastBucket;
    this.sync();
    let b = this.buckets.get(i);
    if (b === undefined) {
      b = newBucket();
      this.buckets.set(i, b);
    }
    this.lastIndex = i;
    this.lastBucket = b;
    return b;
  }

  /** Catches up with the clock's width by merging neighbouring buckets (exact). */
  private sync(): void {
    while (this.width < this.clock.intervalMs) {
      const merged = new Map<number, LiveBucket>();
      for (const [i, b] of this.buckets) {
        const j = Math.floor(i / 2);
        const into = merged.get(j);
        if (into === undefined) merged.set(j, b);
        else {
          into.h.add(b.h);
          into.count += b.count;
          into.errors += b.errors;
          into.requests += b.requests;
        }
      }
      this.buckets = merged;
      this.width *= 2;
      this.lastIndex = -1;
      this.lastBucket = undefined;
    }
  }
}

/**
 * Merges series aligned by absolute time (startMs + i × intervalMs). Exact when the inputs share
 * a start and their widths are power-of-two multiples of one base width (workers of one run,
 * shards started by one coordinator); otherwise each bucket lands whole in the bucket holding
 * its start, and the histograms still add exactly.
 */
export function mergeSeries(series: readonly IntervalSeriesSnapshot[], startMs?: number): IntervalSeriesSnapshot {
  const start = startMs ?? Math.min(...series.map((s) => s.startMs));
  let width = Math.max(...series.map((s) => s.intervalMs));
  if (series.length === 0 || !Number.isFinite(width)) return { startMs: start, intervalMs: 1000, buckets: [] };
  const abs = series.flatMap((s) => s.buckets.map((b) => ({ at: s.startMs + b.i * s.intervalMs, b })));
  const lastAt = Math.max(start, ...abs.map((x) => x.at));
  while (Math.floor((lastAt - start) / width) >= MAX_INTERVAL_POINTS) width *= 2;
  // A poll or stream step's series counts requests on every bucket; so does their merge.
  const countsRequests = abs.some((x) => x.b.requests !== undefined);
  const out = new Map<number, LiveBucket>();
  for (const { at, b } of abs) {
    const j = Math.max(0, Math.floor((at - start) / width));
    let into = out.get(j);
    if (into === undefined) {
      into = newBucket();
      out.set(j, into);
    }
    addEncoded(into.h, b.encoded);
    into.count += b.count;
    into.errors += b.errors;
    into.requests += b.requests ?? 0;
  }
  const buckets: IntervalBucketSnapshot[] = [...out.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([i, v]) => {
      const bucket: IntervalBucketSnapshot = { i, count: v.count, errors: v.errors, encoded: encode(v.h) };
      if (countsRequests) bucket.requests = v.requests;
      return bucket;
    });
  return { startMs: start, intervalMs: width, buckets };
}

/** The report form: offsets from the run start, with the percentiles people read. */
export function seriesToReport(s: IntervalSeriesSnapshot, runStartMs: number): IntervalSeries {
  const points = s.buckets.map((b) => {
    const h = decode(b.encoded);
    const empty = h.totalCount === 0;
    const point: IntervalPoint = {
      t: s.startMs - runStartMs + b.i * s.intervalMs,
      count: b.count,
      errors: b.errors,
      p50: empty ? 0 : h.getValueAtPercentile(50),
      p95: empty ? 0 : h.getValueAtPercentile(95),
      p99: empty ? 0 : h.getValueAtPercentile(99),
      encoded: b.encoded,
    };
    if (b.requests !== undefined) point.requests = b.requests;
    return point;
  });
  return { intervalMs: s.intervalMs, points };
}

/** Back from the report form (for merging reports). */
export function seriesFromReport(s: IntervalSeries, runStartMs: number): IntervalSeriesSnapshot {
  const buckets = s.points.map((p) => {
    const b: IntervalBucketSnapshot = { i: Math.floor(p.t / s.intervalMs), count: p.count, errors: p.errors, encoded: p.encoded };
    if (p.requests !== undefined) b.requests = p.requests;
    return b;
  });
  return { startMs: runStartMs, intervalMs: s.intervalMs, buckets };
}
