/**
 * The frame every chart shares: a <figure> with a visible title, the SVG (with an accessible
 * <title> and <desc>), and an HTML legend that wraps on narrow screens. Empty data renders a
 * message instead of an empty or broken plot.
 */
import { escapeHtml } from './escape.js';
import type { Frame } from './svg-frame.js';

export interface LegendItem {
  name: string;
  /** Palette index (c0…c7). */
  color: number;
  /** Drawn dashed (baseline in overlays). Default false. */
  dashed?: boolean;
  /** Legend swatch shape: a line for series, a block for bars. Default `line`. */
  shape?: 'line' | 'block';
}

export interface ChartFrameOptions {
  /** The SVG element id (tests and in-page links use it). */
  id: string;
  title: string;
  /** Read by screen readers: what the chart plots. */
  description: string;
  frame: Frame;
  /** SVG content: axes, series, bars. */
  body: string;
  legend: LegendItem[];
}

export function legendHtml(items: readonly LegendItem[]): string {
  if (items.length === 0) return '';
  const li = items.map((it) => {
    const shape = it.shape ?? 'line';
    const cls = `swatch ${shape} c${it.color}${it.dashed ? ' dashed' : ''}`;
    return `<li><span class="${cls}" aria-hidden="true"></span>${escapeHtml(it.name)}</li>`;
  });
  return `<ul class="legend">${li.join('')}</ul>`;
}

export function chartFigure(o: ChartFrameOptions): string {
  const id = escapeHtml(o.id);
  return (
    `<figure class="chart"><figcaption>${escapeHtml(o.title)}</figcaption>` +
    `<div class="plot-wrap"><svg id="${id}" class="chart-svg" viewBox="0 0 ${o.frame.width} ${o.frame.height}" role="img" ` +
    `aria-labelledby="${id}-t ${id}-d" preserveAspectRatio="xMidYMid meet" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-t">${escapeHtml(o.title)}</title><desc id="${id}-d">${escapeHtml(o.description)}</desc>` +
    `${o.body}</svg></div>${legendHtml(o.legend)}</figure>`
  );
}

/** A chart slot without data: same title, a message, and an id tests can look for. */
export function emptyChart(id: string, title: string, message: string): string {
  return (
    `<figure class="chart chart-empty" id="${escapeHtml(id)}" data-empty="true">` +
    `<figcaption>${escapeHtml(title)}</figcaption><p class="empty">${escapeHtml(message)}</p></figure>`
  );
}
