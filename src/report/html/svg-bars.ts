/**
 * Bars: vertical bars over a numeric x (errors per interval) and horizontal bars for categories
 * (status codes, error categories). Each bar carries its value as a tooltip.
 */
import { escapeHtml } from './escape.js';
import { num } from './svg-frame.js';

type Scale = (value: number) => number;

export interface Bar {
  x: number;
  y: number;
  /** Tooltip text. */
  label: string;
}

/** Vertical bars of `width` data units centred on x, rising from y = 0. */
export function verticalBars(bars: readonly Bar[], sx: Scale, sy: Scale, width: number, color: number): string {
  const half = width / 2;
  return bars
    .filter((b) => b.y > 0)
    .map((b) => {
      const left = sx(b.x - half);
      const w = Math.max(1, sx(b.x + half) - left - 1);
      const top = sy(b.y);
      const h = Math.max(0.5, sy(0) - top);
      return `<rect class="bar c${color}" x="${num(left)}" y="${num(top)}" width="${num(w)}" height="${num(h)}"><title>${escapeHtml(b.label)}</title></rect>`;
    })
    .join('');
}

export interface CategoryBar {
  category: string;
  value: number;
  /** Colour class index. */
  color: number;
}

/** Horizontal bars, one row per category, value label after the bar. */
export function horizontalBars(
  bars: readonly CategoryBar[],
  sx: Scale,
  rowTop: (index: number) => number,
  rowHeight: number,
  x0: number,
): string {
  return bars
    .map((b, i) => {
      const y = rowTop(i);
      const w = Math.max(1, sx(b.value) - x0);
      const mid = num(y + rowHeight / 2);
      return (
        `<text class="tick" x="${num(x0 - 6)}" y="${mid}" dy="0.32em" text-anchor="end">${escapeHtml(b.category)}</text>` +
        `<rect class="bar c${b.color}" x="${num(x0)}" y="${num(y + 2)}" width="${num(w)}" height="${num(rowHeight - 4)}">` +
        `<title>${escapeHtml(`${b.category}: ${b.value}`)}</title></rect>` +
        `<text class="value" x="${num(x0 + w + 6)}" y="${mid}" dy="0.32em">${escapeHtml(b.value.toLocaleString('en-US'))}</text>`
      );
    })
    .join('');
}
