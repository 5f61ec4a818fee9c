/**
 * Chart geometry shared by every SVG builder: the viewBox size and the margins around the plot
 * area. Charts scale to their container through the viewBox, so these are logical units.
 */

export interface Frame {
  width: number;
  height: number;
  /** Margins hold tick labels (left, bottom) and axis titles. */
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** The default frame: wide enough for a 1280 px page, still legible when scaled to a phone. */
export const DEFAULT_FRAME: Frame = { width: 640, height: 300, left: 62, right: 16, top: 14, bottom: 50 };

export interface PlotArea {
  x0: number;
  x1: number;
  /** Bottom edge (larger y in SVG coordinates). */
  y0: number;
  /** Top edge. */
  y1: number;
}

export function plotArea(frame: Frame): PlotArea {
  return {
    x0: frame.left,
    x1: frame.width - frame.right,
    y0: frame.height - frame.bottom,
    y1: frame.top,
  };
}

/** Fixed-precision coordinates keep the markup small and deterministic. */
export function num(v: number): string {
  return Number.isFinite(v) ? String(Math.round(v * 10) / 10) : '0';
}

/** A tick value as a short label: no float noise, at most three decimals. */
export function tickLabel(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  // Compact thousands keep labels inside the left margin (10k, 1.5M).
  if (abs >= 1_000_000) return `${Number((v / 1_000_000).toPrecision(3))}M`;
  if (abs >= 1000) return `${Number((v / 1000).toPrecision(3))}k`;
  return String(Number(v.toFixed(abs >= 10 ? 1 : 3)));
}
