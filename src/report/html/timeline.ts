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
}

/** Seconds up to ten minutes, minutes beyond, so tick labels stay short. */
export function timeAxisFor(durationMs: number): TimeAxis {
  return durationMs > 600_000 ? { divisor: 60_000, label: 'time since start (min)' } : { divisor: 1000, label: 'time since start (s)' };
}

function centre(p: IntervalPoint, series: IntervalSeries, axis: TimeAxis): number {
  return (p.t + series.intervalMs / 2) / axis.divisor;
}

/** Latency percentile (µs in the model) per bucket, in ms; empty buckets are gaps. */
export function latencyPoints(series: IntervalSeries, key: 'p50' | 'p95' | 'p99', axis: TimeAxis): XY[] {
  return series.points.map((p) => ({ x: centre(p, series, axis), y: p.count > 0 ? p[key] / 1000 : null }));
}

/**
 * Count per second in each bucket (throughput). The last bucket is usually cut short by the end
 * of the run, so its width is clamped to the run's remaining time; dividing by the full width
 * would draw a false drop at the end.
 */
export function ratePoints(series: IntervalSeries, axis: TimeAxis, durationMs = Infinity): XY[] {
  return series.points.map((p) => {
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
