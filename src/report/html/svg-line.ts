/**
 * Line series: a path through (x, y) points in data units. A `null` y breaks the line, so an
 * interval without samples shows as a gap instead of a fake drop to zero.
 */
import { escapeHtml } from './escape.js';
import { num } from './svg-frame.js';

export interface XY {
  x: number;
  y: number | null;
}

type Scale = (value: number) => number;

export interface SeriesStyle {
  /** Palette index: CSS classes c0…c7 pick the colour for light and dark schemes. */
  color: number;
  /** Dashed stroke (the baseline in compare overlays). Default false. */
  dashed?: boolean;
}

/** The `d` attribute: `M` starts each run of defined points, `L` continues it. */
export function linePath(points: readonly XY[], sx: Scale, sy: Scale): string {
  const parts: string[] = [];
  let pen = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y) || !Number.isFinite(p.x)) {
      pen = false;
      continue;
    }
    parts.push(`${pen ? 'L' : 'M'}${num(sx(p.x))} ${num(sy(p.y))}`);
    pen = true;
  }
  return parts.join('');
}

/** Number of points that are drawn (defined y). */
export function definedCount(points: readonly XY[]): number {
  return points.filter((p) => p.y !== null && Number.isFinite(p.y)).length;
}

/**
 * One series as a `<path>` with its name as a tooltip. Isolated points (a run of one) would be
 * invisible as a path, so each also gets a dot.
 */
export function lineSeries(points: readonly XY[], sx: Scale, sy: Scale, style: SeriesStyle, name: string): string {
  const d = linePath(points, sx, sy);
  const color = style.color;
  const dots = isolatedPoints(points)
    .map((p) => `<circle class="dot c${color}" cx="${num(sx(p.x))}" cy="${num(sy(p.y ?? 0))}" r="2.5"/>`)
    .join('');
  const cls = `series c${color}${style.dashed ? ' dashed' : ''}`;
  return (
    `<path class="${cls}" d="${d}" data-series="${escapeHtml(name)}" data-points="${definedCount(points)}">` +
    `<title>${escapeHtml(name)}</title></path>${dots}`
  );
}

function isolatedPoints(points: readonly XY[]): XY[] {
  const defined = (p: XY | undefined): boolean => p !== undefined && p.y !== null && Number.isFinite(p.y);
  return points.filter((p, i) => defined(p) && !defined(points[i - 1]) && !defined(points[i + 1]));
}

/** A labelled point on a series (p50, p99, max…), shown as a dot with a hover tooltip. */
export interface Mark {
  x: number;
  y: number;
  label: string;
}

export function seriesMarks(marks: readonly Mark[], sx: Scale, sy: Scale, color: number, name: string): string {
  return marks
    .filter((m) => Number.isFinite(m.x) && Number.isFinite(m.y))
    .map((m) => `<circle class="mark dot c${color}" cx="${num(sx(m.x))}" cy="${num(sy(m.y))}" r="3"><title>${escapeHtml(`${name}: ${m.label}`)}</title></circle>`)
    .join('');
}
