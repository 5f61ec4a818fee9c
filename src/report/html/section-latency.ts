/**
 * Latency distributions: the percentile spectrum of every step (decoded from its HDR
 * histogram) and of every flow's end-to-end duration.
 */
import type { Report } from '../model.js';
import { spectrumOf } from './spectrum.js';
import { lineChart, type LineSeriesData } from './svg-line-chart.js';

export const SPECTRUM_CHART_ID = 'chart-spectrum-steps';
export const FLOW_SPECTRUM_CHART_ID = 'chart-spectrum-flows';

const PALETTE = 8;

/** Colour by position; past the palette the lines repeat colours dashed, so they stay distinct. */
export function styleFor(index: number): { color: number; dashed: boolean } {
  return { color: index % PALETTE, dashed: Math.floor(index / PALETTE) % 2 === 1 };
}

function stepSeries(report: Report): LineSeriesData[] {
  const steps = report.flows.flatMap((f) => f.steps);
  const multiFlow = report.flows.filter((f) => f.steps.length > 0).length > 1;
  return steps.map((s, i) => ({
    name: multiFlow ? `${s.flow} / ${s.name}` : s.name,
    ...spectrumOf(s.histograms['latency']?.encoded ?? ''),
    ...styleFor(i),
  }));
}

function flowSeries(report: Report): LineSeriesData[] {
  const series: LineSeriesData[] = [];
  report.flows.forEach((f, i) => {
    const style = styleFor(i);
    if (!f.durationUncorrected) {
      series.push({ name: f.name, ...spectrumOf(f.duration.encoded), color: style.color });
      return;
    }
    // Open model: both lines in one colour, the corrected one solid, each named by where it starts.
    series.push({ name: `${f.name} (from intended start)`, ...spectrumOf(f.duration.encoded), color: style.color });
    series.push({ name: `${f.name} (from actual start)`, ...spectrumOf(f.durationUncorrected.encoded), color: style.color, dashed: true });
  });
  return series;
}

export function latencySection(report: Report): string {
  const steps = lineChart({
    id: SPECTRUM_CHART_ID,
    title: 'Step latency by percentile',
    xLabel: 'percentile (log scale of 1/(1−p))',
    yLabel: 'latency (ms)',
    xAxis: 'percentile',
    yScale: 'auto',
    series: stepSeries(report),
    emptyMessage: 'No step latencies were recorded.',
  });
  const flows = lineChart({
    id: FLOW_SPECTRUM_CHART_ID,
    title: 'Flow duration by percentile',
    xLabel: 'percentile (log scale of 1/(1−p))',
    yLabel: 'duration (ms)',
    xAxis: 'percentile',
    yScale: 'auto',
    series: flowSeries(report),
    emptyMessage: 'No flow completed.',
  });
  return (
    `<section class="card" id="latency"><h2>Latency distribution</h2>` +
    `<p class="muted">Each line is a full HDR histogram: the value below which the given share of samples fell. ` +
    `Every "nine" gets equal width, so tail latency is visible.</p><div class="charts">${steps}${flows}</div></section>`
  );
}
