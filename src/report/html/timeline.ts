/**
 * Interval series → chart points: x at each bucket's centre in seconds (or minutes for long
 * runs), y per measure. Buckets without samples become gaps, not zeros.
 */
import type { IntervalPoint, IntervalSeries } from '../model.js';
import type { XY } from './svg-line.js';

export interface TimeAxis {
  /** Divides ms offsets into axis units. */
  divisor: number;
  label: string;
  /** The run's span in axis units, shared by every over-time chart so they line up. */
  domain: [number, number];
}

/** Seconds up to ten minutes, minutes beyond, so tick labels stay short. */
export function timeAxisFor(durationMs: number): TimeAxis {
  const minutes = durationMs > 600_000;
  const divisor = minutes ? 60_000 : 1000;
  return { divisor, label: minutes ? 'time since start (min)' : 'time since start (s)', domain: [0, Math.max(0, durationMs) / divisor] };
}

/** Densifying stops beyond this many buckets (the recorder keeps at most a few hundred). */
const MAX_DENSE_BUCKETS = 10_000;

/**
 * Every bucket from the first to the last, the missing ones as empty: the recorder stores only
 * buckets that saw something, and a line drawn straight across a silent stretch would hide it
 * (a latency gap, or a throughput of zero).
 */
export function densePoints(series: IntervalSeries): IntervalPoint[] {
  const pts = [...series.points].sort((a, b) => a.t - b.t);
  const first = pts[0];
  const last = pts[pts.length - 1];
  const w = series.intervalMs;
  if (first === undefined || last === undefined || !(w > 0) || (last.t - first.t) / w > MAX_DENSE_BUCKETS) return pts;
  const byT = new Map(pts.map((p) => [p.t, p]));
  const out: IntervalPoint[] = [];
  for (let t = first.t; t <= last.t; t += w) {
    out.push(byT.get(t) ?? { t, count: 0, errors: 0, p50: 0, p95: 0, p99: 0, encoded: '' });
  }
  return out;
}

function centre(p: IntervalPoint, series: IntervalSeries, axis: TimeAxis): number {
  return (p.t + series.intervalMs / 2) / axis.divisor;
}

/**
 * Whether a bucket holds latency samples. `count` counts the bucket's histogram samples; reports
 * written before poll and stream steps counted their exchanges apart (`requests`) could count
 * attempts in a bucket without latency, so all-zero percentiles still mean "nothing measured
 * here", not "0 µs".
 */
export function hasLatency(p: IntervalPoint): boolean {
  return p.count > 0 && (p.p50 > 0 || p.p95 > 0 || p.p99 > 0);
}

/** Latency percentile (µs in the model) per bucket, in ms; buckets without latency are gaps. */
export function latencyPoints(series: IntervalSeries, key: 'p50' | 'p95' | 'p99', axis: TimeAxis): XY[] {
  return densePoints(series).map((p) => ({ x: centre(p, series, axis), y: hasLatency(p) ? p[key] / 1000 : null }));
}

/**
 * Count per second in each bucket (throughput). The last bucket is usually cut short by the end
 * of the run, so its width is clamped to the run's remaining time; dividing by the full width
 * would draw a false drop at the end.
 */
export function ratePoints(series: IntervalSeries, axis: TimeAxis, durationMs = Infinity): XY[] {
  return densePoints(series).map((p) => {
    const remaining = durationMs - p.t;
    const widthMs = remaining > 0 ? Math.min(series.intervalMs, remaining) : series.intervalMs;
    return { x: centre(p, series, axis), y: widthMs > 0 ? (p.count * 1000) / widthMs : 0 };
  });
}

/** Errors per bucket as bars, with a tooltip. */
export function errorBars(series: IntervalSeries, axis: TimeAxis): Array<{ x: number; y: number; label: string }> {
  return series.points.map((p) => ({
    x: centre(p, series, axis),
    y: p.errors,
    label: `${p.errors} errors of ${p.count} at ${(p.t / 1000).toFixed(1)} s`,
  }));
}
