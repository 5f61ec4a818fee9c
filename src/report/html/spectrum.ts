/**
 * The latency percentile spectrum (the HdrHistogram plot wrk2 and Vegeta users know): latency
 * at each percentile, with percentiles on the log "nines" axis of svg-percentile-axis.ts.
 */
import type { Histogram } from 'hdr-histogram-js';
import { decodeHistogram } from './hdr-decode.js';
import { percentileTable } from './percentile-table.js';
import type { Mark, XY } from './svg-line.js';
import { MAX_NINES, percentileToX, xToPercentile } from './svg-percentile-axis.js';

/** Points per decade of the axis: smooth enough for a line, small enough for the page. */
export const STEPS_PER_NINE = 20;

/**
 * Spectrum points from a decoded histogram: x in nines, y in ms (values are µs). The axis ends
 * at the finest percentile the sample count resolves (1 − 1/count), at least 90 %, and the last
 * point is the maximum.
 */
export function spectrumFromHistogram(h: Histogram, unitDivisor = 1000): XY[] {
  const count = h.totalCount;
  if (count === 0) return [];
  const table = percentileTable(h);
  const maxX = Math.min(MAX_NINES, Math.max(1, Math.log10(count)));
  const steps = Math.ceil(maxX * STEPS_PER_NINE);
  const points: XY[] = [];
  for (let i = 0; i < steps; i++) {
    const x = (i / steps) * maxX;
    points.push({ x, y: table.valueAt(xToPercentile(x) * 100) / unitDivisor });
  }
  points.push({ x: maxX, y: table.valueAt(100) / unitDivisor });
  return points;
}

/** Spectrum points of an encoded histogram; empty when it is empty or cannot be decoded. */
export function spectrumPoints(encoded: string, unitDivisor = 1000): XY[] {
  const h = decodeHistogram(encoded);
  return h === null ? [] : spectrumFromHistogram(h, unitDivisor);
}

/** The percentiles people quote, marked on each spectrum line (when the samples resolve them). */
const MARKED: ReadonlyArray<[number, string]> = [[50, 'p50'], [90, 'p90'], [99, 'p99'], [99.9, 'p99.9']];

function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

/** Dots at p50, p90, p99, p99.9 (up to the resolved end of the axis) and the maximum. */
export function spectrumMarksFromHistogram(h: Histogram, unitDivisor = 1000): Mark[] {
  if (h.totalCount === 0) return [];
  const table = percentileTable(h);
  const maxX = Math.min(MAX_NINES, Math.max(1, Math.log10(h.totalCount)));
  const marks: Mark[] = [];
  for (const [p, label] of MARKED) {
    const x = percentileToX(p / 100);
    if (x > maxX + 1e-9) break;
    const y = table.valueAt(p) / unitDivisor;
    marks.push({ x, y, label: `${label} ${fmt(y)} ms` });
  }
  const max = table.valueAt(100) / unitDivisor;
  const last = marks[marks.length - 1];
  // Few samples: the last quoted percentile sits where the maximum does; one dot, both labels.
  if (last !== undefined && Math.abs(last.x - maxX) < 1e-9) marks[marks.length - 1] = { x: maxX, y: max, label: `${last.label} · max ${fmt(max)} ms` };
  else marks.push({ x: maxX, y: max, label: `max ${fmt(max)} ms` });
  return marks;
}

/** Points and marks of an encoded histogram, decoded once. */
export function spectrumOf(encoded: string, unitDivisor = 1000): { points: XY[]; marks: Mark[] } {
  const h = decodeHistogram(encoded);
  if (h === null) return { points: [], marks: [] };
  return { points: spectrumFromHistogram(h, unitDivisor), marks: spectrumMarksFromHistogram(h, unitDivisor) };
}
