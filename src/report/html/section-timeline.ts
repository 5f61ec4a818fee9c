/**
 * Over-time charts: latency percentiles per interval (overall and per step), throughput and
 * errors per interval.
 */
import type { IntervalSeries, Report } from '../model.js';
import { styleFor } from './section-latency.js';
import { timeBarChart } from './svg-bar-chart.js';
import { tickLabel } from './svg-frame.js';
import { lineChart, type LineSeriesData } from './svg-line-chart.js';
import { errorBars, hasLatency, latencyPoints, ratePoints, timeAxisFor, type TimeAxis } from './timeline.js';

export const LATENCY_TIME_CHART_ID = 'chart-latency-over-time';
export const THROUGHPUT_CHART_ID = 'chart-throughput';
export const ERRORS_CHART_ID = 'chart-errors-over-time';

/** Up to this many per-step charts show open; more are folded behind a toggle. */
export const MAX_OPEN_STEP_CHARTS = 8;

/** Id of the over-time chart of the step at `index` in flow/step order. */
export function stepTimeChartId(index: number): string {
  return `chart-step-latency-${index}`;
}

function percentileSeries(series: IntervalSeries, axis: TimeAxis): LineSeriesData[] {
  return [
    { name: 'p50', points: latencyPoints(series, 'p50', axis), color: 0 },
    { name: 'p95', points: latencyPoints(series, 'p95', axis), color: 1 },
    { name: 'p99', points: latencyPoints(series, 'p99', axis), color: 2 },
  ];
}

function latencyChart(id: string, title: string, series: IntervalSeries, axis: TimeAxis): string {
  return lineChart({
    id, title, xLabel: axis.label, yLabel: 'latency (ms)', xAxis: 'linear', yScale: 'auto', xDomain: axis.domain,
    series: percentileSeries(series, axis), xTickFormat: tickLabel, emptyMessage: 'No intervals recorded.',
  });
}

/** Intervals with samples: a step seen in fewer than two has no line to draw over time. */
function sampledIntervals(series: IntervalSeries): number {
  return series.points.filter(hasLatency).length;
}

/** Per-step charts, folded away when there are many (the step table has the figures). */
function stepCharts(report: Report, axis: TimeAxis): string {
  const steps = report.flows.flatMap((f) => f.steps);
  const charts = steps
    .map((s, i) => (sampledIntervals(s.intervals) >= 2 ? latencyChart(stepTimeChartId(i), `${s.flow} / ${s.name}: latency over time`, s.intervals, axis) : ''))
    .filter((c) => c !== '');
  // Steps that never ran are simply absent (the flows table says why); a single bucket is no line.
  const left = steps.filter((s) => sampledIntervals(s.intervals) === 1).length;
  const note = left > 0 ? `<p class="muted">${left} step${left === 1 ? '' : 's'} with samples in a single interval ${left === 1 ? 'is' : 'are'} not charted.</p>` : '';
  if (charts.length === 0) return note ? `<h3>Per step</h3>${note}` : '';
  const grid = `<div class="charts">${charts.join('')}</div>`;
  if (charts.length <= MAX_OPEN_STEP_CHARTS) return `<h3>Per step</h3>${note}${grid}`;
  return `<details class="step-charts"><summary><h3>Per step (${charts.length} charts)</h3></summary>${note}${grid}</details>`;
}

function throughputChart(report: Report, axis: TimeAxis): string {
  const series: LineSeriesData[] = [{ name: 'requests / s', points: ratePoints(report.totals.intervals, axis, report.run.durationMs), color: 0 }];
  report.flows.forEach((f, i) => {
    if (f.intervals.points.length > 0) series.push({ name: `${f.name} flows / s`, points: ratePoints(f.intervals, axis, report.run.durationMs), ...styleFor(i + 1) });
  });
  return lineChart({ id: THROUGHPUT_CHART_ID, title: 'Throughput', xLabel: axis.label, yLabel: 'per second', xAxis: 'linear', xDomain: axis.domain, series, emptyMessage: 'No intervals recorded.' });
}

function errorsChart(report: Report, axis: TimeAxis): string {
  const bars = errorBars(report.totals.intervals, axis).filter((b) => b.y > 0);
  const width = report.totals.intervals.intervalMs / axis.divisor;
  return timeBarChart({
    id: ERRORS_CHART_ID, title: 'Errors over time', xLabel: axis.label, yLabel: 'errors per interval',
    seriesName: 'errors (transport, status, checks)', bars, barWidth: width, color: 2, emptyMessage: 'No errors recorded.', xDomain: axis.domain,
  });
}

export function timelineSection(report: Report): string {
  const axis = timeAxisFor(report.run.durationMs);
  const overall = latencyChart(LATENCY_TIME_CHART_ID, 'Latency over time (all requests)', report.totals.intervals, axis);
  return (
    `<section class="card" id="timeline"><h2>Over time</h2>` +
    `<p class="muted">Interval width ${report.totals.intervals.intervalMs} ms; gaps are intervals without samples.</p>` +
    `<div class="charts">${overall}${throughputChart(report, axis)}${errorsChart(report, axis)}</div>` +
    stepCharts(report, axis) +
    `</section>`
  );
}
