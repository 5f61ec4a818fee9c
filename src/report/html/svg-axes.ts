/**
 * Axes for the report's charts: grid lines, tick marks, tick labels and axis titles.
 */
import { escapeHtml } from './escape.js';
import { num, plotArea, type Frame } from './svg-frame.js';

export interface Tick {
  /** Position in data units (the scale maps it). */
  value: number;
  label: string;
}

type Scale = (value: number) => number;

/** Horizontal axis: vertical grid lines, labels under the plot and the axis title below them. */
export function xAxis(frame: Frame, scale: Scale, ticks: Tick[], title: string): string {
  const a = plotArea(frame);
  const parts: string[] = [`<g class="axis axis-x">`];
  for (const t of ticks) {
    const x = num(scale(t.value));
    parts.push(
      `<line class="grid" x1="${x}" x2="${x}" y1="${num(a.y1)}" y2="${num(a.y0)}"/>`,
      `<text class="tick" x="${x}" y="${num(a.y0 + 16)}" text-anchor="middle">${escapeHtml(t.label)}</text>`,
    );
  }
  parts.push(
    `<line class="domain" x1="${num(a.x0)}" x2="${num(a.x1)}" y1="${num(a.y0)}" y2="${num(a.y0)}"/>`,
    `<text class="axis-title" x="${num((a.x0 + a.x1) / 2)}" y="${num(frame.height - 8)}" text-anchor="middle">${escapeHtml(title)}</text>`,
    `</g>`,
  );
  return parts.join('');
}

/** Vertical axis: horizontal grid lines, labels left of the plot and a rotated axis title. */
export function yAxis(frame: Frame, scale: Scale, ticks: Tick[], title: string): string {
  const a = plotArea(frame);
  const parts: string[] = [`<g class="axis axis-y">`];
  for (const t of ticks) {
    const y = num(scale(t.value));
    parts.push(
      `<line class="grid" x1="${num(a.x0)}" x2="${num(a.x1)}" y1="${y}" y2="${y}"/>`,
      `<text class="tick" x="${num(a.x0 - 6)}" y="${y}" dy="0.32em" text-anchor="end">${escapeHtml(t.label)}</text>`,
    );
  }
  const cy = num((a.y0 + a.y1) / 2);
  parts.push(
    `<line class="domain" x1="${num(a.x0)}" x2="${num(a.x0)}" y1="${num(a.y1)}" y2="${num(a.y0)}"/>`,
    `<text class="axis-title" transform="translate(14 ${cy}) rotate(-90)" text-anchor="middle">${escapeHtml(title)}</text>`,
    `</g>`,
  );
  return parts.join('');
}
