/**
 * HDR histogram presets and the conversions the report needs. Latencies are recorded in
 * microseconds with 3 significant digits; counts (poll attempts, stream events) use the same
 * range. Histograms hold counts per value bucket, never the samples, so memory does not grow
 * with the number of samples.
 */
import { build, decodeFromCompressedBase64, encodeIntoCompressedBase64 } from 'hdr-histogram-js';
import type { Histogram } from 'hdr-histogram-js';
import type { HistogramSummary } from '../report/model.js';

/** One hour in µs: the largest latency we track; longer values are clamped to it. */
export const HIGHEST_TRACKABLE_US = 3_600_000_000;

export type HistogramUnit = HistogramSummary['unit'];

/**
 * A fresh long-lived histogram with the harness preset (3 digits, 1 µs .. 1 h), for per-step,
 * per-flow and total histograms: a fixed ~94 KB however many samples it holds. Counts are plain
 * 32-bit (2^31 samples per bucket): recording into packed buckets cost about 1 µs more per
 * exchange (on the request hot path, several recordings per exchange), and a run holds only a
 * few dozen of these. The encoded form does not depend on the bucket size.
 */
export function createHistogram(): Histogram {
  return withIntegerIndexing(build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 3,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    autoResize: false,
    useWebAssembly: false,
  }));
}

/** The fields of hdr-histogram-js's JsHistogram that bucket indexing reads (public there). */
interface IndexedHistogram {
  subBucketHalfCount: number;
  subBucketHalfCountMagnitude: number;
  unitMagnitude: number;
  countsArrayIndex(value: number): number;
}

/** 2^32: below it a value's index is 32-bit integer arithmetic. */
const UINT32_LIMIT = 4_294_967_296;

/**
 * hdr-histogram-js finds a value's counts index with Math.log2, Math.pow and a division on every
 * recording: about half of what a recording costs, and the request hot path records several per
 * exchange. For values below 2^32 — every value we record: clampValue keeps them at most
 * HIGHEST_TRACKABLE_US — the same index is `bucket × subBucketHalfCount + (value >>> bucket)`,
 * with the bucket from Math.clz32. The result is identical (histogram.test.ts checks it against
 * the library over the whole range); larger values keep the library's own arithmetic.
 */
export function withIntegerIndexing(h: Histogram): Histogram {
  const js = h as unknown as IndexedHistogram;
  const library = js.countsArrayIndex.bind(js);
  const half = js.subBucketHalfCount;
  const shift = js.subBucketHalfCountMagnitude + js.unitMagnitude;
  const unit = js.unitMagnitude;
  js.countsArrayIndex = (value: number): number => {
    if (!(value >= 0 && value < UINT32_LIMIT)) return library(value);
    const bucket = Math.max(31 - Math.clz32(value) - shift, 0);
    return bucket * half + (value >>> (bucket + unit));
  };
  return h;
}

/**
 * A short-lived histogram for decoding, adding and summarising. The same preset as
 * createHistogram (32-bit counts: walking a packed array bucket by bucket, as add and encode do,
 * is ~30× slower), so the encoded form is identical; the separate name marks scratch use.
 */
export function createWorkHistogram(): Histogram {
  return createHistogram();
}

/**
 * Per-interval bucket histograms (the over-time charts): 2 significant digits (1 % resolution,
 * plenty for a chart) in 32-bit counts, so a bucket costs a fixed ~14 KB and widening (merging
 * neighbours) is cheap enough to happen mid-run without stalling the event loop. Interval
 * histograms only ever merge with each other, so they stay exact among themselves.
 */
export function createIntervalHistogram(): Histogram {
  return withIntegerIndexing(build({
    bitBucketSize: 32,
    numberOfSignificantValueDigits: 2,
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    autoResize: false,
    useWebAssembly: false,
  }));
}

/** Rounds and clamps into [0, HIGHEST_TRACKABLE_US]: a stray value must never throw mid-run. */
export function clampValue(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 0;
  return Math.min(Math.round(value), HIGHEST_TRACKABLE_US);
}

export function recordValue(h: Histogram, value: number, count = 1): void {
  if (count === 1) h.recordValue(clampValue(value));
  else if (count > 0) h.recordValueWithCount(clampValue(value), count);
}

/** Compressed base64 (HdrHistogram V2); "" for an empty histogram. */
export function encode(h: Histogram): string {
  return h.totalCount === 0 ? '' : encodeIntoCompressedBase64(h);
}

const encodedCache = new WeakMap<Histogram, { count: number; encoded: string }>();

/**
 * encode(), remembering the result per histogram. Recorder histograms only ever grow (they
 * are never reset), so an unchanged totalCount means unchanged content: snapshots taken every
 * second re-encode only what changed, e.g. the current interval bucket, not the whole history.
 */
export function encodeCached(h: Histogram): string {
  const hit = encodedCache.get(h);
  if (hit !== undefined && hit.count === h.totalCount) return hit.encoded;
  const encoded = encode(h);
  encodedCache.set(h, { count: h.totalCount, encoded });
  return encoded;
}

/**
 * Decodes into a 32-bit work histogram with the precision the encoding carries ("" → an empty
 * 3-digit one), so decoded histograms of one preset add to each other exactly.
 */
export function decode(encoded: string): Histogram {
  if (encoded === '') return createWorkHistogram();
  return decodeFromCompressedBase64(encoded, 32, false);
}

/** Adds `encoded` into `target` (exact: bucket counts add). */
export function addEncoded(target: Histogram, encoded: string): void {
  if (encoded === '') return;
  target.add(decode(encoded));
}

/** The exact sum of several encoded histograms (of one preset), encoded again. */
export function mergeEncoded(encoded: readonly string[]): string {
  const nonEmpty = encoded.filter((e) => e !== '');
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? '';
  const h = decode(nonEmpty[0] ?? '');
  for (const e of nonEmpty.slice(1)) addEncoded(h, e);
  return encode(h);
}

/** Percentiles and moments of `h`; all zeros and `encoded: ""` when it is empty. */
export function summarize(h: Histogram, unit: HistogramUnit): HistogramSummary {
  if (h.totalCount === 0) return emptySummary(unit);
  return {
    unit,
    count: h.totalCount,
    min: h.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : minValue(h),
    mean: round3(h.mean),
    stdev: round3(h.stdDeviation),
    p50: h.getValueAtPercentile(50),
    p90: h.getValueAtPercentile(90),
    p95: h.getValueAtPercentile(95),
    p99: h.getValueAtPercentile(99),
    p999: h.getValueAtPercentile(99.9),
    // The top of the highest bucket: the same whether `h` was recorded or decoded.
    max: h.getValueAtPercentile(100),
    encoded: encode(h),
  };
}

export function summarizeEncoded(encoded: string, unit: HistogramUnit): HistogramSummary {
  return summarize(decode(encoded), unit);
}

export function emptySummary(unit: HistogramUnit): HistogramSummary {
  return { unit, count: 0, min: 0, mean: 0, stdev: 0, p50: 0, p90: 0, p95: 0, p99: 0, p999: 0, max: 0, encoded: '' };
}

/** The smallest recorded value, zero included (minNonZeroValue skips recorded zeros). */
function minValue(h: Histogram): number {
  return h.getValueAtPercentile(0);
}

function round3(v: number): number {
  return Math.round(v * 1000) / 1000;
}
