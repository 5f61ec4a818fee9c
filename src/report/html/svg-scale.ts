/**
 * Linear scales and "nice" tick values (1, 2, 5 × 10^n) for the report's SVG charts.
 */

export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
}

/** Maps `domain` onto `range` linearly; a zero-width domain maps everything to the range start. */
export function linearScale(domain: [number, number], range: [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const fn = (value: number): number => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
  return Object.assign(fn, { domain, range });
}

/** The 1-2-5 step that splits `span` into about `count` intervals. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0) || !(count > 0)) return 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  const factor = residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1;
  return factor * magnitude;
}

/**
 * A domain upper bound rounded up to a nice step, so the top tick sits at the top of the plot.
 * Returns 1 for empty or non-positive data, so a chart of zeros still has an axis.
 */
export function niceMax(max: number, count = 5): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const step = niceStep(max, count);
  return Math.ceil(max / step - 1e-9) * step;
}

/** Tick values from `min` to `max` (inclusive) at a nice step; at most about count + 1 ticks. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) return [];
  if (max === min) return [min];
  const step = niceStep(max - min, count);
  const first = Math.ceil(min / step - 1e-9) * step;
  const ticks: number[] = [];
  // Bounded: the step splits the span into about `count` pieces.
  for (let v = first; v <= max + step * 1e-9 && ticks.length <= count * 3; v += step) {
    // Round away float noise (0.30000000000000004) so labels stay clean.
    ticks.push(Number(v.toPrecision(12)));
  }
  return ticks;
}
