/**
 * Bar charts: counts over time (errors per interval) and counts per category (status codes,
 * error categories).
 */
import { chartFigure, emptyChart } from './svg-chart.js';
import { xAxis, yAxis } from './svg-axes.js';
import { horizontalBars, verticalBars, type Bar, type CategoryBar } from './svg-bars.js';
import { DEFAULT_FRAME, plotArea, tickLabel, type Frame } from './svg-frame.js';
import { linearScale, niceMax, niceTicks } from './svg-scale.js';

export interface TimeBarChartOptions {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  /** Name of the plotted measure for the legend. */
  seriesName: string;
  bars: Bar[];
  /** Bar width in x units (the interval width). */
  barWidth: number;
  /** Palette index. Default 0. */
  color?: number;
  /** Default "No data recorded." */
  emptyMessage?: string;
  /** x range, widened to fit the bars. Default: the bars' extent. */
  xDomain?: [number, number];
  xTickFormat?: (value: number) => string;
}

export function timeBarChart(o: TimeBarChartOptions): string {
  if (o.bars.length === 0) return emptyChart(o.id, o.title, o.emptyMessage ?? 'No data recorded.');
  const frame: Frame = DEFAULT_FRAME;
  const area = plotArea(frame);
  const xs = o.bars.map((b) => b.x);
  const min = Math.min(...xs.map((x) => x - o.barWidth / 2), ...(o.xDomain ? [o.xDomain[0]] : []));
  const max = Math.max(...xs.map((x) => x + o.barWidth / 2), ...(o.xDomain ? [o.xDomain[1]] : []));
  const yMax = niceMax(Math.max(...o.bars.map((b) => b.y)));
  const sx = linearScale([min, max], [area.x0, area.x1]);
  const sy = linearScale([0, yMax], [area.y0, area.y1]);
  const fmt = o.xTickFormat ?? tickLabel;
  const xTicks = niceTicks(Math.max(0, min), max, 6).map((v) => ({ value: v, label: fmt(v) }));
  const yTicks = niceTicks(0, yMax, 5).map((v) => ({ value: v, label: tickLabel(v) }));
  const color = o.color ?? 0;
  const body =
    xAxis(frame, sx, xTicks, o.xLabel) +
    yAxis(frame, sy, yTicks, o.yLabel) +
    `<g class="plot">${verticalBars(o.bars, sx, sy, o.barWidth, color)}</g>`;
  const description = `${o.title}: ${o.yLabel} per interval, ${o.bars.length} intervals.`;
  return chartFigure({ id: o.id, title: o.title, description, frame, body, legend: [{ name: o.seriesName, color, shape: 'block' }] });
}

export interface CategoryBarChartOptions {
  id: string;
  title: string;
  /** Title of the value axis. */
  xLabel: string;
  bars: CategoryBar[];
  /** Legend entries (e.g. 2xx, 4xx, 5xx). */
  legend: Array<{ name: string; color: number }>;
  /** Default "Nothing recorded." */
  emptyMessage?: string;
}

const ROW = 30;

export function categoryBarChart(o: CategoryBarChartOptions): string {
  if (o.bars.length === 0) return emptyChart(o.id, o.title, o.emptyMessage ?? 'Nothing recorded.');
  const frame: Frame = { ...DEFAULT_FRAME, height: DEFAULT_FRAME.top + DEFAULT_FRAME.bottom + ROW * o.bars.length, left: 110, right: 70 };
  const area = plotArea(frame);
  const xMax = niceMax(Math.max(...o.bars.map((b) => b.value)));
  const sx = linearScale([0, xMax], [area.x0, area.x1]);
  const ticks = niceTicks(0, xMax, 5).map((v) => ({ value: v, label: tickLabel(v) }));
  const body =
    xAxis(frame, sx, ticks, o.xLabel) +
    `<line class="domain" x1="${area.x0}" x2="${area.x0}" y1="${area.y1}" y2="${area.y0}"/>` +
    `<g class="plot">${horizontalBars(o.bars, sx, (i) => area.y1 + i * ROW, ROW, area.x0)}</g>`;
  const description = `${o.title}: ${o.bars.map((b) => `${b.category} ${b.value}`).join(', ')}.`;
  const legend = o.legend.map((l) => ({ ...l, shape: 'block' as const }));
  return chartFigure({ id: o.id, title: o.title, description, frame, body, legend });
}
