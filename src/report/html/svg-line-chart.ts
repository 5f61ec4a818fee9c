/**
 * A line chart: several named series over a linear x axis (time) or the log percentile axis
 * (latency spectrum), y from zero to a nice maximum.
 */
import { chartFigure, emptyChart, type LegendItem } from './svg-chart.js';
import { xAxis, yAxis, type Tick } from './svg-axes.js';
import { DEFAULT_FRAME, plotArea, tickLabel, type Frame } from './svg-frame.js';
import { definedCount, lineSeries, seriesMarks, type Mark, type XY } from './svg-line.js';
import { percentileTicks } from './svg-percentile-axis.js';
import { logDomain, logScale, logTicks, prefersLog } from './svg-log-scale.js';
import { linearScale, niceMax, niceTicks, type LinearScale } from './svg-scale.js';

export interface LineSeriesData {
  name: string;
  points: XY[];
  /** Palette index; default: the series' position. */
  color?: number;
  /** Dashed stroke. Default false. */
  dashed?: boolean;
  /** Labelled points (dots with a tooltip), e.g. p50/p99/max on a spectrum. Default none. */
  marks?: Mark[];
}

export interface LineChartOptions {
  id: string;
  title: string;
  /** Screen-reader description; default: title plus series names. */
  description?: string;
  xLabel: string;
  yLabel: string;
  /** `linear` (time, counts) or `percentile` (x = nines, see svg-percentile-axis.ts). */
  xAxis: 'linear' | 'percentile';
  series: LineSeriesData[];
  /** Shown instead of the chart when no series has a point. Default "No data recorded." */
  emptyMessage?: string;
  /** Default DEFAULT_FRAME. */
  frame?: Frame;
  /**
   * `linear` from zero, `log` (decades), or `auto`: log when the largest value is over 20× the
   * median (a timeout tail beside fast requests). Default `linear`.
   */
  yScale?: 'linear' | 'log' | 'auto';
  /** Linear x axis range, widened to fit the data. Default: the data's extent. */
  xDomain?: [number, number];
  /** Label for linear x ticks. Default: the number. */
  xTickFormat?: (value: number) => string;
}

function xDomain(o: LineChartOptions): { domain: [number, number]; ticks: Tick[] } {
  const xs = o.series.flatMap((s) => s.points.filter((p) => p.y !== null).map((p) => p.x));
  const max = Math.max(...xs);
  if (o.xAxis === 'percentile') {
    const ticks = percentileTicks(max).map((t) => ({ value: t.x, label: t.label }));
    return { domain: [0, Math.max(1, max)], ticks };
  }
  // A fixed domain (the run's span) lines up small multiples; data outside still widens it.
  const min = Math.min(...xs, ...(o.xDomain ? [o.xDomain[0]] : []));
  const top = Math.max(max, o.xDomain?.[1] ?? max);
  const hi = top > min ? top : min + 1;
  const fmt = o.xTickFormat ?? tickLabel;
  return { domain: [min, hi], ticks: niceTicks(min, hi, 6).map((v) => ({ value: v, label: fmt(v) })) };
}

interface YAxis {
  scale: LinearScale;
  ticks: Tick[];
  log: boolean;
}

function yAxisFor(o: LineChartOptions, drawable: LineSeriesData[], range: [number, number]): YAxis {
  const ys = drawable.flatMap((s) => s.points.flatMap((p) => (p.y === null ? [] : [p.y])));
  const log = o.yScale === 'log' || (o.yScale === 'auto' && prefersLog(ys));
  if (log) {
    const domain = logDomain(ys);
    return { scale: logScale(domain, range), ticks: logTicks(domain).map((v) => ({ value: v, label: tickLabel(v) })), log };
  }
  const yMax = niceMax(Math.max(...ys));
  const ticks = niceTicks(0, yMax, 5).map((v) => ({ value: v, label: tickLabel(v) }));
  return { scale: linearScale([0, yMax], range), ticks, log };
}

export function lineChart(o: LineChartOptions): string {
  const drawable = o.series.filter((s) => definedCount(s.points) > 0);
  if (drawable.length === 0) return emptyChart(o.id, o.title, o.emptyMessage ?? 'No data recorded.');
  const frame = o.frame ?? DEFAULT_FRAME;
  const area = plotArea(frame);
  const x = xDomain({ ...o, series: drawable });
  const sx = linearScale(x.domain, [area.x0, area.x1]);
  const y = yAxisFor(o, drawable, [area.y0, area.y1]);
  const sy = y.scale;
  const legend: LegendItem[] = [];
  // Series without a point stay out of the plot and the legend (a step that never ran).
  const lines = o.series.map((s, i) => {
    if (!drawable.includes(s)) return '';
    const style = { color: s.color ?? i, dashed: s.dashed ?? false };
    legend.push({ name: s.name, ...style });
    return lineSeries(s.points, sx, sy, style, s.name) + seriesMarks(s.marks ?? [], sx, sy, style.color, s.name);
  });
  const body = xAxis(frame, sx, x.ticks, o.xLabel) + yAxis(frame, sy, y.ticks, y.log ? `${o.yLabel}, log scale` : o.yLabel) + `<g class="plot">${lines.join('')}</g>`;
  const description = o.description ?? `${o.title}: ${drawable.map((s) => s.name).join(', ')}. ${o.yLabel} against ${o.xLabel}.`;
  return chartFigure({ id: o.id, title: o.title, description, frame, body, legend });
}
