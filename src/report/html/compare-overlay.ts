/**
 * Overlay charts for a comparison: baseline (dashed) against current (solid). A series'
 * whole distribution is rebuilt exactly by adding its interval histograms together.
 */
import type { ComparedSeries } from '../compare.js';
import type { IntervalSeries } from '../model.js';
import { mergeEncoded } from './hdr-decode.js';
import { spectrumFromHistogram, spectrumMarksFromHistogram } from './spectrum.js';
import { lineChart } from './svg-line-chart.js';
import type { Mark, XY } from './svg-line.js';
import { latencyPoints, timeAxisFor } from './timeline.js';

/** The spectrum of a whole series from its interval buckets (exact: HDR histograms add). */
export function seriesSpectrum(series: IntervalSeries): { points: XY[]; marks: Mark[] } {
  const h = mergeEncoded(series.points.map((p) => p.encoded));
  return h === null ? { points: [], marks: [] } : { points: spectrumFromHistogram(h), marks: spectrumMarksFromHistogram(h) };
}

export function compareSpectrumChart(id: string, s: ComparedSeries): string {
  return lineChart({
    id,
    title: `${s.label}: latency by percentile`,
    xLabel: 'percentile (log scale of 1/(1−p))',
    yLabel: 'latency (ms)',
    xAxis: 'percentile',
    yScale: 'auto',
    series: [
      { name: 'baseline', ...seriesSpectrum(s.intervals.baseline), color: 0, dashed: true },
      { name: 'current', ...seriesSpectrum(s.intervals.current), color: s.regressed ? 2 : 3 },
    ],
    emptyMessage: 'Neither report recorded latencies for this series.',
  });
}

/** p95 per interval of both runs on one time axis (each from its own start). */
export function compareTimelineChart(id: string, s: ComparedSeries, durationMs: number): string {
  const axis = timeAxisFor(durationMs);
  return lineChart({
    id,
    title: `${s.label}: p95 over time`,
    xLabel: axis.label,
    yLabel: 'latency p95 (ms)',
    xAxis: 'linear',
    xDomain: axis.domain,
    series: [
      { name: 'baseline p95', points: latencyPoints(s.intervals.baseline, 'p95', axis), color: 0, dashed: true },
      { name: 'current p95', points: latencyPoints(s.intervals.current, 'p95', axis), color: s.regressed ? 2 : 3 },
    ],
    emptyMessage: 'No intervals recorded.',
  });
}
