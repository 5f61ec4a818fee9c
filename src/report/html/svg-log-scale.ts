/**
 * A base-10 log scale for latency axes: when the tail is 100× the median (timeouts beside
 * 10 ms requests), a linear axis flattens everything but the tail into the floor.
 */
import type { LinearScale } from './svg-scale.js';

/** Whole decades around the positive values: [10^floor(log min), 10^ceil(log max)]. */
export function logDomain(values: readonly number[]): [number, number] {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v));
  if (positive.length === 0) return [1, 10];
  const lo = 10 ** Math.floor(Math.log10(Math.min(...positive)));
  let hi = 10 ** Math.ceil(Math.log10(Math.max(...positive)));
  if (hi <= lo) hi = lo * 10;
  return [lo, hi];
}

/** Maps a positive domain logarithmically; values ≤ 0 land on the domain start. */
export function logScale(domain: [number, number], range: [number, number]): LinearScale {
  const l0 = Math.log10(domain[0]);
  const span = Math.log10(domain[1]) - l0;
  const [r0, r1] = range;
  const fn = (value: number): number => {
    const v = value > 0 ? Math.max(value, domain[0]) : domain[0];
    return span === 0 ? r0 : r0 + ((Math.log10(v) - l0) / span) * (r1 - r0);
  };
  return Object.assign(fn, { domain, range });
}

/** Ticks at each decade; with at most two decades also at 2× and 5×, so the axis has labels. */
export function logTicks(domain: [number, number]): number[] {
  const [lo, hi] = domain;
  const decades = Math.round(Math.log10(hi / lo));
  const factors = decades <= 2 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  // Bounded by the decade count (at most ~12 decades for µs → hours).
  for (let d = 0; d <= decades && d < 16; d++) {
    for (const f of factors) {
      const v = Number((lo * 10 ** d * f).toPrecision(6));
      if (v <= hi * (1 + 1e-9)) ticks.push(v);
    }
  }
  return ticks;
}

/**
 * Whether a latency chart reads better on a log axis: when the largest value is more than
 * `ratio` times the median of all points. Default ratio 20.
 */
export function prefersLog(values: readonly number[], ratio = 20): boolean {
  const positive = values.filter((v) => v > 0 && Number.isFinite(v)).sort((a, b) => a - b);
  if (positive.length < 2) return false;
  const median = positive[Math.floor(positive.length / 2)] ?? 0;
  const max = positive[positive.length - 1] ?? 0;
  return median > 0 && max / median > ratio;
}
