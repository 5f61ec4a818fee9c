/**
 * Over-time charts: latency percentiles per interval (overall and per step), throughput and
 * errors per interval.
 */
import type { IntervalSeries, Report } from '../model.js';
import { styleFor } from './section-latency.js';
import { timeBarChart } from './svg-bar-chart.js';
import { tickLabel } from './svg-frame.js';
import { lineChart, type LineSeriesData } from './svg-line-chart.js';
import { errorBars, latencyPoints, ratePoints, timeAxisFor, type TimeAxis } from './timeline.js';

export const LATENCY_TIME_CHART_ID = 'chart-latency-over-time';
export const THROUGHPUT_CHART_ID = 'chart-throughput';
export const ERRORS_CHART_ID = 'chart-errors-over-time';

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
    id, title, xLabel: axis.label, yLabel: 'latency (ms)', xAxis: 'linear', yScale: 'auto',
    series: percentileSeries(series, axis), xTickFormat: tickLabel, emptyMessage: 'No intervals recorded.',
  });
}

function throughputChart(report: Report, axis: TimeAxis): string {
  const series: LineSeriesData[] = [{ name: 'requests / s', points: ratePoints(report.totals.intervals, axis, report.run.durationMs), color: 0 }];
  report.flows.forEach((f, i) => {
    if (f.intervals.points.length > 0) series.push({ name: `${f.name} flows / s`, points: ratePoints(f.intervals, axis, report.run.durationMs), ...styleFor(i + 1) });
  });
  return lineChart({ id: THROUGHPUT_CHART_ID, title: 'Throughput', xLabel: axis.label, yLabel: 'per second', xAxis: 'linear', series, emptyMessage: 'No intervals recorded.' });
}

function errorsChart(report: Report, axis: TimeAxis): string {
  const bars = errorBars(report.totals.intervals, axis).filter((b) => b.y > 0);
  const width = report.totals.intervals.intervalMs / axis.divisor;
  return timeBarChart({
    id: ERRORS_CHART_ID, title: 'Errors over time', xLabel: axis.label, yLabel: 'errors per interval',
    seriesName: 'errors (transport, status, checks)', bars, barWidth: width, color: 2, emptyMessage: 'No errors recorded.',
  });
}

export function timelineSection(report: Report): string {
  const axis = timeAxisFor(report.run.durationMs);
  const overall = latencyChart(LATENCY_TIME_CHART_ID, 'Latency over time (all requests)', report.totals.intervals, axis);
  const steps = report.flows
    .flatMap((f) => f.steps)
    .map((s, i) => (s.intervals.points.some((p) => p.count > 0) ? latencyChart(stepTimeChartId(i), `${s.flow} / ${s.name}: latency over time`, s.intervals, axis) : ''))
    .join('');
  return (
    `<section class="card" id="timeline"><h2>Over time</h2>` +
    `<p class="muted">Interval width ${report.totals.intervals.intervalMs} ms; gaps are intervals without samples.</p>` +
    `<div class="charts">${overall}${throughputChart(report, axis)}${errorsChart(report, axis)}</div>` +
    (steps ? `<h3>Per step</h3><div class="charts">${steps}</div>` : '') +
    `</section>`
  );
}
